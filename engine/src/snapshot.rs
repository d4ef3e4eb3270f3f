//! A partition's state as plain data, to checkpoint it and to load it back on another instance.

use crate::config::TimeSettings;
use crate::event::{decode, DecodeOptions, EventType};
use crate::records::{version_of, EventRef};
use crate::state::{KeyedValue, KnownVillage, PartitionState, SeenEvent};
use crate::timers::Timer;
use crate::values::{Text, Timestamp};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

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
    event_time: Option<Timestamp>,
    buffer: Vec<EventRef>,
    seen: Vec<(Text, u64, i64)>,
    records: Vec<EventRef>,
    tombstones: Vec<(String, Timestamp, String)>,
    timers: Vec<Timer>,
    keyed: Vec<(String, String, serde_json::Value, Option<i64>)>,
    known_villages: Vec<(Text, Text, Timestamp)>,
}

impl CapturedState {
    /// The plain-data form, in a deterministic order.
    pub fn into_snapshot(self) -> StateSnapshot {
        let mut seen: Vec<(String, u64, i64)> = self
            .seen
            .into_iter()
            .map(|(id, hash, at)| (id.to_string(), hash, at))
            .collect();
        seen.sort();
        let mut records = self.records;
        records.sort_by(|a, b| version_of(a).cmp(&version_of(b)));
        let mut tombstones = self.tombstones;
        tombstones.sort();
        let mut keyed = self.keyed;
        keyed.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        let mut known_villages: Vec<(String, String, Timestamp)> = self
            .known_villages
            .into_iter()
            .map(|(v, t, at)| (v.to_string(), t.to_string(), at))
            .collect();
        known_villages.sort();
        StateSnapshot {
            event_time: self.event_time,
            buffer: self.buffer.iter().map(|e| e.to_json()).collect(),
            seen,
            records: records.iter().map(|e| e.to_json()).collect(),
            tombstones,
            timers: self.timers,
            keyed,
            known_villages,
        }
    }
}

/// Whether a record key names a registry record (keys start with the event type).
fn is_registry_key(key: &str) -> bool {
    let type_name = key.split('\u{1f}').next().unwrap_or(key);
    EventType::parse(type_name).is_some_and(|t| t.is_registry())
}

impl PartitionState {
    /// The state as plain data, in a deterministic order.
    pub fn snapshot(&self) -> StateSnapshot {
        self.capture(RegistryRecords::Include).into_snapshot()
    }

    /// The state at this moment, sharing its events.
    pub fn capture(&self, registry: RegistryRecords) -> CapturedState {
        let keep = |registry_record: bool| registry == RegistryRecords::Include || !registry_record;
        CapturedState {
            event_time: self.event_time,
            buffer: self.buffer.values().cloned().collect(),
            seen: self
                .seen
                .iter()
                .map(|(id, s)| (id.clone(), s.content_hash, s.occurred_at_nanos))
                .collect(),
            records: self
                .records
                .live_records()
                .filter(|e| keep(e.event_type.is_registry()))
                .cloned()
                .collect(),
            tombstones: self
                .records
                .tombstones()
                .filter(|(key, _)| keep(is_registry_key(key)))
                .map(|(key, (at, id))| (key.clone(), *at, id.clone()))
                .collect(),
            timers: self.timers.all().cloned().collect(),
            keyed: self
                .keyed
                .iter()
                .map(|((t, k), v)| (t.clone(), k.clone(), v.value.clone(), v.expires_at_nanos))
                .collect(),
            known_villages: self
                .known_villages
                .iter()
                .map(|(v, k)| (v.clone(), k.township_id.clone(), k.first_seen))
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
        let event = |json: &serde_json::Value| -> Result<EventRef, RestoreError> {
            let bytes = serde_json::to_vec(json).map_err(|e| RestoreError(e.to_string()))?;
            decode(&bytes, &options)
                .map(|d| Arc::new(d.event))
                .map_err(|r| RestoreError(r.to_string()))
        };
        let mut state = PartitionState::new(settings);
        state.event_time = snapshot.event_time;
        for json in &snapshot.records {
            state.records.apply(&event(json)?);
        }
        for (key, at, id) in &snapshot.tombstones {
            state
                .records
                .restore_tombstone(key.clone(), *at, id.clone());
        }
        for json in &snapshot.buffer {
            let e = event(json)?;
            state
                .buffer
                .insert((e.occurred_at.nanos(), e.event_id.clone()), e);
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
        for timer in &snapshot.timers {
            state.timers.arm(timer.clone());
        }
        for (threshold, key, value, expires) in &snapshot.keyed {
            state.keyed.insert(
                (threshold.clone(), key.clone()),
                KeyedValue {
                    value: value.clone(),
                    expires_at_nanos: *expires,
                },
            );
        }
        for (village, township, first_seen) in &snapshot.known_villages {
            state.known_villages.insert(
                Text::from(village.as_str()),
                KnownVillage {
                    township_id: Text::from(township.as_str()),
                    first_seen: *first_seen,
                },
            );
        }
        Ok(state)
    }
}
