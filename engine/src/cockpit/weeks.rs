//! Weeks of the trend: Monday to Sunday in the platform's zone.

use crate::values::Timestamp;
use chrono::{Datelike, NaiveDate};

/// The Monday of the week `at` falls in, in a zone of `offset_seconds`.
pub fn week_of(at: Timestamp, offset_seconds: i32) -> NaiveDate {
    let day = at.local_date(offset_seconds);
    day - chrono::Days::new(u64::from(day.weekday().num_days_from_monday()))
}

/// Every Monday from `first` to `last`, both included.
pub fn mondays(first: NaiveDate, last: NaiveDate) -> Vec<NaiveDate> {
    let mut weeks = Vec::new();
    let mut week = first;
    while week <= last {
        weeks.push(week);
        week = week + chrono::Days::new(7);
    }
    weeks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sunday_night_in_beijing_is_still_the_week_before() {
        let offset = 8 * 3600;
        // Sunday 2025-03-09 23:59:59 +08:00, and the Monday after.
        let sunday = Timestamp::parse("2025-03-09T23:59:59+08:00").unwrap();
        let monday = Timestamp::parse("2025-03-10T00:00:00+08:00").unwrap();
        assert_eq!(
            week_of(sunday, offset),
            NaiveDate::from_ymd_opt(2025, 3, 3).unwrap()
        );
        assert_eq!(
            week_of(monday, offset),
            NaiveDate::from_ymd_opt(2025, 3, 10).unwrap()
        );
        let weeks = mondays(
            NaiveDate::from_ymd_opt(2025, 3, 3).unwrap(),
            NaiveDate::from_ymd_opt(2025, 3, 17).unwrap(),
        );
        assert_eq!(weeks.len(), 3);
    }
}
