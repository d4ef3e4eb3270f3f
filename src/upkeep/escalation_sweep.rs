//! Escalation on a live clock: in service a deadline passes when real time passes it, so a
//! timer sweeps the store for alerts whose acknowledge or close deadline has gone by.
//! Every instance sweeps; the store's version check lets one of them apply each escalation,
//! and an escalation is recorded at the missed deadline, so how often the sweep runs changes
//! when it is seen, not what is recorded.

use mingjing_connectors::SqlStore;
use mingjing_dashboard_api::metrics::Metrics;
use mingjing_dashboard_api::Clock;
use mingjing_engine::lifecycle::LifecycleStore;
use std::sync::Arc;
use std::time::Duration;

/// Sweeps every `every` until the task is dropped with the runtime.
pub async fn sweep_escalations(
    store: SqlStore,
    every: Duration,
    clock: Clock,
    metrics: Arc<Metrics>,
) {
    let mut ticks = tokio::time::interval(every);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        let timer = metrics.store_timer("escalate_due");
        let swept = store.escalate_due(clock()).await;
        timer.observe_duration();
        match swept {
            Ok(entries) => {
                for entry in &entries {
                    metrics.record_escalation(entry);
                }
                if !entries.is_empty() {
                    tracing::info!(escalations = entries.len(), "escalated overdue alerts");
                }
            }
            Err(error) => {
                tracing::warn!(error = %error, "escalation sweep failed; retrying at the next tick")
            }
        }
    }
}
