//! [`PartitionWork`]: one business partition (partition N of every business topic) with its
//! pipeline, and the merge that feeds it.
//!
//! Kafka gives no order across topics, and a consumer may read one topic far ahead of another.
//! Events are therefore handed to the pipeline in event-time order across the partition's
//! inputs (its business topics and the registry): the input whose next event occurred first
//! goes first, and an input that has nothing queued holds the merge back until it either
//! receives a message or has been read to the end the broker reported. The pipeline then sees
//! the order a time-sorted file would give, whatever the fetch timing, so the alerts do not
//! depend on which instance owns the partition or when it was fetched.

use super::checkpoint_chain::CheckpointChain;
use super::registry_log::RegistryLog;
use mingjing_connectors::TopicPartition;
use mingjing_engine::event::{Event, EventType};
use mingjing_engine::Pipeline;
use std::collections::{BTreeMap, VecDeque};
use std::sync::Arc;

/// A decoded message waiting for its turn.
struct Queued {
    offset: u64,
    event: Arc<Event>,
    has_unknown_members: bool,
}

/// One business topic's partition.
struct BusinessInput {
    topic: String,
    queue: VecDeque<Queued>,
    /// The next offset to read.
    consumed_upto: u64,
    paused: bool,
}

impl BusinessInput {
    /// The next offset to apply: a checkpoint taken now resumes here.
    fn next_to_apply(&self) -> u64 {
        self.queue.front().map_or(self.consumed_upto, |q| q.offset)
    }
}

/// Where this partition stands in one registry partition.
#[derive(Clone, Copy)]
struct RegistryCursor {
    next_offset: u64,
    index: usize,
}

/// The longest queue before a partition's fetching is paused, and the length at which it
/// resumes: a topic read far ahead of its siblings must not fill memory.
const PAUSE_AT: usize = 20_000;
const RESUME_AT: usize = 5_000;

/// A change of fetching for one topic partition.
pub struct FetchChange {
    pub topic: String,
    pub partition: i32,
    pub paused: bool,
}

/// Per-threshold counters of a pipeline as last added to the metrics.
#[derive(Default)]
pub struct RuleCountsReported {
    pub alerts_raised: Vec<u64>,
    pub rule_errors: Vec<u64>,
    pub rule_evaluations: Vec<u64>,
    pub late_by_type: BTreeMap<EventType, u64>,
    pub duplicates_by_type: BTreeMap<EventType, u64>,
}

/// One owned business partition.
pub struct PartitionWork {
    pub partition: i32,
    pub pipeline: Pipeline,
    inputs: Vec<BusinessInput>,
    registry: Vec<RegistryCursor>,
    /// Events applied since the last checkpoint.
    pub applied_since_checkpoint: u64,
    /// Whether a checkpoint of this partition exists.
    pub checkpointed: bool,
    /// The checkpoint this instance saved last, which the next delta extends; None when the
    /// next checkpoint must be a base (none saved yet, or the state was loaded).
    pub chain: Option<CheckpointChain>,
    /// Whether the pipeline was restored from a checkpoint and still lacks the registry records
    /// it had applied: checkpoints leave them out, the shared registry log holds them.
    pub registry_to_restore: bool,
    /// The per-threshold counters already added to the metrics.
    pub rule_counts_reported: RuleCountsReported,
}

impl PartitionWork {
    /// `business` gives each topic and its start offset, `registry_starts` the next offset of
    /// each registry partition (in the log's order).
    pub fn new(
        partition: i32,
        pipeline: Pipeline,
        business: &[(String, u64)],
        registry_starts: &[u64],
    ) -> PartitionWork {
        PartitionWork {
            partition,
            pipeline,
            inputs: business
                .iter()
                .map(|(topic, start)| BusinessInput {
                    topic: topic.clone(),
                    queue: VecDeque::new(),
                    consumed_upto: *start,
                    paused: false,
                })
                .collect(),
            registry: registry_starts
                .iter()
                .map(|&next_offset| RegistryCursor {
                    next_offset,
                    index: 0,
                })
                .collect(),
            applied_since_checkpoint: 0,
            checkpointed: false,
            chain: None,
            registry_to_restore: false,
            rule_counts_reported: RuleCountsReported::default(),
        }
    }

    /// Takes a message of one of this partition's topics; `event` is None for a rejected one.
    /// A message before the start offset (delivered again) is ignored.
    pub fn take(&mut self, topic: &str, offset: u64, event: Option<(Arc<Event>, bool)>) {
        let Some(input) = self.inputs.iter_mut().find(|i| i.topic == topic) else {
            return;
        };
        if offset < input.consumed_upto {
            return;
        }
        input.consumed_upto = offset + 1;
        if let Some((event, has_unknown_members)) = event {
            input.queue.push_back(Queued {
                offset,
                event,
                has_unknown_members,
            });
        }
    }

    /// Applies, in event-time order, every event the merge can release. `high_watermark`
    /// gives the broker's end of a business topic partition as of the last fetch.
    pub fn run(
        &mut self,
        registry: &RegistryLog,
        high_watermark: &dyn Fn(&str, i32) -> Option<u64>,
    ) -> u64 {
        if self.registry_to_restore && !self.restore_registry(registry) {
            return 0;
        }
        let mut applied = 0;
        let business = self.inputs.len();
        loop {
            let mut best: Option<(i64, usize)> = None;
            let mut consider = |at: i64, input: usize| {
                if best.is_none_or(|(t, _)| at < t) {
                    best = Some((at, input));
                }
            };
            for (i, input) in self.inputs.iter().enumerate() {
                match input.queue.front() {
                    Some(q) => consider(q.event.occurred_at.nanos(), i),
                    None => {
                        let at_end = high_watermark(&input.topic, self.partition)
                            .is_some_and(|h| input.consumed_upto >= h);
                        if !at_end {
                            return applied;
                        }
                    }
                }
            }
            for (r, cursor) in self.registry.iter_mut().enumerate() {
                let log = &registry.partitions[r];
                while log
                    .entries
                    .get(cursor.index)
                    .is_some_and(|e| e.offset < cursor.next_offset)
                {
                    cursor.index += 1;
                }
                match log.entries.get(cursor.index) {
                    Some(entry) => consider(entry.event.occurred_at.nanos(), business + r),
                    None if log.caught_up => {}
                    None => return applied,
                }
            }
            let Some((_, input)) = best else {
                return applied;
            };
            if input < business {
                let Some(next) = self.inputs[input].queue.pop_front() else {
                    return applied;
                };
                self.pipeline.offer_decoded(
                    next.event,
                    next.has_unknown_members,
                    &self.inputs[input].topic,
                );
            } else {
                let r = input - business;
                let cursor = &mut self.registry[r];
                let entry = &registry.partitions[r].entries[cursor.index];
                cursor.index += 1;
                cursor.next_offset = entry.offset + 1;
                self.pipeline.offer_decoded(
                    entry.event.clone(),
                    entry.has_unknown_members,
                    &registry.topic,
                );
            }
            applied += 1;
            self.applied_since_checkpoint += 1;
        }
    }

    /// Gives a restored pipeline the registry records before its cursors, once the shared log
    /// has been read that far (or to the broker's end). False while it has not.
    fn restore_registry(&mut self, registry: &RegistryLog) -> bool {
        let cursors = &self.registry;
        let read = cursors
            .iter()
            .zip(&registry.partitions)
            .all(|(cursor, log)| log.consumed_upto >= cursor.next_offset || log.caught_up);
        if !read {
            return false;
        }
        let applied = cursors
            .iter()
            .zip(&registry.partitions)
            .flat_map(|(cursor, log)| {
                log.entries
                    .iter()
                    .take_while(|entry| entry.offset < cursor.next_offset)
                    .map(|entry| &entry.event)
            });
        self.pipeline.restore_registry(applied);
        self.registry_to_restore = false;
        true
    }

    /// Pauses inputs whose queues grew long and resumes drained ones.
    pub fn fetch_changes(&mut self) -> Vec<FetchChange> {
        let mut changes = Vec::new();
        for input in &mut self.inputs {
            let len = input.queue.len();
            let paused = if len >= PAUSE_AT {
                true
            } else if len <= RESUME_AT {
                false
            } else {
                input.paused
            };
            if paused != input.paused {
                input.paused = paused;
                changes.push(FetchChange {
                    topic: input.topic.clone(),
                    partition: self.partition,
                    paused,
                });
            }
        }
        changes
    }

    /// (topic, partition, next offset to apply) of every input, registry included: together
    /// with the pipeline state, where a restart resumes.
    pub fn offsets(&self, registry: &RegistryLog) -> Vec<(String, i32, u64)> {
        let mut offsets: Vec<(String, i32, u64)> = self
            .inputs
            .iter()
            .map(|i| (i.topic.clone(), self.partition, i.next_to_apply()))
            .collect();
        offsets.extend(
            self.registry
                .iter()
                .zip(&registry.partitions)
                .map(|(cursor, log)| (registry.topic.clone(), log.partition, cursor.next_offset)),
        );
        offsets
    }

    /// The business offsets to commit to the group (the registry is not a group topic).
    pub fn business_offsets(&self) -> Vec<(String, i32, u64)> {
        self.inputs
            .iter()
            .map(|i| (i.topic.clone(), self.partition, i.next_to_apply()))
            .collect()
    }

    /// Whether the message at `offset` of `topic` is new to this partition.
    pub fn wants(&self, topic: &str, offset: u64) -> bool {
        self.inputs
            .iter()
            .any(|i| i.topic == topic && offset >= i.consumed_upto)
    }

    /// The offset reading of `topic` goes on from.
    pub fn start_of(&self, topic: &str) -> Option<u64> {
        self.inputs
            .iter()
            .find(|i| i.topic == topic)
            .map(|i| i.consumed_upto)
    }

    /// Whether this partition reads exactly these topics.
    pub fn reads_exactly(&self, topics: &[&TopicPartition]) -> bool {
        self.inputs.len() == topics.len()
            && topics
                .iter()
                .all(|tp| self.inputs.iter().any(|i| i.topic == tp.topic))
    }
}
