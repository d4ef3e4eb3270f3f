//! [`GroupConsumer`]: the business topics through a consumer group, with the start offset of
//! every assigned partition chosen by the application (its checkpoint) and a chance to save
//! work before a partition is taken away.

use crate::kafka_polling::{cached_high_watermark, raw_record, source_error};
use crate::kafka_source::KafkaSettings;
use mingjing_engine::source::{RawRecord, SourceError};
use rdkafka::client::ClientContext;
use rdkafka::config::ClientConfig;
use rdkafka::consumer::{BaseConsumer, CommitMode, Consumer, ConsumerContext};
use rdkafka::error::KafkaResult;
use rdkafka::types::RDKafkaRespErr;
use rdkafka::{Offset, TopicPartitionList};
use std::sync::Arc;
use std::time::Duration;

/// One partition of one topic.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TopicPartition {
    /// Topic name.
    pub topic: String,
    /// Partition number within the topic.
    pub partition: i32,
}

/// Commits offsets from inside a rebalance, before the partitions are given up.
pub trait OffsetCommitter {
    /// Commits (topic, partition, next offset to read) triples synchronously.
    fn commit(&self, offsets: &[(String, i32, u64)]) -> Result<(), SourceError>;
}

/// What the application does when the group hands partitions out or takes them back. Both
/// calls run on the thread that polls, inside [`GroupConsumer::poll`].
pub trait AssignmentListener: Send + Sync + 'static {
    /// Partitions newly assigned to this instance; returns, in the same order, the offset each
    /// starts at. `low_watermark` gives the oldest offset still held by the broker.
    fn assigned(
        &self,
        partitions: &[TopicPartition],
        low_watermark: &dyn Fn(&TopicPartition) -> Option<u64>,
    ) -> Vec<u64>;
    /// Partitions about to be taken away: the last chance to save and commit their work.
    fn revoked(&self, partitions: &[TopicPartition], committer: &dyn OffsetCommitter);
}

/// The consumer's context: routes rebalances to the listener.
pub struct GroupContext<L> {
    listener: Arc<L>,
}

impl<L: AssignmentListener> ClientContext for GroupContext<L> {}

fn partitions_of(list: &TopicPartitionList) -> Vec<TopicPartition> {
    list.elements()
        .iter()
        .map(|e| TopicPartition {
            topic: e.topic().to_string(),
            partition: e.partition(),
        })
        .collect()
}

struct CommitFrom<'a, C: ConsumerContext>(&'a BaseConsumer<C>);

impl<C: ConsumerContext> OffsetCommitter for CommitFrom<'_, C> {
    fn commit(&self, offsets: &[(String, i32, u64)]) -> Result<(), SourceError> {
        commit_offsets(self.0, offsets)
    }
}

fn commit_offsets<C: ConsumerContext>(
    consumer: &BaseConsumer<C>,
    offsets: &[(String, i32, u64)],
) -> Result<(), SourceError> {
    if offsets.is_empty() {
        return Ok(());
    }
    let mut list = TopicPartitionList::new();
    for (topic, partition, next) in offsets {
        let offset = i64::try_from(*next).unwrap_or(i64::MAX);
        list.add_partition_offset(topic, *partition, Offset::Offset(offset))
            .map_err(|e| source_error("invalid offset to commit", &e))?;
    }
    consumer
        .commit(&list, CommitMode::Sync)
        .map_err(|e| source_error("cannot commit offsets", &e))
}

impl<L: AssignmentListener> ConsumerContext for GroupContext<L> {
    // The eager (range) protocol: every rebalance revokes all partitions, then assigns. The
    // start offsets come from the application's checkpoints, not from the group's commits,
    // because a checkpoint holds state and offsets together.
    fn rebalance(
        &self,
        consumer: &BaseConsumer<Self>,
        err: RDKafkaRespErr,
        list: &mut TopicPartitionList,
    ) {
        match err {
            RDKafkaRespErr::RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS => {
                let partitions = partitions_of(list);
                let low = |tp: &TopicPartition| {
                    consumer
                        .fetch_watermarks(&tp.topic, tp.partition, Duration::from_secs(10))
                        .ok()
                        .and_then(|(low, _)| u64::try_from(low).ok())
                };
                let starts = self.listener.assigned(&partitions, &low);
                for (tp, start) in partitions.iter().zip(starts) {
                    let offset = Offset::Offset(i64::try_from(start).unwrap_or(i64::MAX));
                    if let Err(e) = list.set_partition_offset(&tp.topic, tp.partition, offset) {
                        tracing::error!(topic = %tp.topic, partition = tp.partition, error = %e, "cannot set the start offset");
                    }
                }
                tracing::info!(partitions = ?partitions, "partitions assigned");
                if let Err(e) = consumer.assign(list) {
                    tracing::error!(error = %e, "cannot take the assigned partitions");
                }
                // A partition this instance paused before it was revoked stays paused in the
                // client when it comes back, while its new work starts unpaused and would never
                // ask to resume it: every assigned partition starts fetching.
                if let Err(e) = consumer.resume(list) {
                    tracing::error!(error = %e, "cannot resume the assigned partitions");
                }
            }
            RDKafkaRespErr::RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS => {
                let partitions = partitions_of(list);
                tracing::info!(partitions = ?partitions, "partitions revoked");
                self.listener.revoked(&partitions, &CommitFrom(consumer));
                if let Err(e) = consumer.unassign() {
                    tracing::error!(error = %e, "cannot give up the revoked partitions");
                }
            }
            other => {
                tracing::error!(error = ?other, "rebalance failed; giving up every partition");
                let partitions = partitions_of(list);
                self.listener.revoked(&partitions, &CommitFrom(consumer));
                let _ = consumer.unassign();
            }
        }
    }
}

/// The business topics through a consumer group.
pub struct GroupConsumer<L: AssignmentListener> {
    consumer: BaseConsumer<GroupContext<L>>,
}

impl<L: AssignmentListener> GroupConsumer<L> {
    /// Creates the consumer and subscribes to the business topics. The range assignor gives
    /// one instance partition N of every topic, so a village's events meet in one pipeline.
    pub fn connect(
        settings: &KafkaSettings,
        listener: Arc<L>,
    ) -> Result<GroupConsumer<L>, SourceError> {
        let mut config: ClientConfig = settings.consumer_config();
        if !settings
            .extra
            .iter()
            .any(|(k, _)| k == "partition.assignment.strategy")
        {
            config.set("partition.assignment.strategy", "range");
        }
        let consumer: BaseConsumer<GroupContext<L>> = config
            .create_with_context(GroupContext { listener })
            .map_err(|e| source_error("cannot create the Kafka consumer (check kafka.*)", &e))?;
        let topics: Vec<&str> = settings.topics.iter().map(String::as_str).collect();
        consumer
            .subscribe(&topics)
            .map_err(|e| source_error(&format!("cannot subscribe to {}", topics.join(", ")), &e))?;
        Ok(GroupConsumer { consumer })
    }

    /// The next message, or None after `wait`. Rebalances run inside this call.
    pub fn poll(&self, wait: Duration) -> Option<Result<RawRecord, SourceError>> {
        self.consumer.poll(wait).map(|result| {
            result
                .map(|m| raw_record(&m))
                .map_err(|e| source_error("cannot read from Kafka", &e))
        })
    }

    /// The end of a partition as of the last fetch (no round trip); None before the first.
    pub fn high_watermark(&self, topic: &str, partition: i32) -> Option<u64> {
        cached_high_watermark(self.consumer.client(), topic, partition)
    }

    /// Commits (topic, partition, next offset) triples synchronously.
    pub fn commit(&self, offsets: &[(String, i32, u64)]) -> Result<(), SourceError> {
        commit_offsets(&self.consumer, offsets)
    }

    /// Stops or restarts fetching one partition (its queue is long enough, or drained).
    pub fn set_paused(&self, topic: &str, partition: i32, paused: bool) -> KafkaResult<()> {
        let mut list = TopicPartitionList::new();
        list.add_partition(topic, partition);
        if paused {
            self.consumer.pause(&list)
        } else {
            self.consumer.resume(&list)
        }
    }

    /// Leaves the group: the partitions are revoked (the listener saves their work) and
    /// handed to the other instances at once instead of after the session timeout.
    pub fn leave(&self) {
        self.consumer.unsubscribe();
        // The revocation runs in a poll; the group rebalances while we wait for it.
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while std::time::Instant::now() < deadline {
            match self.consumer.assignment() {
                Ok(list) if list.count() == 0 => break,
                Err(_) => break,
                _ => {
                    let _ = self.consumer.poll(Duration::from_millis(50));
                }
            }
        }
    }
}
