//! `mingjing run` against a real Kafka-compatible broker (tansu) and PostgreSQL: the same alerts
//! as `mingjing replay` on the same events, through crashes, rebalances and bad messages.

mod http_support;
mod run_support;
mod support;

use mingjing_engine::Alert;
use rdkafka::message::Headers;
use rdkafka::Message;
use run_support::kafka_support::{read_topic, text};
use run_support::*;

/// The tests each run a broker and `mingjing run` processes; on two cores they go one at a time.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Group settings for instances that leave cleanly: heartbeats every second, and a session long
/// enough that a busy machine's late heartbeat does not start a rebalance.
const GROUP_SESSION: &str = r#""session.timeout.ms" = "30000"
"heartbeat.interval.ms" = "1000""#;

/// A city published to a new broker, with its ends, and a new database.
async fn published_city(
    villages: u32,
    days: u32,
) -> (
    tempfile::TempDir,
    City,
    run_support::kafka_support::Broker,
    Ends,
    String,
) {
    let dir = tempfile::tempdir().unwrap();
    let city = city_for_test(dir.path(), villages, days);
    let broker = broker().await;
    let ends = publish(&broker.address, &messages_of(&city.lines), &event_topics()).await;
    let db = fresh_database().await;
    (dir, city, broker, ends, db)
}

/// A city and its replayed alerts; the replay runs its own runtime, so on its own thread.
fn city_for_test(dir: &std::path::Path, villages: u32, days: u32) -> City {
    let dir = dir.to_path_buf();
    std::thread::spawn(move || city(&dir, villages, days, 77))
        .join()
        .expect("the city replays")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn run_gives_the_replay_alerts_and_sends_bad_messages_to_dead_letters() {
    let _serial = ONE_AT_A_TIME.lock().await;
    let dir = tempfile::tempdir().unwrap();
    let city = city_for_test(dir.path(), 16, 75);
    let broker = broker().await;
    let mut messages = messages_of(&city.lines);
    let bad = [
        ("cunwu.labor", "not json at all".to_string()),
        (
            "cunwu.finance",
            r#"{"event_id":"bad-envelope","type":"finance.payment","village_id":"vl-0001"}"#
                .to_string(),
        ),
        (
            "cunwu.approvals",
            r#"{"event_id":"bad-type","type":"approval.vanished","occurred_at":"2024-01-01T00:00:00+08:00","township_id":"ts-01","village_id":"vl-0001","payload":{}}"#
                .to_string(),
        ),
    ];
    for (i, (topic, line)) in bad.iter().enumerate() {
        messages.insert(1000 * (i + 1), (topic.to_string(), line.clone()));
    }
    let ends = publish(&broker.address, &messages, &event_topics()).await;
    let db = fresh_database().await;
    let mut instance = Instance::start(&broker.address, "g1", &db, dir.path().join("run.log"));
    wait_caught_up(&db, "g1", &ends, &mut [&mut instance]).await;
    assert_same_alerts(&stored_alerts(&db).await, &city.expected);
    assert_escalated_on_the_wall_clock(&db, &city.expected).await;
    assert_eq!(instance.get("/healthz").0, 200);
    let (ready, why) = instance.get("/readyz");
    assert_eq!(
        ready, 200,
        "ready once the registry is read and partitions assigned: {why}"
    );
    let (_, metrics) = instance.get("/metrics");
    assert!(
        metrics.contains("mingjing_partitions_owned 3"),
        "one instance owns all three partitions:\n{metrics}"
    );
    assert!(
        metrics.contains(
            r#"mingjing_events_rejected_total{reason="invalid_json",source="cunwu.labor"} 1"#
        ),
        "rejects are counted by topic and reason:\n{metrics}"
    );
    // The threshold with the most alerts: its alerts, calls and their time are counted.
    let mut by_threshold = std::collections::BTreeMap::<&str, u64>::new();
    for alert in &city.expected {
        *by_threshold.entry(alert.threshold_id.as_str()).or_default() += 1;
    }
    let (busiest, raised) = by_threshold.iter().max_by_key(|(_, n)| **n).unwrap();
    let sample = |name: &str| -> f64 {
        metrics
            .lines()
            .filter(|l| l.starts_with(name) && l.contains(&format!("threshold=\"{busiest}\"")))
            .filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
            .sum()
    };
    assert_eq!(
        sample("mingjing_alerts_raised_total{"),
        *raised as f64,
        "alerts raised by {busiest} are counted:\n{metrics}"
    );
    assert!(
        sample("mingjing_rule_evaluations_total{") >= *raised as f64,
        "the calls of {busiest} are counted:\n{metrics}"
    );
    assert!(
        sample("mingjing_rule_evaluation_duration_seconds_sum{") > 0.0,
        "the time spent in {busiest} is counted:\n{metrics}"
    );
    assert_eq!(
        sample("mingjing_rule_evaluation_duration_seconds_count{"),
        sample("mingjing_rule_evaluations_total{"),
        "every call of {busiest} is in its latency histogram:\n{metrics}"
    );
    for series in [
        r#"mingjing_events_received_total{topic="cunwu.labor",type="labor.claim"}"#,
        r#"mingjing_events_received_total{topic="cunwu.labor",type="undecodable"}"#,
        r#"mingjing_store_operation_duration_seconds_count{operation="upsert_alerts"}"#,
        r#"mingjing_watermark_lag_seconds{partition="0"}"#,
        r#"mingjing_consume_phase_duration_seconds_bucket{phase="apply",le="0.1"}"#,
    ] {
        assert!(metrics.contains(series), "{series} is exported:\n{metrics}");
    }
    let phase_rounds = |phase: &str| -> f64 {
        let series =
            format!(r#"mingjing_consume_phase_duration_seconds_count{{phase="{phase}"}} "#);
        metrics
            .lines()
            .find_map(|l| l.strip_prefix(series.as_str()))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(0.0)
    };
    assert!(
        phase_rounds("read") >= phase_rounds("apply") && phase_rounds("apply") > 0.0,
        "every round of the consuming loop reads, then applies:\n{metrics}"
    );
    assert!(
        phase_rounds("checkpoint") > 0.0,
        "checkpoint captures are timed:\n{metrics}"
    );
    // The alert API is served beside the metrics, behind a login.
    assert_eq!(instance.get("/api/alerts").0, 401);
    assert_eq!(instance.get("/api/openapi.json").0, 200);
    assert!(
        instance.terminate(),
        "SIGTERM ends mingjing run with status 0"
    );

    let letters = read_topic(&broker.address, "cunwu.rejects", bad.len()).await;
    assert_eq!(
        letters.len(),
        bad.len(),
        "every bad message is a dead letter"
    );
    for (topic, line) in &bad {
        let letter = letters
            .iter()
            .find(|m| text(m) == *line)
            .unwrap_or_else(|| panic!("no dead letter carries the original bytes of {line}"));
        let header = |name: &str| -> String {
            let headers = letter.headers().expect("dead letters carry headers");
            headers
                .iter()
                .find(|h| h.key == name)
                .and_then(|h| h.value)
                .map(|v| String::from_utf8_lossy(v).into_owned())
                .unwrap_or_default()
        };
        assert_eq!(header("mingjing.topic"), *topic);
        assert!(!header("mingjing.offset").is_empty());
        assert!(!header("mingjing.partition").is_empty());
        assert!(!header("mingjing.detail").is_empty());
        let expected_reason = match line.as_str() {
            "not json at all" => "invalid_json",
            l if l.contains("bad-type") => "unknown_type",
            _ => "invalid_envelope",
        };
        assert_eq!(header("mingjing.reason"), expected_reason, "for {line}");
    }
    drop_database(&db).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_mid_stream_and_restarted_it_ends_with_the_same_alerts() {
    let _serial = ONE_AT_A_TIME.lock().await;
    let (dir, city, broker, ends, db) = published_city(24, 240).await;
    let log = dir.path().join("run.log");
    // A restarted instance catches up fast (a checkpoint every 200 ms can already show a
    // third of the stream more), and a kill after the end would test nothing: the kills come
    // early enough to leave over half of the stream.
    for share in [0.15, 0.3, 0.45] {
        let mut instance =
            Instance::start_with(&broker.address, "g2", &db, log.clone(), SHORT_SESSION);
        wait_progress(&db, "g2", &ends, share, &mut instance).await;
        let reached = progress(&db, "g2", &ends).await;
        instance.kill();
        // tansu keeps a killed member in the group until its session times out and may hand a
        // member that joins meanwhile no partitions, without a later rebalance; a real broker
        // rebalances when the session expires. Restart once the session is over.
        tokio::time::sleep(std::time::Duration::from_secs(8)).await;
        assert!(
            reached < 1.0,
            "the kill at {share} must come before the end (checkpoints had {reached})"
        );
    }
    let mut last = Instance::start_with(&broker.address, "g2", &db, log, SHORT_SESSION);
    wait_caught_up(&db, "g2", &ends, &mut [&mut last]).await;
    assert_same_alerts(&stored_alerts(&db).await, &city.expected);
    assert!(last.terminate());
    drop_database(&db).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_and_rebalances_give_the_single_instance_alerts() {
    let _serial = ONE_AT_A_TIME.lock().await;
    let (dir, city, broker, ends, db) = published_city(24, 240).await;
    let start = |name: &str| {
        let log = dir.path().join(format!("{name}.log"));
        Instance::start_with(&broker.address, "g4", &db, log, GROUP_SESSION)
    };
    // The first joins alone and takes every partition; the second joins mid-stream and the
    // group splits the partitions between them.
    let mut first = start("first");
    wait_owning(&mut first, BUSINESS_PARTITIONS as usize).await;
    let mut second = start("second");
    wait_owning(&mut second, 1).await;
    // Usually mid-stream; on a loaded machine the first may have finished before the group
    // split. Either way the hand-overs below must give the replay's alerts.
    let when_shared = progress(&db, "g4", &ends).await;
    eprintln!("partitions shared at {when_shared:.2} of the business messages");
    // The second leaves: the first takes its partitions back from their checkpoints.
    // (tansu 0.6 keeps a group's leader when the leader leaves during a rebalance, and the
    // group then never completes one again; Kafka elects a new leader. The first joined
    // first and leads the group, so the one that leaves here is the other.)
    wait_progress(&db, "g4", &ends, 0.5, &mut second).await;
    assert!(second.terminate(), "the second instance leaves cleanly");
    wait_owning(&mut first, BUSINESS_PARTITIONS as usize).await;
    wait_caught_up(&db, "g4", &ends, &mut [&mut first]).await;
    assert_same_alerts(&stored_alerts(&db).await, &city.expected);
    assert!(first.terminate());
    drop_database(&db).await;
}

/// Waits until the instance's last assignment gave it at least `partitions` partitions.
async fn wait_owning(instance: &mut Instance, partitions: usize) {
    let started = std::time::Instant::now();
    while owned_after_last_rebalance(&instance.log) < partitions {
        instance.assert_running();
        assert!(
            started.elapsed() < std::time::Duration::from_secs(120),
            "the instance did not own {partitions} partitions within 120 s; log:\n{}",
            instance.log_tail(40)
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// Partitions an instance took at its last assignment, from its log.
fn owned_after_last_rebalance(log: &std::path::Path) -> usize {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let last = text.rfind("partitions revoked").unwrap_or(0);
    let after = &text[last..];
    after.matches("partition loaded").count() + after.matches("kept the partition").count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_kafka_settings_stop_run_at_start_naming_the_setting() {
    let _serial = ONE_AT_A_TIME.lock().await;
    let db = fresh_database().await;
    let closed_port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .unwrap()
        .to_string();
    let (code, stderr) = run_refused(&closed_port, &db);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("kafka.brokers") && stderr.contains(&closed_port),
        "an unreachable broker is named: {stderr}"
    );

    let broker = run_support::kafka_support::Broker::start();
    let (code, stderr) = run_refused(&broker.address, &db);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("kafka.topics: the topic cunwu.approvals does not exist"),
        "a missing topic is named: {stderr}"
    );

    for topic in mingjing_connectors::BUSINESS_TOPICS {
        let partitions = if topic == "cunwu.labor" { 2 } else { 3 };
        run_support::kafka_support::create_topic(&broker.address, topic, partitions).await;
    }
    for topic in ["cunwu.registry", "cunwu.rejects", "cunwu.alerts"] {
        run_support::kafka_support::create_topic(&broker.address, topic, 1).await;
    }
    let (code, stderr) = run_refused(&broker.address, &db);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("one partition count") && stderr.contains("cunwu.labor 2"),
        "unequal partition counts are refused: {stderr}"
    );

    let (code, stderr) = run_refused(&broker.address, "postgres://nobody@127.0.0.1:1/none");
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("db:"),
        "an unreachable database is named: {stderr}"
    );
    drop_database(&db).await;
}

/// The city's deadlines are long past on the wall clock: `run` escalates every alert, each
/// first for the acknowledge deadline it was raised with, recorded at that deadline.
async fn assert_escalated_on_the_wall_clock(db: &str, raised: &[Alert]) {
    let give_up = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let stored = loop {
        let stored = stored_alerts(db).await;
        if stored.iter().all(|a| !a.escalations.is_empty()) || std::time::Instant::now() > give_up {
            break stored;
        }
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    };
    for (alert, as_raised) in stored.iter().zip(raised) {
        let first = alert
            .escalations
            .first()
            .unwrap_or_else(|| panic!("alert {} was not escalated", alert.alert_id));
        assert_eq!(
            (first.reason.as_str(), first.at.as_str(), &first.from),
            (
                "ack_overdue",
                as_raised.ack_deadline.as_str(),
                &as_raised.route
            ),
            "alert {}",
            alert.alert_id
        );
    }
}
