//! The store contract, written once and run on MemoryStore (the reference), SQLite and
//! PostgreSQL. PostgreSQL tests fail when the server is unreachable unless
//! MINGJING_SKIP_POSTGRES=1.

mod common;

use common::*;
use mingjing_connectors::SqlStore;
use mingjing_engine::alert::Alert;
use mingjing_engine::store::{AlertFilter, AlertStore, MemoryStore, RejectedRecord};
use std::time::Instant;

/// Checks any [`AlertStore`] must pass.
mod contract {
    use super::*;

    pub async fn insert_then_list_returns_identical_alerts<S: AlertStore>(store: &S) {
        let mut alerts: Vec<Alert> = (0..20).map(alert).collect();
        store.upsert_alerts(&alerts).await.unwrap();
        alerts.sort_by(|a, b| a.alert_id.cmp(&b.alert_id));
        assert_eq!(
            store.list_alerts(&AlertFilter::default()).await.unwrap(),
            alerts
        );
    }

    pub async fn re_upsert_unions_evidence_in_order<S: AlertStore>(store: &S) {
        let first = alert_with(
            1,
            vec![
                evidence("e2", "2025-03-01T10:00:00+08:00"),
                evidence("e1", "2025-03-01T11:00:00+08:00"),
            ],
        );
        store
            .upsert_alerts(std::slice::from_ref(&first))
            .await
            .unwrap();
        // e1 again (with other fields: the stored copy wins), e3 earlier, e0 at the same
        // instant as e2 written in UTC, so it is ordered by event id.
        let mut again = alert_with(
            1,
            vec![
                evidence("e1", "2025-03-01T11:00:00+08:00"),
                evidence("e3", "2025-03-01T08:00:00+08:00"),
                evidence("e0", "2025-03-01T02:00:00Z"),
            ],
        );
        again.evidence[0].insert("worker_name".into(), "李四".into());
        store
            .upsert_alerts(std::slice::from_ref(&again))
            .await
            .unwrap();
        store
            .upsert_alerts(std::slice::from_ref(&again))
            .await
            .unwrap();

        let stored = store.list_alerts(&AlertFilter::default()).await.unwrap();
        assert_eq!(stored.len(), 1);
        assert_eq!(evidence_ids(&stored[0]), ["e3", "e0", "e2", "e1"]);
        assert_eq!(stored[0].evidence[3]["worker_name"], "张三");
        let mut expected = first.clone();
        expected.merge_evidence(&again.evidence);
        assert_eq!(stored[0], expected);
    }

    pub async fn duplicates_within_a_batch_merge<S: AlertStore>(store: &S) {
        let a = alert_with(2, vec![evidence("x2", "2025-03-01T10:00:00+08:00")]);
        let mut b = alert_with(2, vec![evidence("x1", "2025-03-01T09:00:00+08:00")]);
        b.message = "later copy".into();
        store.upsert_alerts(&[a.clone(), b]).await.unwrap();
        let stored = store.list_alerts(&AlertFilter::default()).await.unwrap();
        assert_eq!(stored.len(), 1);
        assert_eq!(stored[0].message, a.message);
        assert_eq!(evidence_ids(&stored[0]), ["x1", "x2"]);
    }

    pub async fn list_filters_and_limits<S: AlertStore>(store: &S) {
        let alerts: Vec<Alert> = (0..30).map(alert).collect();
        store.upsert_alerts(&alerts).await.unwrap();
        let mut sorted = alerts.clone();
        sorted.sort_by(|a, b| a.alert_id.cmp(&b.alert_id));

        let filter = AlertFilter {
            village_id: Some("vl-003".into()),
            ..Default::default()
        };
        let expected: Vec<Alert> = sorted
            .iter()
            .filter(|a| a.village_id == "vl-003")
            .cloned()
            .collect();
        assert_eq!(store.list_alerts(&filter).await.unwrap(), expected);

        let filter = AlertFilter {
            threshold_id: Some("finance.split_payment".into()),
            village_id: Some("vl-003".into()),
            limit: Some(2),
        };
        let expected: Vec<Alert> = sorted
            .iter()
            .filter(|a| a.village_id == "vl-003" && a.threshold_id == "finance.split_payment")
            .take(2)
            .cloned()
            .collect();
        assert_eq!(expected.len(), 2);
        assert_eq!(store.list_alerts(&filter).await.unwrap(), expected);

        let filter = AlertFilter {
            limit: Some(5),
            ..Default::default()
        };
        assert_eq!(store.list_alerts(&filter).await.unwrap(), sorted[..5]);
        let filter = AlertFilter {
            village_id: Some("nowhere".into()),
            ..Default::default()
        };
        assert!(store.list_alerts(&filter).await.unwrap().is_empty());
    }

    pub async fn ten_thousand_alerts_in_one_batch<S: AlertStore>(store: &S, backend: &str) {
        let mut alerts: Vec<Alert> = (0..10_000).map(alert).collect();
        let started = Instant::now();
        store.upsert_alerts(&alerts).await.unwrap();
        let insert = started.elapsed();

        let started = Instant::now();
        store.upsert_alerts(&alerts).await.unwrap();
        let unchanged = started.elapsed();

        for (n, a) in alerts.iter_mut().enumerate() {
            a.evidence = vec![evidence(&format!("ev-{n}-c"), "2025-03-01T11:00:00+08:00")];
        }
        let started = Instant::now();
        store.upsert_alerts(&alerts).await.unwrap();
        let merge = started.elapsed();

        let started = Instant::now();
        let stored = store.list_alerts(&AlertFilter::default()).await.unwrap();
        let list = started.elapsed();
        eprintln!(
            "{backend}: 10,000 alerts: insert {insert:?}, re-upsert unchanged {unchanged:?}, \
             re-upsert adding evidence {merge:?}, list {list:?}"
        );
        assert_eq!(stored.len(), 10_000);
        let expected: Vec<Alert> = {
            let mut all: Vec<Alert> = (0..10_000)
                .map(|n| {
                    let mut a = alert(n);
                    a.merge_evidence(&[evidence(
                        &format!("ev-{n}-c"),
                        "2025-03-01T11:00:00+08:00",
                    )]);
                    a
                })
                .collect();
            all.sort_by(|a, b| a.alert_id.cmp(&b.alert_id));
            all
        };
        assert!(
            stored == expected,
            "stored alerts differ from those upserted"
        );
    }

    pub async fn rejects_round_trip_in_order<S: AlertStore>(store: &S) {
        let reject = |n: u32, raw: &str| RejectedRecord {
            source: "data/村务.jsonl".into(),
            position: n.to_string(),
            reason: if n % 2 == 0 {
                "invalid_json".into()
            } else {
                "invalid_money".into()
            },
            detail: format!("at line {n}: expected value"),
            event_id: (n % 2 == 1).then(|| format!("ev-{n}")),
            raw: raw.into(),
        };
        let first = vec![
            reject(3, "{\"a\":"),
            reject(1, "bad \0 nul byte"),
            reject(2, ""),
        ];
        let second = vec![reject(7, "不合法的\u{FFFD}数据")];
        store.save_rejects(&first).await.unwrap();
        store.save_rejects(&[]).await.unwrap();
        store.save_rejects(&second).await.unwrap();
        let all: Vec<RejectedRecord> = first.into_iter().chain(second).collect();
        assert_eq!(store.list_rejects().await.unwrap(), all);
    }
}

/// Checks of what only the SQL stores offer, given the store's location.
mod sql {
    use super::*;
    use mingjing_engine::alert::Color;
    use mingjing_engine::store::StoreError;

    pub async fn upsert_keeps_officer_changes(location: String) {
        let store = SqlStore::connect(&location).await.unwrap();
        let original = alert(5);
        store
            .upsert_alerts(std::slice::from_ref(&original))
            .await
            .unwrap();
        // An officer acknowledges, disposes and escalates it (as the dashboard would).
        let escalations = r#"[{"at":"2025-03-04T09:00:00+08:00","from":{"target":"village","township_id":"tw-2","village_id":"vl-005","dept":null},"to":{"target":"city_commission","township_id":"tw-2","village_id":"vl-005","dept":null},"reason":"close_overdue"}]"#;
        execute(
            &store,
            &format!(
                "UPDATE alerts SET color = 'green', disposition = 'rectified', route_target = 'city_commission', \
                 route_dept = NULL, escalations = '{escalations}' WHERE alert_id = '{}'",
                original.alert_id
            ),
        )
        .await;

        let mut replay = original.clone();
        replay
            .evidence
            .push(evidence("ev-late", "2025-03-02T09:00:00+08:00"));
        store.upsert_alerts(&[replay]).await.unwrap();

        let stored = store.list_alerts(&AlertFilter::default()).await.unwrap();
        assert_eq!(stored.len(), 1);
        let stored = &stored[0];
        assert_eq!(stored.color, Color::Green);
        assert_eq!(stored.disposition.as_deref(), Some("rectified"));
        assert_eq!(stored.route.target, "city_commission");
        assert_eq!(stored.route.dept, None);
        assert_eq!(stored.escalations.len(), 1);
        assert_eq!(stored.escalations[0].reason, "close_overdue");
        assert_eq!(evidence_ids(stored), ["ev-5-a", "ev-5-b", "ev-late"]);
        assert_eq!(stored.message, original.message);
        store.close().await;
    }

    pub async fn checkpoints_save_load_overwrite(location: String) {
        let store = SqlStore::connect(&location).await.unwrap();
        assert_eq!(store.load_checkpoint("cunwu.labor/3").await.unwrap(), None);
        let state = vec![0u8, 255, 1, 0, 42];
        store
            .save_checkpoint("cunwu.labor/3", &state, r#"{"cunwu.labor":{"3":1200}}"#)
            .await
            .unwrap();
        store
            .save_checkpoint("cunwu.labor/4", b"other", "{}")
            .await
            .unwrap();
        let loaded = |store: &SqlStore, key: &'static str| {
            let store = store.clone();
            async move {
                let stored = store.load_checkpoint(key).await.unwrap().unwrap();
                assert!(stored.deltas.is_empty());
                (stored.base, stored.offsets)
            }
        };
        assert_eq!(
            loaded(&store, "cunwu.labor/3").await,
            (state, r#"{"cunwu.labor":{"3":1200}}"#.to_string())
        );
        store
            .save_checkpoint("cunwu.labor/3", b"", r#"{"cunwu.labor":{"3":1300}}"#)
            .await
            .unwrap();
        assert_eq!(
            loaded(&store, "cunwu.labor/3").await,
            (Vec::new(), r#"{"cunwu.labor":{"3":1300}}"#.to_string())
        );
        assert_eq!(
            loaded(&store, "cunwu.labor/4").await,
            (b"other".to_vec(), "{}".to_string())
        );
        let err = store
            .save_checkpoint("cunwu.labor/3", b"x", "{not json")
            .await
            .unwrap_err();
        assert!(
            matches!(
                err,
                StoreError::Operation {
                    operation: "save_checkpoint",
                    ..
                }
            ),
            "{err}"
        );
        store.close().await;
    }

    /// Data survives closing and reopening, and reopening doesn't re-run the migrations.
    pub async fn reopen_keeps_data(location: String) {
        let store = SqlStore::connect(&location).await.unwrap();
        store.upsert_alerts(&[alert(1), alert(2)]).await.unwrap();
        store.save_checkpoint("p", b"s", "[]").await.unwrap();
        store.close().await;
        let store = SqlStore::connect(&location).await.unwrap();
        assert_eq!(
            store
                .list_alerts(&AlertFilter::default())
                .await
                .unwrap()
                .len(),
            2
        );
        let stored = store.load_checkpoint("p").await.unwrap().unwrap();
        assert_eq!(
            (stored.base, stored.offsets),
            (b"s".to_vec(), "[]".to_string())
        );
        store.close().await;
    }

    /// Several writers (separate pools, as separate instances would have) upsert the same
    /// alerts with different evidence at once: nothing is lost or duplicated.
    pub async fn concurrent_writers_lose_no_evidence(location: String) {
        const WRITERS: usize = 4;
        const ALERTS: usize = 300;
        let mut tasks = Vec::new();
        for writer in 0..WRITERS {
            let store = SqlStore::connect(&location).await.unwrap();
            tasks.push(tokio::spawn(async move {
                for round in 0..3 {
                    let batch: Vec<Alert> = (0..ALERTS)
                        .map(|n| {
                            let id = format!("w{writer}-r{round}-{n}");
                            alert_with(n, vec![evidence(&id, "2025-03-01T09:00:00+08:00")])
                        })
                        .collect();
                    store.upsert_alerts(&batch).await.unwrap();
                }
                store.close().await;
            }));
        }
        for task in tasks {
            task.await.unwrap();
        }
        let store = SqlStore::connect(&location).await.unwrap();
        let stored = store.list_alerts(&AlertFilter::default()).await.unwrap();
        assert_eq!(stored.len(), ALERTS);
        for alert in &stored {
            assert_eq!(
                alert.evidence.len(),
                WRITERS * 3,
                "alert {} lost evidence",
                alert.alert_id
            );
        }
        store.close().await;
    }
}

macro_rules! contract_tests {
    ($($check:ident),* $(,)?) => {
        mod memory {
            use super::*;
            $(#[tokio::test]
            async fn $check() {
                contract::$check(&MemoryStore::new()).await;
            })*

            #[tokio::test]
            async fn ten_thousand_alerts_in_one_batch() {
                contract::ten_thousand_alerts_in_one_batch(&MemoryStore::new(), "memory").await;
            }
        }

        mod sqlite {
            use super::*;
            $(#[tokio::test]
            async fn $check() {
                with_sqlite(|location| async move {
                    let store = SqlStore::connect(&location).await.unwrap();
                    contract::$check(&store).await;
                    store.close().await;
                })
                .await;
            })*

            #[tokio::test]
            async fn ten_thousand_alerts_in_one_batch() {
                with_sqlite(|location| async move {
                    let store = SqlStore::connect(&location).await.unwrap();
                    contract::ten_thousand_alerts_in_one_batch(&store, "sqlite").await;
                    store.close().await;
                })
                .await;
            }

            sql_tests!(with_sqlite);
        }

        mod postgres {
            use super::*;
            $(#[tokio::test]
            async fn $check() {
                with_postgres(|location| async move {
                    let store = SqlStore::connect(&location).await.unwrap();
                    contract::$check(&store).await;
                    store.close().await;
                })
                .await;
            })*

            #[tokio::test]
            async fn ten_thousand_alerts_in_one_batch() {
                with_postgres(|location| async move {
                    let store = SqlStore::connect(&location).await.unwrap();
                    contract::ten_thousand_alerts_in_one_batch(&store, "postgres").await;
                    store.close().await;
                })
                .await;
            }

            sql_tests!(with_postgres);
        }
    };
}

macro_rules! sql_tests {
    ($with:ident) => {
        #[tokio::test]
        async fn upsert_keeps_officer_changes() {
            $with(sql::upsert_keeps_officer_changes).await;
        }

        #[tokio::test]
        async fn checkpoints_save_load_overwrite() {
            $with(sql::checkpoints_save_load_overwrite).await;
        }

        #[tokio::test]
        async fn reopen_keeps_data() {
            $with(sql::reopen_keeps_data).await;
        }

        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn concurrent_writers_lose_no_evidence() {
            $with(sql::concurrent_writers_lose_no_evidence).await;
        }
    };
}

contract_tests!(
    insert_then_list_returns_identical_alerts,
    re_upsert_unions_evidence_in_order,
    duplicates_within_a_batch_merge,
    list_filters_and_limits,
    rejects_round_trip_in_order,
);
