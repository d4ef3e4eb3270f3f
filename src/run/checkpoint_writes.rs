//! [`CheckpointWrites`]: checkpoints being serialized and saved away from the consuming thread.
//! A partition's state is captured in a moment (it shares its events); turning it into JSON and
//! saving it take seconds for a large partition and happen on the runtime's threads, so the
//! loop goes on applying events meanwhile. Its offsets are committed only once the save is done.

use super::checkpoint;
use anyhow::Context;
use mingjing_connectors::SqlStore;
use mingjing_engine::snapshot::CapturedState;
use std::collections::BTreeMap;
use tokio::runtime::Handle;
use tokio::task::JoinHandle;

/// One partition's checkpoint on its way to the store.
struct InFlight {
    /// The business offsets to commit when it is saved.
    business_offsets: Vec<(String, i32, u64)>,
    /// The saved state's size in bytes.
    task: JoinHandle<anyhow::Result<usize>>,
}

/// A partition's checkpoint as captured on the consuming thread.
pub struct Capture {
    pub partition: i32,
    /// The row key.
    pub key: String,
    pub state: CapturedState,
    /// Every input's resume offset, registry included, as stored.
    pub offsets_json: String,
    /// The business offsets to commit once it is saved.
    pub business_offsets: Vec<(String, i32, u64)>,
}

/// A saved checkpoint: what to commit now.
pub struct Saved {
    pub partition: i32,
    pub bytes: usize,
    pub business_offsets: Vec<(String, i32, u64)>,
}

/// At most one checkpoint per partition in flight, so saves of a partition never overtake
/// each other.
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
    pub fn start(&mut self, runtime: &Handle, store: &SqlStore, capture: Capture) {
        let Capture {
            partition,
            key,
            state,
            offsets_json,
            business_offsets,
        } = capture;
        let store = store.clone();
        let task = runtime.spawn(async move {
            let bytes = tokio::task::spawn_blocking(move || {
                checkpoint::state_bytes(&state.into_snapshot())
            })
            .await
            .context("serializing a checkpoint")?;
            store
                .save_checkpoint(&key, &bytes, &offsets_json)
                .await
                .with_context(|| format!("saving the checkpoint {key}"))?;
            Ok(bytes.len())
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
            let bytes = runtime
                .block_on(flight.task)
                .context("a checkpoint save stopped")??;
            saved.push(Saved {
                partition,
                bytes,
                business_offsets: flight.business_offsets,
            });
        }
        Ok(saved)
    }
}
