//! [`LifecycleStore`] for [`MemoryStore`]: the reference the SQL stores are tested against.
//! Each operation holds the alerts' lock throughout, so it is one atomic step.

use super::{MemoryStore, StoreError};
use crate::alert::Alert;
use crate::escalation::escalate_all;
use crate::lifecycle::transition::apply_at_version;
use crate::lifecycle::{Action, ActionError, AuditEntry, LifecycleStore, TrackedAlert};
use crate::routing::policy;
use crate::users::User;
use crate::values::Timestamp;

/// What an alert carries besides the alert contract's fields; absent until first changed.
#[derive(Clone, Debug, Default)]
pub(super) struct Facts {
    version: i64,
    acknowledged_at: Option<String>,
    closed_at: Option<String>,
}

impl MemoryStore {
    pub(super) fn tracked(&self, alert: &Alert) -> TrackedAlert {
        match self.lifecycle.lock().get(&alert.alert_id) {
            Some(facts) => TrackedAlert {
                alert: alert.clone(),
                version: facts.version,
                acknowledged_at: facts.acknowledged_at.clone(),
                closed_at: facts.closed_at.clone(),
            },
            None => TrackedAlert::new(alert.clone()),
        }
    }

    fn keep(&self, next: &TrackedAlert) {
        self.lifecycle.lock().insert(
            next.alert.alert_id.clone(),
            Facts {
                version: next.version,
                acknowledged_at: next.acknowledged_at.clone(),
                closed_at: next.closed_at.clone(),
            },
        );
    }
}

impl LifecycleStore for MemoryStore {
    async fn tracked_alert(&self, alert_id: &str) -> Result<Option<TrackedAlert>, StoreError> {
        let alerts = self.alerts.lock();
        Ok(alerts.get(alert_id).map(|alert| self.tracked(alert)))
    }

    async fn act(
        &self,
        alert_id: &str,
        expected_version: Option<i64>,
        user: &User,
        action: &Action,
        at: Timestamp,
    ) -> Result<TrackedAlert, ActionError> {
        let mut alerts = self.alerts.lock();
        let Some(stored) = alerts.get_mut(alert_id) else {
            return Err(ActionError::NotFound(alert_id.to_string()));
        };
        let current = self.tracked(stored);
        let (next, entry) = apply_at_version(&current, expected_version, user, action, at)?;
        *stored = next.alert.clone();
        self.keep(&next);
        self.audit.lock().push(entry);
        Ok(next)
    }

    async fn audit_trail(&self, alert_id: &str) -> Result<Vec<AuditEntry>, StoreError> {
        let audit = self.audit.lock();
        Ok(audit
            .iter()
            .filter(|e| e.alert_id == alert_id)
            .cloned()
            .collect())
    }

    async fn escalate_due(&self, now: Timestamp) -> Result<Vec<AuditEntry>, StoreError> {
        let mut alerts = self.alerts.lock();
        let mut applied = Vec::new();
        for stored in alerts.values_mut() {
            let current = self.tracked(stored);
            let (next, entries) = escalate_all(&current, &policy(current.alert.kind), now);
            if entries.is_empty() {
                continue;
            }
            *stored = next.alert.clone();
            self.keep(&next);
            self.audit.lock().extend(entries.iter().cloned());
            applied.extend(entries);
        }
        Ok(applied)
    }
}

impl crate::queue::QueueStore for MemoryStore {
    async fn list_queue(
        &self,
        user: &User,
        query: &crate::queue::QueueQuery,
    ) -> Result<crate::queue::QueuePage, StoreError> {
        let alerts = self.alerts.lock();
        let tracked: Vec<TrackedAlert> = alerts.values().map(|a| self.tracked(a)).collect();
        Ok(query.page_of(user, tracked))
    }
}
