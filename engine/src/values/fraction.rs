//! Exact rational numbers for ratios, tolerances and quorums (`2/3`, `0.10`, `1.3`).

use std::cmp::Ordering;
use std::fmt;

/// A rational number `numerator / denominator` in lowest terms, denominator > 0.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Fraction {
    numerator: i128,
    denominator: i128,
}

fn gcd(mut a: i128, mut b: i128) -> i128 {
    a = a.abs();
    b = b.abs();
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a.max(1)
}

impl Fraction {
    pub fn new(numerator: i128, denominator: i128) -> Option<Fraction> {
        if denominator == 0 {
            return None;
        }
        let sign = if denominator < 0 { -1 } else { 1 };
        let divisor = gcd(numerator, denominator);
        Some(Fraction {
            numerator: sign * numerator / divisor,
            denominator: sign * denominator / divisor,
        })
    }

    pub fn from_integer(value: i128) -> Fraction {
        Fraction {
            numerator: value,
            denominator: 1,
        }
    }

    pub fn numerator(self) -> i128 {
        self.numerator
    }

    pub fn denominator(self) -> i128 {
        self.denominator
    }

    /// Parses `a/b`, a decimal literal `0.10`, or an integer.
    pub fn parse(text: &str) -> Result<Fraction, String> {
        let t = text.trim();
        let bad = || format!("not a fraction (write 2/3, 0.10 or 1.3): {text:?}");
        if let Some((a, b)) = t.split_once('/') {
            let a: i128 = a.trim().parse().map_err(|_| bad())?;
            let b: i128 = b.trim().parse().map_err(|_| bad())?;
            return Fraction::new(a, b).ok_or_else(bad);
        }
        let (negative, digits) = match t.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, t),
        };
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        if whole.is_empty()
            || !whole.bytes().all(|b| b.is_ascii_digit())
            || !fraction.bytes().all(|b| b.is_ascii_digit())
            || fraction.len() > 18
        {
            return Err(bad());
        }
        let scale = 10i128.pow(fraction.len() as u32);
        let whole: i128 = whole.parse().map_err(|_| bad())?;
        let part: i128 = if fraction.is_empty() {
            0
        } else {
            fraction.parse().map_err(|_| bad())?
        };
        let value = whole
            .checked_mul(scale)
            .and_then(|w| w.checked_add(part))
            .ok_or_else(bad)?;
        Fraction::new(if negative { -value } else { value }, scale).ok_or_else(bad)
    }

    pub fn checked_add(self, other: Fraction) -> Option<Fraction> {
        let n = self
            .numerator
            .checked_mul(other.denominator)?
            .checked_add(other.numerator.checked_mul(self.denominator)?)?;
        Fraction::new(n, self.denominator.checked_mul(other.denominator)?)
    }

    pub fn checked_sub(self, other: Fraction) -> Option<Fraction> {
        self.checked_add(Fraction {
            numerator: -other.numerator,
            denominator: other.denominator,
        })
    }

    pub fn checked_mul(self, other: Fraction) -> Option<Fraction> {
        Fraction::new(
            self.numerator.checked_mul(other.numerator)?,
            self.denominator.checked_mul(other.denominator)?,
        )
    }

    pub fn checked_div(self, other: Fraction) -> Option<Fraction> {
        Fraction::new(
            self.numerator.checked_mul(other.denominator)?,
            self.denominator.checked_mul(other.numerator)?,
        )
    }
}

impl PartialOrd for Fraction {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Fraction {
    fn cmp(&self, other: &Self) -> Ordering {
        // Cross-multiplication; i128 holds money in fen times any catalog ratio.
        (self.numerator.saturating_mul(other.denominator))
            .cmp(&other.numerator.saturating_mul(self.denominator))
    }
}

impl fmt::Display for Fraction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.denominator == 1 {
            write!(f, "{}", self.numerator)
        } else {
            write!(f, "{}/{}", self.numerator, self.denominator)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_ratios() {
        let two_thirds = Fraction::parse("2/3").unwrap();
        let present = Fraction::new(20, 30).unwrap();
        assert_eq!(two_thirds.cmp(&present), Ordering::Equal);
        assert!(Fraction::new(19, 30).unwrap() < two_thirds);
        assert_eq!(
            Fraction::parse("0.10").unwrap(),
            Fraction::new(1, 10).unwrap()
        );
        assert_eq!(Fraction::parse("1.3").unwrap().to_string(), "13/10");
        assert!(Fraction::parse("x").is_err());
    }
}
