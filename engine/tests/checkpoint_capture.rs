//! A partition's state captured without its registry records, restored, and given the registry
//! records again from the registry log comes back exactly as it was.

mod support;

use mingjing_engine::event::{decode, DecodeOptions};
use mingjing_engine::records::EventRef;
use mingjing_engine::snapshot::RegistryRecords;
use mingjing_engine::{EngineConfig, Pipeline};
use std::sync::Arc;
use support::*;

fn events(lines: &[String]) -> Vec<EventRef> {
    let options = DecodeOptions {
        local_offset_seconds: 8 * 3600,
    };
    lines
        .iter()
        .map(|l| Arc::new(decode(l.as_bytes(), &options).unwrap().event))
        .collect()
}

#[test]
fn registry_records_left_out_of_a_capture_come_back_from_the_registry_log() {
    let registry = vec![
        person("r1", "2023-01-01T09:00:00+08:00", "p-1", "张三"),
        person("r2", "2023-01-02T09:00:00+08:00", "p-1", "张叁"),
        cadre("r3", "2023-01-01T09:00:00+08:00", "p-1"),
        cadre("r4", "2023-01-01T09:00:00+08:00", "p-2"),
        cadre_deleted("r5", "2023-01-03T09:00:00+08:00", "p-2"),
    ];
    let business = vec![
        submitted("s1", "2023-03-01T09:00:00+08:00", "a1", "payment"),
        completed("c1", "2023-03-02T09:00:00+08:00", "a1"),
    ];
    let config = EngineConfig::default();
    let rules = rules(&[("dl", deadline_rule())]);
    let mut all = registry.clone();
    all.extend(business);
    let first = run(rules.clone(), &config, &all);
    let full = first.snapshot();
    assert_eq!(full.records.len(), 3, "p-1, its cadre role, s1");
    assert_eq!(full.buffer.len(), 1, "c1 waits for the watermark");
    assert_eq!(full.tombstones.len(), 1, "p-2's role was deleted");

    let without = first.capture(RegistryRecords::Exclude).into_snapshot();
    assert_eq!(without.records.len(), 1, "only s1, a business record");
    assert_eq!(without.buffer, full.buffer);
    assert!(without.tombstones.is_empty());
    assert_eq!(without.seen, full.seen, "registry event ids stay seen");

    let json = serde_json::to_string(&without).unwrap();
    let mut resumed = Pipeline::new(rules, &config).unwrap();
    resumed
        .restore(&serde_json::from_str(&json).unwrap())
        .unwrap();
    // The log may hold the versions in another order, and an event twice.
    let mut log = events(&registry);
    log.reverse();
    log.push(log[0].clone());
    resumed.restore_registry(&log);
    assert_eq!(resumed.snapshot(), full);
}
