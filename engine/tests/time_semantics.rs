//! Event time, lateness, deadlines and end of input exactly as events.md §7 states them.

mod support;

use mingjing_engine::event::EventType;
use mingjing_engine::EngineConfig;
use support::*;

fn order_of(pipeline: &mingjing_engine::Pipeline, approval_id: &str) -> String {
    pipeline
        .alerts()
        .values()
        .find(|a| a.dedup_key.get("approval_id") == Some(approval_id))
        .map(|a| a.message.clone())
        .unwrap_or_default()
}

#[test]
fn out_of_order_within_lateness_is_applied_in_event_time_order() {
    let lines = vec![
        submitted("e3", "2023-03-01T09:05:00+08:00", "a3", "payment"),
        submitted("e1", "2023-03-01T09:00:00+08:00", "a1", "payment"),
        submitted("e2b", "2023-03-01T09:02:00+08:00", "a2b", "payment"),
        submitted("e2a", "2023-03-01T09:02:00+08:00", "a2a", "payment"),
    ];
    let mut p = run(
        rules(&[("ord", order_recorder())]),
        &EngineConfig::default(),
        &lines,
    );
    assert!(
        p.alerts().is_empty(),
        "nothing is applied before the watermark passes"
    );
    p.finish();
    assert_eq!(
        ["a1", "a2a", "a2b", "a3"].map(|a| order_of(&p, a)),
        ["1", "2", "3", "4"]
    );
    assert_eq!(p.stats().late, 0);
}

#[test]
fn a_late_event_is_applied_at_once_and_flagged() {
    let lines = vec![
        submitted("e1", "2023-03-01T09:00:00+08:00", "a1", "payment"),
        submitted("e2", "2023-03-01T10:00:00+08:00", "a2", "payment"),
        // W is now 09:50; 09:49:59 is late, 09:50:00 is on time.
        submitted("late", "2023-03-01T09:49:59+08:00", "a-late", "payment"),
        submitted("ontime", "2023-03-01T09:50:00+08:00", "a-ontime", "payment"),
    ];
    let mut p = run(
        rules(&[("ord", order_recorder())]),
        &EngineConfig::default(),
        &lines,
    );
    p.finish();
    assert_eq!(p.stats().late, 1);
    // Counted by type too, for the metrics by topic and type.
    assert_eq!(
        p.stats().late_by_type,
        [(EventType::ApprovalSubmitted, 1)].into_iter().collect()
    );
    let late: Vec<_> = p
        .alerts()
        .values()
        .filter(|a| a.late)
        .map(|a| a.dedup_key.get("approval_id").unwrap().to_string())
        .collect();
    assert_eq!(late, ["a-late"]);
    // e1 was released by the watermark (09:00 < 09:50) before the late event arrived.
    assert_eq!(
        ["a1", "a-late", "a-ontime", "a2"].map(|a| order_of(&p, a)),
        ["1", "2", "3", "4"]
    );
}

#[test]
fn duplicates_are_ignored_and_conflicts_counted() {
    let first = submitted("e1", "2023-03-01T09:00:00+08:00", "a1", "payment");
    let conflicting = submitted("e1", "2023-03-01T09:00:00+08:00", "a-other", "payment");
    let mut p = run(
        rules(&[("ord", order_recorder())]),
        &EngineConfig::default(),
        &[first.clone(), first, conflicting],
    );
    p.finish();
    assert_eq!(
        (p.stats().duplicates, p.stats().duplicate_conflicts),
        (2, 1)
    );
    assert_eq!(
        p.stats().duplicates_by_type,
        [(EventType::ApprovalSubmitted, 2)].into_iter().collect()
    );
    assert_eq!(p.alerts().len(), 1);
}

#[test]
fn a_deadline_met_exactly_at_the_deadline_is_in_time() {
    let lines = vec![
        submitted("s1", "2023-03-01T09:00:00+08:00", "a1", "payment"),
        completed("c1", "2023-03-03T09:00:00+08:00", "a1"),
        submitted("s2", "2023-03-01T09:00:00+08:00", "a2", "payment"),
        completed("c2", "2023-03-03T09:00:01+08:00", "a2"),
        tick("t", "2023-03-10T00:00:00+08:00"),
    ];
    let p = run(
        rules(&[("dl", deadline_rule())]),
        &EngineConfig::default(),
        &lines,
    );
    let keys: Vec<_> = p
        .alerts()
        .values()
        .map(|a| {
            (
                a.dedup_key.get("approval_id").unwrap().to_string(),
                a.detected_at.clone(),
            )
        })
        .collect();
    assert_eq!(
        keys,
        [("a2".to_string(), "2023-03-03T09:00:00+08:00".to_string())]
    );
}

#[test]
fn a_timer_fires_only_once_the_watermark_passes_the_deadline() {
    let config = EngineConfig::default();
    let mut p = run(
        rules(&[("dl", deadline_rule())]),
        &config,
        &[submitted(
            "s1",
            "2023-03-01T09:00:00+08:00",
            "a1",
            "payment",
        )],
    );
    // Deadline 03-03T09:00; L = 10m: W = 09:00 exactly does not fire, W one second later does.
    feed(&mut p, &[tick("t1", "2023-03-03T09:10:00+08:00")]);
    assert!(p.alerts().is_empty());
    feed(&mut p, &[tick("t2", "2023-03-03T09:10:01+08:00")]);
    assert_eq!(p.alerts().len(), 1);
    let alert = p.alerts().values().next().unwrap();
    assert_eq!(
        alert.detected_at, "2023-03-03T09:00:00+08:00",
        "detected_at is the deadline, not when the tick came"
    );
    assert_eq!(alert.ack_deadline, "2023-03-04T09:00:00+08:00");
}

#[test]
fn end_of_input_fires_timers_due_before_event_time_only() {
    let lines = vec![
        submitted("s1", "2023-03-01T09:00:00+08:00", "a1", "payment"),
        submitted("s2", "2023-03-02T09:00:00+08:00", "a2", "payment"),
        tick("t", "2023-03-03T12:00:00+08:00"),
    ];
    let mut p = run(
        rules(&[("dl", deadline_rule())]),
        &EngineConfig::default(),
        &lines,
    );
    p.finish();
    let fired: Vec<_> = p
        .alerts()
        .values()
        .map(|a| a.dedup_key.get("approval_id").unwrap().to_string())
        .collect();
    assert_eq!(fired, ["a1"]);
    assert_eq!(
        p.state().lock().timers.len(),
        1,
        "the timer due after T stays armed"
    );
}

#[test]
fn seen_ids_are_forgotten_after_the_retention() {
    let config = EngineConfig {
        dedup_retention: "2d".into(),
        record_retention: "2d".into(),
        ..EngineConfig::default()
    };
    let lines: Vec<String> = (0..30)
        .map(|d| {
            submitted(
                &format!("e{d}"),
                &format!("2023-03-{:02}T09:00:00+08:00", d + 1),
                &format!("a{d}"),
                "payment",
            )
        })
        .collect();
    let p = run(rules(&[("ord", order_recorder())]), &config, &lines);
    let state = p.state().lock();
    assert!(state.seen.len() <= 4, "seen ids kept: {}", state.seen.len());
    assert!(
        state.records.len() <= 4,
        "records kept: {}",
        state.records.len()
    );
}

#[test]
fn a_checkpointed_state_resumes_where_it_stopped() {
    let lines = vec![
        submitted("s1", "2023-03-01T09:00:00+08:00", "a1", "payment"),
        submitted("s2", "2023-03-01T09:05:00+08:00", "a2", "payment"),
        completed("c2", "2023-03-02T09:00:00+08:00", "a2"),
    ];
    let rest = vec![
        submitted("s1", "2023-03-01T09:00:00+08:00", "a1", "payment"),
        tick("t", "2023-03-05T00:00:00+08:00"),
    ];
    let rules = rules(&[("dl", deadline_rule())]);
    let config = EngineConfig::default();

    let mut straight = run(rules.clone(), &config, &lines);
    feed(&mut straight, &rest);
    straight.finish();

    let first = run(rules.clone(), &config, &lines);
    let snapshot = first.snapshot();
    let json = serde_json::to_string(&snapshot).unwrap();
    let mut resumed = mingjing_engine::Pipeline::new(rules, &config).unwrap();
    resumed
        .restore(&serde_json::from_str(&json).unwrap())
        .unwrap();
    assert_eq!(resumed.snapshot(), snapshot);
    feed(&mut resumed, &rest);
    resumed.finish();

    assert_eq!(
        resumed.stats().duplicates,
        1,
        "the seen id survived the checkpoint"
    );
    let keys = |p: &mingjing_engine::Pipeline| p.alerts().keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&resumed), keys(&straight));
    assert_eq!(keys(&resumed).len(), 1);
}

#[test]
fn a_late_event_arming_a_deadline_already_passed_gives_a_late_alert() {
    let lines = vec![
        submitted("s1", "2023-03-01T09:00:00+08:00", "a-on-time", "payment"),
        tick("t1", "2023-03-10T00:00:00+08:00"),
        // W is now 2023-03-09T23:50; this application's 48 h ran out on 03-03.
        submitted("s2", "2023-03-01T10:00:00+08:00", "a-late", "payment"),
        // Late too, but its deadline (03-11 09:00) is still ahead of W: an ordinary deadline.
        submitted(
            "s3",
            "2023-03-09T09:00:00+08:00",
            "a-late-in-time",
            "payment",
        ),
        tick("t2", "2023-03-20T00:00:00+08:00"),
    ];
    let mut p = run(
        rules(&[("dl", deadline_rule())]),
        &EngineConfig::default(),
        &lines,
    );
    p.finish();
    let mut flags: Vec<(String, bool)> = p
        .alerts()
        .values()
        .map(|a| (a.dedup_key.get("approval_id").unwrap().to_string(), a.late))
        .collect();
    flags.sort();
    assert_eq!(
        flags,
        [
            ("a-late".to_string(), true),
            ("a-late-in-time".to_string(), false),
            ("a-on-time".to_string(), false),
        ]
    );
}
