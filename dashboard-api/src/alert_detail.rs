//! `GET /api/alerts/{alert_id}`: one alert with its evidence in full, its routing history
//! (escalations) and its audit trail.

use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::Json;
use mingjing_engine::scope::{may_act, may_see};
use serde_json::{json, Value};

/// The tracked alert's fields, then `audit_trail` (oldest first) and `may_act` (whether this
/// user may acknowledge, dispose or reassign it as it stands).
pub async fn detail(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(alert_id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let store = state.store()?;
    let tracked = store
        .tracked_alert(&alert_id)
        .await?
        .filter(|t| may_see(&current.user, &t.alert))
        .ok_or_else(|| ApiError::no_alert(&alert_id))?;
    let audit = store.audit_trail(&alert_id).await?;
    let mut value = serde_json::to_value(&tracked)
        .map_err(|e| ApiError::Internal(format!("alert {alert_id} as JSON: {e}")))?;
    value["audit_trail"] = json!(audit);
    value["may_act"] = json!(may_act(&current.user, &tracked.alert));
    Ok(Json(value))
}
