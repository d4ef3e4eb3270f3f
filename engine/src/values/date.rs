//! Calendar days (`YYYY-MM-DD`) and quarters (`YYYYQn`).

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A calendar day in the local zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub NaiveDate);

impl Date {
    /// Strict `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Result<Date, String> {
        let b = text.as_bytes();
        let shape_ok = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        if !shape_ok {
            return Err(format!("not a date YYYY-MM-DD: {text:?}"));
        }
        NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map(Date)
            .map_err(|_| format!("not a calendar date: {text:?}"))
    }

    pub fn naive(self) -> NaiveDate {
        self.0
    }

    pub fn year(self) -> i32 {
        self.0.year()
    }

    /// Days since 1970-01-01 (negative before).
    pub fn epoch_days(self) -> i64 {
        i64::from(self.0.num_days_from_ce()) - 719_163
    }

    pub fn from_epoch_days(days: i64) -> Date {
        Date(
            NaiveDate::from_num_days_from_ce_opt((days + 719_163) as i32).unwrap_or(NaiveDate::MIN),
        )
    }

    pub fn plus_days(self, days: i64) -> Date {
        Date::from_epoch_days(self.epoch_days() + days)
    }

    pub fn quarter(self) -> Period {
        Period {
            year: self.0.year(),
            quarter: (self.0.month0() / 3 + 1) as u8,
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Date::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// A calendar quarter, `YYYYQn`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    pub year: i32,
    pub quarter: u8,
}

impl Period {
    pub fn parse(text: &str) -> Result<Period, String> {
        let b = text.as_bytes();
        let bad = || format!("not a period YYYYQn: {text:?}");
        if b.len() != 6
            || b[4] != b'Q'
            || !b[..4].iter().all(u8::is_ascii_digit)
            || !(b'1'..=b'4').contains(&b[5])
        {
            return Err(bad());
        }
        Ok(Period {
            year: text[..4].parse().map_err(|_| bad())?,
            quarter: b[5] - b'0',
        })
    }

    pub fn first_day(self) -> Date {
        Date(
            NaiveDate::from_ymd_opt(self.year, u32::from(self.quarter - 1) * 3 + 1, 1)
                .unwrap_or(NaiveDate::MIN),
        )
    }

    pub fn next(self) -> Period {
        if self.quarter == 4 {
            Period {
                year: self.year + 1,
                quarter: 1,
            }
        } else {
            Period {
                year: self.year,
                quarter: self.quarter + 1,
            }
        }
    }

    /// The last day of the quarter.
    pub fn last_day(self) -> Date {
        self.next().first_day().plus_days(-1)
    }

    pub fn contains(self, day: Date) -> bool {
        day.quarter() == self
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}Q{}", self.year, self.quarter)
    }
}

impl Serialize for Period {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Period::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_quarters() {
        let d = Date::parse("2022-04-25").unwrap();
        assert_eq!(d.quarter().to_string(), "2022Q2");
        assert_eq!(d.plus_days(7).to_string(), "2022-05-02");
        assert!(Date::parse("2022-4-25").is_err());
        let p = Period::parse("2022Q4").unwrap();
        assert_eq!(p.last_day().to_string(), "2022-12-31");
        assert_eq!(p.next().to_string(), "2023Q1");
        assert!(Period::parse("2022Q5").is_err());
    }
}
