//! The OpenAPI document: valid JSON, OpenAPI 3, exactly the router's `/api` routes with their
//! parameters; each of those routes answers (none is missing from the router); requests are
//! counted by route template. Also the catalog route over the shipped rules.

#[macro_use]
#[path = "../../connectors/tests/common/mod.rs"]
mod common;
mod support;

use axum::http::{Method, StatusCode};
use common::{with_postgres, with_sqlite};
use mingjing_dashboard_api::routes::api_routes;
use mingjing_dashboard_api::Catalog;
use mingjing_engine::RuleSet;
use serde_json::Value;
use std::collections::BTreeSet;
use support::{call, Fixture};

mod checks {
    use super::*;

    pub async fn document_matches_the_routes(location: String) {
        let f = Fixture::new(&location).await;
        let (status, doc) = f.call(Method::GET, "/api/openapi.json", None, None).await;
        assert_eq!(status, StatusCode::OK);
        let text = doc.to_string();
        let doc: Value = serde_json::from_str(&text).expect("the document parses as JSON");
        assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
        assert_eq!(
            doc["components"]["securitySchemes"]["bearer"]["scheme"],
            "bearer"
        );
        let documented: BTreeSet<(String, String)> = doc["paths"]
            .as_object()
            .unwrap()
            .iter()
            .flat_map(|(path, item)| {
                item.as_object()
                    .unwrap()
                    .keys()
                    .map(move |m| (m.to_uppercase(), path.clone()))
            })
            .collect();
        let routed: BTreeSet<(String, String)> = api_routes()
            .iter()
            .map(|r| (r.method.to_string(), r.path.to_string()))
            .collect();
        assert_eq!(documented, routed);
        // Every documented operation has responses; path parameters are declared.
        for (method, path) in &documented {
            let op = &doc["paths"][path][method.to_lowercase()];
            assert!(
                op["responses"].as_object().is_some_and(|r| !r.is_empty()),
                "{method} {path}"
            );
            if path.contains("{alert_id}") {
                assert_eq!(op["parameters"][0]["name"], "alert_id", "{method} {path}");
            }
        }
        // Every $ref points at a schema that exists.
        for name in text
            .split("#/components/schemas/")
            .skip(1)
            .map(|s| s.split('"').next().unwrap())
        {
            assert!(
                doc["components"]["schemas"][name].is_object(),
                "missing schema {name}"
            );
        }
        let listed: Vec<&str> = doc["paths"]["/api/alerts"]["get"]["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        for name in [
            "color",
            "kind",
            "category",
            "threshold",
            "township",
            "village",
            "holder",
            "overdue",
            "from",
            "to",
            "q",
            "sort",
            "limit",
            "cursor",
        ] {
            assert!(listed.contains(&name), "parameter {name}");
        }

        // Each route exists in the router: without a token it is refused (401), not missing.
        let id = f.id("village_vl00");
        for route in api_routes() {
            let path = route.path.replace("{alert_id}", &id);
            let (status, body) = call(&f.app, route.method.clone(), &path, None, None).await;
            let want = match route.path {
                "/api/openapi.json" => StatusCode::OK,
                "/api/login" => StatusCode::BAD_REQUEST,
                _ => StatusCode::UNAUTHORIZED,
            };
            assert_eq!(status, want, "{} {}: {body}", route.method, route.path);
        }
        let (status, body) = f.call(Method::GET, "/api/nothing", None, None).await;
        assert_eq!(
            (status, body["error"].as_str()),
            (StatusCode::NOT_FOUND, Some("not_found"))
        );

        // Requests are counted by route template and status.
        let token = f.login("city").await;
        f.get(&format!("/api/alerts/{id}"), &token).await;
        f.get("/api/alerts/0123456789abcdef0123456789abcdef", &token)
            .await;
        let metrics = f.state.metrics.render().unwrap();
        for line in [
            r#"mingjing_http_requests_total{route="/api/alerts/{alert_id}",status="200"} 1"#,
            r#"mingjing_http_requests_total{route="/api/alerts/{alert_id}",status="404"} 1"#,
            r#"mingjing_http_requests_total{route="/api/login",status="200"} 1"#,
        ] {
            assert!(metrics.contains(line), "{line} in\n{metrics}");
        }
        assert!(
            metrics.contains("mingjing_http_request_duration_seconds_bucket{route=\"/api/alerts\"")
        );
        assert!(!metrics.contains(&id), "raw paths are not labels");
        f.store.close().await;
    }

    pub async fn catalog_of_the_shipped_rules(location: String) {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../rules");
        let rules =
            RuleSet::load_dir(std::path::Path::new(dir), 8 * 3600).expect("the shipped rules load");
        let f = Fixture::with_catalog(&location, Catalog::from_rules(&rules)).await;
        let token = f.login("author").await;
        let (status, body) = f.get("/api/thresholds", &token).await;
        assert_eq!(status, StatusCode::OK);
        let thresholds = body["thresholds"].as_array().unwrap();
        assert_eq!(thresholds.len(), rules.thresholds.len());
        let by_code = |code: &str| {
            thresholds
                .iter()
                .find(|t| t["code"] == code)
                .unwrap_or_else(|| panic!("{code} is in the catalog"))
        };
        let lab01 = by_code("LAB-01");
        assert_eq!(lab01["category"], "labor");
        assert!(
            lab01["name_zh"].is_string() && lab01["kind"].is_string() && lab01["route"].is_string()
        );
        assert!(lab01["params"].is_object());
        assert_eq!(lab01["when"], serde_json::json!({}));
        assert_eq!(
            by_code("EXP-02")["when"],
            serde_json::json!({"finance.payment": {"purpose": ["allowance"]}})
        );
        assert_eq!(
            by_code("FIN-01")["when"],
            serde_json::json!({"finance.payment": {
                "method": ["cash"],
                "amount": {"above": "params.cash_limit"},
            }})
        );
        assert_eq!(
            by_code("LAB-08")["when"],
            serde_json::json!({"finance.payment": [
                {"claim_id": {"present": true}},
                {"purpose": ["labor"]},
            ]})
        );
        f.store.close().await;
    }
}

on_both_backends!(document_matches_the_routes, catalog_of_the_shipped_rules);
