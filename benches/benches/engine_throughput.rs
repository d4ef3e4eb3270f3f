//! Engine throughput on a generated city: decode only (the ceiling), the pipeline without
//! rules (time, records, duplicates), and the pipeline with the shipped rules.

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use mingjing::generate::{generate, GenerateConfig};
use mingjing_engine::event::{decode, DecodeOptions};
use mingjing_engine::source::RawRecord;
use mingjing_engine::{EngineConfig, Pipeline, RuleSet};
use std::path::PathBuf;
use std::sync::Arc;

fn city() -> Vec<RawRecord> {
    let config = GenerateConfig {
        villages: 40,
        days: 60,
        seed: 11,
        ..GenerateConfig::default()
    };
    let mut events = Vec::new();
    let mut truth = Vec::new();
    generate(&config, &mut events, &mut truth).expect("generate");
    events
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .enumerate()
        .map(|(i, l)| RawRecord {
            source: "bench".into(),
            position: i as u64 + 1,
            partition: 0,
            bytes: l.to_vec(),
        })
        .collect()
}

fn shipped_rules() -> Arc<RuleSet> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../rules");
    Arc::new(RuleSet::load_dir(&dir, 8 * 3600).expect("shipped rules load"))
}

fn run_pipeline(rules: &Arc<RuleSet>, records: &[RawRecord]) -> usize {
    let mut pipeline = Pipeline::new(rules.clone(), &EngineConfig::default()).expect("pipeline");
    for record in records {
        pipeline.offer(record);
    }
    pipeline.finish();
    pipeline.alerts().len()
}

fn throughput(c: &mut Criterion) {
    let records = city();
    let options = DecodeOptions::default();
    let rules = shipped_rules();
    let no_rules = Arc::new(rules.subset(|_| false));
    let mut group = c.benchmark_group("engine");
    group.throughput(Throughput::Elements(records.len() as u64));
    group.sample_size(10);
    group.bench_function("decode_only", |b| {
        b.iter(|| {
            records
                .iter()
                .filter(|r| decode(&r.bytes, &options).is_ok())
                .count()
        })
    });
    group.bench_function("pipeline_without_rules", |b| {
        b.iter_batched(
            || (),
            |_| run_pipeline(&no_rules, &records),
            BatchSize::PerIteration,
        )
    });
    group.bench_function("pipeline_labor_rules", |b| {
        b.iter_batched(
            || (),
            |_| run_pipeline(&rules, &records),
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(benches, throughput);
criterion_main!(benches);
