//! The order in which a partition forgets things: keys by an event-time instant, bucketed by day.
//!
//! Every accepted event adds a seen id and usually a record, while expiry runs once a day. A
//! sorted set keyed by (instant, id) would compare strings on every insert; day buckets take a
//! push, and the day that straddles the limit is sorted out when it expires.

use crate::values::timestamp::NANOS_PER_DAY;
use std::collections::BTreeMap;

/// Keys with the instant they count from.
pub struct ExpiryQueue<K> {
    days: BTreeMap<i64, Vec<(i64, K)>>,
    len: usize,
}

impl<K> Default for ExpiryQueue<K> {
    fn default() -> Self {
        ExpiryQueue {
            days: BTreeMap::new(),
            len: 0,
        }
    }
}

impl<K> ExpiryQueue<K> {
    pub fn push(&mut self, at_nanos: i64, key: K) {
        self.days
            .entry(at_nanos.div_euclid(NANOS_PER_DAY))
            .or_default()
            .push((at_nanos, key));
        self.len += 1;
    }

    /// Removes every entry whose instant is before `limit_nanos` and returns them.
    pub fn pop_before(&mut self, limit_nanos: i64) -> Vec<(i64, K)> {
        let limit_day = limit_nanos.div_euclid(NANOS_PER_DAY);
        let mut expired = Vec::new();
        while let Some(entry) = self.days.first_entry() {
            if *entry.key() > limit_day {
                break;
            }
            if *entry.key() < limit_day {
                expired.extend(entry.remove());
                continue;
            }
            let bucket = entry.into_mut();
            let (old, kept): (Vec<_>, Vec<_>) =
                bucket.drain(..).partition(|(at, _)| *at < limit_nanos);
            *bucket = kept;
            expired.extend(old);
            if bucket.is_empty() {
                self.days.remove(&limit_day);
            }
            break;
        }
        self.len -= expired.len();
        expired
    }

    /// Entries held, including those of keys that were pushed again later.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: i64 = NANOS_PER_DAY / 24;

    #[test]
    fn pops_exactly_the_entries_before_the_limit_across_days() {
        let mut queue = ExpiryQueue::default();
        queue.push(3 * NANOS_PER_DAY + 5 * HOUR, "d3-late");
        queue.push(NANOS_PER_DAY, "d1");
        queue.push(3 * NANOS_PER_DAY + HOUR, "d3-early");
        queue.push(2 * NANOS_PER_DAY + 23 * HOUR, "d2");
        queue.push(3 * NANOS_PER_DAY + 2 * HOUR, "d3-at-limit");

        let mut expired: Vec<_> = queue
            .pop_before(3 * NANOS_PER_DAY + 2 * HOUR)
            .into_iter()
            .map(|(_, k)| k)
            .collect();
        expired.sort();
        assert_eq!(expired, vec!["d1", "d2", "d3-early"]);
        assert_eq!(queue.len(), 2);

        let rest: Vec<_> = queue
            .pop_before(i64::MAX)
            .into_iter()
            .map(|(_, k)| k)
            .collect();
        assert_eq!(rest.len(), 2);
        assert!(rest.contains(&"d3-at-limit") && rest.contains(&"d3-late"));
        assert!(queue.is_empty());
    }

    #[test]
    fn instants_before_the_epoch_fall_in_their_own_day() {
        let mut queue = ExpiryQueue::default();
        queue.push(-HOUR, "before");
        queue.push(HOUR, "after");
        let expired: Vec<_> = queue.pop_before(0).into_iter().map(|(_, k)| k).collect();
        assert_eq!(expired, vec!["before"]);
    }
}
