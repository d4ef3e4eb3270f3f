//! Helpers shared by the engine's integration tests.
#![allow(dead_code)]

use mingjing_engine::source::RawRecord;
use mingjing_engine::{EngineConfig, Pipeline, RuleSet};
use std::sync::Arc;

/// A contract envelope line in village vl-01.
pub fn line(id: &str, event_type: &str, at: &str, payload: &str) -> String {
    format!(
        r#"{{"event_id":"{id}","type":"{event_type}","occurred_at":"{at}","township_id":"ts-01","village_id":"vl-01","payload":{payload}}}"#
    )
}

pub fn tick(id: &str, at: &str) -> String {
    format!(
        r#"{{"event_id":"{id}","type":"clock.tick","occurred_at":"{at}","township_id":"*","village_id":"*","payload":{{}}}}"#
    )
}

pub fn submitted(id: &str, at: &str, approval_id: &str, kind: &str) -> String {
    line(
        id,
        "approval.submitted",
        at,
        &format!(
            r#"{{"approval_id":"{approval_id}","kind":"{kind}","subject_id":"s-{approval_id}","title":"测试","applicant_id":"p-1"}}"#
        ),
    )
}

pub fn completed(id: &str, at: &str, approval_id: &str) -> String {
    line(
        id,
        "approval.completed",
        at,
        &format!(r#"{{"approval_id":"{approval_id}","decision":"approved"}}"#),
    )
}

/// A registry.person version.
pub fn person(id: &str, at: &str, person_id: &str, name: &str) -> String {
    line(
        id,
        "registry.person",
        at,
        &format!(
            r#"{{"person_id":"{person_id}","name":"{name}","household_id":"h-1","is_member":true,"resident":true,"bank_accounts":[]}}"#
        ),
    )
}

/// A registry.cadre version.
pub fn cadre(id: &str, at: &str, person_id: &str) -> String {
    line(
        id,
        "registry.cadre",
        at,
        &format!(r#"{{"person_id":"{person_id}","role":"director","term_start":"2021-01-01"}}"#),
    )
}

/// The deletion of a registry.cadre record.
pub fn cadre_deleted(id: &str, at: &str, person_id: &str) -> String {
    line(
        id,
        "registry.cadre",
        at,
        &format!(r#"{{"person_id":"{person_id}","role":"director","deleted":true}}"#),
    )
}

/// A script with the given header values and body.
pub fn script(
    code: &str,
    kind_route: (&str, &str),
    triggers: &str,
    dedup: &str,
    params: &str,
    body: &str,
) -> String {
    format!(
        r#"const THRESHOLD = #{{ id: "test.{code}", code: "{code}", category: "test", name_zh: "测试", kind: "{}", route: "{}", triggers: [{triggers}], dedup_key: [{dedup}] }};
const PARAMS = #{{ {params} }};
{body}"#,
        kind_route.0, kind_route.1
    )
}

pub fn rules(scripts: &[(&str, String)]) -> Arc<RuleSet> {
    let sources: Vec<(String, String)> = scripts
        .iter()
        .map(|(n, s)| (n.to_string(), s.clone()))
        .collect();
    Arc::new(RuleSet::from_sources(&sources, 8 * 3600).unwrap_or_else(|e| panic!("{e:?}")))
}

pub fn run(rules: Arc<RuleSet>, config: &EngineConfig, lines: &[String]) -> Pipeline {
    let mut pipeline = Pipeline::new(rules, config).expect("pipeline");
    feed(&mut pipeline, lines);
    pipeline
}

pub fn feed(pipeline: &mut Pipeline, lines: &[String]) {
    for (i, l) in lines.iter().enumerate() {
        pipeline.offer(&RawRecord {
            source: "test".into(),
            position: i as u64 + 1,
            partition: 0,
            bytes: l.clone().into_bytes(),
        });
    }
}

/// A rule that numbers every approval.submitted in application order: message = order.
pub fn order_recorder() -> String {
    script(
        "ORD-01",
        ("efficiency", "village"),
        r#""approval.submitted""#,
        r#""village_id", "approval_id""#,
        "",
        r#"fn on_event(ev, cx) {
    let n = cx.get("n");
    let n = if type_of(n) == "()" { 1 } else { n + 1 };
    cx.set("n", n);
    cx.emit(#{ key: #{ approval_id: ev.approval_id }, message: `${n}` });
}"#,
    )
}

/// The SEA-05 shape: an approval must complete within max_pending.
pub fn deadline_rule() -> String {
    script(
        "DLN-01",
        ("efficiency", "village"),
        r#""approval.submitted", "clock.tick""#,
        r#""village_id", "approval_id""#,
        r#"max_pending: duration("48h")"#,
        r#"fn on_event(ev, cx) {
    cx.set_timer(ev.approval_id, ev.occurred_at + cx.params.max_pending, #{ approval_id: ev.approval_id });
}
fn on_timer(t, cx) {
    let done = cx.record("approval.completed", t.data.approval_id);
    if type_of(done) != "()" && done.occurred_at <= t.due { return; }
    cx.emit(#{ key: #{ approval_id: t.data.approval_id }, message: `审批 ${t.data.approval_id} 超时` });
}"#,
    )
}

/// (value of the dedup key member `key`, message) of every alert, sorted.
pub fn messages_by(pipeline: &Pipeline, key: &str) -> Vec<(String, String)> {
    let mut all: Vec<_> = pipeline
        .alerts()
        .values()
        .map(|a| (a.dedup_key.get(key).unwrap().to_string(), a.message.clone()))
        .collect();
    all.sort();
    all
}
