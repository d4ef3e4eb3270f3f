//! A generated city replayed through the shipped rules raises every alert its truth file lists
//! and no other alert of the planted categories (`PLANTED_CATEGORIES`), and plants every threshold
//! of those categories at least once; a city of ordinary activity and near misses only raises none
//! of them at all. Every category of the catalog is planted, so this covers all 90 thresholds.

mod support;

use mingjing::generate::{GenerateConfig, Threshold, PLANTED_CATEGORIES};
use mingjing::truth::compare_with_truth;
use std::collections::BTreeMap;

#[test]
fn every_planted_alert_is_raised_and_no_other_alert_of_the_planted_categories() {
    let dir = tempfile::tempdir().unwrap();
    let config = GenerateConfig {
        villages: 30,
        days: 120,
        seed: 2024,
        anomaly_rate: 0.08,
        near_miss_rate: 0.08,
        ..GenerateConfig::default()
    };
    let (events, truth) = support::write_city(dir.path(), &config);
    let report = support::replay_files(&[events], None, None);
    assert_eq!(
        report.stats.rejected_total(),
        0,
        "generated events must all be valid: {:?}",
        report.stats.rejected
    );
    assert_eq!(
        report.stats.rule_errors.iter().sum::<u64>(),
        0,
        "no script may fail"
    );
    let comparison = compare_with_truth(&report.alerts, &truth, PLANTED_CATEGORIES);
    let missed_by_code = count_by_code(comparison.missed.iter().map(|t| t.threshold_code.as_str()));
    assert!(
        comparison.missed.is_empty(),
        "missed {} alerts of the truth file ({missed_by_code:?}), first: {:?}",
        comparison.missed.len(),
        comparison.missed.iter().take(5).collect::<Vec<_>>()
    );
    assert!(
        comparison.unexpected.is_empty(),
        "{} alerts not in the truth file, first: {:?}",
        comparison.unexpected.len(),
        comparison.unexpected.iter().take(5).collect::<Vec<_>>()
    );
    for category in PLANTED_CATEGORIES {
        for threshold in Threshold::of_category(category) {
            assert!(
                truth.iter().any(|t| t.threshold_code == threshold.code()),
                "the city plants no {} alert",
                threshold.code()
            );
        }
    }
}

#[test]
fn ordinary_activity_and_near_misses_raise_no_alert_of_the_planted_categories() {
    let dir = tempfile::tempdir().unwrap();
    let config = GenerateConfig {
        villages: 20,
        days: 90,
        seed: 77,
        anomaly_rate: 0.0,
        near_miss_rate: 0.6,
        ..GenerateConfig::default()
    };
    let (events, truth) = support::write_city(dir.path(), &config);
    assert!(truth.is_empty(), "near misses imply {:?}", truth.first());
    let report = support::replay_files(&[events], None, None);
    assert_eq!(report.stats.rejected_total(), 0);
    let raised: Vec<_> = report
        .alerts
        .iter()
        .filter(|a| PLANTED_CATEGORIES.contains(&a.category.as_str()))
        .map(|a| (&a.threshold_code, &a.message))
        .collect();
    assert!(
        raised.is_empty(),
        "{} alerts, first: {:?}",
        raised.len(),
        raised.first()
    );
}

fn count_by_code<'a>(codes: impl Iterator<Item = &'a str>) -> BTreeMap<&'a str, usize> {
    let mut counts = BTreeMap::new();
    for code in codes {
        *counts.entry(code).or_insert(0) += 1;
    }
    counts
}
