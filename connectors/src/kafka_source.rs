//! [`KafkaSource`]: business events from Kafka topics through a consumer group.
//!
//! Offsets are committed only when the pipeline says everything before them is durable
//! ([`Source::commit`]); auto-commit is off, so a crash or a rebalance replays from the last
//! durable point and idempotent alerts make the replay harmless.

use crate::kafka_polling::{raw_record, source_error};
use mingjing_engine::source::{Batch, Position, Source, SourceError};
use rdkafka::config::ClientConfig;
use rdkafka::consumer::{CommitMode, Consumer, StreamConsumer};
use rdkafka::{Offset, TopicPartitionList};
use std::time::Duration;

/// How to reach the cluster and what to read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KafkaSettings {
    /// `host:port` list (librdkafka `bootstrap.servers`).
    pub brokers: String,
    /// Consumer group shared by the instances that split the partitions.
    pub group_id: String,
    /// Business topics to consume.
    pub topics: Vec<String>,
    /// Any further librdkafka setting (`security.protocol`, `sasl.mechanism`, …).
    pub extra: Vec<(String, String)>,
    /// How long an empty poll waits before the batch is handed over as it is.
    pub poll_wait: Duration,
}

impl KafkaSettings {
    /// The consumer configuration: manual commits, reading from the beginning of a partition
    /// the group has never committed.
    pub(crate) fn consumer_config(&self) -> ClientConfig {
        let mut config = ClientConfig::new();
        config
            .set("bootstrap.servers", &self.brokers)
            .set("group.id", &self.group_id)
            .set("enable.auto.commit", "false")
            .set("enable.auto.offset.store", "false")
            .set("auto.offset.reset", "earliest");
        for (key, value) in &self.extra {
            config.set(key, value);
        }
        config
    }
}

/// Reads records from the subscribed topics in batches.
pub struct KafkaSource {
    consumer: StreamConsumer,
    poll_wait: Duration,
}

impl KafkaSource {
    /// Creates the consumer and subscribes to the topics.
    pub fn connect(settings: &KafkaSettings) -> Result<KafkaSource, SourceError> {
        let consumer: StreamConsumer = settings.consumer_config().create().map_err(|e| {
            source_error(
                "cannot create the Kafka consumer (check kafka settings)",
                &e,
            )
        })?;
        let topics: Vec<&str> = settings.topics.iter().map(String::as_str).collect();
        consumer
            .subscribe(&topics)
            .map_err(|e| source_error(&format!("cannot subscribe to {}", topics.join(", ")), &e))?;
        Ok(KafkaSource {
            consumer,
            poll_wait: settings.poll_wait,
        })
    }
}

impl Source for KafkaSource {
    /// Up to `max_records` records; fewer when the topics are idle for the poll wait. A Kafka
    /// source never ends, so `end` stays false.
    async fn next_batch(&mut self, max_records: usize) -> Result<Batch, SourceError> {
        let mut records = Vec::new();
        while records.len() < max_records {
            let wait = if records.is_empty() {
                self.poll_wait
            } else {
                Duration::from_millis(1)
            };
            let message = match tokio::time::timeout(wait, self.consumer.recv()).await {
                Err(_) => break,
                Ok(Err(error)) => return Err(source_error("cannot read from Kafka", &error)),
                Ok(Ok(message)) => message,
            };
            records.push(raw_record(&message));
        }
        Ok(Batch {
            records,
            end: false,
        })
    }

    /// Commits, per topic and partition, the next offset to read.
    async fn commit(&mut self, upto: &Position) -> Result<(), SourceError> {
        if upto.offsets.is_empty() {
            return Ok(());
        }
        let mut list = TopicPartitionList::new();
        for (topic, partition, next) in &upto.offsets {
            let offset = i64::try_from(*next).unwrap_or(i64::MAX);
            list.add_partition_offset(topic, *partition, Offset::Offset(offset))
                .map_err(|e| source_error("invalid offset to commit", &e))?;
        }
        self.consumer
            .commit(&list, CommitMode::Sync)
            .map_err(|e| source_error("cannot commit offsets", &e))
    }
}
