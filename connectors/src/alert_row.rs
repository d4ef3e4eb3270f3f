//! The mapping between an [`Alert`] and a row of the `alerts` table, shared by both backends.

use mingjing_engine::alert::{sort_evidence, Alert, AlertKind, Color, DedupKey, Escalation, Route};
use mingjing_engine::store::StoreError;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

/// The columns of `alerts` that make up an [`Alert`], in the order of [`AlertRow`]'s fields.
pub(crate) const ALERT_COLUMNS: &str = "alert_id, threshold_id, threshold_code, category, kind, \
    township_id, village_id, dedup_key, message, evidence, params, rule_version, detected_at, \
    route_target, route_township_id, route_village_id, route_dept, color, ack_deadline, \
    close_deadline, disposition, escalations, late, also_notify";

/// One row of `alerts`: scalars as they are, nested parts as JSON text.
#[derive(Clone, Debug, sqlx::FromRow)]
pub(crate) struct AlertRow {
    pub alert_id: String,
    pub threshold_id: String,
    pub threshold_code: String,
    pub category: String,
    pub kind: String,
    pub township_id: String,
    pub village_id: String,
    pub dedup_key: String,
    pub message: String,
    pub evidence: String,
    pub params: String,
    pub rule_version: String,
    pub detected_at: String,
    pub route_target: String,
    pub route_township_id: String,
    pub route_village_id: String,
    pub route_dept: Option<String>,
    pub color: String,
    pub ack_deadline: String,
    pub close_deadline: String,
    pub disposition: Option<String>,
    pub escalations: String,
    pub late: bool,
    pub also_notify: String,
}

impl AlertRow {
    pub fn from_alert(alert: &Alert) -> Result<AlertRow, StoreError> {
        let json = |part: &'static str, result: serde_json::Result<String>| {
            result.map_err(|e| StoreError::Operation {
                operation: "upsert_alerts",
                message: format!(
                    "cannot write the {part} of alert {} as JSON: {e}",
                    alert.alert_id
                ),
            })
        };
        Ok(AlertRow {
            alert_id: alert.alert_id.clone(),
            threshold_id: alert.threshold_id.clone(),
            threshold_code: alert.threshold_code.clone(),
            category: alert.category.clone(),
            kind: alert.kind.as_str().to_string(),
            township_id: alert.township_id.clone(),
            village_id: alert.village_id.clone(),
            dedup_key: json("dedup_key", serde_json::to_string(&alert.dedup_key))?,
            message: alert.message.clone(),
            evidence: evidence_json(alert)?,
            params: json("params", serde_json::to_string(&alert.params))?,
            rule_version: alert.rule_version.clone(),
            detected_at: alert.detected_at.clone(),
            route_target: alert.route.target.clone(),
            route_township_id: alert.route.township_id.clone(),
            route_village_id: alert.route.village_id.clone(),
            route_dept: alert.route.dept.clone(),
            color: alert.color.as_str().to_string(),
            ack_deadline: alert.ack_deadline.clone(),
            close_deadline: alert.close_deadline.clone(),
            disposition: alert.disposition.clone(),
            escalations: json("escalations", serde_json::to_string(&alert.escalations))?,
            late: alert.late,
            also_notify: json("also_notify", serde_json::to_string(&alert.also_notify))?,
        })
    }

    pub fn into_alert(self, operation: &'static str) -> Result<Alert, StoreError> {
        let id = self.alert_id;
        let bad = |column: &str, why: String| StoreError::Operation {
            operation,
            message: format!(
                "alert {id} has an unreadable {column} column ({why}); it was changed outside \
                 mingjing: fix or delete that row"
            ),
        };
        let kind =
            AlertKind::parse(&self.kind).ok_or_else(|| bad("kind", format!("{:?}", self.kind)))?;
        let color =
            parse_color(&self.color).ok_or_else(|| bad("color", format!("{:?}", self.color)))?;
        let dedup_key =
            parse_dedup_key(&self.dedup_key).map_err(|e| bad("dedup_key", e.to_string()))?;
        let evidence: Vec<Map<String, Value>> =
            serde_json::from_str(&self.evidence).map_err(|e| bad("evidence", e.to_string()))?;
        let params: Map<String, Value> =
            serde_json::from_str(&self.params).map_err(|e| bad("params", e.to_string()))?;
        let escalations: Vec<Escalation> = serde_json::from_str(&self.escalations)
            .map_err(|e| bad("escalations", e.to_string()))?;
        let also_notify: Vec<String> = serde_json::from_str(&self.also_notify)
            .map_err(|e| bad("also_notify", e.to_string()))?;
        Ok(Alert {
            alert_id: id.clone(),
            threshold_id: self.threshold_id,
            threshold_code: self.threshold_code,
            category: self.category,
            kind,
            township_id: self.township_id,
            village_id: self.village_id,
            dedup_key,
            message: self.message,
            evidence,
            params,
            rule_version: self.rule_version,
            detected_at: self.detected_at,
            route: Route {
                target: self.route_target,
                township_id: self.route_township_id,
                village_id: self.route_village_id,
                dept: self.route_dept,
            },
            color,
            ack_deadline: self.ack_deadline,
            close_deadline: self.close_deadline,
            disposition: self.disposition,
            escalations,
            late: self.late,
            also_notify,
        })
    }
}

/// The evidence of an alert as the JSON text stored in `alerts.evidence`.
pub(crate) fn evidence_json(alert: &Alert) -> Result<String, StoreError> {
    evidence_text(&alert.alert_id, &alert.evidence)
}

fn evidence_text(alert_id: &str, evidence: &[Map<String, Value>]) -> Result<String, StoreError> {
    serde_json::to_string(evidence).map_err(|e| StoreError::Operation {
        operation: "upsert_alerts",
        message: format!("cannot write the evidence of alert {alert_id} as JSON: {e}"),
    })
}

/// The stored evidence with the incoming alert's added, as JSON, or `None` if nothing is new.
pub(crate) fn merged_evidence(
    incoming: &Alert,
    stored_json: &str,
) -> Result<Option<String>, StoreError> {
    let stored = serde_json::from_str(stored_json).map_err(|e| StoreError::Operation {
        operation: "upsert_alerts",
        message: format!(
            "alert {} has unreadable evidence in the store ({e}); it was changed outside mingjing: fix or delete that row",
            incoming.alert_id
        ),
    })?;
    match merge_into(stored, &incoming.evidence) {
        Some(evidence) => evidence_text(&incoming.alert_id, &evidence).map(Some),
        None => Ok(None),
    }
}

/// Set union by event id, ordered with [`sort_evidence`]: what `Alert::merge_evidence` does,
/// without needing the whole alert. `None` if nothing was added.
fn merge_into(
    mut evidence: Vec<Map<String, Value>>,
    more: &[Map<String, Value>],
) -> Option<Vec<Map<String, Value>>> {
    let mut added = false;
    for item in more {
        let id = item.get("event_id");
        if !evidence.iter().any(|e| e.get("event_id") == id) {
            evidence.push(item.clone());
            added = true;
        }
    }
    if added {
        sort_evidence(&mut evidence);
        Some(evidence)
    } else {
        None
    }
}

/// The alerts of a batch with one entry per alert_id, ordered by alert_id: a later duplicate
/// only adds its evidence, as it would if it came in a later batch. The fixed order also makes
/// concurrent PostgreSQL writers take row locks in the same order.
pub(crate) fn distinct_by_id(alerts: &[Alert]) -> Vec<Cow<'_, Alert>> {
    let mut by_id: BTreeMap<&str, Cow<'_, Alert>> = BTreeMap::new();
    for alert in alerts {
        match by_id.get_mut(alert.alert_id.as_str()) {
            Some(first) => {
                first.to_mut().merge_evidence(&alert.evidence);
            }
            None => {
                by_id.insert(&alert.alert_id, Cow::Borrowed(alert));
            }
        }
    }
    by_id.into_values().collect()
}

fn parse_color(text: &str) -> Option<Color> {
    match text {
        "red" => Some(Color::Red),
        "yellow" => Some(Color::Yellow),
        "green" => Some(Color::Green),
        _ => None,
    }
}

/// Reads a dedup key keeping the key order of the text: `DedupKey`'s own `Deserialize` goes
/// through a sorted map and would lose the catalog order.
fn parse_dedup_key(text: &str) -> serde_json::Result<DedupKey> {
    struct Ordered;
    impl<'de> Visitor<'de> for Ordered {
        type Value = DedupKey;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a JSON object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<DedupKey, A::Error> {
            let mut pairs = Vec::new();
            while let Some((name, value)) = map.next_entry::<String, Value>()? {
                let value = match value {
                    Value::String(s) => s,
                    other => other.to_string(),
                };
                pairs.push((name, value));
            }
            Ok(DedupKey(pairs))
        }
    }
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let key = (&mut deserializer).deserialize_map(Ordered)?;
    deserializer.end()?;
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dedup_key_keeps_catalog_order() {
        let key = DedupKey(vec![
            ("village_id".into(), "vl-1".into()),
            ("claim_id".into(), "cl-1".into()),
        ]);
        let text = serde_json::to_string(&key).unwrap();
        assert_eq!(parse_dedup_key(&text).unwrap(), key);
    }
}
