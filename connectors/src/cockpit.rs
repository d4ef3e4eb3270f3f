//! [`CockpitStore`] for [`SqlStore`]: the alerts of a city, township or village with their
//! lifecycle, without the evidence, params and message the statistics don't read.

use crate::error::{operation_error, Backend};
use crate::lifecycle_rows::{tracked_columns, TrackedRow};
use crate::sql_store::{SqlPool, SqlStore};
use mingjing_engine::cockpit::{CockpitScope, CockpitStore};
use mingjing_engine::lifecycle::TrackedAlert;
use mingjing_engine::store::StoreError;

const OPERATION: &str = "cockpit_alerts";

/// The tracked columns with the heavy ones read as empty values of their kind.
fn light_columns() -> String {
    tracked_columns()
        .replace("message,", "'' AS message,")
        .replace("evidence,", "'[]' AS evidence,")
        .replace("params,", "'{}' AS params,")
}

/// The WHERE clause of a scope and the value it binds, with `p` the placeholder prefix.
fn scope_clause(scope: &CockpitScope, p: &str) -> (String, Option<String>) {
    match scope {
        CockpitScope::City => (String::new(), None),
        CockpitScope::Township(id) => (format!(" WHERE township_id = {p}1"), Some(id.clone())),
        CockpitScope::Village(id) => (format!(" WHERE village_id = {p}1"), Some(id.clone())),
    }
}

impl CockpitStore for SqlStore {
    async fn cockpit_alerts(&self, scope: &CockpitScope) -> Result<Vec<TrackedAlert>, StoreError> {
        let (backend, p) = match self.pool() {
            SqlPool::Sqlite(_) => (Backend::Sqlite, "?"),
            SqlPool::Postgres(_) => (Backend::Postgres, "$"),
        };
        let (clause, bound) = scope_clause(scope, p);
        let sql = format!("SELECT {} FROM alerts{clause}", light_columns());
        let failed = |e: sqlx::Error| operation_error(backend, OPERATION, &e);
        let rows: Vec<TrackedRow> = match self.pool() {
            SqlPool::Sqlite(pool) => {
                let mut query = sqlx::query_as(&sql);
                if let Some(value) = &bound {
                    query = query.bind(value);
                }
                query.fetch_all(pool).await.map_err(failed)?
            }
            SqlPool::Postgres(pool) => {
                let mut query = sqlx::query_as(&sql);
                if let Some(value) = &bound {
                    query = query.bind(value);
                }
                query.fetch_all(pool).await.map_err(failed)?
            }
        };
        rows.into_iter()
            .map(|row| row.into_tracked(OPERATION))
            .collect()
    }

    async fn open_alert_counts(&self) -> Result<Vec<(String, String, i64)>, StoreError> {
        const SQL: &str = "SELECT color, \
            CASE WHEN route_target = 'dept' THEN 'dept:' || COALESCE(route_dept, '') \
            ELSE route_target END AS holder, COUNT(*) AS alerts \
            FROM alerts WHERE color <> 'green' GROUP BY 1, 2 ORDER BY 1, 2";
        const OP: &str = "open_alert_counts";
        match self.pool() {
            SqlPool::Sqlite(pool) => sqlx::query_as(SQL)
                .fetch_all(pool)
                .await
                .map_err(|e| operation_error(Backend::Sqlite, OP, &e)),
            SqlPool::Postgres(pool) => sqlx::query_as(SQL)
                .fetch_all(pool)
                .await
                .map_err(|e| operation_error(Backend::Postgres, OP, &e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::light_columns;

    #[test]
    fn heavy_columns_are_read_empty() {
        let columns = light_columns();
        assert!(columns.contains("'' AS message"), "{columns}");
        assert!(columns.contains("'[]' AS evidence"), "{columns}");
        assert!(columns.contains("'{}' AS params"), "{columns}");
        assert!(columns.contains("escalations"), "{columns}");
    }
}
