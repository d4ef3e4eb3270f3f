//! Test backends (a temporary SQLite file, a throwaway PostgreSQL database) and alert builders.

#![allow(dead_code)]

use mingjing_connectors::{SqlPool, SqlStore};
use mingjing_engine::alert::{alert_id, Alert, AlertKind, Color, DedupKey, Escalation, Route};
use serde_json::{json, Map, Value};
use sqlx::{Connection, PgConnection};
use std::future::Future;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// Declares one test per check on each SQL backend: `checks::name(location)` runs on a new
/// SQLite file (module `sqlite`) and on a new PostgreSQL database (module `postgres`).
#[allow(unused_macros)]
macro_rules! on_both_backends {
    ($($check:ident),* $(,)?) => {
        mod sqlite {
            use super::*;
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $check() {
                with_sqlite(checks::$check).await;
            })*
        }

        mod postgres {
            use super::*;
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $check() {
                with_postgres(checks::$check).await;
            })*
        }
    };
}

/// Runs `test` with the location of a new SQLite file, removed afterwards.
pub async fn with_sqlite<F, Fut>(test: F)
where
    F: FnOnce(String) -> Fut,
    Fut: Future<Output = ()>,
{
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("alerts.db");
    test(path.to_str().expect("UTF-8 temp path").to_string()).await;
}

/// Admin URLs tried, in order, to create the test databases.
fn admin_urls() -> Vec<String> {
    if let Ok(url) = std::env::var("MINGJING_TEST_POSTGRES_URL") {
        return vec![url];
    }
    [
        "postgres://postgres@127.0.0.1:5432/postgres",
        "postgres://postgres@127.0.0.1:5432/test",
        "postgres://root@127.0.0.1:5432/test",
    ]
    .map(String::from)
    .to_vec()
}

async fn admin_connection() -> (PgConnection, String) {
    let mut failures = Vec::new();
    for url in admin_urls() {
        match PgConnection::connect(&url).await {
            Ok(conn) => return (conn, url),
            Err(e) => failures.push(format!("{url}: {e}")),
        }
    }
    panic!(
        "PostgreSQL is not reachable, so the PostgreSQL store tests cannot run.\n{}\n\
         Start PostgreSQL on 127.0.0.1:5432 (trust auth, user postgres), point \
         MINGJING_TEST_POSTGRES_URL at a server where you may CREATE DATABASE, \
         or set MINGJING_SKIP_POSTGRES=1 to skip these tests.",
        failures.join("\n")
    );
}

fn unique_name() -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!(
        "mingjing_test_{}_{}_{}",
        std::process::id(),
        nanos,
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// Runs `test` with the URL of a new PostgreSQL database, dropped afterwards even if the test
/// fails. Skipped (passes) only when MINGJING_SKIP_POSTGRES=1.
pub async fn with_postgres<F, Fut>(test: F)
where
    F: FnOnce(String) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    if std::env::var("MINGJING_SKIP_POSTGRES").as_deref() == Ok("1") {
        eprintln!("MINGJING_SKIP_POSTGRES=1: PostgreSQL test skipped");
        return;
    }
    let (mut admin, admin_url) = admin_connection().await;
    let name = unique_name();
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await
        .expect("CREATE DATABASE for the test");
    let base = admin_url
        .rsplit_once('/')
        .map(|(base, _)| base)
        .unwrap_or(&admin_url);
    let url = format!("{base}/{name}");
    // Run on its own task so a failing test still reaches the DROP below.
    let outcome = tokio::spawn(test(url)).await;
    sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .execute(&mut admin)
        .await
        .expect("DROP DATABASE after the test");
    let _ = admin.close().await;
    if let Err(e) = outcome {
        std::panic::resume_unwind(e.into_panic());
    }
}

/// Runs SQL of the test's own on the store (an officer's change, say).
pub async fn execute(store: &SqlStore, sql: &str) {
    match store.pool() {
        SqlPool::Sqlite(pool) => sqlx::query(sql).execute(pool).await.map(|_| ()),
        SqlPool::Postgres(pool) => sqlx::query(sql).execute(pool).await.map(|_| ()),
    }
    .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

/// One evidence item.
pub fn evidence(event_id: &str, occurred_at: &str) -> Map<String, Value> {
    let value = json!({
        "event_id": event_id,
        "type": "labor.attendance",
        "occurred_at": occurred_at,
        "worker_name": "张三",
        "amount_fen": 123456789012345678_i64,
        "rate": 0.125,
        "exact": serde_json::from_str::<Value>("12345678901234567890.000001").unwrap(),
    });
    match value {
        Value::Object(map) => map,
        _ => unreachable!(),
    }
}

/// The n-th test alert, with the given evidence; fields vary with n so that none is constant.
pub fn alert_with(n: usize, evidence: Vec<Map<String, Value>>) -> Alert {
    let village = format!("vl-{:03}", n % 7);
    let township = format!("tw-{}", n % 3);
    // Catalog order, deliberately not alphabetical.
    let dedup_key = DedupKey(vec![
        ("village_id".into(), village.clone()),
        ("claim_id".into(), format!("cl-{n}")),
    ]);
    let threshold_id = if n % 2 == 0 {
        "labor.work_before_application"
    } else {
        "finance.split_payment"
    };
    let route = Route {
        target: if n % 2 == 0 {
            "village".into()
        } else {
            "dept".into()
        },
        township_id: township.clone(),
        village_id: village.clone(),
        dept: (n % 2 == 1).then(|| "finance_office".to_string()),
    };
    let mut params = Map::new();
    params.insert("min_days".into(), json!(3));
    params.insert(
        "limit_fen".into(),
        serde_json::from_str("5000000.00").unwrap(),
    );
    params.insert("note".into(), json!(format!("参数 {n}")));
    let escalations = if n % 5 == 0 {
        vec![Escalation {
            at: "2025-03-04T09:00:00+08:00".into(),
            from: route.clone(),
            to: Route {
                target: "township_commission".into(),
                township_id: township.clone(),
                village_id: village.clone(),
                dept: None,
            },
            reason: "ack_overdue".into(),
        }]
    } else {
        Vec::new()
    };
    Alert {
        alert_id: alert_id(threshold_id, &dedup_key),
        threshold_id: threshold_id.into(),
        threshold_code: if n % 2 == 0 {
            "LAB-01".into()
        } else {
            "FIN-07".into()
        },
        category: if n % 2 == 0 {
            "labor".into()
        } else {
            "finance".into()
        },
        kind: [
            AlertKind::Efficiency,
            AlertKind::Irregular,
            AlertKind::Serious,
        ][n % 3],
        township_id: township,
        village_id: village,
        dedup_key,
        message: format!("村民张三在申请前 {n} 天已开工，请核实。"),
        evidence,
        params,
        rule_version: "v3".into(),
        detected_at: "2025-03-01T10:00:00+08:00".into(),
        route,
        color: Color::Red,
        ack_deadline: "2025-03-03T10:00:00+08:00".into(),
        close_deadline: "2025-03-15T10:00:00+08:00".into(),
        disposition: None,
        escalations,
        late: n % 4 == 3,
        also_notify: if n % 3 == 0 {
            vec!["four_platforms".into()]
        } else {
            Vec::new()
        },
    }
}

/// The n-th test alert with two evidence items of its own.
pub fn alert(n: usize) -> Alert {
    alert_with(
        n,
        vec![
            evidence(&format!("ev-{n}-a"), "2025-03-01T09:00:00+08:00"),
            evidence(&format!("ev-{n}-b"), "2025-03-01T10:00:00+08:00"),
        ],
    )
}

/// The ids of an alert's evidence, in order.
pub fn evidence_ids(alert: &Alert) -> Vec<&str> {
    alert
        .evidence
        .iter()
        .map(|e| e["event_id"].as_str().unwrap())
        .collect()
}
