//! Login, logout and the bearer-token extractor ([`CurrentUser`]) every `/api` route but login
//! takes.

use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::{FromRequestParts, State};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::Json;
use mingjing_engine::users::User;
use serde::Deserialize;
use serde_json::{json, Value};

/// The user a valid bearer token stands for, with the token itself (for logout).
pub struct CurrentUser {
    pub user: User,
    pub token: String,
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let store = state.store()?;
        let token = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                let (scheme, token) = v.trim().split_once(' ')?;
                scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
            })
            .filter(|t| !t.is_empty())
            .ok_or_else(ApiError::missing_token)?
            .to_string();
        let user = store
            .resolve_token(&token, state.now())
            .await
            .map_err(ApiError::from_user_error)?;
        Ok(CurrentUser { user, token })
    }
}

/// The body of `POST /api/login`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub username: Option<String>,
    pub password: Option<String>,
}

/// `POST /api/login`: `{"token", "expires_at", "user"}`.
pub async fn login(
    State(state): State<AppState>,
    body: axum::body::Bytes,
) -> Result<Json<Value>, ApiError> {
    let store = state.store()?;
    let request: LoginRequest = crate::body::parse(&body)?;
    let username = crate::body::required(request.username, "username")?;
    let password = crate::body::required(request.password, "password")?;
    let now = state.now();
    let issued = store
        .login(&username, &password, now, state.token_ttl_seconds)
        .await
        .map_err(ApiError::from_user_error)?;
    let user = store
        .resolve_token(&issued.token, now)
        .await
        .map_err(ApiError::from_user_error)?;
    Ok(Json(json!({
        "token": issued.token,
        "expires_at": issued.expires_at.to_rfc3339(),
        "user": user,
    })))
}

/// `POST /api/logout`: revokes the token the request carries.
pub async fn logout(
    State(state): State<AppState>,
    current: CurrentUser,
) -> Result<Json<Value>, ApiError> {
    let revoked = state
        .store()?
        .revoke_token(&current.token, state.now())
        .await
        .map_err(ApiError::from_user_error)?;
    Ok(Json(json!({ "logged_out": revoked })))
}

/// `GET /api/me`: the user the token stands for.
pub async fn me(current: CurrentUser) -> Json<User> {
    Json(current.user)
}
