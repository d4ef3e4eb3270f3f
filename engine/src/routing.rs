//! The catalog's routing policy: who receives a new alert and by when it must be acknowledged
//! and closed.

use crate::alert::{AlertKind, Route};
use crate::values::timestamp::{NANOS_PER_DAY, NANOS_PER_HOUR};
use crate::values::Timestamp;

/// Deadlines and escalation of one alert kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KindPolicy {
    pub acknowledge_within_nanos: i64,
    pub close_within_nanos: i64,
    /// `township_commission` or `city_commission`.
    pub escalate_to: &'static str,
}

/// efficiency: village, 24h / 7d; irregular: department, 3d / 15d; serious: township
/// commission, 1d / 30d (catalog.yaml routing.kinds).
pub fn policy(kind: AlertKind) -> KindPolicy {
    match kind {
        AlertKind::Efficiency => KindPolicy {
            acknowledge_within_nanos: 24 * NANOS_PER_HOUR,
            close_within_nanos: 7 * NANOS_PER_DAY,
            escalate_to: "township_commission",
        },
        AlertKind::Irregular => KindPolicy {
            acknowledge_within_nanos: 3 * NANOS_PER_DAY,
            close_within_nanos: 15 * NANOS_PER_DAY,
            escalate_to: "township_commission",
        },
        AlertKind::Serious => KindPolicy {
            acknowledge_within_nanos: NANOS_PER_DAY,
            close_within_nanos: 30 * NANOS_PER_DAY,
            escalate_to: "city_commission",
        },
    }
}

/// The initial holder of an alert of a threshold whose route is `village`,
/// `township_commission` or `dept:<code>`.
pub fn initial_route(threshold_route: &str, township_id: &str, village_id: &str) -> Route {
    let (target, dept) = match threshold_route.strip_prefix("dept:") {
        Some(code) => ("dept".to_string(), Some(code.to_string())),
        None => (threshold_route.to_string(), None),
    };
    Route {
        target,
        township_id: township_id.to_string(),
        village_id: village_id.to_string(),
        dept,
    }
}

/// (ack_deadline, close_deadline) for an alert detected at `detected_at`.
pub fn deadlines(kind: AlertKind, detected_at: Timestamp) -> (Timestamp, Timestamp) {
    let p = policy(kind);
    (
        detected_at.plus_nanos(p.acknowledge_within_nanos),
        detected_at.plus_nanos(p.close_within_nanos),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deadlines_follow_the_kind() {
        let at = Timestamp::parse("2022-04-25T09:30:00+08:00").unwrap();
        let (ack, close) = deadlines(AlertKind::Serious, at);
        assert_eq!(ack.to_rfc3339(), "2022-04-26T09:30:00+08:00");
        assert_eq!(close.to_rfc3339(), "2022-05-25T09:30:00+08:00");
        let route = initial_route("dept:jingguan", "ts-01", "vl-01");
        assert_eq!(
            (route.target.as_str(), route.dept.as_deref()),
            ("dept", Some("jingguan"))
        );
    }
}
