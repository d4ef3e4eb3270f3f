//! Parameter durations of the catalog: `<n><unit>` with s, m, h (exact time), d (days) and
//! wd (working days).

use super::timestamp::{NANOS_PER_DAY, NANOS_PER_HOUR, NANOS_PER_MINUTE, NANOS_PER_SECOND};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DurationUnit {
    Seconds,
    Minutes,
    Hours,
    Days,
    WorkingDays,
}

/// A duration parameter such as `4h`, `30d` or `20wd`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ParamDuration {
    pub amount: i64,
    pub unit: DurationUnit,
}

impl ParamDuration {
    pub fn parse(text: &str) -> Result<ParamDuration, String> {
        let t = text.trim();
        let split = t
            .find(|c: char| !c.is_ascii_digit())
            .ok_or_else(|| format!("duration needs a unit (s, m, h, d, wd): {text:?}"))?;
        let (digits, unit) = t.split_at(split);
        let amount: i64 = digits
            .parse()
            .map_err(|_| format!("duration needs a whole number: {text:?}"))?;
        let unit = match unit {
            "s" => DurationUnit::Seconds,
            "m" => DurationUnit::Minutes,
            "h" => DurationUnit::Hours,
            "d" => DurationUnit::Days,
            "wd" => DurationUnit::WorkingDays,
            _ => {
                return Err(format!(
                    "unknown duration unit {unit:?} in {text:?} (use s, m, h, d or wd)"
                ))
            }
        };
        Ok(ParamDuration { amount, unit })
    }

    /// Exact nanoseconds for s, m, h and d (n × 24 h); `None` for working days.
    pub fn exact_nanos(self) -> Option<i64> {
        let per = match self.unit {
            DurationUnit::Seconds => NANOS_PER_SECOND,
            DurationUnit::Minutes => NANOS_PER_MINUTE,
            DurationUnit::Hours => NANOS_PER_HOUR,
            DurationUnit::Days => NANOS_PER_DAY,
            DurationUnit::WorkingDays => return None,
        };
        Some(self.amount.saturating_mul(per))
    }
}

impl fmt::Display for ParamDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = match self.unit {
            DurationUnit::Seconds => "s",
            DurationUnit::Minutes => "m",
            DurationUnit::Hours => "h",
            DurationUnit::Days => "d",
            DurationUnit::WorkingDays => "wd",
        };
        write!(f, "{}{unit}", self.amount)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_catalog_durations() {
        assert_eq!(
            ParamDuration::parse("4h").unwrap().exact_nanos(),
            Some(4 * NANOS_PER_HOUR)
        );
        assert_eq!(
            ParamDuration::parse("20wd").unwrap().unit,
            DurationUnit::WorkingDays
        );
        assert_eq!(ParamDuration::parse("10m").unwrap().to_string(), "10m");
        assert!(ParamDuration::parse("4 hours").is_err());
    }
}
