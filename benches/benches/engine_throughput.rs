//! Engine throughput on one core over a generated city: decode only (the ceiling), the pipeline
//! without rules (time, records, duplicates), and the pipeline with every shipped threshold
//! (the full catalog, dispatched by trigger). Criterion reports events/s per benchmark; the
//! ratio of the last to the first is the share of the ceiling the engine reaches.
//!
//! `cargo bench -p mingjing-benches --bench engine_throughput`

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use mingjing_benches::{benchmark_city, shipped_rules};
use mingjing_engine::event::{decode, DecodeOptions};
use mingjing_engine::source::RawRecord;
use mingjing_engine::{EngineConfig, Pipeline, RuleSet};
use std::sync::Arc;

fn run_pipeline(rules: &Arc<RuleSet>, records: &[RawRecord]) -> usize {
    let mut pipeline = Pipeline::new(rules.clone(), &EngineConfig::default()).expect("pipeline");
    for record in records {
        pipeline.offer(record);
    }
    pipeline.finish();
    pipeline.alerts().len()
}

fn throughput(c: &mut Criterion) {
    mingjing::allocator::keep_freed_memory_longer();
    let records = benchmark_city();
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
    group.bench_function("pipeline_all_rules", |b| {
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
