//! Looking inside a record's lists by path (`lines.worker_id`, `labor_pools.village_id`,
//! `bank_accounts`) in Rust, so a rule asks one question instead of looping over a list.

use crate::event::Event;
use crate::records::key_text;
use crate::values::Money;
use rhai::{Array, Dynamic, Map};

/// `lines.worker_id` → (`lines`, Some(`worker_id`)); `bank_accounts` → (`bank_accounts`, None).
fn split(path: &str) -> (&str, Option<&str>) {
    match path.split_once('.') {
        Some((list, member)) => (list, Some(member)),
        None => (path, None),
    }
}

fn matches(value: &Dynamic, wanted: &str) -> bool {
    key_text(value).is_some_and(|text| text.as_str() == wanted)
}

/// The objects of the list `path` names whose member equals `value`; for a path without a
/// member, the list items (or the single value) equal to `value`.
pub fn matching_items(event: &Event, path: &str, value: &str) -> Vec<Dynamic> {
    let (head, member) = split(path);
    match event
        .field(head)
        .and_then(|found| found.try_cast::<Array>())
    {
        Some(items) => items_matching(items, member, value),
        None => Vec::new(),
    }
}

fn items_matching(items: Array, member: Option<&str>, value: &str) -> Vec<Dynamic> {
    items
        .into_iter()
        .filter(|item| match member {
            Some(member) => item
                .read_lock::<Map>()
                .and_then(|map| map.get(member).map(|v| matches(v, value)))
                .unwrap_or(false),
            None => matches(item, value),
        })
        .collect()
}

/// True when `path` of the record has `value`: a top-level member equal to it, a list holding
/// it, or an object of a list whose member equals it.
pub fn includes(event: &Event, path: &str, value: &str) -> bool {
    let (head, member) = split(path);
    let Some(found) = event.field(head) else {
        return false;
    };
    match found.try_cast_result::<Array>() {
        Ok(items) => !items_matching(items, member, value).is_empty(),
        Err(single) => member.is_none() && matches(&single, value),
    }
}

/// The distinct values at `path`, in order of first appearance (`lines.worker_id`: each worker
/// once).
pub fn distinct(event: &Event, path: &str) -> Array {
    let mut seen = std::collections::HashSet::new();
    crate::records::path_values(event, path)
        .into_iter()
        .filter(|value| seen.insert(value.clone()))
        .map(Dynamic::from)
        .collect()
}

/// The first object of the list whose member equals `value`, or `()`.
pub fn item(event: &Event, path: &str, value: &str) -> Dynamic {
    matching_items(event, path, value)
        .into_iter()
        .next()
        .unwrap_or(Dynamic::UNIT)
}

/// The money at `amount_path`: a top-level member, or, when it names a member of the list that
/// `key_path` also names, the sum over that list's objects whose key member equals `value`.
pub fn amount_for(event: &Event, amount_path: &str, key_path: &str, value: &str) -> Money {
    let (amount_list, amount_member) = split(amount_path);
    let (key_list, _) = split(key_path);
    match amount_member {
        Some(amount_member) if amount_list == key_list => {
            let fen = matching_items(event, key_path, value)
                .iter()
                .filter_map(|item| {
                    let map = item.read_lock::<Map>()?;
                    map.get(amount_member)?.clone().try_cast::<Money>()
                })
                .map(|m| m.0)
                .sum();
            Money(fen)
        }
        _ => event
            .field(amount_path)
            .and_then(|v| v.try_cast::<Money>())
            .unwrap_or(Money(0)),
    }
}
