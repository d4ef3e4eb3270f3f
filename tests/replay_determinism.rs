//! The same input, or the same events shuffled within the allowed lateness, gives the same
//! alerts file byte for byte.

mod support;

use mingjing::generate::GenerateConfig;
use rand::{Rng, SeedableRng};
use std::path::Path;

fn event_nanos(line: &str) -> i64 {
    let value: serde_json::Value = serde_json::from_str(line).unwrap();
    let text = value["occurred_at"].as_str().unwrap();
    mingjing_engine::values::Timestamp::parse(text)
        .unwrap()
        .nanos()
}

/// Delays every event by a random amount below the allowed lateness (10 minutes): no event
/// arrives after an event more than 10 minutes newer, so none is late.
fn shuffle_within_lateness(input: &Path, output: &Path, seed: u64) {
    let text = std::fs::read_to_string(input).unwrap();
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let lateness = 10 * 60 * 1_000_000_000i64;
    let mut keyed: Vec<(i64, usize, &str)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| (event_nanos(l) + rng.gen_range(0..lateness), i, l))
        .collect();
    keyed.sort();
    let shuffled: Vec<&str> = keyed.iter().map(|(_, _, l)| *l).collect();
    assert_ne!(
        shuffled,
        text.lines().collect::<Vec<_>>(),
        "the shuffle must change the order"
    );
    std::fs::write(output, shuffled.join("\n") + "\n").unwrap();
}

#[test]
fn replays_give_byte_identical_alerts() {
    let dir = tempfile::tempdir().unwrap();
    let config = GenerateConfig {
        villages: 12,
        days: 60,
        seed: 99,
        anomaly_rate: 0.1,
        near_miss_rate: 0.05,
        ..GenerateConfig::default()
    };
    let (events, _) = support::write_city(dir.path(), &config);
    let first = dir.path().join("first.jsonl");
    let second = dir.path().join("second.jsonl");
    let shuffled_out = dir.path().join("shuffled-out.jsonl");
    let shuffled = dir.path().join("shuffled.jsonl");
    shuffle_within_lateness(&events, &shuffled, 5);

    let report = support::replay_files(std::slice::from_ref(&events), Some(first.clone()), None);
    support::replay_files(std::slice::from_ref(&events), Some(second.clone()), None);
    let shuffled_report = support::replay_files(&[shuffled], Some(shuffled_out.clone()), None);

    assert!(
        report.alerts.len() > 10,
        "the city must raise alerts to compare"
    );
    let first_bytes = std::fs::read(&first).unwrap();
    assert_eq!(
        first_bytes,
        std::fs::read(&second).unwrap(),
        "a second replay differs"
    );
    assert_eq!(shuffled_report.stats.late, 0);
    assert_eq!(
        first_bytes,
        std::fs::read(&shuffled_out).unwrap(),
        "a lateness-bounded shuffle differs"
    );
}
