//! Why an action on an alert was refused.

use crate::lifecycle::TrackedAlert;
use crate::store::StoreError;

/// A refused action. The dashboard answers NotFound with 404, Forbidden with 403, Invalid with
/// 400 and Conflict with 409 and the alert as it now stands.
#[derive(Debug, thiserror::Error)]
pub enum ActionError {
    /// No such alert, or one outside the user's sight: the two are not told apart, so an id
    /// can't be probed.
    #[error("no alert {0}")]
    NotFound(String),
    /// The user sees the alert but may not do this to it.
    #[error("{0}")]
    Forbidden(String),
    /// The request itself is wrong (an empty note, an unknown department).
    #[error("{0}")]
    Invalid(String),
    /// The alert is not in a state that allows the action: another action came first, or the
    /// caller's version is stale.
    #[error("{why} (alert {} is now {} at version {})", .current.alert.alert_id, .current.alert.color.as_str(), .current.version)]
    Conflict {
        current: Box<TrackedAlert>,
        why: String,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}
