//! Scope isolation, table-driven: every role against every fixture alert on every endpoint.
//! Out of scope is 404 on each (and absent from the list), in scope is what the lifecycle
//! rules say; rule authors and ops see no alert. On SQLite and PostgreSQL.

#[macro_use]
#[path = "../../connectors/tests/common/mod.rs"]
mod common;
mod support;

use axum::http::StatusCode;
use common::{with_postgres, with_sqlite};
use mingjing_engine::lifecycle::{transition, Action, ActionError, Disposition, LifecycleStore};
use mingjing_engine::scope::may_see;
use mingjing_engine::users::{User, UserStore};
use serde_json::{json, Value};
use support::{Fixture, USERS};

/// Each action endpoint with a well-formed body and the action it stands for.
fn actions() -> Vec<(&'static str, Value, Action)> {
    vec![
        (
            "comment",
            json!({"note": "核查中"}),
            Action::Comment {
                note: "核查中".into(),
            },
        ),
        ("acknowledge", json!({}), Action::Acknowledge),
        (
            "reassign",
            json!({"dept": "natres"}),
            Action::Reassign {
                dept: "natres".into(),
                note: None,
            },
        ),
        (
            "dispose",
            json!({"disposition": "rectified", "note": "已整改"}),
            Action::Dispose {
                disposition: Disposition::Rectified,
                note: "已整改".into(),
            },
        ),
        (
            "reopen",
            json!({"reason": "复查"}),
            Action::Reopen {
                reason: "复查".into(),
            },
        ),
    ]
}

/// The status the API must answer for `action` by `user` on the alert as it stands, by the
/// engine's pure lifecycle rules.
fn expected_status(result: Result<(), ActionError>) -> StatusCode {
    match result {
        Ok(()) => StatusCode::OK,
        Err(ActionError::NotFound(_)) => StatusCode::NOT_FOUND,
        Err(ActionError::Forbidden(_)) => StatusCode::FORBIDDEN,
        Err(ActionError::Invalid(_)) | Err(ActionError::Conflict { .. }) => {
            StatusCode::UNPROCESSABLE_ENTITY
        }
        Err(ActionError::Store(e)) => panic!("{e}"),
    }
}

mod checks {
    use super::*;

    pub async fn every_role_on_every_endpoint(location: String) {
        let f = Fixture::new(&location).await;
        let users: Vec<User> = f.store.list_users().await.unwrap();
        // Weakest first, the city last, so that what one row changes the next ones still see.
        let order = [
            "author", "ops", "v10", "v00", "civil1", "civil0", "tw1", "tw0", "city",
        ];
        assert_eq!(
            order.len() + 1,
            USERS.len(),
            "every user but the disabled one"
        );
        let mut probes = 0;
        for name in order {
            let user = users.iter().find(|u| u.username == name).unwrap().clone();
            let token = f.login(name).await;
            let listed = f.list_all(&token, "limit=3").await;
            for (alert_name, alert) in &f.alerts {
                let id = &alert.alert_id;
                let current = f.store.tracked_alert(id).await.unwrap().unwrap();
                let visible = may_see(&user, &current.alert);
                assert_eq!(
                    listed.contains(id),
                    visible,
                    "{name} lists {alert_name}: {visible}"
                );
                let (status, _) = f.get(&format!("/api/alerts/{id}"), &token).await;
                let want = if visible {
                    StatusCode::OK
                } else {
                    StatusCode::NOT_FOUND
                };
                assert_eq!(status, want, "{name} GET {alert_name}");
                for (action_name, body, action) in actions() {
                    let current = f.store.tracked_alert(id).await.unwrap().unwrap();
                    let at = f.state.now();
                    let want = expected_status(
                        transition::apply(&current, &user, &action, at).map(|_| ()),
                    );
                    let (status, answer) = f
                        .post(&format!("/api/alerts/{id}/{action_name}"), &token, body)
                        .await;
                    assert_eq!(status, want, "{name} {action_name} {alert_name}: {answer}");
                    if !may_see(&user, &current.alert) {
                        assert_eq!(
                            status,
                            StatusCode::NOT_FOUND,
                            "{name} {action_name} {alert_name}"
                        );
                        assert_eq!(answer["error"], "not_found");
                    }
                    probes += 1;
                }
            }
            if matches!(name, "author" | "ops") {
                assert!(listed.is_empty(), "{name} sees no alert");
            }
        }
        assert_eq!(probes, 9 * 8 * 5);
        // Guessing an id that does not exist looks the same as one out of scope.
        let v10 = f.login("v10").await;
        let (status, unknown) = f
            .get("/api/alerts/0123456789abcdef0123456789abcdef", &v10)
            .await;
        let (_, hidden) = f
            .get(&format!("/api/alerts/{}", f.id("village_vl00")), &v10)
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(unknown["error"], hidden["error"]);
        f.store.close().await;
    }

    /// The fixed expectations the table above is built on, spelled out for two users.
    pub async fn township_and_village_scope(location: String) {
        let f = Fixture::new(&location).await;
        let tw1 = f.login("tw1").await;
        let mut listed = f.list_all(&tw1, "").await;
        listed.sort();
        let mut own: Vec<String> = ["village_vl10", "civil_tw1", "commission_tw1"]
            .iter()
            .map(|n| f.id(n))
            .collect();
        own.sort();
        assert_eq!(listed, own);
        let v00 = f.login("v00").await;
        let mut listed = f.list_all(&v00, "").await;
        listed.sort();
        let mut own = vec![f.id("village_vl00"), f.id("escalated_from_vl00")];
        own.sort();
        assert_eq!(
            listed, own,
            "its own alert and the one escalated away from it"
        );
        f.store.close().await;
    }
}

on_both_backends!(every_role_on_every_endpoint, township_and_village_scope);
