//! The life of an alert once raised: red (new) → yellow (acknowledged) → green (disposed), who
//! may move it, and the audit trail every move leaves.
//!
//! The rules are pure ([`transition::apply`]); a store loads the alert, applies them and writes
//! the result together with the audit entry in one transaction, refusing the write when the
//! alert changed since it was read ([`TrackedAlert::version`]).

pub mod action;
pub mod audit;
pub mod error;
pub mod store;
pub mod transition;

pub use action::{Action, Disposition};
pub use audit::{AuditAction, AuditEntry};
pub use error::ActionError;
pub use store::LifecycleStore;

use crate::alert::Alert;
use serde::Serialize;

/// An alert with the lifecycle facts the alert contract does not carry. Written out as the
/// alert's own fields followed by these.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TrackedAlert {
    #[serde(flatten)]
    pub alert: Alert,
    /// Starts at 1 and grows by one with every change of color, holder, deadline or
    /// escalations; an action naming an older version is refused as stale. Evidence added by
    /// the engine does not count: it changes nothing an officer decides on.
    pub version: i64,
    /// When it was first acknowledged (RFC 3339, the action's time), kept through a reopen.
    pub acknowledged_at: Option<String>,
    /// When it was disposed (RFC 3339), cleared by a reopen.
    pub closed_at: Option<String>,
}

impl TrackedAlert {
    /// A newly raised alert, as the engine emits it.
    pub fn new(alert: Alert) -> TrackedAlert {
        TrackedAlert {
            alert,
            version: 1,
            acknowledged_at: None,
            closed_at: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::alert::{AlertKind, Color, DedupKey, Route};
    use serde_json::json;

    #[test]
    fn written_as_the_alert_with_its_lifecycle_facts() {
        let mut params = serde_json::Map::new();
        params.insert(
            "limit".into(),
            serde_json::from_str("12345678901234567890.05").unwrap(),
        );
        let route = Route {
            target: "village".into(),
            township_id: "tw-1".into(),
            village_id: "vl-1".into(),
            dept: None,
        };
        let alert = Alert {
            alert_id: "a1".into(),
            threshold_id: "t".into(),
            threshold_code: "T-01".into(),
            category: "labor".into(),
            kind: AlertKind::Efficiency,
            township_id: "tw-1".into(),
            village_id: "vl-1".into(),
            dedup_key: DedupKey(vec![("village_id".into(), "vl-1".into())]),
            message: "消息".into(),
            evidence: Vec::new(),
            params,
            rule_version: "1".into(),
            detected_at: "2025-03-01T10:00:00+08:00".into(),
            route,
            color: Color::Yellow,
            ack_deadline: "2025-03-02T10:00:00+08:00".into(),
            close_deadline: "2025-03-08T10:00:00+08:00".into(),
            disposition: None,
            escalations: Vec::new(),
            late: false,
            also_notify: Vec::new(),
        };
        let mut tracked = TrackedAlert::new(alert.clone());
        tracked.version = 3;
        tracked.acknowledged_at = Some("2025-03-01T12:00:00+08:00".into());
        let text = serde_json::to_string(&tracked).unwrap();
        assert!(
            text.contains(r#""limit":12345678901234567890.05"#),
            "{text}"
        );
        let mut expected = serde_json::to_value(&alert).unwrap();
        let object = expected.as_object_mut().unwrap();
        object.insert("version".into(), json!(3));
        object.insert("acknowledged_at".into(), json!("2025-03-01T12:00:00+08:00"));
        object.insert("closed_at".into(), json!(null));
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&text).unwrap(),
            expected
        );
    }
}
