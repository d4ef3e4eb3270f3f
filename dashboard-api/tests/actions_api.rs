//! Every officer action and its refusals through the app, on SQLite and PostgreSQL.

#[macro_use]
#[path = "../../connectors/tests/common/mod.rs"]
mod common;
mod support;

use axum::http::StatusCode;
use common::{with_postgres, with_sqlite};
use serde_json::{json, Value};
use support::Fixture;

fn action(id: &str, name: &str) -> String {
    format!("/api/alerts/{id}/{name}")
}

mod checks {
    use super::*;

    pub async fn transitions(location: String) {
        let f = Fixture::new(&location).await;
        let tw0 = f.login("tw0").await;
        let civil0 = f.login("civil0").await;
        let v00 = f.login("v00").await;
        let commission = f.id("commission_tw0");

        // Acknowledge: red → yellow, version 2, acknowledged now.
        let (status, after) = f
            .post(
                &action(&commission, "acknowledge"),
                &tw0,
                json!({"version": 1}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{after}");
        assert_eq!(
            (after["color"].as_str(), after["version"].as_i64()),
            (Some("yellow"), Some(2))
        );
        assert_eq!(after["acknowledged_at"], "2025-03-01T12:00:00+08:00");
        // Acknowledging again is not allowed by the lifecycle.
        let (status, body) = f
            .post(&action(&commission, "acknowledge"), &tw0, json!({}))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(body["alert"]["color"], "yellow");

        // Stale version: 409 with the alert as it stands.
        let (status, body) = f
            .post(
                &action(&commission, "dispose"),
                &tw0,
                json!({"version": 1, "disposition": "rectified", "note": "x"}),
            )
            .await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        assert_eq!(
            (body["error"].as_str(), body["alert"]["version"].as_i64()),
            (Some("conflict"), Some(2))
        );

        // Dispose with each disposition, by each kind of holder.
        for (token, name, disposition) in [
            (&tw0, "commission_tw0", "confirmed_violation"),
            (&civil0, "civil_tw0", "rectified"),
            (&v00, "village_vl00", "false_positive"),
        ] {
            let (status, after) = f
                .post(
                    &action(&f.id(name), "dispose"),
                    token,
                    json!({"disposition": disposition, "note": "查实"}),
                )
                .await;
            assert_eq!(status, StatusCode::OK, "{name}: {after}");
            assert_eq!(
                (after["color"].as_str(), after["disposition"].as_str()),
                (Some("green"), Some(disposition))
            );
            assert!(after["closed_at"].is_string() && after["acknowledged_at"].is_string());
        }
        // Disposing a green alert: 422.
        let (status, body) = f
            .post(
                &action(&commission, "dispose"),
                &tw0,
                json!({"disposition": "rectified", "note": "again"}),
            )
            .await;
        assert_eq!(
            (status, body["error"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("not_allowed"))
        );

        // Reopen: refused to a village (403), without a reason (400), done by the commission.
        let (status, _) = f
            .post(
                &action(&f.id("village_vl00"), "reopen"),
                &v00,
                json!({"reason": "再查"}),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, body) = f
            .post(&action(&commission, "reopen"), &tw0, json!({}))
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(
            body["message"].as_str().unwrap().starts_with("reason"),
            "{body}"
        );
        let (status, body) = f
            .post(
                &action(&commission, "reopen"),
                &tw0,
                json!({"reason": "  "}),
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        let (status, after) = f
            .post(
                &action(&commission, "reopen"),
                &tw0,
                json!({"reason": "群众再次反映"}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{after}");
        assert_eq!(
            (
                after["color"].as_str(),
                &after["disposition"],
                &after["closed_at"]
            ),
            (Some("yellow"), &Value::Null, &Value::Null)
        );

        // Comment: anyone who sees it, the version unchanged; the former holder too.
        let escalated = f.id("escalated_from_vl00");
        let (status, after) = f
            .post(
                &action(&escalated, "comment"),
                &v00,
                json!({"note": "村里已说明情况"}),
            )
            .await;
        assert_eq!(
            (status, after["version"].as_i64()),
            (StatusCode::OK, Some(1)),
            "{after}"
        );
        // The former holder may not dispose or acknowledge what was escalated away from it.
        let (status, _) = f
            .post(
                &action(&escalated, "dispose"),
                &v00,
                json!({"disposition": "rectified", "note": "x"}),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, _) = f
            .post(&action(&escalated, "acknowledge"), &v00, json!({}))
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);

        // Reassign: refused to a village, to an unknown department (422); the commission may.
        let (status, _) = f
            .post(
                &action(&escalated, "reassign"),
                &v00,
                json!({"dept": "civil"}),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, body) = f
            .post(
                &action(&escalated, "reassign"),
                &tw0,
                json!({"dept": "finance"}),
            )
            .await;
        assert_eq!(
            (status, body["error"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("not_allowed")),
            "{body}"
        );
        let (status, after) = f
            .post(
                &action(&escalated, "reassign"),
                &tw0,
                json!({"dept": "natres", "note": "转自然资源所"}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{after}");
        assert_eq!(
            after["route"],
            json!({"target": "dept", "township_id": "tw-0", "village_id": "vl-00", "dept": "natres"})
        );

        // Bad bodies: 400 naming the field.
        let (status, body) = f
            .post(
                &action(&f.id("civil_tw0"), "reopen"),
                &tw0,
                json!({"reason": 5}),
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(
            body["message"].as_str().unwrap().starts_with("reason"),
            "{body}"
        );
        let (status, body) = f
            .post(
                &action(&commission, "acknowledge"),
                &tw0,
                json!({"note": "x"}),
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        let (status, body) = f
            .post(
                &action(&f.id("commission_tw0"), "dispose"),
                &tw0,
                json!({"disposition": "closed", "note": "x"}),
            )
            .await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "unknown disposition: {body}"
        );
        let (status, body) = f
            .post(
                &action(&commission, "dispose"),
                &tw0,
                json!({"disposition": "rectified"}),
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(
            body["message"].as_str().unwrap().starts_with("note"),
            "{body}"
        );

        // The audit trail holds every change and comment, oldest first.
        let (status, detail) = f.get(&format!("/api/alerts/{commission}"), &tw0).await;
        assert_eq!(status, StatusCode::OK);
        let actions: Vec<&str> = detail["audit_trail"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["action"].as_str().unwrap())
            .collect();
        assert_eq!(actions, ["acknowledge", "dispose", "reopen"]);
        assert_eq!(detail["evidence"][0]["worker_name"], "张三");
        assert_eq!(detail["may_act"], true);
        let (_, detail) = f.get(&format!("/api/alerts/{escalated}"), &v00).await;
        assert_eq!(detail["escalations"][0]["from"]["target"], "village");
        assert_eq!(detail["may_act"], false);
        f.store.close().await;
    }

    /// Two officers acknowledge the same version at once: one wins, the other gets 409.
    pub async fn concurrent_actions(location: String) {
        let f = Fixture::new(&location).await;
        let (tw0, city) = (f.login("tw0").await, f.login("city").await);
        let path = action(&f.id("commission_tw0"), "acknowledge");
        let (a, b) = tokio::join!(
            f.post(&path, &tw0, json!({"version": 1})),
            f.post(&path, &city, json!({"version": 1}))
        );
        let mut statuses = [a.0, b.0];
        statuses.sort();
        assert_eq!(
            statuses,
            [StatusCode::OK, StatusCode::CONFLICT],
            "{} / {}",
            a.1,
            b.1
        );
        f.store.close().await;
    }
}

on_both_backends!(transitions, concurrent_actions);
