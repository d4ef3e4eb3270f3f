//! `mingjing run`: production mode. Business events from Kafka through a consumer group, the
//! registry read in full, alerts to PostgreSQL and `cunwu.alerts`, refused messages to
//! `cunwu.rejects`, partition checkpoints on a timer, the alert API (`/api/...`), `/healthz`,
//! `/readyz` and `/metrics`, and escalation of overdue alerts on the wall clock.

mod alert_flush;
pub mod checkpoint;
mod checkpoint_chain;
mod checkpoint_writes;
mod consume_loop;
mod listener;
mod owner;
mod partition_work;
mod registry_log;

use crate::run_config::{ConfigError, RunConfig};
use anyhow::Context;
use consume_loop::{consume, LoopParts};
use listener::SharedOwner;
use mingjing_connectors::{
    check_cluster, AlertTopic, DeadLetters, GroupConsumer, RegistryReader, SqlStore,
};
use mingjing_dashboard_api::metrics::Metrics;
use mingjing_dashboard_api::state::wall_clock;
use mingjing_dashboard_api::{app, AppState, Catalog, Readiness};
use mingjing_engine::RuleSet;
use owner::{Outputs, Owner};
use parking_lot::Mutex;
use registry_log::RegistryLog;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// How long the brokers may take to answer at start.
const CONNECT_WAIT: Duration = Duration::from_secs(10);

/// Runs until SIGTERM or SIGINT, then checkpoints, commits and returns.
pub fn run(config: RunConfig, rules: Arc<RuleSet>) -> anyhow::Result<()> {
    let runtime = crate::cli::runtime()?;
    let metrics = Arc::new(Metrics::new().context("creating the metrics")?);
    let readiness = Readiness::not_ready("starting");
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(&config.listen))
        .with_context(|| {
            format!(
                "listen {}: cannot serve the API, /healthz and /metrics there",
                config.listen
            )
        })?;
    let stop = Arc::new(AtomicBool::new(false));
    runtime.spawn(stop_on_signal(stop.clone()));

    // Every problem at once: the cluster and its topics, and the database.
    let cluster = check_cluster(&config.kafka, CONNECT_WAIT);
    let store = runtime.block_on(SqlStore::connect(&config.db));
    let mut problems = cluster.as_ref().err().cloned().unwrap_or_default();
    if let Err(error) = &store {
        problems.push(format!("db: {error}"));
    }
    let (Ok(layout), Ok(store)) = (cluster, store) else {
        return Err(ConfigError { problems }.into());
    };
    // The API over the store, from here on; connections made while the checks ran wait in
    // the listener's backlog.
    let clock = wall_clock(config.engine.local_offset_seconds);
    let state = AppState {
        clock: clock.clone(),
        ..AppState::new(
            metrics.clone(),
            readiness.clone(),
            Arc::new(store.clone()),
            Arc::new(Catalog::from_rules(&rules)),
        )
    };
    runtime.spawn(async move {
        if let Err(error) = axum::serve(listener, app(state)).await {
            tracing::error!(error = %error, "the HTTP server stopped");
        }
    });
    crate::upkeep::start(
        runtime.handle(),
        &store,
        clock,
        &metrics,
        config.escalation_every(),
    );
    let kafka = &config.kafka;
    let extra = kafka.extra_settings();
    let outputs = Outputs {
        store,
        alert_topic: AlertTopic::connect(&kafka.brokers, &kafka.alert_topic, &extra)?,
        dead_letters: DeadLetters::connect(&kafka.brokers, &kafka.dead_letter_topic, &extra)?,
        runtime: runtime.handle().clone(),
    };
    let registry = RegistryReader::connect(&kafka.brokers, &kafka.registry_topic, &extra)?;
    let owner = Arc::new(Mutex::new(Owner::new(
        rules,
        config.engine.clone(),
        &kafka.group,
        RegistryLog::new(&kafka.registry_topic, &registry.starts()),
        outputs,
        metrics.clone(),
    )));
    let interval = config.checkpoint_every().unwrap_or(Duration::from_secs(10));
    let group = GroupConsumer::connect(
        &kafka.source_settings(Duration::from_millis(20)),
        Arc::new(SharedOwner(owner.clone())),
    )?;
    tracing::info!(brokers = %kafka.brokers, group = %kafka.group, business_partitions = layout.business_partitions, listen = %config.listen, "consuming");
    let result = consume(LoopParts {
        owner,
        group,
        registry,
        readiness,
        metrics,
        checkpoint_interval: interval,
        stop,
    });
    runtime.shutdown_timeout(Duration::from_secs(5));
    result
}

/// Sets `stop` on SIGTERM or SIGINT; the loop finishes its batch and shuts down cleanly.
async fn stop_on_signal(stop: Arc<AtomicBool>) {
    crate::serve::shutdown_signal().await;
    stop.store(true, Ordering::Relaxed);
}
