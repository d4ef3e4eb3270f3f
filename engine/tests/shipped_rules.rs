//! The shipped threshold scripts load, and every example beside them passes.

use mingjing_engine::runtime::examples::{load_examples, run_all};
use mingjing_engine::{EngineConfig, RuleSet};
use std::path::PathBuf;

fn rules_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../rules")
}

#[test]
fn every_shipped_example_passes() {
    let rules = RuleSet::load_dir(&rules_dir(), 8 * 3600)
        .unwrap_or_else(|e| panic!("rules did not load: {e:?}"));
    let outcomes = run_all(&rules, &EngineConfig::default()).expect("examples load");
    let failures: Vec<String> = outcomes
        .iter()
        .filter_map(|o| {
            o.failure
                .as_ref()
                .map(|f| format!("{} {}: {f}", o.threshold_code, o.name))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "failing examples:\n{}",
        failures.join("\n")
    );
    assert!(
        outcomes.len() >= 18,
        "expected examples for every labor threshold, found {}",
        outcomes.len()
    );
}

#[test]
fn every_threshold_has_an_example_that_fires_and_one_that_stays_quiet() {
    let rules = RuleSet::load_dir(&rules_dir(), 8 * 3600).expect("rules load");
    for threshold in &rules.thresholds {
        let path = threshold
            .examples
            .as_ref()
            .unwrap_or_else(|| panic!("{} has no examples file", threshold.meta.code));
        let examples = load_examples(path).expect("examples parse");
        assert!(
            examples.iter().any(|e| !e.expect.is_empty()),
            "{} has no example that fires",
            threshold.meta.code
        );
        assert!(
            examples.iter().any(|e| e.expect.is_empty()),
            "{} has no example that stays quiet",
            threshold.meta.code
        );
    }
}

#[test]
fn labor_category_is_complete() {
    let rules = RuleSet::load_dir(&rules_dir(), 8 * 3600).expect("rules load");
    let codes: Vec<&str> = rules
        .thresholds
        .iter()
        .filter(|t| t.meta.category == "labor")
        .map(|t| t.meta.code.as_str())
        .collect();
    assert_eq!(
        codes,
        [
            "LAB-01", "LAB-02", "LAB-03", "LAB-04", "LAB-05", "LAB-06", "LAB-07", "LAB-08",
            "LAB-09"
        ]
    );
}
