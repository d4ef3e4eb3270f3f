//! What the end-to-end benchmark (`benches/end_to_end.rs`) works out without a broker: the
//! city split into a backlog and a live tail, each line's topic and key, the closing tick, and
//! the latency from producing an event to its alert becoming durable.

use chrono::{DateTime, Duration};
use mingjing::generate::{generate, GenerateConfig};
use mingjing_engine::event::EventType;
use serde_json::Value;
use std::collections::{HashMap, HashSet};

/// The key of records that belong to no village (events.md: `*`).
const GLOBAL_KEY: &str = "*";

/// One line of a generated city with what producing it needs.
#[derive(Clone, Debug)]
pub struct CityEvent {
    pub topic: &'static str,
    /// village_id, or `*` for global records.
    pub key: String,
    pub event_id: String,
    pub occurred_at_ms: i64,
    pub is_tick: bool,
    pub line: String,
}

impl CityEvent {
    /// Reads a line the generator wrote; None if it is not an event of the contract.
    pub fn parse(line: &str) -> Option<CityEvent> {
        let value: Value = serde_json::from_str(line).ok()?;
        let kind = value["type"].as_str()?;
        Some(CityEvent {
            topic: EventType::parse(kind)?.topic(),
            key: value["village_id"]
                .as_str()
                .unwrap_or(GLOBAL_KEY)
                .to_string(),
            event_id: value["event_id"].as_str()?.to_string(),
            occurred_at_ms: instant_ms(value["occurred_at"].as_str()?)?,
            is_tick: kind == "clock.tick",
            line: line.to_string(),
        })
    }
}

/// Milliseconds since the epoch of an RFC 3339 timestamp.
fn instant_ms(text: &str) -> Option<i64> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.timestamp_millis())
}

/// A generated city (seed and anomaly rate fixed by the caller) as events in occurred_at order.
pub fn generate_city(villages: u32, days: u32, seed: u64, anomaly_rate: f64) -> Vec<CityEvent> {
    let config = GenerateConfig {
        days,
        seed,
        anomaly_rate,
        ..GenerateConfig::with_villages(villages)
    };
    let mut events = Vec::new();
    generate(&config, &mut events, &mut std::io::sink()).unwrap_or_else(|e| {
        panic!("cannot generate a city of {villages} villages over {days} days: {e}")
    });
    String::from_utf8(events)
        .expect("the generator writes UTF-8")
        .lines()
        .map(|line| {
            CityEvent::parse(line).unwrap_or_else(|| {
                panic!("the generator wrote a line that is not an event: {line}")
            })
        })
        .collect()
}

/// The city cut in time: what is already on the broker when `mingjing run` starts, and what is
/// produced while it runs.
pub struct Split {
    pub backlog: Vec<CityEvent>,
    pub tail: Vec<CityEvent>,
}

/// Cuts after the first daily tick at or beyond `share` of the lines, so the backlog ends with a
/// whole day.
pub fn split_after_day(events: Vec<CityEvent>, share: f64) -> Split {
    let first_candidate = (events.len() as f64 * share) as usize;
    let cut = events
        .iter()
        .enumerate()
        .skip(first_candidate)
        .find(|(_, e)| e.is_tick)
        .map_or(events.len(), |(i, _)| i + 1);
    let mut backlog = events;
    let tail = backlog.split_off(cut);
    Split { backlog, tail }
}

/// A tick `lateness` of event time after the last one: it moves every partition's watermark
/// past everything produced, so the engine applies all of it.
pub fn closing_tick(events: &[CityEvent], lateness: Duration) -> CityEvent {
    let last_tick = events
        .iter()
        .rev()
        .find(|e| e.is_tick)
        .expect("a generated city has daily ticks");
    let mut tick: Value = serde_json::from_str(&last_tick.line).expect("a tick line is JSON");
    let at = DateTime::parse_from_rfc3339(tick["occurred_at"].as_str().unwrap_or_default())
        .expect("a tick has an RFC 3339 occurred_at")
        + lateness;
    tick["occurred_at"] = Value::from(at.to_rfc3339());
    tick["event_id"] = Value::from("tick-bench-closing");
    CityEvent::parse(&tick.to_string()).expect("the closing tick is an event")
}

/// How many seconds of event time the stream covers per second of real time at `rate`
/// events/s.
pub fn event_time_speed(tail: &[CityEvent], rate: f64) -> f64 {
    let (Some(first), Some(last)) = (tail.first(), tail.last()) else {
        return 0.0;
    };
    let event_seconds = (last.occurred_at_ms - first.occurred_at_ms) as f64 / 1000.0;
    let real_seconds = tail.len() as f64 / rate;
    event_seconds / real_seconds
}

/// One message read from the alert topic.
pub struct AlertMessage {
    /// The message timestamp (CreateTime: set when the alert was published, after the store
    /// committed it).
    pub timestamp_ms: i64,
    pub alert: Value,
}

/// The latency of one alert publication.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AlertLatency {
    /// When the latest of its live evidence events was produced (ms since the epoch).
    pub produced_ms: i64,
    pub latency_ms: i64,
    /// The alert was detected at an event time later than its latest evidence: it was raised by
    /// a timer or by an event not in its evidence, so it also waited for event time to move on.
    pub detected_after_evidence: bool,
}

/// For each publication that brings tail evidence its alert did not have before: its timestamp
/// minus the latest produce time among its evidence events produced in the tail (`produced_ms`,
/// by event_id). Alerts with backlog evidence only, and republications adding no tail evidence,
/// say nothing about the stream and are left out.
pub fn alert_latencies(
    messages: &[AlertMessage],
    produced_ms: &HashMap<String, i64>,
) -> Vec<AlertLatency> {
    let mut seen: HashMap<String, HashSet<String>> = HashMap::new();
    let mut latencies = Vec::new();
    for message in messages {
        let alert_id = message.alert["alert_id"].as_str().unwrap_or_default();
        let evidence = message.alert["evidence"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let tail_ids: Vec<&str> = evidence
            .iter()
            .filter_map(|e| e["event_id"].as_str())
            .filter(|id| produced_ms.contains_key(*id))
            .collect();
        let known = seen.entry(alert_id.to_string()).or_default();
        let brings_new = tail_ids.iter().any(|id| !known.contains(*id));
        known.extend(tail_ids.iter().map(|id| id.to_string()));
        if !brings_new {
            continue;
        }
        let last_produced = tail_ids
            .iter()
            .map(|id| produced_ms[*id])
            .max()
            .expect("a publication bringing tail evidence has some");
        let latest_evidence = evidence
            .iter()
            .filter_map(|e| instant_ms(e["occurred_at"].as_str()?))
            .max();
        let detected = message.alert["detected_at"].as_str().and_then(instant_ms);
        latencies.push(AlertLatency {
            produced_ms: last_produced,
            latency_ms: message.timestamp_ms - last_produced,
            detected_after_evidence: matches!((detected, latest_evidence), (Some(d), Some(e)) if d > e),
        });
    }
    latencies
}

/// Count, median, 99th percentile and maximum (nearest rank), in the unit of the input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Percentiles {
    pub count: usize,
    pub p50: i64,
    pub p99: i64,
    pub max: i64,
}

impl Percentiles {
    /// None for no values.
    pub fn of(values: impl IntoIterator<Item = i64>) -> Option<Percentiles> {
        let mut sorted: Vec<i64> = values.into_iter().collect();
        sorted.sort_unstable();
        let max = *sorted.last()?;
        let rank =
            |q: f64| sorted[((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len()) - 1];
        Some(Percentiles {
            count: sorted.len(),
            p50: rank(0.50),
            p99: rank(0.99),
            max,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn line(id: &str, kind: &str, at: &str) -> String {
        json!({"event_id": id, "type": kind, "occurred_at": at, "village_id": "vl-0001"})
            .to_string()
    }

    #[test]
    fn the_backlog_ends_with_a_whole_day() {
        let events: Vec<CityEvent> = [
            line("a", "labor.claim", "2023-01-01T09:00:00+08:00"),
            line("b", "labor.claim", "2023-01-01T10:00:00+08:00"),
            line("t1", "clock.tick", "2023-01-02T00:00:00+08:00"),
            line("c", "labor.claim", "2023-01-02T09:00:00+08:00"),
            line("t2", "clock.tick", "2023-01-03T00:00:00+08:00"),
        ]
        .iter()
        .map(|l| CityEvent::parse(l).expect("test lines are events"))
        .collect();
        let split = split_after_day(events.clone(), 0.2);
        assert_eq!(split.backlog.len(), 3);
        assert_eq!(split.tail.len(), 2);
        assert_eq!(split.backlog[0].topic, "cunwu.labor");
        assert_eq!(split.backlog[2].topic, "cunwu.registry");
        let closing = closing_tick(&events, Duration::minutes(10));
        assert_eq!(closing.occurred_at_ms - events[4].occurred_at_ms, 600_000);
        assert!(closing.is_tick);
    }

    #[test]
    fn latency_counts_from_the_last_tail_evidence_and_skips_what_brings_nothing_new() {
        let produced: HashMap<String, i64> = [("t1".into(), 1_000), ("t2".into(), 1_040)].into();
        let alert = |evidence: &[&str], detected: &str| {
            json!({
                "alert_id": "al-1",
                "detected_at": detected,
                "evidence": evidence.iter().map(|id| json!({"event_id": id, "occurred_at": "2023-01-01T10:00:00+08:00"})).collect::<Vec<_>>(),
            })
        };
        let messages = [
            AlertMessage {
                timestamp_ms: 900,
                alert: alert(&["backlog-only"], "2023-01-01T10:00:00+08:00"),
            },
            AlertMessage {
                timestamp_ms: 1_070,
                alert: alert(&["backlog-only", "t1", "t2"], "2023-01-01T10:00:00+08:00"),
            },
            AlertMessage {
                timestamp_ms: 5_000,
                alert: alert(&["backlog-only", "t1", "t2"], "2023-01-09T10:00:00+08:00"),
            },
        ];
        assert_eq!(
            alert_latencies(&messages, &produced),
            vec![AlertLatency {
                produced_ms: 1_040,
                latency_ms: 30,
                detected_after_evidence: false
            }]
        );
    }

    #[test]
    fn percentiles_use_the_nearest_rank() {
        let p = Percentiles::of(1..=200).expect("values");
        assert_eq!((p.count, p.p50, p.p99, p.max), (200, 100, 198, 200));
        assert_eq!(Percentiles::of([]), None);
    }
}
