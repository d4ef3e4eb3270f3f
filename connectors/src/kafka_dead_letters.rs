//! [`DeadLetters`]: malformed messages go to a dead-letter topic with their original bytes and,
//! in headers, why they were refused and where they came from.

use crate::kafka_producer::{delivery_error, durable_producer};
use mingjing_engine::source::{RawRecord, SourceError};
use rdkafka::message::{Header, OwnedHeaders};
use rdkafka::producer::{FutureProducer, FutureRecord};
use std::time::Duration;

/// The dead-letter topic of events.md.
pub const DEAD_LETTER_TOPIC: &str = "cunwu.rejects";

/// Header names on a dead letter.
pub mod headers {
    /// `invalid_json`, `invalid_envelope`, `unknown_type`, `invalid_payload` or `invalid_money`.
    pub const REASON: &str = "mingjing.reason";
    /// What was wrong and where.
    pub const DETAIL: &str = "mingjing.detail";
    /// Topic the message was read from.
    pub const TOPIC: &str = "mingjing.topic";
    /// Partition the message was read from.
    pub const PARTITION: &str = "mingjing.partition";
    /// Offset of the message in its partition.
    pub const OFFSET: &str = "mingjing.offset";
}

/// Sends refused records to the dead-letter topic. Clones share one producer.
#[derive(Clone)]
pub struct DeadLetters {
    producer: FutureProducer,
    topic: String,
}

impl DeadLetters {
    /// A producer for the dead-letter `topic` on `brokers`, with any further librdkafka
    /// settings.
    pub fn connect(
        brokers: &str,
        topic: &str,
        extra: &[(String, String)],
    ) -> Result<DeadLetters, SourceError> {
        Ok(DeadLetters {
            producer: durable_producer(brokers, extra)?,
            topic: topic.to_string(),
        })
    }

    /// Sends the original bytes of `record` with the reason and origin, and waits until the
    /// broker has them.
    pub async fn send(
        &self,
        record: &RawRecord,
        reason: &str,
        detail: &str,
    ) -> Result<(), SourceError> {
        let partition = record.partition.to_string();
        let offset = record.position.to_string();
        let headers = OwnedHeaders::new()
            .insert(Header {
                key: headers::REASON,
                value: Some(reason),
            })
            .insert(Header {
                key: headers::DETAIL,
                value: Some(detail),
            })
            .insert(Header {
                key: headers::TOPIC,
                value: Some(record.source.as_str()),
            })
            .insert(Header {
                key: headers::PARTITION,
                value: Some(partition.as_str()),
            })
            .insert(Header {
                key: headers::OFFSET,
                value: Some(offset.as_str()),
            });
        let message = FutureRecord::<(), [u8]>::to(&self.topic)
            .payload(record.bytes.as_slice())
            .headers(headers);
        self.producer
            .send(message, Duration::from_secs(30))
            .await
            .map(|_| ())
            .map_err(|(error, _)| delivery_error(&self.topic, &error))
    }
}
