//! A store with users of every role and alerts at every level, the app over it, a clock the
//! test moves, and helpers to call the app and check error bodies.

#![allow(dead_code)]

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use mingjing_connectors::SqlStore;
use mingjing_dashboard_api::metrics::Metrics;
use mingjing_dashboard_api::{app, AppState, Catalog, Readiness};
use mingjing_engine::alert::{alert_id, Alert, AlertKind, Color, DedupKey, Escalation, Route};
use mingjing_engine::store::AlertStore;
use mingjing_engine::users::{Role, User, UserStore};
use mingjing_engine::values::Timestamp;
use serde_json::{json, Map, Value};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use tower::ServiceExt;

/// The password of every test user.
pub const PASSWORD: &str = "correct horse 马";

/// The instant the tests start at.
pub const START: &str = "2025-03-01T12:00:00+08:00";

pub fn ts(text: &str) -> Timestamp {
    Timestamp::parse(text).unwrap()
}

/// A test user: (username, role, township, village, dept).
pub type UserRow = (
    &'static str,
    Role,
    Option<&'static str>,
    Option<&'static str>,
    Option<&'static str>,
);

/// The users of every fixture; `gone` is disabled.
pub const USERS: [UserRow; 10] = [
    ("city", Role::CityCommission, None, None, None),
    ("tw0", Role::TownshipCommission, Some("tw-0"), None, None),
    ("tw1", Role::TownshipCommission, Some("tw-1"), None, None),
    (
        "civil0",
        Role::Department,
        Some("tw-0"),
        None,
        Some("civil"),
    ),
    (
        "civil1",
        Role::Department,
        Some("tw-1"),
        None,
        Some("civil"),
    ),
    ("v00", Role::Village, None, Some("vl-00"), None),
    ("v10", Role::Village, None, Some("vl-10"), None),
    ("author", Role::RuleAuthor, None, None, None),
    ("ops", Role::Ops, None, None, None),
    ("gone", Role::TownshipCommission, Some("tw-0"), None, None),
];

pub fn route(target: &str, township: &str, village: &str, dept: Option<&str>) -> Route {
    Route {
        target: target.into(),
        township_id: township.into(),
        village_id: village.into(),
        dept: dept.map(str::to_string),
    }
}

/// An alert named `name` held by `holder`, escalated from `from` if given, detected `minutes`
/// after 1 March 08:00 (+08:00).
pub fn named_alert(name: &str, holder: Route, from: Option<Route>, minutes: i64) -> Alert {
    let key = DedupKey(vec![
        ("village_id".into(), holder.village_id.clone()),
        ("case".into(), name.into()),
    ]);
    let detected = ts("2025-03-01T08:00:00+08:00").plus_nanos(minutes * 60 * 1_000_000_000);
    let hour = 3600 * 1_000_000_000_i64;
    let escalations = from
        .map(|from| {
            vec![Escalation {
                at: "2025-03-01T09:00:00+08:00".into(),
                from,
                to: holder.clone(),
                reason: "ack_overdue".into(),
            }]
        })
        .unwrap_or_default();
    let mut evidence = Map::new();
    evidence.insert("event_id".into(), json!(format!("ev-{name}")));
    evidence.insert("type".into(), json!("labor.attendance"));
    evidence.insert("occurred_at".into(), json!("2025-03-01T07:00:00+08:00"));
    evidence.insert("worker_name".into(), json!("张三"));
    Alert {
        alert_id: alert_id("labor.work_before_application", &key),
        threshold_id: "labor.work_before_application".into(),
        threshold_code: "LAB-01".into(),
        category: "labor".into(),
        kind: AlertKind::Efficiency,
        township_id: holder.township_id.clone(),
        village_id: holder.village_id.clone(),
        dedup_key: key,
        message: format!("案例 {name}：张三在申请前已开工，请核实。"),
        evidence: vec![evidence],
        params: Map::new(),
        rule_version: "v1".into(),
        detected_at: detected.to_rfc3339(),
        route: holder,
        color: Color::Red,
        ack_deadline: detected.plus_nanos(24 * hour).to_rfc3339(),
        close_deadline: detected.plus_nanos(7 * 24 * hour).to_rfc3339(),
        disposition: None,
        escalations,
        late: false,
        also_notify: Vec::new(),
    }
}

/// The alerts every fixture starts with, by name.
pub fn fixture_alerts() -> Vec<(&'static str, Alert)> {
    let v00 = route("village", "tw-0", "vl-00", None);
    let t0 = route("township_commission", "tw-0", "vl-00", None);
    vec![
        (
            "village_vl00",
            named_alert("village_vl00", v00.clone(), None, 1),
        ),
        (
            "civil_tw0",
            named_alert(
                "civil_tw0",
                route("dept", "tw-0", "vl-01", Some("civil")),
                None,
                2,
            ),
        ),
        (
            "commission_tw0",
            named_alert("commission_tw0", t0.clone(), None, 3),
        ),
        (
            "escalated_from_vl00",
            named_alert("escalated_from_vl00", t0.clone(), Some(v00), 4),
        ),
        (
            "escalated_to_city",
            named_alert(
                "escalated_to_city",
                route("city_commission", "tw-0", "vl-00", None),
                Some(t0),
                5,
            ),
        ),
        (
            "village_vl10",
            named_alert(
                "village_vl10",
                route("village", "tw-1", "vl-10", None),
                None,
                6,
            ),
        ),
        (
            "civil_tw1",
            named_alert(
                "civil_tw1",
                route("dept", "tw-1", "vl-11", Some("civil")),
                None,
                7,
            ),
        ),
        (
            "commission_tw1",
            named_alert(
                "commission_tw1",
                route("township_commission", "tw-1", "vl-11", None),
                None,
                8,
            ),
        ),
    ]
}

/// A store with the fixture's users and alerts, and the app over it.
pub struct Fixture {
    pub store: SqlStore,
    pub app: Router,
    pub state: AppState,
    /// The clock the app reads, in nanoseconds since the epoch (+08:00).
    pub now: Arc<AtomicI64>,
    pub alerts: Vec<(&'static str, Alert)>,
}

impl Fixture {
    pub async fn new(location: &str) -> Fixture {
        Fixture::with_catalog(location, Catalog::default()).await
    }

    pub async fn with_catalog(location: &str, catalog: Catalog) -> Fixture {
        let store = SqlStore::connect(location).await.unwrap();
        for (name, role, t, v, d) in USERS {
            store
                .add_user(&User::new(name, role, t, v, d).unwrap(), PASSWORD)
                .await
                .unwrap();
        }
        store.disable_user("gone").await.unwrap();
        let alerts = fixture_alerts();
        let only: Vec<Alert> = alerts.iter().map(|(_, a)| a.clone()).collect();
        store.upsert_alerts(&only).await.unwrap();
        let now = Arc::new(AtomicI64::new(ts(START).nanos()));
        let clock_now = now.clone();
        let mut state = AppState::new(
            Arc::new(Metrics::new().unwrap()),
            Readiness::ready(),
            Arc::new(store.clone()),
            Arc::new(catalog),
        );
        state.clock =
            Arc::new(move || Timestamp::from_nanos(clock_now.load(Ordering::SeqCst), 8 * 3600));
        Fixture {
            app: app(state.clone()),
            state,
            store,
            now,
            alerts,
        }
    }

    /// The fixture alert named `name`.
    pub fn alert(&self, name: &str) -> &Alert {
        &self.alerts.iter().find(|(n, _)| *n == name).unwrap().1
    }

    pub fn id(&self, name: &str) -> String {
        self.alert(name).alert_id.clone()
    }

    /// Moves the app's clock forward.
    pub fn advance_seconds(&self, seconds: i64) {
        self.now
            .fetch_add(seconds * 1_000_000_000, Ordering::SeqCst);
    }

    /// Logs `username` in; returns the token.
    pub async fn login(&self, username: &str) -> String {
        let (status, body) = self
            .call(
                Method::POST,
                "/api/login",
                None,
                Some(json!({"username": username, "password": PASSWORD})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "login {username}: {body}");
        body["token"].as_str().unwrap().to_string()
    }

    /// Calls the app; returns the status and the JSON body (Null when empty).
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        call(&self.app, method, path, token, body).await
    }

    pub async fn get(&self, path: &str, token: &str) -> (StatusCode, Value) {
        self.call(Method::GET, path, Some(token), None).await
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> (StatusCode, Value) {
        self.call(Method::POST, path, Some(token), Some(body)).await
    }

    /// The ids of every page of `GET /api/alerts?{query}`.
    pub async fn list_all(&self, token: &str, query: &str) -> Vec<String> {
        let mut ids = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let mut path = format!("/api/alerts?{query}");
            if let Some(c) = &cursor {
                path.push_str(&format!("&cursor={c}"));
            }
            let (status, body) = self.get(&path, token).await;
            assert_eq!(status, StatusCode::OK, "{path}: {body}");
            for item in body["items"].as_array().unwrap() {
                ids.push(item["alert_id"].as_str().unwrap().to_string());
            }
            match body["next_cursor"].as_str() {
                Some(next) => cursor = Some(next.to_string()),
                None => return ids,
            }
        }
    }
}

/// Calls `app` once.
pub async fn call(
    app: &Router,
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut request = Request::builder().method(method).uri(path);
    if let Some(token) = token {
        request = request.header("authorization", format!("Bearer {token}"));
    }
    let request = match body {
        Some(body) => request
            .header("content-type", "application/json")
            .body(Body::from(body.to_string())),
        None => request.body(Body::empty()),
    }
    .unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let value = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into()))
    };
    if !status.is_success() {
        assert_error_body(&value);
    }
    (status, value)
}

/// An error body is `{error, message}` (and `alert` on conflicts) and leaks no internals.
pub fn assert_error_body(body: &Value) {
    let object = body
        .as_object()
        .unwrap_or_else(|| panic!("error body is not an object: {body}"));
    assert!(
        object["error"].is_string() && object["message"].is_string(),
        "{body}"
    );
    assert!(
        object
            .keys()
            .all(|k| ["error", "message", "alert"].contains(&k.as_str())),
        "{body}"
    );
    let text = body.to_string();
    for leak in ["SQL", "sqlx", "panicked", "sqlite", "postgres"] {
        assert!(!text.contains(leak), "error body leaks {leak}: {text}");
    }
}
