//! End-to-end checks of generated cities: contract validity, and a labor truth equal to an
//! independent evaluation of the labor conditions (the truth of the other planted categories is
//! proven against the shipped rules by tests/planted_proof.rs).

use chrono::NaiveDate;
use std::collections::BTreeSet;

use super::assets::cases::NEAR_MISSED_BY_ANOMALIES;
use super::contract_check::check_line;
use super::reference::{labor_alerts, truth_keys, AlertKey};
use super::threshold::Threshold;
use super::{generate, GenerateConfig, GenerateSummary};

fn small_city(seed: u64, anomaly_rate: f64, near_miss_rate: f64) -> GenerateConfig {
    GenerateConfig {
        villages: 20,
        townships: 2,
        days: 60,
        seed,
        anomaly_rate,
        near_miss_rate,
        ..GenerateConfig::default()
    }
}

/// A small city long enough for the first quarter's publications to fall due (DIS-01, DIS-03,
/// DIS-05 are planted on them).
fn quarter_city(seed: u64, anomaly_rate: f64, near_miss_rate: f64) -> GenerateConfig {
    GenerateConfig {
        days: 120,
        ..small_city(seed, anomaly_rate, near_miss_rate)
    }
}

fn run(config: &GenerateConfig) -> (String, String, GenerateSummary) {
    let mut events = Vec::new();
    let mut truth = Vec::new();
    let summary = generate(config, &mut events, &mut truth).expect("generation");
    (
        String::from_utf8(events).unwrap(),
        String::from_utf8(truth).unwrap(),
        summary,
    )
}

fn show(keys: &BTreeSet<AlertKey>) -> String {
    keys.iter()
        .take(20)
        .map(|k| format!("{k:?}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The truth entries of the labor category.
fn labor_truth(truth: &str) -> BTreeSet<AlertKey> {
    truth_keys(truth)
        .into_iter()
        .filter(|(id, _)| id.starts_with("labor."))
        .collect()
}

fn assert_truth_is_exact(config: &GenerateConfig) -> GenerateSummary {
    let (events, truth, summary) = run(config);
    let expected = labor_truth(&truth);
    let implied = labor_alerts(&events);
    let missing: BTreeSet<_> = implied.difference(&expected).cloned().collect();
    let extra: BTreeSet<_> = expected.difference(&implied).cloned().collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "implied but not in truth:\n{}\nin truth but not implied:\n{}",
        show(&missing),
        show(&extra)
    );
    assert_eq!(summary.truth_entries as usize, truth_keys(&truth).len());
    summary
}

#[test]
fn truth_equals_the_alerts_the_events_imply() {
    for seed in [1, 2, 3] {
        assert_truth_is_exact(&small_city(seed, 0.2, 0.2));
    }
}

#[test]
fn truth_is_exact_across_a_new_year_and_a_leap_year() {
    let config = GenerateConfig {
        start_date: NaiveDate::from_ymd_opt(2023, 12, 1).unwrap(),
        days: 120,
        villages: 12,
        ..small_city(7, 0.15, 0.15)
    };
    assert_truth_is_exact(&config);
}

#[test]
fn truth_lines_list_dedup_members_in_catalog_order() {
    let (_, truth, _) = run(&small_city(2, 0.2, 0.0));
    for line in truth.lines() {
        let threshold = Threshold::ALL
            .into_iter()
            .find(|t| line.contains(&format!("\"threshold_id\":\"{}\"", t.id())))
            .expect("a planted threshold");
        assert!(line.contains(&format!("\"threshold_code\":\"{}\"", threshold.code())));
        let key_text = &line[line.find("\"dedup_key\"").unwrap()..];
        let positions: Vec<usize> = threshold
            .dedup_fields()
            .iter()
            .map(|f| {
                key_text
                    .find(&format!("\"{f}\":\""))
                    .expect("member present")
            })
            .collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "{line}");
    }
}

#[test]
fn clean_data_and_near_misses_raise_nothing() {
    let (events, truth, _) = run(&small_city(5, 0.0, 0.0));
    assert!(truth.is_empty());
    assert!(labor_alerts(&events).is_empty());

    let (events, truth, summary) = run(&quarter_city(6, 0.0, 0.5));
    assert!(
        truth.is_empty(),
        "near misses imply:\n{}",
        &truth[..truth.len().min(2000)]
    );
    assert!(labor_alerts(&events).is_empty());
    // Every threshold has near misses of its own, except those whose boundary only an anomaly
    // of another threshold can carry.
    let carried = NEAR_MISSED_BY_ANOMALIES.len();
    assert_eq!(
        summary.near_misses_by_threshold.len(),
        Threshold::ALL.len() - carried
    );
    for t in NEAR_MISSED_BY_ANOMALIES {
        assert!(!summary.near_misses_by_threshold.contains_key(t.code()));
    }
}

#[test]
fn every_planted_threshold_is_planted_and_near_missed() {
    let summary = assert_truth_is_exact(&quarter_city(11, 0.2, 0.2));
    let (_, truth, _) = run(&quarter_city(11, 0.2, 0.2));
    for t in Threshold::ALL {
        assert!(
            summary
                .planted_by_threshold
                .get(t.code())
                .copied()
                .unwrap_or(0)
                > 0,
            "no anomaly planted for {}",
            t.code()
        );
        assert!(
            summary
                .near_misses_by_threshold
                .get(t.code())
                .copied()
                .unwrap_or(0)
                > 0,
            "no near miss planted for {}",
            t.code()
        );
        assert!(truth.contains(t.id()), "no truth entry for {}", t.id());
    }
}

#[test]
fn every_line_honours_the_contract() {
    let (events, _, summary) = run(&small_city(4, 0.2, 0.2));
    let mut count = 0;
    for (n, line) in events.lines().enumerate() {
        if let Err(reason) = check_line(line) {
            panic!("line {}: {reason}\n{line}", n + 1);
        }
        count += 1;
    }
    assert_eq!(count, summary.events);
    assert_eq!(summary.by_type.values().sum::<u64>(), summary.events);
}

#[test]
fn same_seed_same_bytes_other_seed_other_bytes() {
    let (a, ta, _) = run(&small_city(9, 0.1, 0.1));
    let (b, tb, _) = run(&small_city(9, 0.1, 0.1));
    let (c, _, _) = run(&small_city(10, 0.1, 0.1));
    assert_eq!(a, b);
    assert_eq!(ta, tb);
    assert_ne!(a, c);
}

#[test]
fn a_single_village_of_one_day_is_valid() {
    let config = GenerateConfig {
        villages: 1,
        days: 1,
        ..GenerateConfig::default()
    };
    let (events, truth, summary) = run(&config);
    assert!(truth.is_empty());
    assert!(summary.events > 300);
    for line in events.lines() {
        check_line(line).unwrap();
    }
}

#[test]
fn invalid_configurations_are_refused() {
    for config in [
        GenerateConfig {
            villages: 0,
            ..GenerateConfig::default()
        },
        GenerateConfig {
            days: 0,
            ..GenerateConfig::default()
        },
        GenerateConfig {
            anomaly_rate: 0.7,
            near_miss_rate: 0.7,
            ..GenerateConfig::default()
        },
    ] {
        let err = generate(&config, &mut Vec::new(), &mut Vec::new()).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
    }
}

#[test]
#[ignore = "long: many seeds and periods"]
fn truth_is_exact_for_many_seeds() {
    for seed in 100..130 {
        let config = GenerateConfig {
            villages: 15,
            days: 30 + (seed as u32 % 5) * 70,
            start_date: NaiveDate::from_ymd_opt(
                2022 + (seed as i32 % 4),
                1 + (seed as u32 % 12),
                3,
            )
            .unwrap(),
            ..small_city(seed, 0.3, 0.3)
        };
        assert_truth_is_exact(&config);
    }
}
