//! [`Owner`]: the business partitions this instance owns, the registry they share, and the
//! delivery order: alerts and dead letters durable first, then checkpoints, then commits.

use super::alert_flush::{AlertFlush, RoundOutput};
use super::checkpoint;
use super::checkpoint_chain::CheckpointChain;
use super::checkpoint_writes::{Capture, CapturedPiece, CheckpointWrites, PieceKind, Saved};
use super::partition_work::{FetchChange, PartitionWork};
use super::registry_log::RegistryLog;
use anyhow::Context;
use mingjing_connectors::{AlertTopic, DeadLetters, SqlStore, TopicPartition};
use mingjing_dashboard_api::metrics::Metrics;
use mingjing_engine::event::{decode, DecodeOptions, Event, RejectReason, Rejection};
use mingjing_engine::pipeline::CallObserver;
use mingjing_engine::snapshot::RegistryRecords;
use mingjing_engine::source::RawRecord;
use mingjing_engine::values::Timestamp;
use mingjing_engine::{EngineConfig, Pipeline, RuleSet};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::sync::Arc;
use tokio::runtime::Handle;

/// Commits (topic, partition, next offset) triples to the group.
pub type CommitOffsets<'a> = dyn Fn(&[(String, i32, u64)]) -> anyhow::Result<()> + 'a;

/// Where results go. Clones share the store's pool and the producers.
#[derive(Clone)]
pub struct Outputs {
    pub store: SqlStore,
    pub alert_topic: AlertTopic,
    pub dead_letters: DeadLetters,
    /// Runs the store's and producers' futures from the consuming thread.
    pub runtime: Handle,
}

/// The owned partitions and everything they share.
pub struct Owner {
    rules: Arc<RuleSet>,
    engine: EngineConfig,
    decode_options: DecodeOptions,
    group: String,
    pub registry: RegistryLog,
    work: BTreeMap<i32, PartitionWork>,
    /// Partitions given up at the last rebalance, with the offsets of the checkpoint written
    /// then: if the same partitions come back unchanged, their state is kept, not reloaded.
    standby: BTreeMap<i32, (PartitionWork, String)>,
    outputs: Outputs,
    rejects: Vec<(RawRecord, Rejection)>,
    flushing: AlertFlush,
    writes: CheckpointWrites,
    metrics: Arc<Metrics>,
    /// Observes each threshold call into its duration histogram.
    rule_durations: CallObserver,
    /// Whether the group has assigned partitions at least once.
    pub joined: bool,
    /// A failure inside a rebalance, reported by the consuming loop.
    pub failure: Option<anyhow::Error>,
}

impl Owner {
    pub fn new(
        rules: Arc<RuleSet>,
        engine: EngineConfig,
        group: &str,
        registry: RegistryLog,
        outputs: Outputs,
        metrics: Arc<Metrics>,
    ) -> Owner {
        let ids: Vec<&str> = rules
            .thresholds
            .iter()
            .map(|t| t.meta.id.as_str())
            .collect();
        let histograms = metrics.rule_duration_histograms(&ids);
        let rule_durations: CallObserver = Arc::new(move |index, took| {
            if let Some(histogram) = histograms.get(index) {
                histogram.observe(took.as_secs_f64());
            }
        });
        Owner {
            rule_durations,
            decode_options: DecodeOptions {
                local_offset_seconds: engine.local_offset_seconds,
            },
            rules,
            engine,
            group: group.to_string(),
            registry,
            work: BTreeMap::new(),
            standby: BTreeMap::new(),
            outputs,
            rejects: Vec::new(),
            flushing: AlertFlush::default(),
            writes: CheckpointWrites::default(),
            metrics,
            joined: false,
            failure: None,
        }
    }

    /// The partitions owned now.
    pub fn owned(&self) -> Vec<i32> {
        self.work.keys().copied().collect()
    }

    fn decode(&mut self, record: &RawRecord) -> Option<(Arc<Event>, bool)> {
        let decoded = decode(&record.bytes, &self.decode_options);
        let event_type = match &decoded {
            Ok(decoded) => decoded.event.event_type.as_str(),
            Err(_) => "undecodable",
        };
        self.metrics
            .events_received
            .with_label_values(&[&record.source, event_type])
            .inc();
        match decoded {
            Ok(decoded) => Some((Arc::new(decoded.event), !decoded.unknown_members.is_empty())),
            Err(rejection) => {
                self.refuse(record, rejection);
                None
            }
        }
    }

    fn refuse(&mut self, record: &RawRecord, rejection: Rejection) {
        self.metrics
            .events_rejected
            .with_label_values(&[&record.source, rejection.reason.as_str()])
            .inc();
        tracing::warn!(topic = %record.source, partition = record.partition, offset = record.position, reason = rejection.reason.as_str(), detail = %rejection.detail, "rejected message");
        self.rejects.push((record.clone(), rejection));
    }

    /// A message of the registry topic.
    pub fn take_registry(&mut self, record: &RawRecord) {
        let accepted = self.decode(record).and_then(|(event, unknown)| {
            if event.event_type.is_registry() {
                return Some((event, unknown));
            }
            // Every instance reads the registry, so a business event there has no single
            // owner; its village's partition is not known here.
            let mut rejection = Rejection::new(
                RejectReason::InvalidEnvelope,
                format!(
                    "topic_mismatch: {} is a business event and cannot be read from {}; publish it on {} keyed by village_id",
                    event.event_type.as_str(),
                    record.source,
                    event.event_type.topic()
                ),
            );
            rejection.event_id = Some(event.event_id.to_string());
            self.refuse(record, rejection);
            None
        });
        self.registry
            .note(record.partition, record.position, accepted);
    }

    /// A message of a business topic. Messages of partitions not owned (still in flight after a
    /// rebalance) are left to their new owner.
    pub fn take_business(&mut self, record: &RawRecord) {
        let wanted = self
            .work
            .get(&record.partition)
            .is_some_and(|w| w.wants(&record.source, record.position));
        if !wanted {
            return;
        }
        let accepted = self.decode(record);
        if let Some(work) = self.work.get_mut(&record.partition) {
            work.take(&record.source, record.position, accepted);
        }
    }

    /// Runs every partition's merge; returns the events applied and the fetch changes.
    ///
    /// Partitions share nothing but the registry log, which they only read, so they run on
    /// the cores at once: the rules, not the broker, are what an instance waits for.
    pub fn process(
        &mut self,
        high_watermark: &(dyn Fn(&str, i32) -> Option<u64> + Sync),
    ) -> (u64, Vec<FetchChange>) {
        let registry = &self.registry;
        let (applied, changes): (Vec<u64>, Vec<Vec<FetchChange>>) = self
            .work
            .par_iter_mut()
            .map(|(_, work)| {
                let applied = work.run(registry, high_watermark);
                (applied, work.fetch_changes())
            })
            .unzip();
        (
            applied.iter().sum(),
            changes.into_iter().flatten().collect(),
        )
    }

    /// Sets each owned partition's watermark lag (wall clock minus watermark); partitions no
    /// longer owned leave the gauge.
    pub fn report_watermark_lag(&self) {
        let gauge = &self.metrics.watermark_lag;
        gauge.reset();
        let now = Timestamp::now(self.engine.local_offset_seconds);
        for (partition, work) in &self.work {
            if let Some(watermark) = work.pipeline.settled_time(false) {
                let lag = (now.nanos() - watermark.nanos()) as f64 / 1e9;
                gauge.with_label_values(&[&partition.to_string()]).set(lag);
            }
        }
    }

    /// Starts making the alerts and dead letters of the round just applied durable (the store,
    /// the alert topic, the dead-letter topic), after the round before it; the consuming loop
    /// reads and applies the next round meanwhile. [`Owner::flush`] waits for it.
    pub fn start_flush(&mut self) -> anyhow::Result<()> {
        let mut alerts = Vec::new();
        for work in self.work.values_mut() {
            alerts.extend(work.pipeline.take_changed_alerts());
            report_rule_counts(&self.rules, &self.metrics, work);
        }
        let round = RoundOutput {
            alerts,
            rejects: std::mem::take(&mut self.rejects),
        };
        self.flushing.start(&self.outputs, &self.metrics, round)
    }

    /// Makes every alert and dead letter so far durable. Nothing may be committed or
    /// checkpointed before this returns Ok.
    pub fn flush(&mut self) -> anyhow::Result<()> {
        self.start_flush()?;
        self.flushing.wait(&self.outputs.runtime)
    }

    /// [`capture_work`] of one owned partition.
    fn capture(&mut self, partition: i32) -> Option<Capture> {
        let work = self.work.get_mut(&partition)?;
        capture_work(work, partition, &self.group, &self.registry)
    }

    /// Flushes, then starts saving the checkpoint of every owned partition that changed and has
    /// no save in flight. The loop goes on; [`Owner::commit_saved`] commits when they are done.
    pub fn checkpoint_in_background(&mut self) -> anyhow::Result<()> {
        self.flush()?;
        // The loop waits for the captures, so the partitions are captured on all cores at once.
        let (group, registry, writes) = (&self.group, &self.registry, &self.writes);
        let captures: Vec<Capture> = self
            .work
            .par_iter_mut()
            .filter(|(partition, _)| !writes.is_saving(**partition))
            .filter_map(|(partition, work)| capture_work(work, *partition, group, registry))
            .collect();
        for capture in captures {
            self.writes.start(
                &self.outputs.runtime,
                &self.outputs.store,
                &self.metrics,
                capture,
            );
        }
        Ok(())
    }

    /// Counts a finished save and moves its partition's chain on. Returns whether its offsets
    /// may be committed: not when the store refused a delta (another instance wrote the
    /// checkpoint since), which leaves the partition to be saved whole.
    fn note_saved(&mut self, saved: &Saved) -> bool {
        let Some(seq) = saved.seq else {
            tracing::warn!(
                partition = saved.partition,
                "the checkpoint was written by another instance since this one's last save; the next checkpoint saves the whole state"
            );
            if let Some(work) = self.work.get_mut(&saved.partition) {
                work.chain = None;
                work.checkpointed = false;
            }
            return false;
        };
        self.metrics.checkpoints.inc();
        self.metrics
            .checkpoint_bytes
            .with_label_values(&[saved.kind.as_str()])
            .inc_by(saved.bytes as u64);
        tracing::debug!(
            partition = saved.partition,
            kind = saved.kind.as_str(),
            bytes = saved.bytes,
            seq,
            "checkpoint saved"
        );
        // A partition given up since has been checkpointed and committed further on.
        let Some(work) = self.work.get_mut(&saved.partition) else {
            return false;
        };
        match (saved.kind, &mut work.chain) {
            (PieceKind::Base, chain) => {
                *chain = Some(CheckpointChain::after_base(seq, saved.bytes))
            }
            (PieceKind::Delta, Some(chain)) => chain.extend(seq, saved.bytes),
            // Deltas are captured only while a chain is known, and it is dropped only on a refusal.
            (PieceKind::Delta, None) => {}
        }
        true
    }

    /// Commits the offsets of every checkpoint saved since the last call, waiting for those of
    /// `wait_for`.
    pub fn commit_saved(&mut self, wait_for: &[i32], commit: &CommitOffsets) -> anyhow::Result<()> {
        let saved = self.writes.collect(&self.outputs.runtime, wait_for)?;
        let mut to_commit = Vec::new();
        for checkpoint in saved {
            if self.note_saved(&checkpoint) {
                to_commit.extend(checkpoint.business_offsets);
            }
        }
        if to_commit.is_empty() {
            return Ok(());
        }
        commit(&to_commit)
    }

    /// Flushes, saves the checkpoint of each listed partition that changed and waits for it,
    /// then commits their business offsets with `commit`.
    pub fn checkpoint(&mut self, partitions: &[i32], commit: &CommitOffsets) -> anyhow::Result<()> {
        self.flush()?;
        self.commit_saved(partitions, commit)?;
        // A delta the store refuses leaves its partition to be saved whole: a second round.
        for _ in 0..2 {
            let mut started = false;
            for &partition in partitions {
                if let Some(capture) = self.capture(partition) {
                    self.writes.start(
                        &self.outputs.runtime,
                        &self.outputs.store,
                        &self.metrics,
                        capture,
                    );
                    started = true;
                }
            }
            if !started {
                break;
            }
            for saved in self.writes.collect(&self.outputs.runtime, partitions)? {
                self.note_saved(&saved);
            }
        }
        let to_commit: Vec<(String, i32, u64)> = partitions
            .iter()
            .filter_map(|p| self.work.get(p))
            .filter(|w| w.checkpointed)
            .flat_map(PartitionWork::business_offsets)
            .collect();
        commit(&to_commit)
    }

    /// Checkpoints and commits every owned partition.
    pub fn checkpoint_all(&mut self, commit: &CommitOffsets) -> anyhow::Result<()> {
        let owned = self.owned();
        self.checkpoint(&owned, commit)
    }

    /// Partitions handed to this instance: each starts from its checkpoint (state and offsets
    /// together), or from the oldest offset when it has none. Returns each one's start offset.
    pub fn assign(
        &mut self,
        partitions: &[TopicPartition],
        low_watermark: &dyn Fn(&TopicPartition) -> Option<u64>,
    ) -> anyhow::Result<Vec<u64>> {
        self.joined = true;
        let mut numbers: Vec<i32> = partitions.iter().map(|tp| tp.partition).collect();
        numbers.sort_unstable();
        numbers.dedup();
        for number in numbers {
            let topics: Vec<&TopicPartition> = partitions
                .iter()
                .filter(|tp| tp.partition == number)
                .collect();
            let work = self.load_partition(number, &topics, low_watermark)?;
            self.work.insert(number, work);
        }
        self.standby.clear();
        self.metrics.partitions_owned.set(self.work.len() as i64);
        Ok(partitions
            .iter()
            .map(|tp| {
                self.work
                    .get(&tp.partition)
                    .and_then(|w| w.start_of(&tp.topic))
                    .unwrap_or(0)
            })
            .collect())
    }

    fn load_partition(
        &mut self,
        number: i32,
        topics: &[&TopicPartition],
        low_watermark: &dyn Fn(&TopicPartition) -> Option<u64>,
    ) -> anyhow::Result<PartitionWork> {
        let key = checkpoint::key(&self.group, number);
        let stored = self
            .outputs
            .runtime
            .block_on(self.outputs.store.load_checkpoint(&key))
            .with_context(|| format!("loading the checkpoint {key}"))?;
        if let Some((held, offsets)) = self.standby.remove(&number) {
            if stored.as_ref().is_some_and(|s| s.offsets == offsets) && held.reads_exactly(topics) {
                tracing::info!(partition = number, "kept the partition's state");
                return Ok(held);
            }
        }
        let loaded = match &stored {
            Some(stored) => Some(checkpoint::parse(&key, stored)?),
            None => None,
        };
        let mut pipeline = Pipeline::new(self.rules.clone(), &self.engine)?;
        pipeline.observe_calls(self.rule_durations.clone());
        if let Some(loaded) = &loaded {
            pipeline
                .restore(&loaded.snapshot)
                .with_context(|| format!("restoring the checkpoint {key}"))?;
            for (n, delta) in loaded.deltas.iter().enumerate() {
                pipeline.apply_delta(delta).with_context(|| {
                    format!("restoring delta {} of the checkpoint {key}", n + 1)
                })?;
            }
        }
        let business: Vec<(String, u64)> = topics
            .iter()
            .map(|tp| {
                let oldest = low_watermark(tp).unwrap_or(0);
                let start = match loaded.as_ref().and_then(|l| l.next_offset(&tp.topic, number)) {
                    Some(next) if next < oldest => {
                        tracing::error!(topic = %tp.topic, partition = number, checkpoint = next, oldest, "the broker no longer holds the messages after the checkpoint; resuming at the oldest it has");
                        oldest
                    }
                    Some(next) => next,
                    None => oldest,
                };
                (tp.topic.clone(), start)
            })
            .collect();
        let registry_starts: Vec<u64> = self
            .registry
            .partitions
            .iter()
            .map(|log| {
                loaded
                    .as_ref()
                    .and_then(|l| l.next_offset(&self.registry.topic, log.partition))
                    .unwrap_or(0)
            })
            .collect();
        let deltas = loaded.as_ref().map_or(0, |l| l.deltas.len());
        tracing::info!(partition = number, from_checkpoint = loaded.is_some(), deltas, starts = ?business, "partition loaded");
        let mut work = PartitionWork::new(number, pipeline, &business, &registry_starts);
        work.checkpointed = loaded.is_some();
        work.registry_to_restore = loaded.is_some();
        Ok(work)
    }

    /// Partitions taken away: their work is flushed, checkpointed and committed first.
    pub fn revoke(
        &mut self,
        partitions: &[TopicPartition],
        commit: &CommitOffsets,
    ) -> anyhow::Result<()> {
        let mut numbers: Vec<i32> = partitions.iter().map(|tp| tp.partition).collect();
        numbers.sort_unstable();
        numbers.dedup();
        let result = self.checkpoint(&numbers, commit);
        for number in numbers {
            if let Some(work) = self.work.remove(&number) {
                if result.is_ok() {
                    let offsets = checkpoint::offsets_json(&work.offsets(&self.registry));
                    self.standby.insert(number, (work, offsets));
                }
            }
        }
        self.metrics.partitions_owned.set(self.work.len() as i64);
        result
    }
}

/// The checkpoint of `partition` as of now, if it changed since the last one: the changes
/// since the last one when that can extend the stored checkpoint, else the whole state.
fn capture_work(
    work: &mut PartitionWork,
    partition: i32,
    group: &str,
    registry: &RegistryLog,
) -> Option<Capture> {
    if work.applied_since_checkpoint == 0 && work.checkpointed {
        return None;
    }
    work.applied_since_checkpoint = 0;
    work.checkpointed = true;
    let delta = work
        .chain
        .filter(|chain| !chain.wants_base())
        .and_then(|chain| {
            let delta = work.pipeline.capture_delta(RegistryRecords::Exclude)?;
            Some(CapturedPiece::Delta {
                follows: chain.seq,
                delta,
            })
        });
    let piece = delta
        .unwrap_or_else(|| CapturedPiece::Base(work.pipeline.capture(RegistryRecords::Exclude)));
    Some(Capture {
        partition,
        key: checkpoint::key(group, partition),
        piece,
        offsets_json: checkpoint::offsets_json(&work.offsets(registry)),
        business_offsets: work.business_offsets(),
    })
}

/// Adds what a partition's thresholds did since the last report to the metrics: alerts raised,
/// errors and evaluations (their durations are observed call by call), and the late and
/// duplicate events by type.
fn report_rule_counts(rules: &RuleSet, metrics: &Metrics, work: &mut PartitionWork) {
    let stats = work.pipeline.stats();
    let reported = &mut work.rule_counts_reported;
    let by_type = [
        (
            &stats.late_by_type,
            &mut reported.late_by_type,
            &metrics.events_late,
        ),
        (
            &stats.duplicates_by_type,
            &mut reported.duplicates_by_type,
            &metrics.events_duplicate,
        ),
    ];
    for (counts, reported, counter) in by_type {
        for (event_type, count) in counts {
            let before = reported.insert(*event_type, *count).unwrap_or(0);
            if *count > before {
                counter
                    .with_label_values(&[event_type.topic(), event_type.as_str()])
                    .inc_by(count - before);
            }
        }
    }
    for (index, threshold) in rules.thresholds.iter().enumerate() {
        let meta = &threshold.meta;
        let id = meta.id.as_str();
        let raised = newly(&stats.alerts_raised, &mut reported.alerts_raised, index);
        if raised > 0 {
            metrics
                .alerts_raised
                .with_label_values(&[id, &meta.category, meta.kind.as_str()])
                .inc_by(raised);
        }
        let errors = newly(&stats.rule_errors, &mut reported.rule_errors, index);
        if errors > 0 {
            metrics.rule_errors.with_label_values(&[id]).inc_by(errors);
        }
        let evaluations = newly(
            &stats.rule_evaluations,
            &mut reported.rule_evaluations,
            index,
        );
        if evaluations > 0 {
            metrics
                .rule_evaluations
                .with_label_values(&[id])
                .inc_by(evaluations);
        }
    }
}

/// How much `counts[index]` grew since `reported[index]`, which moves up to it.
fn newly(counts: &[u64], reported: &mut Vec<u64>, index: usize) -> u64 {
    let now = counts.get(index).copied().unwrap_or(0);
    if reported.len() <= index {
        reported.resize(index + 1, 0);
    }
    let grown = now.saturating_sub(reported[index]);
    reported[index] = now;
    grown
}
