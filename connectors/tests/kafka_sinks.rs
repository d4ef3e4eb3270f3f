//! Dead letters and alerts written back to a real Kafka-compatible broker (tansu).

mod kafka_support;

use kafka_support::{create_topic, read_topic, text, Broker};
use mingjing_connectors::kafka_dead_letters::headers;
use mingjing_connectors::{AlertTopic, DeadLetters, ALERT_TOPIC, DEAD_LETTER_TOPIC};
use mingjing_engine::event::{decode, DecodeOptions};
use mingjing_engine::source::RawRecord;
use mingjing_engine::{EngineConfig, Pipeline, RuleSet};
use rdkafka::message::Headers;
use rdkafka::Message;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_message_keeps_its_bytes_and_says_why_and_where_from() {
    let broker = Broker::start();
    create_topic(&broker.address, DEAD_LETTER_TOPIC, 1).await;
    let record = RawRecord {
        source: "cunwu.labor".into(),
        position: 42,
        partition: 1,
        bytes: br#"{"event_id":"e1","type":"labor.claim","occurred_at":"2023-03-01T12:59:00+08:00"#
            .to_vec(),
    };
    let refused = decode(&record.bytes, &DecodeOptions::default()).expect_err("truncated JSON");
    let letters = DeadLetters::connect(&broker.address, DEAD_LETTER_TOPIC, &[]).expect("producer");
    letters
        .send(&record, refused.reason.as_str(), &refused.detail)
        .await
        .expect("delivered");

    let messages = read_topic(&broker.address, DEAD_LETTER_TOPIC, 1).await;
    assert_eq!(messages.len(), 1);
    let letter = &messages[0];
    assert_eq!(letter.payload(), Some(record.bytes.as_slice()));
    let found: BTreeMap<String, String> = letter
        .headers()
        .expect("headers")
        .iter()
        .map(|h| {
            let value = String::from_utf8_lossy(h.value.unwrap_or_default()).into_owned();
            (h.key.to_string(), value)
        })
        .collect();
    assert_eq!(found[headers::REASON], "invalid_json");
    assert_eq!(found[headers::DETAIL], refused.detail);
    assert_eq!(found[headers::TOPIC], "cunwu.labor");
    assert_eq!(found[headers::PARTITION], "1");
    assert_eq!(found[headers::OFFSET], "42");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn alerts_are_published_keyed_by_alert_id_as_alert_json() {
    let broker = Broker::start();
    create_topic(&broker.address, ALERT_TOPIC, 2).await;
    let rules = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../rules");
    let rules = Arc::new(RuleSet::load_dir(&rules, 8 * 3600).expect("shipped rules"));
    let mut pipeline = Pipeline::new(rules, &EngineConfig::default()).expect("pipeline");
    // A claim 3h59m after its labor application: LAB-02 fires (and the unknown workers too).
    let lines = [
        r#"{"event_id":"e1","type":"approval.submitted","occurred_at":"2023-03-01T09:00:00+08:00","township_id":"ts-01","village_id":"vl-01","payload":{"approval_id":"ap-1","kind":"labor","subject_id":"job-1","title":"清理河道","applicant_id":"p-100","amount":480.00}}"#,
        r#"{"event_id":"e2","type":"labor.claim","occurred_at":"2023-03-01T12:59:00+08:00","township_id":"ts-01","village_id":"vl-01","payload":{"claim_id":"cl-1","job_id":"job-1","work_start_date":"2023-03-01","work_end_date":"2023-03-01","lines":[{"worker_id":"p-201","amount":240.00},{"worker_id":"p-202","amount":240.00}],"total_amount":480.00,"dispatch_slip_id":"ds-1","signatures_complete":true}}"#,
    ];
    for (i, line) in lines.iter().enumerate() {
        pipeline.offer(&RawRecord {
            source: "cunwu.labor".into(),
            position: i as u64,
            partition: 0,
            bytes: line.as_bytes().to_vec(),
        });
    }
    pipeline.finish();
    let alerts = pipeline.take_changed_alerts();
    assert!(alerts.iter().any(|a| a.threshold_code == "LAB-02"));

    let topic = AlertTopic::connect(&broker.address, ALERT_TOPIC, &[]).expect("producer");
    topic.publish(&alerts).await.expect("delivered");

    let messages = read_topic(&broker.address, ALERT_TOPIC, alerts.len()).await;
    let mut published: Vec<(String, String)> = messages
        .iter()
        .map(|m| {
            let key = String::from_utf8_lossy(m.key().unwrap_or_default()).into_owned();
            let body: serde_json::Value = serde_json::from_str(&text(m)).expect("alert JSON");
            (
                key,
                body["alert_id"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    published.sort();
    let mut expected: Vec<(String, String)> = alerts
        .iter()
        .map(|a| (a.alert_id.clone(), a.alert_id.clone()))
        .collect();
    expected.sort();
    assert_eq!(published, expected);
}
