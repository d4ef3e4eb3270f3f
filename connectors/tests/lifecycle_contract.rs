//! The alert lifecycle, written once and run on MemoryStore (the reference), SQLite and
//! PostgreSQL: every transition and refusal, re-raising, and the escalation sweep; on the SQL
//! stores also concurrent actions and the append-only audit trail. PostgreSQL tests fail when
//! the server is unreachable unless MINGJING_SKIP_POSTGRES=1.

mod common;

use common::*;
use mingjing_connectors::{SqlPool, SqlStore};
use mingjing_engine::alert::{Alert, AlertKind, Color, Route};
use mingjing_engine::lifecycle::{
    Action, ActionError, AuditAction, Disposition, LifecycleStore, TrackedAlert,
};
use mingjing_engine::routing;
use mingjing_engine::store::{AlertFilter, AlertStore};
use mingjing_engine::users::{Role, User};
use mingjing_engine::values::Timestamp;

fn ts(text: &str) -> Timestamp {
    Timestamp::parse(text).unwrap()
}

fn holder(target: &str, township: &str, village: &str, dept: Option<&str>) -> Route {
    Route {
        target: target.into(),
        township_id: township.into(),
        village_id: village.into(),
        dept: dept.map(str::to_string),
    }
}

/// The n-th test alert as the engine raises it: red, on `route`, detected 2025-03-01 10:00
/// (+08:00), deadlines from the routing policy of `kind`.
fn raised(n: usize, kind: AlertKind, route: Route) -> Alert {
    let mut alert = alert(n);
    let detected = ts("2025-03-01T10:00:00+08:00");
    let (ack, close) = routing::deadlines(kind, detected);
    alert.kind = kind;
    alert.township_id = route.township_id.clone();
    alert.village_id = route.village_id.clone();
    alert.route = route;
    alert.detected_at = detected.to_rfc3339();
    alert.ack_deadline = ack.to_rfc3339();
    alert.close_deadline = close.to_rfc3339();
    alert.escalations = Vec::new();
    alert.color = Color::Red;
    alert.disposition = None;
    alert
}

/// An efficiency alert held by village vl-1 of tw-1: ack by 03-02 10:00, close by 03-08 10:00.
fn village_alert(n: usize) -> Alert {
    raised(
        n,
        AlertKind::Efficiency,
        holder("village", "tw-1", "vl-1", None),
    )
}

fn user(
    name: &str,
    role: Role,
    township: Option<&str>,
    village: Option<&str>,
    dept: Option<&str>,
) -> User {
    let mut user = User::new("placeholder", role, township, village, dept).unwrap();
    user.username = name.into();
    user
}

fn village_1() -> User {
    user("村委-1", Role::Village, None, Some("vl-1"), None)
}
fn village_2() -> User {
    user("村委-2", Role::Village, None, Some("vl-2"), None)
}
fn commission_1() -> User {
    user(
        "镇纪委-1",
        Role::TownshipCommission,
        Some("tw-1"),
        None,
        None,
    )
}
fn commission_2() -> User {
    user(
        "镇纪委-2",
        Role::TownshipCommission,
        Some("tw-2"),
        None,
        None,
    )
}
fn civil_1() -> User {
    user(
        "民政-1",
        Role::Department,
        Some("tw-1"),
        None,
        Some("civil"),
    )
}
fn city() -> User {
    user("市纪委", Role::CityCommission, None, None, None)
}

const T1: &str = "2025-03-01T12:00:00+08:00";
const T2: &str = "2025-03-01T15:00:00+08:00";
const T3: &str = "2025-03-02T09:00:00+08:00";

async fn stored<S: LifecycleStore>(store: &S, alert: &Alert) -> TrackedAlert {
    store
        .tracked_alert(&alert.alert_id)
        .await
        .unwrap()
        .expect("the alert is stored")
}

fn dispose(disposition: Disposition, note: &str) -> Action {
    Action::Dispose {
        disposition,
        note: note.into(),
    }
}

/// The current alert carried by a conflict; panics on any other outcome.
fn conflict(result: Result<TrackedAlert, ActionError>) -> TrackedAlert {
    match result {
        Err(ActionError::Conflict { current, .. }) => *current,
        other => panic!("expected a conflict, got {other:?}"),
    }
}

/// Runs SQL of the test's own and returns the database's answer.
async fn try_execute(store: &SqlStore, sql: &str) -> Result<u64, sqlx::Error> {
    match store.pool() {
        SqlPool::Sqlite(pool) => sqlx::query(sql)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()),
        SqlPool::Postgres(pool) => sqlx::query(sql)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()),
    }
}

mod checks {
    use super::*;

    pub async fn red_yellow_green_leaves_its_trail<S: AlertStore + LifecycleStore>(store: &S) {
        let alert = village_alert(1);
        store
            .upsert_alerts(std::slice::from_ref(&alert))
            .await
            .unwrap();
        let fresh = stored(store, &alert).await;
        assert_eq!((fresh.version, fresh.alert.color), (1, Color::Red));
        assert_eq!(fresh.acknowledged_at, None);

        let acked = store
            .act(
                &alert.alert_id,
                Some(1),
                &village_1(),
                &Action::Acknowledge,
                ts(T1),
            )
            .await
            .unwrap();
        assert_eq!((acked.version, acked.alert.color), (2, Color::Yellow));
        assert_eq!(acked.acknowledged_at.as_deref(), Some(T1));
        assert_eq!(stored(store, &alert).await, acked);

        let note = "工资已按实际出勤重新核发";
        let closed = store
            .act(
                &alert.alert_id,
                Some(2),
                &village_1(),
                &dispose(Disposition::Rectified, note),
                ts(T2),
            )
            .await
            .unwrap();
        assert_eq!((closed.version, closed.alert.color), (3, Color::Green));
        assert_eq!(closed.alert.disposition.as_deref(), Some("rectified"));
        assert_eq!(closed.closed_at.as_deref(), Some(T2));
        assert_eq!(closed.acknowledged_at.as_deref(), Some(T1));

        // The alert contract's view shows it too.
        let listed = store.list_alerts(&AlertFilter::default()).await.unwrap();
        assert_eq!(listed, vec![closed.alert.clone()]);

        let trail = store.audit_trail(&alert.alert_id).await.unwrap();
        assert_eq!(trail.len(), 2);
        let (ack, close) = (&trail[0], &trail[1]);
        assert_eq!(
            (ack.action, ack.actor.as_str(), ack.at.as_str(), ack.version),
            (AuditAction::Acknowledge, "村委-1", T1, 2)
        );
        assert_eq!((ack.from_color, ack.to_color), (Color::Red, Color::Yellow));
        assert_eq!(ack.from_route, alert.route);
        assert_eq!(ack.to_route, alert.route);
        assert_eq!(
            (
                close.action,
                close.at.as_str(),
                close.from_color,
                close.to_color
            ),
            (AuditAction::Dispose, T2, Color::Yellow, Color::Green)
        );
        assert_eq!(close.disposition, Some(Disposition::Rectified));
        assert_eq!(close.note.as_deref(), Some(note));
    }

    pub async fn disposing_a_red_alert_also_acknowledges_it<S: AlertStore + LifecycleStore>(
        store: &S,
    ) {
        let alert = village_alert(2);
        store
            .upsert_alerts(std::slice::from_ref(&alert))
            .await
            .unwrap();
        let closed = store
            .act(
                &alert.alert_id,
                None,
                &commission_1(),
                &dispose(Disposition::FalsePositive, "考勤机故障"),
                ts(T1),
            )
            .await
            .unwrap();
        assert_eq!(closed.alert.color, Color::Green);
        assert_eq!(closed.alert.disposition.as_deref(), Some("false_positive"));
        assert_eq!(closed.acknowledged_at.as_deref(), Some(T1));
        assert_eq!(closed.closed_at.as_deref(), Some(T1));
        let trail = store.audit_trail(&alert.alert_id).await.unwrap();
        assert_eq!(trail.len(), 1);
        assert_eq!(
            (trail[0].from_color, trail[0].to_color),
            (Color::Red, Color::Green)
        );
        assert_eq!(trail[0].actor, "镇纪委-1");
    }

    pub async fn refusals_change_nothing<S: AlertStore + LifecycleStore>(store: &S) {
        let alert = village_alert(3);
        let city_held = {
            let mut a = raised(
                4,
                AlertKind::Serious,
                holder("city_commission", "tw-1", "vl-1", None),
            );
            a.escalations = vec![mingjing_engine::alert::Escalation {
                at: "2025-03-02T10:00:00+08:00".into(),
                from: holder("township_commission", "tw-1", "vl-1", None),
                to: holder("city_commission", "tw-1", "vl-1", None),
                reason: "ack_overdue".into(),
            }];
            a
        };
        store
            .upsert_alerts(&[alert.clone(), city_held.clone()])
            .await
            .unwrap();
        let id = alert.alert_id.as_str();
        let at = ts(T1);
        let before = stored(store, &alert).await;

        // Out of sight: the same answer as for an id that does not exist.
        for outsider in [
            village_2(),
            commission_2(),
            civil_1(),
            user("规则", Role::RuleAuthor, None, None, None),
            user("运维", Role::Ops, None, None, None),
        ] {
            for action in [
                Action::Acknowledge,
                Action::Comment {
                    note: "看看".into(),
                },
            ] {
                let result = store.act(id, Some(1), &outsider, &action, at).await;
                assert!(
                    matches!(&result, Err(ActionError::NotFound(n)) if n == id),
                    "{} got {result:?}",
                    outsider.username
                );
            }
        }
        let mut disabled = commission_1();
        disabled.disabled = true;
        assert!(matches!(
            store
                .act(id, None, &disabled, &Action::Acknowledge, at)
                .await,
            Err(ActionError::NotFound(_))
        ));
        assert!(matches!(
            store
                .act("no-such-alert", None, &city(), &Action::Acknowledge, at)
                .await,
            Err(ActionError::NotFound(_))
        ));

        // In sight but not theirs to do.
        let forbidden = |result: Result<TrackedAlert, ActionError>| {
            assert!(
                matches!(result, Err(ActionError::Forbidden(_))),
                "{result:?}"
            );
        };
        forbidden(
            store
                .act(
                    id,
                    None,
                    &village_1(),
                    &Action::Reassign {
                        dept: "civil".into(),
                        note: None,
                    },
                    at,
                )
                .await,
        );
        forbidden(
            store
                .act(
                    id,
                    None,
                    &village_1(),
                    &Action::Reopen {
                        reason: "再查".into(),
                    },
                    at,
                )
                .await,
        );
        // The township commission reads what it escalated to the city but no longer acts on it.
        forbidden(
            store
                .act(
                    &city_held.alert_id,
                    None,
                    &commission_1(),
                    &Action::Acknowledge,
                    at,
                )
                .await,
        );

        // Malformed requests.
        let invalid = |result: Result<TrackedAlert, ActionError>| {
            assert!(matches!(result, Err(ActionError::Invalid(_))), "{result:?}");
        };
        invalid(
            store
                .act(
                    id,
                    None,
                    &village_1(),
                    &dispose(Disposition::Rectified, "  "),
                    at,
                )
                .await,
        );
        invalid(
            store
                .act(
                    id,
                    None,
                    &village_1(),
                    &Action::Comment {
                        note: String::new(),
                    },
                    at,
                )
                .await,
        );
        invalid(
            store
                .act(
                    id,
                    None,
                    &commission_1(),
                    &Action::Reassign {
                        dept: "finance".into(),
                        note: None,
                    },
                    at,
                )
                .await,
        );

        // Not in a state that allows it: the conflict carries the alert as it is.
        let red = conflict(
            store
                .act(
                    id,
                    None,
                    &commission_1(),
                    &Action::Reopen {
                        reason: "再查".into(),
                    },
                    at,
                )
                .await,
        );
        assert_eq!(red, before);
        assert_eq!(stored(store, &alert).await, before);
        assert!(store.audit_trail(id).await.unwrap().is_empty());

        store
            .act(id, Some(1), &village_1(), &Action::Acknowledge, at)
            .await
            .unwrap();
        let yellow = conflict(
            store
                .act(id, None, &village_1(), &Action::Acknowledge, at)
                .await,
        );
        assert_eq!((yellow.version, yellow.alert.color), (2, Color::Yellow));
        store
            .act(
                id,
                Some(2),
                &village_1(),
                &dispose(Disposition::ConfirmedViolation, "属实"),
                at,
            )
            .await
            .unwrap();
        let green = conflict(
            store
                .act(
                    id,
                    None,
                    &village_1(),
                    &dispose(Disposition::Rectified, "again"),
                    at,
                )
                .await,
        );
        assert_eq!((green.version, green.alert.color), (3, Color::Green));
        conflict(
            store
                .act(
                    id,
                    None,
                    &commission_1(),
                    &Action::Reassign {
                        dept: "civil".into(),
                        note: None,
                    },
                    at,
                )
                .await,
        );
        invalid(
            store
                .act(
                    id,
                    None,
                    &commission_1(),
                    &Action::Reopen { reason: " ".into() },
                    at,
                )
                .await,
        );
        assert_eq!(
            store.audit_trail(id).await.unwrap().len(),
            2,
            "refusals write no entry"
        );
        assert_eq!(stored(store, &alert).await.version, 3);
    }

    pub async fn commissions_reassign_and_reopen<S: AlertStore + LifecycleStore>(store: &S) {
        let alert = village_alert(5);
        store
            .upsert_alerts(std::slice::from_ref(&alert))
            .await
            .unwrap();
        let id = alert.alert_id.as_str();

        let moved = store
            .act(
                id,
                Some(1),
                &commission_1(),
                &Action::Reassign {
                    dept: "civil".into(),
                    note: Some("低保相关，转民政办".into()),
                },
                ts(T1),
            )
            .await
            .unwrap();
        assert_eq!(
            moved.alert.route,
            holder("dept", "tw-1", "vl-1", Some("civil"))
        );
        assert_eq!((moved.version, moved.alert.color), (2, Color::Red));
        // The village no longer holds it and, never having held it by escalation, loses sight.
        assert!(matches!(
            store
                .act(id, None, &village_1(), &Action::Acknowledge, ts(T1))
                .await,
            Err(ActionError::NotFound(_))
        ));
        conflict(
            store
                .act(
                    id,
                    None,
                    &commission_1(),
                    &Action::Reassign {
                        dept: "civil".into(),
                        note: None,
                    },
                    ts(T1),
                )
                .await,
        );
        store
            .act(id, Some(2), &civil_1(), &Action::Acknowledge, ts(T2))
            .await
            .unwrap();
        store
            .act(
                id,
                Some(3),
                &civil_1(),
                &dispose(Disposition::Rectified, "已追回"),
                ts(T2),
            )
            .await
            .unwrap();

        let reopened = store
            .act(
                id,
                Some(4),
                &commission_1(),
                &Action::Reopen {
                    reason: "追回金额不足".into(),
                },
                ts(T3),
            )
            .await
            .unwrap();
        assert_eq!((reopened.version, reopened.alert.color), (5, Color::Yellow));
        assert_eq!(reopened.alert.disposition, None);
        assert_eq!(reopened.closed_at, None);
        assert_eq!(reopened.acknowledged_at.as_deref(), Some(T2));
        // A fresh close window of the kind (efficiency: 7 days) from the reopening.
        assert_eq!(reopened.alert.close_deadline, "2025-03-09T09:00:00+08:00");
        assert_eq!(
            reopened.alert.route,
            holder("dept", "tw-1", "vl-1", Some("civil"))
        );
        // The city commission acts anywhere.
        let closed = store
            .act(
                id,
                Some(5),
                &city(),
                &dispose(Disposition::ConfirmedViolation, "市纪委立案"),
                ts(T3),
            )
            .await
            .unwrap();
        assert_eq!(closed.alert.color, Color::Green);

        let trail = store.audit_trail(id).await.unwrap();
        let actions: Vec<(AuditAction, &str)> =
            trail.iter().map(|e| (e.action, e.actor.as_str())).collect();
        assert_eq!(
            actions,
            [
                (AuditAction::Reassign, "镇纪委-1"),
                (AuditAction::Acknowledge, "民政-1"),
                (AuditAction::Dispose, "民政-1"),
                (AuditAction::Reopen, "镇纪委-1"),
                (AuditAction::Dispose, "市纪委"),
            ]
        );
        assert_eq!(trail[0].from_route, alert.route);
        assert_eq!(trail[0].to_route.dept.as_deref(), Some("civil"));
        assert_eq!(trail[0].note.as_deref(), Some("低保相关，转民政办"));
        assert_eq!(trail[3].note.as_deref(), Some("追回金额不足"));
        assert_eq!(
            (trail[3].from_color, trail[3].to_color),
            (Color::Green, Color::Yellow)
        );
        let versions: Vec<i64> = trail.iter().map(|e| e.version).collect();
        assert_eq!(versions, [2, 3, 4, 5, 6]);
    }

    pub async fn comments_need_sight_and_keep_the_version<S: AlertStore + LifecycleStore>(
        store: &S,
    ) {
        let alert = village_alert(6);
        store
            .upsert_alerts(std::slice::from_ref(&alert))
            .await
            .unwrap();
        let id = alert.alert_id.as_str();
        // Escalated away from the village, which keeps read access and may explain itself.
        store
            .escalate_due(ts("2025-03-02T10:00:01+08:00"))
            .await
            .unwrap();
        let escalated = stored(store, &alert).await;
        assert_eq!(escalated.alert.route.target, "township_commission");
        let commented = store
            .act(
                id,
                Some(escalated.version),
                &village_1(),
                &Action::Comment {
                    note: "负责人出差，未及时签收".into(),
                },
                ts(T3),
            )
            .await
            .unwrap();
        assert_eq!(commented.version, escalated.version);
        assert_eq!(commented, escalated);
        assert!(matches!(
            store
                .act(id, None, &village_1(), &Action::Acknowledge, ts(T3))
                .await,
            Err(ActionError::Forbidden(_))
        ));
        let trail = store.audit_trail(id).await.unwrap();
        let last = trail.last().unwrap();
        assert_eq!(
            (last.action, last.actor.as_str()),
            (AuditAction::Comment, "村委-1")
        );
        assert_eq!(last.note.as_deref(), Some("负责人出差，未及时签收"));
        assert_eq!((last.from_color, last.to_color), (Color::Red, Color::Red));
    }

    pub async fn a_stale_version_gets_the_current_alert<S: AlertStore + LifecycleStore>(store: &S) {
        let alert = village_alert(7);
        store
            .upsert_alerts(std::slice::from_ref(&alert))
            .await
            .unwrap();
        let id = alert.alert_id.as_str();
        store
            .act(id, Some(1), &village_1(), &Action::Acknowledge, ts(T1))
            .await
            .unwrap();
        // The commission's screen still shows version 1.
        let current = conflict(
            store
                .act(
                    id,
                    Some(1),
                    &commission_1(),
                    &Action::Reassign {
                        dept: "civil".into(),
                        note: None,
                    },
                    ts(T2),
                )
                .await,
        );
        assert_eq!((current.version, current.alert.color), (2, Color::Yellow));
        assert_eq!(current.alert.route.target, "village");
        assert_eq!(store.audit_trail(id).await.unwrap().len(), 1);
        // Out of sight, a stale version still reads as not found: the version is not leaked.
        assert!(matches!(
            store
                .act(id, Some(1), &commission_2(), &Action::Acknowledge, ts(T2))
                .await,
            Err(ActionError::NotFound(_))
        ));
    }

    /// Two officers act on the same alerts at the same moment through separate connection
    /// pools (as two dashboard instances would): on each alert exactly one wins and the other
    /// gets a conflict showing the winner's result.
    pub async fn concurrent_actions_one_wins(location: String) {
        const ALERTS: usize = 12;
        let setup = SqlStore::connect(&location).await.unwrap();
        let alerts: Vec<Alert> = (100..100 + ALERTS).map(village_alert).collect();
        setup.upsert_alerts(&alerts).await.unwrap();
        let (first, second) = (
            SqlStore::connect(&location).await.unwrap(),
            SqlStore::connect(&location).await.unwrap(),
        );
        for (round, alert) in alerts.iter().enumerate() {
            let id = alert.alert_id.clone();
            // Acknowledge against dispose, both naming version 1; or two acknowledgements
            // naming none, where the second finds the alert already yellow.
            let pinned = round % 2 == 0;
            let expected = pinned.then_some(1);
            let second_action = if pinned {
                dispose(Disposition::ConfirmedViolation, "属实")
            } else {
                Action::Acknowledge
            };
            let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(2));
            let ack = {
                let (store, id, barrier) = (first.clone(), id.clone(), barrier.clone());
                tokio::spawn(async move {
                    barrier.wait().await;
                    store
                        .act(&id, expected, &village_1(), &Action::Acknowledge, ts(T1))
                        .await
                })
            };
            let other = {
                let (store, id, barrier) = (second.clone(), id.clone(), barrier.clone());
                tokio::spawn(async move {
                    barrier.wait().await;
                    store
                        .act(&id, expected, &commission_1(), &second_action, ts(T1))
                        .await
                })
            };
            let outcomes = [ack.await.unwrap(), other.await.unwrap()];
            let wins: Vec<&TrackedAlert> =
                outcomes.iter().filter_map(|o| o.as_ref().ok()).collect();
            assert_eq!(wins.len(), 1, "alert {round}: {outcomes:?}");
            let winner = wins[0].clone();
            assert_eq!(winner.version, 2);
            let loser = outcomes.into_iter().find(Result::is_err).unwrap();
            assert_eq!(
                conflict(loser),
                winner,
                "the conflict shows the winner's result"
            );
            let trail = setup.audit_trail(&id).await.unwrap();
            assert_eq!(trail.len(), 1, "alert {round}: {trail:?}");
            assert_eq!(setup.tracked_alert(&id).await.unwrap().unwrap(), winner);
        }
        first.close().await;
        second.close().await;
        setup.close().await;
    }

    /// The engine raises the same alert again (replay, restart, a new triggering event): it
    /// gains evidence and nothing an officer or an escalation did is undone.
    pub async fn re_raising_keeps_the_lifecycle_and_the_trail<S: AlertStore + LifecycleStore>(
        store: &S,
    ) {
        let alert = village_alert(8);
        store
            .upsert_alerts(std::slice::from_ref(&alert))
            .await
            .unwrap();
        let id = alert.alert_id.as_str();
        store
            .escalate_due(ts("2025-03-02T10:00:01+08:00"))
            .await
            .unwrap();
        store
            .act(id, None, &commission_1(), &Action::Acknowledge, ts(T3))
            .await
            .unwrap();
        store
            .act(
                id,
                None,
                &commission_1(),
                &Action::Reassign {
                    dept: "civil".into(),
                    note: None,
                },
                ts(T3),
            )
            .await
            .unwrap();
        store
            .act(
                id,
                None,
                &civil_1(),
                &dispose(Disposition::Rectified, "已整改"),
                ts(T3),
            )
            .await
            .unwrap();
        let worked = stored(store, &alert).await;
        let trail = store.audit_trail(id).await.unwrap();
        assert_eq!(trail.len(), 4);

        // The engine's copy: red, on the initial route, no escalations, one more event.
        let mut again = alert.clone();
        again
            .evidence
            .push(evidence("ev-again", "2025-03-05T09:00:00+08:00"));
        store.upsert_alerts(&[again.clone()]).await.unwrap();
        store.upsert_alerts(&[again]).await.unwrap();

        let after = stored(store, &alert).await;
        assert_eq!(evidence_ids(&after.alert), ["ev-8-a", "ev-8-b", "ev-again"]);
        let mut expected = worked.clone();
        expected.alert.evidence = after.alert.evidence.clone();
        assert_eq!(
            after, expected,
            "color, holder, disposition, escalations, version kept"
        );
        assert_eq!(after.alert.color, Color::Green);
        assert_eq!(after.alert.route.dept.as_deref(), Some("civil"));
        assert_eq!(after.alert.escalations.len(), 1);
        assert_eq!(store.audit_trail(id).await.unwrap(), trail);
        // And re-raising does not make it due for escalation again.
        assert!(store
            .escalate_due(ts("2026-01-01T00:00:00+08:00"))
            .await
            .unwrap()
            .is_empty());
    }

    pub async fn audit_entries_cannot_be_changed_or_removed(location: String) {
        let store = SqlStore::connect(&location).await.unwrap();
        let alert = village_alert(9);
        store
            .upsert_alerts(std::slice::from_ref(&alert))
            .await
            .unwrap();
        store
            .act(
                &alert.alert_id,
                None,
                &village_1(),
                &Action::Acknowledge,
                ts(T1),
            )
            .await
            .unwrap();
        let trail = store.audit_trail(&alert.alert_id).await.unwrap();
        for sql in [
            "UPDATE alert_audit SET actor = 'someone else'".to_string(),
            "UPDATE alert_audit SET note = 'rewritten' WHERE action = 'acknowledge'".to_string(),
            "DELETE FROM alert_audit".to_string(),
            format!("DELETE FROM alerts WHERE alert_id = '{}'", alert.alert_id),
        ] {
            let result = try_execute(&store, &sql).await;
            assert!(result.is_err(), "{sql} was allowed: {result:?}");
        }
        if matches!(store.pool(), SqlPool::Postgres(_)) {
            assert!(try_execute(&store, "TRUNCATE alert_audit").await.is_err());
        }
        assert_eq!(store.audit_trail(&alert.alert_id).await.unwrap(), trail);
        assert_eq!(trail[0].actor, "村委-1");
        store.close().await;
    }

    pub async fn escalation_waits_until_the_deadline_has_passed<S: AlertStore + LifecycleStore>(
        store: &S,
    ) {
        let alert = village_alert(10);
        store
            .upsert_alerts(std::slice::from_ref(&alert))
            .await
            .unwrap();
        let deadline = "2025-03-02T10:00:00+08:00";
        assert_eq!(alert.ack_deadline, deadline);

        // Exactly at the deadline the village is still in time.
        assert!(store.escalate_due(ts(deadline)).await.unwrap().is_empty());
        assert!(store
            .escalate_due(ts("2025-03-02T02:00:00Z"))
            .await
            .unwrap()
            .is_empty());
        let untouched = stored(store, &alert).await;
        assert_eq!(
            (untouched.version, untouched.alert.route.target.as_str()),
            (1, "village")
        );

        // One second later it is overdue and goes to the township commission.
        let applied = store
            .escalate_due(ts("2025-03-02T10:00:01+08:00"))
            .await
            .unwrap();
        assert_eq!(applied.len(), 1);
        let entry = &applied[0];
        assert_eq!(
            (
                entry.action,
                entry.actor.as_str(),
                entry.at.as_str(),
                entry.note.as_deref()
            ),
            (
                AuditAction::Escalate,
                "system",
                deadline,
                Some("ack_overdue")
            )
        );
        assert_eq!(entry.from_route, alert.route);
        assert_eq!(
            entry.to_route,
            holder("township_commission", "tw-1", "vl-1", None)
        );
        let escalated = stored(store, &alert).await;
        assert_eq!(escalated.version, 2);
        assert_eq!(escalated.alert.color, Color::Red);
        assert_eq!(escalated.alert.route, entry.to_route);
        assert_eq!(escalated.alert.escalations.len(), 1);
        let record = &escalated.alert.escalations[0];
        assert_eq!(
            (record.at.as_str(), record.reason.as_str()),
            (deadline, "ack_overdue")
        );
        assert_eq!((&record.from, &record.to), (&alert.route, &entry.to_route));
        // The commission gets its own 24 hours to acknowledge.
        assert_eq!(escalated.alert.ack_deadline, "2025-03-03T10:00:00+08:00");
        assert_eq!(escalated.alert.close_deadline, alert.close_deadline);
        assert_eq!(store.audit_trail(&alert.alert_id).await.unwrap(), applied);

        // A second sweep at the same time finds nothing new.
        assert!(store
            .escalate_due(ts("2025-03-02T10:00:01+08:00"))
            .await
            .unwrap()
            .is_empty());
        // The commission acknowledges exactly at its deadline: in time.
        store
            .act(
                &alert.alert_id,
                Some(2),
                &commission_1(),
                &Action::Acknowledge,
                ts("2025-03-03T10:00:00+08:00"),
            )
            .await
            .unwrap();
        assert!(store
            .escalate_due(ts("2025-03-08T10:00:00+08:00"))
            .await
            .unwrap()
            .is_empty());
        // Not closed by 03-08 10:00: recorded in place, it has moved once already.
        let late = store
            .escalate_due(ts("2025-03-08T10:00:01+08:00"))
            .await
            .unwrap();
        assert_eq!(late.len(), 1);
        assert_eq!(late[0].note.as_deref(), Some("close_overdue"));
        assert_eq!(late[0].from_route, late[0].to_route);
        let last = stored(store, &alert).await;
        assert_eq!(last.alert.route.target, "township_commission");
        assert_eq!(last.alert.escalations.len(), 2);
        assert_eq!(last.alert.escalations[1].at, "2025-03-08T10:00:00+08:00");
    }

    pub async fn escalation_follows_the_kind<S: AlertStore + LifecycleStore>(store: &S) {
        let serious = raised(
            11,
            AlertKind::Serious,
            holder("township_commission", "tw-1", "vl-1", None),
        );
        let irregular = raised(
            12,
            AlertKind::Irregular,
            holder("dept", "tw-1", "vl-1", Some("jingguan")),
        );
        let in_time = village_alert(13);
        store
            .upsert_alerts(&[serious.clone(), irregular.clone(), in_time.clone()])
            .await
            .unwrap();
        store
            .act(
                &in_time.alert_id,
                None,
                &village_1(),
                &dispose(Disposition::FalsePositive, "数据录入错误"),
                ts(T1),
            )
            .await
            .unwrap();
        let moves = |applied: Vec<mingjing_engine::lifecycle::AuditEntry>| {
            applied
                .into_iter()
                .map(|e| (e.alert_id, e.from_route.target, e.to_route.target))
                .collect::<Vec<_>>()
        };
        let line = |alert: &Alert, from: &str, to: &str| {
            (alert.alert_id.clone(), from.to_string(), to.to_string())
        };
        // Serious: acknowledge within 1 day, then up to the city.
        let applied = store
            .escalate_due(ts("2025-03-02T10:00:01+08:00"))
            .await
            .unwrap();
        assert_eq!(
            moves(applied),
            [line(&serious, "township_commission", "city_commission")]
        );
        // Irregular: within 3 days, then to the township commission; by then the city has
        // also let its own day pass, recorded in place.
        let applied = store
            .escalate_due(ts("2025-03-04T10:00:01+08:00"))
            .await
            .unwrap();
        let mut expected = vec![
            line(&serious, "city_commission", "city_commission"),
            line(&irregular, "dept", "township_commission"),
        ];
        expected.sort();
        assert_eq!(moves(applied), expected, "applied in alert_id order");
        assert_eq!(
            stored(store, &in_time).await.version,
            2,
            "closed in time: never escalated"
        );
    }

    /// Villages acknowledge while a sweep (run late, past their ack deadline) escalates the
    /// same alerts: each alert ends either acknowledged in time and never escalated, or
    /// escalated with the village's action refused, and its trail says which.
    pub async fn an_officer_racing_the_sweep(location: String) {
        const ALERTS: usize = 40;
        let setup = SqlStore::connect(&location).await.unwrap();
        let alerts: Vec<Alert> = (200..200 + ALERTS).map(village_alert).collect();
        setup.upsert_alerts(&alerts).await.unwrap();
        let (officer_store, sweep_store) = (
            SqlStore::connect(&location).await.unwrap(),
            SqlStore::connect(&location).await.unwrap(),
        );
        let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(2));
        let officer = {
            let (ids, barrier) = (
                alerts
                    .iter()
                    .map(|a| a.alert_id.clone())
                    .collect::<Vec<_>>(),
                barrier.clone(),
            );
            tokio::spawn(async move {
                barrier.wait().await;
                let mut outcomes = Vec::new();
                for id in ids {
                    let result = officer_store
                        .act(&id, Some(1), &village_1(), &Action::Acknowledge, ts(T1))
                        .await;
                    outcomes.push((id, result));
                }
                outcomes
            })
        };
        let sweep = tokio::spawn(async move {
            barrier.wait().await;
            sweep_store
                .escalate_due(ts("2025-03-02T10:00:01+08:00"))
                .await
                .unwrap()
        });
        let outcomes = officer.await.unwrap();
        let escalated = sweep.await.unwrap();
        let mut acknowledged = 0;
        for (id, result) in outcomes {
            let trail = setup.audit_trail(&id).await.unwrap();
            let now = setup.tracked_alert(&id).await.unwrap().unwrap();
            match result {
                Ok(_) => {
                    acknowledged += 1;
                    assert_eq!(trail.len(), 1, "{trail:?}");
                    assert_eq!(trail[0].action, AuditAction::Acknowledge);
                    assert_eq!(now.alert.route.target, "village");
                    assert!(now.alert.escalations.is_empty());
                }
                Err(ActionError::Conflict { current, .. }) => {
                    assert_eq!(current.alert.route.target, "township_commission");
                    assert_eq!(trail.len(), 1, "{trail:?}");
                    assert_eq!(trail[0].action, AuditAction::Escalate);
                    assert_eq!(now.alert.color, Color::Red);
                }
                Err(other) => panic!("alert {id}: {other}"),
            }
        }
        assert_eq!(acknowledged + escalated.len(), ALERTS);
        // Whatever the interleaving, nothing is left due at that time.
        assert!(setup
            .escalate_due(ts("2025-03-02T10:00:01+08:00"))
            .await
            .unwrap()
            .is_empty());
        setup.close().await;
    }

    /// More alerts than one sweep transaction takes, all overdue: each gets every record due,
    /// and a second sweep has nothing left to do.
    pub async fn the_sweep_covers_every_alert<S: AlertStore + LifecycleStore>(store: &S) {
        const ALERTS: usize = 1_100;
        let alerts: Vec<Alert> = (1_000..1_000 + ALERTS).map(village_alert).collect();
        store.upsert_alerts(&alerts).await.unwrap();
        let applied = store
            .escalate_due(ts("2025-04-01T00:00:00+08:00"))
            .await
            .unwrap();
        // Per alert: the village's ack deadline (moves it), the commission's own ack window,
        // the close deadline (both recorded in place).
        assert_eq!(applied.len(), 3 * ALERTS);
        for alert in store.list_alerts(&AlertFilter::default()).await.unwrap() {
            let reasons: Vec<&str> = alert
                .escalations
                .iter()
                .map(|e| e.reason.as_str())
                .collect();
            assert_eq!(
                reasons,
                ["ack_overdue", "ack_overdue", "close_overdue"],
                "{}",
                alert.alert_id
            );
            assert_eq!(alert.route.target, "township_commission");
        }
        assert!(store
            .escalate_due(ts("2025-05-01T00:00:00+08:00"))
            .await
            .unwrap()
            .is_empty());
    }
}

macro_rules! lifecycle_tests {
    (any_store: [$($check:ident),* $(,)?], sql_store: [$($sql_check:ident),* $(,)?]) => {
        mod memory {
            use super::*;
            use mingjing_engine::store::MemoryStore;
            $(#[tokio::test]
            async fn $check() {
                checks::$check(&MemoryStore::new()).await;
            })*
        }

        mod sqlite {
            use super::*;
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $check() {
                with_sqlite(|location| async move {
                    let store = SqlStore::connect(&location).await.unwrap();
                    checks::$check(&store).await;
                    store.close().await;
                })
                .await;
            })*
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $sql_check() {
                with_sqlite(checks::$sql_check).await;
            })*
        }

        mod postgres {
            use super::*;
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $check() {
                with_postgres(|location| async move {
                    let store = SqlStore::connect(&location).await.unwrap();
                    checks::$check(&store).await;
                    store.close().await;
                })
                .await;
            })*
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $sql_check() {
                with_postgres(checks::$sql_check).await;
            })*
        }
    };
}

lifecycle_tests!(
    any_store: [
        red_yellow_green_leaves_its_trail,
        disposing_a_red_alert_also_acknowledges_it,
        refusals_change_nothing,
        commissions_reassign_and_reopen,
        comments_need_sight_and_keep_the_version,
        a_stale_version_gets_the_current_alert,
        re_raising_keeps_the_lifecycle_and_the_trail,
        escalation_waits_until_the_deadline_has_passed,
        escalation_follows_the_kind,
        the_sweep_covers_every_alert,
    ],
    sql_store: [
        concurrent_actions_one_wins,
        an_officer_racing_the_sweep,
        audit_entries_cannot_be_changed_or_removed,
    ]
);
