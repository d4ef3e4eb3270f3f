//! `mingjing replay`: JSON-lines files through the engine into a store, an alerts file and a
//! summary.

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use mingjing_connectors::{JsonLinesSource, SqlStore};
use mingjing_engine::lifecycle::LifecycleStore;
use mingjing_engine::source::Source;
use mingjing_engine::stats::PipelineStats;
use mingjing_engine::store::{AlertStore, RejectedRecord};
use mingjing_engine::values::Timestamp;
use mingjing_engine::{Alert, EngineConfig, Pipeline, RuleSet};
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What to replay and where results go.
#[derive(Clone, Debug)]
pub struct ReplayOptions {
    /// Files in the order given; `-` is standard input.
    pub inputs: Vec<String>,
    /// A SQLite file or database URL; None keeps alerts in memory only.
    pub db: Option<String>,
    /// Alerts as JSON lines sorted by alert_id.
    pub out: Option<PathBuf>,
    /// Rejected lines as JSON lines with reason and position.
    pub rejects_file: Option<PathBuf>,
    pub engine: EngineConfig,
    pub progress: bool,
}

/// The outcome of a replay.
pub struct ReplayReport {
    pub stats: PipelineStats,
    /// (code, id) of each threshold, indexed like the stats.
    pub thresholds: Vec<(String, String)>,
    /// Final alerts sorted by alert_id.
    pub alerts: Vec<Alert>,
    /// Escalations applied in the store as event time passed alert deadlines (none without a
    /// store: nobody works the queue of a replay, so every deadline it passes escalates).
    pub escalations: usize,
    /// The event time the input ended at (the latest occurred_at), None without events.
    pub event_time: Option<Timestamp>,
    pub elapsed: Duration,
}

/// Events read from the input at a time (the progress bar moves per batch).
const BATCH: usize = 4096;

/// Events processed between two writes to the store. What the store ends up holding does not
/// depend on how events were grouped (escalations are dated at their deadlines), so fewer,
/// larger writes spare a store round trip and an escalation sweep per batch; a dashboard
/// watching the store during a replay sees it a few seconds behind at most.
const STORE_EVERY: usize = 65_536;

/// Runs the replay.
pub async fn replay(rules: Arc<RuleSet>, options: &ReplayOptions) -> anyhow::Result<ReplayReport> {
    let started = Instant::now();
    let store = match &options.db {
        Some(location) => Some(
            SqlStore::connect(location)
                .await
                .with_context(|| format!("opening the alert store --db {location}"))?,
        ),
        None => None,
    };
    let mut source =
        JsonLinesSource::open(&options.inputs).with_context(|| "opening the input files")?;
    let mut rejects_out = match &options.rejects_file {
        Some(path) => Some(std::io::BufWriter::new(
            std::fs::File::create(path)
                .with_context(|| format!("creating --rejects {}", path.display()))?,
        )),
        None => None,
    };
    let thresholds = rules
        .thresholds
        .iter()
        .map(|t| (t.meta.code.clone(), t.meta.id.clone()))
        .collect();
    let mut pipeline = Pipeline::new(rules, &options.engine)?;
    let bar = options.progress.then(|| progress_bar(source.total_bytes()));
    let mut escalations = 0;
    let mut unstored = 0;
    loop {
        let batch = source.next_batch(BATCH).await?;
        for record in &batch.records {
            pipeline.offer(record);
        }
        if let Some(bar) = &bar {
            bar.set_position(source.bytes_read());
        }
        if batch.end {
            break;
        }
        unstored += batch.records.len();
        if unstored >= STORE_EVERY {
            unstored = 0;
            escalations +=
                flush(&mut pipeline, store.as_ref(), rejects_out.as_mut(), false).await?;
        }
    }
    pipeline.finish();
    escalations += flush(&mut pipeline, store.as_ref(), rejects_out.as_mut(), true).await?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    if let Some(out) = rejects_out.as_mut() {
        out.flush()?;
    }
    let alerts: Vec<Alert> = pipeline.alerts().values().cloned().collect();
    if let Some(path) = &options.out {
        write_alerts(path, &alerts)?;
    }
    Ok(ReplayReport {
        stats: pipeline.stats().clone(),
        thresholds,
        alerts,
        escalations,
        event_time: pipeline.settled_time(true),
        elapsed: started.elapsed(),
    })
}

/// Stores what the pipeline produced since the last flush, then applies the escalations due
/// at the settled event time. Returns how many escalations were applied.
async fn flush(
    pipeline: &mut Pipeline,
    store: Option<&SqlStore>,
    rejects_out: Option<&mut std::io::BufWriter<std::fs::File>>,
    finished: bool,
) -> anyhow::Result<usize> {
    let rejects: Vec<RejectedRecord> = pipeline.take_rejects();
    let changed = pipeline.take_changed_alerts();
    if let Some(out) = rejects_out {
        for reject in &rejects {
            serde_json::to_writer(&mut *out, reject)?;
            out.write_all(b"\n")?;
        }
    }
    if let Some(store) = store {
        if !rejects.is_empty() {
            store.save_rejects(&rejects).await?;
        }
        if !changed.is_empty() {
            store.upsert_alerts(&changed).await?;
        }
        if let Some(now) = pipeline.settled_time(finished) {
            return Ok(store.escalate_due(now).await?.len());
        }
    }
    Ok(0)
}

/// Writes alerts as JSON lines (already sorted by alert_id).
pub fn write_alerts(path: &std::path::Path, alerts: &[Alert]) -> anyhow::Result<()> {
    let file = std::fs::File::create(path)
        .with_context(|| format!("creating --out {}", path.display()))?;
    let mut out = std::io::BufWriter::new(file);
    for alert in alerts {
        serde_json::to_writer(&mut out, alert)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}

fn progress_bar(total: Option<u64>) -> ProgressBar {
    let bar = ProgressBar::new(total.unwrap_or(0));
    let style = ProgressStyle::with_template(
        "{spinner} {bytes}/{total_bytes} {wide_bar} {bytes_per_sec} 剩余 {eta}",
    )
    .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar
}

/// The closing summary an operator reads.
pub fn format_summary(report: &ReplayReport) -> String {
    let s = &report.stats;
    let mut text = String::new();
    let seconds = report.elapsed.as_secs_f64().max(1e-9);
    text.push_str(&format!(
        "读取事件 events read      {:>10}  ({:.0}/s, {:.1}s)\n",
        s.read,
        s.read as f64 / seconds,
        seconds
    ));
    if let Some(bytes) = crate::peak_memory::peak_resident_bytes() {
        text.push_str(&format!(
            "内存峰值 peak memory      {:>10}  MiB\n",
            bytes / (1024 * 1024)
        ));
    }
    text.push_str(&format!("接受 accepted             {:>10}\n", s.accepted));
    text.push_str(&format!(
        "拒收 rejected             {:>10}\n",
        s.rejected_total()
    ));
    for (reason, count) in &s.rejected {
        text.push_str(&format!("  {reason:<24}{count:>10}\n"));
    }
    text.push_str(&format!("迟到 late                 {:>10}\n", s.late));
    text.push_str(&format!(
        "重复 duplicates           {:>10}  (内容不同 duplicate_conflict {})\n",
        s.duplicates, s.duplicate_conflicts
    ));
    if s.topic_mismatch > 0 {
        text.push_str(&format!(
            "主题不符 topic_mismatch   {:>10}\n",
            s.topic_mismatch
        ));
    }
    let errors: u64 = s.rule_errors.iter().sum();
    text.push_str(&format!("规则错误 rule errors      {:>10}\n", errors));
    text.push_str(&format!(
        "预警 alerts               {:>10}\n",
        report.alerts.len()
    ));
    text.push_str(&format!(
        "逾期升级 escalations      {:>10}  (事件时间 by event time)\n",
        report.escalations
    ));
    for (index, (code, id)) in report.thresholds.iter().enumerate() {
        let raised = s.alerts_raised.get(index).copied().unwrap_or(0);
        let failed = s.rule_errors.get(index).copied().unwrap_or(0);
        let evaluated = s.rule_evaluations.get(index).copied().unwrap_or(0);
        let nanos = s.rule_nanos.get(index).copied().unwrap_or(0);
        let cost = if evaluated > 0 {
            format!(", {:.1} µs each", nanos as f64 / evaluated as f64 / 1_000.0)
        } else {
            String::new()
        };
        let errors = if failed > 0 {
            format!("  errors {failed}")
        } else {
            String::new()
        };
        text.push_str(&format!(
            "  {code:<8}{id:<44}{raised:>8}  (evaluated {evaluated}{cost}){errors}\n"
        ));
    }
    text
}
