//! Exact money: yuan literals parsed to integer fen, never through binary floating point.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// An amount of money in fen (1/100 yuan). The contract allows 0 to 999,999,999,999.99 yuan;
/// sums inside the engine may exceed that, so the value is an `i64` of fen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(pub i64);

/// Why a money literal was refused (the `invalid_money` reason of events.md §8).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("money has an exponent: {0}")]
    Exponent(String),
    #[error("money has more than 2 fraction digits: {0}")]
    TooPrecise(String),
    #[error("money is out of range 0..=999999999999.99: {0}")]
    OutOfRange(String),
    #[error("not a number: {0}")]
    NotANumber(String),
}

/// Prefix of serde error messages produced by money parsing, so the decoder can report
/// `invalid_money` rather than `invalid_payload`.
pub const MONEY_ERROR_TAG: &str = "invalid_money: ";

impl Money {
    /// Largest amount the contract accepts, in fen.
    pub const MAX_FEN: i64 = 99_999_999_999_999;
    pub const ZERO: Money = Money(0);

    pub fn from_fen(fen: i64) -> Money {
        Money(fen)
    }

    pub fn from_yuan(yuan: i64) -> Money {
        Money(yuan * 100)
    }

    pub fn fen(self) -> i64 {
        self.0
    }

    /// Parses a JSON number literal in yuan (`1234.5`, `0`, `99.99`) exactly.
    pub fn parse_literal(text: &str) -> Result<Money, MoneyError> {
        let literal = text.trim();
        if literal.contains(['e', 'E']) {
            return Err(MoneyError::Exponent(literal.to_string()));
        }
        let (negative, digits) = match literal.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, literal.strip_prefix('+').unwrap_or(literal)),
        };
        let (whole, fraction) = match digits.split_once('.') {
            Some((w, f)) => (w, f),
            None => (digits, ""),
        };
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty()
            || !all_digits(whole)
            || !all_digits(fraction)
            || (digits.contains('.') && fraction.is_empty())
        {
            return Err(MoneyError::NotANumber(literal.to_string()));
        }
        if fraction.len() > 2 {
            return Err(MoneyError::TooPrecise(literal.to_string()));
        }
        let whole_trimmed = whole.trim_start_matches('0');
        if whole_trimmed.len() > 12 {
            return Err(MoneyError::OutOfRange(literal.to_string()));
        }
        let yuan: i64 = if whole_trimmed.is_empty() {
            0
        } else {
            whole_trimmed
                .parse()
                .map_err(|_| MoneyError::NotANumber(literal.to_string()))?
        };
        let mut cents: i64 = 0;
        for (i, b) in fraction.bytes().enumerate() {
            cents += i64::from(b - b'0') * if i == 0 { 10 } else { 1 };
        }
        let fen = yuan * 100 + cents;
        if negative && fen != 0 {
            return Err(MoneyError::OutOfRange(literal.to_string()));
        }
        if fen > Money::MAX_FEN {
            return Err(MoneyError::OutOfRange(literal.to_string()));
        }
        Ok(Money(fen))
    }

    /// The amount as a yuan literal with two fraction digits, e.g. `1234.50`.
    pub fn to_literal(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        format!("{sign}{}.{:02}", abs / 100, abs % 100)
    }

    /// The amount as officers read it, with thousands separators: `1,234.50元`.
    pub fn to_display_yuan(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let whole = (abs / 100).to_string();
        let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
        for (i, ch) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(ch);
        }
        format!("{sign}{grouped}.{:02}元", abs % 100)
    }

    pub fn checked_add(self, other: Money) -> Option<Money> {
        self.0.checked_add(other.0).map(Money)
    }

    pub fn saturating_add(self, other: Money) -> Money {
        Money(self.0.saturating_add(other.0))
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_literal())
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // A JSON number with exactly two fraction digits, written verbatim.
        match self.to_literal().parse::<serde_json::Number>() {
            Ok(number) => number.serialize(serializer),
            Err(_) => serializer.serialize_i64(self.0),
        }
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let number = serde_json::Number::deserialize(deserializer)?;
        Money::parse_literal(number.as_str())
            .map_err(|e| serde::de::Error::custom(format!("{MONEY_ERROR_TAG}{e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_yuan_literals_exactly() {
        assert_eq!(Money::parse_literal("2400.00"), Ok(Money(240_000)));
        assert_eq!(Money::parse_literal("0.1"), Ok(Money(10)));
        assert_eq!(Money::parse_literal("19999.99"), Ok(Money(1_999_999)));
        assert_eq!(
            Money::parse_literal("999999999999.99"),
            Ok(Money(Money::MAX_FEN))
        );
        assert_eq!(Money::parse_literal("0"), Ok(Money(0)));
    }

    #[test]
    fn refuses_what_the_contract_refuses() {
        assert!(matches!(
            Money::parse_literal("1.005"),
            Err(MoneyError::TooPrecise(_))
        ));
        assert!(matches!(
            Money::parse_literal("1e3"),
            Err(MoneyError::Exponent(_))
        ));
        assert!(matches!(
            Money::parse_literal("-1.00"),
            Err(MoneyError::OutOfRange(_))
        ));
        assert!(matches!(
            Money::parse_literal("1000000000000"),
            Err(MoneyError::OutOfRange(_))
        ));
    }

    #[test]
    fn formats_for_officers() {
        assert_eq!(Money(123_456_789).to_display_yuan(), "1,234,567.89元");
        assert_eq!(Money(5).to_literal(), "0.05");
        assert_eq!(serde_json::to_string(&Money(45_000)).unwrap(), "450.00");
    }
}
