//! The open-alert gauges: how many alerts are red and yellow at each holder, counted in the
//! store now and then (officers on other instances change them too).

use mingjing_connectors::SqlStore;
use mingjing_dashboard_api::metrics::Metrics;
use mingjing_engine::cockpit::CockpitStore;
use std::sync::Arc;
use std::time::Duration;

/// Recounts every `every` until the task is dropped with the runtime.
pub async fn count_open_alerts(store: SqlStore, every: Duration, metrics: Arc<Metrics>) {
    let mut ticks = tokio::time::interval(every);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        let timer = metrics.store_timer("open_alert_counts");
        let counted = store.open_alert_counts().await;
        timer.observe_duration();
        match counted {
            Ok(counts) => metrics.set_open_alerts(&counts),
            Err(error) => tracing::warn!(error = %error, "cannot count the open alerts"),
        }
    }
}
