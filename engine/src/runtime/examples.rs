//! Examples beside each threshold script: events in, the alerts that must (or must not) come
//! out. `mingjing rules test` and the test suite run them.

use super::rule_set::{RuleSet, Threshold};
use crate::config::EngineConfig;
use crate::pipeline::Pipeline;
use crate::source::RawRecord;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// One example: JSON lines of events and the dedup keys of the alerts the threshold raises.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    pub name: String,
    /// Events, one JSON object per line, fed in this order.
    pub events: String,
    /// Every alert of this threshold, as its dedup key; empty means it stays quiet.
    #[serde(default)]
    pub expect: Vec<BTreeMap<String, String>>,
    /// Texts the message of each raised alert must contain.
    #[serde(default)]
    pub message_contains: Vec<String>,
}

/// The result of one example.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExampleOutcome {
    pub threshold_code: String,
    pub name: String,
    pub fires: bool,
    pub failure: Option<String>,
}

/// Reads an examples file.
pub fn load_examples(path: &Path) -> Result<Vec<Example>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    serde_yaml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Runs one example against a threshold alone.
pub fn run_example(
    rules: &RuleSet,
    threshold: &Threshold,
    example: &Example,
    config: &EngineConfig,
) -> ExampleOutcome {
    let fires = !example.expect.is_empty();
    let outcome = |failure: Option<String>| ExampleOutcome {
        threshold_code: threshold.meta.code.clone(),
        name: example.name.clone(),
        fires,
        failure,
    };
    let only = Arc::new(rules.subset(|t| t.meta.id == threshold.meta.id));
    let mut pipeline = match Pipeline::new(only, config) {
        Ok(p) => p,
        Err(e) => return outcome(Some(e.to_string())),
    };
    let lines = example.events.lines().filter(|l| !l.trim().is_empty());
    for (number, line) in lines.enumerate() {
        let record = RawRecord {
            source: "example".into(),
            position: number as u64 + 1,
            partition: 0,
            bytes: line.as_bytes().to_vec(),
        };
        pipeline.offer(&record);
    }
    pipeline.finish();
    if let Some(reject) = pipeline.take_rejects().first() {
        return outcome(Some(format!(
            "event {} was rejected: {}: {}",
            reject.position, reject.reason, reject.detail
        )));
    }
    let errors: u64 = pipeline.stats().rule_errors.iter().sum();
    if errors > 0 {
        return outcome(Some(format!(
            "the script failed {errors} time(s); see the log"
        )));
    }
    let raised: Vec<BTreeMap<String, String>> = pipeline
        .alerts()
        .values()
        .map(|a| a.dedup_key.0.iter().cloned().collect())
        .collect();
    let mut expected = example.expect.clone();
    expected.sort();
    let mut actual = raised.clone();
    actual.sort();
    if expected != actual {
        return outcome(Some(format!(
            "expected alerts {expected:?}, raised {actual:?}"
        )));
    }
    for alert in pipeline.alerts().values() {
        for text in &example.message_contains {
            if !alert.message.contains(text.as_str()) {
                return outcome(Some(format!("message {:?} lacks {text:?}", alert.message)));
            }
        }
    }
    outcome(None)
}

/// Runs every example of every threshold that has an examples file.
pub fn run_all(rules: &RuleSet, config: &EngineConfig) -> Result<Vec<ExampleOutcome>, String> {
    let mut outcomes = Vec::new();
    for threshold in &rules.thresholds {
        let Some(path) = &threshold.examples else {
            continue;
        };
        for example in load_examples(path)? {
            outcomes.push(run_example(rules, threshold, &example, config));
        }
    }
    Ok(outcomes)
}
