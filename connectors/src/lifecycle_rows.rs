//! Rows of the lifecycle queries: an alert with its lifecycle columns, and audit entries.

use crate::alert_row::{AlertRow, ALERT_COLUMNS};
use mingjing_engine::alert::{Color, Route};
use mingjing_engine::escalation::next_deadline;
use mingjing_engine::lifecycle::{AuditAction, AuditEntry, Disposition, TrackedAlert};
use mingjing_engine::store::StoreError;
use serde::de::DeserializeOwned;

/// The columns of a [`TrackedRow`], in its order.
pub(crate) fn tracked_columns() -> String {
    format!("{ALERT_COLUMNS}, version, acknowledged_at, closed_at")
}

/// `alert_audit`'s columns as [`AuditRow`] reads and [`AuditRow::from_entry`] writes them.
pub(crate) const AUDIT_COLUMNS: &str = "alert_id, version, at, actor, action, from_color, \
    to_color, from_route, to_route, disposition, note";

/// `next_deadline_nanos` when no deadline can escalate the alert any more.
pub(crate) const NO_DEADLINE: i64 = i64::MAX;

/// An alert row with its lifecycle columns.
#[derive(Clone, Debug, sqlx::FromRow)]
pub(crate) struct TrackedRow {
    #[sqlx(flatten)]
    pub alert: AlertRow,
    pub version: i64,
    pub acknowledged_at: Option<String>,
    pub closed_at: Option<String>,
}

impl TrackedRow {
    pub fn into_tracked(self, operation: &'static str) -> Result<TrackedAlert, StoreError> {
        Ok(TrackedAlert {
            alert: self.alert.into_alert(operation)?,
            version: self.version,
            acknowledged_at: self.acknowledged_at,
            closed_at: self.closed_at,
        })
    }
}

/// What a lifecycle write sets: everything an action or an escalation may change.
pub(crate) struct LifecycleWrite {
    pub route_target: String,
    pub route_township_id: String,
    pub route_village_id: String,
    pub route_dept: Option<String>,
    pub color: &'static str,
    pub disposition: Option<String>,
    pub escalations: String,
    pub ack_deadline: String,
    pub close_deadline: String,
    pub acknowledged_at: Option<String>,
    pub closed_at: Option<String>,
    pub next_deadline_nanos: i64,
    pub version: i64,
    pub alert_id: String,
}

impl LifecycleWrite {
    pub fn of(
        tracked: &TrackedAlert,
        operation: &'static str,
    ) -> Result<LifecycleWrite, StoreError> {
        let alert = &tracked.alert;
        let escalations =
            serde_json::to_string(&alert.escalations).map_err(|e| StoreError::Operation {
                operation,
                message: format!(
                    "cannot write the escalations of alert {}: {e}",
                    alert.alert_id
                ),
            })?;
        Ok(LifecycleWrite {
            route_target: alert.route.target.clone(),
            route_township_id: alert.route.township_id.clone(),
            route_village_id: alert.route.village_id.clone(),
            route_dept: alert.route.dept.clone(),
            color: alert.color.as_str(),
            disposition: alert.disposition.clone(),
            escalations,
            ack_deadline: alert.ack_deadline.clone(),
            close_deadline: alert.close_deadline.clone(),
            acknowledged_at: tracked.acknowledged_at.clone(),
            closed_at: tracked.closed_at.clone(),
            next_deadline_nanos: next_deadline(tracked).map_or(NO_DEADLINE, |t| t.nanos()),
            version: tracked.version,
            alert_id: alert.alert_id.clone(),
        })
    }
}

/// One row of `alert_audit`: enums as their names, routes as JSON.
#[derive(Clone, Debug, sqlx::FromRow)]
pub(crate) struct AuditRow {
    pub alert_id: String,
    pub version: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub from_color: String,
    pub to_color: String,
    pub from_route: String,
    pub to_route: String,
    pub disposition: Option<String>,
    pub note: Option<String>,
}

impl AuditRow {
    pub fn from_entry(entry: &AuditEntry, operation: &'static str) -> Result<AuditRow, StoreError> {
        let route = |route: &Route| {
            serde_json::to_string(route).map_err(|e| StoreError::Operation {
                operation,
                message: format!("cannot write a route of alert {}: {e}", entry.alert_id),
            })
        };
        Ok(AuditRow {
            alert_id: entry.alert_id.clone(),
            version: entry.version,
            at: entry.at.clone(),
            actor: entry.actor.clone(),
            action: entry.action.as_str().to_string(),
            from_color: entry.from_color.as_str().to_string(),
            to_color: entry.to_color.as_str().to_string(),
            from_route: route(&entry.from_route)?,
            to_route: route(&entry.to_route)?,
            disposition: entry.disposition.map(|d| d.as_str().to_string()),
            note: entry.note.clone(),
        })
    }

    pub fn into_entry(self) -> Result<AuditEntry, StoreError> {
        let alert_id = self.alert_id;
        let bad = |column: &str, text: &str| {
            StoreError::Operation {
            operation: "audit_trail",
            message: format!(
                "an audit entry of alert {alert_id} has an unreadable {column} ({text:?}); it was written outside mingjing"
            ),
        }
        };
        let action = AuditAction::parse(&self.action).ok_or_else(|| bad("action", &self.action))?;
        let from_color: Color =
            from_json_name(&self.from_color).ok_or_else(|| bad("from_color", &self.from_color))?;
        let to_color: Color =
            from_json_name(&self.to_color).ok_or_else(|| bad("to_color", &self.to_color))?;
        let from_route: Route = serde_json::from_str(&self.from_route)
            .map_err(|_| bad("from_route", &self.from_route))?;
        let to_route: Route =
            serde_json::from_str(&self.to_route).map_err(|_| bad("to_route", &self.to_route))?;
        let disposition = match self.disposition.as_deref() {
            None => None,
            Some(text) => Some(Disposition::parse(text).ok_or_else(|| bad("disposition", text))?),
        };
        Ok(AuditEntry {
            alert_id: alert_id.clone(),
            version: self.version,
            at: self.at,
            actor: self.actor,
            action,
            from_color,
            to_color,
            from_route,
            to_route,
            disposition,
            note: self.note,
        })
    }
}

/// A snake_case enum from its name.
fn from_json_name<T: DeserializeOwned>(name: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(name.to_string())).ok()
}
