//! The checkpoint queries, written once for both backends. They differ only in dialect: the
//! parameter sign, the clock, and how a transaction keeps concurrent writers apart.
//!
//! - PostgreSQL: a delta's UPDATE takes the checkpoint row's lock; a concurrent writer's UPDATE
//!   waits for it and then finds `seq` moved on. Loading reads base and deltas in one
//!   repeatable-read snapshot, so a base written between the two reads cannot drop the deltas.
//! - SQLite: every write takes the database's write lock up front (BEGIN IMMEDIATE), so the
//!   sequence check and the write see the same checkpoint; a read transaction sees one version
//!   of the database (WAL).

macro_rules! checkpoint_queries {
    ($module:ident, $pool:ty, $backend:expr,
     begin_write = $begin_write:literal, begin_read = $begin_read:literal,
     now = $now:literal, param = $p:literal) => {
        pub(crate) mod $module {
            use crate::checkpoints::LoadedRows;
            use crate::error::{operation_error, Backend};
            use mingjing_engine::store::StoreError;

            fn op(operation: &'static str) -> impl Fn(sqlx::Error) -> StoreError {
                move |e| operation_error($backend, operation, &e)
            }

            pub(crate) async fn save_base(
                pool: &$pool,
                partition: &str,
                state: &[u8],
                offsets_json: &str,
            ) -> Result<i64, StoreError> {
                let err = op("save_checkpoint");
                let mut tx = pool.begin_with($begin_write).await.map_err(&err)?;
                let seq: i64 = sqlx::query_scalar(&format!(
                    "INSERT INTO checkpoints (partition_key, state, offsets, seq, updated_at) \
                     VALUES ({p}1, {p}2, {p}3, 1, {now}) \
                     ON CONFLICT (partition_key) DO UPDATE \
                     SET state = excluded.state, offsets = excluded.offsets, \
                         seq = checkpoints.seq + 1, updated_at = excluded.updated_at \
                     RETURNING seq",
                    p = $p,
                    now = $now
                ))
                .bind(partition)
                .bind(state)
                .bind(offsets_json)
                .fetch_one(&mut *tx)
                .await
                .map_err(&err)?;
                sqlx::query(&format!(
                    "DELETE FROM checkpoint_deltas WHERE partition_key = {p}1",
                    p = $p
                ))
                .bind(partition)
                .execute(&mut *tx)
                .await
                .map_err(&err)?;
                tx.commit().await.map_err(&err)?;
                Ok(seq)
            }

            pub(crate) async fn save_delta(
                pool: &$pool,
                partition: &str,
                follows: i64,
                delta: &[u8],
                offsets_json: &str,
            ) -> Result<Option<i64>, StoreError> {
                let err = op("save_checkpoint_delta");
                let mut tx = pool.begin_with($begin_write).await.map_err(&err)?;
                let moved = sqlx::query(&format!(
                    "UPDATE checkpoints SET offsets = {p}1, seq = seq + 1, updated_at = {now} \
                     WHERE partition_key = {p}2 AND seq = {p}3",
                    p = $p,
                    now = $now
                ))
                .bind(offsets_json)
                .bind(partition)
                .bind(follows)
                .execute(&mut *tx)
                .await
                .map_err(&err)?
                .rows_affected();
                if moved == 0 {
                    tx.rollback().await.map_err(&err)?;
                    return Ok(None);
                }
                let seq = follows + 1;
                sqlx::query(&format!(
                    "INSERT INTO checkpoint_deltas (partition_key, seq, state) VALUES ({p}1, {p}2, {p}3)",
                    p = $p
                ))
                .bind(partition)
                .bind(seq)
                .bind(delta)
                .execute(&mut *tx)
                .await
                .map_err(&err)?;
                tx.commit().await.map_err(&err)?;
                Ok(Some(seq))
            }

            pub(crate) async fn load(
                pool: &$pool,
                partition: &str,
            ) -> Result<LoadedRows, StoreError> {
                let err = op("load_checkpoint");
                let mut tx = pool.begin_with($begin_read).await.map_err(&err)?;
                let row: Option<(Vec<u8>, String, i64)> = sqlx::query_as(&format!(
                    "SELECT state, offsets, seq FROM checkpoints WHERE partition_key = {p}1",
                    p = $p
                ))
                .bind(partition)
                .fetch_optional(&mut *tx)
                .await
                .map_err(&err)?;
                let Some((base, offsets, seq)) = row else {
                    return Ok(None);
                };
                let deltas: Vec<(i64, Vec<u8>)> = sqlx::query_as(&format!(
                    "SELECT seq, state FROM checkpoint_deltas WHERE partition_key = {p}1 ORDER BY seq",
                    p = $p
                ))
                .bind(partition)
                .fetch_all(&mut *tx)
                .await
                .map_err(&err)?;
                tx.commit().await.map_err(&err)?;
                Ok(Some((base, offsets, seq, deltas)))
            }
        }
    };
}

checkpoint_queries!(
    postgres,
    sqlx::PgPool,
    Backend::Postgres,
    begin_write = "BEGIN",
    begin_read = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
    now = "now()",
    param = "$"
);

checkpoint_queries!(
    sqlite,
    sqlx::SqlitePool,
    Backend::Sqlite,
    begin_write = "BEGIN IMMEDIATE",
    begin_read = "BEGIN",
    now = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
    param = "?"
);
