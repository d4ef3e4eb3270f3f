//! The alert queue in SQL equals the reference rules: for every role and a spread of filters
//! and sort orders, paging through `list_queue` gives exactly the alerts `may_see` lets through
//! and `QueueQuery::matches` keeps, in the reference order, on SQLite and PostgreSQL.

#[macro_use]
mod common;

use common::{alert, with_postgres, with_sqlite};
use mingjing_connectors::SqlStore;
use mingjing_engine::alert::{Alert, AlertKind, Color, Escalation, Route};
use mingjing_engine::lifecycle::{Action, Disposition, LifecycleStore, TrackedAlert};
use mingjing_engine::queue::{HolderFilter, QueueQuery, QueueSort, QueueStore};
use mingjing_engine::scope::may_see;
use mingjing_engine::store::{AlertFilter, AlertStore};
use mingjing_engine::users::{Role, User};
use mingjing_engine::values::Timestamp;

fn ts(text: &str) -> Timestamp {
    Timestamp::parse(text).unwrap()
}

fn route(target: &str, township: &str, village: &str, dept: Option<&str>) -> Route {
    Route {
        target: target.into(),
        township_id: township.into(),
        village_id: village.into(),
        dept: dept.map(str::to_string),
    }
}

/// The n-th alert of the queue tests: holders of every level, some escalated, detected times
/// spread over days and written in two offsets.
fn queue_alert(n: usize) -> Alert {
    let mut a = alert(n);
    let township = format!("tw-{}", n % 2);
    let village = format!("vl-{}{}", n % 2, n % 3);
    a.township_id = township.clone();
    a.village_id = village.clone();
    let village_route = route("village", &township, &village, None);
    let dept_route = route(
        "dept",
        &township,
        &village,
        Some(if n % 2 == 0 { "civil" } else { "agri" }),
    );
    let commission = route("township_commission", &township, &village, None);
    let city = route("city_commission", &township, &village, None);
    let escalation = |from: &Route, to: &Route| Escalation {
        at: "2025-03-04T09:00:00+08:00".into(),
        from: from.clone(),
        to: to.clone(),
        reason: "ack_overdue".into(),
    };
    (a.route, a.escalations) = match n % 6 {
        0 => (village_route.clone(), vec![]),
        1 => (dept_route.clone(), vec![]),
        2 => (commission.clone(), vec![]),
        3 => (
            commission.clone(),
            vec![escalation(&village_route, &commission)],
        ),
        4 => (
            commission.clone(),
            vec![escalation(&dept_route, &commission)],
        ),
        _ => (city.clone(), vec![escalation(&commission, &city)]),
    };
    // Every 37 minutes from 1 March; odd alerts written in UTC, so text order is not time order.
    let detected = ts("2025-03-01T08:00:00+08:00").plus_nanos(n as i64 * 37 * 60 * 1_000_000_000);
    let offset = if n % 2 == 1 { 0 } else { 8 * 3600 };
    a.detected_at = detected.in_offset(offset).to_rfc3339();
    a.ack_deadline = detected
        .plus_nanos(((n % 5) as i64 + 1) * 3600 * 1_000_000_000)
        .in_offset(offset)
        .to_rfc3339();
    a.close_deadline = detected
        .plus_nanos(((n % 7) as i64 + 2) * 86400 * 1_000_000_000)
        .to_rfc3339();
    a.kind = [
        AlertKind::Efficiency,
        AlertKind::Irregular,
        AlertKind::Serious,
    ][n % 3];
    if n == 7 {
        a.message = "完成率 100%_ LAB check".into();
    }
    a
}

fn user(
    name: &str,
    role: Role,
    township: Option<&str>,
    village: Option<&str>,
    dept: Option<&str>,
) -> User {
    User::new(name, role, township, village, dept).unwrap()
}

fn users() -> Vec<User> {
    let mut disabled = user("off", Role::TownshipCommission, Some("tw-0"), None, None);
    disabled.disabled = true;
    vec![
        user("city", Role::CityCommission, None, None, None),
        user("tw0", Role::TownshipCommission, Some("tw-0"), None, None),
        user("tw1", Role::TownshipCommission, Some("tw-1"), None, None),
        user(
            "civil0",
            Role::Department,
            Some("tw-0"),
            None,
            Some("civil"),
        ),
        user("agri1", Role::Department, Some("tw-1"), None, Some("agri")),
        user("agri0", Role::Department, Some("tw-0"), None, Some("agri")),
        user("v00", Role::Village, None, Some("vl-00"), None),
        user("v11", Role::Village, None, Some("vl-11"), None),
        user("author", Role::RuleAuthor, None, None, None),
        user("ops", Role::Ops, None, None, None),
        disabled,
    ]
}

fn queries(now: Timestamp) -> Vec<(&'static str, QueueQuery)> {
    let q = || {
        let mut q = QueueQuery::new(now);
        q.limit = 7;
        q
    };
    let with = |name, f: &dyn Fn(&mut QueueQuery)| {
        let mut query = q();
        f(&mut query);
        (name, query)
    };
    vec![
        with("everything", &|_| {}),
        with("one per page", &|q| q.limit = 1),
        with("oldest first", &|q| q.sort = QueueSort::DetectedAsc),
        with("deadline first", &|q| q.sort = QueueSort::DeadlineAsc),
        with("red", &|q| q.color = Some(Color::Red)),
        with("green", &|q| q.color = Some(Color::Green)),
        with("serious", &|q| q.kind = Some(AlertKind::Serious)),
        with("category labor", &|q| q.category = Some("labor".into())),
        with("threshold code", &|q| q.threshold = Some("FIN-07".into())),
        with("threshold id", &|q| {
            q.threshold = Some("labor.work_before_application".into())
        }),
        with("township", &|q| q.township_id = Some("tw-1".into())),
        with("village", &|q| q.village_id = Some("vl-00".into())),
        with("held by departments", &|q| {
            q.holder = HolderFilter::parse("dept")
        }),
        with("held by civil", &|q| {
            q.holder = HolderFilter::parse("dept:civil")
        }),
        with("held by the city", &|q| {
            q.holder = HolderFilter::parse("city_commission")
        }),
        with("overdue", &|q| q.overdue = Some(true)),
        with("not overdue, by deadline", &|q| {
            q.overdue = Some(false);
            q.sort = QueueSort::DeadlineAsc;
        }),
        with("detected range", &|q| {
            q.detected_from = Some(ts("2025-03-01T12:00:00+08:00"));
            q.detected_to = Some(ts("2025-03-02T01:00:00Z"));
        }),
        with("text in message", &|q| q.text = Some("张三".into())),
        with("text any case", &|q| q.text = Some("lab".into())),
        with("text with wildcards", &|q| q.text = Some("%_".into())),
        with("village id as text", &|q| q.text = Some("vl-1".into())),
    ]
}

/// Every page of `query` for `user`, followed by cursor.
async fn all_pages(store: &SqlStore, user: &User, query: &QueueQuery) -> Vec<String> {
    let mut query = query.clone();
    let mut ids = Vec::new();
    for _ in 0..200 {
        let page = store.list_queue(user, &query).await.unwrap();
        assert!(page.items.len() <= query.limit);
        ids.extend(page.items.iter().map(|t| t.alert.alert_id.clone()));
        match page.next {
            Some(next) => query.after = Some(next),
            None => return ids,
        }
    }
    panic!("more than 200 pages");
}

async fn everything(store: &SqlStore) -> Vec<TrackedAlert> {
    let mut all = Vec::new();
    for a in store.list_alerts(&AlertFilter::default()).await.unwrap() {
        all.push(store.tracked_alert(&a.alert_id).await.unwrap().unwrap());
    }
    all
}

mod checks {
    use super::*;

    pub async fn queue_equals_the_reference(location: String) {
        let store = SqlStore::connect(&location).await.unwrap();
        let alerts: Vec<Alert> = (0..48).map(queue_alert).collect();
        store.upsert_alerts(&alerts).await.unwrap();
        // Some worked on: acknowledged, disposed, reassigned; then an escalation sweep moves
        // what is overdue (and records former holders through the lifecycle writes).
        let city = user("city", Role::CityCommission, None, None, None);
        let at = ts("2025-03-01T09:00:00+08:00");
        for (n, action) in [
            (0, Action::Acknowledge),
            (
                6,
                Action::Dispose {
                    disposition: Disposition::Rectified,
                    note: "已整改".into(),
                },
            ),
            (
                12,
                Action::Reassign {
                    dept: "natres".into(),
                    note: None,
                },
            ),
            (13, Action::Acknowledge),
        ] {
            store
                .act(&alerts[n].alert_id, None, &city, &action, at)
                .await
                .unwrap();
        }
        store
            .escalate_due(ts("2025-03-01T14:00:00+08:00"))
            .await
            .unwrap();
        let all = everything(&store).await;
        let now = ts("2025-03-02T12:00:00+08:00");
        let mut read_only_seen = false;
        for u in users() {
            let visible = all.iter().filter(|t| may_see(&u, &t.alert)).count();
            read_only_seen |= matches!(u.role, Role::Village | Role::Department)
                && all.iter().any(|t| {
                    may_see(&u, &t.alert) && !mingjing_engine::scope::may_act(&u, &t.alert)
                });
            for (what, query) in queries(now) {
                let got = all_pages(&store, &u, &query).await;
                let mut reference = query.clone();
                reference.limit = usize::MAX - 1;
                let expected: Vec<String> = reference
                    .page_of(&u, all.clone())
                    .items
                    .into_iter()
                    .map(|t| t.alert.alert_id)
                    .collect();
                assert_eq!(got, expected, "{} ({visible} visible): {what}", u.username);
            }
        }
        assert!(
            read_only_seen,
            "the data must give a former holder read-only access"
        );
        let text_hits = all_pages(&store, &city, &queries(now)[20].1).await;
        assert_eq!(
            text_hits,
            vec![alerts[7].alert_id.clone()],
            "LIKE wildcards are literal"
        );
        store.close().await;
    }
}

on_both_backends!(queue_equals_the_reference);
