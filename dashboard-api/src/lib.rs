//! Mingjing HTTP API. The router is built by [`app`] so tests can call it without a socket.
//!
//! - `/healthz`, `/readyz`, `/metrics`: liveness, readiness, Prometheus.
//! - `/api/...` ([`routes::api_routes`]): login with bearer tokens, the alert queue of the
//!   user's scope, one alert with its evidence and audit trail, officer actions, the cockpit
//!   statistics, the threshold catalog, and the OpenAPI document of all of it at `/api/openapi.json`.

pub mod actions;
pub mod alert_detail;
pub mod api_store;
pub mod auth;
pub mod body;
pub mod catalog;
pub mod cockpit;
pub mod error;
pub mod metrics;
pub mod openapi;
mod openapi_cockpit;
pub mod query_params;
pub mod queue;
pub mod readiness;
pub mod routes;
pub mod state;

pub use api_store::ApiStore;
pub use catalog::Catalog;
pub use error::ApiError;
pub use readiness::Readiness;
pub use state::{AppState, Clock};

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;

/// The API router.
pub fn app(state: AppState) -> Router {
    let mut router = Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(render_metrics));
    for route in routes::api_routes() {
        router = router.route(route.path, route.handler);
    }
    router
        .route_layer(axum::middleware::from_fn_with_state(
            state.metrics.clone(),
            metrics::track_http,
        ))
        .fallback(not_found)
        .with_state(state)
}

async fn not_found() -> ApiError {
    ApiError::NotFound("no such route: see /api/openapi.json for the routes".into())
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
        Err(error) => {
            tracing::error!(error = %error, "cannot render the metrics");
            ApiError::Internal(error).into_response()
        }
    }
}
