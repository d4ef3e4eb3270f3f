//! The subsidy thresholds' parameters (catalog.yaml defaults) and their comparisons, exact in
//! integers: areas in hundredths of a mu, the growth of 20% as the fraction 6/5.

use chrono::NaiveDateTime;

use crate::generate::time::plus_seconds;

/// SUB-01 ratio, min_recipients and min_kin_recipients.
pub const FAVORITISM_RATIO: u64 = 2;
pub const MIN_RECIPIENTS: u64 = 5;
pub const MIN_KIN_RECIPIENTS: u64 = 2;
/// SUB-03 max_per_year.
pub const MAX_PER_YEAR: usize = 1;
/// SUB-05 min_recipients.
pub const SHARED_ACCOUNT_RECIPIENTS: usize = 3;
/// SUB-06 notice_period, 7d.
pub const NOTICE_SECONDS: i64 = 7 * 86_400;

/// An area in hundredths of a mu (亩).
pub type Area = i64;

/// SUB-01: N recipients of whom K are cadres or kin, in a population of P of whom Kp are.
pub fn favoritism(n: u64, k: u64, p: u64, kp: u64) -> bool {
    n >= MIN_RECIPIENTS && k >= MIN_KIN_RECIPIENTS && k * p > FAVORITISM_RATIO * kp * n
}

/// SUB-04's second branch: `claimed` exceeds last year's `a0` by more than 20% (a0 * 6/5).
pub fn grew_too_much(claimed: Area, a0: Area) -> bool {
    claimed * 5 > a0 * 6
}

/// SUB-06: a notice published at `notice` lets a payment at `paid` go ahead.
pub fn notice_in_time(notice: NaiveDateTime, paid: NaiveDateTime) -> bool {
    plus_seconds(notice, NOTICE_SECONDS) <= paid
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::time::at;
    use chrono::NaiveDate;

    #[test]
    fn boundaries_are_exact() {
        // K * P == 2 * Kp * N is not over-represented; one more population member is.
        assert!(!favoritism(30, 2, 450, 15));
        assert!(favoritism(30, 2, 451, 15));
        assert!(!favoritism(4, 2, 1000, 1));
        assert!(!favoritism(5, 1, 1000, 1));
        assert!(!grew_too_much(600, 500));
        assert!(grew_too_much(601, 500));
        let day = NaiveDate::from_ymd_opt(2023, 3, 1).unwrap();
        let paid = at(day, 10, 0, 0);
        let exactly = plus_seconds(paid, -NOTICE_SECONDS);
        assert!(notice_in_time(exactly, paid));
        assert!(!notice_in_time(plus_seconds(exactly, 1), paid));
    }
}
