//! Mingjing: the `mingjing` command's library (replay, data generation, the CLI).

pub mod cli;
pub mod generate;
pub mod replay;
pub mod truth;
