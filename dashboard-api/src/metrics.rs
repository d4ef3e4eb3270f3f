//! Prometheus metrics of the engine and the API, with their names in one place.

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use mingjing_engine::lifecycle::AuditEntry;
use prometheus::{
    exponential_buckets, Encoder, Histogram, HistogramOpts, HistogramVec, IntCounter,
    IntCounterVec, IntGauge, IntGaugeVec, Opts, Registry, TextEncoder,
};
use std::sync::Arc;
use std::time::Instant;

pub const EVENTS_RECEIVED: &str = "mingjing_events_received_total";
pub const EVENTS_REJECTED: &str = "mingjing_events_rejected_total";
pub const EVENTS_LATE: &str = "mingjing_events_late_total";
pub const EVENTS_DUPLICATE: &str = "mingjing_events_duplicate_total";
pub const ALERTS_RAISED: &str = "mingjing_alerts_raised_total";
pub const RULE_ERRORS: &str = "mingjing_rule_errors_total";
pub const RULE_EVALUATIONS: &str = "mingjing_rule_evaluations_total";
pub const RULE_EVALUATION_DURATION: &str = "mingjing_rule_evaluation_duration_seconds";
pub const CHECKPOINTS: &str = "mingjing_checkpoints_total";
pub const CHECKPOINT_BYTES: &str = "mingjing_checkpoint_bytes_total";
pub const PARTITIONS_OWNED: &str = "mingjing_partitions_owned";
pub const EVENTS_APPLIED: &str = "mingjing_events_applied_total";
pub const HTTP_REQUESTS: &str = "mingjing_http_requests_total";
pub const HTTP_REQUEST_SECONDS: &str = "mingjing_http_request_duration_seconds";
pub const OPEN_ALERTS: &str = "mingjing_open_alerts";
pub const ESCALATIONS: &str = "mingjing_escalations_total";
pub const WATERMARK_LAG: &str = "mingjing_watermark_lag_seconds";
pub const STORE_DURATION: &str = "mingjing_store_operation_duration_seconds";
pub const CONSUME_PHASE_DURATION: &str = "mingjing_consume_phase_duration_seconds";

/// The phases of one round of `mingjing run`'s consuming loop.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConsumePhase {
    /// Polling the registry and the business partitions, decoding what arrived.
    Read,
    /// Merging each partition's inputs in event time and running the rules.
    Apply,
    /// Starting this round's alerts and dead letters on their way to the store and the topics
    /// (they are written while the next round is read and applied), after waiting for the
    /// earlier round's to be written; a round with none waits for nothing.
    Flush,
    /// Committing the offsets of saved checkpoints.
    Commit,
    /// Capturing the partitions' state for a checkpoint (the saving runs in the background).
    Checkpoint,
}

impl ConsumePhase {
    pub fn label(self) -> &'static str {
        match self {
            ConsumePhase::Read => "read",
            ConsumePhase::Apply => "apply",
            ConsumePhase::Flush => "flush",
            ConsumePhase::Commit => "commit",
            ConsumePhase::Checkpoint => "checkpoint",
        }
    }
}

/// The registry and the metrics the engine and the API update.
pub struct Metrics {
    pub registry: Registry,
    /// By topic and event type (`undecodable` when the message could not be decoded).
    pub events_received: IntCounterVec,
    /// By source (topic or file) and reason.
    pub events_rejected: IntCounterVec,
    /// Late and duplicate events, by topic and event type.
    pub events_late: IntCounterVec,
    pub events_duplicate: IntCounterVec,
    pub alerts_raised: IntCounterVec,
    pub rule_errors: IntCounterVec,
    pub rule_evaluations: IntCounterVec,
    /// Duration of one threshold call, by threshold.
    pub rule_evaluation_duration: HistogramVec,
    pub checkpoints: IntCounter,
    /// By kind: `base` (a whole state) or `delta` (the changes since the last checkpoint).
    pub checkpoint_bytes: IntCounterVec,
    pub partitions_owned: IntGauge,
    pub events_applied: IntCounter,
    /// Alerts not yet disposed, by color and holder, as last counted in the store.
    pub open_alerts: IntGaugeVec,
    /// Escalations applied by this process, by reason and the level escalated to.
    pub escalations: IntCounterVec,
    /// Wall clock minus the watermark, by partition owned.
    pub watermark_lag: prometheus::GaugeVec,
    /// Duration of store operations, by operation.
    pub store_duration: HistogramVec,
    /// Duration of each phase of one round of the consuming loop, by phase (see
    /// [`ConsumePhase`]): where the time between an event's arrival and its alert goes.
    pub consume_phase_duration: HistogramVec,
    /// HTTP requests by route template (`/api/alerts/{alert_id}`, not the raw path) and status.
    pub http_requests: IntCounterVec,
    /// Time to answer, by route template.
    pub http_request_seconds: HistogramVec,
}

impl Metrics {
    pub fn new() -> Result<Metrics, prometheus::Error> {
        let registry = Registry::new();
        let counter =
            |name: &str, help: &str, labels: &[&str]| -> Result<IntCounterVec, prometheus::Error> {
                register(
                    &registry,
                    IntCounterVec::new(Opts::new(name, help), labels)?,
                )
            };
        let histogram = |name: &str,
                         help: &str,
                         labels: &[&str],
                         buckets: Vec<f64>|
         -> Result<HistogramVec, prometheus::Error> {
            register(
                &registry,
                HistogramVec::new(HistogramOpts::new(name, help).buckets(buckets), labels)?,
            )
        };
        Ok(Metrics {
            events_received: counter(
                EVENTS_RECEIVED,
                "Input records read, by topic and event type.",
                &["topic", "type"],
            )?,
            events_rejected: counter(
                EVENTS_REJECTED,
                "Input records rejected, by source and reason.",
                &["source", "reason"],
            )?,
            events_late: counter(
                EVENTS_LATE,
                "Events that arrived behind the watermark (applied at once, marked late), by topic and event type.",
                &["topic", "type"],
            )?,
            events_duplicate: counter(
                EVENTS_DUPLICATE,
                "Events whose event_id had been seen (dropped), by topic and event type.",
                &["topic", "type"],
            )?,
            alerts_raised: counter(
                ALERTS_RAISED,
                "New alerts, by threshold, category and kind.",
                &["threshold", "category", "kind"],
            )?,
            rule_errors: counter(
                RULE_ERRORS,
                "Script errors and limit hits, by threshold.",
                &["threshold"],
            )?,
            rule_evaluations: counter(
                RULE_EVALUATIONS,
                "Threshold calls (on an event, a timer or a new village), by threshold.",
                &["threshold"],
            )?,
            // 1 µs to about 4 s, doubling.
            rule_evaluation_duration: histogram(
                RULE_EVALUATION_DURATION,
                "Duration of one threshold call, by threshold.",
                &["threshold"],
                exponential_buckets(1e-6, 2.0, 23)?,
            )?,
            checkpoints: register(
                &registry,
                IntCounter::new(
                    CHECKPOINTS,
                    "Partition checkpoints saved (state and offsets together).",
                )?,
            )?,
            checkpoint_bytes: counter(
                CHECKPOINT_BYTES,
                "Bytes of partition state saved in checkpoints, by kind: base (the whole state) or delta (the changes since the previous checkpoint).",
                &["kind"],
            )?,
            partitions_owned: register(
                &registry,
                IntGauge::new(
                    PARTITIONS_OWNED,
                    "Business partitions this instance owns now.",
                )?,
            )?,
            events_applied: register(
                &registry,
                IntCounter::new(
                    EVENTS_APPLIED,
                    "Events handed to the rules, in event-time order.",
                )?,
            )?,
            open_alerts: register(
                &registry,
                IntGaugeVec::new(
                    Opts::new(
                        OPEN_ALERTS,
                        "Alerts not yet disposed, by color and holder (village, township_commission, city_commission, dept:<code>), as last counted in the store.",
                    ),
                    &["color", "holder"],
                )?,
            )?,
            escalations: counter(
                ESCALATIONS,
                "Escalations applied because a deadline passed, by reason (ack_overdue, close_overdue) and the level escalated to.",
                &["reason", "to"],
            )?,
            watermark_lag: register(
                &registry,
                prometheus::GaugeVec::new(
                    Opts::new(
                        WATERMARK_LAG,
                        "Wall clock minus the partition's watermark (event time minus allowed lateness), by partition owned.",
                    ),
                    &["partition"],
                )?,
            )?,
            // 100 µs to about 13 s, doubling.
            store_duration: histogram(
                STORE_DURATION,
                "Duration of store operations, by operation.",
                &["operation"],
                exponential_buckets(1e-4, 2.0, 18)?,
            )?,
            consume_phase_duration: histogram(
                CONSUME_PHASE_DURATION,
                "Duration of each phase of one round of the consuming loop: read (poll and decode), apply (rules), flush (waiting for the round before's alerts and dead letters to be made durable), commit, checkpoint (capturing partition state).",
                &["phase"],
                // A bucket at 100 ms, the latency an alert should stay under.
                vec![
                    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
                    10.0,
                ],
            )?,
            http_requests: counter(
                HTTP_REQUESTS,
                "HTTP requests answered, by route template and status code.",
                &["route", "status"],
            )?,
            http_request_seconds: register(
                &registry,
                HistogramVec::new(
                    HistogramOpts::new(
                        HTTP_REQUEST_SECONDS,
                        "Time to answer an HTTP request, by route template.",
                    ),
                    &["route"],
                )?,
            )?,
            registry,
        })
    }

    /// The per-threshold call histograms, indexed like `threshold_ids`: fetched once so that a
    /// call costs an observation, not a label lookup.
    pub fn rule_duration_histograms(&self, threshold_ids: &[&str]) -> Vec<Histogram> {
        threshold_ids
            .iter()
            .map(|id| self.rule_evaluation_duration.with_label_values(&[id]))
            .collect()
    }

    /// Counts an escalation written by the sweep.
    pub fn record_escalation(&self, entry: &AuditEntry) {
        let reason = entry.note.as_deref().unwrap_or("overdue");
        self.escalations
            .with_label_values(&[reason, entry.to_route.target.as_str()])
            .inc();
    }

    /// Replaces the open-alert gauges with `counts` of (color, holder, alerts): holders no
    /// longer holding anything drop to zero rather than keeping a stale value.
    pub fn set_open_alerts(&self, counts: &[(String, String, i64)]) {
        self.open_alerts.reset();
        for (color, holder, count) in counts {
            self.open_alerts
                .with_label_values(&[color.as_str(), holder.as_str()])
                .set(*count);
        }
    }

    /// Times a store operation.
    pub fn store_timer(&self, operation: &str) -> prometheus::HistogramTimer {
        self.store_duration
            .with_label_values(&[operation])
            .start_timer()
    }

    /// Times a phase of the consuming loop.
    pub fn phase_timer(&self, phase: ConsumePhase) -> prometheus::HistogramTimer {
        self.consume_phase_duration
            .with_label_values(&[phase.label()])
            .start_timer()
    }

    /// The text exposition format.
    pub fn render(&self) -> Result<String, String> {
        let mut buffer = Vec::new();
        TextEncoder::new()
            .encode(&self.registry.gather(), &mut buffer)
            .map_err(|e| e.to_string())?;
        String::from_utf8(buffer).map_err(|e| e.to_string())
    }
}

/// Middleware counting each request by its matched route template and status, and timing it.
/// Added with `route_layer`, so it sees the template of the route that matched.
pub async fn track_http(
    State(metrics): State<Arc<Metrics>>,
    request: Request,
    next: Next,
) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_string(), |p| p.as_str().to_string());
    let started = Instant::now();
    let response = next.run(request).await;
    metrics
        .http_requests
        .with_label_values(&[route.as_str(), response.status().as_str()])
        .inc();
    metrics
        .http_request_seconds
        .with_label_values(&[route.as_str()])
        .observe(started.elapsed().as_secs_f64());
    response
}

fn register<M: prometheus::core::Collector + Clone + 'static>(
    registry: &Registry,
    metric: M,
) -> Result<M, prometheus::Error> {
    registry.register(Box::new(metric.clone()))?;
    Ok(metric)
}
