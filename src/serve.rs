//! Serving the alert API over a store: `mingjing serve`, and the demo after its replay.

use crate::upkeep;
use anyhow::Context;
use mingjing_connectors::SqlStore;
use mingjing_dashboard_api::metrics::Metrics;
use mingjing_dashboard_api::{app, AppState, Catalog, Clock, Readiness};
use mingjing_engine::RuleSet;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;

/// What to serve and how.
pub struct ServeOptions {
    pub store: SqlStore,
    /// The thresholds whose catalog `/api/thresholds` lists.
    pub rules: Arc<RuleSet>,
    /// Now, for actions, tokens, overdue judgements and escalation.
    pub clock: Clock,
    /// How often overdue alerts are escalated; None leaves it to another instance.
    pub escalate_every: Option<Duration>,
    pub token_ttl_seconds: i64,
}

/// Binds `listen`, naming the setting when it can't.
pub async fn bind(listen: &str) -> anyhow::Result<TcpListener> {
    TcpListener::bind(listen)
        .await
        .with_context(|| format!("--listen {listen}: cannot serve the API there"))
}

/// Serves the API on `listener` until SIGINT or SIGTERM, escalating overdue alerts on the
/// way; requests in flight are finished before it returns.
pub async fn serve(listener: TcpListener, options: ServeOptions) -> anyhow::Result<()> {
    let metrics = Arc::new(Metrics::new().context("creating the metrics")?);
    let ServeOptions {
        store,
        rules,
        clock,
        escalate_every,
        token_ttl_seconds,
    } = options;
    upkeep::start(
        &tokio::runtime::Handle::current(),
        &store,
        clock.clone(),
        &metrics,
        escalate_every,
    );
    let state = AppState {
        clock,
        token_ttl_seconds,
        ..AppState::new(
            metrics,
            Readiness::ready(),
            Arc::new(store.clone()),
            Arc::new(Catalog::from_rules(&rules)),
        )
    };
    let address: Option<SocketAddr> = listener.local_addr().ok();
    tracing::info!(address = ?address, "serving the alert API");
    axum::serve(listener, app(state))
        .with_graceful_shutdown(shutdown_signal())
        .await
        .context("serving the API")?;
    store.close().await;
    Ok(())
}

/// Resolves on SIGTERM or SIGINT.
pub async fn shutdown_signal() {
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::warn!(error = %error, "cannot watch SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    tokio::select! {
        _ = terminate => tracing::info!("SIGTERM: stopping"),
        _ = tokio::signal::ctrl_c() => tracing::info!("SIGINT: stopping"),
    }
}
