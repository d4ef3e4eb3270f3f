//! Shared helpers of the end-to-end tests: generate a city, replay it.
#![allow(dead_code)]

use mingjing::generate::{generate, GenerateConfig};
use mingjing::replay::{replay, ReplayOptions, ReplayReport};
use mingjing::truth::{read_truth, TruthEntry};
use mingjing_engine::{EngineConfig, RuleSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub fn shipped_rules() -> Arc<RuleSet> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("rules");
    Arc::new(RuleSet::load_dir(&dir, 8 * 3600).expect("shipped rules load"))
}

/// Writes a generated city into `dir`; returns (events path, truth entries).
pub fn write_city(dir: &Path, config: &GenerateConfig) -> (PathBuf, Vec<TruthEntry>) {
    let events = dir.join("events.jsonl");
    let truth = dir.join("truth.jsonl");
    let mut events_out = std::io::BufWriter::new(std::fs::File::create(&events).unwrap());
    let mut truth_out = std::io::BufWriter::new(std::fs::File::create(&truth).unwrap());
    generate(config, &mut events_out, &mut truth_out).expect("generate");
    drop(events_out);
    drop(truth_out);
    let entries = read_truth(&truth).expect("truth");
    (events, entries)
}

pub fn replay_files(inputs: &[PathBuf], out: Option<PathBuf>, db: Option<String>) -> ReplayReport {
    let options = ReplayOptions {
        inputs: inputs.iter().map(|p| p.display().to_string()).collect(),
        db,
        out,
        rejects_file: None,
        engine: EngineConfig::default(),
        progress: false,
    };
    mingjing::cli::runtime()
        .unwrap()
        .block_on(replay(shipped_rules(), &options))
        .expect("replay")
}
