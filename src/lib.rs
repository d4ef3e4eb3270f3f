//! Mingjing: the `mingjing` command's library (replay, data generation, the production
//! configuration, the CLI).

pub mod allocator;
pub mod cli;
pub mod generate;
pub mod peak_memory;
pub mod replay;
pub mod run;
pub mod run_config;
pub mod serve;
pub mod truth;
pub mod upkeep;
