//! A partition's checkpoint: its state (as JSON) and the offsets it resumes from, stored in one
//! row under a key naming the consumer group and the partition.

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
pub fn parse(key: &str, state: &[u8], offsets: &str) -> anyhow::Result<Loaded> {
    let snapshot = serde_json::from_slice(state)
        .map_err(|e| anyhow::anyhow!("the checkpoint {key} has unreadable state: {e}"))?;
    let resume = serde_json::from_str(offsets)
        .map_err(|e| anyhow::anyhow!("the checkpoint {key} has unreadable offsets: {e}"))?;
    Ok(Loaded { snapshot, resume })
}

/// The state as stored.
pub fn state_bytes(snapshot: &StateSnapshot) -> Vec<u8> {
    serde_json::to_vec(snapshot).expect("a state snapshot always serializes")
}
