//! Prometheus metrics of the engine, with their names in one place.

use prometheus::{
    CounterVec, Encoder, IntCounter, IntCounterVec, IntGauge, Opts, Registry, TextEncoder,
};

pub const EVENTS_RECEIVED: &str = "mingjing_events_received_total";
pub const EVENTS_REJECTED: &str = "mingjing_events_rejected_total";
pub const ALERTS_RAISED: &str = "mingjing_alerts_raised_total";
pub const RULE_ERRORS: &str = "mingjing_rule_errors_total";
pub const RULE_EVALUATIONS: &str = "mingjing_rule_evaluations_total";
pub const RULE_EVALUATION_SECONDS: &str = "mingjing_rule_evaluation_seconds_total";
pub const CHECKPOINTS: &str = "mingjing_checkpoints_total";
pub const CHECKPOINT_BYTES: &str = "mingjing_checkpoint_bytes_total";
pub const PARTITIONS_OWNED: &str = "mingjing_partitions_owned";
pub const EVENTS_APPLIED: &str = "mingjing_events_applied_total";

/// The registry and the counters the engine updates.
pub struct Metrics {
    pub registry: Registry,
    pub events_received: IntCounterVec,
    pub events_rejected: IntCounterVec,
    pub alerts_raised: IntCounterVec,
    pub rule_errors: IntCounterVec,
    pub rule_evaluations: IntCounterVec,
    /// Time spent in each threshold's calls: divided by its evaluations, the cost of one.
    pub rule_evaluation_seconds: CounterVec,
    pub checkpoints: IntCounter,
    /// By kind: `base` (a whole state) or `delta` (the changes since the last checkpoint).
    pub checkpoint_bytes: IntCounterVec,
    pub partitions_owned: IntGauge,
    pub events_applied: IntCounter,
}

impl Metrics {
    pub fn new() -> Result<Metrics, prometheus::Error> {
        let registry = Registry::new();
        let counter =
            |name: &str, help: &str, labels: &[&str]| -> Result<IntCounterVec, prometheus::Error> {
                let c = IntCounterVec::new(Opts::new(name, help), labels)?;
                registry.register(Box::new(c.clone()))?;
                Ok(c)
            };
        Ok(Metrics {
            events_received: counter(
                EVENTS_RECEIVED,
                "Input records read, by source.",
                &["source"],
            )?,
            events_rejected: counter(
                EVENTS_REJECTED,
                "Input records rejected, by source and reason.",
                &["source", "reason"],
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
            rule_evaluation_seconds: register(
                &registry,
                CounterVec::new(
                    Opts::new(
                        RULE_EVALUATION_SECONDS,
                        "Time spent in threshold calls, by threshold.",
                    ),
                    &["threshold"],
                )?,
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
            registry,
        })
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

fn register<M: prometheus::core::Collector + Clone + 'static>(
    registry: &Registry,
    metric: M,
) -> Result<M, prometheus::Error> {
    registry.register(Box::new(metric.clone()))?;
    Ok(metric)
}
