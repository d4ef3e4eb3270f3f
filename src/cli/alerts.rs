//! `mingjing alerts`: stored alerts as a table or JSON.

use super::runtime;
use clap::Args;
use mingjing_connectors::SqlStore;
use mingjing_engine::store::{AlertFilter, AlertStore};
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct AlertsArgs {
    /// Alert store: a SQLite file or a database URL.
    #[arg(long, env = "MINGJING_DB", default_value = "./mingjing.db")]
    pub db: String,
    /// Print JSON lines instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Only this threshold (id or code as stored, e.g. labor.cadre_paid).
    #[arg(long)]
    pub threshold: Option<String>,
    /// Only this village.
    #[arg(long)]
    pub village: Option<String>,
    /// At most this many alerts.
    #[arg(long)]
    pub limit: Option<usize>,
}

pub fn run(args: AlertsArgs) -> anyhow::Result<ExitCode> {
    if !args.db.contains("://")
        && !args.db.starts_with("sqlite:")
        && !std::path::Path::new(&args.db).exists()
    {
        anyhow::bail!(
            "no alert store at --db {}: run `mingjing replay` or `mingjing demo` first",
            args.db
        );
    }
    let filter = AlertFilter {
        threshold_id: args.threshold.clone(),
        village_id: args.village.clone(),
        limit: args.limit,
    };
    let alerts = runtime()?.block_on(async {
        let store = SqlStore::connect(&args.db).await?;
        store.list_alerts(&filter).await
    })?;
    if args.json {
        for alert in &alerts {
            println!("{}", serde_json::to_string(alert)?);
        }
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "{:<10} {:<7} {:<10} {:<8} {:<22} {:<10} 预警内容 message",
        "编号", "颜色", "阈值", "村", "发现时间", "承办"
    );
    for a in &alerts {
        let holder = a
            .route
            .dept
            .clone()
            .map_or(a.route.target.clone(), |d| format!("dept:{d}"));
        println!(
            "{:<12} {:<8} {:<10} {:<10} {:<25} {:<20} {}",
            &a.alert_id[..10.min(a.alert_id.len())],
            a.color.as_str(),
            a.threshold_code,
            a.village_id,
            a.detected_at,
            holder,
            a.message
        );
    }
    println!("共 {} 条预警 ({} alerts)", alerts.len(), alerts.len());
    Ok(ExitCode::SUCCESS)
}
