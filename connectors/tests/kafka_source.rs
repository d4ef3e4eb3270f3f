//! The Kafka source against a real Kafka-compatible broker (tansu, started here on a loopback
//! port): records come with topic, partition and offset, and a restarted consumer of the same
//! group resumes after the last committed offsets.

mod kafka_support;

use kafka_support::{create_topic, produce, Broker};
use mingjing_connectors::{KafkaSettings, KafkaSource};
use mingjing_engine::source::{Position, RawRecord, Source};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

fn settings(brokers: &str, topic: &str) -> KafkaSettings {
    KafkaSettings {
        brokers: brokers.to_string(),
        group_id: "mingjing-test".into(),
        topics: vec![topic.to_string()],
        extra: Vec::new(),
        poll_wait: Duration::from_millis(200),
    }
}

/// Reads until `count` records arrived (or 60 s passed).
async fn read(source: &mut KafkaSource, count: usize) -> Vec<RawRecord> {
    let started = Instant::now();
    let mut records = Vec::new();
    while records.len() < count && started.elapsed() < Duration::from_secs(60) {
        records.extend(source.next_batch(100).await.expect("batch").records);
    }
    records
}

fn values(records: &[RawRecord]) -> Vec<String> {
    let mut all: Vec<String> = records
        .iter()
        .map(|r| String::from_utf8(r.bytes.clone()).unwrap())
        .collect();
    all.sort();
    all
}

/// The next offset of every (topic, partition) seen.
fn position_after(records: &[RawRecord]) -> Position {
    let mut next: BTreeMap<(String, i32), u64> = BTreeMap::new();
    for r in records {
        let entry = next.entry((r.source.clone(), r.partition)).or_default();
        *entry = (*entry).max(r.position + 1);
    }
    Position {
        offsets: next.into_iter().map(|((t, p), o)| (t, p, o)).collect(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_consumer_group_reads_every_record_and_resumes_after_its_commit() {
    let broker = Broker::start();
    let topic = "cunwu.labor";
    create_topic(&broker.address, topic, 2).await;
    let first: Vec<String> = (0..10).map(|i| format!("{{\"n\":{i}}}")).collect();
    produce(&broker.address, topic, &first).await;

    let mut source = KafkaSource::connect(&settings(&broker.address, topic)).expect("connect");
    let records = read(&mut source, first.len()).await;
    assert_eq!(values(&records), {
        let mut v = first.clone();
        v.sort();
        v
    });
    assert!(records.iter().all(|r| r.source == topic));
    source
        .commit(&position_after(&records))
        .await
        .expect("commit");
    drop(source);

    let second: Vec<String> = (10..13).map(|i| format!("{{\"n\":{i}}}")).collect();
    produce(&broker.address, topic, &second).await;
    let mut again = KafkaSource::connect(&settings(&broker.address, topic)).expect("connect");
    let resumed = read(&mut again, second.len()).await;
    // Nothing before the committed offsets comes back; a short extra wait shows no more arrive.
    let extra = again.next_batch(100).await.expect("batch").records;
    assert_eq!(values(&resumed), second);
    assert!(extra.is_empty(), "no record is read twice: {extra:?}");
}
