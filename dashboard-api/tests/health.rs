use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use mingjing_dashboard_api::{app, metrics::Metrics, AppState};
use std::sync::Arc;
use tower::ServiceExt;

fn state() -> AppState {
    AppState {
        metrics: Arc::new(Metrics::new().expect("metrics")),
    }
}

#[tokio::test]
async fn health_answers_ok() {
    let response = app(state())
        .oneshot(Request::get("/healthz").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn metrics_use_prometheus_names() {
    let s = state();
    s.metrics
        .events_rejected
        .with_label_values(&["cunwu.labor", "invalid_json"])
        .inc();
    let response = app(s)
        .oneshot(Request::get("/metrics").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let body = String::from_utf8(
        response
            .into_body()
            .collect()
            .await
            .unwrap()
            .to_bytes()
            .to_vec(),
    )
    .unwrap();
    assert!(
        body.contains(
            "mingjing_events_rejected_total{reason=\"invalid_json\",source=\"cunwu.labor\"} 1"
        ),
        "{body}"
    );
}
