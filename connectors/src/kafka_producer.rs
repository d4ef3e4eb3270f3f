//! The producer behind the dead-letter and alert topics: idempotent, acknowledged by all
//! in-sync replicas, so a record is durable once its delivery is confirmed.

use mingjing_engine::source::SourceError;
use rdkafka::config::ClientConfig;
use rdkafka::producer::FutureProducer;

/// Builds a producer for `brokers` with any further librdkafka settings.
pub(crate) fn durable_producer(
    brokers: &str,
    extra: &[(String, String)],
) -> Result<FutureProducer, SourceError> {
    let mut config = ClientConfig::new();
    config
        .set("bootstrap.servers", brokers)
        .set("enable.idempotence", "true")
        .set("acks", "all");
    for (key, value) in extra {
        config.set(key, value);
    }
    config.create().map_err(|e| SourceError::Read {
        source_name: "kafka".into(),
        message: format!("cannot create the Kafka producer (check kafka settings): {e}"),
    })
}

/// A delivery that did not complete, as a [`SourceError`] naming the topic.
pub(crate) fn delivery_error(topic: &str, error: &rdkafka::error::KafkaError) -> SourceError {
    SourceError::Read {
        source_name: topic.to_string(),
        message: format!("cannot deliver to {topic}: {error}"),
    }
}
