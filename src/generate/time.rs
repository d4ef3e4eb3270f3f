//! Local (+08:00) timestamps and dates as the event contract writes them.

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Timelike};
use std::fmt::Write;

/// The local offset of every generated timestamp.
pub const LOCAL_OFFSET: &str = "+08:00";

/// `YYYY-MM-DDTHH:MM:SS+08:00`.
pub fn timestamp(t: NaiveDateTime) -> String {
    let mut out = String::with_capacity(25);
    push_timestamp(&mut out, t);
    out
}

pub fn push_timestamp(out: &mut String, t: NaiveDateTime) {
    push_date(out, t.date());
    let _ = write!(
        out,
        "T{:02}:{:02}:{:02}{}",
        t.hour(),
        t.minute(),
        t.second(),
        LOCAL_OFFSET
    );
}

/// `YYYY-MM-DD`.
pub fn date_text(d: NaiveDate) -> String {
    let mut out = String::with_capacity(10);
    push_date(&mut out, d);
    out
}

pub fn push_date(out: &mut String, d: NaiveDate) {
    let _ = write!(out, "{:04}-{:02}-{:02}", d.year(), d.month(), d.day());
}

/// The instant `h:m:s` on day `d`, local time.
pub fn at(d: NaiveDate, h: u32, m: u32, s: u32) -> NaiveDateTime {
    d.and_time(NaiveTime::from_hms_opt(h, m, s).expect("valid time of day"))
}

/// Start of the day (sod).
pub fn start_of(d: NaiveDate) -> NaiveDateTime {
    at(d, 0, 0, 0)
}

pub fn plus_days(d: NaiveDate, n: i64) -> NaiveDate {
    if n >= 0 {
        d + Days::new(n as u64)
    } else {
        d - Days::new(n.unsigned_abs())
    }
}

pub fn plus_seconds(t: NaiveDateTime, s: i64) -> NaiveDateTime {
    t + TimeDelta::seconds(s)
}

pub fn plus_minutes(t: NaiveDateTime, m: i64) -> NaiveDateTime {
    t + TimeDelta::minutes(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_with_local_offset() {
        let d = NaiveDate::from_ymd_opt(2023, 5, 10).unwrap();
        assert_eq!(timestamp(at(d, 9, 0, 5)), "2023-05-10T09:00:05+08:00");
        assert_eq!(date_text(d), "2023-05-10");
        assert_eq!(
            plus_days(d, -10),
            NaiveDate::from_ymd_opt(2023, 4, 30).unwrap()
        );
    }
}
