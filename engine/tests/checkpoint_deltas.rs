//! A base snapshot and the deltas captured after it restore the state exactly as it was at the
//! last delta: replaced and deleted records, records and seen ids past their retention, timers
//! and keyed values. A restored state goes on as the original would have.

mod support;

use mingjing_engine::delta::StateDelta;
use mingjing_engine::event::{decode, DecodeOptions};
use mingjing_engine::records::EventRef;
use mingjing_engine::snapshot::{RegistryRecords, StateSnapshot};
use mingjing_engine::{EngineConfig, Pipeline, RuleSet};
use std::collections::BTreeSet;
use std::sync::Arc;
use support::*;

/// Short retentions, so that seen ids and records expire within the test's days.
fn config() -> EngineConfig {
    EngineConfig {
        dedup_retention: "3d".into(),
        record_retention: "2d".into(),
        ..EngineConfig::default()
    }
}

fn rules() -> Arc<RuleSet> {
    support::rules(&[("dl", deadline_rule()), ("ord", order_recorder())])
}

fn at(day: u32, hour: u32) -> String {
    format!("2023-03-{:02}T{hour:02}:00:00+08:00", day + 1)
}

/// One day of a village's input: approvals, a correction of yesterday's, a stale version, a
/// duplicate delivery, registry changes (the cadre role of p-2 deleted and recreated), an
/// event id used again after it was forgotten, and a tick that moves event time on.
fn day(d: u32) -> Vec<String> {
    let mut lines = vec![
        person(&format!("r{d}"), &at(d, 8), "p-1", &format!("张{d}")),
        submitted(&format!("s{d}a"), &at(d, 9), &format!("a{d}"), "payment"),
        submitted(&format!("s{d}b"), &at(d, 10), &format!("b{d}"), "payment"),
        completed(&format!("c{d}"), &at(d, 12), &format!("b{d}")),
    ];
    if d > 0 {
        let yesterday = d - 1;
        // A correction replaces yesterday's approval a; an older version of it arrives late.
        lines.push(submitted(
            &format!("s{d}c"),
            &at(d, 11),
            &format!("a{yesterday}"),
            "contract",
        ));
        lines.push(submitted(
            &format!("s{d}old"),
            &at(yesterday, 8),
            &format!("a{yesterday}"),
            "payment",
        ));
        lines.push(submitted(
            &format!("s{yesterday}a"),
            &at(yesterday, 9),
            &format!("a{yesterday}"),
            "payment",
        ));
    }
    match d % 4 {
        0 => lines.push(cadre(&format!("k{d}"), &at(d, 8), "p-2")),
        2 => lines.push(cadre_deleted(&format!("k{d}"), &at(d, 8), "p-2")),
        _ => {}
    }
    // The id of day 0's first approval, forgotten on day 4, names a new event that day; the
    // same event is delivered again on day 7, while it is still remembered.
    if d == 4 || d == 7 {
        lines.push(submitted("s0a", &at(4, 13), "z4", "payment"));
    }
    lines.push(tick(&format!("t{d}"), &at(d, 23)));
    lines
}

fn days(range: std::ops::Range<u32>) -> Vec<String> {
    range.flat_map(day).collect()
}

/// A checkpoint as stored: JSON and back.
fn stored<T: serde::Serialize + serde::de::DeserializeOwned>(value: &T) -> T {
    serde_json::from_str(&serde_json::to_string(value).unwrap()).unwrap()
}

fn restore(base: &StateSnapshot, deltas: &[StateDelta]) -> Pipeline {
    let mut pipeline = Pipeline::new(rules(), &config()).unwrap();
    pipeline.restore(base).unwrap();
    for delta in deltas {
        pipeline.apply_delta(delta).unwrap();
    }
    pipeline
}

fn delta_of(pipeline: &Pipeline, registry: RegistryRecords) -> StateDelta {
    stored(
        &pipeline
            .capture_delta(registry)
            .expect("a base was captured")
            .into_delta(),
    )
}

#[test]
fn base_and_deltas_restore_the_state_at_each_delta() {
    let mut original = run(rules(), &config(), &days(0..2));
    let base = stored(&original.capture(RegistryRecords::Include).into_snapshot());
    let mut deltas = Vec::new();
    let mut expected = Vec::new();
    for range in [2..3, 3..5, 5..5, 5..6, 6..9] {
        feed(&mut original, &days(range));
        deltas.push(delta_of(&original, RegistryRecords::Include));
        expected.push(original.snapshot());
    }
    for (n, expected) in expected.iter().enumerate() {
        assert_eq!(
            &restore(&base, &deltas[..=n]).snapshot(),
            expected,
            "base and the first {} deltas",
            n + 1
        );
    }

    // The deltas carried each kind of change.
    let all = |part: fn(&StateDelta) -> usize| deltas.iter().map(part).sum::<usize>();
    assert!(all(|d| d.seen_forgotten.len()) > 0, "seen ids expired");
    assert!(all(|d| d.records_gone.len()) > 0, "records expired");
    assert!(all(|d| d.tombstones.len()) > 0, "a cadre role was deleted");
    let recreated = deltas.iter().any(|d| {
        d.records
            .iter()
            .any(|r| r["type"] == "registry.cadre" && r["payload"].get("deleted").is_none())
    });
    assert!(recreated, "a deleted cadre role came back");
    let corrected = deltas
        .iter()
        .any(|d| d.records.iter().any(|r| r["payload"]["kind"] == "contract"));
    assert!(corrected, "a correction replaced an approval");
    let last = original.snapshot();
    assert!(!last.timers.is_empty() && !last.keyed.is_empty());

    // Only what changed: a day adds its own events, not the history.
    let one_day = &deltas[0];
    assert!(
        one_day.seen.len() <= day(2).len(),
        "{} seen ids",
        one_day.seen.len()
    );
    assert!(one_day.records.len() < day(2).len());
    assert!(deltas[2].seen.is_empty() && deltas[2].records.is_empty());
}

#[test]
fn a_full_capture_starts_the_deltas_over() {
    let mut original = run(rules(), &config(), &days(0..2));
    original.capture(RegistryRecords::Include);
    feed(&mut original, &days(2..4));
    let _superseded = delta_of(&original, RegistryRecords::Include);
    feed(&mut original, &days(4..5));
    let base = stored(&original.capture(RegistryRecords::Include).into_snapshot());
    feed(&mut original, &days(5..7));
    let delta = delta_of(&original, RegistryRecords::Include);
    assert_eq!(restore(&base, &[delta]).snapshot(), original.snapshot());
}

#[test]
fn without_a_base_there_is_no_delta() {
    let replay = run(rules(), &config(), &days(0..3));
    assert!(
        replay.capture_delta(RegistryRecords::Include).is_none(),
        "a pipeline that never captured tracks nothing"
    );
    let base = stored(&replay.snapshot());
    assert!(
        replay.capture_delta(RegistryRecords::Include).is_none(),
        "a snapshot is no base"
    );
    let restored = restore(&base, &[]);
    assert!(restored.capture_delta(RegistryRecords::Include).is_none());
}

#[test]
fn a_restored_state_goes_on_as_the_original() {
    let mut original = run(rules(), &config(), &days(0..2));
    let base = stored(&original.capture(RegistryRecords::Include).into_snapshot());
    feed(&mut original, &days(2..4));
    let first = delta_of(&original, RegistryRecords::Include);
    feed(&mut original, &days(4..5));
    let second = delta_of(&original, RegistryRecords::Include);
    let mut resumed = restore(&base, &[first, second]);
    let raised_before: BTreeSet<String> = original.alerts().keys().cloned().collect();

    feed(&mut original, &days(5..10));
    feed(&mut resumed, &days(5..10));
    original.finish();
    resumed.finish();
    assert_eq!(resumed.snapshot(), original.snapshot());
    let raised_after = |p: &Pipeline| -> BTreeSet<(String, String)> {
        p.alerts()
            .values()
            .filter(|a| !raised_before.contains(&a.alert_id))
            .map(|a| (a.alert_id.clone(), a.message.clone()))
            .collect()
    };
    let after = raised_after(&original);
    assert!(
        !after.is_empty(),
        "the rules raise alerts after the restore"
    );
    assert_eq!(raised_after(&resumed), after);
}

#[test]
fn deltas_without_registry_records_restore_with_the_registry_log() {
    let options = DecodeOptions {
        local_offset_seconds: 8 * 3600,
    };
    let input = days(0..7);
    let mut original = run(rules(), &config(), &input[..input.len() / 3]);
    let base = stored(&original.capture(RegistryRecords::Exclude).into_snapshot());
    feed(&mut original, &input[input.len() / 3..]);
    let delta = delta_of(&original, RegistryRecords::Exclude);
    assert!(
        delta.tombstones.is_empty() && delta.records.iter().all(|r| r["type"] != "registry.person")
    );

    let mut resumed = restore(&base, &[delta]);
    let registry_log: Vec<EventRef> = input
        .iter()
        .map(|l| Arc::new(decode(l.as_bytes(), &options).unwrap().event))
        .filter(|e| e.event_type.is_registry())
        .collect();
    resumed.restore_registry(&registry_log);
    assert_eq!(resumed.snapshot(), original.snapshot());
}
