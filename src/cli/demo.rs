//! `mingjing demo`: a small generated city, replayed into SQLite, with what was found; then the
//! alert API over it on localhost, with a demo user of each role.

use super::demo_users::{add_demo_users, demo_users, DEMO_PASSWORD};
use super::generate::write_city;
use super::{runtime, EngineArgs};
use crate::generate::{GenerateConfig, PLANTED_CATEGORIES};
use crate::replay::{format_summary, replay, ReplayOptions, ReplayReport};
use crate::serve::{bind, serve, ServeOptions};
use crate::truth::{compare_with_truth, read_truth};
use clap::Args;
use mingjing_connectors::SqlStore;
use mingjing_dashboard_api::state::DEFAULT_TOKEN_TTL_SECONDS;
use mingjing_dashboard_api::Clock;
use mingjing_engine::values::Timestamp;
use mingjing_engine::RuleSet;
use std::path::Path;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Where the demo writes its files (events, truth, alerts, SQLite store).
    #[arg(long, default_value = "mingjing-demo")]
    pub dir: PathBuf,
    #[arg(long, default_value_t = 24)]
    pub villages: u32,
    #[arg(long, default_value_t = 90)]
    pub days: u32,
    #[arg(long, default_value_t = 7)]
    pub seed: u64,
    /// Where the demo serves the alert API once the city is replayed.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub listen: String,
    /// Stop after the report instead of serving the API.
    #[arg(long)]
    pub no_serve: bool,
    #[command(flatten)]
    pub engine: EngineArgs,
}

pub fn run(args: DemoArgs) -> anyhow::Result<ExitCode> {
    std::fs::create_dir_all(&args.dir)?;
    let events = args.dir.join("events.jsonl");
    let truth = args.dir.join("truth.jsonl");
    let alerts = args.dir.join("alerts.jsonl");
    let db = args.dir.join("mingjing.db");
    if db.exists() {
        std::fs::remove_file(&db)?;
    }
    let config = GenerateConfig {
        villages: args.villages,
        days: args.days,
        seed: args.seed,
        townships: GenerateConfig::townships_for(args.villages),
        anomaly_rate: 0.05,
        near_miss_rate: 0.05,
        ..GenerateConfig::default()
    };
    println!(
        "明镜 Mingjing 演示 demo: {} 个村 villages × {} 天 days",
        args.villages, args.days
    );
    println!("生成 generated: {}", write_city(&config, &events, &truth)?);
    let rules = args.engine.load_rules()?;
    println!(
        "规则 rules: {} thresholds from {}",
        rules.thresholds.len(),
        args.engine.rules_dir().display()
    );
    let options = ReplayOptions {
        inputs: vec![events.display().to_string()],
        db: Some(db.display().to_string()),
        out: Some(alerts.clone()),
        rejects_file: None,
        engine: args.engine.engine_config(),
        progress: false,
    };
    let report = runtime()?.block_on(replay(rules.clone(), &options))?;
    print!("{}", format_summary(&report));
    let expected = read_truth(&truth)?;
    let comparison = compare_with_truth(&report.alerts, &expected, PLANTED_CATEGORIES);
    println!(
        "对照真值 against the truth file ({}): {} planted, {} found, {} missed, {} not planted; {} alerts of other categories",
        PLANTED_CATEGORIES.join(", "),
        expected.len(),
        comparison.found,
        comparison.missed.len(),
        comparison.unexpected.len(),
        comparison.outside_scope
    );
    println!("\n示例预警 sample alerts:");
    for alert in report.alerts.iter().take(8) {
        println!(
            "  [{}] {} {} {}",
            alert.color.as_str(),
            alert.threshold_code,
            alert.village_id,
            alert.message
        );
    }
    println!(
        "\n文件 files: {} {} {}",
        events.display(),
        alerts.display(),
        db.display()
    );
    println!("查看 list them: mingjing alerts --db {}", db.display());
    let outcome = if comparison.missed.is_empty() && comparison.unexpected.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    };
    if !args.no_serve {
        let offset = args.engine.local_offset_hours * 3600;
        let runtime = runtime()?;
        runtime.block_on(serve_demo(&args, &db, &report, rules, offset))?;
    }
    Ok(outcome)
}

/// Serves the API over the demo's store with a user of each role, until Ctrl-C. The demo's
/// clock starts where the sample city's events end and runs on from there, so that deadlines
/// and escalations in the queue read as they would the day after.
async fn serve_demo(
    args: &DemoArgs,
    db: &Path,
    report: &ReplayReport,
    rules: Arc<RuleSet>,
    offset: i32,
) -> anyhow::Result<()> {
    let store = SqlStore::connect(&db.display().to_string()).await?;
    let users = demo_users(&report.alerts)?;
    add_demo_users(&store, &users).await?;
    let listener = bind(&args.listen).await?;
    let address = listener.local_addr()?;
    let start = report.event_time.unwrap_or_else(|| Timestamp::now(offset));
    let started = std::time::Instant::now();
    let clock: Clock = Arc::new(move || {
        let elapsed = i64::try_from(started.elapsed().as_nanos()).unwrap_or(i64::MAX);
        start.plus_nanos(elapsed)
    });
    println!("\n接口 API: http://{address}/api   (OpenAPI: http://{address}/api/openapi.json)");
    println!(
        "演示时钟 demo clock: from {} (the end of the sample data)",
        start.to_rfc3339()
    );
    println!("演示用户 demo users (password {DEMO_PASSWORD}):");
    for user in &users {
        println!(
            "  {:<14} {:<20} {}",
            user.username,
            user.role.as_str(),
            user.scope_label()
        );
    }
    println!(
        "登录 log in: curl -s -X POST http://{address}/api/login -H 'content-type: application/json' -d '{{\"username\":\"demo-township\",\"password\":\"{DEMO_PASSWORD}\"}}'"
    );
    println!("Ctrl-C 停止 stops it.");
    serve(
        listener,
        ServeOptions {
            store,
            rules,
            clock,
            escalate_every: Some(std::time::Duration::from_secs(30)),
            token_ttl_seconds: DEFAULT_TOKEN_TTL_SECONDS,
        },
    )
    .await
}
