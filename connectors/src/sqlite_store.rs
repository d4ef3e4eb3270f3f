//! The SQLite side of [`SqlStore`](crate::SqlStore): one writer at a time, WAL journaling.

use crate::alert_row::{distinct_by_id, merged_evidence, AlertRow, ALERT_COLUMNS};
use crate::error::{migrate_error, open_error, operation_error, Backend};
use crate::reject_row::RejectRow;
use crate::sql_store::{list_alerts_sql, sql_limit};
use mingjing_engine::alert::Alert;
use mingjing_engine::store::{AlertFilter, RejectedRecord, StoreError};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{Connection, QueryBuilder, Sqlite, SqlitePool};
use std::collections::HashMap;
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");

const NOW: &str = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

fn op(operation: &'static str) -> impl Fn(sqlx::Error) -> StoreError {
    move |e| operation_error(Backend::Sqlite, operation, &e)
}

/// Opens (creating if missing) the SQLite database at `location` and migrates it.
pub(crate) async fn connect(location: &str) -> Result<(SqlitePool, String), StoreError> {
    let explicit_mode = location.starts_with("sqlite:") && location.contains("mode=");
    let mut options = if location.starts_with("sqlite:") {
        SqliteConnectOptions::from_str(location)
            .map_err(|e| open_error(Backend::Sqlite, location, &e))?
    } else {
        SqliteConnectOptions::new().filename(location)
    };
    // A `mode=` in the URL says whether to create the file; otherwise we do.
    if !explicit_mode {
        options = options.create_if_missing(true);
    }
    let in_memory = location.contains(":memory:") || location.contains("mode=memory");
    let options = options
        .journal_mode(SqliteJournalMode::Wal)
        // FULL (the default) makes each committed batch survive a power cut: offsets are
        // committed upstream only after the alerts are durable.
        .synchronous(SqliteSynchronous::Full)
        .busy_timeout(Duration::from_secs(10));

    if !in_memory && !explicit_mode {
        check_file_writable(options.get_filename())
            .map_err(|e| open_error(Backend::Sqlite, location, &e))?;
    }
    // A direct connection first: the pool would hide why the file can't be opened.
    let probe = SqliteConnection::connect_with(&options)
        .await
        .map_err(|e| open_error(Backend::Sqlite, location, &e))?;
    let pool_options = if in_memory {
        // Every connection to a shared in-memory database must share one lock; one connection
        // kept forever also keeps the database alive.
        SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
    } else {
        SqlitePoolOptions::new().max_connections(4)
    };
    let pool = pool_options
        .acquire_timeout(Duration::from_secs(30))
        .connect_with(options)
        .await
        .map_err(|e| open_error(Backend::Sqlite, location, &e))?;
    MIGRATOR
        .run(&pool)
        .await
        .map_err(|e| migrate_error(location, &e))?;
    let _ = probe.close().await;
    tracing::debug!(location, "opened SQLite store");
    Ok((pool, location.to_string()))
}

/// Opens the file for writing (creating it empty, which SQLite accepts) so that a bad path is
/// reported with the operating system's reason rather than SQLite's "unable to open".
fn check_file_writable(path: &Path) -> Result<(), sqlx::Error> {
    std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)?;
    Ok(())
}

/// Rows per multi-row INSERT: 24 binds each stays well under SQLite's 32,766 bind limit.
const INSERT_CHUNK: usize = 500;

pub(crate) async fn upsert_alerts(pool: &SqlitePool, alerts: &[Alert]) -> Result<(), StoreError> {
    let err = op("upsert_alerts");
    let alerts = distinct_by_id(alerts);
    let ids = json_text(
        &alerts
            .iter()
            .map(|a| a.alert_id.as_str())
            .collect::<Vec<_>>(),
    )?;
    // IMMEDIATE takes the write lock up front (waiting for busy_timeout), so what is read
    // below can't change before the writes.
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.map_err(&err)?;
    let stored: HashMap<String, String> = sqlx::query_as(
        "SELECT alert_id, evidence FROM alerts WHERE alert_id IN (SELECT value FROM json_each(?))",
    )
    .bind(ids)
    .fetch_all(&mut *tx)
    .await
    .map_err(&err)?
    .into_iter()
    .collect();

    let mut new_rows = Vec::new();
    let mut updates: Vec<(&str, String)> = Vec::new();
    for alert in &alerts {
        match stored.get(&alert.alert_id) {
            None => new_rows.push(AlertRow::from_alert(alert)?),
            Some(evidence) => {
                if let Some(merged) = merged_evidence(alert, evidence)? {
                    updates.push((&alert.alert_id, merged));
                }
            }
        }
    }
    for chunk in new_rows.chunks(INSERT_CHUNK) {
        let mut insert =
            QueryBuilder::<Sqlite>::new(format!("INSERT INTO alerts ({ALERT_COLUMNS}) "));
        insert.push_values(chunk, |mut values, row| {
            values
                .push_bind(&row.alert_id)
                .push_bind(&row.threshold_id)
                .push_bind(&row.threshold_code)
                .push_bind(&row.category)
                .push_bind(&row.kind)
                .push_bind(&row.township_id)
                .push_bind(&row.village_id)
                .push_bind(&row.dedup_key)
                .push_bind(&row.message)
                .push_bind(&row.evidence)
                .push_bind(&row.params)
                .push_bind(&row.rule_version)
                .push_bind(&row.detected_at)
                .push_bind(&row.route_target)
                .push_bind(&row.route_township_id)
                .push_bind(&row.route_village_id)
                .push_bind(&row.route_dept)
                .push_bind(&row.color)
                .push_bind(&row.ack_deadline)
                .push_bind(&row.close_deadline)
                .push_bind(&row.disposition)
                .push_bind(&row.escalations)
                .push_bind(row.late)
                .push_bind(&row.also_notify);
        });
        insert.build().execute(&mut *tx).await.map_err(&err)?;
    }
    if !updates.is_empty() {
        // One statement for all: pairs of [alert_id, evidence text]; json_extract gives a JSON
        // string back byte for byte.
        sqlx::query(&format!(
            "UPDATE alerts SET evidence = json_extract(u.value, '$[1]'), updated_at = {NOW} \
             FROM json_each(?) AS u WHERE alerts.alert_id = json_extract(u.value, '$[0]')"
        ))
        .bind(json_text(&updates)?)
        .execute(&mut *tx)
        .await
        .map_err(&err)?;
    }
    tx.commit().await.map_err(&err)
}

fn json_text<T: serde::Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| StoreError::Operation {
        operation: "upsert_alerts",
        message: format!("cannot encode the batch: {e}"),
    })
}

pub(crate) async fn save_rejects(
    pool: &SqlitePool,
    rejects: &[RejectedRecord],
) -> Result<(), StoreError> {
    let err = op("save_rejects");
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.map_err(&err)?;
    for reject in rejects {
        sqlx::query("INSERT INTO rejects (source, position, reason, detail, event_id, raw) VALUES (?, ?, ?, ?, ?, ?)")
            .bind(&reject.source)
            .bind(&reject.position)
            .bind(&reject.reason)
            .bind(&reject.detail)
            .bind(&reject.event_id)
            .bind(reject.raw.as_bytes())
            .execute(&mut *tx)
            .await
            .map_err(&err)?;
    }
    tx.commit().await.map_err(&err)
}

pub(crate) async fn list_alerts(
    pool: &SqlitePool,
    filter: &AlertFilter,
) -> Result<Vec<Alert>, StoreError> {
    let sql = list_alerts_sql(filter, |_| "?".to_string());
    let mut query = sqlx::query_as::<_, AlertRow>(&sql);
    if let Some(threshold_id) = &filter.threshold_id {
        query = query.bind(threshold_id);
    }
    if let Some(village_id) = &filter.village_id {
        query = query.bind(village_id);
    }
    if let Some(limit) = filter.limit {
        query = query.bind(sql_limit(limit));
    }
    let rows = query.fetch_all(pool).await.map_err(op("list_alerts"))?;
    rows.into_iter()
        .map(|row| row.into_alert("list_alerts"))
        .collect()
}

pub(crate) async fn list_rejects(pool: &SqlitePool) -> Result<Vec<RejectedRecord>, StoreError> {
    let rows: Vec<RejectRow> = sqlx::query_as(
        "SELECT source, position, reason, detail, event_id, raw FROM rejects ORDER BY id",
    )
    .fetch_all(pool)
    .await
    .map_err(op("list_rejects"))?;
    Ok(rows.into_iter().map(RejectRow::into_record).collect())
}
