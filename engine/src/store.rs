//! Where alerts and rejected input go. SQLite and PostgreSQL (connectors) and memory implement it.

use crate::alert::Alert;
use parking_lot::Mutex;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::future::Future;

mod memory_cockpit;
mod memory_lifecycle;

/// Failure of a store operation, with what was attempted.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the store {location}: {message}")]
    Open { location: String, message: String },
    #[error("store {operation} failed: {message}")]
    Operation {
        operation: &'static str,
        message: String,
    },
}

/// An input line or message that was refused, kept with its reason and position.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RejectedRecord {
    /// File name or topic.
    pub source: String,
    /// Line number (1-based) in a file, or `partition/offset` for Kafka.
    pub position: String,
    /// `invalid_json`, `invalid_envelope`, `unknown_type`, `invalid_payload` or `invalid_money`.
    pub reason: String,
    /// What was wrong and where (e.g. the member path).
    pub detail: String,
    pub event_id: Option<String>,
    /// The original bytes, as UTF-8 (lossy).
    pub raw: String,
}

/// Which stored alerts to list.
#[derive(Clone, Debug, Default)]
pub struct AlertFilter {
    pub threshold_id: Option<String>,
    pub village_id: Option<String>,
    pub limit: Option<usize>,
}

/// Durable alerts and rejects. `upsert_alerts` is idempotent by alert_id: an alert that already
/// exists keeps its lifecycle state and gains the new evidence (set union by event id).
pub trait AlertStore: Send + Sync {
    fn upsert_alerts(
        &self,
        alerts: &[Alert],
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    fn save_rejects(
        &self,
        rejects: &[RejectedRecord],
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Alerts ordered by alert_id.
    fn list_alerts(
        &self,
        filter: &AlertFilter,
    ) -> impl Future<Output = Result<Vec<Alert>, StoreError>> + Send;
    fn list_rejects(&self) -> impl Future<Output = Result<Vec<RejectedRecord>, StoreError>> + Send;
}

/// An in-memory store for tests and for runs without a database.
#[derive(Default)]
pub struct MemoryStore {
    alerts: Mutex<BTreeMap<String, Alert>>,
    rejects: Mutex<Vec<RejectedRecord>>,
    /// Version, acknowledged_at and closed_at of the alerts officers or escalations changed.
    lifecycle: Mutex<BTreeMap<String, memory_lifecycle::Facts>>,
    audit: Mutex<Vec<crate::lifecycle::AuditEntry>>,
}

impl MemoryStore {
    pub fn new() -> MemoryStore {
        MemoryStore::default()
    }
}

impl AlertStore for MemoryStore {
    async fn upsert_alerts(&self, alerts: &[Alert]) -> Result<(), StoreError> {
        let mut stored = self.alerts.lock();
        for alert in alerts {
            match stored.get_mut(&alert.alert_id) {
                Some(existing) => {
                    existing.merge_evidence(&alert.evidence);
                }
                None => {
                    stored.insert(alert.alert_id.clone(), alert.clone());
                }
            }
        }
        Ok(())
    }

    async fn save_rejects(&self, rejects: &[RejectedRecord]) -> Result<(), StoreError> {
        self.rejects.lock().extend_from_slice(rejects);
        Ok(())
    }

    async fn list_alerts(&self, filter: &AlertFilter) -> Result<Vec<Alert>, StoreError> {
        let stored = self.alerts.lock();
        let matching = stored
            .values()
            .filter(|a| {
                filter
                    .threshold_id
                    .as_deref()
                    .is_none_or(|t| a.threshold_id == t)
            })
            .filter(|a| {
                filter
                    .village_id
                    .as_deref()
                    .is_none_or(|v| a.village_id == v)
            })
            .take(filter.limit.unwrap_or(usize::MAX))
            .cloned()
            .collect();
        Ok(matching)
    }

    async fn list_rejects(&self) -> Result<Vec<RejectedRecord>, StoreError> {
        Ok(self.rejects.lock().clone())
    }
}
