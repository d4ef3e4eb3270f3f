//! The boundary of a store that keeps the lifecycle of alerts.

use crate::lifecycle::{Action, ActionError, AuditEntry, TrackedAlert};
use crate::store::StoreError;
use crate::users::User;
use crate::values::Timestamp;
use std::future::Future;

/// Alerts worked by officers. Every method that changes an alert runs in one transaction with
/// the audit entries it writes.
pub trait LifecycleStore: Send + Sync {
    /// The alert with its lifecycle facts, whoever may see it; `None` if there is none.
    fn tracked_alert(
        &self,
        alert_id: &str,
    ) -> impl Future<Output = Result<Option<TrackedAlert>, StoreError>> + Send;

    /// `user` does `action` to the alert at time `at`. With `expected_version`, the action is
    /// refused as a conflict unless the alert is still at that version; without it, it applies
    /// to the alert as it is when the transaction reads it. Returns the alert after the action.
    fn act(
        &self,
        alert_id: &str,
        expected_version: Option<i64>,
        user: &User,
        action: &Action,
        at: Timestamp,
    ) -> impl Future<Output = Result<TrackedAlert, ActionError>> + Send;

    /// The audit trail of an alert, oldest first.
    fn audit_trail(
        &self,
        alert_id: &str,
    ) -> impl Future<Output = Result<Vec<AuditEntry>, StoreError>> + Send;

    /// Applies every escalation due at `now` (event time in replay, the wall clock in `run`):
    /// records it in the alert's escalations and its audit trail, moves the holder and sets the
    /// new deadline. Returns the audit entries written, in the order applied.
    fn escalate_due(
        &self,
        now: Timestamp,
    ) -> impl Future<Output = Result<Vec<AuditEntry>, StoreError>> + Send;
}
