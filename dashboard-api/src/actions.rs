//! `POST /api/alerts/{alert_id}/{acknowledge,dispose,comment,reassign,reopen}`: officer actions,
//! each answered with the alert after it.

use crate::auth::CurrentUser;
use crate::body::{parse, required};
use crate::error::ApiError;
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::Json;
use mingjing_engine::lifecycle::{Action, Disposition, TrackedAlert};
use serde::Deserialize;

/// Every action's body: the fields an action does not use are refused as unknown by the
/// action's own reading of it ([`ActionBody::into_action`]). `version`, when given, makes the
/// action refuse (409) an alert that changed since the caller read it.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionBody {
    pub version: Option<i64>,
    pub disposition: Option<String>,
    pub note: Option<String>,
    pub dept: Option<String>,
    pub reason: Option<String>,
}

/// The actions, by the last segment of their path.
pub const ACTIONS: [&str; 5] = ["acknowledge", "dispose", "comment", "reassign", "reopen"];

impl ActionBody {
    /// The action `name` with this body, refusing missing fields (400), fields the action does
    /// not take (400) and an unknown disposition (422).
    pub fn into_action(self, name: &str) -> Result<Action, ApiError> {
        let allowed: &[&str] = match name {
            "acknowledge" => &[],
            "dispose" => &["disposition", "note"],
            "comment" => &["note"],
            "reassign" => &["dept", "note"],
            _ => &["reason"],
        };
        for (field, given) in [
            ("disposition", self.disposition.is_some()),
            ("note", self.note.is_some()),
            ("dept", self.dept.is_some()),
            ("reason", self.reason.is_some()),
        ] {
            if given && !allowed.contains(&field) {
                return Err(ApiError::bad_field(
                    field,
                    format!("{name} takes no {field}"),
                ));
            }
        }
        Ok(match name {
            "acknowledge" => Action::Acknowledge,
            "dispose" => {
                let disposition = required(self.disposition, "disposition")?;
                let disposition = Disposition::parse(&disposition).ok_or_else(|| {
                    ApiError::NotAllowed {
                        why: format!(
                            "unknown disposition {disposition:?}: use confirmed_violation, rectified or false_positive"
                        ),
                        current: None,
                    }
                })?;
                Action::Dispose {
                    disposition,
                    note: required(self.note, "note")?,
                }
            }
            "comment" => Action::Comment {
                note: required(self.note, "note")?,
            },
            "reassign" => Action::Reassign {
                dept: required(self.dept, "dept")?,
                note: self.note,
            },
            _ => Action::Reopen {
                reason: required(self.reason, "reason")?,
            },
        })
    }
}

async fn act(
    state: AppState,
    current: CurrentUser,
    alert_id: String,
    name: &str,
    body: Bytes,
) -> Result<Json<TrackedAlert>, ApiError> {
    let store = state.store()?;
    let body: ActionBody = parse(&body)?;
    let version = body.version;
    // An id out of sight is 404 before anything about the body is told.
    let visible = store
        .tracked_alert(&alert_id)
        .await?
        .is_some_and(|t| mingjing_engine::scope::may_see(&current.user, &t.alert));
    if !visible {
        return Err(ApiError::no_alert(&alert_id));
    }
    let action = body.into_action(name)?;
    let after = store
        .act(&alert_id, version, &current.user, &action, state.now())
        .await
        .map_err(|e| ApiError::from_action_error(e, version))?;
    Ok(Json(after))
}

/// `POST /api/alerts/{alert_id}/acknowledge`: red → yellow.
pub async fn acknowledge(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(alert_id): Path<String>,
    body: Bytes,
) -> Result<Json<TrackedAlert>, ApiError> {
    act(state, current, alert_id, "acknowledge", body).await
}

/// `POST /api/alerts/{alert_id}/dispose`: red or yellow → green with a disposition and a note.
pub async fn dispose(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(alert_id): Path<String>,
    body: Bytes,
) -> Result<Json<TrackedAlert>, ApiError> {
    act(state, current, alert_id, "dispose", body).await
}

/// `POST /api/alerts/{alert_id}/comment`: a note on the record.
pub async fn comment(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(alert_id): Path<String>,
    body: Bytes,
) -> Result<Json<TrackedAlert>, ApiError> {
    act(state, current, alert_id, "comment", body).await
}

/// `POST /api/alerts/{alert_id}/reassign`: to a department of the township (commissions).
pub async fn reassign(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(alert_id): Path<String>,
    body: Bytes,
) -> Result<Json<TrackedAlert>, ApiError> {
    act(state, current, alert_id, "reassign", body).await
}

/// `POST /api/alerts/{alert_id}/reopen`: green → yellow with a reason (commissions).
pub async fn reopen(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(alert_id): Path<String>,
    body: Bytes,
) -> Result<Json<TrackedAlert>, ApiError> {
    act(state, current, alert_id, "reopen", body).await
}
