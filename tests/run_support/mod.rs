//! What the `mingjing run` tests share: a tansu broker with the event topics, a generated city
//! published to them keyed by village_id, a throwaway PostgreSQL database, `mingjing run`
//! processes, and the alerts `mingjing replay` gives for the same city.
#![allow(dead_code)]

#[path = "../../connectors/tests/kafka_support/mod.rs"]
pub mod kafka_support;

use chrono::{DateTime, Duration as Span};
use kafka_support::{create_topic, Broker};
use mingjing::generate::GenerateConfig;
use mingjing_connectors::SqlStore;
use mingjing_engine::event::EventType;
use mingjing_engine::store::{AlertFilter, AlertStore};
use mingjing_engine::Alert;
use rdkafka::config::ClientConfig;
use rdkafka::producer::{FutureProducer, FutureRecord};
use serde_json::Value;
use sqlx::{Connection, PgConnection, Row};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const BUSINESS_PARTITIONS: i32 = 3;
pub const REGISTRY_PARTITIONS: i32 = 2;

/// (topic, partition) → the offset after its last message.
pub type Ends = BTreeMap<(String, i32), u64>;

/// A generated city and the alerts a replay of it gives.
pub struct City {
    pub lines: Vec<String>,
    pub expected: Vec<Alert>,
}

/// Generates a city and replays it; the replayed alerts are what `run` must reproduce.
pub fn city(dir: &Path, villages: u32, days: u32, seed: u64) -> City {
    let config = GenerateConfig {
        villages,
        days,
        seed,
        anomaly_rate: 0.08,
        near_miss_rate: 0.08,
        ..GenerateConfig::default()
    };
    let (events, _truth) = crate::support::write_city(dir, &config);
    let report = crate::support::replay_files(std::slice::from_ref(&events), None, None);
    assert!(!report.alerts.is_empty(), "the city must raise alerts");
    let text = std::fs::read_to_string(&events).unwrap();
    City {
        lines: text.lines().map(str::to_string).collect(),
        expected: report.alerts,
    }
}

/// A tick `allowed_lateness` (10m) after the city's last one: it moves every partition's
/// watermark to the end of the input, as the end of a replay does, so `run` applies what a
/// replay applies at its end. (A replay ends; a Kafka stream does not.)
pub fn closing_tick(lines: &[String]) -> String {
    let last_tick = lines
        .iter()
        .rev()
        .find(|l| l.contains(r#""type":"clock.tick""#))
        .expect("the city has ticks");
    let mut tick: Value = serde_json::from_str(last_tick).unwrap();
    let at = DateTime::parse_from_rfc3339(tick["occurred_at"].as_str().unwrap()).unwrap()
        + Span::minutes(10);
    tick["occurred_at"] = Value::from(at.to_rfc3339());
    tick["event_id"] = Value::from("tick-closing");
    tick.to_string()
}

/// A broker with the six event topics, the dead-letter topic and the alert topic.
pub async fn broker() -> Broker {
    let broker = Broker::start();
    for topic in mingjing_connectors::BUSINESS_TOPICS {
        create_topic(&broker.address, topic, BUSINESS_PARTITIONS).await;
    }
    create_topic(&broker.address, "cunwu.registry", REGISTRY_PARTITIONS).await;
    create_topic(&broker.address, "cunwu.rejects", 1).await;
    create_topic(&broker.address, "cunwu.alerts", 1).await;
    broker
}

/// The topic of an event line by its type, or `fallback` for a line that is not an event.
pub fn topic_of(line: &str, fallback: &str) -> String {
    serde_json::from_str::<Value>(line)
        .ok()
        .and_then(|v| v["type"].as_str().and_then(EventType::parse))
        .map_or(fallback.to_string(), |t| t.topic().to_string())
}

fn key_of(line: &str) -> String {
    serde_json::from_str::<Value>(line)
        .ok()
        .and_then(|v| v["village_id"].as_str().map(str::to_string))
        .unwrap_or_else(|| "*".into())
}

/// Publishes (topic, line) pairs keyed by village_id, in order; returns the end of every
/// partition of `topics` as the deliveries report it.
///
/// Two gaps of tansu 0.6 (in-memory storage) are worked around here, not in the product: a
/// fetch from an offset inside a record batch returns nothing, so every message is sent as a
/// batch of its own (a restart resumes at any offset); and ListOffsets reports a wrong latest
/// offset, so the ends come from the deliveries. Fetch responses, which the engine relies on,
/// carry the right end.
pub async fn publish(brokers: &str, messages: &[(String, String)], topics: &[(&str, i32)]) -> Ends {
    let producer: FutureProducer = ClientConfig::new()
        .set("bootstrap.servers", brokers)
        .set("linger.ms", "5")
        .set("batch.num.messages", "1")
        .set("enable.idempotence", "true")
        .create()
        .expect("producer");
    let mut ends: Ends = topics
        .iter()
        .flat_map(|(t, n)| (0..*n).map(move |p| ((t.to_string(), p), 0)))
        .collect();
    for chunk in messages.chunks(5_000) {
        let mut deliveries = Vec::new();
        for (topic, line) in chunk {
            let key = key_of(line);
            let record = FutureRecord::to(topic).key(&key).payload(line);
            deliveries.push((topic, producer.send_result(record).expect("queued")));
        }
        for (topic, delivery) in deliveries {
            let (partition, offset) = delivery.await.expect("sent").expect("delivered");
            let end = ends.entry((topic.clone(), partition)).or_insert(0);
            *end = (*end).max(offset as u64 + 1);
        }
    }
    ends
}

/// The city's lines with their topics, and the closing tick.
pub fn messages_of(lines: &[String]) -> Vec<(String, String)> {
    let mut messages: Vec<(String, String)> = lines
        .iter()
        .map(|l| (topic_of(l, "cunwu.labor"), l.clone()))
        .collect();
    messages.push(("cunwu.registry".into(), closing_tick(lines)));
    messages
}

/// Every event topic with its partition count.
pub fn event_topics() -> Vec<(&'static str, i32)> {
    let mut topics: Vec<(&str, i32)> = mingjing_connectors::BUSINESS_TOPICS
        .iter()
        .map(|t| (*t, BUSINESS_PARTITIONS))
        .collect();
    topics.push(("cunwu.registry", REGISTRY_PARTITIONS));
    topics
}

/// A new, empty PostgreSQL database; returns its URL.
pub async fn fresh_database() -> String {
    let admin_url = std::env::var("MINGJING_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let mut admin = PgConnection::connect(&admin_url)
        .await
        .expect("PostgreSQL on 127.0.0.1:5432 (.ci/run starts it)");
    let name = format!(
        "mingjing_run_{}_{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    );
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await
        .expect("create database");
    let base = admin_url.rsplit_once('/').unwrap().0;
    format!("{base}/{name}")
}

/// A `mingjing run` process, logging to a file.
pub struct Instance {
    child: Child,
    pub log: PathBuf,
    /// Port of /healthz, /readyz and /metrics.
    pub port: u16,
}

impl Instance {
    pub fn start(brokers: &str, group: &str, db: &str, log: PathBuf) -> Instance {
        Instance::start_with(brokers, group, db, log, "")
    }

    /// Starts with `kafka_settings` (TOML lines of `[kafka.settings]`) in a configuration file.
    pub fn start_with(
        brokers: &str,
        group: &str,
        db: &str,
        log: PathBuf,
        kafka_settings: &str,
    ) -> Instance {
        let config = log.with_extension("toml");
        std::fs::write(&config, format!("[kafka.settings]\n{kafka_settings}\n")).unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .unwrap()
            .port();
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&log)
            .unwrap();
        let child = Command::new(env!("CARGO_BIN_EXE_mingjing"))
            .args(["run", "--config", config.to_str().unwrap()])
            .args(["--brokers", brokers, "--group", group, "--db", db])
            .args(["--listen", &format!("127.0.0.1:{port}")])
            .env("MINGJING_CHECKPOINT_INTERVAL", "200ms")
            .env("MINGJING_ESCALATION_INTERVAL", "1s")
            .env("MINGJING_LOG", "info")
            .env(
                "MINGJING_RULES",
                concat!(env!("CARGO_MANIFEST_DIR"), "/rules"),
            )
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(file)
            .spawn()
            .expect("mingjing run starts");
        Instance { child, log, port }
    }

    /// GET `path` on the instance's HTTP port: (status code, body).
    pub fn get(&self, path: &str) -> (u16, String) {
        crate::http_support::request(self.port, "GET", path, None, None)
    }

    /// SIGKILL: no chance to save anything.
    pub fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }

    /// SIGTERM, then waits; returns whether it exited with status 0.
    pub fn terminate(mut self) -> bool {
        Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.success();
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "mingjing run did not stop within 60 s of SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The last `lines` lines of the log.
    pub fn log_tail(&self, lines: usize) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let all: Vec<&str> = text.lines().collect();
        all[all.len().saturating_sub(lines)..].join("\n")
    }

    /// Fails the test if the process has exited.
    pub fn assert_running(&mut self) {
        if let Some(status) = self.child.try_wait().unwrap() {
            panic!(
                "mingjing run exited with {status}; log:\n{}",
                std::fs::read_to_string(&self.log).unwrap_or_default()
            );
        }
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// (topic, partition) → next offset of every input of every stored checkpoint of `group`.
pub async fn checkpointed(db: &str, group: &str) -> Vec<Ends> {
    let mut conn = PgConnection::connect(db).await.expect("connect");
    let rows = sqlx::query("SELECT offsets FROM checkpoints WHERE partition_key LIKE $1")
        .bind(format!("{group}/%"))
        .fetch_all(&mut conn)
        .await
        .unwrap_or_default();
    rows.iter()
        .map(|row| {
            let offsets: String = row.get(0);
            let points: Vec<Value> = serde_json::from_str(&offsets).unwrap();
            points
                .iter()
                .map(|p| {
                    (
                        (
                            p["topic"].as_str().unwrap().to_string(),
                            p["partition"].as_i64().unwrap() as i32,
                        ),
                        p["next_offset"].as_u64().unwrap(),
                    )
                })
                .collect()
        })
        .collect()
}

/// The share of business messages the checkpoints have applied (0 to 1).
pub async fn progress(db: &str, group: &str, ends: &Ends) -> f64 {
    let total: u64 = ends
        .iter()
        .filter(|((t, _), _)| t != "cunwu.registry")
        .map(|(_, e)| e)
        .sum();
    let done: u64 = checkpointed(db, group)
        .await
        .iter()
        .flat_map(|c| c.iter())
        .filter(|((t, _), _)| t != "cunwu.registry")
        .map(|(_, n)| n)
        .sum();
    done as f64 / total.max(1) as f64
}

/// Waits until every business partition's checkpoint has reached its end and every
/// checkpoint has read the registry to its end.
pub async fn wait_caught_up(db: &str, group: &str, ends: &Ends, instances: &mut [&mut Instance]) {
    let started = Instant::now();
    loop {
        let checkpoints = checkpointed(db, group).await;
        let business_done = ends
            .iter()
            .filter(|((t, _), _)| t != "cunwu.registry")
            .all(|(tp, end)| checkpoints.iter().any(|c| c.get(tp) == Some(end)));
        let registry_done = checkpoints.len() == BUSINESS_PARTITIONS as usize
            && checkpoints.iter().all(|c| {
                ends.iter()
                    .filter(|((t, _), _)| t == "cunwu.registry")
                    .all(|(tp, end)| c.get(tp) == Some(end))
            });
        if business_done && registry_done {
            return;
        }
        for instance in instances.iter_mut() {
            instance.assert_running();
        }
        if started.elapsed() > Duration::from_secs(240) {
            let logs: Vec<String> = instances.iter().map(|i| i.log_tail(40)).collect();
            panic!(
                "not caught up after 240 s; checkpoints {checkpoints:?}, ends {ends:?}\n{}",
                logs.join("\n")
            );
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Waits until the checkpoints show at least `share` of the business messages applied.
pub async fn wait_progress(
    db: &str,
    group: &str,
    ends: &Ends,
    share: f64,
    instance: &mut Instance,
) {
    let started = Instant::now();
    while progress(db, group, ends).await < share {
        instance.assert_running();
        assert!(
            started.elapsed() < Duration::from_secs(240),
            "no progress to {share} within 240 s"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Every stored alert, by alert_id.
pub async fn stored_alerts(db: &str) -> Vec<Alert> {
    let store = SqlStore::connect(db).await.expect("store");
    let alerts = store.list_alerts(&AlertFilter::default()).await.unwrap();
    store.close().await;
    alerts
}

/// An alert as the engine raised it: without the parts its lifecycle changes (holder, color,
/// deadlines, escalations, disposition), which a running instance moves on by the wall clock.
fn as_raised(alert: &Alert) -> serde_json::Value {
    let mut value = serde_json::to_value(alert).unwrap();
    if let Some(fields) = value.as_object_mut() {
        for lifecycle in [
            "route",
            "color",
            "ack_deadline",
            "close_deadline",
            "escalations",
            "disposition",
        ] {
            fields.remove(lifecycle);
        }
    }
    value
}

/// Fails with the first difference between two alert sets (both sorted by alert_id) in what
/// the engine raised.
pub fn assert_same_alerts(actual: &[Alert], expected: &[Alert]) {
    let ids =
        |alerts: &[Alert]| -> Vec<String> { alerts.iter().map(|a| a.alert_id.clone()).collect() };
    let missing: Vec<String> = ids(expected)
        .into_iter()
        .filter(|id| !actual.iter().any(|a| &a.alert_id == id))
        .collect();
    let extra: Vec<String> = ids(actual)
        .into_iter()
        .filter(|id| !expected.iter().any(|a| &a.alert_id == id))
        .collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{} alerts missing (first {:?}), {} extra (first {:?}), of {} expected",
        missing.len(),
        missing.first(),
        extra.len(),
        extra.first(),
        expected.len()
    );
    for (a, e) in actual.iter().zip(expected) {
        assert_eq!(
            as_raised(a),
            as_raised(e),
            "alert {} differs from the replay's",
            e.alert_id
        );
    }
}

/// A killed instance stays in the group until its session times out; a short timeout lets the
/// group hand its partitions on within seconds instead of 45.
pub const SHORT_SESSION: &str = r#""session.timeout.ms" = "6000""#;

/// Runs `mingjing run` expecting it to refuse to start; returns (exit code, standard error).
pub fn run_refused(brokers: &str, db: &str) -> (Option<i32>, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_mingjing"))
        .args([
            "run",
            "--brokers",
            brokers,
            "--group",
            "refused",
            "--db",
            db,
        ])
        .args(["--listen", "127.0.0.1:0"])
        .env(
            "MINGJING_RULES",
            concat!(env!("CARGO_MANIFEST_DIR"), "/rules"),
        )
        .stdin(Stdio::null())
        .output()
        .expect("mingjing run starts");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Drops a database made by [`fresh_database`].
pub async fn drop_database(url: &str) {
    let admin_url = std::env::var("MINGJING_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let name = url.rsplit_once('/').map_or(url, |(_, n)| n);
    if let Ok(mut admin) = PgConnection::connect(&admin_url).await {
        let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .execute(&mut admin)
            .await;
    }
}
