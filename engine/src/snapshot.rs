//! A partition's state as plain data, to checkpoint it and to load it back on another instance.

use crate::config::TimeSettings;
use crate::event::{decode, DecodeOptions};
use crate::records::EventRef;
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

impl PartitionState {
    /// The state as plain data, in a deterministic order.
    pub fn snapshot(&self) -> StateSnapshot {
        let mut seen: Vec<(String, u64, i64)> = self
            .seen
            .iter()
            .map(|(id, s)| (id.to_string(), s.content_hash, s.occurred_at_nanos))
            .collect();
        seen.sort();
        let mut keyed: Vec<_> = self
            .keyed
            .iter()
            .map(|((t, k), v)| (t.clone(), k.clone(), v.value.clone(), v.expires_at_nanos))
            .collect();
        keyed.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        let mut known_villages: Vec<_> = self
            .known_villages
            .iter()
            .map(|(v, k)| (v.to_string(), k.township_id.to_string(), k.first_seen))
            .collect();
        known_villages.sort();
        StateSnapshot {
            event_time: self.event_time,
            buffer: self.buffer.values().map(|e| e.to_json()).collect(),
            seen,
            records: self
                .records
                .live_records()
                .iter()
                .map(|e| e.to_json())
                .collect(),
            tombstones: self.records.tombstones(),
            timers: self.timers.all().cloned().collect(),
            keyed,
            known_villages,
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
