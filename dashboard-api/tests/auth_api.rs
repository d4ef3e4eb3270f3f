//! Login, tokens and logout through the app, on SQLite and PostgreSQL.

#[macro_use]
#[path = "../../connectors/tests/common/mod.rs"]
mod common;
mod support;

use axum::http::{Method, StatusCode};
use common::{with_postgres, with_sqlite};
use serde_json::json;
use support::{Fixture, PASSWORD};

mod checks {
    use super::*;

    pub async fn login_me_logout(location: String) {
        let f = Fixture::new(&location).await;
        let (status, body) = f
            .call(
                Method::POST,
                "/api/login",
                None,
                Some(json!({"username": "tw0", "password": PASSWORD})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let token = body["token"].as_str().unwrap().to_string();
        assert_eq!(body["user"]["role"], "township_commission");
        assert_eq!(body["user"]["township_id"], "tw-0");
        // 12 hours by default.
        assert_eq!(body["expires_at"], "2025-03-02T00:00:00+08:00");
        let (status, me) = f.get("/api/me", &token).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(me["username"], "tw0");
        let (status, body) = f
            .call(Method::POST, "/api/logout", Some(&token), None)
            .await;
        assert_eq!(
            (status, &body["logged_out"]),
            (StatusCode::OK, &json!(true))
        );
        let (status, body) = f.get("/api/me", &token).await;
        assert_eq!(
            (status, body["error"].as_str()),
            (StatusCode::UNAUTHORIZED, Some("token_revoked"))
        );
        f.store.close().await;
    }

    pub async fn refused_logins_and_tokens(location: String) {
        let f = Fixture::new(&location).await;
        let login = |username: &str, password: &str| {
            f.call(
                Method::POST,
                "/api/login",
                None,
                Some(json!({"username": username, "password": password})),
            )
        };
        let (status, body) = login("tw0", "wrong").await;
        assert_eq!(
            (status, body["error"].as_str()),
            (StatusCode::UNAUTHORIZED, Some("bad_credentials"))
        );
        let (status, body) = login("nobody", PASSWORD).await;
        assert_eq!(
            (status, body["error"].as_str()),
            (StatusCode::UNAUTHORIZED, Some("bad_credentials"))
        );
        let (status, body) = login("gone", PASSWORD).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
        let (status, body) = f
            .call(
                Method::POST,
                "/api/login",
                None,
                Some(json!({"username": "tw0"})),
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(
            body["message"].as_str().unwrap().starts_with("password"),
            "{body}"
        );
        let (status, _) = f
            .call(
                Method::POST,
                "/api/login",
                None,
                Some(json!({"username": "tw0", "password": PASSWORD, "role": "city"})),
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);

        let (status, body) = f.call(Method::GET, "/api/alerts", None, None).await;
        assert_eq!(
            (status, body["error"].as_str()),
            (StatusCode::UNAUTHORIZED, Some("missing_token"))
        );
        let (status, body) = f.get("/api/alerts", "not-a-token").await;
        assert_eq!(
            (status, body["error"].as_str()),
            (StatusCode::UNAUTHORIZED, Some("invalid_token"))
        );

        // Expired: valid until 12 h after login, refused at and after that instant.
        let token = f.login("tw0").await;
        f.advance_seconds(12 * 3600 - 1);
        assert_eq!(f.get("/api/me", &token).await.0, StatusCode::OK);
        f.advance_seconds(1);
        let (status, body) = f.get("/api/me", &token).await;
        assert_eq!(
            (status, body["error"].as_str()),
            (StatusCode::UNAUTHORIZED, Some("token_expired"))
        );

        // Disabled after login: the token stops working.
        let token = f.login("v00").await;
        use mingjing_engine::users::UserStore;
        f.store.disable_user("v00").await.unwrap();
        let (status, _) = f.get("/api/alerts", &token).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        f.store.close().await;
    }
}

on_both_backends!(login_me_logout, refused_logins_and_tokens);
