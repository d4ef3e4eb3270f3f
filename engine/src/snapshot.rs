//! A partition's state as plain data, to checkpoint it and to load it back on another instance.

use crate::config::TimeSettings;
use crate::event::{DecodeOptions, EventType};
use crate::records::{version_cmp, EventRef};
use crate::state::{PartitionState, SeenEvent};
use crate::timers::Timer;
use crate::values::{Text, Timestamp};
use crate::whole_parts::{decode_stored, StoredWholeParts, WholeParts};
use serde::{Deserialize, Serialize};

/// Everything a partition remembers, in serializable form. Events are kept as their contract
/// JSON and decoded again on restore.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StateSnapshot {
    pub event_time: Option<Timestamp>,
    pub buffer: Vec<serde_json::Value>,
    /// (event_id, content hash, occurred_at in nanoseconds)
    pub seen: Vec<(String, u64, i64)>,
    pub records: Vec<serde_json::Value>,
    /// (record key, occurred_at, event_id) of registry deletions
    pub tombstones: Vec<(String, Timestamp, String)>,
    pub timers: Vec<Timer>,
    /// (threshold id, key, value, expiry in nanoseconds)
    pub keyed: Vec<(String, String, serde_json::Value, Option<i64>)>,
    /// (village, township, first seen)
    pub known_villages: Vec<(String, String, Timestamp)>,
}

/// Why a snapshot could not be restored.
#[derive(Debug, thiserror::Error)]
#[error("the checkpoint holds an event that no longer decodes: {0}")]
pub struct RestoreError(pub String);

/// Whether a capture holds the registry records. An instance that reads the registry topic
/// whole keeps it once for every partition and rebuilds a partition's registry records from it,
/// so its checkpoints leave them out; a standalone snapshot keeps them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RegistryRecords {
    Include,
    Exclude,
}

/// A partition's state at one moment, sharing its events with the live state: cheap to take
/// on the processing thread, and turned into a [`StateSnapshot`] (the costly part) elsewhere.
pub struct CapturedState {
    whole: WholeParts,
    seen: Vec<(Text, u64, i64)>,
    records: Vec<EventRef>,
    tombstones: Vec<(String, Timestamp, String)>,
}

impl CapturedState {
    /// The plain-data form, in a deterministic order.
    pub fn into_snapshot(self) -> StateSnapshot {
        let mut tombstones = self.tombstones;
        tombstones.sort();
        let whole = self.whole.into_plain();
        StateSnapshot {
            event_time: whole.event_time,
            buffer: whole.buffer,
            seen: plain_seen(self.seen),
            records: plain_records(self.records),
            tombstones,
            timers: whole.timers,
            keyed: whole.keyed,
            known_villages: whole.known_villages,
        }
    }
}

/// Whether a record key names a registry record (keys start with the event type).
pub(crate) fn is_registry_key(key: &str) -> bool {
    let type_name = key.split('\u{1f}').next().unwrap_or(key);
    EventType::parse(type_name).is_some_and(|t| t.is_registry())
}

impl RegistryRecords {
    /// Whether a capture keeps a record, by whether it is a registry record.
    pub(crate) fn keeps(self, registry_record: bool) -> bool {
        self == RegistryRecords::Include || !registry_record
    }
}

/// Seen ids as plain data, sorted; an id noted twice (it expired and came again) once.
pub(crate) fn plain_seen(seen: Vec<(Text, u64, i64)>) -> Vec<(String, u64, i64)> {
    let mut plain: Vec<(String, u64, i64)> = seen
        .into_iter()
        .map(|(id, hash, at)| (id.to_string(), hash, at))
        .collect();
    plain.sort();
    plain.dedup();
    plain
}

/// Record versions as their contract JSON, in version order.
pub(crate) fn plain_records(mut records: Vec<EventRef>) -> Vec<serde_json::Value> {
    records.sort_by(|a, b| version_cmp(a, b));
    records.iter().map(|e| e.to_json()).collect()
}

impl PartitionState {
    /// The state as plain data, in a deterministic order.
    pub fn snapshot(&self) -> StateSnapshot {
        self.capture_all(RegistryRecords::Include).into_snapshot()
    }

    /// The state at this moment, sharing its events: the base of later deltas. From here on the
    /// state tracks what changes, and [`PartitionState::capture_delta`] takes those changes.
    pub fn capture(&mut self, registry: RegistryRecords) -> CapturedState {
        self.track_changes();
        self.capture_all(registry)
    }

    fn capture_all(&self, registry: RegistryRecords) -> CapturedState {
        CapturedState {
            whole: WholeParts::of(self),
            seen: self
                .seen
                .iter()
                .map(|(id, s)| (id.clone(), s.content_hash, s.occurred_at_nanos))
                .collect(),
            records: self
                .records
                .live_records()
                .filter(|e| registry.keeps(e.event_type.is_registry()))
                .cloned()
                .collect(),
            tombstones: self
                .records
                .tombstones()
                .filter(|(key, _)| registry.keeps(is_registry_key(key)))
                .map(|(key, (at, id))| (key.clone(), *at, id.clone()))
                .collect(),
        }
    }

    /// Rebuilds a state from a snapshot.
    pub fn restore(
        settings: TimeSettings,
        snapshot: &StateSnapshot,
    ) -> Result<PartitionState, RestoreError> {
        let options = DecodeOptions {
            local_offset_seconds: settings.local_offset_seconds,
        };
        let mut state = PartitionState::new(settings);
        for json in &snapshot.records {
            state.records.apply(&decode_stored(json, &options)?);
        }
        for (key, at, id) in &snapshot.tombstones {
            state
                .records
                .restore_tombstone(key.clone(), *at, id.clone());
        }
        for (id, hash, at) in &snapshot.seen {
            let id = Text::from(id.as_str());
            state.seen.insert(
                id.clone(),
                SeenEvent {
                    content_hash: *hash,
                    occurred_at_nanos: *at,
                },
            );
            state.seen_order.push(*at, id);
        }
        StoredWholeParts {
            event_time: snapshot.event_time,
            buffer: &snapshot.buffer,
            timers: &snapshot.timers,
            keyed: &snapshot.keyed,
            known_villages: &snapshot.known_villages,
        }
        .restore_into(&mut state)?;
        Ok(state)
    }
}
