//! Command-line interface: replay, run, serve, alerts, rules, generate, demo and users.

pub mod alerts;
pub mod demo;
mod demo_users;
pub mod generate;
pub mod logging;
pub mod replay;
pub mod rules;
pub mod run;
pub mod serve;
pub mod users;

use clap::{Args, Parser, Subcommand};
use mingjing_engine::{EngineConfig, RuleSet};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

/// 明镜 Mingjing — real-time integrity warnings from village-affairs records.
#[derive(Debug, Parser)]
#[command(name = "mingjing", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Log as JSON lines instead of text.
    #[arg(long, global = true, env = "MINGJING_LOG_JSON")]
    pub log_json: bool,
    /// Log progress at info level.
    #[arg(short, long, global = true)]
    pub verbose: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Replay JSON-lines event files through the rules into a store and an alerts file.
    Replay(replay::ReplayArgs),
    /// Production mode: consume the Kafka topics, keep alerts and checkpoints in PostgreSQL.
    Run(run::RunArgs),
    /// List stored alerts.
    Alerts(alerts::AlertsArgs),
    /// Check or test the threshold scripts.
    Rules(rules::RulesArgs),
    /// Generate a realistic city of events with planted anomalies and their ground truth.
    Generate(generate::GenerateArgs),
    /// Generate a small city, replay it and show what was found.
    Demo(demo::DemoArgs),
    /// Serve the alert API (queue, actions, statistics) over an existing store.
    Serve(serve::ServeArgs),
    /// Add, list or disable the users of the alert queue.
    Users(users::UsersArgs),
}

/// Where the threshold scripts are and how event time behaves.
#[derive(Debug, Clone, Args)]
pub struct EngineArgs {
    /// Directory of threshold scripts (*.rhai). Default: ./rules, else the rules shipped with
    /// this build.
    #[arg(long, env = "MINGJING_RULES")]
    pub rules: Option<PathBuf>,
    /// How far out of order events may arrive and still be applied in order.
    #[arg(long, env = "MINGJING_ALLOWED_LATENESS", default_value = "10m")]
    pub allowed_lateness: String,
    /// Local zone offset in hours east of UTC.
    #[arg(
        long,
        env = "MINGJING_LOCAL_OFFSET_HOURS",
        default_value_t = 8,
        allow_hyphen_values = true
    )]
    pub local_offset_hours: i32,
}

impl EngineArgs {
    pub fn engine_config(&self) -> EngineConfig {
        EngineConfig {
            allowed_lateness: self.allowed_lateness.clone(),
            local_offset_seconds: self.local_offset_hours * 3600,
            ..EngineConfig::default()
        }
    }

    /// The rules directory in use.
    pub fn rules_dir(&self) -> PathBuf {
        if let Some(dir) = &self.rules {
            return dir.clone();
        }
        let local = PathBuf::from("rules");
        if local.is_dir() {
            return local;
        }
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("rules")
    }

    /// Compiles the rules; every broken script is listed with file, line and column.
    pub fn load_rules(&self) -> anyhow::Result<Arc<RuleSet>> {
        let dir = self.rules_dir();
        RuleSet::load_dir(&dir, self.local_offset_hours * 3600)
            .map(Arc::new)
            .map_err(|errors| {
                let list: Vec<String> = errors.iter().map(ToString::to_string).collect();
                anyhow::anyhow!(
                    "the threshold scripts in {} did not load:\n  {}",
                    dir.display(),
                    list.join("\n  ")
                )
            })
    }
}

/// Runs a parsed command.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Replay(args) => replay::run(args),
        Command::Run(args) => run::run(args),
        Command::Alerts(args) => alerts::run(args),
        Command::Rules(args) => rules::run(args),
        Command::Generate(args) => generate::run(args),
        Command::Demo(args) => demo::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Users(args) => users::run(args),
    }
}

/// A tokio runtime for the commands that talk to stores.
pub fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?)
}
