//! The audit trail: one entry per action, comment and escalation, never changed once written.

use crate::alert::{Color, Route};
use crate::lifecycle::Disposition;
use serde::{Deserialize, Serialize};

/// What an audit entry records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    Acknowledge,
    Dispose,
    Comment,
    Reassign,
    Reopen,
    /// A missed deadline moved the alert (or, once it has moved, was recorded in place).
    Escalate,
}

impl AuditAction {
    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::Acknowledge => "acknowledge",
            AuditAction::Dispose => "dispose",
            AuditAction::Comment => "comment",
            AuditAction::Reassign => "reassign",
            AuditAction::Reopen => "reopen",
            AuditAction::Escalate => "escalate",
        }
    }

    pub fn parse(text: &str) -> Option<AuditAction> {
        [
            AuditAction::Acknowledge,
            AuditAction::Dispose,
            AuditAction::Comment,
            AuditAction::Reassign,
            AuditAction::Reopen,
            AuditAction::Escalate,
        ]
        .into_iter()
        .find(|a| a.as_str() == text)
    }
}

/// Who did what to an alert, when, and the state before and after.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub alert_id: String,
    /// The alert's version after the entry (a comment leaves it as it was).
    pub version: i64,
    /// RFC 3339: the action's time, or for an escalation the deadline that was missed.
    pub at: String,
    /// The username, or `system` for escalations.
    pub actor: String,
    pub action: AuditAction,
    pub from_color: Color,
    pub to_color: Color,
    pub from_route: Route,
    pub to_route: Route,
    /// Set on dispose.
    pub disposition: Option<Disposition>,
    /// The disposal note, comment, reassignment note, reopen reason, or for an escalation its
    /// reason (`ack_overdue`, `close_overdue`).
    pub note: Option<String>,
}
