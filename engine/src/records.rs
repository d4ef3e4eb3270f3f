//! The live version of every record a partition has applied (events.md §7.6), with indexes by
//! field that rules query.

use crate::event::{Event, EventType};
use crate::expiry::ExpiryQueue;
use crate::values::{Date, Decimal, Money, Period, Text, Timestamp};
use rhai::Dynamic;
use rustc_hash::{FxHashMap, FxHashSet};
use std::cmp::Ordering;
use std::sync::Arc;

/// A shared, immutable applied event.
pub type EventRef = Arc<Event>;

/// What applying an event did to its record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecordChange {
    /// First version of the record.
    Created,
    /// A newer version replaced the live one (a correction).
    Replaced,
    /// Older than the live version or than the record's tombstone: kept out of the live view.
    Stale,
    /// A registry deletion removed the record.
    Deleted,
    /// The event has no record (clock.tick).
    None,
}

/// The key of a record: the type name and the key members, joined by U+001F.
pub fn record_key_for(event_type: EventType, parts: &[&str]) -> String {
    let mut key = String::from(event_type.as_str());
    for part in parts {
        key.push('\u{1f}');
        key.push_str(part);
    }
    key
}

/// Version order of records: (occurred_at, event_id as bytes).
pub(crate) fn version_of(event: &Event) -> (Timestamp, &str) {
    (event.occurred_at, event.event_id.as_str())
}

/// [`version_of`] order, reading the event ids only when the instants are equal (an id is
/// text elsewhere in memory, and an index compares against records long out of the cache).
pub(crate) fn version_cmp(a: &Event, b: &Event) -> Ordering {
    a.occurred_at
        .cmp(&b.occurred_at)
        .then_with(|| a.event_id.as_str().cmp(b.event_id.as_str()))
}

/// Ending of an index path whose text is compared trimmed of white space
/// (`invoice_no~trimmed`); a value that is empty once trimmed is not indexed.
pub const TRIMMED: &str = "~trimmed";

/// Values of `path` in an event: a top-level member (`subject_id`) or a member of the objects of
/// an array member (`lines.worker_id`); with the [`TRIMMED`] ending, those values trimmed.
pub fn path_values(event: &Event, path: &str) -> Vec<Text> {
    if let Some(untrimmed) = path.strip_suffix(TRIMMED) {
        return path_values(event, untrimmed)
            .into_iter()
            .filter_map(|text| {
                let trimmed = text.trim();
                (!trimmed.is_empty()).then(|| Text::from(trimmed))
            })
            .collect();
    }
    let (head, tail) = match path.split_once('.') {
        Some((h, t)) => (h, Some(t)),
        None => (path, None),
    };
    if let Some(member) = tail {
        return event
            .items_member(head, member)
            .unwrap_or_default()
            .iter()
            .flatten()
            .filter_map(key_text)
            .collect();
    }
    match event.field(head) {
        // A list of plain values (subject_ids) is indexed by each of its items.
        Some(value) if value.is_array() => value
            .try_cast::<rhai::Array>()
            .unwrap_or_default()
            .iter()
            .filter_map(key_text)
            .collect(),
        Some(value) => key_text(&value).into_iter().collect(),
        None => Vec::new(),
    }
}

/// The text a value is indexed and matched by: strings as they are, dates, periods,
/// timestamps and amounts as they print (`2023-05-10`, `2023Q1`), other values as displayed;
/// `()` has none.
pub fn key_text(value: &Dynamic) -> Option<Text> {
    if value.is_unit() {
        return None;
    }
    if let Ok(text) = value.as_immutable_string_ref() {
        return Some(text.clone());
    }
    macro_rules! printed {
        ($($t:ty),*) => {$(
            if let Some(v) = value.read_lock::<$t>() {
                return Some(Text::from(v.to_string()));
            }
        )*};
    }
    printed!(Date, Period, Timestamp, Money, Decimal);
    Some(Text::from(value.to_string()))
}

/// The part of an index a record is filed in: its village for business records, which rules
/// read only within their own village, and one common part for registry records.
fn index_scope(event: &Event) -> Text {
    if event.event_type.is_registry() {
        Text::default()
    } else {
        event.village_id.clone()
    }
}

/// Live records by the value of one field, per [`index_scope`], each list in version order.
#[derive(Default)]
struct FieldIndex {
    by_scope: FxHashMap<Text, FxHashMap<Text, VersionList>>,
}

/// Records in version order, with their instants kept beside them: placing a record halves the
/// list by instant without reading records long out of the cache, and reads event ids only
/// where instants are equal.
#[derive(Default)]
struct VersionList {
    instants: Vec<i64>,
    records: Vec<EventRef>,
}

impl VersionList {
    /// Where `event` goes: after every record of an earlier version.
    fn place_of(&self, event: &Event) -> usize {
        let at = event.occurred_at.nanos();
        let first_equal = self.instants.partition_point(|i| *i < at);
        let equal = self.instants[first_equal..].partition_point(|i| *i == at);
        first_equal
            + self.records[first_equal..first_equal + equal]
                .partition_point(|e| e.event_id.as_str() < event.event_id.as_str())
    }

    fn insert(&mut self, event: &EventRef) {
        let at = event.occurred_at.nanos();
        // Records mostly arrive in version order, so the usual place is the end.
        let place = match self.instants.last() {
            Some(last) if *last >= at => self.place_of(event),
            _ => self.instants.len(),
        };
        self.instants.insert(place, at);
        self.records.insert(place, event.clone());
    }

    /// Found by halving, not by reading a list that may hold a year of the village's records.
    fn remove(&mut self, event: &EventRef) {
        let from = self.place_of(event);
        let at = event.occurred_at.nanos();
        let found = self.records[from..]
            .iter()
            .zip(&self.instants[from..])
            .take_while(|(e, i)| **i == at && e.event_id == event.event_id)
            .position(|(e, _)| Arc::ptr_eq(e, event));
        if let Some(offset) = found {
            self.instants.remove(from + offset);
            self.records.remove(from + offset);
        }
    }

    fn is_empty(&self) -> bool {
        self.records.is_empty()
    }
}

impl FieldIndex {
    fn insert(&mut self, event: &EventRef, path: &str) {
        let values = distinct_path_values(event, path);
        if values.is_empty() {
            return;
        }
        let lists = self.by_scope.entry(index_scope(event)).or_default();
        for value in values {
            lists.entry(value).or_default().insert(event);
        }
    }

    fn remove(&mut self, event: &EventRef, path: &str) {
        let scope = index_scope(event);
        let Some(lists) = self.by_scope.get_mut(&scope) else {
            return;
        };
        for value in distinct_path_values(event, path) {
            if let Some(list) = lists.get_mut(&value) {
                list.remove(event);
                if list.is_empty() {
                    lists.remove(&value);
                }
            }
        }
        if lists.is_empty() {
            self.by_scope.remove(&scope);
        }
    }

    fn get(&self, scope: &str, value: &str) -> &[EventRef] {
        self.by_scope
            .get(scope)
            .and_then(|lists| lists.get(value))
            .map_or(&[], |list| list.records.as_slice())
    }
}

fn distinct_path_values(event: &Event, path: &str) -> Vec<Text> {
    let mut values = path_values(event, path);
    values.sort_unstable();
    values.dedup();
    values
}

/// Live records keyed by record key, registry tombstones, lazily built field indexes and the
/// expiry order of business records.
#[derive(Default)]
pub struct RecordStore {
    live: FxHashMap<String, EventRef>,
    tombstones: FxHashMap<String, (Timestamp, String)>,
    /// Field indexes of each event type, by path.
    indexes: FxHashMap<EventType, Vec<(String, FieldIndex)>>,
    /// Business record keys by occurred_at; a replaced version's entry stays and is skipped.
    expiry: ExpiryQueue<String>,
    stale_versions: u64,
    /// Keys whose live version or tombstone changed since the last [`RecordStore::take_changed`],
    /// while changes are tracked (for delta checkpoints).
    changed: Option<FxHashSet<String>>,
}

impl RecordStore {
    pub fn new() -> RecordStore {
        RecordStore::default()
    }

    /// Applies an event to its record under the last-version-wins rule.
    pub fn apply(&mut self, event: &EventRef) -> RecordChange {
        let Some(key) = event.record_key() else {
            return RecordChange::None;
        };
        if let Some((at, id)) = self.tombstones.get(&key) {
            if (*at, id.as_str()) >= version_of(event) {
                self.stale_versions += 1;
                return RecordChange::Stale;
            }
        }
        let existing = self.live.get(&key).cloned();
        if let Some(current) = &existing {
            if version_cmp(current, event) != Ordering::Less {
                self.stale_versions += 1;
                return RecordChange::Stale;
            }
            self.unindex(current);
        }
        self.note_changed(&key);
        if event.is_deletion() {
            self.live.remove(&key);
            self.tombstones
                .insert(key, (event.occurred_at, event.event_id.to_string()));
            return RecordChange::Deleted;
        }
        self.tombstones.remove(&key);
        self.index(event);
        if !event.event_type.is_registry() {
            self.expiry.push(event.occurred_at.nanos(), key.clone());
        }
        self.live.insert(key, event.clone());
        if existing.is_some() {
            RecordChange::Replaced
        } else {
            RecordChange::Created
        }
    }

    fn index(&mut self, event: &EventRef) {
        if let Some(indexes) = self.indexes.get_mut(&event.event_type) {
            for (path, index) in indexes {
                index.insert(event, path);
            }
        }
    }

    fn unindex(&mut self, event: &EventRef) {
        if let Some(indexes) = self.indexes.get_mut(&event.event_type) {
            for (path, index) in indexes {
                index.remove(event, path);
            }
        }
    }

    /// The live record with this key.
    pub fn get(&self, key: &str) -> Option<&EventRef> {
        self.live.get(key)
    }

    /// Live records of `event_type` whose `path` has `value`, in (occurred_at, event_id) order:
    /// business records of `village` only, registry records of every village. The index is built
    /// on first use and kept up to date afterwards.
    pub fn find(
        &mut self,
        event_type: EventType,
        village: &str,
        path: &str,
        value: &str,
    ) -> &[EventRef] {
        let indexes = self.indexes.entry(event_type).or_default();
        let position = match indexes.iter().position(|(p, _)| p == path) {
            Some(position) => position,
            None => {
                let mut index = FieldIndex::default();
                let mut records: Vec<&EventRef> = self
                    .live
                    .values()
                    .filter(|e| e.event_type == event_type)
                    .collect();
                // In version order each record joins its lists at the end.
                records.sort_by(|a, b| version_cmp(a, b));
                for event in records {
                    index.insert(event, path);
                }
                indexes.push((path.to_string(), index));
                indexes.len() - 1
            }
        };
        let scope = if event_type.is_registry() {
            ""
        } else {
            village
        };
        indexes[position].1.get(scope, value)
    }

    /// [`Self::find`] for a registry type, whose records are indexed across villages.
    pub fn find_registry(&mut self, event_type: EventType, path: &str, value: &str) -> &[EventRef] {
        debug_assert!(
            event_type.is_registry(),
            "{event_type:?} is a business type"
        );
        self.find(event_type, "", path, value)
    }

    /// Drops business records that occurred before `before` (registry data is kept).
    pub fn expire_before(&mut self, before: Timestamp) -> usize {
        let mut dropped = 0;
        for (_, key) in self.expiry.pop_before(before.nanos()) {
            let expired = self
                .live
                .get(&key)
                .filter(|e| e.occurred_at < before)
                .cloned();
            if let Some(event) = expired {
                self.unindex(&event);
                self.live.remove(&key);
                self.note_changed(&key);
                dropped += 1;
            }
        }
        dropped
    }

    /// Every live record, in no particular order (for checkpoints, which sort them elsewhere).
    pub fn live_records(&self) -> impl Iterator<Item = &EventRef> {
        self.live.values()
    }

    /// Tombstones: record key, occurred_at and event id of the deletion, in no particular order.
    pub fn tombstones(&self) -> impl Iterator<Item = (&String, &(Timestamp, String))> {
        self.tombstones.iter()
    }

    /// The tombstone of `key`, if its record was deleted.
    pub fn tombstone(&self, key: &str) -> Option<&(Timestamp, String)> {
        self.tombstones.get(key)
    }

    /// Makes `event` the live version of its record, whatever was there: restoring a checkpoint
    /// sets the outcome, which the last-version-wins rule of [`RecordStore::apply`] has decided
    /// already (an expired record may come back with an older version).
    pub fn restore_live(&mut self, event: &EventRef) {
        let Some(key) = event.record_key() else {
            return;
        };
        self.tombstones.remove(&key);
        if let Some(previous) = self.live.remove(&key) {
            self.unindex(&previous);
        }
        self.index(event);
        if !event.event_type.is_registry() {
            self.expiry.push(event.occurred_at.nanos(), key.clone());
        }
        self.note_changed(&key);
        self.live.insert(key, event.clone());
    }

    /// Makes `key` a deleted record with this tombstone.
    pub fn restore_tombstone(&mut self, key: String, at: Timestamp, event_id: String) {
        if let Some(previous) = self.live.remove(&key) {
            self.unindex(&previous);
        }
        self.note_changed(&key);
        self.tombstones.insert(key, (at, event_id));
    }

    /// Forgets `key`: neither a live version nor a tombstone (an expired record). Its expiry
    /// entry, if any, stays and is skipped when it comes due.
    pub fn forget(&mut self, key: &str) {
        if let Some(previous) = self.live.remove(key) {
            self.unindex(&previous);
        }
        self.tombstones.remove(key);
        self.note_changed(key);
    }

    /// Starts (or restarts) tracking which keys change, forgetting those noted so far.
    pub fn track_changes(&mut self) {
        self.changed = Some(FxHashSet::default());
    }

    /// The keys changed since tracking started or since the last call, or None when changes
    /// are not tracked.
    pub fn take_changed(&mut self) -> Option<FxHashSet<String>> {
        self.changed.as_mut().map(std::mem::take)
    }

    fn note_changed(&mut self, key: &str) {
        if let Some(changed) = &mut self.changed {
            if !changed.contains(key) {
                changed.insert(key.to_string());
            }
        }
    }

    pub fn len(&self) -> usize {
        self.live.len()
    }

    pub fn is_empty(&self) -> bool {
        self.live.is_empty()
    }

    /// Versions that arrived older than the live one.
    pub fn stale_versions(&self) -> u64 {
        self.stale_versions
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::{decode, DecodeOptions};

    fn payment(event_id: &str, at: &str, payment_id: &str, payee: &str) -> EventRef {
        let line = format!(
            r#"{{"event_id":"{event_id}","type":"finance.payment","occurred_at":"{at}","township_id":"ts-01","village_id":"vl-01","payload":{{"payment_id":"{payment_id}","amount":100.00,"method":"bank","payee_id":"{payee}","payee_type":"person","account_no":"6217","purpose":"goods"}}}}"#
        );
        Arc::new(
            decode(line.as_bytes(), &DecodeOptions::default())
                .expect("valid payment")
                .event,
        )
    }

    fn ids(store: &mut RecordStore, payee: &str) -> Vec<String> {
        store
            .find(EventType::FinancePayment, "vl-01", "payee_id", payee)
            .iter()
            .map(|e| e.event_id.to_string())
            .collect()
    }

    #[test]
    fn a_correction_moves_the_record_to_its_new_value_and_keeps_the_order() {
        let mut store = RecordStore::new();
        for (id, at, payment_id) in [
            ("e1", "2023-01-01T09:00:00+08:00", "pay-1"),
            ("e3", "2023-01-03T09:00:00+08:00", "pay-3"),
            // Arrives late: its place is between the other two.
            ("e2", "2023-01-02T09:00:00+08:00", "pay-2"),
        ] {
            store.apply(&payment(id, at, payment_id, "p-1"));
        }
        assert_eq!(ids(&mut store, "p-1"), ["e1", "e2", "e3"]);

        // pay-2 corrected to another payee: gone from p-1, found under p-2.
        let change = store.apply(&payment("e4", "2023-01-04T09:00:00+08:00", "pay-2", "p-2"));
        assert_eq!(change, RecordChange::Replaced);
        assert_eq!(ids(&mut store, "p-1"), ["e1", "e3"]);
        assert_eq!(ids(&mut store, "p-2"), ["e4"]);

        // Corrected back: the new version sorts after the others.
        store.apply(&payment("e5", "2023-01-05T09:00:00+08:00", "pay-2", "p-1"));
        assert_eq!(ids(&mut store, "p-1"), ["e1", "e3", "e5"]);
        assert!(ids(&mut store, "p-2").is_empty());
    }

    #[test]
    fn records_of_one_instant_are_kept_in_event_id_order() {
        let mut store = RecordStore::new();
        // The index exists before the records arrive: each one is placed as it comes.
        assert!(ids(&mut store, "p-1").is_empty());
        let at = "2023-01-01T09:00:00+08:00";
        for (id, payment_id) in [("e3", "pay-3"), ("e1", "pay-1"), ("e2", "pay-2")] {
            store.apply(&payment(id, at, payment_id, "p-1"));
        }
        store.apply(&payment("e0", "2022-12-31T09:00:00+08:00", "pay-0", "p-1"));
        assert_eq!(ids(&mut store, "p-1"), ["e0", "e1", "e2", "e3"]);

        // The correction of the middle one of three equal instants takes out that one only.
        store.apply(&payment("e4", "2023-01-02T09:00:00+08:00", "pay-2", "p-2"));
        assert_eq!(ids(&mut store, "p-1"), ["e0", "e1", "e3"]);
        assert_eq!(ids(&mut store, "p-2"), ["e4"]);
    }

    #[test]
    fn expired_records_leave_the_index() {
        let mut store = RecordStore::new();
        store.apply(&payment("e1", "2023-01-01T09:00:00+08:00", "pay-1", "p-1"));
        store.apply(&payment("e2", "2023-01-02T09:00:00+08:00", "pay-2", "p-1"));
        assert_eq!(ids(&mut store, "p-1"), ["e1", "e2"]);
        let before = Timestamp::parse("2023-01-02T00:00:00+08:00").unwrap();
        assert_eq!(store.expire_before(before), 1);
        assert_eq!(ids(&mut store, "p-1"), ["e2"]);
    }
}
