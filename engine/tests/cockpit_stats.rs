//! Cockpit statistics counted over a handful of alerts whose figures are known by hand.

use mingjing_engine::alert::{Alert, AlertKind, Color, DedupKey, Escalation, Route};
use mingjing_engine::cockpit::{
    compute, counted_for, may_read, CockpitQuery, CockpitScope, FlagPolicy, VillageFlag,
};
use mingjing_engine::lifecycle::TrackedAlert;
use mingjing_engine::users::{Role, User};
use mingjing_engine::values::Timestamp;

const OFFSET: i32 = 8 * 3600;

fn at(text: &str) -> Timestamp {
    Timestamp::parse(text).unwrap()
}

fn route(target: &str, township: &str, village: &str) -> Route {
    Route {
        target: target.into(),
        township_id: township.into(),
        village_id: village.into(),
        dept: None,
    }
}

struct Case {
    id: &'static str,
    village: &'static str,
    township: &'static str,
    kind: AlertKind,
    category: &'static str,
    detected: &'static str,
    color: Color,
    acknowledged: Option<&'static str>,
    closed: Option<&'static str>,
    escalated: bool,
}

fn tracked(case: &Case) -> TrackedAlert {
    let detected = at(case.detected);
    let holder = match case.kind {
        AlertKind::Serious => "township_commission",
        _ => "village",
    };
    let route = route(holder, case.township, case.village);
    let escalations = if case.escalated {
        vec![Escalation {
            at: detected.plus_nanos(86_400_000_000_000).to_rfc3339(),
            from: route.clone(),
            to: self::route("township_commission", case.township, case.village),
            reason: "ack_overdue".into(),
        }]
    } else {
        Vec::new()
    };
    TrackedAlert {
        alert: Alert {
            alert_id: case.id.into(),
            threshold_id: "t".into(),
            threshold_code: "T-01".into(),
            category: case.category.into(),
            kind: case.kind,
            township_id: case.township.into(),
            village_id: case.village.into(),
            dedup_key: DedupKey::default(),
            message: String::new(),
            evidence: Vec::new(),
            params: Default::default(),
            rule_version: "1".into(),
            detected_at: case.detected.into(),
            route,
            color: case.color,
            // A day to acknowledge, a week to close.
            ack_deadline: detected.plus_nanos(86_400_000_000_000).to_rfc3339(),
            close_deadline: detected.plus_nanos(7 * 86_400_000_000_000).to_rfc3339(),
            disposition: case.closed.map(|_| "rectified".to_string()),
            escalations,
            late: false,
            also_notify: Vec::new(),
        },
        version: 1,
        acknowledged_at: case.acknowledged.map(str::to_string),
        closed_at: case.closed.map(str::to_string),
    }
}

fn city() -> Vec<TrackedAlert> {
    use AlertKind::*;
    use Color::*;
    let cases = [
        // Village A: two serious (one open past both deadlines), one efficiency disposed.
        Case {
            id: "a1",
            village: "vl-a",
            township: "tw-1",
            kind: Serious,
            category: "conflict",
            detected: "2025-03-03T09:00:00+08:00",
            color: Red,
            acknowledged: None,
            closed: None,
            escalated: true,
        },
        Case {
            id: "a2",
            village: "vl-a",
            township: "tw-1",
            kind: Serious,
            category: "finance",
            detected: "2025-03-04T09:00:00+08:00",
            color: Yellow,
            acknowledged: Some("2025-03-04T11:00:00+08:00"),
            closed: None,
            escalated: false,
        },
        Case {
            id: "a3",
            village: "vl-a",
            township: "tw-1",
            kind: Efficiency,
            category: "labor",
            detected: "2025-03-10T08:00:00+08:00",
            color: Green,
            acknowledged: Some("2025-03-10T12:00:00+08:00"),
            closed: Some("2025-03-12T08:00:00+08:00"),
            escalated: false,
        },
        // Village B: efficiency alerts handled in time.
        Case {
            id: "b1",
            village: "vl-b",
            township: "tw-1",
            kind: Efficiency,
            category: "labor",
            detected: "2025-03-05T10:00:00+08:00",
            color: Green,
            acknowledged: Some("2025-03-05T16:00:00+08:00"),
            closed: Some("2025-03-06T10:00:00+08:00"),
            escalated: false,
        },
        // Village C of another township, outside the period (before it).
        Case {
            id: "c1",
            village: "vl-c",
            township: "tw-2",
            kind: Irregular,
            category: "seal",
            detected: "2025-02-20T10:00:00+08:00",
            color: Red,
            acknowledged: None,
            closed: None,
            escalated: false,
        },
    ];
    cases.iter().map(tracked).collect()
}

fn query(scope: CockpitScope) -> CockpitQuery {
    CockpitQuery {
        scope,
        from: Some(at("2025-03-01T00:00:00+08:00")),
        to: Some(at("2025-04-01T00:00:00+08:00")),
        now: at("2025-03-20T00:00:00+08:00"),
        local_offset_seconds: OFFSET,
        flag: FlagPolicy::default(),
    }
}

#[test]
fn city_figures_over_a_period() {
    let alerts = city();
    let stats = compute(&alerts, &query(CockpitScope::City));
    assert_eq!(stats.total, 4, "c1 was detected before the period");
    assert_eq!(stats.by_color["red"], 1);
    assert_eq!(stats.by_color["yellow"], 1);
    assert_eq!(stats.by_color["green"], 2);
    assert_eq!(stats.by_kind["serious"], 2);
    assert_eq!(stats.by_kind["irregular"], 0, "every kind is listed");
    assert_eq!(stats.by_category["labor"], 2);
    // Acknowledged after 2 h, 4 h and 6 h: median 4 h. Disposed after 2 d and 1 d: 1.5 d.
    assert_eq!(stats.median_seconds_to_acknowledge, Some(4 * 3600));
    assert_eq!(stats.median_seconds_to_dispose, Some(36 * 3600));
    // a1 (red) is past both deadlines, a2 (yellow, detected 03-04) past its close deadline.
    assert_eq!(stats.overdue.acknowledge, 1);
    assert_eq!(stats.overdue.close, 2);
    assert_eq!(stats.overdue.total, 2);
    assert_eq!(stats.escalated, 1);
    // March 2025: weeks of Mondays 02-24 (the 1st is a Saturday) to 03-31.
    let weeks: Vec<String> = stats.weeks.iter().map(|w| w.week.to_string()).collect();
    assert_eq!(
        weeks,
        [
            "2025-02-24",
            "2025-03-03",
            "2025-03-10",
            "2025-03-17",
            "2025-03-24",
            "2025-03-31"
        ]
    );
    let first_full = &stats.weeks[1];
    assert_eq!(
        (first_full.raised, first_full.serious, first_full.disposed),
        (3, 2, 1)
    );
    assert_eq!((stats.weeks[2].raised, stats.weeks[2].disposed), (1, 1));
    // Village A: 2 serious (yellow needs 1, red 3), 2 that missed a deadline (yellow at 2).
    let ranked: Vec<(&str, VillageFlag)> = stats
        .villages
        .iter()
        .map(|v| (v.village_id.as_str(), v.flag))
        .collect();
    assert_eq!(
        ranked,
        [("vl-a", VillageFlag::Yellow), ("vl-b", VillageFlag::None)]
    );
    assert_eq!(stats.villages[0].overdue, 2);
    assert_eq!((stats.flagged_red, stats.flagged_yellow), (0, 1));
}

#[test]
fn a_deadline_passes_only_after_its_instant() {
    let alerts = city();
    let mut q = query(CockpitScope::City);
    // a1's acknowledge deadline is 2025-03-04T09:00:00+08:00; nothing else is due by then.
    q.now = at("2025-03-04T09:00:00+08:00");
    assert_eq!(compute(&alerts[..1], &q).overdue.acknowledge, 0);
    q.now = at("2025-03-04T09:00:01+08:00");
    assert_eq!(compute(&alerts[..1], &q).overdue.acknowledge, 1);
}

#[test]
fn stricter_policy_turns_a_village_red() {
    let alerts = city();
    let mut q = query(CockpitScope::City);
    q.flag.red_serious = 2;
    let stats = compute(&alerts, &q);
    assert_eq!(stats.villages[0].flag, VillageFlag::Red);
    assert_eq!(stats.flagged_red, 1);
}

#[test]
fn a_village_counts_only_what_it_may_see() {
    let alerts = city();
    let village = User::new("v", Role::Village, None, Some("vl-a"), None).unwrap();
    let counted: Vec<&str> = counted_for(&village, &alerts)
        .map(|t| t.alert.alert_id.as_str())
        .collect();
    // a1 and a2 are serious, held by the commission: the village never learns of them.
    assert_eq!(counted, ["a3"]);
    let township = User::new("t", Role::TownshipCommission, Some("tw-1"), None, None).unwrap();
    assert_eq!(counted_for(&township, &alerts).count(), 4);
    let ops = User::new("o", Role::Ops, None, None, None).unwrap();
    assert_eq!(counted_for(&ops, &alerts).count(), 5);
}

#[test]
fn who_reads_which_cockpit() {
    let city = CockpitScope::City;
    let tw1 = CockpitScope::Township("tw-1".into());
    let va = CockpitScope::Village("vl-a".into());
    let user = |role, t: Option<&str>, v: Option<&str>, d: Option<&str>| {
        User::new("u", role, t, v, d).unwrap()
    };
    let cases = [
        (
            user(Role::CityCommission, None, None, None),
            [true, true, true],
        ),
        (user(Role::RuleAuthor, None, None, None), [true, true, true]),
        (user(Role::Ops, None, None, None), [true, true, true]),
        (
            user(Role::TownshipCommission, Some("tw-1"), None, None),
            [false, true, true],
        ),
        (
            user(Role::TownshipCommission, Some("tw-2"), None, None),
            [false, false, true],
        ),
        (
            user(Role::Department, Some("tw-1"), None, Some("civil")),
            [false, true, false],
        ),
        (
            user(Role::Village, None, Some("vl-a"), None),
            [false, false, true],
        ),
        (
            user(Role::Village, None, Some("vl-b"), None),
            [false, false, false],
        ),
    ];
    for (user, expected) in cases {
        let got = [
            may_read(&user, &city),
            may_read(&user, &tw1),
            may_read(&user, &va),
        ];
        assert_eq!(got, expected, "{:?}", user.role);
    }
    let mut disabled = user(Role::CityCommission, None, None, None);
    disabled.disabled = true;
    assert!(!may_read(&disabled, &city));
}
