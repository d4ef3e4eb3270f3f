//! A generated city replayed through the shipped rules raises every planted labor anomaly and
//! no other labor alert (the generator plants labor anomalies only).

mod support;

use mingjing::generate::{GenerateConfig, PLANTED_CATEGORIES};
use mingjing::truth::compare_with_truth;

#[test]
fn every_planted_labor_anomaly_is_found_and_no_other_labor_alert() {
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
    assert!(
        comparison.missed.is_empty(),
        "missed {} planted alerts, first: {:?}",
        comparison.missed.len(),
        comparison.missed.first()
    );
    assert!(
        comparison.unexpected.is_empty(),
        "{} alerts not in the truth file, first: {:?}",
        comparison.unexpected.len(),
        comparison.unexpected.first()
    );
    for code in [
        "LAB-01", "LAB-02", "LAB-03", "LAB-04", "LAB-05", "LAB-06", "LAB-07", "LAB-08", "LAB-09",
    ] {
        assert!(
            truth.iter().any(|t| t.threshold_code == code),
            "the city plants no {code} anomaly"
        );
    }
}
