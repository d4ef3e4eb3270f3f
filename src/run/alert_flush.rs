//! [`AlertFlush`]: a round's alerts and dead letters made durable in the background while the
//! consuming loop reads and applies the next round.
//!
//! Storing and publishing a round waits on the database's commit and the broker's
//! acknowledgement, time in which the rules could already run on the next messages. One flush
//! runs at a time, so the store and the alert topic receive an alert's versions in the order
//! they were raised; checkpoints and commits wait for the running flush first, so no offset is
//! committed before the alerts of the events before it are durable.

use super::owner::Outputs;
use anyhow::Context;
use mingjing_dashboard_api::metrics::Metrics;
use mingjing_engine::alert::Alert;
use mingjing_engine::event::Rejection;
use mingjing_engine::source::RawRecord;
use mingjing_engine::store::{AlertStore, RejectedRecord};
use std::sync::Arc;
use tokio::runtime::Handle;
use tokio::task::JoinHandle;

/// What one round leaves to make durable.
pub struct RoundOutput {
    pub alerts: Vec<Alert>,
    pub rejects: Vec<(RawRecord, Rejection)>,
}

impl RoundOutput {
    fn is_empty(&self) -> bool {
        self.alerts.is_empty() && self.rejects.is_empty()
    }
}

/// The flush in progress, if any.
#[derive(Default)]
pub struct AlertFlush {
    running: Option<JoinHandle<anyhow::Result<()>>>,
}

impl AlertFlush {
    /// Waits for the flush in progress, then starts making `round` durable. An error of the
    /// earlier flush is returned here, and `round` is not started. A round with nothing to
    /// write waits for nothing: the loop reads on, and the next write or [`AlertFlush::wait`]
    /// waits instead.
    pub fn start(
        &mut self,
        outputs: &Outputs,
        metrics: &Arc<Metrics>,
        round: RoundOutput,
    ) -> anyhow::Result<()> {
        if round.is_empty() {
            return Ok(());
        }
        self.wait(&outputs.runtime)?;
        let task = write_durably(outputs.clone(), metrics.clone(), round);
        self.running = Some(outputs.runtime.spawn(task));
        Ok(())
    }

    /// Returns once every flush started so far has finished, with its error if it failed.
    pub fn wait(&mut self, runtime: &Handle) -> anyhow::Result<()> {
        let Some(task) = self.running.take() else {
            return Ok(());
        };
        runtime
            .block_on(task)
            .context("the task storing and publishing alerts stopped")?
    }
}

/// Dead letters to their topic and the store, then alerts to the store and their topic.
async fn write_durably(
    outputs: Outputs,
    metrics: Arc<Metrics>,
    round: RoundOutput,
) -> anyhow::Result<()> {
    let RoundOutput { alerts, rejects } = round;
    for (record, rejection) in &rejects {
        outputs
            .dead_letters
            .send(record, rejection.reason.as_str(), &rejection.detail)
            .await
            .context("sending a refused message to the dead-letter topic")?;
    }
    if !rejects.is_empty() {
        let rows: Vec<RejectedRecord> = rejects.iter().map(rejected_row).collect();
        let _timer = metrics.store_timer("save_rejects");
        outputs
            .store
            .save_rejects(&rows)
            .await
            .context("keeping refused messages in the store")?;
    }
    if !alerts.is_empty() {
        let timer = metrics.store_timer("upsert_alerts");
        outputs
            .store
            .upsert_alerts(&alerts)
            .await
            .context("storing alerts")?;
        timer.observe_duration();
        outputs
            .alert_topic
            .publish(&alerts)
            .await
            .context("publishing alerts")?;
    }
    Ok(())
}

fn rejected_row((record, rejection): &(RawRecord, Rejection)) -> RejectedRecord {
    RejectedRecord {
        source: record.source.clone(),
        position: format!("{}/{}", record.partition, record.position),
        reason: rejection.reason.as_str().to_string(),
        detail: rejection.detail.clone(),
        event_id: rejection.event_id.clone(),
        raw: String::from_utf8_lossy(&record.bytes).into_owned(),
    }
}
