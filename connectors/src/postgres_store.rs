//! The PostgreSQL side of [`SqlStore`](crate::SqlStore): whole batches in a few statements
//! over arrays, safe with several engine instances writing at once.

use crate::alert_row::{distinct_by_id, merged_evidence, AlertRow, ALERT_COLUMNS};
use crate::error::{migrate_error, open_error, operation_error, Backend};
use crate::reject_row::{without_nul, RejectRow};
use crate::sql_store::{list_alerts_sql, sql_limit};
use mingjing_engine::alert::Alert;
use mingjing_engine::store::{AlertFilter, RejectedRecord, StoreError};
use sqlx::postgres::{PgConnectOptions, PgConnection, PgPoolOptions};
use sqlx::{Connection, PgPool};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::str::FromStr;
use std::sync::OnceLock;
use std::time::Duration;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");

/// Attempts at a batch that PostgreSQL aborted to break a deadlock or a serialization conflict.
const ATTEMPTS: u32 = 3;

fn op(operation: &'static str) -> impl Fn(sqlx::Error) -> StoreError {
    move |e| operation_error(Backend::Postgres, operation, &e)
}

/// Connects to the database named by `url` and migrates it. Returns the pool and the URL
/// without its password.
pub(crate) async fn connect(url: &str) -> Result<(PgPool, String), StoreError> {
    let mut options = PgConnectOptions::from_str(url).map_err(|e| StoreError::Open {
        location: "PostgreSQL URL".to_string(),
        message: format!("the URL is malformed ({e}); write it as postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE"),
    })?;
    if options.get_application_name().is_none() {
        options = options.application_name("mingjing");
    }
    let location = format!(
        "postgres://{}@{}:{}/{}",
        options.get_username(),
        options.get_host(),
        options.get_port(),
        options.get_database().unwrap_or(options.get_username())
    );
    // A direct connection first: the pool retries a refused connection until its timeout
    // and then reports only that it timed out.
    let probe = PgConnection::connect_with(&options)
        .await
        .map_err(|e| open_error(Backend::Postgres, &location, &e))?;
    let pool = PgPoolOptions::new()
        .max_connections(10)
        .acquire_timeout(Duration::from_secs(30))
        .connect_with(options)
        .await
        .map_err(|e| open_error(Backend::Postgres, &location, &e))?;
    // The migrator holds an advisory lock, so instances starting together don't race.
    MIGRATOR
        .run(&pool)
        .await
        .map_err(|e| migrate_error(&location, &e))?;
    let _ = probe.close().await;
    tracing::debug!(location, "opened PostgreSQL store");
    Ok((pool, location))
}

fn insert_sql() -> &'static str {
    static SQL: OnceLock<String> = OnceLock::new();
    SQL.get_or_init(|| {
        let arrays: Vec<String> = ALERT_COLUMNS
            .split(',')
            .enumerate()
            .map(|(i, column)| {
                let kind = if column.trim() == "late" {
                    "bool"
                } else {
                    "text"
                };
                format!("${}::{kind}[]", i + 1)
            })
            .collect();
        format!(
            "INSERT INTO alerts ({ALERT_COLUMNS}) SELECT * FROM UNNEST({}) \
             ON CONFLICT (alert_id) DO NOTHING RETURNING alert_id",
            arrays.join(", ")
        )
    })
}

/// A batch of alert rows as one array per column, for `UNNEST`.
#[derive(Default)]
struct AlertColumns {
    alert_id: Vec<String>,
    threshold_id: Vec<String>,
    threshold_code: Vec<String>,
    category: Vec<String>,
    kind: Vec<String>,
    township_id: Vec<String>,
    village_id: Vec<String>,
    dedup_key: Vec<String>,
    message: Vec<String>,
    evidence: Vec<String>,
    params: Vec<String>,
    rule_version: Vec<String>,
    detected_at: Vec<String>,
    route_target: Vec<String>,
    route_township_id: Vec<String>,
    route_village_id: Vec<String>,
    route_dept: Vec<Option<String>>,
    color: Vec<String>,
    ack_deadline: Vec<String>,
    close_deadline: Vec<String>,
    disposition: Vec<Option<String>>,
    escalations: Vec<String>,
    late: Vec<bool>,
    also_notify: Vec<String>,
}

impl AlertColumns {
    fn push(&mut self, row: AlertRow) {
        self.alert_id.push(row.alert_id);
        self.threshold_id.push(row.threshold_id);
        self.threshold_code.push(row.threshold_code);
        self.category.push(row.category);
        self.kind.push(row.kind);
        self.township_id.push(row.township_id);
        self.village_id.push(row.village_id);
        self.dedup_key.push(row.dedup_key);
        self.message.push(row.message);
        self.evidence.push(row.evidence);
        self.params.push(row.params);
        self.rule_version.push(row.rule_version);
        self.detected_at.push(row.detected_at);
        self.route_target.push(row.route_target);
        self.route_township_id.push(row.route_township_id);
        self.route_village_id.push(row.route_village_id);
        self.route_dept.push(row.route_dept);
        self.color.push(row.color);
        self.ack_deadline.push(row.ack_deadline);
        self.close_deadline.push(row.close_deadline);
        self.disposition.push(row.disposition);
        self.escalations.push(row.escalations);
        self.late.push(row.late);
        self.also_notify.push(row.also_notify);
    }
}

/// Why an attempt at a batch failed: the database (maybe worth retrying) or the data.
enum Failure {
    Sql(sqlx::Error),
    Store(StoreError),
}

impl From<sqlx::Error> for Failure {
    fn from(e: sqlx::Error) -> Failure {
        Failure::Sql(e)
    }
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Failure {
        Failure::Store(e)
    }
}

fn is_retryable(error: &sqlx::Error) -> bool {
    // 40P01 deadlock_detected, 40001 serialization_failure.
    matches!(error, sqlx::Error::Database(db) if matches!(db.code().as_deref(), Some("40P01") | Some("40001")))
}

pub(crate) async fn upsert_alerts(pool: &PgPool, alerts: &[Alert]) -> Result<(), StoreError> {
    let alerts = distinct_by_id(alerts);
    let mut attempt = 1;
    loop {
        match try_upsert(pool, &alerts).await {
            Ok(()) => return Ok(()),
            Err(Failure::Sql(e)) if attempt < ATTEMPTS && is_retryable(&e) => {
                tracing::warn!(error = %e, attempt, "alert batch aborted by PostgreSQL; retrying");
                attempt += 1;
            }
            Err(Failure::Sql(e)) => {
                return Err(operation_error(Backend::Postgres, "upsert_alerts", &e))
            }
            Err(Failure::Store(e)) => return Err(e),
        }
    }
}

/// Rounds of compare-and-set before giving up on alerts other writers keep changing.
const MERGE_ROUNDS: usize = 10;

/// Inserts the alerts that are new, then adds evidence to those that existed by
/// compare-and-set on the evidence text: a row another writer changed in between fails the
/// comparison and is merged again from its new value. No row is locked or written unless it
/// gains evidence, so replaying a batch costs one read. `ON CONFLICT` waits for a concurrent
/// insert of the same alert to commit, and the alert is then merged like any existing one.
async fn try_upsert(pool: &PgPool, alerts: &[Cow<'_, Alert>]) -> Result<(), Failure> {
    let mut tx = pool.begin().await?;
    let ids: Vec<&str> = alerts.iter().map(|a| a.alert_id.as_str()).collect();
    let mut stored = read_evidence(&mut tx, &ids).await?;

    let fresh: Vec<&Alert> = alerts
        .iter()
        .map(|a| a.as_ref())
        .filter(|a| !stored.contains_key(&a.alert_id))
        .collect();
    if !fresh.is_empty() {
        let mut columns = AlertColumns::default();
        for alert in &fresh {
            columns.push(AlertRow::from_alert(alert)?);
        }
        let inserted: HashSet<String> = insert_new(&mut tx, &columns).await?.into_iter().collect();
        let raced: Vec<&str> = fresh
            .iter()
            .map(|a| a.alert_id.as_str())
            .filter(|id| !inserted.contains(*id))
            .collect();
        if !raced.is_empty() {
            stored.extend(read_evidence(&mut tx, &raced).await?);
        }
    }

    let mut pending: Vec<&Alert> = alerts
        .iter()
        .map(|a| a.as_ref())
        .filter(|a| stored.contains_key(&a.alert_id))
        .collect();
    for _ in 0..MERGE_ROUNDS {
        let mut update_ids = Vec::new();
        let mut old = Vec::new();
        let mut new = Vec::new();
        for alert in &pending {
            let Some(before) = stored.get(&alert.alert_id) else {
                continue;
            };
            if let Some(merged) = merged_evidence(alert, before)? {
                update_ids.push(alert.alert_id.as_str());
                old.push(before.as_str());
                new.push(merged);
            }
        }
        let updated: HashSet<String> = if update_ids.is_empty() {
            HashSet::new()
        } else {
            sqlx::query_scalar(
                "UPDATE alerts AS a SET evidence = u.new, updated_at = now() \
                 FROM UNNEST($1::text[], $2::text[], $3::text[]) AS u(alert_id, old, new) \
                 WHERE a.alert_id = u.alert_id AND a.evidence = u.old RETURNING a.alert_id",
            )
            .bind(&update_ids)
            .bind(&old)
            .bind(&new)
            .fetch_all(&mut *tx)
            .await?
            .into_iter()
            .collect()
        };
        // Left: alerts that had new evidence but whose row changed since it was read.
        let tried: HashSet<&str> = update_ids.into_iter().collect();
        pending.retain(|a| tried.contains(a.alert_id.as_str()) && !updated.contains(&a.alert_id));
        if pending.is_empty() {
            break;
        }
        let lost: Vec<&str> = pending.iter().map(|a| a.alert_id.as_str()).collect();
        stored = read_evidence(&mut tx, &lost).await?;
    }
    if !pending.is_empty() {
        return Err(Failure::Store(StoreError::Operation {
            operation: "upsert_alerts",
            message: format!(
                "the evidence of {} alerts kept changing under other writers; the batch was not stored, retry it",
                pending.len()
            ),
        }));
    }
    tx.commit().await?;
    Ok(())
}

/// The stored evidence text of those of `ids` that exist.
async fn read_evidence(
    tx: &mut PgConnection,
    ids: &[&str],
) -> Result<HashMap<String, String>, sqlx::Error> {
    Ok(
        sqlx::query_as("SELECT alert_id, evidence FROM alerts WHERE alert_id = ANY($1)")
            .bind(ids)
            .fetch_all(&mut *tx)
            .await?
            .into_iter()
            .collect(),
    )
}

/// Inserts the rows that don't exist yet; returns the ids actually inserted.
async fn insert_new(tx: &mut PgConnection, c: &AlertColumns) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(insert_sql())
        .bind(&c.alert_id)
        .bind(&c.threshold_id)
        .bind(&c.threshold_code)
        .bind(&c.category)
        .bind(&c.kind)
        .bind(&c.township_id)
        .bind(&c.village_id)
        .bind(&c.dedup_key)
        .bind(&c.message)
        .bind(&c.evidence)
        .bind(&c.params)
        .bind(&c.rule_version)
        .bind(&c.detected_at)
        .bind(&c.route_target)
        .bind(&c.route_township_id)
        .bind(&c.route_village_id)
        .bind(&c.route_dept)
        .bind(&c.color)
        .bind(&c.ack_deadline)
        .bind(&c.close_deadline)
        .bind(&c.disposition)
        .bind(&c.escalations)
        .bind(&c.late)
        .bind(&c.also_notify)
        .fetch_all(&mut *tx)
        .await
}

pub(crate) async fn save_rejects(
    pool: &PgPool,
    rejects: &[RejectedRecord],
) -> Result<(), StoreError> {
    let text = |field: fn(&RejectedRecord) -> &str| {
        rejects
            .iter()
            .map(|r| without_nul(field(r)))
            .collect::<Vec<_>>()
    };
    let event_ids: Vec<Option<String>> = rejects
        .iter()
        .map(|r| r.event_id.as_deref().map(without_nul))
        .collect();
    let raws: Vec<&[u8]> = rejects.iter().map(|r| r.raw.as_bytes()).collect();
    // ORDER BY ord makes the ids follow the batch order.
    sqlx::query(
        "INSERT INTO rejects (source, position, reason, detail, event_id, raw) \
         SELECT source, position, reason, detail, event_id, raw \
         FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bytea[]) \
         WITH ORDINALITY AS u(source, position, reason, detail, event_id, raw, ord) ORDER BY ord",
    )
    .bind(text(|r| &r.source))
    .bind(text(|r| &r.position))
    .bind(text(|r| &r.reason))
    .bind(text(|r| &r.detail))
    .bind(event_ids)
    .bind(raws)
    .execute(pool)
    .await
    .map_err(op("save_rejects"))?;
    Ok(())
}

pub(crate) async fn list_alerts(
    pool: &PgPool,
    filter: &AlertFilter,
) -> Result<Vec<Alert>, StoreError> {
    let sql = list_alerts_sql(filter, |n| format!("${n}"));
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

pub(crate) async fn list_rejects(pool: &PgPool) -> Result<Vec<RejectedRecord>, StoreError> {
    let rows: Vec<RejectRow> = sqlx::query_as(
        "SELECT source, position, reason, detail, event_id, raw FROM rejects ORDER BY id",
    )
    .fetch_all(pool)
    .await
    .map_err(op("list_rejects"))?;
    Ok(rows.into_iter().map(RejectRow::into_record).collect())
}
