//! The alert every output carries (alerts.md).

use crate::values::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

/// Severity class of a threshold, which fixes its initial route and deadlines.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum AlertKind {
    Efficiency,
    Irregular,
    Serious,
}

impl AlertKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AlertKind::Efficiency => "efficiency",
            AlertKind::Irregular => "irregular",
            AlertKind::Serious => "serious",
        }
    }

    pub fn parse(text: &str) -> Option<AlertKind> {
        match text {
            "efficiency" => Some(AlertKind::Efficiency),
            "irregular" => Some(AlertKind::Irregular),
            "serious" => Some(AlertKind::Serious),
            _ => None,
        }
    }
}

/// red: raised, not yet acknowledged; yellow: being handled; green: disposed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Color {
    Red,
    Yellow,
    Green,
}

impl Color {
    pub fn as_str(self) -> &'static str {
        match self {
            Color::Red => "red",
            Color::Yellow => "yellow",
            Color::Green => "green",
        }
    }
}

/// Who holds an alert.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Route {
    /// `village`, `township_commission`, `dept` or `city_commission`.
    pub target: String,
    pub township_id: String,
    pub village_id: String,
    /// Department code when `target` is `dept`.
    pub dept: Option<String>,
}

/// One move of an alert to a higher holder.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Escalation {
    pub at: String,
    pub from: Route,
    pub to: Route,
    pub reason: String,
}

/// The dedup key of an alert: the catalog's dedup_key names with their values, in catalog order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DedupKey(pub Vec<(String, String)>);

impl DedupKey {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

impl Serialize for DedupKey {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, value) in &self.0 {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for DedupKey {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let map = Map::<String, Value>::deserialize(deserializer)?;
        Ok(DedupKey(
            map.into_iter()
                .map(|(k, v)| {
                    (
                        k,
                        v.as_str()
                            .map(str::to_string)
                            .unwrap_or_else(|| v.to_string()),
                    )
                })
                .collect(),
        ))
    }
}

/// The stable alert id: a hash of the threshold id and the dedup key values, in key order.
pub fn alert_id(threshold_id: &str, key: &DedupKey) -> String {
    let mut hasher = Sha256::new();
    hasher.update(threshold_id.as_bytes());
    for (_, value) in &key.0 {
        hasher.update([0x1f]);
        hasher.update(value.as_bytes());
    }
    let digest = hasher.finalize();
    let mut id = String::with_capacity(32);
    for byte in &digest[..16] {
        id.push_str(&format!("{byte:02x}"));
    }
    id
}

/// One alert as stored and written out.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Alert {
    pub alert_id: String,
    pub threshold_id: String,
    pub threshold_code: String,
    pub category: String,
    pub kind: AlertKind,
    pub township_id: String,
    pub village_id: String,
    pub dedup_key: DedupKey,
    pub message: String,
    /// Each `{event_id, type, occurred_at, ...fields}`, ordered by (occurred_at, event_id).
    pub evidence: Vec<Map<String, Value>>,
    pub params: Map<String, Value>,
    pub rule_version: String,
    pub detected_at: String,
    pub route: Route,
    pub color: Color,
    pub ack_deadline: String,
    pub close_deadline: String,
    pub disposition: Option<String>,
    pub escalations: Vec<Escalation>,
    /// True when the event that raised it arrived after the allowed lateness (events.md §7.2).
    #[serde(default)]
    pub late: bool,
    /// Other bodies that receive a copy (`four_platforms`), from the catalog's also_notify.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also_notify: Vec<String>,
}

impl Alert {
    /// Adds the evidence of a re-fire: set union by event id, kept in (occurred_at, event_id) order.
    /// Returns whether anything was added.
    pub fn merge_evidence(&mut self, more: &[Map<String, Value>]) -> bool {
        let mut added = false;
        for item in more {
            let id = item.get("event_id");
            if !self.evidence.iter().any(|e| e.get("event_id") == id) {
                self.evidence.push(item.clone());
                added = true;
            }
        }
        if added {
            sort_evidence(&mut self.evidence);
        }
        added
    }

    pub fn detected_at_instant(&self) -> Option<Timestamp> {
        Timestamp::parse(&self.detected_at).ok()
    }
}

/// Orders evidence by the instant of occurred_at, then event id.
pub fn sort_evidence(evidence: &mut [Map<String, Value>]) {
    let key = |e: &Map<String, Value>| {
        let at = e
            .get("occurred_at")
            .and_then(Value::as_str)
            .and_then(|t| Timestamp::parse(t).ok())
            .map_or(i64::MIN, Timestamp::nanos);
        let id = e
            .get("event_id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        (at, id)
    };
    evidence.sort_by_cached_key(key);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alert_id_depends_on_threshold_and_key_values() {
        let key = DedupKey(vec![
            ("village_id".into(), "vl-1".into()),
            ("claim_id".into(), "cl-1".into()),
        ]);
        let other = DedupKey(vec![
            ("village_id".into(), "vl-1".into()),
            ("claim_id".into(), "cl-2".into()),
        ]);
        assert_eq!(
            alert_id("labor.pay_declared_too_soon", &key),
            alert_id("labor.pay_declared_too_soon", &key)
        );
        assert_ne!(
            alert_id("labor.pay_declared_too_soon", &key),
            alert_id("labor.pay_declared_too_soon", &other)
        );
        assert_ne!(
            alert_id("labor.pay_declared_too_soon", &key),
            alert_id("labor.cadre_paid", &key)
        );
        assert_eq!(alert_id("x", &key).len(), 32);
    }
}
