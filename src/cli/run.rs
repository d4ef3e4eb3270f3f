//! `mingjing run`: production mode over Kafka and PostgreSQL.

use super::EngineArgs;
use crate::run_config::{RunConfig, RunFlags};
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Configuration file (TOML); `MINGJING_*` variables and these flags override it.
    #[arg(long, env = "MINGJING_CONFIG")]
    pub config: Option<PathBuf>,
    /// Kafka brokers, `host:port[,host:port…]` (kafka.brokers).
    #[arg(long)]
    pub brokers: Option<String>,
    /// Consumer group shared by the instances that split the partitions (kafka.group).
    #[arg(long)]
    pub group: Option<String>,
    /// Database URL of the alert, checkpoint and reject store (db).
    #[arg(long)]
    pub db: Option<String>,
    /// Address of /healthz, /readyz and /metrics (listen).
    #[arg(long)]
    pub listen: Option<String>,
    /// Directory of threshold scripts (*.rhai). Default: ./rules, else the shipped rules.
    #[arg(long, env = "MINGJING_RULES")]
    pub rules: Option<PathBuf>,
}

pub fn run(args: RunArgs) -> anyhow::Result<ExitCode> {
    let flags = RunFlags {
        brokers: args.brokers,
        group: args.group,
        db: args.db,
        listen: args.listen,
    };
    let config = RunConfig::load(args.config.as_deref(), std::env::vars(), &flags)?;
    let engine = EngineArgs {
        rules: args.rules,
        allowed_lateness: config.engine.allowed_lateness.clone(),
        local_offset_hours: config.engine.local_offset_seconds / 3600,
    };
    let rules = engine.load_rules()?;
    crate::run::run(config, rules)?;
    Ok(ExitCode::SUCCESS)
}
