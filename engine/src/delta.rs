//! Delta checkpoints: what changed in a partition's state since the last capture. The state
//! grows with history (records while live, seen ids for the dedup retention), so a full
//! snapshot grows with it; a delta holds only the records and seen ids that changed, and the
//! small parts whole. Restoring a base snapshot and then each later delta in order gives the
//! state as it was at the last delta.

use crate::event::DecodeOptions;
use crate::records::EventRef;
use crate::snapshot::{is_registry_key, plain_records, plain_seen, RegistryRecords, RestoreError};
use crate::state::{PartitionState, SeenEvent};
use crate::timers::Timer;
use crate::values::{Text, Timestamp};
use crate::whole_parts::{decode_stored, PlainKeyed, StoredWholeParts, WholeParts};
use serde::{Deserialize, Serialize};

/// The changes since the last capture, in serializable form.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StateDelta {
    pub event_time: Option<Timestamp>,
    /// The whole lateness buffer.
    pub buffer: Vec<serde_json::Value>,
    /// Ids seen since: (event_id, content hash, occurred_at in nanoseconds).
    pub seen: Vec<(String, u64, i64)>,
    /// Ids forgotten since (past the dedup retention).
    pub seen_forgotten: Vec<String>,
    /// Records with a new live version: created, replaced, or back after an expiry.
    pub records: Vec<serde_json::Value>,
    /// (record key, occurred_at, event_id) of records deleted since.
    pub tombstones: Vec<(String, Timestamp, String)>,
    /// Keys of records that have neither a live version nor a tombstone now (expired).
    pub records_gone: Vec<String>,
    /// Every armed timer.
    pub timers: Vec<Timer>,
    /// Every keyed value: (threshold id, key, value, expiry in nanoseconds).
    pub keyed: Vec<PlainKeyed>,
    /// Every known village: (village, township, first seen).
    pub known_villages: Vec<(String, String, Timestamp)>,
}

/// The changes since the last capture, sharing their events with the live state: taken on the
/// processing thread in time proportional to the changes, turned into a [`StateDelta`]
/// elsewhere.
pub struct CapturedDelta {
    whole: WholeParts,
    seen: Vec<(Text, u64, i64)>,
    seen_forgotten: Vec<Text>,
    records: Vec<EventRef>,
    tombstones: Vec<(String, Timestamp, String)>,
    records_gone: Vec<String>,
}

impl CapturedDelta {
    /// The plain-data form, in a deterministic order.
    pub fn into_delta(self) -> StateDelta {
        let mut seen_forgotten: Vec<String> =
            self.seen_forgotten.iter().map(Text::to_string).collect();
        seen_forgotten.sort();
        seen_forgotten.dedup();
        let mut tombstones = self.tombstones;
        tombstones.sort();
        let mut records_gone = self.records_gone;
        records_gone.sort();
        let whole = self.whole.into_plain();
        StateDelta {
            event_time: whole.event_time,
            buffer: whole.buffer,
            seen: plain_seen(self.seen),
            seen_forgotten,
            records: plain_records(self.records),
            tombstones,
            records_gone,
            timers: whole.timers,
            keyed: whole.keyed,
            known_villages: whole.known_villages,
        }
    }

    /// Records and seen ids in the delta: a measure of its size before it is serialized.
    pub fn changes(&self) -> usize {
        self.seen.len()
            + self.seen_forgotten.len()
            + self.records.len()
            + self.tombstones.len()
            + self.records_gone.len()
    }
}

impl PartitionState {
    /// The changes since the last capture (full or delta), which start over from here. None
    /// when changes are not tracked: no [`PartitionState::capture`] has been taken since the
    /// state was made or restored, so there is no base for a delta.
    pub fn capture_delta(&mut self, registry: RegistryRecords) -> Option<CapturedDelta> {
        let seen_changes = std::mem::take(self.seen_changes.as_mut()?);
        let changed_keys = self.records.take_changed()?;
        // Each id is looked up where it stands now: one seen again after it expired is seen.
        let seen = seen_changes
            .remembered
            .into_iter()
            .filter_map(|id| {
                let s = self.seen.get(&id)?;
                Some((id, s.content_hash, s.occurred_at_nanos))
            })
            .collect();
        let seen_forgotten = seen_changes
            .forgotten
            .into_iter()
            .filter(|id| !self.seen.contains_key(id))
            .collect();
        let mut records = Vec::new();
        let mut tombstones = Vec::new();
        let mut records_gone = Vec::new();
        for key in changed_keys {
            if !registry.keeps(is_registry_key(&key)) {
                continue;
            }
            if let Some(event) = self.records.get(&key) {
                records.push(event.clone());
            } else if let Some((at, id)) = self.records.tombstone(&key) {
                tombstones.push((key, *at, id.clone()));
            } else {
                records_gone.push(key);
            }
        }
        Some(CapturedDelta {
            whole: WholeParts::of(self),
            seen,
            seen_forgotten,
            records,
            tombstones,
            records_gone,
        })
    }

    /// Applies a delta to the state restored from its base and the deltas before it.
    pub fn apply_delta(&mut self, delta: &StateDelta) -> Result<(), RestoreError> {
        let options = DecodeOptions {
            local_offset_seconds: self.settings.local_offset_seconds,
        };
        for id in &delta.seen_forgotten {
            self.seen.remove(id.as_str());
        }
        for (id, hash, at) in &delta.seen {
            let id = Text::from(id.as_str());
            let seen = SeenEvent {
                content_hash: *hash,
                occurred_at_nanos: *at,
            };
            if self.seen.insert(id.clone(), seen) != Some(seen) {
                self.book_seen(id, *at);
            }
        }
        for key in &delta.records_gone {
            self.records.forget(key);
        }
        for (key, at, id) in &delta.tombstones {
            self.records.restore_tombstone(key.clone(), *at, id.clone());
        }
        for json in &delta.records {
            self.records.restore_live(&decode_stored(json, &options)?);
        }
        StoredWholeParts {
            event_time: delta.event_time,
            buffer: &delta.buffer,
            timers: &delta.timers,
            keyed: &delta.keyed,
            known_villages: &delta.known_villages,
        }
        .restore_into(self)
    }
}
