//! Instants of event time: RFC 3339 with seconds and an explicit offset, compared as instants.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveTime, SecondsFormat, TimeZone, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};

/// Nanoseconds in one second, one minute, one hour and one day.
pub const NANOS_PER_SECOND: i64 = 1_000_000_000;
pub const NANOS_PER_MINUTE: i64 = 60 * NANOS_PER_SECOND;
pub const NANOS_PER_HOUR: i64 = 60 * NANOS_PER_MINUTE;
pub const NANOS_PER_DAY: i64 = 24 * NANOS_PER_HOUR;

/// An instant (nanoseconds since the Unix epoch) with the offset it was written in.
/// Equality, order and hashing use the instant only.
#[derive(Clone, Copy, Debug)]
pub struct Timestamp {
    nanos: i64,
    offset_seconds: i32,
}

impl Timestamp {
    pub fn from_nanos(nanos: i64, offset_seconds: i32) -> Timestamp {
        Timestamp {
            nanos,
            offset_seconds,
        }
    }

    pub fn nanos(self) -> i64 {
        self.nanos
    }

    pub fn offset_seconds(self) -> i32 {
        self.offset_seconds
    }

    /// The same instant shifted by `nanos`, keeping the offset.
    pub fn plus_nanos(self, nanos: i64) -> Timestamp {
        Timestamp {
            nanos: self.nanos.saturating_add(nanos),
            offset_seconds: self.offset_seconds,
        }
    }

    /// The same instant written in another offset.
    pub fn in_offset(self, offset_seconds: i32) -> Timestamp {
        Timestamp {
            nanos: self.nanos,
            offset_seconds,
        }
    }

    /// Strict RFC 3339: `YYYY-MM-DDTHH:MM:SS[.f{1,9}](Z|±hh:mm)`.
    pub fn parse(text: &str) -> Result<Timestamp, String> {
        let bad = || format!("not an RFC 3339 timestamp with seconds and offset: {text:?}");
        let b = text.as_bytes();
        if b.len() < 20 {
            return Err(bad());
        }
        // Every event carries timestamps, so digits are read here rather than through str::parse.
        let num = |range: std::ops::Range<usize>| -> Result<u32, String> {
            let digits = b.get(range).ok_or_else(bad)?;
            digits.iter().try_fold(0u32, |value, c| {
                if c.is_ascii_digit() {
                    Ok(value * 10 + u32::from(c - b'0'))
                } else {
                    Err(bad())
                }
            })
        };
        if b[4] != b'-'
            || b[7] != b'-'
            || !(b[10] == b'T' || b[10] == b't')
            || b[13] != b':'
            || b[16] != b':'
        {
            return Err(bad());
        }
        let date =
            NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?).ok_or_else(bad)?;
        let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
        let mut pos = 19;
        let mut nanos = 0u32;
        if b[pos] == b'.' {
            let start = pos + 1;
            let mut end = start;
            while end < b.len() && b[end].is_ascii_digit() {
                end += 1;
            }
            let digits = end - start;
            if digits == 0 || digits > 9 {
                return Err(bad());
            }
            nanos = num(start..end)? * 10u32.pow((9 - digits) as u32);
            pos = end;
        }
        let offset_seconds: i32 = match b.get(pos) {
            Some(b'Z' | b'z') if pos + 1 == b.len() => 0,
            Some(sign @ (b'+' | b'-')) if pos + 6 == b.len() && b[pos + 3] == b':' => {
                let (h, m) = (num(pos + 1..pos + 3)?, num(pos + 4..pos + 6)?);
                if h > 23 || m > 59 {
                    return Err(bad());
                }
                let magnitude = (h * 3600 + m * 60) as i32;
                if *sign == b'-' {
                    -magnitude
                } else {
                    magnitude
                }
            }
            _ => return Err(bad()),
        };
        if hour > 23 || minute > 59 || second > 59 {
            return Err(bad());
        }
        let time = NaiveTime::from_hms_nano_opt(hour, minute, second, nanos).ok_or_else(bad)?;
        let local = date.and_time(time);
        let utc_nanos = local
            .and_utc()
            .timestamp_nanos_opt()
            .and_then(|n| n.checked_sub(i64::from(offset_seconds) * NANOS_PER_SECOND))
            .ok_or_else(bad)?;
        Ok(Timestamp {
            nanos: utc_nanos,
            offset_seconds,
        })
    }

    fn to_chrono(self) -> DateTime<FixedOffset> {
        let offset = FixedOffset::east_opt(self.offset_seconds)
            .unwrap_or(FixedOffset::east_opt(0).expect("zero offset"));
        Utc.timestamp_nanos(self.nanos).with_timezone(&offset)
    }

    /// RFC 3339 in the timestamp's own offset; fraction digits only when present.
    pub fn to_rfc3339(self) -> String {
        self.to_chrono()
            .to_rfc3339_opts(SecondsFormat::AutoSi, true)
    }

    /// RFC 3339 in `offset_seconds` with whole seconds, as dedup keys and alerts write instants.
    pub fn to_rfc3339_whole_seconds(self, offset_seconds: i32) -> String {
        let whole = Timestamp {
            nanos: self.nanos.div_euclid(NANOS_PER_SECOND) * NANOS_PER_SECOND,
            offset_seconds,
        };
        whole
            .to_chrono()
            .to_rfc3339_opts(SecondsFormat::Secs, false)
    }

    /// The calendar day of this instant in a zone of `offset_seconds` (events.md §7.5 date(ts)).
    pub fn local_date(self, offset_seconds: i32) -> NaiveDate {
        let local_nanos = self
            .nanos
            .saturating_add(i64::from(offset_seconds) * NANOS_PER_SECOND);
        let days = local_nanos.div_euclid(NANOS_PER_DAY);
        NaiveDate::from_num_days_from_ce_opt((days + 719_163) as i32).unwrap_or(NaiveDate::MIN)
    }

    /// sod(day): the first instant of `day` in a zone of `offset_seconds`.
    pub fn start_of_day(day: NaiveDate, offset_seconds: i32) -> Timestamp {
        let days = i64::from(day.num_days_from_ce()) - 719_163;
        Timestamp {
            nanos: days
                .saturating_mul(NANOS_PER_DAY)
                .saturating_sub(i64::from(offset_seconds) * NANOS_PER_SECOND),
            offset_seconds,
        }
    }

    /// The wall-clock instant now, written in `offset_seconds`.
    pub fn now(offset_seconds: i32) -> Timestamp {
        Timestamp {
            nanos: Utc::now().timestamp_nanos_opt().unwrap_or(0),
            offset_seconds,
        }
    }
}

impl PartialEq for Timestamp {
    fn eq(&self, other: &Self) -> bool {
        self.nanos == other.nanos
    }
}
impl Eq for Timestamp {}
impl PartialOrd for Timestamp {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Timestamp {
    fn cmp(&self, other: &Self) -> Ordering {
        self.nanos.cmp(&other.nanos)
    }
}
impl Hash for Timestamp {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.nanos.hash(state);
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_rfc3339())
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_rfc3339())
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Timestamp::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CST: i32 = 8 * 3600;

    #[test]
    fn parses_and_compares_as_instants() {
        let a = Timestamp::parse("2022-04-25T09:30:00+08:00").unwrap();
        let b = Timestamp::parse("2022-04-25T01:30:00Z").unwrap();
        assert_eq!(a, b);
        assert_eq!(a.to_rfc3339(), "2022-04-25T09:30:00+08:00");
        let fine = Timestamp::parse("2022-04-25T09:30:00.123456789+08:00").unwrap();
        assert_eq!(fine.nanos() - a.nanos(), 123_456_789);
    }

    #[test]
    fn refuses_loose_forms() {
        for text in [
            "2022-04-25T09:30+08:00",
            "2022-04-25 09:30:00",
            "2022-04-25T09:30:00",
            "2022-02-30T00:00:00Z",
            "2022-04-25T09:30:00.1234567891Z",
            "2022-04-25T24:00:00Z",
        ] {
            assert!(Timestamp::parse(text).is_err(), "{text}");
        }
    }

    #[test]
    fn local_days() {
        let late_utc = Timestamp::parse("2022-04-24T16:00:00Z").unwrap();
        assert_eq!(late_utc.local_date(CST).to_string(), "2022-04-25");
        let sod = Timestamp::start_of_day(NaiveDate::from_ymd_opt(2022, 4, 25).unwrap(), CST);
        assert_eq!(sod, late_utc);
        assert_eq!(
            sod.to_rfc3339_whole_seconds(CST),
            "2022-04-25T00:00:00+08:00"
        );
    }
}
