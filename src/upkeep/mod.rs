//! Work a serving instance does beside answering requests: escalating alerts whose deadline
//! passed on its clock, and keeping the open-alert gauges current. `mingjing run`,
//! `mingjing serve` and the demo all start it.

mod escalation_sweep;
mod open_alerts;

use mingjing_connectors::SqlStore;
use mingjing_dashboard_api::metrics::Metrics;
use mingjing_dashboard_api::Clock;
use std::sync::Arc;
use std::time::Duration;
use tokio::runtime::Handle;

/// How often the open alerts are recounted.
const OPEN_ALERTS_EVERY: Duration = Duration::from_secs(15);

/// Starts the upkeep tasks on `runtime`; they end with it. Without `escalate_every`, nothing
/// is escalated by this instance.
pub fn start(
    runtime: &Handle,
    store: &SqlStore,
    clock: Clock,
    metrics: &Arc<Metrics>,
    escalate_every: Option<Duration>,
) {
    if let Some(every) = escalate_every {
        runtime.spawn(escalation_sweep::sweep_escalations(
            store.clone(),
            every,
            clock,
            metrics.clone(),
        ));
    }
    runtime.spawn(open_alerts::count_open_alerts(
        store.clone(),
        OPEN_ALERTS_EVERY,
        metrics.clone(),
    ));
}
