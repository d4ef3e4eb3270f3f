//! The rule runtime: records and corrections, registry upserts with tombstones, sandboxing,
//! errors that are counted while the engine goes on, and load errors with line and column.

mod support;

use mingjing_engine::{EngineConfig, RuleSet};
use support::*;

fn claim(id: &str, at: &str, claim_id: &str, amount: &str) -> String {
    line(
        id,
        "labor.claim",
        at,
        &format!(
            r#"{{"claim_id":"{claim_id}","job_id":"job-1","work_start_date":"2023-03-01","work_end_date":"2023-03-01","lines":[{{"worker_id":"p-1","amount":{amount}}}],"total_amount":{amount},"dispatch_slip_id":"d","signatures_complete":true}}"#
        ),
    )
}

fn person(id: &str, at: &str, resident: bool, deleted: bool) -> String {
    let payload = if deleted {
        r#"{"person_id":"p-1","deleted":true}"#.to_string()
    } else {
        format!(
            r#"{{"person_id":"p-1","name":"张三","household_id":"h","is_member":true,"resident":{resident},"bank_accounts":[]}}"#
        )
    };
    line(id, "registry.person", at, &payload)
}

/// Emits, per claim event, what the live claim record and person look like.
fn observer() -> String {
    script(
        "OBS-01",
        ("efficiency", "village"),
        r#""labor.claim""#,
        r#""village_id", "event""#,
        "",
        r#"fn on_event(ev, cx) {
    let live = cx.record("labor.claim", ev.claim_id);
    let p = cx.person("p-1");
    let who = if type_of(p) == "()" { "none" } else { `${p.resident}` };
    cx.emit(#{ key: #{ event: ev.event_id }, message: `${live.total_amount}|${who}` });
}"#,
    )
}

#[test]
fn a_correction_replaces_the_record_and_an_older_version_does_not() {
    let lines = vec![
        claim("v1", "2023-03-02T10:00:00+08:00", "cl-1", "100.00"),
        claim("v2", "2023-03-02T11:00:00+08:00", "cl-1", "200.00"),
        tick("t", "2023-03-02T12:00:00+08:00"),
        // Late (W = 11:50): applied at once, but older than the live version.
        claim("v0", "2023-03-02T09:00:00+08:00", "cl-1", "50.00"),
    ];
    let mut p = run(
        rules(&[("obs", observer())]),
        &EngineConfig::default(),
        &lines,
    );
    p.finish();
    assert_eq!(
        messages_by(&p, "event"),
        [
            ("v1".into(), "100.00元|none".into()),
            ("v2".into(), "200.00元|none".into())
        ]
    );
    assert_eq!(p.state().lock().records.stale_versions(), 1);
}

#[test]
fn a_registry_deletion_leaves_a_tombstone_that_an_older_upsert_does_not_undo() {
    let lines = vec![
        person("p1", "2023-03-01T08:00:00+08:00", true, false),
        claim("c1", "2023-03-01T09:00:00+08:00", "cl-1", "1.00"),
        person("p2", "2023-03-01T10:00:00+08:00", false, true),
        claim("c2", "2023-03-01T11:00:00+08:00", "cl-2", "1.00"),
        tick("t", "2023-03-01T12:00:00+08:00"),
        person("p0", "2023-03-01T07:00:00+08:00", true, false),
        claim("c3", "2023-03-01T13:00:00+08:00", "cl-3", "1.00"),
    ];
    let mut p = run(
        rules(&[("obs", observer())]),
        &EngineConfig::default(),
        &lines,
    );
    p.finish();
    let who: Vec<String> = messages_by(&p, "event")
        .into_iter()
        .map(|(_, m)| m.split('|').nth(1).unwrap().to_string())
        .collect();
    assert_eq!(who, ["true", "none", "none"]);
}

#[test]
fn script_errors_are_counted_and_the_engine_goes_on() {
    let flaky = script(
        "ERR-01",
        ("efficiency", "village"),
        r#""labor.claim""#,
        r#""village_id", "claim_id""#,
        "",
        r#"fn on_event(ev, cx) {
    if ev.claim_id == "boom" { throw "this claim breaks the rule"; }
    if ev.claim_id == "spin" { loop { } }
    if ev.claim_id == "badkey" { cx.emit(#{ key: #{ other: 1 }, message: "x" }); }
    cx.emit(#{ key: #{ claim_id: ev.claim_id }, message: "ok" });
}"#,
    );
    let lines = vec![
        claim("e1", "2023-03-01T09:00:00+08:00", "boom", "1.00"),
        claim("e2", "2023-03-01T09:01:00+08:00", "spin", "1.00"),
        claim("e3", "2023-03-01T09:02:00+08:00", "badkey", "1.00"),
        claim("e4", "2023-03-01T09:03:00+08:00", "fine", "1.00"),
    ];
    let mut p = run(rules(&[("err", flaky)]), &EngineConfig::default(), &lines);
    p.finish();
    assert_eq!(p.stats().rule_errors, [3]);
    assert_eq!(p.stats().rule_evaluations, [4]);
    assert_eq!(
        p.alerts()
            .values()
            .map(|a| a.dedup_key.get("claim_id").unwrap())
            .collect::<Vec<_>>(),
        ["fine"]
    );
}

#[test]
fn a_script_that_does_not_compile_is_refused_with_line_and_column() {
    let broken = "const THRESHOLD = #{ id: \"x\" };\n\nfn on_event(ev, cx) {\n    let a = ;\n}\n";
    let errors = RuleSet::from_sources(&[("rules/broken.rhai".into(), broken.into())], 8 * 3600)
        .err()
        .expect("refused");
    assert_eq!(errors.len(), 1);
    assert_eq!(
        (errors[0].file.as_str(), errors[0].line),
        ("rules/broken.rhai", 4)
    );
    assert!(errors[0].column > 0);
    assert!(
        errors[0].to_string().starts_with("rules/broken.rhai:4:"),
        "{}",
        errors[0]
    );
}

#[test]
fn scripts_are_sandboxed() {
    for body in [
        "import \"fs\" as fs; fn on_event(ev, cx) {}",
        "fn on_event(ev, cx) { eval(\"1\"); }",
        "fn on_event(ev, cx) { undefined_variable }",
    ] {
        let text = script(
            "SBX-01",
            ("efficiency", "village"),
            r#""labor.claim""#,
            r#""village_id""#,
            "",
            body,
        );
        assert!(
            RuleSet::from_sources(&[("s.rhai".into(), text)], 8 * 3600).is_err(),
            "accepted: {body}"
        );
    }
}

#[test]
fn declarations_are_checked_at_load() {
    let wrong_route = script(
        "RTE-01",
        ("serious", "village"),
        r#""labor.claim""#,
        r#""village_id""#,
        "",
        "fn on_event(ev, cx) {}",
    );
    let bad_trigger = script(
        "TRG-01",
        ("efficiency", "village"),
        r#""labor.unknown""#,
        r#""village_id""#,
        "",
        "fn on_event(ev, cx) {}",
    );
    let bad_key = script(
        "KEY-01",
        ("efficiency", "village"),
        r#""labor.claim""#,
        r#""claim_id""#,
        "",
        "fn on_event(ev, cx) {}",
    );
    for text in [wrong_route, bad_trigger, bad_key] {
        let errors = RuleSet::from_sources(&[("s.rhai".into(), text)], 8 * 3600)
            .err()
            .expect("refused");
        assert!(!errors[0].message.is_empty());
    }
}

/// Emits per claim it is called for; `when` admits only claims with complete signatures.
fn signed_claims_only(when: &str) -> String {
    script(
        "WHN-01",
        ("efficiency", "village"),
        r#""labor.claim", "approval.submitted""#,
        r#""village_id", "event""#,
        "",
        r#"fn on_event(ev, cx) {
    cx.emit(#{ key: #{ event: ev.event_id }, message: ev.event_type });
}"#,
    )
    .replace("triggers:", &format!("when: {when}, triggers:"))
}

fn claim_signed(id: &str, at: &str, claim_id: &str, signed: bool) -> String {
    claim(id, at, claim_id, "1.00").replace(
        r#""signatures_complete":true"#,
        &format!(r#""signatures_complete":{signed}"#),
    )
}

#[test]
fn when_lets_only_the_admitted_events_of_a_trigger_type_reach_the_script() {
    let lines = vec![
        claim_signed("c1", "2023-03-01T09:00:00+08:00", "cl-1", true),
        claim_signed("c2", "2023-03-01T10:00:00+08:00", "cl-2", false),
        submitted("a1", "2023-03-01T11:00:00+08:00", "ap-1", "labor"),
        tick("t", "2023-03-01T12:00:00+08:00"),
    ];
    let when = r#"#{ "labor.claim": #{ signatures_complete: true } }"#;
    let mut p = run(
        rules(&[("guarded", signed_claims_only(when))]),
        &EngineConfig::default(),
        &lines,
    );
    p.finish();
    // The unsigned claim never reached the script; approvals are not guarded, so they run.
    assert_eq!(
        messages_by(&p, "event"),
        [
            ("a1".into(), "approval.submitted".into()),
            ("c1".into(), "labor.claim".into())
        ]
    );
    assert_eq!(p.stats().rule_evaluations, [2]);
}

#[test]
fn a_when_that_names_something_wrong_is_refused_at_load_with_the_file() {
    let cases = [
        (
            r#"#{ "finance.payment": #{ purpose: "labor" } }"#,
            "THRESHOLD.when names finance.payment, which is not one of the triggers",
        ),
        (
            r#"#{ "labor.claim": #{ signed: true } }"#,
            r#"THRESHOLD.when.labor.claim: "signed" is not a field of the event contract"#,
        ),
    ];
    for (when, expected) in cases {
        let sources = [("rules/x.rhai".to_string(), signed_claims_only(when))];
        let errors = RuleSet::from_sources(&sources, 8 * 3600)
            .err()
            .expect("refused");
        assert_eq!(errors[0].file, "rules/x.rhai");
        assert!(
            errors[0].message.contains(expected),
            "{}",
            errors[0].message
        );
    }
}

/// Reports which function each event reached: its type's own handler or `on_event`.
fn typed_handler_rule(body: &str) -> String {
    script(
        "TYP-01",
        ("efficiency", "village"),
        r#""labor.claim", "registry.person""#,
        r#""village_id", "event""#,
        "",
        body,
    )
}

#[test]
fn an_event_goes_to_its_types_own_handler_and_other_types_to_on_event() {
    let rule = typed_handler_rule(
        r#"fn on_labor_claim(ev, cx) { cx.emit(#{ key: #{ event: ev.event_id }, message: `claim ${ev.claim_id}` }); }
fn on_event(ev, cx) { cx.emit(#{ key: #{ event: ev.event_id }, message: `on_event ${ev.event_type}` }); }"#,
    );
    let lines = [
        claim("e1", "2023-03-01T10:00:00+08:00", "c-1", "100.00"),
        person("e2", "2023-03-01T11:00:00+08:00", true, false),
    ];
    let mut pipeline = run(rules(&[("typ", rule)]), &EngineConfig::default(), &lines);
    pipeline.finish();
    assert_eq!(
        messages_by(&pipeline, "event"),
        [
            ("e1".into(), "claim c-1".into()),
            ("e2".into(), "on_event registry.person".into()),
        ]
    );
}

#[test]
fn handlers_for_every_trigger_need_no_on_event_and_a_missing_one_is_named_at_load() {
    let complete = typed_handler_rule(
        r#"fn on_labor_claim(ev, cx) { cx.emit(#{ key: #{ event: ev.event_id }, message: "claim" }); }
fn on_registry_person(ev, cx) { cx.emit(#{ key: #{ event: ev.event_id }, message: "person" }); }"#,
    );
    let lines = [
        claim("e1", "2023-03-01T10:00:00+08:00", "c-1", "100.00"),
        person("e2", "2023-03-01T11:00:00+08:00", true, false),
    ];
    let mut pipeline = run(
        rules(&[("typ", complete)]),
        &EngineConfig::default(),
        &lines,
    );
    pipeline.finish();
    assert_eq!(
        messages_by(&pipeline, "event"),
        [
            ("e1".into(), "claim".into()),
            ("e2".into(), "person".into())
        ]
    );

    let incomplete = typed_handler_rule(r#"fn on_labor_claim(ev, cx) {}"#);
    let errors = RuleSet::from_sources(&[("typ.rhai".into(), incomplete)], 8 * 3600)
        .err()
        .expect("refused");
    assert_eq!(errors[0].file, "typ.rhai");
    assert!(
        errors[0]
            .message
            .contains("registry.person (`fn on_registry_person(ev, cx)`)")
            && !errors[0].message.contains("labor.claim"),
        "{}",
        errors[0].message
    );
}
