//! The lifecycle queries (officer actions, audit trail, escalation sweep), written once for both
//! backends as the checkpoint queries are.
//!
//! Every change is a compare-and-set on the alert's version inside a write transaction that
//! also appends the audit entries, so a change and its record commit together or not at all.
//! - SQLite: BEGIN IMMEDIATE takes the database's write lock before the alert is read, so no
//!   other writer can come between the read and the write.
//! - PostgreSQL: the UPDATE ... WHERE version = read version takes the row lock; a concurrent
//!   transaction that read the same version waits, then finds the version moved on and updates
//!   nothing. The loser reads the alert again: with a version from the caller, it reports the
//!   conflict; without one, it applies the action to the alert as it now is.

macro_rules! lifecycle_queries {
    ($module:ident, $pool:ty, $conn:ty, $backend:expr,
     begin_write = $begin_write:literal, now = $now:literal, param = $p:literal) => {
        pub(crate) mod $module {
            use crate::error::{operation_error, Backend};
            use crate::lifecycle_rows::{tracked_columns, AuditRow, LifecycleWrite, TrackedRow, AUDIT_COLUMNS};
            use mingjing_engine::escalation::escalate_all;
            use mingjing_engine::lifecycle::transition;
            use mingjing_engine::lifecycle::{Action, ActionError, AuditEntry, TrackedAlert};
            use mingjing_engine::routing::policy;
            use mingjing_engine::scope::may_see;
            use mingjing_engine::store::StoreError;
            use mingjing_engine::users::User;
            use mingjing_engine::values::Timestamp;

            /// Reads and writes of one alert before giving up on one that others keep changing.
            const ATTEMPTS: usize = 5;
            /// Alerts looked at per transaction of the escalation sweep.
            const SWEEP_CHUNK: usize = 500;

            fn op(operation: &'static str) -> impl Fn(sqlx::Error) -> StoreError {
                move |e| operation_error($backend, operation, &e)
            }

            async fn load(
                conn: &mut $conn,
                alert_id: &str,
                operation: &'static str,
            ) -> Result<Option<TrackedAlert>, StoreError> {
                let row: Option<TrackedRow> = sqlx::query_as(&format!(
                    "SELECT {} FROM alerts WHERE alert_id = {p}1",
                    tracked_columns(),
                    p = $p
                ))
                .bind(alert_id)
                .fetch_optional(&mut *conn)
                .await
                .map_err(op(operation))?;
                row.map(|r| r.into_tracked(operation)).transpose()
            }

            /// Writes the lifecycle of `next` if the stored version is still `read_version`.
            /// Returns whether it was written.
            async fn write(
                conn: &mut $conn,
                next: &TrackedAlert,
                read_version: i64,
                operation: &'static str,
            ) -> Result<bool, StoreError> {
                let w = LifecycleWrite::of(next, operation)?;
                let written = sqlx::query(&format!(
                    "UPDATE alerts SET route_target = {p}1, route_township_id = {p}2, \
                     route_village_id = {p}3, route_dept = {p}4, color = {p}5, disposition = {p}6, \
                     escalations = {p}7, ack_deadline = {p}8, close_deadline = {p}9, \
                     acknowledged_at = {p}10, closed_at = {p}11, next_deadline_nanos = {p}12, \
                     version = {p}13, updated_at = {now} \
                     WHERE alert_id = {p}14 AND version = {p}15",
                    p = $p,
                    now = $now
                ))
                .bind(w.route_target)
                .bind(w.route_township_id)
                .bind(w.route_village_id)
                .bind(w.route_dept)
                .bind(w.color)
                .bind(w.disposition)
                .bind(w.escalations)
                .bind(w.ack_deadline)
                .bind(w.close_deadline)
                .bind(w.acknowledged_at)
                .bind(w.closed_at)
                .bind(w.next_deadline_nanos)
                .bind(w.version)
                .bind(w.alert_id)
                .bind(read_version)
                .execute(&mut *conn)
                .await
                .map_err(op(operation))?
                .rows_affected();
                Ok(written == 1)
            }

            async fn append(
                conn: &mut $conn,
                entry: &AuditEntry,
                operation: &'static str,
            ) -> Result<(), StoreError> {
                let row = AuditRow::from_entry(entry, operation)?;
                sqlx::query(&format!(
                    "INSERT INTO alert_audit ({AUDIT_COLUMNS}) VALUES \
                     ({p}1, {p}2, {p}3, {p}4, {p}5, {p}6, {p}7, {p}8, {p}9, {p}10, {p}11)",
                    p = $p
                ))
                .bind(row.alert_id)
                .bind(row.version)
                .bind(row.at)
                .bind(row.actor)
                .bind(row.action)
                .bind(row.from_color)
                .bind(row.to_color)
                .bind(row.from_route)
                .bind(row.to_route)
                .bind(row.disposition)
                .bind(row.note)
                .execute(&mut *conn)
                .await
                .map_err(op(operation))?;
                Ok(())
            }

            pub(crate) async fn tracked_alert(
                pool: &$pool,
                alert_id: &str,
            ) -> Result<Option<TrackedAlert>, StoreError> {
                let mut conn = pool.acquire().await.map_err(op("tracked_alert"))?;
                load(&mut conn, alert_id, "tracked_alert").await
            }

            pub(crate) async fn audit_trail(
                pool: &$pool,
                alert_id: &str,
            ) -> Result<Vec<AuditEntry>, StoreError> {
                let rows: Vec<AuditRow> = sqlx::query_as(&format!(
                    "SELECT {AUDIT_COLUMNS} FROM alert_audit WHERE alert_id = {p}1 ORDER BY id",
                    p = $p
                ))
                .bind(alert_id)
                .fetch_all(pool)
                .await
                .map_err(op("audit_trail"))?;
                rows.into_iter().map(AuditRow::into_entry).collect()
            }

            pub(crate) async fn act(
                pool: &$pool,
                alert_id: &str,
                expected_version: Option<i64>,
                user: &User,
                action: &Action,
                at: Timestamp,
            ) -> Result<TrackedAlert, ActionError> {
                const OP: &str = "act";
                let not_found = || ActionError::NotFound(alert_id.to_string());
                for _ in 0..ATTEMPTS {
                    let mut tx = pool.begin_with($begin_write).await.map_err(op(OP))?;
                    let Some(current) = load(&mut tx, alert_id, OP).await? else {
                        return Err(not_found());
                    };
                    let (next, entry) =
                        transition::apply_at_version(&current, expected_version, user, action, at)?;
                    if !write(&mut tx, &next, current.version, OP).await? {
                        if expected_version.is_none() {
                            continue;
                        }
                        return match load(&mut tx, alert_id, OP).await? {
                            Some(now) if may_see(user, &now.alert) => Err(ActionError::Conflict {
                                why: "another action on the alert came first".to_string(),
                                current: Box::new(now),
                            }),
                            _ => Err(not_found()),
                        };
                    }
                    append(&mut tx, &entry, OP).await?;
                    tx.commit().await.map_err(op(OP))?;
                    return Ok(next);
                }
                Err(ActionError::Store(StoreError::Operation {
                    operation: OP,
                    message: format!("alert {alert_id} kept changing under other writers; try again"),
                }))
            }

            pub(crate) async fn escalate_due(
                pool: &$pool,
                now: Timestamp,
            ) -> Result<Vec<AuditEntry>, StoreError> {
                const OP: &str = "escalate_due";
                // The due alerts through the deadline index: a sweep runs after every batch of
                // events, and reading the whole table in alert_id order each time grows with
                // every alert ever raised.
                let mut due: Vec<String> = sqlx::query_scalar(&format!(
                    "SELECT alert_id FROM alerts \
                     WHERE next_deadline_nanos < {p}1 OR next_deadline_nanos IS NULL",
                    p = $p
                ))
                .bind(now.nanos())
                .fetch_all(pool)
                .await
                .map_err(op(OP))?;
                // In alert_id order, a chunk per transaction; concurrent sweeps then take row
                // locks in the same order.
                due.sort_unstable();
                let mut applied = Vec::new();
                for chunk in due.chunks(SWEEP_CHUNK) {
                    let mut tx = pool.begin_with($begin_write).await.map_err(op(OP))?;
                    for alert_id in chunk {
                        // Read again inside the transaction: an officer may have acted since.
                        let Some(mut current) = load(&mut tx, alert_id, OP).await? else {
                            continue;
                        };
                        for _ in 0..ATTEMPTS {
                            let policy = policy(current.alert.kind);
                            let (next, entries) = escalate_all(&current, &policy, now);
                            // Written even when nothing is due, to keep the next deadline.
                            if write(&mut tx, &next, current.version, OP).await? {
                                for entry in &entries {
                                    append(&mut tx, entry, OP).await?;
                                }
                                applied.extend(entries);
                                break;
                            }
                            // An officer changed it since it was read: look again.
                            match load(&mut tx, &current.alert.alert_id, OP).await? {
                                Some(again) => current = again,
                                None => break,
                            }
                        }
                    }
                    tx.commit().await.map_err(op(OP))?;
                }
                Ok(applied)
            }
        }
    };
}

lifecycle_queries!(
    postgres,
    sqlx::PgPool,
    sqlx::PgConnection,
    Backend::Postgres,
    begin_write = "BEGIN",
    now = "now()",
    param = "$"
);

lifecycle_queries!(
    sqlite,
    sqlx::SqlitePool,
    sqlx::SqliteConnection,
    Backend::Sqlite,
    begin_write = "BEGIN IMMEDIATE",
    now = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
    param = "?"
);
