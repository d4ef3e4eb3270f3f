//! [`AlertTopic`]: alerts published to `cunwu.alerts`, keyed by alert_id, as alerts.md JSON.

use crate::kafka_producer::{delivery_error, durable_producer};
use mingjing_engine::alert::Alert;
use mingjing_engine::source::SourceError;
use rdkafka::producer::{FutureProducer, FutureRecord};

/// The alert topic of events.md.
pub const ALERT_TOPIC: &str = "cunwu.alerts";

/// Publishes alerts; a re-published alert has the same key, so compacted readers keep the last.
/// Clones share one producer.
#[derive(Clone)]
pub struct AlertTopic {
    producer: FutureProducer,
    topic: String,
}

impl AlertTopic {
    /// A producer for `topic` on `brokers`, with any further librdkafka settings.
    pub fn connect(
        brokers: &str,
        topic: &str,
        extra: &[(String, String)],
    ) -> Result<AlertTopic, SourceError> {
        Ok(AlertTopic {
            producer: durable_producer(brokers, extra)?,
            topic: topic.to_string(),
        })
    }

    /// Publishes every alert and returns once the broker has all of them. All are queued
    /// before the first wait, so a batch costs one round trip, not one per alert.
    pub async fn publish(&self, alerts: &[Alert]) -> Result<(), SourceError> {
        let mut deliveries = Vec::with_capacity(alerts.len());
        for alert in alerts {
            let body = serde_json::to_vec(alert).expect("an alert always serializes");
            let record = FutureRecord::to(&self.topic)
                .key(alert.alert_id.as_str())
                .payload(&body);
            let delivery = self
                .producer
                .send_result(record)
                .map_err(|(error, _)| delivery_error(&self.topic, &error))?;
            deliveries.push(delivery);
        }
        for delivery in deliveries {
            match delivery.await {
                Ok(Ok(_)) => {}
                Ok(Err((error, _))) => return Err(delivery_error(&self.topic, &error)),
                Err(_) => {
                    return Err(SourceError::Read {
                        source_name: self.topic.clone(),
                        message: "the producer closed before the alert was delivered".into(),
                    })
                }
            }
        }
        Ok(())
    }
}
