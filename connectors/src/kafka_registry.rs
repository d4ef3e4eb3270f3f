//! [`RegistryReader`]: the registry topic read in full, from its beginning, by every instance.
//! It joins no group and commits nothing: every instance needs all reference data.

use crate::kafka_polling::{cached_high_watermark, raw_record, source_error};
use mingjing_engine::source::{RawRecord, SourceError};
use rdkafka::config::ClientConfig;
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::{Offset, TopicPartitionList};
use std::time::Duration;

/// Reads every partition of the registry topic.
pub struct RegistryReader {
    consumer: BaseConsumer,
    topic: String,
    partitions: Vec<i32>,
}

impl RegistryReader {
    /// Assigns every partition of `topic` from its first offset.
    pub fn connect(
        brokers: &str,
        topic: &str,
        extra: &[(String, String)],
    ) -> Result<RegistryReader, SourceError> {
        let mut config = ClientConfig::new();
        config
            .set("bootstrap.servers", brokers)
            // librdkafka wants a group id even for assigned partitions; this one never joins
            // (no subscribe) and never commits.
            .set("group.id", "mingjing-registry-reader")
            .set("enable.auto.commit", "false")
            .set("enable.auto.offset.store", "false");
        for (key, value) in extra {
            config.set(key, value);
        }
        let consumer: BaseConsumer = config
            .create()
            .map_err(|e| source_error("cannot create the registry consumer (check kafka.*)", &e))?;
        let metadata = consumer
            .fetch_metadata(Some(topic), Duration::from_secs(10))
            .map_err(|e| source_error(&format!("cannot read the metadata of {topic}"), &e))?;
        let partitions: Vec<i32> = metadata
            .topics()
            .iter()
            .filter(|t| t.name() == topic && t.error().is_none())
            .flat_map(|t| t.partitions().iter().map(|p| p.id()))
            .collect();
        if partitions.is_empty() {
            return Err(SourceError::Read {
                source_name: topic.to_string(),
                message: format!("kafka.registry_topic: the topic {topic} does not exist"),
            });
        }
        let mut list = TopicPartitionList::new();
        for partition in &partitions {
            list.add_partition_offset(topic, *partition, Offset::Beginning)
                .map_err(|e| source_error("cannot assign the registry", &e))?;
        }
        consumer
            .assign(&list)
            .map_err(|e| source_error("cannot assign the registry", &e))?;
        Ok(RegistryReader {
            consumer,
            topic: topic.to_string(),
            partitions,
        })
    }

    /// The registry topic's partitions, each with the oldest offset the broker holds.
    pub fn starts(&self) -> Vec<(i32, u64)> {
        self.partitions
            .iter()
            .map(|&p| {
                let low = self
                    .consumer
                    .fetch_watermarks(&self.topic, p, Duration::from_secs(10))
                    .ok()
                    .and_then(|(low, _)| u64::try_from(low).ok())
                    .unwrap_or(0);
                (p, low)
            })
            .collect()
    }

    /// The registry topic.
    pub fn topic(&self) -> &str {
        &self.topic
    }

    /// The next message, or None after `wait`.
    pub fn poll(&self, wait: Duration) -> Option<Result<RawRecord, SourceError>> {
        self.consumer.poll(wait).map(|result| {
            result
                .map(|m| raw_record(&m))
                .map_err(|e| source_error("cannot read the registry", &e))
        })
    }

    /// The end of a registry partition as of the last fetch; None before the first.
    pub fn high_watermark(&self, partition: i32) -> Option<u64> {
        cached_high_watermark(self.consumer.client(), &self.topic, partition)
    }
}
