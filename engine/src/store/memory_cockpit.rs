//! [`CockpitStore`] for [`MemoryStore`].

use super::{MemoryStore, StoreError};
use crate::alert::Color;
use crate::cockpit::{holder_label, CockpitScope, CockpitStore};
use crate::lifecycle::TrackedAlert;
use std::collections::BTreeMap;

impl CockpitStore for MemoryStore {
    async fn cockpit_alerts(&self, scope: &CockpitScope) -> Result<Vec<TrackedAlert>, StoreError> {
        let alerts = self.alerts.lock();
        Ok(alerts
            .values()
            .filter(|alert| match scope {
                CockpitScope::City => true,
                CockpitScope::Township(id) => &alert.township_id == id,
                CockpitScope::Village(id) => &alert.village_id == id,
            })
            .map(|alert| self.tracked(alert))
            .collect())
    }

    async fn open_alert_counts(&self) -> Result<Vec<(String, String, i64)>, StoreError> {
        let mut counts: BTreeMap<(String, String), i64> = BTreeMap::new();
        for alert in self.alerts.lock().values() {
            if alert.color != Color::Green {
                let key = (alert.color.as_str().to_string(), holder_label(&alert.route));
                *counts.entry(key).or_default() += 1;
            }
        }
        Ok(counts
            .into_iter()
            .map(|((color, holder), n)| (color, holder, n))
            .collect())
    }
}
