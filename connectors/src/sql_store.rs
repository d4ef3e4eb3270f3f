//! [`SqlStore`]: alerts, rejects and checkpoints in a SQLite file or a PostgreSQL database.

use crate::alert_row::ALERT_COLUMNS;
use crate::error::Backend;
use crate::{postgres_store, sqlite_store};
use mingjing_engine::alert::Alert;
use mingjing_engine::store::{AlertFilter, AlertStore, RejectedRecord, StoreError};
use sqlx::{PgPool, SqlitePool};

/// The connection pool behind a [`SqlStore`], for code that needs its own queries (the
/// dashboard's lifecycle updates, tests).
#[derive(Clone, Debug)]
pub enum SqlPool {
    /// A SQLite file (or in-memory database).
    Sqlite(SqlitePool),
    /// A PostgreSQL database.
    Postgres(PgPool),
}

/// An [`AlertStore`] in SQL: a SQLite file (the embedded default) or PostgreSQL (production).
///
/// The schema is created or brought up to date by [`SqlStore::connect`]. Cloning is cheap and
/// shares the pool.
#[derive(Clone, Debug)]
pub struct SqlStore {
    pool: SqlPool,
    location: String,
}

impl SqlStore {
    /// Opens the store at `location` and applies the schema migrations.
    ///
    /// `location` is a `postgres://` or `postgresql://` URL, a `sqlite:` URL, or a plain path to
    /// a SQLite file (created if missing). SQLite files use WAL journaling and wait up to
    /// 10 seconds for another writer.
    pub async fn connect(location: &str) -> Result<SqlStore, StoreError> {
        if is_postgres_url(location) {
            let (pool, location) = postgres_store::connect(location).await?;
            Ok(SqlStore {
                pool: SqlPool::Postgres(pool),
                location,
            })
        } else {
            let (pool, location) = sqlite_store::connect(location).await?;
            Ok(SqlStore {
                pool: SqlPool::Sqlite(pool),
                location,
            })
        }
    }

    /// The pool, for queries of your own.
    pub fn pool(&self) -> &SqlPool {
        &self.pool
    }

    /// Which database this store uses.
    pub fn backend(&self) -> Backend {
        match self.pool {
            SqlPool::Sqlite(_) => Backend::Sqlite,
            SqlPool::Postgres(_) => Backend::Postgres,
        }
    }

    /// Where the store is, without any password: fit for logs and messages.
    pub fn location(&self) -> &str {
        &self.location
    }

    /// Closes every connection, waiting for those in use to be returned.
    pub async fn close(&self) {
        match &self.pool {
            SqlPool::Sqlite(pool) => pool.close().await,
            SqlPool::Postgres(pool) => pool.close().await,
        }
    }
}

impl AlertStore for SqlStore {
    /// Inserts new alerts whole; an alert already stored keeps its lifecycle (color, route,
    /// disposition, escalations) and only gains evidence. The batch is one transaction.
    async fn upsert_alerts(&self, alerts: &[Alert]) -> Result<(), StoreError> {
        if alerts.is_empty() {
            return Ok(());
        }
        match &self.pool {
            SqlPool::Sqlite(pool) => sqlite_store::upsert_alerts(pool, alerts).await,
            SqlPool::Postgres(pool) => postgres_store::upsert_alerts(pool, alerts).await,
        }
    }

    async fn save_rejects(&self, rejects: &[RejectedRecord]) -> Result<(), StoreError> {
        if rejects.is_empty() {
            return Ok(());
        }
        match &self.pool {
            SqlPool::Sqlite(pool) => sqlite_store::save_rejects(pool, rejects).await,
            SqlPool::Postgres(pool) => postgres_store::save_rejects(pool, rejects).await,
        }
    }

    async fn list_alerts(&self, filter: &AlertFilter) -> Result<Vec<Alert>, StoreError> {
        match &self.pool {
            SqlPool::Sqlite(pool) => sqlite_store::list_alerts(pool, filter).await,
            SqlPool::Postgres(pool) => postgres_store::list_alerts(pool, filter).await,
        }
    }

    async fn list_rejects(&self) -> Result<Vec<RejectedRecord>, StoreError> {
        match &self.pool {
            SqlPool::Sqlite(pool) => sqlite_store::list_rejects(pool).await,
            SqlPool::Postgres(pool) => postgres_store::list_rejects(pool).await,
        }
    }
}

/// Whether `location` names a PostgreSQL database rather than a SQLite file.
pub fn is_postgres_url(location: &str) -> bool {
    let lower = location.get(..13).unwrap_or(location).to_ascii_lowercase();
    lower.starts_with("postgres://") || lower.starts_with("postgresql://")
}

/// The `list_alerts` query; `placeholder(n)` spells the n-th bind parameter. The binds are, in
/// order and only when set: threshold_id, village_id, limit.
pub(crate) fn list_alerts_sql(
    filter: &AlertFilter,
    placeholder: impl Fn(usize) -> String,
) -> String {
    let mut conditions = Vec::new();
    let mut binds = 0;
    let mut next = || {
        binds += 1;
        placeholder(binds)
    };
    if filter.threshold_id.is_some() {
        conditions.push(format!("threshold_id = {}", next()));
    }
    if filter.village_id.is_some() {
        conditions.push(format!("village_id = {}", next()));
    }
    let mut sql = format!("SELECT {ALERT_COLUMNS} FROM alerts");
    if !conditions.is_empty() {
        sql.push_str(" WHERE ");
        sql.push_str(&conditions.join(" AND "));
    }
    sql.push_str(" ORDER BY alert_id");
    if filter.limit.is_some() {
        sql.push_str(&format!(" LIMIT {}", next()));
    }
    sql
}

/// A limit as SQL wants it.
pub(crate) fn sql_limit(limit: usize) -> i64 {
    i64::try_from(limit).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_postgres_urls() {
        assert!(is_postgres_url("postgres://u@h/db"));
        assert!(is_postgres_url("PostgreSQL://u@h/db"));
        assert!(!is_postgres_url("sqlite:alerts.db"));
        assert!(!is_postgres_url("postgres.db"));
        assert!(!is_postgres_url("数据/alerts.db"));
    }

    #[test]
    fn list_query_binds_in_order() {
        let filter = AlertFilter {
            threshold_id: None,
            village_id: Some("v".into()),
            limit: Some(3),
        };
        let sql = list_alerts_sql(&filter, |n| format!("${n}"));
        assert!(
            sql.ends_with("WHERE village_id = $1 ORDER BY alert_id LIMIT $2"),
            "{sql}"
        );
    }
}
