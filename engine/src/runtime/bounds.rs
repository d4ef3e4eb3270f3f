//! The `from..=to` of `cx.find_in` and `cx.sum_in`. Both ends are dates, timestamps, money or
//! integers of one type; two dates also bound a time field, by the whole local days they name,
//! which is how the catalog counts ("payments of the year", "claims of the day").

use crate::values::{Date, Money, Timestamp};
use rhai::Dynamic;

/// An inclusive range a record's field is tested against.
pub struct Bounds {
    from: Dynamic,
    to: Dynamic,
    instants: Option<(Timestamp, Timestamp)>,
}

impl Bounds {
    /// `from..=to`; `offset_seconds` is the local offset that places dates on the time line.
    pub fn new(from: Dynamic, to: Dynamic, offset_seconds: i32) -> Bounds {
        let instants = match (from.clone().try_cast::<Timestamp>(), to.clone().try_cast()) {
            (Some(from), Some(to)) => Some((from, to)),
            _ => match (
                from.clone().try_cast::<Date>(),
                to.clone().try_cast::<Date>(),
            ) {
                (Some(first), Some(last)) => Some((
                    Timestamp::start_of_day(first.0, offset_seconds),
                    // Timestamps count nanoseconds: the last instant of the last day.
                    Timestamp::start_of_day(last.plus_days(1).0, offset_seconds).plus_nanos(-1),
                )),
                _ => None,
            },
        };
        Bounds { from, to, instants }
    }

    /// The instants the range covers, when it bounds time (two timestamps or two dates).
    pub fn instants(&self) -> Option<(Timestamp, Timestamp)> {
        self.instants
    }

    /// `from <= value <= to`; a value of another type than the bounds is outside.
    pub fn contains(&self, value: &Dynamic) -> bool {
        if let (Some((from, to)), Some(at)) = (self.instants, value.clone().try_cast::<Timestamp>())
        {
            return from <= at && at <= to;
        }
        self.between::<Date>(value)
            .or_else(|| self.between::<Money>(value))
            .or_else(|| self.between::<i64>(value))
            .unwrap_or(false)
    }

    fn between<T: Clone + PartialOrd + 'static>(&self, value: &Dynamic) -> Option<bool> {
        let (v, f, t) = (
            value.clone().try_cast::<T>()?,
            self.from.clone().try_cast::<T>()?,
            self.to.clone().try_cast::<T>()?,
        );
        Some(f <= v && v <= t)
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
        let year = Bounds::new(day("2025-01-01"), day("2025-12-31"), CHINA);
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
            at("2025-03-01T08:00:00+08:00"),
            at("2025-03-01T12:00:00+08:00"),
            CHINA,
        );
        assert!(hours.contains(&at("2025-03-01T12:00:00+08:00")));
        assert!(!hours.contains(&at("2025-03-01T12:00:01+08:00")));
        let amounts = Bounds::new(Dynamic::from(Money(100)), Dynamic::from(Money(200)), CHINA);
        assert!(amounts.contains(&Dynamic::from(Money(200))));
        assert!(!amounts.contains(&Dynamic::from(Money(201))));
        let counts = Bounds::new(Dynamic::from(1_i64), Dynamic::from(3_i64), CHINA);
        assert!(counts.contains(&Dynamic::from(1_i64)));
        assert!(!counts.contains(&Dynamic::from(4_i64)));
    }

    #[test]
    fn a_value_of_another_type_is_outside() {
        let amounts = Bounds::new(Dynamic::from(Money(100)), Dynamic::from(Money(200)), CHINA);
        assert!(!amounts.contains(&Dynamic::from(150_i64)));
        assert!(!amounts.contains(&Dynamic::from("150")));
        assert!(amounts.instants().is_none());
        let mixed = Bounds::new(day("2025-01-01"), at("2025-12-31T00:00:00+08:00"), CHINA);
        assert!(mixed.instants().is_none());
        assert!(!mixed.contains(&at("2025-06-01T00:00:00+08:00")));
    }
}
