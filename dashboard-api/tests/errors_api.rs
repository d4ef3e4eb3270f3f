//! A store failure is answered 500 `{"error": "internal"}` without its details, which go to
//! the log instead.

#[macro_use]
#[path = "../../connectors/tests/common/mod.rs"]
mod common;
mod support;

use axum::http::{Method, StatusCode};
use common::{with_postgres, with_sqlite};
use support::Fixture;

mod checks {
    use super::*;

    pub async fn store_failures_leak_nothing(location: String) {
        let f = Fixture::new(&location).await;
        let token = f.login("city").await;
        f.store.close().await;
        for (method, path) in [
            (Method::GET, "/api/alerts".to_string()),
            (Method::GET, format!("/api/alerts/{}", f.id("village_vl00"))),
            (
                Method::POST,
                format!("/api/alerts/{}/acknowledge", f.id("village_vl00")),
            ),
        ] {
            // `call` checks that the body is {error, message} and names no internals.
            let (status, body) = f.call(method, &path, Some(&token), None).await;
            assert_eq!(
                (status, body["error"].as_str()),
                (StatusCode::INTERNAL_SERVER_ERROR, Some("internal")),
                "{path}: {body}"
            );
        }
    }
}

on_both_backends!(store_failures_leak_nothing);
