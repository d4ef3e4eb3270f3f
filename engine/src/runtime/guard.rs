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
//! An event of a listed type reaches the script only when every listed field passes its test.
//! A list of such maps gives alternatives: the event reaches the script when it passes every
//! test of at least one of them (`"finance.payment": [#{ claim_id: present() }, #{ purpose:
//! "labor" }]`). The tests a field can be put to:
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

use super::field_test::Accepted;
use super::params::Params;
use crate::event::field_names::FIELD_NAMES;
use crate::event::{Event, EventType};
use rhai::{Dynamic, Map};
use serde_json::Value;
use std::fmt;

/// Tests on fields, all of which an event must pass.
type AllOf = Vec<(String, Accepted)>;

/// The field conditions one trigger type must meet to reach the script: every test of at least
/// one alternative.
#[derive(Clone, Debug, PartialEq)]
pub struct TriggerGuard {
    alternatives: Vec<AllOf>,
}

impl TriggerGuard {
    /// Whether the event meets the conditions, with the threshold's current parameters.
    pub fn admits(&self, event: &Event, params: &Params) -> bool {
        self.alternatives.iter().any(|fields| {
            fields
                .iter()
                .all(|(name, accepted)| accepted.admits(event.field(name), params))
        })
    }

    /// `{"purpose": ["allowance"], "via_exchange": false, "amount": {"above":
    /// "params.cash_limit"}}`, as the catalog API shows it; alternatives as a list of these.
    pub fn to_json(&self) -> Value {
        let object = |fields: &AllOf| -> Value {
            fields
                .iter()
                .map(|(name, accepted)| (name.clone(), accepted.to_json()))
                .collect::<serde_json::Map<_, _>>()
                .into()
        };
        match self.alternatives.as_slice() {
            [only] => object(only),
            alternatives => alternatives.iter().map(object).collect(),
        }
    }
}

/// `purpose=allowance|labor, via_exchange=false, amount>params.cash_limit`, as `mingjing rules
/// check` shows it; alternatives as `(claim_id present) or (purpose=labor)`.
impl fmt::Display for TriggerGuard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let several = self.alternatives.len() > 1;
        for (i, fields) in self.alternatives.iter().enumerate() {
            let tests: Vec<String> = fields
                .iter()
                .map(|(name, accepted)| format!("{name}{}", accepted.describe()))
                .collect();
            let tests = tests.join(", ");
            match (i, several) {
                (0, false) => write!(f, "{tests}")?,
                (0, true) => write!(f, "({tests})")?,
                _ => write!(f, " or ({tests})")?,
            }
        }
        Ok(())
    }
}

/// Reads one alternative: a map of field name to test.
fn read_all_of(conditions: Dynamic, type_name: &str, params: &Params) -> Result<AllOf, String> {
    let conditions = conditions.try_cast::<Map>().ok_or_else(|| {
        format!("THRESHOLD.when.{type_name} must be a map of field name to values, or a list of such maps")
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
    Ok(fields)
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
        let alternatives = match conditions.clone().try_cast::<rhai::Array>() {
            Some(list) if list.is_empty() => {
                return Err(format!(
                    "THRESHOLD.when.{type_name} lists no alternative; leave the type out instead"
                ))
            }
            Some(list) => list
                .into_iter()
                .map(|one| read_all_of(one, &type_name, params))
                .collect::<Result<Vec<_>, _>>()?,
            None => vec![read_all_of(conditions, &type_name, params)?],
        };
        guards.push((event_type, TriggerGuard { alternatives }));
    }
    Ok(guards)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::{decode, DecodeOptions};
    use crate::runtime::params::ParamValue;
    use crate::runtime::sandbox::{build_engine, ScriptLimits};
    use crate::values::Money;
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
            guard.to_json(),
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
            absent.to_json(),
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
            at_least.to_json(),
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
    fn alternatives_admit_an_event_that_passes_every_test_of_one_of_them() {
        let either = guard(
            r#"#{ "finance.payment": [#{ claim_id: present() }, #{ purpose: "labor", amount: above("cash_limit") }] }"#,
        );
        let claimed = payment_with("goods", "5.00", r#","claim_id":"lc-1""#);
        assert!(either.admits(&claimed, &params()));
        let large_labor = payment_with("labor", "5000.00", "");
        assert!(either.admits(&large_labor, &params()));
        assert!(!either.admits(&payment("goods"), &params()));
        assert!(
            !either.admits(&payment("labor"), &params()),
            "one alternative's tests all hold, or it does not count"
        );
        assert_eq!(
            either.to_string(),
            "(claim_id present) or (amount>params.cash_limit, purpose=labor)"
        );
        assert_eq!(
            either.to_json(),
            serde_json::json!([
                {"claim_id": {"present": true}},
                {"purpose": ["labor"], "amount": {"above": "params.cash_limit"}}
            ])
        );
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
        assert!(error(r#"#{ "finance.payment": [] }"#).contains("lists no alternative"));
        assert!(error(r#"#{ "finance.payment": [#{ purpose: "x" }, 3] }"#)
            .contains("or a list of such maps"));
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
