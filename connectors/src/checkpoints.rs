//! Partition checkpoints in a [`SqlStore`]: a base state and the deltas written after it, with
//! the input offsets of the latest piece. A base is written now and then; in between, deltas
//! hold what changed, so a checkpoint costs what changed rather than the whole state.

use crate::checkpoint_queries::{postgres as postgres_checkpoints, sqlite as sqlite_checkpoints};
use crate::sql_store::{SqlPool, SqlStore};
use mingjing_engine::store::StoreError;

/// A partition's checkpoint as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredCheckpoint {
    /// The base state.
    pub base: Vec<u8>,
    /// The deltas written after the base, to apply in this order.
    pub deltas: Vec<Vec<u8>>,
    /// The input offsets of the latest piece, JSON: where the restored state resumes.
    pub offsets: String,
    /// The sequence number of the latest piece (base or delta); the next delta follows it.
    pub seq: i64,
}

impl SqlStore {
    /// Stores a base state of one partition with the input offsets it covers, replacing its
    /// previous base and dropping the deltas written after that, in one transaction. Returns
    /// the base's sequence number, which the next delta follows. `offsets_json` must be JSON.
    pub async fn save_checkpoint(
        &self,
        partition: &str,
        state: &[u8],
        offsets_json: &str,
    ) -> Result<i64, StoreError> {
        check_offsets("save_checkpoint", partition, offsets_json)?;
        match self.pool() {
            SqlPool::Sqlite(pool) => {
                sqlite_checkpoints::save_base(pool, partition, state, offsets_json).await
            }
            SqlPool::Postgres(pool) => {
                postgres_checkpoints::save_base(pool, partition, state, offsets_json).await
            }
        }
    }

    /// Adds a delta after the piece numbered `follows` and moves the partition's offsets to
    /// `offsets_json`, in one transaction. Returns the delta's sequence number, or None, with
    /// nothing written, when the latest stored piece is not `follows`: another instance has
    /// written the checkpoint since, and only a new base makes it whole again.
    pub async fn save_checkpoint_delta(
        &self,
        partition: &str,
        follows: i64,
        delta: &[u8],
        offsets_json: &str,
    ) -> Result<Option<i64>, StoreError> {
        check_offsets("save_checkpoint_delta", partition, offsets_json)?;
        match self.pool() {
            SqlPool::Sqlite(pool) => {
                sqlite_checkpoints::save_delta(pool, partition, follows, delta, offsets_json).await
            }
            SqlPool::Postgres(pool) => {
                postgres_checkpoints::save_delta(pool, partition, follows, delta, offsets_json)
                    .await
            }
        }
    }

    /// The checkpoint of a partition, if there is one, read in one transaction.
    pub async fn load_checkpoint(
        &self,
        partition: &str,
    ) -> Result<Option<StoredCheckpoint>, StoreError> {
        let loaded = match self.pool() {
            SqlPool::Sqlite(pool) => sqlite_checkpoints::load(pool, partition).await?,
            SqlPool::Postgres(pool) => postgres_checkpoints::load(pool, partition).await?,
        };
        let Some((base, offsets, seq, deltas)) = loaded else {
            return Ok(None);
        };
        // Each delta follows the one before and the last is the latest piece; a gap would
        // restore a state that never was.
        let first = seq - deltas.len() as i64 + 1;
        let numbered = deltas.iter().zip(first..).all(|((n, _), want)| *n == want);
        if !numbered {
            return Err(StoreError::Operation {
                operation: "load_checkpoint",
                message: format!(
                    "the deltas of checkpoint {partition} do not follow each other up to its latest piece {seq}; \
                     delete the checkpoint to rebuild the partition from the oldest offsets"
                ),
            });
        }
        Ok(Some(StoredCheckpoint {
            base,
            deltas: deltas.into_iter().map(|(_, state)| state).collect(),
            offsets,
            seq,
        }))
    }
}

/// What a backend reads: base, offsets, latest sequence number and the numbered deltas.
pub(crate) type LoadedRows = Option<(Vec<u8>, String, i64, Vec<(i64, Vec<u8>)>)>;

fn check_offsets(
    operation: &'static str,
    partition: &str,
    offsets_json: &str,
) -> Result<(), StoreError> {
    serde_json::from_str::<serde::de::IgnoredAny>(offsets_json)
        .map(|_| ())
        .map_err(|e| StoreError::Operation {
            operation,
            message: format!(
                "the offsets of partition {partition} are not JSON ({e}); this is a bug in the caller"
            ),
        })
}
