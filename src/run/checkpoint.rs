//! A partition's checkpoint: its state (as JSON: a base snapshot and the deltas after it) and
//! the offsets it resumes from, stored under a key naming the consumer group and the partition.

use mingjing_connectors::StoredCheckpoint;
use mingjing_engine::delta::StateDelta;
use mingjing_engine::snapshot::StateSnapshot;
use serde::{Deserialize, Serialize};

/// Where one input resumes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResumePoint {
    pub topic: String,
    pub partition: i32,
    pub next_offset: u64,
}

/// The row key of a business partition's checkpoint: two groups on one database do not share.
pub fn key(group: &str, partition: i32) -> String {
    format!("{group}/{partition}")
}

/// The offsets as stored.
pub fn offsets_json(offsets: &[(String, i32, u64)]) -> String {
    let points: Vec<ResumePoint> = offsets
        .iter()
        .map(|(topic, partition, next_offset)| ResumePoint {
            topic: topic.clone(),
            partition: *partition,
            next_offset: *next_offset,
        })
        .collect();
    serde_json::to_string(&points).expect("offsets always serialize")
}

/// A stored checkpoint read back.
pub struct Loaded {
    pub snapshot: StateSnapshot,
    /// To apply to the snapshot in this order.
    pub deltas: Vec<StateDelta>,
    pub resume: Vec<ResumePoint>,
}

impl Loaded {
    /// Where `topic`/`partition` resumes, if the checkpoint knows it.
    pub fn next_offset(&self, topic: &str, partition: i32) -> Option<u64> {
        self.resume
            .iter()
            .find(|p| p.topic == topic && p.partition == partition)
            .map(|p| p.next_offset)
    }
}

/// Parses a stored checkpoint; an unreadable one is an error naming the key.
pub fn parse(key: &str, stored: &StoredCheckpoint) -> anyhow::Result<Loaded> {
    let snapshot = serde_json::from_slice(&stored.base)
        .map_err(|e| anyhow::anyhow!("the checkpoint {key} has unreadable state: {e}"))?;
    let deltas = stored
        .deltas
        .iter()
        .enumerate()
        .map(|(n, delta)| {
            serde_json::from_slice(delta).map_err(|e| {
                anyhow::anyhow!(
                    "the checkpoint {key} has an unreadable delta (number {} after the base): {e}",
                    n + 1
                )
            })
        })
        .collect::<anyhow::Result<_>>()?;
    let resume = serde_json::from_str(&stored.offsets)
        .map_err(|e| anyhow::anyhow!("the checkpoint {key} has unreadable offsets: {e}"))?;
    Ok(Loaded {
        snapshot,
        deltas,
        resume,
    })
}

/// A base state as stored.
pub fn state_bytes(snapshot: &StateSnapshot) -> Vec<u8> {
    serde_json::to_vec(snapshot).expect("a state snapshot always serializes")
}

/// A delta as stored.
pub fn delta_bytes(delta: &StateDelta) -> Vec<u8> {
    serde_json::to_vec(delta).expect("a state delta always serializes")
}
