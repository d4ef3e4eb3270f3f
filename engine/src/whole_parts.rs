//! The parts of a partition's state that every capture holds whole, full or delta: event time,
//! the lateness buffer, timers, keyed values and known villages. They stay small (the buffer
//! spans the allowed lateness, timers and keyed values the open work, villages are a city's),
//! so tracking their changes would cost more than copying them.

use crate::event::{decode, DecodeOptions};
use crate::records::EventRef;
use crate::snapshot::RestoreError;
use crate::state::{KeyedValue, KnownVillage, PartitionState};
use crate::timers::{Timer, TimerQueue};
use crate::values::{Text, Timestamp};
use std::sync::Arc;

/// Keyed values as plain data: (threshold id, key, value, expiry in nanoseconds).
pub(crate) type PlainKeyed = (String, String, serde_json::Value, Option<i64>);

/// The whole parts at one moment, sharing the buffered events with the live state.
pub(crate) struct WholeParts {
    event_time: Option<Timestamp>,
    buffer: Vec<EventRef>,
    timers: Vec<Timer>,
    keyed: Vec<PlainKeyed>,
    known_villages: Vec<(Text, Text, Timestamp)>,
}

/// The whole parts as plain data, in a deterministic order.
pub(crate) struct PlainWholeParts {
    pub event_time: Option<Timestamp>,
    pub buffer: Vec<serde_json::Value>,
    pub timers: Vec<Timer>,
    pub keyed: Vec<PlainKeyed>,
    pub known_villages: Vec<(String, String, Timestamp)>,
}

/// The whole parts of a stored snapshot or delta, to restore.
pub(crate) struct StoredWholeParts<'a> {
    pub event_time: Option<Timestamp>,
    pub buffer: &'a [serde_json::Value],
    pub timers: &'a [Timer],
    pub keyed: &'a [PlainKeyed],
    pub known_villages: &'a [(String, String, Timestamp)],
}

impl WholeParts {
    pub(crate) fn of(state: &PartitionState) -> WholeParts {
        WholeParts {
            event_time: state.event_time,
            buffer: state.buffer.values().cloned().collect(),
            timers: state.timers.all().cloned().collect(),
            keyed: state
                .keyed
                .iter()
                .map(|((t, k), v)| (t.clone(), k.clone(), v.value.clone(), v.expires_at_nanos))
                .collect(),
            known_villages: state
                .known_villages
                .iter()
                .map(|(v, k)| (v.clone(), k.township_id.clone(), k.first_seen))
                .collect(),
        }
    }

    pub(crate) fn into_plain(self) -> PlainWholeParts {
        let mut keyed = self.keyed;
        keyed.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        let mut known_villages: Vec<(String, String, Timestamp)> = self
            .known_villages
            .into_iter()
            .map(|(v, t, at)| (v.to_string(), t.to_string(), at))
            .collect();
        known_villages.sort();
        PlainWholeParts {
            event_time: self.event_time,
            // The buffer is captured in its (occurred_at, event_id) order already.
            buffer: self.buffer.iter().map(|e| e.to_json()).collect(),
            timers: self.timers,
            keyed,
            known_villages,
        }
    }
}

impl StoredWholeParts<'_> {
    /// Replaces the whole parts of `state` with these.
    pub(crate) fn restore_into(&self, state: &mut PartitionState) -> Result<(), RestoreError> {
        let options = DecodeOptions {
            local_offset_seconds: state.settings.local_offset_seconds,
        };
        state.event_time = self.event_time;
        state.buffer.clear();
        for json in self.buffer {
            let event = decode_stored(json, &options)?;
            state
                .buffer
                .insert((event.occurred_at.nanos(), event.event_id.clone()), event);
        }
        state.timers = TimerQueue::new();
        for timer in self.timers {
            state.timers.arm(timer.clone());
        }
        state.keyed.clear();
        for (threshold, key, value, expires) in self.keyed {
            state.keyed.insert(
                (threshold.clone(), key.clone()),
                KeyedValue {
                    value: value.clone(),
                    expires_at_nanos: *expires,
                },
            );
        }
        state.known_villages.clear();
        for (village, township, first_seen) in self.known_villages {
            state.known_villages.insert(
                Text::from(village.as_str()),
                KnownVillage {
                    township_id: Text::from(township.as_str()),
                    first_seen: *first_seen,
                },
            );
        }
        Ok(())
    }
}

/// An event kept as its contract JSON, decoded again.
pub(crate) fn decode_stored(
    json: &serde_json::Value,
    options: &DecodeOptions,
) -> Result<EventRef, RestoreError> {
    let bytes = serde_json::to_vec(json).map_err(|e| RestoreError(e.to_string()))?;
    decode(&bytes, options)
        .map(|d| Arc::new(d.event))
        .map_err(|r| RestoreError(r.to_string()))
}
