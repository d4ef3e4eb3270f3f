//! `THRESHOLD.when`: which events of a trigger type a threshold looks at, checked by the engine
//! before the script runs.
//!
//! Most thresholds begin with a test on the triggering event's own fields (a payment's purpose,
//! an approval's kind, a step's role) and return at once for everything else. A call into the
//! script costs microseconds even when it returns at once, so declaring that test lets the
//! engine skip the call, and the script starts where its real work starts.
//!
//! ```text
//! when: #{ "finance.payment": #{ purpose: "allowance" },
//!          "approval.step": #{ role: "supervision", action: ["approved", "rejected"] } },
//! ```
//! An event of a listed type reaches `on_event` only when every listed field holds one of the
//! listed values (a string, a list of strings, or `true`/`false`); an absent field matches
//! nothing. Trigger types that are not listed reach the script as before.

use crate::event::field_names::FIELD_NAMES;
use crate::event::{Event, EventType};
use rhai::{Dynamic, Map};
use serde_json::Value;
use std::fmt;

/// The values a field must hold.
#[derive(Clone, Debug, PartialEq)]
enum Accepted {
    Texts(Vec<String>),
    Flag(bool),
}

impl Accepted {
    fn from_dynamic(value: &Dynamic, what: &str) -> Result<Accepted, String> {
        if let Some(flag) = value.clone().try_cast::<bool>() {
            return Ok(Accepted::Flag(flag));
        }
        if value.is_string() {
            return Ok(Accepted::Texts(vec![value.to_string()]));
        }
        let wrong = || format!("{what} must be a string, a list of strings, true or false");
        let items = value.clone().try_cast::<rhai::Array>().ok_or_else(wrong)?;
        if items.is_empty() || !items.iter().all(Dynamic::is_string) {
            return Err(wrong());
        }
        Ok(Accepted::Texts(
            items.iter().map(|i| i.to_string()).collect(),
        ))
    }

    fn to_json(&self) -> Value {
        match self {
            Accepted::Texts(texts) => Value::from(texts.clone()),
            Accepted::Flag(flag) => Value::Bool(*flag),
        }
    }

    fn admits(&self, value: Option<Dynamic>) -> bool {
        let Some(value) = value else {
            return false;
        };
        match self {
            Accepted::Flag(flag) => value.try_cast::<bool>() == Some(*flag),
            Accepted::Texts(texts) => value
                .into_immutable_string()
                .is_ok_and(|text| texts.iter().any(|t| t.as_str() == text.as_str())),
        }
    }
}

/// The field conditions one trigger type must meet to reach the script.
#[derive(Clone, Debug, PartialEq)]
pub struct TriggerGuard {
    fields: Vec<(String, Accepted)>,
}

impl TriggerGuard {
    /// Whether the event meets every condition.
    pub fn admits(&self, event: &Event) -> bool {
        self.fields
            .iter()
            .all(|(name, accepted)| accepted.admits(event.field(name)))
    }

    /// `{"purpose": ["allowance"], "via_exchange": false}`, as the catalog API shows it.
    pub fn to_json(&self) -> serde_json::Map<String, Value> {
        self.fields
            .iter()
            .map(|(name, accepted)| (name.clone(), accepted.to_json()))
            .collect()
    }
}

/// `purpose=allowance|labor, via_exchange=false`, as `mingjing rules list` shows it.
impl fmt::Display for TriggerGuard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (name, accepted)) in self.fields.iter().enumerate() {
            let values = match accepted {
                Accepted::Texts(texts) => texts.join("|"),
                Accepted::Flag(flag) => flag.to_string(),
            };
            write!(f, "{}{name}={values}", if i == 0 { "" } else { ", " })?;
        }
        Ok(())
    }
}

/// Reads `THRESHOLD.when`; every type it names must be one of the threshold's triggers.
pub fn read_guards(
    when: Option<&Dynamic>,
    triggers: &[EventType],
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
            fields.push((field.to_string(), Accepted::from_dynamic(&values, &what)?));
        }
        guards.push((event_type, TriggerGuard { fields }));
    }
    Ok(guards)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::{decode, DecodeOptions};

    fn guards(script: &str) -> Result<Vec<(EventType, TriggerGuard)>, String> {
        let when = rhai::Engine::new()
            .eval::<Dynamic>(script)
            .expect("valid Rhai");
        read_guards(
            Some(&when),
            &[EventType::FinancePayment, EventType::LeaseRecorded],
        )
    }

    fn payment(purpose: &str) -> Event {
        let line = format!(
            r#"{{"event_id":"e1","type":"finance.payment","occurred_at":"2024-03-01T10:00:00+08:00","township_id":"ts-01","village_id":"vl-01","payload":{{"payment_id":"pay-1","payee_type":"person","payee_id":"p-1","amount":100.00,"method":"cash","purpose":"{purpose}"}}}}"#
        );
        decode(line.as_bytes(), &DecodeOptions::default())
            .expect("a valid payment")
            .event
    }

    #[test]
    fn a_guarded_type_admits_only_the_listed_values() {
        let read = guards(r#"#{ "finance.payment": #{ purpose: ["allowance", "labor"] } }"#)
            .expect("a valid guard");
        let (event_type, guard) = &read[0];
        assert_eq!(*event_type, EventType::FinancePayment);
        assert!(guard.admits(&payment("allowance")));
        assert!(guard.admits(&payment("labor")));
        assert!(!guard.admits(&payment("hospitality")));
        assert_eq!(guard.to_string(), "purpose=allowance|labor");
        assert_eq!(
            Value::Object(guard.to_json()),
            serde_json::json!({"purpose": ["allowance", "labor"]})
        );
    }

    #[test]
    fn every_field_must_match_and_an_absent_field_matches_nothing() {
        let read =
            guards(r#"#{ "finance.payment": #{ purpose: "allowance", payee_type: "person" } }"#)
                .expect("a valid guard");
        assert!(read[0].1.admits(&payment("allowance")));
        let absent = guards(r#"#{ "finance.payment": #{ invoice_no: "F-1" } }"#).unwrap();
        assert!(!absent[0].1.admits(&payment("allowance")));
        let flag = guards(r#"#{ "finance.payment": #{ purpose: true } }"#).unwrap();
        assert!(
            !flag[0].1.admits(&payment("allowance")),
            "a text is not a flag"
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
    }
}
