//! Engine settings: event-time lateness, the local zone and how long state is kept.

use crate::values::ParamDuration;
use serde::{Deserialize, Serialize};

/// Settings of one engine instance. Defaults follow events.md §7.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct EngineConfig {
    /// How far out of order events may arrive and still be applied in order (`10m`).
    pub allowed_lateness: String,
    /// Offset of the local zone in seconds east of UTC (+08:00).
    pub local_offset_seconds: i32,
    /// How long seen event ids are remembered, in event time (`400d`).
    pub dedup_retention: String,
    /// How long business records stay queryable by rules after they occurred: `forever` (the
    /// default: a lease or a contract is looked up years after it was recorded, and the catalog
    /// bounds no lookup), or a duration such as `1500d` to bound memory at that cost.
    pub record_retention: String,
}

impl Default for EngineConfig {
    fn default() -> Self {
        EngineConfig {
            allowed_lateness: "10m".into(),
            local_offset_seconds: 8 * 3600,
            dedup_retention: "400d".into(),
            record_retention: FOREVER.into(),
        }
    }
}

/// The `record_retention` that keeps business records as long as they are live.
pub const FOREVER: &str = "forever";

/// Settings parsed into the units the pipeline uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimeSettings {
    pub allowed_lateness_nanos: i64,
    pub local_offset_seconds: i32,
    pub dedup_retention_nanos: i64,
    /// None: records are kept while live.
    pub record_retention_nanos: Option<i64>,
}

impl EngineConfig {
    /// Checks and converts the durations; the error names the setting.
    pub fn time_settings(&self) -> Result<TimeSettings, String> {
        let exact = |name: &str, text: &str| -> Result<i64, String> {
            ParamDuration::parse(text)
                .ok()
                .and_then(ParamDuration::exact_nanos)
                .ok_or_else(|| {
                    format!("setting {name} = {text:?} must be a duration such as 10m, 2h or 400d")
                })
        };
        if !(-14 * 3600..=14 * 3600).contains(&self.local_offset_seconds) {
            return Err(format!(
                "setting local_offset_seconds = {} is outside ±14 hours",
                self.local_offset_seconds
            ));
        }
        Ok(TimeSettings {
            allowed_lateness_nanos: exact("allowed_lateness", &self.allowed_lateness)?,
            local_offset_seconds: self.local_offset_seconds,
            dedup_retention_nanos: exact("dedup_retention", &self.dedup_retention)?,
            record_retention_nanos: match self.record_retention.as_str() {
                FOREVER => None,
                text => Some(exact("record_retention", text)?),
            },
        })
    }
}
