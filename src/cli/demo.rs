//! `mingjing demo`: a small generated city, replayed into SQLite, with what was found.

use super::generate::write_city;
use super::{runtime, EngineArgs};
use crate::generate::{GenerateConfig, PLANTED_CATEGORIES};
use crate::replay::{format_summary, replay, ReplayOptions};
use crate::truth::{compare_with_truth, read_truth};
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

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
    let report = runtime()?.block_on(replay(rules, &options))?;
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
    Ok(
        if comparison.missed.is_empty() && comparison.unexpected.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        },
    )
}
