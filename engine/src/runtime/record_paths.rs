//! Looking inside a record's lists by path (`lines.worker_id`, `labor_pools.village_id`,
//! `bank_accounts`) in Rust, so a rule asks one question instead of looping over a list.

use crate::event::Event;
use crate::records::key_text;
use crate::values::Money;
use rhai::{Array, Dynamic};

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

/// True when a list item's member (`None` where the item lacks it) equals `wanted`.
fn member_matches(member: &Option<Dynamic>, wanted: &str) -> bool {
    member.as_ref().is_some_and(|value| matches(value, wanted))
}

/// The member of each item of the list `list` (`None` where an item lacks it), read without
/// turning the items into maps.
fn item_members(event: &Event, list: &str, member: &str) -> Vec<Option<Dynamic>> {
    event.items_member(list, member).unwrap_or_default()
}

/// The items of the list member `list`; none when the record has no such list.
fn list_items(event: &Event, list: &str) -> Array {
    event
        .field(list)
        .and_then(|found| found.try_cast::<Array>())
        .unwrap_or_default()
}

/// True when `path` of the record has `value`: a top-level member equal to it, a list holding
/// it, or an object of a list whose member equals it.
pub fn includes(event: &Event, path: &str, value: &str) -> bool {
    match split(path) {
        (list, Some(member)) => item_members(event, list, member)
            .iter()
            .any(|found| member_matches(found, value)),
        (head, None) => match event.field(head).map(Dynamic::try_cast_result::<Array>) {
            Some(Ok(items)) => items.iter().any(|item| matches(item, value)),
            Some(Err(single)) => matches(&single, value),
            None => false,
        },
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

/// The first object of the list whose member equals `value` (for a path without a member, the
/// first item equal to `value`), or `()`.
pub fn item(event: &Event, path: &str, value: &str) -> Dynamic {
    let (list, member) = split(path);
    let Some(member) = member else {
        return list_items(event, list)
            .into_iter()
            .find(|item| matches(item, value))
            .unwrap_or(Dynamic::UNIT);
    };
    // Found by the members alone: the list becomes maps only when it holds a match.
    let found = item_members(event, list, member)
        .iter()
        .position(|found| member_matches(found, value));
    let Some(at) = found else {
        return Dynamic::UNIT;
    };
    let mut items = list_items(event, list);
    if at < items.len() {
        items.swap_remove(at)
    } else {
        Dynamic::UNIT
    }
}

/// The money at `amount_path`: a top-level member, or, when it names a member of the list that
/// `key_path` also names, the sum over that list's objects whose key member equals `value`.
pub fn amount_for(event: &Event, amount_path: &str, key_path: &str, value: &str) -> Money {
    let (amount_list, amount_member) = split(amount_path);
    let (key_list, key_member) = split(key_path);
    match (amount_member, key_member) {
        (Some(amount_member), Some(key_member)) if amount_list == key_list => {
            let keys = item_members(event, key_list, key_member);
            let amounts = item_members(event, amount_list, amount_member);
            let fen = keys
                .iter()
                .zip(amounts)
                .filter(|(key, _)| member_matches(key, value))
                .filter_map(|(_, amount)| amount?.try_cast::<Money>())
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::{decode, DecodeOptions};
    use rhai::Map;

    /// A claim paying p-1 twice (two lines) and p-2 once.
    fn claim() -> Event {
        let line = r#"{"event_id":"e1","type":"labor.claim","occurred_at":"2023-04-27T11:30:00+08:00","township_id":"ts-01","village_id":"vl-01","payload":{"claim_id":"cl-1","job_id":"job-1","work_start_date":"2023-04-25","work_end_date":"2023-04-26","lines":[{"worker_id":"p-1","amount":240.00},{"worker_id":"p-2","amount":210.00},{"worker_id":"p-1","amount":100.50}],"total_amount":550.50,"signatures_complete":true}}"#;
        decode(line.as_bytes(), &DecodeOptions::default())
            .expect("valid claim")
            .event
    }

    #[test]
    fn a_list_member_path_reads_each_item_in_order() {
        let claim = claim();
        let workers: Vec<String> = crate::records::path_values(&claim, "lines.worker_id")
            .iter()
            .map(|t| t.to_string())
            .collect();
        assert_eq!(workers, ["p-1", "p-2", "p-1"]);
        let distinct: Vec<String> = distinct(&claim, "lines.worker_id")
            .iter()
            .map(|d| d.to_string())
            .collect();
        assert_eq!(distinct, ["p-1", "p-2"]);
        assert!(crate::records::path_values(&claim, "lines.nobody").is_empty());
        assert!(crate::records::path_values(&claim, "claim_id.worker_id").is_empty());
    }

    #[test]
    fn amounts_are_summed_over_the_lines_of_the_worker_only() {
        let claim = claim();
        let amount = |worker| amount_for(&claim, "lines.amount", "lines.worker_id", worker);
        assert_eq!(amount("p-1"), Money(34_050));
        assert_eq!(amount("p-2"), Money(21_000));
        assert_eq!(amount("p-9"), Money(0));
        // A top-level amount is the record's whatever the key.
        assert_eq!(
            amount_for(&claim, "total_amount", "lines.worker_id", "p-9"),
            Money(55_050)
        );
    }

    #[test]
    fn includes_and_item_look_inside_the_list() {
        let claim = claim();
        assert!(includes(&claim, "lines.worker_id", "p-2"));
        assert!(!includes(&claim, "lines.worker_id", "p-3"));
        assert!(includes(&claim, "claim_id", "cl-1"));
        assert!(!includes(&claim, "claim_id.worker_id", "cl-1"));
        let first = item(&claim, "lines.worker_id", "p-1");
        let map = first.read_lock::<Map>().expect("an object");
        assert_eq!(map["amount"].clone().cast::<Money>(), Money(24_000));
        assert!(item(&claim, "lines.worker_id", "p-3").is_unit());
    }
}
