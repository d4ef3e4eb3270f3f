//! Threshold parameters: typed values a script declares with their catalog defaults and that a
//! deployment may override.

use crate::values::{Fraction, Money, ParamDuration};
use rhai::Dynamic;
use serde_json::{Map, Value};
use std::sync::Arc;

/// One parameter value.
#[derive(Clone, Debug, PartialEq)]
pub enum ParamValue {
    Integer(i64),
    Money(Money),
    Duration(ParamDuration),
    /// A ratio with the text it was written as (`2/3`, `0.10`).
    Fraction(Fraction, String),
    Text(String),
    List(Vec<String>),
}

impl ParamValue {
    /// Reads a value a script wrote: an integer, `money(..)`, `duration(..)`, `fraction(..)`, a
    /// string or an array of strings.
    pub fn from_dynamic(name: &str, value: &Dynamic) -> Result<ParamValue, String> {
        if let Some(i) = value.clone().try_cast::<i64>() {
            return Ok(ParamValue::Integer(i));
        }
        if let Some(m) = value.clone().try_cast::<Money>() {
            return Ok(ParamValue::Money(m));
        }
        if let Some(d) = value.clone().try_cast::<ParamDuration>() {
            return Ok(ParamValue::Duration(d));
        }
        if let Some(f) = value.clone().try_cast::<FractionParam>() {
            return Ok(ParamValue::Fraction(f.value, f.text));
        }
        if value.is_string() {
            return Ok(ParamValue::Text(value.to_string()));
        }
        if let Some(items) = value.clone().try_cast::<rhai::Array>() {
            let list = items
                .iter()
                .map(|item| {
                    if item.is_string() {
                        Ok(item.to_string())
                    } else {
                        Err(format!("param {name}: list items must be strings"))
                    }
                })
                .collect::<Result<Vec<_>, _>>()?;
            return Ok(ParamValue::List(list));
        }
        Err(format!("param {name}: use an integer, money(..), duration(\"..\"), fraction(\"..\"), a string or a list of strings (found {})", value.type_name()))
    }

    /// The value as a script sees it.
    pub fn to_dynamic(&self) -> Dynamic {
        match self {
            ParamValue::Integer(i) => Dynamic::from(*i),
            ParamValue::Money(m) => Dynamic::from(*m),
            ParamValue::Duration(d) => Dynamic::from(*d),
            ParamValue::Fraction(f, _) => Dynamic::from(*f),
            ParamValue::Text(t) => Dynamic::from(t.clone()),
            ParamValue::List(items) => Dynamic::from(
                items
                    .iter()
                    .map(|s| Dynamic::from(s.clone()))
                    .collect::<rhai::Array>(),
            ),
        }
    }

    /// The value as alerts show it: catalog notation.
    pub fn to_json(&self) -> Value {
        match self {
            ParamValue::Integer(i) => Value::from(*i),
            ParamValue::Money(m) => serde_json::to_value(m).unwrap_or(Value::Null),
            ParamValue::Duration(d) => Value::from(d.to_string()),
            ParamValue::Fraction(_, text) => Value::from(text.clone()),
            ParamValue::Text(t) => Value::from(t.clone()),
            ParamValue::List(items) => Value::from(items.clone()),
        }
    }

    /// Parses an override written as text, keeping this value's type.
    pub fn parse_like(&self, text: &str) -> Result<ParamValue, String> {
        Ok(match self {
            ParamValue::Integer(_) => ParamValue::Integer(
                text.trim()
                    .parse()
                    .map_err(|_| format!("expected an integer, found {text:?}"))?,
            ),
            ParamValue::Money(_) => {
                ParamValue::Money(Money::parse_literal(text).map_err(|e| e.to_string())?)
            }
            ParamValue::Duration(_) => ParamValue::Duration(ParamDuration::parse(text)?),
            ParamValue::Fraction(_, _) => {
                ParamValue::Fraction(Fraction::parse(text)?, text.trim().to_string())
            }
            ParamValue::Text(_) => ParamValue::Text(text.to_string()),
            ParamValue::List(_) => ParamValue::List(
                text.split(',')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect(),
            ),
        })
    }
}

/// What `fraction("0.10")` returns in a parameter declaration: the value and its notation.
#[derive(Clone, Debug, PartialEq)]
pub struct FractionParam {
    pub value: Fraction,
    pub text: String,
}

/// The parameters of one threshold, in declaration order. Cheap to clone.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Params(pub Arc<Vec<(String, ParamValue)>>);

impl Params {
    /// The declared names, in declaration order.
    pub fn names(&self) -> impl Iterator<Item = String> + '_ {
        self.0.iter().map(|(name, _)| name.clone())
    }

    pub fn get(&self, name: &str) -> Option<&ParamValue> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    pub fn to_json(&self) -> Map<String, Value> {
        self.0
            .iter()
            .map(|(n, v)| (n.clone(), v.to_json()))
            .collect()
    }

    /// A copy with one value replaced from text (a deployment override).
    pub fn with_override(&self, name: &str, text: &str) -> Result<Params, String> {
        let mut values = self.0.as_ref().clone();
        let slot = values
            .iter_mut()
            .find(|(n, _)| n == name)
            .ok_or_else(|| format!("no parameter named {name}"))?;
        slot.1 = slot
            .1
            .parse_like(text)
            .map_err(|e| format!("parameter {name}: {e}"))?;
        Ok(Params(Arc::new(values)))
    }
}
