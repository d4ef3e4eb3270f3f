//! The tests one field of an event can be put to in `THRESHOLD.when` (see [`super::guard`]):
//! values it must hold, `present()` / `absent()`, `none_of(..)`, comparisons with a money or
//! integer parameter and membership of a list parameter.

use super::params::{ParamValue, Params};
use crate::values::Money;
use rhai::{Dynamic, Engine};
use serde_json::Value;
use std::cmp::Ordering;

/// How a field compares with a parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Comparison {
    Above,
    AtLeast,
    Below,
    AtMost,
}

impl Comparison {
    fn name(self) -> &'static str {
        match self {
            Comparison::Above => "above",
            Comparison::AtLeast => "at_least",
            Comparison::Below => "below",
            Comparison::AtMost => "at_most",
        }
    }

    fn symbol(self) -> &'static str {
        match self {
            Comparison::Above => ">",
            Comparison::AtLeast => ">=",
            Comparison::Below => "<",
            Comparison::AtMost => "<=",
        }
    }

    fn holds(self, order: Ordering) -> bool {
        match self {
            Comparison::Above => order == Ordering::Greater,
            Comparison::AtLeast => order != Ordering::Less,
            Comparison::Below => order == Ordering::Less,
            Comparison::AtMost => order != Ordering::Greater,
        }
    }
}

/// What `present()`, `none_of(..)`, `above(..)` and the like return inside `when`.
#[derive(Clone, Debug, PartialEq)]
pub enum FieldTest {
    Presence(bool),
    NoneOf(Vec<String>),
    Compare(Comparison, String),
    Among { list: String, negated: bool },
}

/// The test a field must pass.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Accepted {
    Texts(Vec<String>),
    Flag(bool),
    Test(FieldTest),
}

fn texts_of(value: &Dynamic) -> Option<Vec<String>> {
    if value.is_string() {
        return Some(vec![value.to_string()]);
    }
    let items = value.clone().try_cast::<rhai::Array>()?;
    if items.is_empty() || !items.iter().all(Dynamic::is_string) {
        return None;
    }
    Some(items.iter().map(|i| i.to_string()).collect())
}

fn holds_text(value: Option<Dynamic>, texts: &[String]) -> bool {
    value
        .and_then(|v| v.into_immutable_string().ok())
        .is_some_and(|text| texts.iter().any(|t| t.as_str() == text.as_str()))
}

impl Accepted {
    pub(super) fn from_dynamic(
        value: &Dynamic,
        what: &str,
        params: &Params,
    ) -> Result<Accepted, String> {
        if let Some(flag) = value.clone().try_cast::<bool>() {
            return Ok(Accepted::Flag(flag));
        }
        if let Some(test) = value.clone().try_cast::<FieldTest>() {
            check_parameter(&test, what, params)?;
            return Ok(Accepted::Test(test));
        }
        texts_of(value).map(Accepted::Texts).ok_or_else(|| {
            format!("{what} must be a string, a list of strings, true, false, or one of present(), absent(), none_of(..), above/at_least/below/at_most(\"param\"), among/not_among(\"param\")")
        })
    }

    pub(super) fn to_json(&self) -> Value {
        match self {
            Accepted::Texts(texts) => Value::from(texts.clone()),
            Accepted::Flag(flag) => Value::Bool(*flag),
            Accepted::Test(FieldTest::Presence(present)) => {
                serde_json::json!({ "present": present })
            }
            Accepted::Test(FieldTest::NoneOf(texts)) => serde_json::json!({ "none_of": texts }),
            Accepted::Test(FieldTest::Compare(comparison, param)) => {
                serde_json::json!({ comparison.name(): format!("params.{param}") })
            }
            Accepted::Test(FieldTest::Among { list, negated }) => {
                let name = if *negated { "not_among" } else { "among" };
                serde_json::json!({ name: format!("params.{list}") })
            }
        }
    }

    pub(super) fn admits(&self, value: Option<Dynamic>, params: &Params) -> bool {
        match self {
            Accepted::Flag(flag) => value.and_then(|v| v.try_cast::<bool>()) == Some(*flag),
            Accepted::Texts(texts) => holds_text(value, texts),
            Accepted::Test(FieldTest::Presence(present)) => value.is_some() == *present,
            Accepted::Test(FieldTest::NoneOf(texts)) => !holds_text(value, texts),
            Accepted::Test(FieldTest::Compare(comparison, param)) => {
                let Some(value) = value else {
                    return false;
                };
                match compare(value, params.get(param)) {
                    Some(order) => comparison.holds(order),
                    None => true,
                }
            }
            Accepted::Test(FieldTest::Among { list, negated }) => {
                let among = match params.get(list) {
                    Some(ParamValue::List(items)) => holds_text(value, items),
                    _ => return true,
                };
                among != *negated
            }
        }
    }

    /// The test after the field's name, as `mingjing rules check` shows it: `=cash`,
    /// `>params.cash_limit`, ` present`.
    pub(super) fn describe(&self) -> String {
        match self {
            Accepted::Texts(texts) => format!("={}", texts.join("|")),
            Accepted::Flag(flag) => format!("={flag}"),
            Accepted::Test(FieldTest::Presence(true)) => " present".to_string(),
            Accepted::Test(FieldTest::Presence(false)) => " absent".to_string(),
            Accepted::Test(FieldTest::NoneOf(texts)) => format!("!={}", texts.join("|")),
            Accepted::Test(FieldTest::Compare(comparison, param)) => {
                format!("{}params.{param}", comparison.symbol())
            }
            Accepted::Test(FieldTest::Among { list, negated }) => {
                format!(" {}params.{list}", if *negated { "not in " } else { "in " })
            }
        }
    }
}

/// The field's order against a money or integer parameter; `None` when the types differ.
fn compare(value: Dynamic, param: Option<&ParamValue>) -> Option<Ordering> {
    match param? {
        ParamValue::Money(limit) => value.try_cast::<Money>().map(|m| m.cmp(limit)),
        ParamValue::Integer(limit) => value.as_int().ok().map(|i| i.cmp(limit)),
        _ => None,
    }
}

/// A test that names a parameter must name one of the right kind.
fn check_parameter(test: &FieldTest, what: &str, params: &Params) -> Result<(), String> {
    let (name, kind, fits): (&str, &str, fn(&ParamValue) -> bool) = match test {
        FieldTest::Compare(_, name) => (name, "a money or integer parameter", |value| {
            matches!(value, ParamValue::Money(_) | ParamValue::Integer(_))
        }),
        FieldTest::Among { list, .. } => (list, "a list parameter", |value| {
            matches!(value, ParamValue::List(_))
        }),
        FieldTest::Presence(_) | FieldTest::NoneOf(_) => return Ok(()),
    };
    match params.get(name) {
        None => Err(format!("{what}: PARAMS has no {name:?}")),
        Some(value) if !fits(value) => Err(format!("{what}: PARAMS.{name} must be {kind}")),
        Some(_) => Ok(()),
    }
}

/// The functions that build field tests inside `when`.
pub fn register(engine: &mut Engine) {
    engine.register_type_with_name::<FieldTest>("FieldTest");
    engine.register_fn("present", || FieldTest::Presence(true));
    engine.register_fn("absent", || FieldTest::Presence(false));
    engine.register_fn(
        "none_of",
        |values: Dynamic| -> Result<FieldTest, Box<rhai::EvalAltResult>> {
            texts_of(&values)
                .map(FieldTest::NoneOf)
                .ok_or_else(|| "none_of(..) takes a string or a list of strings".into())
        },
    );
    for comparison in [
        Comparison::Above,
        Comparison::AtLeast,
        Comparison::Below,
        Comparison::AtMost,
    ] {
        engine.register_fn(comparison.name(), move |param: &str| {
            FieldTest::Compare(comparison, param.to_string())
        });
    }
    engine.register_fn("among", |list: &str| FieldTest::Among {
        list: list.to_string(),
        negated: false,
    });
    engine.register_fn("not_among", |list: &str| FieldTest::Among {
        list: list.to_string(),
        negated: true,
    });
}
