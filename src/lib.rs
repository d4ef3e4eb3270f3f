//! mingjing
