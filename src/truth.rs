//! Ground truth of a generated city and the comparison of alerts with it.

use anyhow::Context;
use mingjing_engine::Alert;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// One alert the generated data must raise.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
pub struct TruthEntry {
    pub threshold_id: String,
    #[serde(default)]
    pub threshold_code: String,
    pub dedup_key: BTreeMap<String, String>,
}

/// Reads a truth file (JSON lines).
pub fn read_truth(path: &Path) -> anyhow::Result<Vec<TruthEntry>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading the truth file {}", path.display()))?;
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(i, l)| {
            serde_json::from_str(l).with_context(|| format!("{}:{}", path.display(), i + 1))
        })
        .collect()
}

/// How alerts compare with the truth.
#[derive(Clone, Debug, Default)]
pub struct TruthComparison {
    pub found: usize,
    pub missed: Vec<TruthEntry>,
    /// Alerts of the thresholds covered by the truth that the truth does not list.
    pub unexpected: Vec<(String, BTreeMap<String, String>)>,
    /// found / planted per threshold id.
    pub per_threshold: BTreeMap<String, (usize, usize)>,
    /// Alerts of categories the truth does not cover (the generator plants none there).
    pub outside_scope: usize,
}

/// Compares alerts with the truth: every planted entry raised, nothing raised that is not planted,
/// within the `covered` categories (those the generator plants and writes the truth of).
pub fn compare_with_truth(
    alerts: &[Alert],
    truth: &[TruthEntry],
    covered: &[&str],
) -> TruthComparison {
    let in_scope = |a: &&Alert| covered.contains(&a.category.as_str());
    let raised: BTreeSet<(String, BTreeMap<String, String>)> = alerts
        .iter()
        .filter(in_scope)
        .map(|a| {
            (
                a.threshold_id.clone(),
                a.dedup_key.0.iter().cloned().collect(),
            )
        })
        .collect();
    let expected: BTreeSet<(String, BTreeMap<String, String>)> = truth
        .iter()
        .map(|t| (t.threshold_id.clone(), t.dedup_key.clone()))
        .collect();
    let mut comparison = TruthComparison {
        outside_scope: alerts.len() - alerts.iter().filter(in_scope).count(),
        ..TruthComparison::default()
    };
    for entry in truth {
        let slot = comparison
            .per_threshold
            .entry(entry.threshold_id.clone())
            .or_default();
        slot.1 += 1;
        if raised.contains(&(entry.threshold_id.clone(), entry.dedup_key.clone())) {
            slot.0 += 1;
            comparison.found += 1;
        } else {
            comparison.missed.push(entry.clone());
        }
    }
    comparison.unexpected = raised
        .into_iter()
        .filter(|r| !expected.contains(r))
        .collect();
    comparison
}
