//! The state of one partition: event time, the lateness buffer, seen ids, records, timers and
//! the keyed state of rules. It lives outside the compiled scripts, so a rule set can be swapped
//! without losing it.

use crate::config::TimeSettings;
use crate::expiry::ExpiryQueue;
use crate::records::{EventRef, RecordStore};
use crate::runtime::params::Params;
use crate::timers::TimerQueue;
use crate::values::{Text, Timestamp};
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;

/// What remembering an event id found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SeenEvent {
    pub content_hash: u64,
    pub occurred_at_nanos: i64,
}

/// A value a rule keeps under a key, with an optional expiry in event time.
#[derive(Clone, Debug, PartialEq)]
pub struct KeyedValue {
    pub value: serde_json::Value,
    pub expires_at_nanos: Option<i64>,
}

/// A village that has sent business events, with the first instant seen (catalog "known village").
#[derive(Clone, Debug, PartialEq)]
pub struct KnownVillage {
    pub township_id: Text,
    pub first_seen: Timestamp,
}

/// An alert candidate a script emitted during one call.
#[derive(Clone, Debug)]
pub struct Emission {
    pub threshold_index: usize,
    pub township_id: Text,
    pub village_id: Text,
    /// Values of the dedup key names after village_id, in the threshold's declared order.
    pub key_values: Vec<String>,
    pub message: String,
    pub evidence: Vec<EventRef>,
    pub detected_at: Timestamp,
    pub late: bool,
}

/// Who a script call runs for: the threshold, the village and the trigger.
#[derive(Clone, Debug)]
pub struct CallFrame {
    pub threshold_index: usize,
    pub threshold_id: std::sync::Arc<str>,
    pub params: Params,
    /// Dedup key names after village_id, in declared order.
    pub dedup_names: std::sync::Arc<Vec<String>>,
    pub township_id: Text,
    pub village_id: Text,
    /// The event being applied, or None in a timer call.
    pub trigger: Option<EventRef>,
    /// Default detected_at of emits: occurred_at of the trigger, or max(due, armed_at) of a timer.
    pub detected_at: Timestamp,
    pub late: bool,
}

impl Default for CallFrame {
    fn default() -> Self {
        CallFrame {
            threshold_index: 0,
            threshold_id: std::sync::Arc::from(""),
            params: Params::default(),
            dedup_names: Default::default(),
            township_id: Text::new(),
            village_id: Text::new(),
            trigger: None,
            detected_at: Timestamp::from_nanos(0, 0),
            late: false,
        }
    }
}

/// Everything a partition remembers between events.
pub struct PartitionState {
    pub settings: TimeSettings,
    /// T: the largest occurred_at accepted (events.md §7.1).
    pub event_time: Option<Timestamp>,
    /// On-time events waiting for the watermark, in (occurred_at, event_id) order.
    pub buffer: BTreeMap<(i64, Text), EventRef>,
    pub seen: FxHashMap<Text, SeenEvent>,
    /// Seen ids by occurred_at, to forget them after the dedup retention.
    pub seen_order: ExpiryQueue<Text>,
    pub records: RecordStore,
    pub timers: TimerQueue,
    /// Keyed state of rules, by (threshold id, key).
    pub keyed: FxHashMap<(String, String), KeyedValue>,
    pub known_villages: FxHashMap<Text, KnownVillage>,
    /// The current script call.
    pub frame: CallFrame,
    /// Emits of the current call.
    pub emitted: Vec<Emission>,
    /// Seen ids remembered and forgotten since the last capture, while changes are tracked
    /// (record changes are tracked by the record store).
    pub(crate) seen_changes: Option<SeenChanges>,
}

/// Event ids whose seen entry came or went since the last capture. An id may be in both (it
/// expired and arrived again); the capture looks up where it stands now.
#[derive(Default)]
pub(crate) struct SeenChanges {
    pub remembered: Vec<Text>,
    pub forgotten: Vec<Text>,
}

impl PartitionState {
    pub fn new(settings: TimeSettings) -> PartitionState {
        PartitionState {
            settings,
            event_time: None,
            buffer: BTreeMap::new(),
            seen: FxHashMap::default(),
            seen_order: ExpiryQueue::default(),
            records: RecordStore::new(),
            timers: TimerQueue::new(),
            keyed: FxHashMap::default(),
            known_villages: FxHashMap::default(),
            frame: CallFrame::default(),
            emitted: Vec::new(),
            seen_changes: None,
        }
    }

    /// Books an id just added to `seen`: its place in the expiry order and, while changes are
    /// tracked, the change.
    pub fn book_seen(&mut self, id: Text, occurred_at_nanos: i64) {
        if let Some(changes) = &mut self.seen_changes {
            changes.remembered.push(id.clone());
        }
        self.seen_order.push(occurred_at_nanos, id);
    }

    /// Starts (or restarts) tracking what changes, for delta checkpoints: from now on each
    /// change is noted until the next capture takes it.
    pub(crate) fn track_changes(&mut self) {
        self.seen_changes = Some(SeenChanges::default());
        self.records.track_changes();
    }

    /// W = T − L, or None before the first event.
    pub fn watermark(&self) -> Option<i64> {
        self.event_time.map(|t| {
            t.nanos()
                .saturating_sub(self.settings.allowed_lateness_nanos)
        })
    }

    pub fn local_offset(&self) -> i32 {
        self.settings.local_offset_seconds
    }

    /// Forgets seen ids, records and keyed values older than their retention.
    pub fn expire(&mut self) {
        let Some(now) = self.event_time else { return };
        let seen_limit = now
            .nanos()
            .saturating_sub(self.settings.dedup_retention_nanos);
        for (at, id) in self.seen_order.pop_before(seen_limit) {
            // An id forgotten by a restored delta and seen again has a stale entry here too.
            if self
                .seen
                .get(&id)
                .is_some_and(|s| s.occurred_at_nanos == at)
            {
                self.seen.remove(&id);
                if let Some(changes) = &mut self.seen_changes {
                    changes.forgotten.push(id);
                }
            }
        }
        if let Some(retention) = self.settings.record_retention_nanos {
            self.records.expire_before(now.plus_nanos(-retention));
        }
        self.keyed
            .retain(|_, v| v.expires_at_nanos.is_none_or(|at| at > now.nanos()));
    }
}
