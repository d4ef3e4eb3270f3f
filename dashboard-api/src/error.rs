//! [`ApiError`]: every refusal of the API, answered as JSON `{"error", "message"}` with the
//! status that fits. Internal failures are logged and answered without their details.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use mingjing_engine::lifecycle::{ActionError, TrackedAlert};
use mingjing_engine::store::StoreError;
use mingjing_engine::users::UserError;
use serde_json::json;

/// Why a request was refused.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400: a query parameter or body field is wrong; the message names it.
    #[error("{0}")]
    BadRequest(String),
    /// 401, with a code saying which: `missing_token`, `invalid_token`, `token_expired`,
    /// `token_revoked`, `user_disabled`, `bad_credentials`.
    #[error("{message}")]
    Unauthorized { code: &'static str, message: String },
    /// 403: the user sees the alert but may not do this to it.
    #[error("{0}")]
    Forbidden(String),
    /// 404: no such alert, or one outside the user's scope (never told apart).
    #[error("{0}")]
    NotFound(String),
    /// 409: the caller's version is stale or another action came first.
    #[error("{why}")]
    Conflict {
        why: String,
        current: Box<TrackedAlert>,
    },
    /// 422: well formed, but the lifecycle does not allow it (the alert as it stands, when one
    /// is concerned).
    #[error("{why}")]
    NotAllowed {
        why: String,
        current: Option<Box<TrackedAlert>>,
    },
    /// 503: this instance serves no alert store.
    #[error("{0}")]
    Unavailable(String),
    /// 500: logged with its details, answered without them.
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    /// The status and the snake_case code of the answer.
    pub fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            ApiError::BadRequest(_) => (StatusCode::BAD_REQUEST, "bad_request"),
            ApiError::Unauthorized { code, .. } => (StatusCode::UNAUTHORIZED, *code),
            ApiError::Forbidden(_) => (StatusCode::FORBIDDEN, "forbidden"),
            ApiError::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
            ApiError::Conflict { .. } => (StatusCode::CONFLICT, "conflict"),
            ApiError::NotAllowed { .. } => (StatusCode::UNPROCESSABLE_ENTITY, "not_allowed"),
            ApiError::Unavailable(_) => (StatusCode::SERVICE_UNAVAILABLE, "unavailable"),
            ApiError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }

    /// A bad query parameter or body field, named in the message.
    pub fn bad_field(field: &str, why: impl std::fmt::Display) -> ApiError {
        ApiError::BadRequest(format!("{field}: {why}"))
    }

    /// The alert does not exist for this user.
    pub fn no_alert(alert_id: &str) -> ApiError {
        ApiError::NotFound(format!(
            "no alert {alert_id} in your scope: check the id, or ask its holder"
        ))
    }

    fn unauthorized(code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError::Unauthorized {
            code,
            message: message.into(),
        }
    }

    /// A user-store refusal of a token or a login.
    pub fn from_user_error(error: UserError) -> ApiError {
        match error {
            UserError::BadCredentials => ApiError::unauthorized(
                "bad_credentials",
                "wrong username or password: check both and try again",
            ),
            UserError::Disabled(name) => ApiError::unauthorized(
                "user_disabled",
                format!("user {name} is disabled: ask an administrator to enable it"),
            ),
            UserError::UnknownToken | UserError::UnknownUser(_) => ApiError::unauthorized(
                "invalid_token",
                "the bearer token is not valid: log in again with POST /api/login",
            ),
            UserError::Expired(at) => ApiError::unauthorized(
                "token_expired",
                format!("the token expired at {at}: log in again with POST /api/login"),
            ),
            UserError::Revoked => ApiError::unauthorized(
                "token_revoked",
                "the token was revoked (logged out): log in again with POST /api/login",
            ),
            UserError::Invalid(why) => ApiError::BadRequest(why),
            UserError::Duplicate(name) => ApiError::BadRequest(format!("user {name} exists")),
            UserError::Store(e) => ApiError::from(e),
        }
    }

    /// The bearer token is missing or not a bearer token.
    pub fn missing_token() -> ApiError {
        ApiError::unauthorized(
            "missing_token",
            "send `Authorization: Bearer <token>`; get a token with POST /api/login",
        )
    }

    /// A refused action. `expected_version` is the caller's: a conflict at another version is
    /// a stale request (409); at the caller's version, or without one, the alert's state does
    /// not allow the action (422).
    pub fn from_action_error(error: ActionError, expected_version: Option<i64>) -> ApiError {
        match error {
            ActionError::NotFound(id) => ApiError::no_alert(&id),
            ActionError::Forbidden(why) => ApiError::Forbidden(why),
            ActionError::Invalid(why) => ApiError::NotAllowed { why, current: None },
            ActionError::Conflict { current, why } => {
                let stale = expected_version.is_some_and(|v| v != current.version)
                    || why.starts_with("another action");
                if stale {
                    ApiError::Conflict {
                        why: format!(
                            "{why}: the alert is now at version {}; reload it and decide again",
                            current.version
                        ),
                        current,
                    }
                } else {
                    ApiError::NotAllowed {
                        why,
                        current: Some(current),
                    }
                }
            }
            ActionError::Store(e) => ApiError::from(e),
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> ApiError {
        ApiError::Internal(error.to_string())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        let message = match &self {
            ApiError::Internal(details) => {
                tracing::error!(error = %details, "request failed");
                "the server failed to answer; it was logged: try again, and tell the operators if it persists".to_string()
            }
            other => other.to_string(),
        };
        let mut body = json!({ "error": code, "message": message });
        let current = match &self {
            ApiError::Conflict { current, .. } => Some(current),
            ApiError::NotAllowed {
                current: Some(current),
                ..
            } => Some(current),
            _ => None,
        };
        if let Some(current) = current {
            body["alert"] = serde_json::to_value(current.as_ref()).unwrap_or_default();
        }
        let mut response = (status, Json(body)).into_response();
        if status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                axum::http::header::WWW_AUTHENTICATE,
                axum::http::HeaderValue::from_static("Bearer"),
            );
        }
        response
    }
}
