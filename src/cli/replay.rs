//! `mingjing replay FILE...`

use super::{runtime, EngineArgs};
use crate::replay::{format_summary, replay, ReplayOptions};
use clap::Args;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct ReplayArgs {
    /// JSON-lines files, read in the order given; `-` reads standard input.
    #[arg(required = true)]
    pub files: Vec<String>,
    /// Alert store: a SQLite file or a database URL (sqlite:…, postgres://…).
    #[arg(long, env = "MINGJING_DB", default_value = "./mingjing.db")]
    pub db: String,
    /// Write the alerts as JSON lines, sorted by alert_id.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Write rejected lines with their reason and position as JSON lines.
    #[arg(long)]
    pub rejects: Option<PathBuf>,
    /// Do not show a progress bar.
    #[arg(long)]
    pub no_progress: bool,
    #[command(flatten)]
    pub engine: EngineArgs,
}

pub fn run(args: ReplayArgs) -> anyhow::Result<ExitCode> {
    let rules = args.engine.load_rules()?;
    let options = ReplayOptions {
        inputs: args.files.clone(),
        db: Some(args.db.clone()),
        out: args.out.clone(),
        rejects_file: args.rejects.clone(),
        engine: args.engine.engine_config(),
        progress: !args.no_progress && std::io::stderr().is_terminal(),
    };
    let report = runtime()?.block_on(replay(rules, &options))?;
    eprint!("{}", format_summary(&report));
    Ok(ExitCode::SUCCESS)
}
