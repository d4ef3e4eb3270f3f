//! The API over a real socket: the app served on 127.0.0.1, called with hyper's HTTP/1 client.

#[macro_use]
#[path = "../../connectors/tests/common/mod.rs"]
mod common;
mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::{with_postgres, with_sqlite};
use http_body_util::BodyExt;
use hyper_util::rt::TokioIo;
use serde_json::{json, Value};
use support::{assert_error_body, Fixture, PASSWORD};

/// One request on a fresh connection.
async fn send(
    addr: std::net::SocketAddr,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .unwrap();
    tokio::spawn(connection);
    let mut request = Request::builder()
        .method(method)
        .uri(path)
        .header("host", addr.to_string());
    if let Some(token) = token {
        request = request.header("authorization", format!("Bearer {token}"));
    }
    let request = match body {
        Some(b) => request
            .header("content-type", "application/json")
            .body(Body::from(b.to_string())),
        None => request.body(Body::empty()),
    }
    .unwrap();
    let response = sender.send_request(request).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

mod checks {
    use super::*;

    pub async fn served_on_a_socket(location: String) {
        let f = Fixture::new(&location).await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = f.app.clone();
        let server = tokio::spawn(async move { axum::serve(listener, app).await });
        let (status, body) = send(
            addr,
            "POST",
            "/api/login",
            None,
            Some(json!({"username": "tw0", "password": PASSWORD})),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let token = body["token"].as_str().unwrap().to_string();
        let (status, page) = send(
            addr,
            "GET",
            "/api/alerts?sort=detected_asc",
            Some(&token),
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            page["items"].as_array().unwrap().len(),
            5,
            "tw-0's five alerts: {page}"
        );
        let id = f.id("commission_tw0");
        let (status, after) = send(
            addr,
            "POST",
            &format!("/api/alerts/{id}/acknowledge"),
            Some(&token),
            Some(json!({"version": 1})),
        )
        .await;
        assert_eq!(
            (status, after["color"].as_str()),
            (StatusCode::OK, Some("yellow"))
        );
        let (status, body) = send(
            addr,
            "GET",
            &format!("/api/alerts/{}", f.id("commission_tw1")),
            Some(&token),
            None,
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_error_body(&body);
        let (status, _) = send(addr, "POST", "/api/logout", Some(&token), None).await;
        assert_eq!(status, StatusCode::OK);
        let (status, body) = send(addr, "GET", "/api/me", Some(&token), None).await;
        assert_eq!(
            (status, body["error"].as_str()),
            (StatusCode::UNAUTHORIZED, Some("token_revoked"))
        );
        server.abort();
        f.store.close().await;
    }
}

on_both_backends!(served_on_a_socket);
