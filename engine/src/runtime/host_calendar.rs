//! Calendar arithmetic on dates beyond whole days: `plus_years(day, n)`, as in "the start date
//! plus five calendar years".

use crate::values::Date;
use chrono::Months;
use rhai::{Engine, EvalAltResult};

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

/// Registers `plus_years(day, n)`.
pub fn register(engine: &mut Engine) {
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
    fn out_of_range_is_none() {
        assert_eq!(plus_years(day("2020-01-01"), i64::MAX), None);
    }
}
