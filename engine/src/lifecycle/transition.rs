//! The lifecycle rules as a pure function: an alert, a user, an action and its time give the
//! alert after the action and the audit entry to write, or the reason it is refused.

use crate::alert::{Color, Route};
use crate::departments::{is_department, DEPARTMENT_CODES};
use crate::lifecycle::{Action, ActionError, AuditAction, AuditEntry, TrackedAlert};
use crate::routing;
use crate::scope::{may_act, may_see};
use crate::users::User;
use crate::values::Timestamp;

/// [`apply`], first refusing as a conflict a caller whose `expected_version` is no longer the
/// alert's. An alert out of the user's sight is NotFound whatever the version, so that a
/// version can't be probed either.
pub fn apply_at_version(
    current: &TrackedAlert,
    expected_version: Option<i64>,
    user: &User,
    action: &Action,
    at: Timestamp,
) -> Result<(TrackedAlert, AuditEntry), ActionError> {
    if !may_see(user, &current.alert) {
        return Err(ActionError::NotFound(current.alert.alert_id.clone()));
    }
    if let Some(expected) = expected_version.filter(|v| *v != current.version) {
        return Err(ActionError::Conflict {
            current: Box::new(current.clone()),
            why: format!("the alert has changed since version {expected}"),
        });
    }
    apply(current, user, action, at)
}

/// Applies `action` by `user` at `at` to `current`. Checks, in order: that the user sees the
/// alert (else NotFound), may do this (Forbidden), that the request is well formed (Invalid),
/// and that the alert's state allows it (Conflict, with the alert as it stands).
pub fn apply(
    current: &TrackedAlert,
    user: &User,
    action: &Action,
    at: Timestamp,
) -> Result<(TrackedAlert, AuditEntry), ActionError> {
    let alert = &current.alert;
    if !may_see(user, alert) {
        return Err(ActionError::NotFound(alert.alert_id.clone()));
    }
    check_permission(current, user, action)?;
    check_request(action)?;
    let conflict = |why: String| ActionError::Conflict {
        current: Box::new(current.clone()),
        why,
    };
    let at_text = at.to_rfc3339();
    let mut next = current.clone();
    next.version += 1;
    let mut disposition = None;
    let note;
    let audit_action;
    match action {
        Action::Acknowledge => {
            if alert.color != Color::Red {
                return Err(conflict(format!(
                    "only a red alert can be acknowledged; this one is {}",
                    alert.color.as_str()
                )));
            }
            next.alert.color = Color::Yellow;
            next.acknowledged_at = Some(at_text.clone());
            audit_action = AuditAction::Acknowledge;
            note = None;
        }
        Action::Dispose {
            disposition: chosen,
            note: text,
        } => {
            if alert.color == Color::Green {
                return Err(conflict(
                    "the alert is already disposed; a commission may reopen it".into(),
                ));
            }
            // Closing a red alert also acknowledges it (catalog routing policy).
            next.acknowledged_at.get_or_insert_with(|| at_text.clone());
            next.alert.color = Color::Green;
            next.alert.disposition = Some(chosen.as_str().to_string());
            next.closed_at = Some(at_text.clone());
            disposition = Some(*chosen);
            audit_action = AuditAction::Dispose;
            note = Some(text.trim().to_string());
        }
        Action::Comment { note: text } => {
            next.version = current.version;
            audit_action = AuditAction::Comment;
            note = Some(text.trim().to_string());
        }
        Action::Reassign { dept, note: text } => {
            if alert.color == Color::Green {
                return Err(conflict(
                    "a disposed alert can't be reassigned; reopen it first".into(),
                ));
            }
            if alert.route.target == "dept" && alert.route.dept.as_deref() == Some(dept.as_str()) {
                return Err(conflict(format!(
                    "the alert is already held by dept {dept}"
                )));
            }
            next.alert.route = Route {
                target: "dept".into(),
                township_id: alert.route.township_id.clone(),
                village_id: alert.route.village_id.clone(),
                dept: Some(dept.clone()),
            };
            audit_action = AuditAction::Reassign;
            note = text
                .as_deref()
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_string);
        }
        Action::Reopen { reason } => {
            if alert.color != Color::Green {
                return Err(conflict(format!(
                    "only a disposed alert can be reopened; this one is {}",
                    alert.color.as_str()
                )));
            }
            // Back to being handled, with a fresh close window: the old deadline would make it
            // overdue the moment it is reopened.
            let policy = routing::policy(alert.kind);
            next.alert.color = Color::Yellow;
            next.alert.disposition = None;
            next.alert.close_deadline = at.plus_nanos(policy.close_within_nanos).to_rfc3339();
            next.closed_at = None;
            audit_action = AuditAction::Reopen;
            note = Some(reason.trim().to_string());
        }
    }
    let entry = AuditEntry {
        alert_id: alert.alert_id.clone(),
        version: next.version,
        at: at_text,
        actor: user.username.clone(),
        action: audit_action,
        from_color: alert.color,
        to_color: next.alert.color,
        from_route: alert.route.clone(),
        to_route: next.alert.route.clone(),
        disposition,
        note,
    };
    Ok((next, entry))
}

fn check_permission(
    current: &TrackedAlert,
    user: &User,
    action: &Action,
) -> Result<(), ActionError> {
    let alert = &current.alert;
    let forbidden = |why: String| Err(ActionError::Forbidden(why));
    match action {
        // Seeing is enough to add to the record: a previous holder may explain itself.
        Action::Comment { .. } => Ok(()),
        Action::Reassign { .. } | Action::Reopen { .. } if !user.role.is_commission() => {
            forbidden(format!(
                "only a discipline commission may {} an alert",
                action.name()
            ))
        }
        _ if !may_act(user, alert) => forbidden(format!(
            "alert {} is held by {}; only its holder or a higher level may {} it",
            alert.alert_id,
            holder_label(&alert.route),
            action.name()
        )),
        _ => Ok(()),
    }
}

fn check_request(action: &Action) -> Result<(), ActionError> {
    let required = |text: &str, what: &str| {
        if text.trim().is_empty() {
            Err(ActionError::Invalid(format!("{what} is required")))
        } else {
            Ok(())
        }
    };
    match action {
        Action::Acknowledge => Ok(()),
        Action::Dispose { note, .. } => required(note, "a note saying what was found"),
        Action::Comment { note } => required(note, "the comment's text"),
        Action::Reopen { reason } => required(reason, "a reason for reopening"),
        Action::Reassign { dept, .. } if !is_department(dept) => {
            Err(ActionError::Invalid(format!(
                "unknown department {dept}: use one of {}",
                DEPARTMENT_CODES.join(", ")
            )))
        }
        Action::Reassign { .. } => Ok(()),
    }
}

/// `village vl-1`, `dept civil of tw-1`, `township_commission of tw-1`, `city_commission`.
pub fn holder_label(route: &Route) -> String {
    match route.target.as_str() {
        "village" => format!("village {}", route.village_id),
        "dept" => format!(
            "dept {} of {}",
            route.dept.as_deref().unwrap_or("?"),
            route.township_id
        ),
        "city_commission" => "city_commission".to_string(),
        other => format!("{other} of {}", route.township_id),
    }
}
