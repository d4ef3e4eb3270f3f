//! What each shipped threshold adds to the engine's time on the benchmark city.
//!
//! `cargo run --release -p mingjing-benches --example threshold_cost` prints, per threshold, the
//! extra milliseconds over the pipeline without rules (best of five runs). With a threshold
//! code (`… -- LAB-06`, or `ALL`) it runs that rule set once and lists each threshold's calls and
//! time per call, the costliest first; that run also serves a profiler such as
//! `valgrind --tool=callgrind --toggle-collect='threshold_cost::run_once'`.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use mingjing_benches::{benchmark_city, shipped_rules};
use mingjing_engine::source::RawRecord;
use mingjing_engine::{EngineConfig, Pipeline, RuleSet};
use std::sync::Arc;
use std::time::Instant;

fn main() {
    mingjing::allocator::keep_freed_memory_longer();
    let records = benchmark_city();
    let rules = shipped_rules();
    if let Some(code) = std::env::args().nth(1) {
        let set = Arc::new(rules.subset(|t| code == "ALL" || t.meta.code == code));
        let started = Instant::now();
        let pipeline = run_once(&set, &records);
        println!("one run: {:.1} ms", started.elapsed().as_secs_f64() * 1e3);
        print_calls(&set, &pipeline, records.len());
        return;
    }
    let base = best_of_five(&Arc::new(rules.subset(|_| false)), &records);
    println!(
        "without rules: {:.1} ms for {} events",
        base * 1e3,
        records.len()
    );
    for threshold in &rules.thresholds {
        let id = threshold.meta.id.clone();
        let alone = best_of_five(&Arc::new(rules.subset(|t| t.meta.id == id)), &records);
        println!(
            "{:8} +{:6.1} ms  {}",
            threshold.meta.code,
            (alone - base) * 1e3,
            threshold.meta.name_zh
        );
    }
    let all = best_of_five(&rules, &records);
    println!("all rules: +{:.1} ms", (all - base) * 1e3);
}

/// Calls and time per call of each threshold in one run, the costliest first.
fn print_calls(rules: &RuleSet, pipeline: &Pipeline, events: usize) {
    let stats = pipeline.stats();
    let mut rows: Vec<(u64, u64, &str)> = rules
        .thresholds
        .iter()
        .enumerate()
        .map(|(i, t)| {
            (
                stats.rule_nanos[i],
                stats.rule_evaluations[i],
                t.meta.code.as_str(),
            )
        })
        .collect();
    rows.sort_unstable_by(|a, b| b.cmp(a));
    let calls: u64 = rows.iter().map(|r| r.1).sum();
    println!("{calls} calls for {events} events");
    for (nanos, count, code) in rows {
        println!(
            "{code:8} {:8.1} ms {count:7} calls {:7.2} µs/call",
            nanos as f64 / 1e6,
            nanos as f64 / 1e3 / count.max(1) as f64
        );
    }
}

fn best_of_five(rules: &Arc<RuleSet>, records: &[RawRecord]) -> f64 {
    (0..5)
        .map(|_| {
            let start = Instant::now();
            let pipeline = run_once(rules, records);
            let seconds = start.elapsed().as_secs_f64();
            drop(pipeline);
            seconds
        })
        .fold(f64::MAX, f64::min)
}

#[inline(never)]
fn run_once(rules: &Arc<RuleSet>, records: &[RawRecord]) -> Pipeline {
    let mut pipeline = Pipeline::new(rules.clone(), &EngineConfig::default()).expect("pipeline");
    for record in records {
        pipeline.offer(record);
    }
    pipeline.finish();
    pipeline
}
