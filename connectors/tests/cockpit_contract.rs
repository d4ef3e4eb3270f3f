//! The alerts a cockpit counts, on MemoryStore (the reference), SQLite and PostgreSQL: exactly
//! the scope's alerts, with their lifecycle, without evidence, params and message.

mod common;

use common::*;
use mingjing_connectors::SqlStore;
use mingjing_engine::alert::Color;
use mingjing_engine::cockpit::{holder_label, CockpitScope, CockpitStore};
use mingjing_engine::lifecycle::{Action, Disposition, LifecycleStore, TrackedAlert};
use mingjing_engine::store::{AlertStore, MemoryStore};
use mingjing_engine::users::{Role, User};
use mingjing_engine::values::Timestamp;
use std::collections::BTreeMap;

const ALERTS: usize = 21;

/// 21 alerts over three townships and seven villages; one acknowledged, one disposed, and
/// every deadline swept a year later.
async fn worked_city<S: AlertStore + LifecycleStore>(store: &S) {
    let alerts: Vec<_> = (0..ALERTS).map(alert).collect();
    store.upsert_alerts(&alerts).await.unwrap();
    let city = User::new("city", Role::CityCommission, None, None, None).unwrap();
    let at = Timestamp::parse("2025-03-02T09:00:00+08:00").unwrap();
    store
        .act(&alerts[3].alert_id, None, &city, &Action::Acknowledge, at)
        .await
        .unwrap();
    let dispose = Action::Dispose {
        disposition: Disposition::Rectified,
        note: "已整改".into(),
    };
    store
        .act(&alerts[4].alert_id, None, &city, &dispose, at)
        .await
        .unwrap();
    let year_later = Timestamp::parse("2026-03-01T00:00:00+08:00").unwrap();
    store.escalate_due(year_later).await.unwrap();
}

/// What the cockpit must hand over for an alert: everything but the heavy parts.
fn light(mut tracked: TrackedAlert) -> TrackedAlert {
    tracked.alert.message.clear();
    tracked.alert.evidence.clear();
    tracked.alert.params.clear();
    tracked
}

async fn scope_holds_its_alerts<S: AlertStore + LifecycleStore + CockpitStore>(store: &S) {
    worked_city(store).await;
    let scopes = [
        CockpitScope::City,
        CockpitScope::Township("tw-1".into()),
        CockpitScope::Village("vl-003".into()),
        CockpitScope::Village("vl-none".into()),
    ];
    for scope in scopes {
        let mut expected = Vec::new();
        for n in 0..ALERTS {
            let tracked = store
                .tracked_alert(&alert(n).alert_id)
                .await
                .unwrap()
                .unwrap();
            let inside = match &scope {
                CockpitScope::City => true,
                CockpitScope::Township(id) => &tracked.alert.township_id == id,
                CockpitScope::Village(id) => &tracked.alert.village_id == id,
            };
            if inside {
                expected.push(light(tracked));
            }
        }
        // A store may leave the heavy parts out; MemoryStore keeps them.
        let mut got: Vec<TrackedAlert> = store
            .cockpit_alerts(&scope)
            .await
            .unwrap()
            .into_iter()
            .map(light)
            .collect();
        got.sort_by(|a, b| a.alert.alert_id.cmp(&b.alert.alert_id));
        expected.sort_by(|a, b| a.alert.alert_id.cmp(&b.alert.alert_id));
        assert_eq!(got, expected, "{scope:?}");
    }
    // The worked alerts keep their lifecycle in the cockpit's view.
    let city = store.cockpit_alerts(&CockpitScope::City).await.unwrap();
    // Open alerts by color and holder, as counted one by one.
    let mut expected: BTreeMap<(String, String), i64> = BTreeMap::new();
    for tracked in city.iter().filter(|t| t.alert.color != Color::Green) {
        let key = (
            tracked.alert.color.as_str().to_string(),
            holder_label(&tracked.alert.route),
        );
        *expected.entry(key).or_default() += 1;
    }
    let mut counted = store.open_alert_counts().await.unwrap();
    counted.sort();
    let expected: Vec<(String, String, i64)> =
        expected.into_iter().map(|((c, h), n)| (c, h, n)).collect();
    assert_eq!(counted, expected);
    assert_eq!(
        expected.iter().map(|(_, _, n)| n).sum::<i64>(),
        ALERTS as i64 - 1,
        "all but the disposed alert are open"
    );
    assert!(
        expected
            .iter()
            .any(|(_, holder, _)| holder.starts_with("dept:")),
        "{expected:?}"
    );
    assert!(city.iter().any(|t| t.acknowledged_at.is_some()));
    assert!(city.iter().any(|t| t.closed_at.is_some()));
    assert!(city.iter().any(|t| !t.alert.escalations.is_empty()));
}

#[tokio::test]
async fn memory_scope_holds_its_alerts() {
    scope_holds_its_alerts(&MemoryStore::new()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_scope_holds_its_alerts() {
    with_sqlite(|location| async move {
        let store = SqlStore::connect(&location).await.unwrap();
        scope_holds_its_alerts(&store).await;
        store.close().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_scope_holds_its_alerts() {
    with_postgres(|location| async move {
        let store = SqlStore::connect(&location).await.unwrap();
        scope_holds_its_alerts(&store).await;
        store.close().await;
    })
    .await;
}
