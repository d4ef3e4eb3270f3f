//! `mingjing serve`: the alert API over an existing store.

use super::{runtime, EngineArgs};
use crate::run_config::wall_interval;
use crate::serve::{bind, serve, ServeOptions};
use anyhow::Context;
use clap::Args;
use mingjing_connectors::SqlStore;
use mingjing_dashboard_api::state::wall_clock;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Alert store: a SQLite file or a database URL (sqlite:…, postgres://…).
    #[arg(long, env = "MINGJING_DB", default_value = "./mingjing.db")]
    pub db: String,
    /// Address of the API, /healthz, /readyz and /metrics.
    #[arg(long, env = "MINGJING_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: String,
    /// How often alerts whose deadline has passed (wall clock) are escalated, e.g. `30s`;
    /// `off` when another instance (`mingjing run`) escalates.
    #[arg(long, env = "MINGJING_ESCALATION_INTERVAL", default_value = "30s")]
    pub escalation_interval: String,
    /// How long a login token is valid, in hours.
    #[arg(long, env = "MINGJING_TOKEN_HOURS", default_value_t = 12)]
    pub token_hours: i64,
    #[command(flatten)]
    pub engine: EngineArgs,
}

pub fn run(args: ServeArgs) -> anyhow::Result<ExitCode> {
    let escalate_every = match args.escalation_interval.trim() {
        "off" => None,
        text => Some(wall_interval(text).with_context(|| {
            format!(
                "--escalation-interval {text:?} is not a positive duration such as \"30s\" or \"off\""
            )
        })?),
    };
    anyhow::ensure!(
        (1..=24 * 30).contains(&args.token_hours),
        "--token-hours {} must be between 1 and 720",
        args.token_hours
    );
    let rules = args.engine.load_rules()?;
    let offset = args.engine.local_offset_hours * 3600;
    runtime()?.block_on(async {
        let store = SqlStore::connect(&args.db)
            .await
            .with_context(|| format!("opening the alert store --db {}", args.db))?;
        let listener = bind(&args.listen).await?;
        eprintln!(
            "明镜 API: http://{}/api (OpenAPI: /api/openapi.json) over {}",
            listener.local_addr()?,
            args.db
        );
        serve(
            listener,
            ServeOptions {
                store,
                rules,
                clock: wall_clock(offset),
                escalate_every,
                token_ttl_seconds: args.token_hours * 3600,
            },
        )
        .await
    })?;
    Ok(ExitCode::SUCCESS)
}
