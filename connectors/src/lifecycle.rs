//! [`LifecycleStore`] for [`SqlStore`]: officer actions, the audit trail and the escalation
//! sweep, on SQLite and PostgreSQL alike.

use crate::lifecycle_queries::{postgres as postgres_lifecycle, sqlite as sqlite_lifecycle};
use crate::sql_store::{SqlPool, SqlStore};
use mingjing_engine::lifecycle::{Action, ActionError, AuditEntry, LifecycleStore, TrackedAlert};
use mingjing_engine::store::StoreError;
use mingjing_engine::users::User;
use mingjing_engine::values::Timestamp;

impl LifecycleStore for SqlStore {
    async fn tracked_alert(&self, alert_id: &str) -> Result<Option<TrackedAlert>, StoreError> {
        match self.pool() {
            SqlPool::Sqlite(pool) => sqlite_lifecycle::tracked_alert(pool, alert_id).await,
            SqlPool::Postgres(pool) => postgres_lifecycle::tracked_alert(pool, alert_id).await,
        }
    }

    async fn act(
        &self,
        alert_id: &str,
        expected_version: Option<i64>,
        user: &User,
        action: &Action,
        at: Timestamp,
    ) -> Result<TrackedAlert, ActionError> {
        match self.pool() {
            SqlPool::Sqlite(pool) => {
                sqlite_lifecycle::act(pool, alert_id, expected_version, user, action, at).await
            }
            SqlPool::Postgres(pool) => {
                postgres_lifecycle::act(pool, alert_id, expected_version, user, action, at).await
            }
        }
    }

    async fn audit_trail(&self, alert_id: &str) -> Result<Vec<AuditEntry>, StoreError> {
        match self.pool() {
            SqlPool::Sqlite(pool) => sqlite_lifecycle::audit_trail(pool, alert_id).await,
            SqlPool::Postgres(pool) => postgres_lifecycle::audit_trail(pool, alert_id).await,
        }
    }

    async fn escalate_due(&self, now: Timestamp) -> Result<Vec<AuditEntry>, StoreError> {
        match self.pool() {
            SqlPool::Sqlite(pool) => sqlite_lifecycle::escalate_due(pool, now).await,
            SqlPool::Postgres(pool) => postgres_lifecycle::escalate_due(pool, now).await,
        }
    }
}
