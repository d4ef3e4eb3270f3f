//! Exact sums of non-money quantities (areas in mu, liters): `a + b` and `a - b` on decimals,
//! so a total stays a decimal an officer can read (`12.5`), not a fraction (`25/2`); and ratios
//! written the way the catalog writes them (`0.46`, not `23/50`).

use super::op_assign;
use crate::values::{Decimal, Fraction};
use rhai::{Engine, EvalAltResult};

type ScriptResult<T> = Result<T, Box<EvalAltResult>>;

pub fn add(a: Decimal, b: Decimal) -> Option<Decimal> {
    a.0.checked_add(b.0).map(Decimal)
}

pub fn subtract(a: Decimal, b: Decimal) -> Option<Decimal> {
    a.0.checked_sub(b.0).map(Decimal)
}

/// A ratio as a decimal literal when it has one (`0.46`, `1.5`, `2`), otherwise `a/b` (`2/3`).
pub fn decimal_text(value: Fraction) -> String {
    let (numerator, denominator) = (value.numerator(), value.denominator());
    // In lowest terms, a fraction ends as a decimal exactly when 10^k is a multiple of its
    // denominator for some k; k is then the number of fraction digits.
    let mut scale: i128 = 1;
    let mut digits = 0usize;
    while scale % denominator != 0 {
        match scale.checked_mul(10) {
            Some(next) if digits < 18 => {
                scale = next;
                digits += 1;
            }
            _ => return value.to_string(),
        }
    }
    let Some(scaled) = numerator.checked_mul(scale / denominator) else {
        return value.to_string();
    };
    if digits == 0 {
        return scaled.to_string();
    }
    let sign = if scaled < 0 { "-" } else { "" };
    let magnitude = scaled.unsigned_abs();
    let unit = 10u128.pow(digits as u32);
    let fraction = format!("{:0digits$}", magnitude % unit);
    format!(
        "{sign}{}.{}",
        magnitude / unit,
        fraction.trim_end_matches('0')
    )
}

/// Registers `+`, `-`, `+=` and `-=` on two decimals, `decimal(n)` for a whole number and
/// `decimal_text(ratio)`.
pub fn register(engine: &mut Engine) {
    engine.register_fn("decimal_text", decimal_text);
    op_assign::register(
        engine,
        "+",
        |a: Decimal, b: Decimal| -> ScriptResult<Decimal> {
            add(a, b).ok_or_else(|| "decimal overflow".into())
        },
    );
    op_assign::register(
        engine,
        "-",
        |a: Decimal, b: Decimal| -> ScriptResult<Decimal> {
            subtract(a, b).ok_or_else(|| "decimal overflow".into())
        },
    );
    engine.register_fn("decimal", Decimal::from_integer);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        Decimal::parse_literal(text).unwrap()
    }

    #[test]
    fn sums_are_exact() {
        assert_eq!(add(d("0.1"), d("0.2")), Some(d("0.3")));
        assert_eq!(subtract(d("3.5"), d("1.25")), Some(d("2.25")));
        assert_eq!(
            add(Decimal::from_integer(2), d("0.00000001")),
            Some(d("2.00000001"))
        );
        assert_eq!(add(Decimal(i128::MAX), d("1")), None);
    }

    #[test]
    fn ratios_read_as_the_catalog_writes_them() {
        let f = |text: &str| Fraction::parse(text).unwrap();
        assert_eq!(decimal_text(f("0.46")), "0.46");
        assert_eq!(decimal_text(f("1.5")), "1.5");
        assert_eq!(decimal_text(f("2")), "2");
        assert_eq!(decimal_text(f("0.20")), "0.2");
        assert_eq!(decimal_text(f("1/8")), "0.125");
        assert_eq!(decimal_text(f("2/3")), "2/3");
        assert_eq!(decimal_text(f("-5/4")), "-1.25");
    }
}
