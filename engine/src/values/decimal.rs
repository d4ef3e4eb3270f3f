//! Exact non-money quantities (areas, liters, coordinates) with up to 8 fraction digits.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A decimal quantity held as an integer count of 10⁻⁸ units, so comparisons are exact.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Decimal(pub i128);

impl Decimal {
    pub const SCALE: i128 = 100_000_000;
    pub const FRACTION_DIGITS: usize = 8;

    pub fn from_integer(value: i64) -> Decimal {
        Decimal(i128::from(value) * Self::SCALE)
    }

    /// Parses a JSON number literal with at most 8 fraction digits and no exponent.
    pub fn parse_literal(text: &str) -> Result<Decimal, String> {
        let literal = text.trim();
        if literal.contains(['e', 'E']) {
            return Err(format!("decimal has an exponent: {literal}"));
        }
        let (negative, digits) = match literal.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, literal),
        };
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty()
            || !all_digits(whole)
            || !all_digits(fraction)
            || (digits.contains('.') && fraction.is_empty())
        {
            return Err(format!("not a decimal number: {literal}"));
        }
        if fraction.len() > Self::FRACTION_DIGITS {
            return Err(format!(
                "decimal has more than 8 fraction digits: {literal}"
            ));
        }
        let whole_value: i128 = whole
            .trim_start_matches('0')
            .parse::<i128>()
            .or_else(|_| {
                if whole.trim_start_matches('0').is_empty() {
                    Ok(0)
                } else {
                    Err(())
                }
            })
            .map_err(|_| format!("decimal out of range: {literal}"))?;
        if whole_value > i128::from(i64::MAX) {
            return Err(format!("decimal out of range: {literal}"));
        }
        let mut fraction_value: i128 = 0;
        for i in 0..Self::FRACTION_DIGITS {
            fraction_value = fraction_value * 10
                + fraction
                    .as_bytes()
                    .get(i)
                    .map_or(0, |b| i128::from(b - b'0'));
        }
        let units = whole_value * Self::SCALE + fraction_value;
        Ok(Decimal(if negative { -units } else { units }))
    }

    pub fn to_literal(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let scale = Self::SCALE as u128;
        let fraction = abs % scale;
        if fraction == 0 {
            return format!("{sign}{}", abs / scale);
        }
        let digits = format!("{fraction:08}");
        format!("{sign}{}.{}", abs / scale, digits.trim_end_matches('0'))
    }

    pub fn is_positive(self) -> bool {
        self.0 > 0
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_literal())
    }
}

impl Serialize for Decimal {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.to_literal().parse::<serde_json::Number>() {
            Ok(number) => number.serialize(serializer),
            Err(_) => serializer.serialize_str(&self.to_literal()),
        }
    }
}

impl<'de> Deserialize<'de> for Decimal {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let number = serde_json::Number::deserialize(deserializer)?;
        Decimal::parse_literal(number.as_str()).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_literals() {
        for text in ["0", "1.5", "-120.12345678", "125", "0.00000001"] {
            assert_eq!(Decimal::parse_literal(text).unwrap().to_literal(), text);
        }
        assert!(Decimal::parse_literal("1.123456789").is_err());
        assert!(Decimal::parse_literal("1e2").is_err());
    }
}
