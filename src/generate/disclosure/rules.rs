//! The disclosure thresholds' parameters (catalog.yaml defaults) and quarters (`YYYYQn`).

use chrono::{Datelike, NaiveDate, NaiveDateTime};

use crate::generate::json::{yuan, Fen};
use crate::generate::time::{plus_days, plus_seconds, start_of};

/// DIS-01 and DIS-05 due_day.
pub const DUE_DAY: u32 = 20;
/// DIS-02 major_amount.
pub const MAJOR_AMOUNT: Fen = yuan(50_000);
/// DIS-02 max_delay, 3d.
pub const MAJOR_DELAY_SECONDS: i64 = 3 * 86_400;
/// DIS-02 kinds.
pub const MAJOR_KINDS: [&str; 8] = [
    "project",
    "procurement",
    "contract",
    "lease",
    "labor",
    "compensation",
    "subsidy",
    "distribution",
];
/// DIS-05 required_item_types (the 8+X list).
pub const REQUIRED_ITEMS: [&str; 8] = [
    "finance_statement",
    "resolution",
    "project",
    "procurement",
    "contract",
    "asset_lease",
    "subsidy",
    "labor",
];

/// A calendar quarter: year and 1..=4.
pub type Quarter = (i32, u32);

pub fn quarter_of(d: NaiveDate) -> Quarter {
    (d.year(), (d.month() - 1) / 3 + 1)
}

pub fn next_quarter((y, q): Quarter) -> Quarter {
    if q == 4 {
        (y + 1, 1)
    } else {
        (y, q + 1)
    }
}

pub fn first_day((y, q): Quarter) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, 3 * q - 2, 1).expect("a quarter's first day")
}

pub fn period_text((y, q): Quarter) -> String {
    format!("{y:04}Q{q}")
}

/// due(P): the end of day `DUE_DAY` of the first month after the quarter.
pub fn due(q: Quarter) -> NaiveDateTime {
    let day = plus_days(first_day(next_quarter(q)), i64::from(DUE_DAY) - 1);
    start_of(plus_days(day, 1))
}

/// The item type a major matter of approval kind `kind` is published under.
pub fn item_type_of(kind: &str) -> &'static str {
    match kind {
        "project" => "project",
        "procurement" => "procurement",
        "contract" => "contract",
        "lease" => "asset_lease",
        "labor" => "labor",
        "compensation" => "compensation",
        "subsidy" => "subsidy",
        "distribution" => "distribution",
        _ => "other",
    }
}

pub fn is_major(kind: &str, amount: Option<Fen>) -> bool {
    MAJOR_KINDS.contains(&kind) && amount.is_some_and(|a| a >= MAJOR_AMOUNT)
}

/// DIS-02: the last instant a major matter approved at `approved_at` is published in time.
pub fn major_deadline(approved_at: NaiveDateTime) -> NaiveDateTime {
    plus_seconds(approved_at, MAJOR_DELAY_SECONDS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::time::at;

    #[test]
    fn due_is_the_end_of_the_twentieth_of_the_next_month() {
        assert_eq!(
            due((2022, 1)),
            at(NaiveDate::from_ymd_opt(2022, 4, 21).unwrap(), 0, 0, 0)
        );
        assert_eq!(
            due((2023, 4)),
            at(NaiveDate::from_ymd_opt(2024, 1, 21).unwrap(), 0, 0, 0)
        );
        assert_eq!(period_text((2023, 4)), "2023Q4");
        assert_eq!(
            quarter_of(NaiveDate::from_ymd_opt(2023, 12, 31).unwrap()),
            (2023, 4)
        );
    }
}
