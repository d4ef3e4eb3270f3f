//! Event-time timers of deadline thresholds: armed with a due instant, fired once the watermark
//! passes it (events.md §7.3).

use crate::values::{Text, Timestamp};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// One armed timer. `(threshold_id, key)` identifies it: arming again replaces it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Timer {
    pub threshold_id: String,
    /// The script's key, prefixed by the village so villages never share a timer.
    pub key: String,
    pub due: Timestamp,
    /// occurred_at of the event that armed it (detected_at is max(due, armed_at)).
    pub armed_at: Timestamp,
    pub armed_by: String,
    pub township_id: Text,
    pub village_id: Text,
    /// Plain data the script attached (strings, numbers, booleans, lists, maps).
    pub data: serde_json::Value,
    /// Armed by a late event after the deadline had already passed: the alert it gives is one
    /// that late event causes, so it carries `late: true` (events.md §7.2).
    #[serde(default)]
    pub late: bool,
}

/// Armed timers in due order.
#[derive(Default)]
pub struct TimerQueue {
    by_due: BTreeMap<(i64, String, String), Timer>,
    due_of: HashMap<(String, String), i64>,
}

impl TimerQueue {
    pub fn new() -> TimerQueue {
        TimerQueue::default()
    }

    /// Arms a timer, replacing one with the same threshold and key.
    pub fn arm(&mut self, timer: Timer) {
        self.cancel(&timer.threshold_id, &timer.key);
        let id = (timer.threshold_id.clone(), timer.key.clone());
        self.due_of.insert(id.clone(), timer.due.nanos());
        self.by_due.insert((timer.due.nanos(), id.0, id.1), timer);
    }

    /// Disarms a timer; returns whether one was armed.
    pub fn cancel(&mut self, threshold_id: &str, key: &str) -> bool {
        match self
            .due_of
            .remove(&(threshold_id.to_string(), key.to_string()))
        {
            Some(due) => self
                .by_due
                .remove(&(due, threshold_id.to_string(), key.to_string()))
                .is_some(),
            None => false,
        }
    }

    /// The earliest due instant (nanoseconds).
    pub fn next_due(&self) -> Option<i64> {
        self.by_due.keys().next().map(|(due, _, _)| *due)
    }

    /// Removes and returns the earliest timer if it is due strictly before `limit`.
    pub fn pop_due_before(&mut self, limit: i64) -> Option<Timer> {
        let first = self.by_due.keys().next().cloned()?;
        if first.0 >= limit {
            return None;
        }
        let timer = self.by_due.remove(&first)?;
        self.due_of.remove(&(first.1, first.2));
        Some(timer)
    }

    pub fn is_armed(&self, threshold_id: &str, key: &str) -> bool {
        self.due_of
            .contains_key(&(threshold_id.to_string(), key.to_string()))
    }

    pub fn len(&self) -> usize {
        self.by_due.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_due.is_empty()
    }

    /// All armed timers in due order (for checkpoints).
    pub fn all(&self) -> impl Iterator<Item = &Timer> {
        self.by_due.values()
    }
}
