//! The consuming loop: read the registry and the business partitions, merge and apply, make
//! alerts durable (in the background, while the next round is read and applied), checkpoint
//! and commit on a timer, and stop cleanly when asked.

use super::listener::SharedOwner;
use super::owner::Owner;
use mingjing_connectors::{GroupConsumer, RegistryReader};
use mingjing_dashboard_api::metrics::{ConsumePhase, Metrics};
use mingjing_dashboard_api::Readiness;
use parking_lot::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Messages read from each consumer before the merge runs.
const BATCH: usize = 2_000;
/// How long an idle poll waits.
const IDLE_WAIT: Duration = Duration::from_millis(20);

/// What the loop works with.
pub struct LoopParts {
    pub owner: Arc<Mutex<Owner>>,
    pub group: GroupConsumer<SharedOwner>,
    pub registry: RegistryReader,
    pub readiness: Readiness,
    pub metrics: Arc<Metrics>,
    pub checkpoint_interval: Duration,
    pub stop: Arc<AtomicBool>,
}

/// Consumes until `stop` is set, then checkpoints, commits and leaves the group.
pub fn consume(parts: LoopParts) -> anyhow::Result<()> {
    let LoopParts {
        owner,
        group,
        registry,
        readiness,
        metrics,
        checkpoint_interval,
        stop,
    } = parts;
    let commit = |offsets: &[(String, i32, u64)]| {
        if let Err(error) = group.commit(offsets) {
            tracing::warn!(error = %error, "offsets not committed; the checkpoints hold them");
        }
        Ok(())
    };
    let mut last_checkpoint = Instant::now();
    let mut ready = false;
    while !stop.load(Ordering::Relaxed) {
        let reading = metrics.phase_timer(ConsumePhase::Read);
        let mut read = 0;
        while read < BATCH {
            match registry.poll(Duration::ZERO) {
                Some(Ok(record)) => owner.lock().take_registry(&record),
                Some(Err(error)) => tracing::warn!(error = %error, "registry read failed"),
                None => break,
            }
            read += 1;
        }
        let mut wait = if read == 0 { IDLE_WAIT } else { Duration::ZERO };
        for _ in 0..BATCH {
            // Rebalances run inside this poll and lock the owner themselves.
            let polled = group.poll(wait);
            wait = Duration::ZERO;
            match polled {
                Some(Ok(record)) => owner.lock().take_business(&record),
                Some(Err(error)) => tracing::warn!(error = %error, "business read failed"),
                None => break,
            }
        }
        reading.observe_duration();
        let mut owner = owner.lock();
        if let Some(error) = owner.failure.take() {
            return Err(error);
        }
        let applying = metrics.phase_timer(ConsumePhase::Apply);
        owner
            .registry
            .refresh(|partition| registry.high_watermark(partition));
        let (applied, changes) =
            owner.process(&|topic, partition| group.high_watermark(topic, partition));
        applying.observe_duration();
        metrics.events_applied.inc_by(applied);
        owner.report_watermark_lag();
        for change in changes {
            if let Err(error) = group.set_paused(&change.topic, change.partition, change.paused) {
                tracing::warn!(topic = %change.topic, partition = change.partition, error = %error, "cannot pause or resume");
            }
        }
        let flushing = metrics.phase_timer(ConsumePhase::Flush);
        owner.start_flush()?;
        flushing.observe_duration();
        if !ready && owner.joined && owner.registry.caught_up() {
            ready = true;
            readiness.set_ready();
            tracing::info!(registry_events = owner.registry.len(), partitions = ?owner.owned(), "ready: registry read to its end, partitions assigned");
        }
        let committing = metrics.phase_timer(ConsumePhase::Commit);
        owner.commit_saved(&[], &commit)?;
        committing.observe_duration();
        if last_checkpoint.elapsed() >= checkpoint_interval {
            let capturing = metrics.phase_timer(ConsumePhase::Checkpoint);
            owner.checkpoint_in_background()?;
            capturing.observe_duration();
            last_checkpoint = Instant::now();
        }
    }
    readiness.set_not_ready("stopping");
    tracing::info!("stopping: saving checkpoints and committing");
    owner.lock().checkpoint_all(&commit)?;
    group.leave();
    if let Some(error) = owner.lock().failure.take() {
        return Err(error);
    }
    Ok(())
}
