//! [`CheckpointWrites`]: checkpoints being serialized and saved away from the consuming thread.
//! A partition's state (or what changed in it) is captured in a moment, sharing its events;
//! turning it into JSON and saving it happen on the runtime's threads, so the loop goes on
//! applying events meanwhile. Its offsets are committed only once the save is done.

use super::checkpoint;
use anyhow::Context;
use mingjing_connectors::SqlStore;
use mingjing_dashboard_api::metrics::Metrics;
use mingjing_engine::delta::CapturedDelta;
use mingjing_engine::snapshot::CapturedState;
use std::collections::BTreeMap;
use std::sync::Arc;
use tokio::runtime::Handle;
use tokio::task::JoinHandle;

/// Whether a checkpoint holds the whole state or the changes since the previous one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PieceKind {
    Base,
    Delta,
}

impl PieceKind {
    /// The `kind` label of the metrics.
    pub fn as_str(self) -> &'static str {
        match self {
            PieceKind::Base => "base",
            PieceKind::Delta => "delta",
        }
    }
}

/// What was captured: the whole state, or the changes since the piece numbered `follows`.
pub enum CapturedPiece {
    Base(CapturedState),
    Delta { follows: i64, delta: CapturedDelta },
}

/// A finished save: the kind, its size in bytes, and its sequence number (None when the store
/// refused a delta because the checkpoint had moved on).
type Outcome = (PieceKind, usize, Option<i64>);

/// One partition's checkpoint on its way to the store.
struct InFlight {
    /// The business offsets to commit when it is saved.
    business_offsets: Vec<(String, i32, u64)>,
    task: JoinHandle<anyhow::Result<Outcome>>,
}

/// A partition's checkpoint as captured on the consuming thread.
pub struct Capture {
    pub partition: i32,
    /// The row key.
    pub key: String,
    pub piece: CapturedPiece,
    /// Every input's resume offset, registry included, as stored.
    pub offsets_json: String,
    /// The business offsets to commit once it is saved.
    pub business_offsets: Vec<(String, i32, u64)>,
}

/// A finished checkpoint save.
pub struct Saved {
    pub partition: i32,
    pub kind: PieceKind,
    pub bytes: usize,
    /// The saved piece's sequence number; None for a delta the store refused because another
    /// instance had written the checkpoint since: nothing was saved.
    pub seq: Option<i64>,
    pub business_offsets: Vec<(String, i32, u64)>,
}

/// At most one checkpoint per partition in flight, so saves of a partition never overtake
/// each other and each delta follows the piece saved before it.
#[derive(Default)]
pub struct CheckpointWrites {
    in_flight: BTreeMap<i32, InFlight>,
}

impl CheckpointWrites {
    /// Whether a checkpoint of `partition` is being saved.
    pub fn is_saving(&self, partition: i32) -> bool {
        self.in_flight.contains_key(&partition)
    }

    /// Starts saving a captured checkpoint.
    pub fn start(
        &mut self,
        runtime: &Handle,
        store: &SqlStore,
        metrics: &Arc<Metrics>,
        capture: Capture,
    ) {
        let Capture {
            partition,
            key,
            piece,
            offsets_json,
            business_offsets,
        } = capture;
        let store = store.clone();
        let metrics = metrics.clone();
        let task = runtime.spawn(async move {
            match piece {
                CapturedPiece::Base(state) => {
                    let bytes = tokio::task::spawn_blocking(move || {
                        checkpoint::state_bytes(&state.into_snapshot())
                    })
                    .await
                    .context("serializing a checkpoint")?;
                    let _timer = metrics.store_timer("save_checkpoint");
                    let seq = store
                        .save_checkpoint(&key, &bytes, &offsets_json)
                        .await
                        .with_context(|| format!("saving the checkpoint {key}"))?;
                    Ok((PieceKind::Base, bytes.len(), Some(seq)))
                }
                CapturedPiece::Delta { follows, delta } => {
                    let bytes = tokio::task::spawn_blocking(move || {
                        checkpoint::delta_bytes(&delta.into_delta())
                    })
                    .await
                    .context("serializing a checkpoint delta")?;
                    let _timer = metrics.store_timer("save_checkpoint_delta");
                    let seq = store
                        .save_checkpoint_delta(&key, follows, &bytes, &offsets_json)
                        .await
                        .with_context(|| format!("saving a delta of the checkpoint {key}"))?;
                    Ok((PieceKind::Delta, bytes.len(), seq))
                }
            }
        });
        self.in_flight.insert(
            partition,
            InFlight {
                business_offsets,
                task,
            },
        );
    }

    /// The saves that have completed (all of `partitions`' when `wait_for` lists them, waiting
    /// for those). A failed save is an error: its partition's progress is not durable.
    pub fn collect(&mut self, runtime: &Handle, wait_for: &[i32]) -> anyhow::Result<Vec<Saved>> {
        let done: Vec<i32> = self
            .in_flight
            .iter()
            .filter(|(partition, f)| f.task.is_finished() || wait_for.contains(partition))
            .map(|(partition, _)| *partition)
            .collect();
        let mut saved = Vec::new();
        for partition in done {
            let Some(flight) = self.in_flight.remove(&partition) else {
                continue;
            };
            let (kind, bytes, seq) = runtime
                .block_on(flight.task)
                .context("a checkpoint save stopped")??;
            saved.push(Saved {
                partition,
                kind,
                bytes,
                seq,
                business_offsets: flight.business_offsets,
            });
        }
        Ok(saved)
    }
}
