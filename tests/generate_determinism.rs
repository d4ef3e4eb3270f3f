//! The generator's public contract: deterministic bytes per seed, contract-shaped lines, unique
//! event ids, time order, exact money literals, consistent claims, and planted anomalies and near
//! misses for every threshold of the planted categories.

use mingjing::generate::{generate, GenerateConfig, GenerateSummary, Threshold};
use serde_json::Value;
use std::collections::HashSet;

fn small_city(seed: u64) -> GenerateConfig {
    GenerateConfig {
        villages: 20,
        townships: GenerateConfig::townships_for(20),
        days: 60,
        seed,
        anomaly_rate: 0.2,
        near_miss_rate: 0.2,
        ..GenerateConfig::default()
    }
}

fn run(config: &GenerateConfig) -> (Vec<u8>, Vec<u8>, GenerateSummary) {
    let mut events = Vec::new();
    let mut truth = Vec::new();
    let summary = generate(config, &mut events, &mut truth).expect("generation succeeds");
    (events, truth, summary)
}

fn lines(bytes: &[u8]) -> Vec<Value> {
    std::str::from_utf8(bytes)
        .expect("UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("every line is JSON"))
        .collect()
}

/// Visits every money member (amount, total_amount, lines[].amount, annual_cap,
/// allowance_monthly, cash_on_hand, unit prices, rents, bids, awards, settlements) of a payload.
fn money_literals(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                if matches!(
                    k.as_str(),
                    "amount"
                        | "total_amount"
                        | "annual_cap"
                        | "allowance_monthly"
                        | "cash_on_hand"
                        | "unit_price"
                        | "reference_unit_price"
                        | "annual_rent"
                        | "bid_amount"
                        | "award_amount"
                        | "settled_amount"
                ) {
                    out.push(match v {
                        Value::Number(n) => n.to_string(),
                        other => panic!("{k} is not a number: {other}"),
                    });
                } else {
                    money_literals(v, out);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| money_literals(v, out)),
        _ => {}
    }
}

fn fen(literal: &str) -> i64 {
    let (whole, frac) = literal.split_once('.').unwrap_or((literal, ""));
    whole.parse::<i64>().unwrap() * 100 + format!("{frac:0<2}").parse::<i64>().unwrap()
}

#[test]
fn same_seed_gives_identical_bytes() {
    let (events_a, truth_a, summary_a) = run(&small_city(42));
    let (events_b, truth_b, summary_b) = run(&small_city(42));
    assert!(events_a == events_b, "events differ for the same seed");
    assert!(truth_a == truth_b, "truth differs for the same seed");
    assert_eq!(summary_a, summary_b);
}

#[test]
fn different_seeds_give_different_cities() {
    let (events_a, truth_a, _) = run(&small_city(1));
    let (events_b, truth_b, _) = run(&small_city(2));
    assert!(events_a != events_b);
    assert!(truth_a != truth_b);
}

#[test]
fn lines_are_envelopes_with_unique_ids_in_time_order() {
    let (events, _, summary) = run(&small_city(3));
    let events = lines(&events);
    assert_eq!(events.len() as u64, summary.events);
    let mut ids = HashSet::new();
    let mut last_business: Option<chrono::DateTime<chrono::FixedOffset>> = None;
    let mut last_any: Option<chrono::DateTime<chrono::FixedOffset>> = None;
    let mut registry_done = false;
    for e in &events {
        let object = e.as_object().expect("a JSON object");
        for member in [
            "event_id",
            "type",
            "occurred_at",
            "township_id",
            "village_id",
        ] {
            assert!(
                object.get(member).is_some_and(Value::is_string),
                "{member} in {e}"
            );
        }
        assert!(
            object.get("payload").is_some_and(Value::is_object),
            "payload in {e}"
        );
        assert!(
            ids.insert(e["event_id"].as_str().unwrap().to_string()),
            "repeated id {e}"
        );
        let at = chrono::DateTime::parse_from_rfc3339(e["occurred_at"].as_str().unwrap())
            .expect("RFC 3339 occurred_at");
        assert!(e["occurred_at"].as_str().unwrap().ends_with("+08:00"));
        assert!(
            last_any.is_none_or(|t| t <= at),
            "occurred_at decreases at {e}"
        );
        last_any = Some(at);
        let kind = e["type"].as_str().unwrap();
        if (kind == "registry.kinship" || kind == "registry.person") && registry_done {
            // Cadres renew their kinship declarations and deaths are recorded as the year goes
            // on.
            assert!(at.date_naive() >= small_city(3).start_date, "{e}");
        } else if kind.starts_with("registry.") {
            assert!(!registry_done, "registry event after business events: {e}");
            assert!(at.date_naive() < small_city(3).start_date);
        } else {
            registry_done = true;
            assert!(last_business.is_none_or(|t| t <= at));
            last_business = Some(at);
        }
        let global = e["village_id"] == "*" || e["township_id"] == "*";
        if global {
            assert!(matches!(
                kind,
                "registry.company" | "registry.calendar" | "clock.tick"
            ));
        }
    }
    let ticks = events.iter().filter(|e| e["type"] == "clock.tick").count();
    assert_eq!(ticks, 60);
}

#[test]
fn money_literals_are_exact_with_at_most_two_fraction_digits() {
    let (events, _, _) = run(&small_city(4));
    let mut literals = Vec::new();
    for e in lines(&events) {
        money_literals(&e["payload"], &mut literals);
    }
    assert!(literals.len() > 1000);
    for literal in literals {
        let ok = !literal.contains(['e', 'E', '-'])
            && literal
                .split_once('.')
                .is_none_or(|(_, frac)| frac.len() <= 2 && !frac.is_empty());
        assert!(ok, "money literal {literal}");
    }
}

#[test]
fn claim_totals_are_the_sum_of_their_lines_and_payments_match_lines() {
    let (events, _, _) = run(&small_city(5));
    let events = lines(&events);
    let mut claims = 0;
    for claim in events.iter().filter(|e| e["type"] == "labor.claim") {
        let p = &claim["payload"];
        let sum: i64 = p["lines"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| fen(&l["amount"].to_string()))
            .sum();
        assert_eq!(sum, fen(&p["total_amount"].to_string()), "{claim}");
        claims += 1;
    }
    assert!(claims > 100);
    let mut labor_payments = 0;
    for payment in events.iter().filter(|e| e["type"] == "finance.payment") {
        let p = &payment["payload"];
        assert!(fen(&p["amount"].to_string()) > 0);
        if p["claim_id"].is_string() {
            assert_eq!(p["purpose"], "labor");
            assert!(p["approval_id"].is_string());
            labor_payments += 1;
        } else {
            assert_ne!(
                p["purpose"], "labor",
                "labor pay names its claim: {payment}"
            );
        }
    }
    assert!(labor_payments > 100);
}

#[test]
fn every_planted_threshold_has_truth_entries_and_near_misses() {
    // A third of a year, so that quarterly publications fall due.
    let (_, truth, summary) = run(&GenerateConfig {
        days: 120,
        ..small_city(6)
    });
    let truth = lines(&truth);
    assert_eq!(truth.len() as u64, summary.truth_entries);
    for threshold in Threshold::ALL {
        let entries = truth
            .iter()
            .filter(|t| t["threshold_id"] == threshold.id())
            .collect::<Vec<_>>();
        assert!(
            !entries.is_empty(),
            "no truth entry for {}",
            threshold.code()
        );
        for entry in entries {
            assert_eq!(entry["threshold_code"], threshold.code());
            let key = entry["dedup_key"].as_object().unwrap();
            assert_eq!(key.len(), threshold.dedup_fields().len());
            for field in threshold.dedup_fields() {
                assert!(key.get(*field).is_some_and(Value::is_string), "{entry}");
            }
        }
        let planted = summary.planted_by_threshold.get(threshold.code());
        assert!(
            planted.is_some_and(|n| *n > 0),
            "no {} planted",
            threshold.code()
        );
        let near = summary.near_misses_by_threshold.get(threshold.code());
        assert!(
            near.is_some_and(|n| *n > 0),
            "no {} near miss",
            threshold.code()
        );
    }
}

#[test]
fn clean_city_has_no_truth() {
    let config = GenerateConfig {
        anomaly_rate: 0.0,
        near_miss_rate: 0.0,
        ..small_city(7)
    };
    let (_, truth, summary) = run(&config);
    assert!(truth.is_empty());
    assert_eq!(summary.truth_entries, 0);
    assert!(summary.planted_by_threshold.is_empty());
}
