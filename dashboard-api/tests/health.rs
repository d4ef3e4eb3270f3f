use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use mingjing_dashboard_api::{app, metrics::Metrics, AppState, Readiness};
use std::sync::Arc;
use tower::ServiceExt;

fn state() -> AppState {
    AppState::health_only(
        Arc::new(Metrics::new().expect("metrics")),
        Readiness::default(),
    )
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

async fn get_json(state: AppState, path: &str) -> (StatusCode, serde_json::Value) {
    let response = app(state)
        .oneshot(Request::get(path).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, serde_json::from_slice(&bytes).expect("JSON body"))
}

#[tokio::test]
async fn readiness_is_refused_with_a_reason_until_set_and_again_when_withdrawn() {
    let s = state();
    let (status, body) = get_json(s.clone(), "/readyz").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(body["reason"], "starting");

    s.readiness.set_ready();
    let (status, body) = get_json(s.clone(), "/readyz").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["status"], "ready");

    s.readiness
        .set_not_ready("rebalancing: loading partition checkpoints");
    let (status, body) = get_json(s.clone(), "/readyz").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(body["reason"], "rebalancing: loading partition checkpoints");
    // Liveness does not depend on readiness.
    let (status, _) = get_json(s, "/healthz").await;
    assert_eq!(status, StatusCode::OK);
}
