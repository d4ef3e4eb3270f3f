//! The input the engine benchmarks share: a generated city and the shipped rules.

pub mod consume_phases;
pub mod end_to_end;

use mingjing::generate::{generate, GenerateConfig};
use mingjing_engine::source::RawRecord;
use mingjing_engine::RuleSet;
use std::path::PathBuf;
use std::sync::Arc;

/// A generated city of 40 villages over 60 days (seed 11), as input records.
pub fn benchmark_city() -> Vec<RawRecord> {
    let config = GenerateConfig {
        villages: 40,
        days: 60,
        seed: 11,
        ..GenerateConfig::default()
    };
    let mut events = Vec::new();
    let mut truth = Vec::new();
    generate(&config, &mut events, &mut truth).expect("the generator writes to memory");
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

/// The rules under `rules/`, loaded as the engine loads them.
pub fn shipped_rules() -> Arc<RuleSet> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../rules");
    Arc::new(RuleSet::load_dir(&dir, 8 * 3600).expect("shipped rules load"))
}
