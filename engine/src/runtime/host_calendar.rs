//! Calendar arithmetic on dates beyond whole days: `plus_years(day, n)`, as in "the start date
//! plus five calendar years", and `months_overlapping(year, from, to)`, as in "the calendar
//! months of the year that overlap the term".

use crate::values::Date;
use chrono::{Months, NaiveDate};
use rhai::{Dynamic, Engine, EvalAltResult};

/// `day` moved by `years` calendar years; 29 February becomes 28 February in a common year
/// (the same day of the same month where it exists, otherwise the month's last day).
pub fn plus_years(day: Date, years: i64) -> Option<Date> {
    let months = years.checked_mul(12)?;
    let magnitude = Months::new(u32::try_from(months.unsigned_abs()).ok()?);
    if months >= 0 {
        day.0.checked_add_months(magnitude)
    } else {
        day.0.checked_sub_months(magnitude)
    }
    .map(Date)
}

/// How many calendar months of `year` share at least one day with `from..=to`; `to` absent
/// means the span is still open. A year outside the calendar has none.
pub fn months_overlapping(year: i64, from: Date, to: Option<Date>) -> i64 {
    let Ok(year) = i32::try_from(year) else {
        return 0;
    };
    let first_of = |year: i32, month: u32| NaiveDate::from_ymd_opt(year, month, 1);
    let overlapping = (1..=12u32).filter(|&month| {
        let first = first_of(year, month);
        let next = if month == 12 {
            year.checked_add(1)
                .and_then(|next_year| first_of(next_year, 1))
        } else {
            first_of(year, month + 1)
        };
        let (Some(first), Some(next)) = (first, next) else {
            return false;
        };
        from.0 < next && to.is_none_or(|to| to.0 >= first)
    });
    i64::try_from(overlapping.count()).unwrap_or(0)
}

/// Registers `plus_years(day, n)` and `months_overlapping(year, from, to)` (`to` a date or `()`).
pub fn register(engine: &mut Engine) {
    engine.register_fn(
        "months_overlapping",
        |year: i64, from: Date, to: Dynamic| -> Result<i64, Box<EvalAltResult>> {
            let to = if to.is_unit() {
                None
            } else {
                Some(
                    to.try_cast::<Date>()
                        .ok_or("months_overlapping: to must be a date or ()")?,
                )
            };
            Ok(months_overlapping(year, from, to))
        },
    );
    engine.register_fn(
        "plus_years",
        |day: Date, years: i64| -> Result<Date, Box<EvalAltResult>> {
            plus_years(day, years)
                .ok_or_else(|| format!("{day} plus {years} years is out of range").into())
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn whole_years_keep_month_and_day() {
        assert_eq!(plus_years(day("2020-03-15"), 5), Some(day("2025-03-15")));
        assert_eq!(plus_years(day("2025-03-15"), -5), Some(day("2020-03-15")));
        assert_eq!(plus_years(day("2020-03-15"), 0), Some(day("2020-03-15")));
    }

    #[test]
    fn leap_day_falls_back_to_the_last_day_of_february() {
        assert_eq!(plus_years(day("2020-02-29"), 5), Some(day("2025-02-28")));
        assert_eq!(plus_years(day("2020-02-29"), 4), Some(day("2024-02-29")));
    }

    #[test]
    fn months_of_the_year_that_a_term_touches_by_one_day_count() {
        let months =
            |from: &str, to: Option<&str>| months_overlapping(2023, day(from), to.map(day));
        assert_eq!(months("2020-01-01", None), 12);
        assert_eq!(months("2023-03-31", Some("2023-04-01")), 2);
        assert_eq!(months("2023-12-31", None), 1);
        assert_eq!(months("2022-06-01", Some("2023-01-01")), 1);
        assert_eq!(months("2022-06-01", Some("2022-12-31")), 0);
        assert_eq!(months("2024-01-01", None), 0);
        assert_eq!(months_overlapping(i64::MAX, day("2020-01-01"), None), 0);
    }

    #[test]
    fn out_of_range_is_none() {
        assert_eq!(plus_years(day("2020-01-01"), i64::MAX), None);
    }
}
