//! `THRESHOLD.when`: which events of a trigger type a threshold looks at, checked by the engine
//! before the script runs.
//!
//! Most thresholds begin with a test on the triggering event's own fields (a payment's purpose,
//! an approval's kind, a step's role, an amount against a parameter) and return at once for
//! everything else. A call into the script costs microseconds even when it returns at once, so
//! declaring that test lets the engine skip the call, and the script starts where its real work
//! starts.
//!
//! ```text
//! when: #{ "finance.payment": #{ method: "cash", amount: above("cash_limit"),
//!                                purpose: not_among("exempt_purposes"), order_id: present() },
//!          "approval.step": #{ role: "supervision", action: ["approved", "rejected"] } },
//! ```
//! An event of a listed type reaches the script only when every listed field passes its test:
//!
//! - `"text"` or `["a", "b"]`: the field holds one of the texts; `true` / `false`: that flag.
//!   An absent field passes none of these.
//! - `none_of("text")` / `none_of(["a", "b"])`: the field is absent or holds another value.
//! - `present()` / `absent()`: the field is there / is not.
//! - `above("p")`, `at_least("p")`, `below("p")`, `at_most("p")`: the field compared with the
//!   money or integer parameter `p` of `PARAMS`, read when the event comes, so an overridden
//!   parameter moves the test with it. An absent field fails; a field of another type than the
//!   parameter lets the event through, so the script decides (and reports the mistake).
//! - `among("p")` / `not_among("p")`: the field's text is / is not in the list parameter `p`
//!   (an absent field is not among).
//!
//! Trigger types that are not listed reach the script as before.

use super::params::{ParamValue, Params};
use crate::event::field_names::FIELD_NAMES;
use crate::event::{Event, EventType};
use crate::values::Money;
use rhai::{Dynamic, Engine, Map};
use serde_json::Value;
use std::cmp::Ordering;
use std::fmt;

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
enum Accepted {
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
    fn from_dynamic(value: &Dynamic, what: &str, params: &Params) -> Result<Accepted, String> {
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

    fn to_json(&self) -> Value {
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

    fn admits(&self, value: Option<Dynamic>, params: &Params) -> bool {
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

/// The field conditions one trigger type must meet to reach the script.
#[derive(Clone, Debug, PartialEq)]
pub struct TriggerGuard {
    fields: Vec<(String, Accepted)>,
}

impl TriggerGuard {
    /// Whether the event meets every condition, with the threshold's current parameters.
    pub fn admits(&self, event: &Event, params: &Params) -> bool {
        self.fields
            .iter()
            .all(|(name, accepted)| accepted.admits(event.field(name), params))
    }

    /// `{"purpose": ["allowance"], "via_exchange": false, "amount": {"above":
    /// "params.cash_limit"}}`, as the catalog API shows it.
    pub fn to_json(&self) -> serde_json::Map<String, Value> {
        self.fields
            .iter()
            .map(|(name, accepted)| (name.clone(), accepted.to_json()))
            .collect()
    }
}

/// `purpose=allowance|labor, via_exchange=false, amount>params.cash_limit`, as `mingjing rules
/// list` shows it.
impl fmt::Display for TriggerGuard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (name, accepted)) in self.fields.iter().enumerate() {
            let test = match accepted {
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
            };
            write!(f, "{}{name}{test}", if i == 0 { "" } else { ", " })?;
        }
        Ok(())
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

/// Reads `THRESHOLD.when`; every type it names must be one of the threshold's triggers, and
/// every parameter a test names one of `params`.
pub fn read_guards(
    when: Option<&Dynamic>,
    triggers: &[EventType],
    params: &Params,
) -> Result<Vec<(EventType, TriggerGuard)>, String> {
    let Some(when) = when else {
        return Ok(Vec::new());
    };
    let map = when
        .clone()
        .try_cast::<Map>()
        .ok_or("THRESHOLD.when must be a map of trigger type to field conditions")?;
    let mut guards = Vec::new();
    for (type_name, conditions) in map {
        let event_type = EventType::parse(&type_name)
            .ok_or_else(|| format!("THRESHOLD.when: unknown event type {type_name:?}"))?;
        if !triggers.contains(&event_type) {
            return Err(format!(
                "THRESHOLD.when names {type_name}, which is not one of the triggers"
            ));
        }
        let conditions = conditions.try_cast::<Map>().ok_or_else(|| {
            format!("THRESHOLD.when.{type_name} must be a map of field name to values")
        })?;
        if conditions.is_empty() {
            return Err(format!(
                "THRESHOLD.when.{type_name} names no field; leave the type out instead"
            ));
        }
        let mut fields = Vec::new();
        for (field, values) in conditions {
            if !FIELD_NAMES.contains(&field.as_str()) {
                return Err(format!(
                    "THRESHOLD.when.{type_name}: {field:?} is not a field of the event contract"
                ));
            }
            let what = format!("THRESHOLD.when.{type_name}.{field}");
            fields.push((
                field.to_string(),
                Accepted::from_dynamic(&values, &what, params)?,
            ));
        }
        guards.push((event_type, TriggerGuard { fields }));
    }
    Ok(guards)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::{decode, DecodeOptions};
    use crate::runtime::sandbox::{build_engine, ScriptLimits};
    use std::sync::Arc;

    fn params() -> Params {
        Params(Arc::new(vec![
            (
                "cash_limit".into(),
                ParamValue::Money(Money::from_fen(100_000)),
            ),
            ("min_count".into(), ParamValue::Integer(3)),
            (
                "exempt".into(),
                ParamValue::List(vec!["tax_fee".into(), "welfare".into()]),
            ),
            ("label".into(), ParamValue::Text("x".into())),
        ]))
    }

    fn guards(script: &str) -> Result<Vec<(EventType, TriggerGuard)>, String> {
        let when = build_engine(8 * 3600, ScriptLimits::default())
            .eval::<Dynamic>(script)
            .expect("valid Rhai");
        read_guards(
            Some(&when),
            &[EventType::FinancePayment, EventType::LeaseRecorded],
            &params(),
        )
    }

    fn guard(script: &str) -> TriggerGuard {
        guards(script).expect("a valid guard").remove(0).1
    }

    fn payment_with(purpose: &str, amount: &str, extra: &str) -> Event {
        let line = format!(
            r#"{{"event_id":"e1","type":"finance.payment","occurred_at":"2024-03-01T10:00:00+08:00","township_id":"ts-01","village_id":"vl-01","payload":{{"payment_id":"pay-1","payee_type":"person","payee_id":"p-1","amount":{amount},"method":"cash","purpose":"{purpose}"{extra}}}}}"#
        );
        decode(line.as_bytes(), &DecodeOptions::default())
            .expect("a valid payment")
            .event
    }

    fn payment(purpose: &str) -> Event {
        payment_with(purpose, "100.00", "")
    }

    #[test]
    fn a_guarded_type_admits_only_the_listed_values() {
        let read = guards(r#"#{ "finance.payment": #{ purpose: ["allowance", "labor"] } }"#)
            .expect("a valid guard");
        let (event_type, guard) = &read[0];
        assert_eq!(*event_type, EventType::FinancePayment);
        assert!(guard.admits(&payment("allowance"), &params()));
        assert!(guard.admits(&payment("labor"), &params()));
        assert!(!guard.admits(&payment("hospitality"), &params()));
        assert_eq!(guard.to_string(), "purpose=allowance|labor");
        assert_eq!(
            Value::Object(guard.to_json()),
            serde_json::json!({"purpose": ["allowance", "labor"]})
        );
    }

    #[test]
    fn every_field_must_match_and_an_absent_field_matches_nothing() {
        let both =
            guard(r#"#{ "finance.payment": #{ purpose: "allowance", payee_type: "person" } }"#);
        assert!(both.admits(&payment("allowance"), &params()));
        let absent = guard(r#"#{ "finance.payment": #{ invoice_no: "F-1" } }"#);
        assert!(!absent.admits(&payment("allowance"), &params()));
        let flag = guard(r#"#{ "finance.payment": #{ purpose: true } }"#);
        assert!(
            !flag.admits(&payment("allowance"), &params()),
            "a text is not a flag"
        );
    }

    #[test]
    fn presence_and_none_of_look_at_whether_and_what_the_field_holds() {
        let with_invoice = payment_with("goods", "5.00", r#","invoice_no":"F-1""#);
        let present = guard(r#"#{ "finance.payment": #{ invoice_no: present() } }"#);
        assert!(present.admits(&with_invoice, &params()));
        assert!(!present.admits(&payment("goods"), &params()));
        let absent = guard(r#"#{ "finance.payment": #{ invoice_no: absent() } }"#);
        assert!(!absent.admits(&with_invoice, &params()));
        assert!(absent.admits(&payment("goods"), &params()));
        let none_of = guard(
            r#"#{ "finance.payment": #{ purpose: none_of(["gift", "welfare"]), invoice_no: none_of("F-1") } }"#,
        );
        assert!(
            none_of.admits(&payment("goods"), &params()),
            "an absent invoice is none of them"
        );
        assert!(!none_of.admits(&payment("welfare"), &params()));
        assert!(!none_of.admits(&with_invoice, &params()));
        assert_eq!(present.to_string(), "invoice_no present");
        assert_eq!(
            Value::Object(absent.to_json()),
            serde_json::json!({"invoice_no": {"present": false}})
        );
    }

    #[test]
    fn comparisons_with_a_parameter_include_or_exclude_the_boundary_as_named() {
        let at = |amount: &str| payment_with("goods", amount, "");
        let above = guard(r#"#{ "finance.payment": #{ amount: above("cash_limit") } }"#);
        assert!(!above.admits(&at("1000.00"), &params()));
        assert!(above.admits(&at("1000.01"), &params()));
        let at_least = guard(r#"#{ "finance.payment": #{ amount: at_least("cash_limit") } }"#);
        assert!(at_least.admits(&at("1000.00"), &params()));
        assert!(!at_least.admits(&at("999.99"), &params()));
        let below = guard(r#"#{ "finance.payment": #{ amount: below("cash_limit") } }"#);
        assert!(below.admits(&at("999.99"), &params()));
        assert!(!below.admits(&at("1000.00"), &params()));
        let at_most = guard(r#"#{ "finance.payment": #{ amount: at_most("cash_limit") } }"#);
        assert!(at_most.admits(&at("1000.00"), &params()));
        assert!(!at_most.admits(&at("1000.01"), &params()));
        assert_eq!(above.to_string(), "amount>params.cash_limit");
        assert_eq!(
            Value::Object(at_least.to_json()),
            serde_json::json!({"amount": {"at_least": "params.cash_limit"}})
        );
        let raised = params()
            .with_override("cash_limit", "2000.00")
            .expect("a money override");
        assert!(
            !above.admits(&at("1500.00"), &raised),
            "the test reads the parameter's current value"
        );
        let other_type = guard(r#"#{ "finance.payment": #{ amount: above("min_count") } }"#);
        assert!(
            other_type.admits(&at("1.00"), &params()),
            "money against an integer is left to the script"
        );
        let missing = guard(r#"#{ "finance.payment": #{ approval_id: above("cash_limit") } }"#);
        assert!(
            !missing.admits(&at("5000.00"), &params()),
            "an absent field fails"
        );
    }

    #[test]
    fn among_and_not_among_read_a_list_parameter() {
        let among = guard(r#"#{ "finance.payment": #{ purpose: among("exempt") } }"#);
        assert!(among.admits(&payment("welfare"), &params()));
        assert!(!among.admits(&payment("goods"), &params()));
        let not_among = guard(r#"#{ "finance.payment": #{ purpose: not_among("exempt") } }"#);
        assert!(!not_among.admits(&payment("tax_fee"), &params()));
        assert!(not_among.admits(&payment("goods"), &params()));
        assert_eq!(not_among.to_string(), "purpose not in params.exempt");
    }

    #[test]
    fn mistakes_are_refused_with_what_is_wrong() {
        let error = |script: &str| guards(script).expect_err("refused");
        assert!(error(r#"#{ "contract.recorded": #{ kind: "x" } }"#)
            .contains("not one of the triggers"));
        assert!(error(r#"#{ "finance.pay": #{ kind: "x" } }"#).contains("unknown event type"));
        assert!(error(r#"#{ "finance.payment": #{ purpos: "x" } }"#)
            .contains("\"purpos\" is not a field"));
        assert!(error(r#"#{ "finance.payment": #{ purpose: 3 } }"#)
            .contains("THRESHOLD.when.finance.payment.purpose must be a string"));
        assert!(error(r#"#{ "finance.payment": #{ purpose: [] } }"#).contains("must be a string"));
        assert!(error(r#"#{ "finance.payment": #{} }"#).contains("names no field"));
        assert!(error(r#"["finance.payment"]"#).contains("must be a map"));
        assert!(
            error(r#"#{ "finance.payment": #{ amount: above("limit") } }"#)
                .contains("THRESHOLD.when.finance.payment.amount: PARAMS has no \"limit\"")
        );
        assert!(
            error(r#"#{ "finance.payment": #{ amount: above("label") } }"#)
                .contains("PARAMS.label must be a money or integer parameter")
        );
        assert!(
            error(r#"#{ "finance.payment": #{ purpose: among("cash_limit") } }"#)
                .contains("PARAMS.cash_limit must be a list parameter")
        );
    }
}
