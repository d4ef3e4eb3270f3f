//! When a deadline is missed: which escalation is due, and the alert after it (catalog.yaml
//! routing.policy).
//!
//! - A deadline is missed when time *passes* it: due only when `now > deadline`. At the
//!   deadline itself the holder is still in time, as an action at the deadline counts as in
//!   time ("acknowledged by then", and the catalog's convention that a preventing event counts
//!   when occurred_at <= the deadline).
//! - ack_overdue: the ack deadline passed and the alert was not acknowledged by then;
//!   close_overdue: the close deadline passed and it was not disposed by then. An action after
//!   the deadline does not undo the lateness, so the result does not depend on how often the
//!   sweep runs.
//! - An alert moves at most once, to its kind's `escalate_to`; the new holder gets a fresh
//!   window for the deadline that was missed (its `acknowledge_within` or `close_within`,
//!   counted from the missed deadline). A later missed deadline is recorded with from = to and
//!   moves nothing, so an ignored alert collects a bounded number of records.
//! - The record's `at` is the missed deadline, not the time the sweep noticed it.

use crate::alert::{Escalation, Route};
use crate::lifecycle::{AuditAction, AuditEntry, TrackedAlert};
use crate::routing::KindPolicy;
use crate::scope::holder_level;
use crate::users::SYSTEM_ACTOR;
use crate::values::Timestamp;

/// Which deadline was missed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Overdue {
    Ack,
    Close,
}

impl Overdue {
    /// The reason as written in escalation records: `ack_overdue`, `close_overdue`.
    pub fn reason(self) -> &'static str {
        match self {
            Overdue::Ack => "ack_overdue",
            Overdue::Close => "close_overdue",
        }
    }
}

/// An escalation that is due.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DueEscalation {
    pub overdue: Overdue,
    /// The deadline that was missed.
    pub deadline: Timestamp,
    pub from: Route,
    pub to: Route,
}

/// The deadlines of `alert` that can still escalate it: not met in time and not yet recorded.
fn open_deadlines(tracked: &TrackedAlert) -> impl Iterator<Item = (Overdue, Timestamp)> + '_ {
    let alert = &tracked.alert;
    [
        (Overdue::Ack, &alert.ack_deadline, &tracked.acknowledged_at),
        (Overdue::Close, &alert.close_deadline, &tracked.closed_at),
    ]
    .into_iter()
    .filter_map(move |(overdue, deadline, done_at)| {
        let deadline = Timestamp::parse(deadline).ok()?;
        let met = done_at
            .as_deref()
            .and_then(|t| Timestamp::parse(t).ok())
            .is_some_and(|done| done <= deadline);
        let recorded = alert.escalations.iter().any(|e| {
            e.reason == overdue.reason() && Timestamp::parse(&e.at).ok() == Some(deadline)
        });
        (!met && !recorded).then_some((overdue, deadline))
    })
}

/// The earliest deadline that would escalate the alert once passed, if any. A store keeps it
/// to find the alerts worth looking at without reading them all.
pub fn next_deadline(tracked: &TrackedAlert) -> Option<Timestamp> {
    open_deadlines(tracked).map(|(_, deadline)| deadline).min()
}

/// The escalation due at `now`, if any: that of the earliest missed deadline (the ack deadline
/// first when both fall at once). Apply it with [`escalate`] and ask again: both deadlines may
/// have passed.
pub fn due_escalation(
    tracked: &TrackedAlert,
    policy: &KindPolicy,
    now: Timestamp,
) -> Option<DueEscalation> {
    let (overdue, deadline) = open_deadlines(tracked)
        .filter(|(_, deadline)| now > *deadline)
        .min_by_key(|(overdue, deadline)| (*deadline, *overdue == Overdue::Close))?;
    let alert = &tracked.alert;
    let from = alert.route.clone();
    let moved_before = alert.escalations.iter().any(|e| e.from != e.to);
    let to = if moved_before || holder_level(&from.target) >= holder_level(policy.escalate_to) {
        from.clone()
    } else {
        Route {
            target: policy.escalate_to.to_string(),
            township_id: from.township_id.clone(),
            village_id: from.village_id.clone(),
            dept: None,
        }
    };
    Some(DueEscalation {
        overdue,
        deadline,
        from,
        to,
    })
}

/// The alert after `due` and the audit entry recording it.
pub fn escalate(
    tracked: &TrackedAlert,
    policy: &KindPolicy,
    due: &DueEscalation,
) -> (TrackedAlert, AuditEntry) {
    let mut next = tracked.clone();
    next.version += 1;
    let at = due.deadline.to_rfc3339();
    next.alert.escalations.push(Escalation {
        at: at.clone(),
        from: due.from.clone(),
        to: due.to.clone(),
        reason: due.overdue.reason().to_string(),
    });
    if due.from != due.to {
        next.alert.route = due.to.clone();
        match due.overdue {
            Overdue::Ack => {
                next.alert.ack_deadline = due
                    .deadline
                    .plus_nanos(policy.acknowledge_within_nanos)
                    .to_rfc3339()
            }
            Overdue::Close => {
                next.alert.close_deadline = due
                    .deadline
                    .plus_nanos(policy.close_within_nanos)
                    .to_rfc3339()
            }
        }
    }
    let entry = AuditEntry {
        alert_id: tracked.alert.alert_id.clone(),
        version: next.version,
        at,
        actor: SYSTEM_ACTOR.to_string(),
        action: AuditAction::Escalate,
        from_color: tracked.alert.color,
        to_color: next.alert.color,
        from_route: due.from.clone(),
        to_route: due.to.clone(),
        disposition: None,
        note: Some(due.overdue.reason().to_string()),
    };
    (next, entry)
}

/// Every escalation due at `now`, applied in order. Returns the alert after them and their
/// audit entries (none when nothing is due).
pub fn escalate_all(
    tracked: &TrackedAlert,
    policy: &KindPolicy,
    now: Timestamp,
) -> (TrackedAlert, Vec<AuditEntry>) {
    let mut current = tracked.clone();
    let mut entries = Vec::new();
    while let Some(due) = due_escalation(&current, policy, now) {
        let (next, entry) = escalate(&current, policy, &due);
        current = next;
        entries.push(entry);
    }
    (current, entries)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::alert::{Alert, AlertKind, Color, DedupKey};
    use crate::routing::policy;

    fn ts(text: &str) -> Timestamp {
        Timestamp::parse(text).unwrap()
    }

    /// An efficiency alert held by village vl-1, detected 2025-03-01 10:00: ack by 03-02 10:00,
    /// close by 03-08 10:00.
    fn village_alert() -> TrackedAlert {
        let route = Route {
            target: "village".into(),
            township_id: "tw-1".into(),
            village_id: "vl-1".into(),
            dept: None,
        };
        TrackedAlert::new(Alert {
            alert_id: "a1".into(),
            threshold_id: "t".into(),
            threshold_code: "T-01".into(),
            category: "labor".into(),
            kind: AlertKind::Efficiency,
            township_id: "tw-1".into(),
            village_id: "vl-1".into(),
            dedup_key: DedupKey::default(),
            message: String::new(),
            evidence: Vec::new(),
            params: Default::default(),
            rule_version: "1".into(),
            detected_at: "2025-03-01T10:00:00+08:00".into(),
            route,
            color: Color::Red,
            ack_deadline: "2025-03-02T10:00:00+08:00".into(),
            close_deadline: "2025-03-08T10:00:00+08:00".into(),
            disposition: None,
            escalations: Vec::new(),
            late: false,
            also_notify: Vec::new(),
        })
    }

    const EFFICIENCY: fn() -> KindPolicy = || policy(AlertKind::Efficiency);

    #[test]
    fn exactly_at_the_deadline_nothing_is_due_a_second_later_it_is() {
        let alert = village_alert();
        let p = EFFICIENCY();
        assert_eq!(
            due_escalation(&alert, &p, ts("2025-03-02T10:00:00+08:00")),
            None
        );
        assert_eq!(due_escalation(&alert, &p, ts("2025-03-02T02:00:00Z")), None);
        let due = due_escalation(&alert, &p, ts("2025-03-02T10:00:01+08:00")).unwrap();
        assert_eq!(due.overdue, Overdue::Ack);
        assert_eq!(due.deadline, ts("2025-03-02T10:00:00+08:00"));
        assert_eq!(due.to.target, "township_commission");
        assert_eq!(due.to.township_id, "tw-1");
        // One nanosecond past is past.
        let just_after = ts("2025-03-02T10:00:00+08:00").plus_nanos(1);
        assert!(due_escalation(&alert, &p, just_after).is_some());
    }

    #[test]
    fn acknowledged_at_the_deadline_is_in_time_after_it_is_not() {
        let p = EFFICIENCY();
        let now = ts("2025-03-03T00:00:00+08:00");
        let mut alert = village_alert();
        alert.alert.color = Color::Yellow;
        alert.acknowledged_at = Some("2025-03-02T10:00:00+08:00".into());
        assert_eq!(due_escalation(&alert, &p, now), None);
        alert.acknowledged_at = Some("2025-03-02T10:00:01+08:00".into());
        assert_eq!(
            due_escalation(&alert, &p, now).map(|d| d.overdue),
            Some(Overdue::Ack)
        );
    }

    #[test]
    fn moves_once_with_a_fresh_window_then_records_in_place() {
        let p = EFFICIENCY();
        // Long after both deadlines: everything due is applied in one sweep.
        let (after, entries) = escalate_all(&village_alert(), &p, ts("2025-04-01T00:00:00+08:00"));
        let records: Vec<(&str, &str, &str, &str)> = after
            .alert
            .escalations
            .iter()
            .map(|e| {
                (
                    e.at.as_str(),
                    e.reason.as_str(),
                    e.from.target.as_str(),
                    e.to.target.as_str(),
                )
            })
            .collect();
        assert_eq!(
            records,
            [
                // The village missed the ack deadline: the commission holds it and has 24h.
                (
                    "2025-03-02T10:00:00+08:00",
                    "ack_overdue",
                    "village",
                    "township_commission"
                ),
                // The commission missed its own ack window: recorded, no second move.
                (
                    "2025-03-03T10:00:00+08:00",
                    "ack_overdue",
                    "township_commission",
                    "township_commission"
                ),
                (
                    "2025-03-08T10:00:00+08:00",
                    "close_overdue",
                    "township_commission",
                    "township_commission"
                ),
            ]
        );
        assert_eq!(after.alert.route.target, "township_commission");
        assert_eq!(after.alert.ack_deadline, "2025-03-03T10:00:00+08:00");
        assert_eq!(after.alert.close_deadline, "2025-03-08T10:00:00+08:00");
        assert_eq!(
            after.alert.color,
            Color::Red,
            "escalation does not change the color"
        );
        assert_eq!(after.version, 4);
        assert_eq!(entries.len(), 3);
        assert!(entries
            .iter()
            .all(|e| e.actor == "system" && e.action == AuditAction::Escalate));
        assert_eq!(next_deadline(&after), None);
        // Nothing more is due, however late the sweep.
        assert_eq!(
            due_escalation(&after, &p, ts("2030-01-01T00:00:00+08:00")),
            None
        );
    }

    #[test]
    fn a_close_overdue_move_gives_a_fresh_close_window() {
        let p = EFFICIENCY();
        let mut alert = village_alert();
        alert.alert.color = Color::Yellow;
        alert.acknowledged_at = Some("2025-03-01T12:00:00+08:00".into());
        assert_eq!(next_deadline(&alert), Some(ts("2025-03-08T10:00:00+08:00")));
        let (after, entries) = escalate_all(&alert, &p, ts("2025-03-08T10:00:01+08:00"));
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].note.as_deref(), Some("close_overdue"));
        assert_eq!(after.alert.route.target, "township_commission");
        assert_eq!(after.alert.close_deadline, "2025-03-15T10:00:00+08:00");
        assert_eq!(next_deadline(&after), Some(ts("2025-03-15T10:00:00+08:00")));
    }

    #[test]
    fn serious_alerts_go_to_the_city_and_green_ones_closed_in_time_stay() {
        let p = policy(AlertKind::Serious);
        let mut alert = village_alert();
        alert.alert.kind = AlertKind::Serious;
        alert.alert.route.target = "township_commission".into();
        let due = due_escalation(&alert, &p, ts("2025-03-02T10:00:01+08:00")).unwrap();
        assert_eq!(due.from.target, "township_commission");
        assert_eq!(due.to.target, "city_commission");

        alert.alert.color = Color::Green;
        alert.acknowledged_at = Some("2025-03-01T11:00:00+08:00".into());
        alert.closed_at = Some("2025-03-01T11:00:00+08:00".into());
        assert_eq!(next_deadline(&alert), None);
        assert_eq!(
            due_escalation(&alert, &p, ts("2026-01-01T00:00:00+08:00")),
            None
        );
    }

    #[test]
    fn a_holder_already_at_the_target_is_recorded_in_place() {
        // A serious alert that a commission handed up by other means is not moved down.
        let p = policy(AlertKind::Efficiency);
        let mut alert = village_alert();
        alert.alert.route.target = "city_commission".into();
        let due = due_escalation(&alert, &p, ts("2025-03-02T10:00:01+08:00")).unwrap();
        assert_eq!(
            (due.from.target.as_str(), due.to.target.as_str()),
            ("city_commission", "city_commission")
        );
    }
}
