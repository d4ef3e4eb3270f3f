//! Which alerts a user sees and on which they may act.
//!
//! - city_commission: every alert, and acts on every alert.
//! - township_commission: every alert of its township (also those it escalated to the city),
//!   and acts on those held in its township below the city: its own, its villages', its
//!   departments'.
//! - department, village: the alerts they hold, acted on; and those escalated away from them,
//!   read only (catalog: "the previous holder keeps read access"). A village never sees an
//!   alert about it that is routed elsewhere: a serious warning about its cadres goes to the
//!   commission, not to them.
//! - rule_author, ops: no alerts. They work on thresholds and on the service; the cockpit's
//!   statistics are theirs to read, individual cases are not.
//!
//! A disabled user sees nothing.

use crate::alert::{Alert, Route};
use crate::users::{Role, User};

/// How high a holder stands: villages and departments, the township commission, the city.
pub fn holder_level(target: &str) -> u8 {
    match target {
        "city_commission" => 2,
        "township_commission" => 1,
        _ => 0,
    }
}

/// Whether `route` names `user` (as holder now or before).
pub fn is_holder(user: &User, route: &Route) -> bool {
    let same = |mine: &Option<String>, theirs: &str| mine.as_deref() == Some(theirs);
    match user.role {
        Role::CityCommission => route.target == "city_commission",
        Role::TownshipCommission => {
            route.target == "township_commission" && same(&user.township_id, &route.township_id)
        }
        Role::Department => {
            route.target == "dept"
                && same(&user.township_id, &route.township_id)
                && route.dept.is_some()
                && user.dept == route.dept
        }
        Role::Village => route.target == "village" && same(&user.village_id, &route.village_id),
        Role::RuleAuthor | Role::Ops => false,
    }
}

/// Whether `user` may act on `alert` as it stands: its holder or a higher level of the same
/// township, the city commission anywhere.
pub fn may_act(user: &User, alert: &Alert) -> bool {
    if user.disabled {
        return false;
    }
    match user.role {
        Role::CityCommission => true,
        Role::TownshipCommission => {
            user.township_id.as_deref() == Some(alert.route.township_id.as_str())
                && holder_level(&alert.route.target) <= 1
        }
        Role::Department | Role::Village => is_holder(user, &alert.route),
        Role::RuleAuthor | Role::Ops => false,
    }
}

/// Whether `user` may see `alert` at all. Outside this, the alert does not exist for them.
pub fn may_see(user: &User, alert: &Alert) -> bool {
    if user.disabled {
        return false;
    }
    if may_act(user, alert) {
        return true;
    }
    match user.role {
        Role::TownshipCommission => user.township_id.as_deref() == Some(alert.township_id.as_str()),
        Role::Department | Role::Village => {
            alert.escalations.iter().any(|e| is_holder(user, &e.from))
        }
        Role::CityCommission | Role::RuleAuthor | Role::Ops => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::alert::{AlertKind, Color, DedupKey, Escalation};

    fn route(target: &str, township: &str, village: &str, dept: Option<&str>) -> Route {
        Route {
            target: target.into(),
            township_id: township.into(),
            village_id: village.into(),
            dept: dept.map(str::to_string),
        }
    }

    fn alert_held_by(holder: Route, escalated_from: Option<Route>) -> Alert {
        let escalations = escalated_from
            .map(|from| {
                vec![Escalation {
                    at: "2025-03-02T10:00:00+08:00".into(),
                    from,
                    to: holder.clone(),
                    reason: "ack_overdue".into(),
                }]
            })
            .unwrap_or_default();
        Alert {
            alert_id: "a".into(),
            threshold_id: "t".into(),
            threshold_code: "T-01".into(),
            category: "labor".into(),
            kind: AlertKind::Efficiency,
            township_id: holder.township_id.clone(),
            village_id: holder.village_id.clone(),
            dedup_key: DedupKey::default(),
            message: String::new(),
            evidence: Vec::new(),
            params: Default::default(),
            rule_version: "1".into(),
            detected_at: "2025-03-01T10:00:00+08:00".into(),
            route: holder,
            color: Color::Red,
            ack_deadline: "2025-03-02T10:00:00+08:00".into(),
            close_deadline: "2025-03-08T10:00:00+08:00".into(),
            disposition: None,
            escalations,
            late: false,
            also_notify: Vec::new(),
        }
    }

    fn user(role: Role, township: Option<&str>, village: Option<&str>, dept: Option<&str>) -> User {
        User::new("u", role, township, village, dept).unwrap()
    }

    /// Every role against alerts held at every level, in and out of its township. Each cell is
    /// what the user gets: `-` nothing (the alert does not exist for them), `r` read only,
    /// `a` read and act.
    #[test]
    fn every_role_sees_and_acts_within_its_scope() {
        let village_1 = route("village", "tw-1", "vl-1", None);
        let alerts = [
            (
                "held by village vl-1",
                alert_held_by(village_1.clone(), None),
            ),
            (
                "held by village vl-2",
                alert_held_by(route("village", "tw-1", "vl-2", None), None),
            ),
            (
                "held by civil of tw-1",
                alert_held_by(route("dept", "tw-1", "vl-1", Some("civil")), None),
            ),
            (
                "held by tw-1 commission",
                alert_held_by(route("township_commission", "tw-1", "vl-1", None), None),
            ),
            (
                "escalated from vl-1 to tw-1 commission",
                alert_held_by(
                    route("township_commission", "tw-1", "vl-1", None),
                    Some(village_1),
                ),
            ),
            (
                "escalated from civil of tw-1 to tw-1 commission",
                alert_held_by(
                    route("township_commission", "tw-1", "vl-2", None),
                    Some(route("dept", "tw-1", "vl-2", Some("civil"))),
                ),
            ),
            (
                "escalated from tw-1 commission to the city",
                alert_held_by(
                    route("city_commission", "tw-1", "vl-1", None),
                    Some(route("township_commission", "tw-1", "vl-1", None)),
                ),
            ),
            (
                "held by village vl-9 of tw-2",
                alert_held_by(route("village", "tw-2", "vl-9", None), None),
            ),
            (
                "held by civil of tw-2",
                alert_held_by(route("dept", "tw-2", "vl-9", Some("civil")), None),
            ),
        ];
        let mut disabled = user(Role::TownshipCommission, Some("tw-1"), None, None);
        disabled.disabled = true;
        let users = [
            (
                "city commission",
                user(Role::CityCommission, None, None, None),
                "aaaaaaaaa",
            ),
            (
                "tw-1 commission",
                user(Role::TownshipCommission, Some("tw-1"), None, None),
                "aaaaaar--",
            ),
            (
                "tw-2 commission",
                user(Role::TownshipCommission, Some("tw-2"), None, None),
                "-------aa",
            ),
            (
                "civil of tw-1",
                user(Role::Department, Some("tw-1"), None, Some("civil")),
                "--a--r---",
            ),
            (
                "agri of tw-1",
                user(Role::Department, Some("tw-1"), None, Some("agri")),
                "---------",
            ),
            (
                "civil of tw-2",
                user(Role::Department, Some("tw-2"), None, Some("civil")),
                "--------a",
            ),
            (
                "village vl-1",
                user(Role::Village, None, Some("vl-1"), None),
                "a---r----",
            ),
            (
                "village vl-9",
                user(Role::Village, None, Some("vl-9"), None),
                "-------a-",
            ),
            (
                "rule author",
                user(Role::RuleAuthor, None, None, None),
                "---------",
            ),
            ("ops", user(Role::Ops, None, None, None), "---------"),
            ("disabled tw-1 commission", disabled, "---------"),
        ];
        for (who, user, expected) in &users {
            for ((what, alert), cell) in alerts.iter().zip(expected.chars()) {
                let got = match (may_see(user, alert), may_act(user, alert)) {
                    (_, true) => 'a',
                    (true, false) => 'r',
                    (false, false) => '-',
                };
                assert_eq!(got, cell, "{who} on the alert {what}");
                if got == 'a' {
                    assert!(
                        may_see(user, alert),
                        "{who} acts on {what} without seeing it"
                    );
                }
            }
        }
    }
}
