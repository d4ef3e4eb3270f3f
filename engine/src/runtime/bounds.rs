//! The `from..=to` of `cx.find_in` and `cx.sum_in`. Both ends are dates, timestamps, money or
//! integers of one type; two dates also bound a time field, by the whole local days they name,
//! which is how the catalog counts ("payments of the year", "claims of the day").

use crate::values::{Date, Money, Timestamp};
use rhai::Dynamic;

/// An inclusive range a record's field is tested against, its ends read once.
pub enum Bounds {
    /// Two dates: a date inside them, or an instant of the local days they cover.
    Days((Date, Date), (Timestamp, Timestamp)),
    Instants(Timestamp, Timestamp),
    Money(Money, Money),
    Integers(i64, i64),
    /// Ends of different or other types: nothing is inside.
    Empty,
}

/// The value inside a `Dynamic` of type `T`, read without cloning the `Dynamic`.
fn read<T: Copy + 'static>(value: &Dynamic) -> Option<T> {
    value.read_lock::<T>().map(|v| *v)
}

impl Bounds {
    /// `from..=to`; `offset_seconds` is the local offset that places dates on the time line.
    pub fn new(from: &Dynamic, to: &Dynamic, offset_seconds: i32) -> Bounds {
        if let (Some(first), Some(last)) = (read::<Date>(from), read::<Date>(to)) {
            let instants = (
                Timestamp::start_of_day(first.0, offset_seconds),
                // Timestamps count nanoseconds: the last instant of the last day.
                Timestamp::start_of_day(last.plus_days(1).0, offset_seconds).plus_nanos(-1),
            );
            return Bounds::Days((first, last), instants);
        }
        if let (Some(from), Some(to)) = (read::<Timestamp>(from), read::<Timestamp>(to)) {
            return Bounds::Instants(from, to);
        }
        if let (Some(from), Some(to)) = (read::<Money>(from), read::<Money>(to)) {
            return Bounds::Money(from, to);
        }
        if let (Some(from), Some(to)) = (read::<i64>(from), read::<i64>(to)) {
            return Bounds::Integers(from, to);
        }
        Bounds::Empty
    }

    /// The instants the range covers, when it bounds time (two timestamps or two dates).
    pub fn instants(&self) -> Option<(Timestamp, Timestamp)> {
        match *self {
            Bounds::Days(_, instants) => Some(instants),
            Bounds::Instants(from, to) => Some((from, to)),
            _ => None,
        }
    }

    /// `from <= value <= to`; a value of another type than the bounds is outside.
    pub fn contains(&self, value: &Dynamic) -> bool {
        fn between<T: Copy + PartialOrd + 'static>(value: &Dynamic, from: T, to: T) -> bool {
            read::<T>(value).is_some_and(|v| from <= v && v <= to)
        }
        match *self {
            Bounds::Days((first, last), (from, to)) => {
                between(value, first, last) || between(value, from, to)
            }
            Bounds::Instants(from, to) => between(value, from, to),
            Bounds::Money(from, to) => between(value, from, to),
            Bounds::Integers(from, to) => between(value, from, to),
            Bounds::Empty => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHINA: i32 = 8 * 3600;

    fn at(text: &str) -> Dynamic {
        Dynamic::from(Timestamp::parse(text).unwrap())
    }

    fn day(text: &str) -> Dynamic {
        Dynamic::from(Date::parse(text).unwrap())
    }

    #[test]
    fn two_dates_cover_their_whole_local_days() {
        let year = Bounds::new(&day("2025-01-01"), &day("2025-12-31"), CHINA);
        assert!(year.contains(&at("2025-01-01T00:00:00+08:00")));
        assert!(year.contains(&at("2025-12-31T23:59:59.999999999+08:00")));
        assert!(!year.contains(&at("2026-01-01T00:00:00+08:00")));
        assert!(!year.contains(&at("2024-12-31T23:59:59+08:00")));
        // The local day, not the UTC one: 16:00 UTC on 31 December is already 2026 in China.
        assert!(!year.contains(&at("2025-12-31T16:00:00Z")));
        assert!(year.contains(&at("2024-12-31T16:00:00Z")));
        assert!(year.contains(&day("2025-06-30")));
        assert!(!year.contains(&day("2026-01-01")));
    }

    #[test]
    fn timestamps_money_and_integers_are_inclusive_at_both_ends() {
        let hours = Bounds::new(
            &at("2025-03-01T08:00:00+08:00"),
            &at("2025-03-01T12:00:00+08:00"),
            CHINA,
        );
        assert!(hours.contains(&at("2025-03-01T12:00:00+08:00")));
        assert!(!hours.contains(&at("2025-03-01T12:00:01+08:00")));
        let amounts = Bounds::new(
            &Dynamic::from(Money(100)),
            &Dynamic::from(Money(200)),
            CHINA,
        );
        assert!(amounts.contains(&Dynamic::from(Money(200))));
        assert!(!amounts.contains(&Dynamic::from(Money(201))));
        let counts = Bounds::new(&Dynamic::from(1_i64), &Dynamic::from(3_i64), CHINA);
        assert!(counts.contains(&Dynamic::from(1_i64)));
        assert!(!counts.contains(&Dynamic::from(4_i64)));
    }

    #[test]
    fn a_value_of_another_type_is_outside() {
        let amounts = Bounds::new(
            &Dynamic::from(Money(100)),
            &Dynamic::from(Money(200)),
            CHINA,
        );
        assert!(!amounts.contains(&Dynamic::from(150_i64)));
        assert!(!amounts.contains(&Dynamic::from("150")));
        assert!(amounts.instants().is_none());
        let mixed = Bounds::new(&day("2025-01-01"), &at("2025-12-31T00:00:00+08:00"), CHINA);
        assert!(mixed.instants().is_none());
        assert!(!mixed.contains(&at("2025-06-01T00:00:00+08:00")));
    }
}
