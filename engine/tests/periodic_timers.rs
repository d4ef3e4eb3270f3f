//! Periodic deadline thresholds (catalog: "a periodic one, for every known village and quarter"):
//! a village becoming known calls `on_village`, which arms the first quarter; each quarter's
//! timer arms the next one.

mod support;

use mingjing_engine::{EngineConfig, Pipeline};
use support::*;

/// A quarterly deadline with the DIS-01 shape: every quarter of every known village raises an
/// alert at due(P) whose message is the period, and arms the next quarter.
fn quarterly_rule(code: &str) -> String {
    script(
        code,
        ("efficiency", "village"),
        r#""clock.tick""#,
        r#""village_id", "period""#,
        "due_day: 20",
        r#"fn arm(cx, p) {
    cx.set_timer(`${p}`, cx.due(p, cx.params.due_day), #{ period: `${p}` });
}
fn on_village(v, cx) {
    arm(cx, quarter(date(v.first_seen)));
}
fn on_timer(t, cx) {
    let p = period(t.data.period);
    cx.emit(#{ key: #{ period: p }, message: `${cx.village} ${p} ${t.armed_by}` });
    arm(cx, next(p));
}"#,
    )
}

fn in_village(village: &str, line: String) -> String {
    line.replace(
        r#""village_id":"vl-01""#,
        &format!(r#""village_id":"{village}""#),
    )
}

fn cadre(id: &str, at: &str, village: &str) -> String {
    in_village(
        village,
        line(
            id,
            "registry.cadre",
            at,
            r#"{"person_id":"p-9","role":"director","term_start":"2021-01-01"}"#,
        ),
    )
}

/// (village, period) of every alert, sorted.
fn periods(pipeline: &Pipeline) -> Vec<(String, String)> {
    let mut all: Vec<_> = pipeline
        .alerts()
        .values()
        .map(|a| {
            (
                a.village_id.clone(),
                a.dedup_key.get("period").unwrap().to_string(),
            )
        })
        .collect();
    all.sort();
    all
}

fn pair(village: &str, period: &str) -> (String, String) {
    (village.to_string(), period.to_string())
}

#[test]
fn periodic_a_jump_over_several_quarters_fires_every_quarter_in_between() {
    let lines = vec![
        submitted("s1", "2023-02-10T09:00:00+08:00", "a1", "payment"),
        tick("t1", "2023-11-01T00:00:00+08:00"),
    ];
    let p = run(
        rules(&[("q", quarterly_rule("PER-01"))]),
        &EngineConfig::default(),
        &lines,
    );
    assert_eq!(
        periods(&p),
        [
            pair("vl-01", "2023Q1"),
            pair("vl-01", "2023Q2"),
            pair("vl-01", "2023Q3")
        ]
    );
    let detected: Vec<_> = p.alerts().values().map(|a| a.detected_at.clone()).collect();
    let mut detected = detected;
    detected.sort();
    assert_eq!(
        detected,
        [
            "2023-04-21T00:00:00+08:00",
            "2023-07-21T00:00:00+08:00",
            "2023-10-21T00:00:00+08:00"
        ],
        "detected_at is due(P) of each quarter"
    );
    let state = p.state().lock();
    let armed: Vec<_> = state.timers.all().map(|t| t.due.to_rfc3339()).collect();
    assert_eq!(
        armed,
        ["2024-01-21T00:00:00+08:00"],
        "the next quarter waits"
    );
}

#[test]
fn periodic_the_first_quarter_is_that_of_first_seen_and_the_arming_event_is_named() {
    let lines = vec![
        submitted("s1", "2023-03-31T23:59:59+08:00", "a1", "payment"),
        submitted("s2", "2023-04-01T00:00:00+08:00", "a2", "payment"),
        tick("t1", "2023-04-21T00:10:01+08:00"),
    ];
    let p = run(
        rules(&[("q", quarterly_rule("PER-01"))]),
        &EngineConfig::default(),
        &lines,
    );
    assert_eq!(
        messages_by(&p, "period"),
        [("2023Q1".to_string(), "vl-01 2023Q1 s1".to_string())]
    );
}

#[test]
fn periodic_a_timer_fires_only_once_the_watermark_passes_due() {
    let rules = rules(&[("q", quarterly_rule("PER-01"))]);
    let mut p = run(
        rules,
        &EngineConfig::default(),
        &[submitted(
            "s1",
            "2023-02-10T09:00:00+08:00",
            "a1",
            "payment",
        )],
    );
    // due(2023Q1) = 2023-04-21T00:00; L = 10m.
    feed(&mut p, &[tick("t1", "2023-04-21T00:10:00+08:00")]);
    assert!(p.alerts().is_empty());
    feed(&mut p, &[tick("t2", "2023-04-21T00:10:01+08:00")]);
    assert_eq!(periods(&p), [pair("vl-01", "2023Q1")]);
}

#[test]
fn periodic_registry_events_do_not_make_a_village_known() {
    let lines = vec![
        cadre("r1", "2023-01-05T09:00:00+08:00", "vl-03"),
        submitted("s1", "2023-05-10T09:00:00+08:00", "a1", "payment"),
        tick("t1", "2023-08-01T00:00:00+08:00"),
    ];
    let p = run(
        rules(&[("q", quarterly_rule("PER-01"))]),
        &EngineConfig::default(),
        &lines,
    );
    assert_eq!(periods(&p), [pair("vl-01", "2023Q2")]);
    assert!(!p.state().lock().known_villages.contains_key("vl-03"));
}

#[test]
fn periodic_timers_due_together_fire_in_the_same_order_whatever_the_arrival_order() {
    let rules = rules(&[
        ("a", quarterly_rule("PER-01")),
        ("b", quarterly_rule("PER-02")),
    ]);
    let village_lines = |village: &str, id: &str, at: &str| {
        in_village(village, submitted(id, at, &format!("a-{id}"), "payment"))
    };
    let one = [
        village_lines("vl-02", "e2", "2023-01-10T09:00:00+08:00"),
        village_lines("vl-01", "e1", "2023-02-10T09:00:00+08:00"),
    ];
    let other = [
        village_lines("vl-01", "e1", "2023-02-10T09:00:00+08:00"),
        village_lines("vl-02", "e2", "2023-01-10T09:00:00+08:00"),
    ];
    let armed = |lines: &[String]| {
        let mut p = Pipeline::new(rules.clone(), &EngineConfig::default()).unwrap();
        feed(&mut p, lines);
        p.finish();
        let state = p.state().lock();
        state
            .timers
            .all()
            .map(|t| (t.due.nanos(), t.threshold_id.clone(), t.key.clone()))
            .collect::<Vec<_>>()
    };
    let first = armed(&one);
    assert_eq!(first.len(), 4, "two thresholds times two villages");
    assert_eq!(first, armed(&other));
    let mut sorted = first.clone();
    sorted.sort();
    assert_eq!(
        first, sorted,
        "due, then threshold id, then village and key"
    );

    let tick_after = tick("t", "2023-05-01T00:00:00+08:00");
    let mut lines_one = one.to_vec();
    lines_one.push(tick_after.clone());
    let mut lines_other = other.to_vec();
    lines_other.push(tick_after);
    let fired = |lines: &[String]| {
        let p = run(rules.clone(), &EngineConfig::default(), lines);
        let mut all: Vec<_> = p
            .alerts()
            .values()
            .map(|a| {
                (
                    a.alert_id.clone(),
                    a.threshold_code.clone(),
                    a.village_id.clone(),
                    a.message.clone(),
                )
            })
            .collect();
        all.sort();
        all
    };
    assert_eq!(fired(&lines_one).len(), 4);
    assert_eq!(fired(&lines_one), fired(&lines_other));
}

#[test]
fn periodic_a_restored_checkpoint_continues_each_village_chain() {
    let rules = rules(&[("q", quarterly_rule("PER-01"))]);
    let config = EngineConfig::default();
    let first_half = vec![
        submitted("s1", "2023-02-10T09:00:00+08:00", "a1", "payment"),
        tick("t1", "2023-05-01T00:00:00+08:00"),
    ];
    let second_half = vec![
        submitted("s2", "2023-06-10T09:00:00+08:00", "a2", "payment"),
        in_village(
            "vl-02",
            submitted("s3", "2023-06-11T09:00:00+08:00", "a3", "payment"),
        ),
        tick("t2", "2024-02-01T00:00:00+08:00"),
    ];
    let later = |p: &mut Pipeline| {
        let mut keys: Vec<_> = p
            .take_changed_alerts()
            .into_iter()
            .map(|a| (a.village_id, a.dedup_key.get("period").unwrap().to_string()))
            .collect();
        keys.sort();
        keys
    };

    let mut straight = run(rules.clone(), &config, &first_half);
    assert_eq!(later(&mut straight), [pair("vl-01", "2023Q1")]);
    feed(&mut straight, &second_half);
    straight.finish();
    let expected = later(&mut straight);
    assert_eq!(
        expected,
        [
            pair("vl-01", "2023Q2"),
            pair("vl-01", "2023Q3"),
            pair("vl-01", "2023Q4"),
            pair("vl-02", "2023Q2"),
            pair("vl-02", "2023Q3"),
            pair("vl-02", "2023Q4"),
        ]
    );

    let before = run(rules.clone(), &config, &first_half);
    let json = serde_json::to_string(&before.snapshot()).unwrap();
    let mut resumed = Pipeline::new(rules, &config).unwrap();
    resumed
        .restore(&serde_json::from_str(&json).unwrap())
        .unwrap();
    feed(&mut resumed, &second_half);
    resumed.finish();
    assert_eq!(later(&mut resumed), expected, "no quarter twice, none lost");
}

#[test]
fn periodic_a_late_first_event_arms_and_fires_what_is_already_due() {
    let lines = vec![
        submitted("s1", "2023-08-10T09:00:00+08:00", "a1", "payment"),
        // W is 2023-08-10T08:50 when this arrives: late, applied at once.
        in_village(
            "vl-02",
            submitted("s2", "2023-03-10T09:00:00+08:00", "a2", "payment"),
        ),
    ];
    let p = run(
        rules(&[("q", quarterly_rule("PER-01"))]),
        &EngineConfig::default(),
        &lines,
    );
    assert_eq!(
        periods(&p),
        [pair("vl-02", "2023Q1"), pair("vl-02", "2023Q2")]
    );
}
