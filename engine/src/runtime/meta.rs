//! What a threshold script declares about itself: catalog identity, triggers, dedup key,
//! evidence fields and parameters.

use super::guard::{read_guards, TriggerGuard};
use super::params::{ParamValue, Params};
use crate::alert::AlertKind;
use crate::event::{Event, EventType};
use rhai::{Dynamic, Map};
use std::sync::Arc;

/// The declared identity and shape of one threshold.
#[derive(Clone, Debug, PartialEq)]
pub struct ThresholdMeta {
    pub id: String,
    pub code: String,
    pub category: String,
    pub name_zh: String,
    pub name_en: String,
    pub kind: AlertKind,
    /// `village`, `township_commission` or `dept:<code>`.
    pub route: String,
    pub triggers: Vec<EventType>,
    /// `when`: the field conditions an event of a trigger type must meet to reach the script.
    pub guards: Vec<(EventType, TriggerGuard)>,
    /// Starts with `village_id`.
    pub dedup_key: Vec<String>,
    /// Fields shown as evidence, per event type.
    pub evidence: Vec<(EventType, Vec<String>)>,
    pub also_notify: Vec<String>,
    pub params: Params,
}

fn text(map: &Map, name: &str) -> Result<String, String> {
    map.get(name)
        .filter(|v| v.is_string())
        .map(|v| v.to_string())
        .ok_or_else(|| format!("THRESHOLD.{name} must be a string"))
}

fn strings(value: Option<&Dynamic>, what: &str) -> Result<Vec<String>, String> {
    let Some(value) = value else {
        return Ok(Vec::new());
    };
    let items = value
        .clone()
        .try_cast::<rhai::Array>()
        .ok_or_else(|| format!("{what} must be a list of strings"))?;
    items
        .iter()
        .map(|i| {
            if i.is_string() {
                Ok(i.to_string())
            } else {
                Err(format!("{what} must be a list of strings"))
            }
        })
        .collect()
}

/// The initial route a kind requires (catalog routing policy).
pub fn required_route_prefix(kind: AlertKind) -> &'static str {
    match kind {
        AlertKind::Efficiency => "village",
        AlertKind::Irregular => "dept:",
        AlertKind::Serious => "township_commission",
    }
}

impl ThresholdMeta {
    /// Reads `THRESHOLD` and `PARAMS` as a script defines them.
    pub fn from_maps(threshold: &Map, params: Option<&Map>) -> Result<ThresholdMeta, String> {
        let kind_text = text(threshold, "kind")?;
        let kind = AlertKind::parse(&kind_text).ok_or_else(|| {
            format!("THRESHOLD.kind {kind_text:?} must be efficiency, irregular or serious")
        })?;
        let route = text(threshold, "route")?;
        if !route.starts_with(required_route_prefix(kind))
            || (route.starts_with("dept:") && route.len() == 5)
        {
            return Err(format!("THRESHOLD.route {route:?} does not match kind {kind_text} (the routing policy starts it at {})", required_route_prefix(kind)));
        }
        let triggers = strings(threshold.get("triggers"), "THRESHOLD.triggers")?
            .iter()
            .map(|t| {
                EventType::parse(t)
                    .ok_or_else(|| format!("THRESHOLD.triggers: unknown event type {t:?}"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        if triggers.is_empty() {
            return Err("THRESHOLD.triggers must name at least one event type".into());
        }
        let dedup_key = strings(threshold.get("dedup_key"), "THRESHOLD.dedup_key")?;
        if dedup_key.first().map(String::as_str) != Some("village_id") {
            return Err("THRESHOLD.dedup_key must start with village_id".into());
        }
        let mut evidence = Vec::new();
        if let Some(map) = threshold.get("evidence") {
            let map = map
                .clone()
                .try_cast::<Map>()
                .ok_or("THRESHOLD.evidence must be a map of event type to field names")?;
            for (name, fields) in map {
                let t = EventType::parse(&name)
                    .ok_or_else(|| format!("THRESHOLD.evidence: unknown event type {name:?}"))?;
                evidence.push((t, strings(Some(&fields), "THRESHOLD.evidence fields")?));
            }
        }
        let mut values = Vec::new();
        if let Some(params) = params {
            for (name, value) in params {
                values.push((name.to_string(), ParamValue::from_dynamic(name, value)?));
            }
        }
        let params = Params(Arc::new(values));
        let guards = read_guards(threshold.get("when"), &triggers, &params)?;
        Ok(ThresholdMeta {
            id: text(threshold, "id")?,
            code: text(threshold, "code")?,
            category: text(threshold, "category")?,
            name_zh: text(threshold, "name_zh")?,
            name_en: text(threshold, "name_en").unwrap_or_default(),
            kind,
            route,
            triggers,
            guards,
            dedup_key,
            evidence,
            also_notify: strings(threshold.get("also_notify"), "THRESHOLD.also_notify")?,
            params,
        })
    }

    /// Whether the event meets the `when` conditions of its type (types without any pass).
    pub fn admits(&self, event: &Event) -> bool {
        self.guards
            .iter()
            .find(|(t, _)| *t == event.event_type)
            .is_none_or(|(_, guard)| guard.admits(event, &self.params))
    }

    /// The trigger types, each with its `when` conditions in brackets where it has some:
    /// `finance.payment(purpose=allowance)`.
    pub fn triggers_described(&self) -> Vec<String> {
        self.triggers
            .iter()
            .map(|t| match self.guards.iter().find(|(g, _)| g == t) {
                Some((_, guard)) => format!("{}({guard})", t.as_str()),
                None => t.as_str().to_string(),
            })
            .collect()
    }

    /// `when` as the catalog API shows it: trigger type → field → accepted values.
    pub fn when_json(&self) -> serde_json::Map<String, serde_json::Value> {
        self.guards
            .iter()
            .map(|(t, guard)| (t.as_str().to_string(), guard.to_json()))
            .collect()
    }

    /// Evidence fields for records of this type, if declared.
    pub fn evidence_fields(&self, event_type: EventType) -> Option<&[String]> {
        self.evidence
            .iter()
            .find(|(t, _)| *t == event_type)
            .map(|(_, f)| f.as_slice())
    }
}
