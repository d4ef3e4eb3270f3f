//! Mingjing HTTP API. The router is built by [`app`] so tests can call it without a socket.
//! Today it serves liveness (`/healthz`), readiness (`/readyz`) and Prometheus metrics; the
//! alert queue comes with the dashboard.

pub mod metrics;
pub mod readiness;

pub use readiness::Readiness;

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use std::sync::Arc;

/// What the API serves from.
#[derive(Clone)]
pub struct AppState {
    pub metrics: Arc<metrics::Metrics>,
    pub readiness: Readiness,
}

/// The API router.
pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(render_metrics))
        .with_state(state)
}

async fn healthz() -> impl IntoResponse {
    (
        StatusCode::OK,
        axum::Json(serde_json::json!({ "status": "ok" })),
    )
}

async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    match state.readiness.reason() {
        None => (
            StatusCode::OK,
            axum::Json(serde_json::json!({ "status": "ready" })),
        ),
        Some(reason) => (
            StatusCode::SERVICE_UNAVAILABLE,
            axum::Json(serde_json::json!({ "status": "not_ready", "reason": reason })),
        ),
    }
}

async fn render_metrics(State(state): State<AppState>) -> impl IntoResponse {
    match state.metrics.render() {
        Ok(text) => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
            text,
        )
            .into_response(),
        Err(error) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            axum::Json(serde_json::json!({ "error": "metrics_unavailable", "message": error })),
        )
            .into_response(),
    }
}
