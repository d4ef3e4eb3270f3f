//! Villages other than the current call's. A registry record (a cadre role, a kinship
//! declaration) can concern a village other than its own event's, so a threshold that keeps a
//! deadline per village and person arms and cancels that village's timer from here; and a
//! periodic or per-village deadline only concerns a *known* village (catalog `known village`).

use super::host::{dynamic_to_json, Cx};
use crate::state::PartitionState;
use crate::values::{Text, Timestamp};
use rhai::{Dynamic, Engine, EvalAltResult, Map};

/// The timer key of a village, as `cx.set_timer` forms it for the current village.
fn village_timer_key(village: &str, key: &str) -> String {
    format!("{village}\u{1f}{key}")
}

impl PartitionState {
    /// first_seen(v) when `village` is known (it has sent a business event), else None.
    pub fn known_since(&self, village: &str) -> Option<Timestamp> {
        self.known_villages.get(village).map(|k| k.first_seen)
    }

    /// Arms (or re-arms) the current threshold's timer `key` of `village`; the alert it raises
    /// belongs to that village and township.
    pub fn arm_timer_in(
        &mut self,
        village: &str,
        township: &str,
        key: &str,
        due: Timestamp,
        data: serde_json::Value,
    ) {
        let timer = self.timer_for(
            village_timer_key(village, key),
            due,
            Text::from(township),
            Text::from(village),
            data,
        );
        self.timers.arm(timer);
    }

    /// Disarms the current threshold's timer `key` of `village`; whether one was armed.
    pub fn cancel_timer_in(&mut self, village: &str, key: &str) -> bool {
        let threshold = self.frame.threshold_id.to_string();
        self.timers
            .cancel(&threshold, &village_timer_key(village, key))
    }
}

/// Registers on `cx`: `known_since(village)` (first_seen or `()`),
/// `set_timer_in(village, township, key, due, data)` and `cancel_timer_in(village, key)`.
pub fn register(engine: &mut Engine) {
    engine.register_fn("known_since", |cx: &mut Cx, village: &str| {
        cx.state
            .lock()
            .known_since(village)
            .map_or(Dynamic::UNIT, Dynamic::from)
    });
    engine.register_fn(
        "set_timer_in",
        |cx: &mut Cx,
         village: &str,
         township: &str,
         key: &str,
         due: Timestamp,
         data: Map|
         -> Result<(), Box<EvalAltResult>> {
            let data = dynamic_to_json(&Dynamic::from(data))?;
            cx.state
                .lock()
                .arm_timer_in(village, township, key, due, data);
            Ok(())
        },
    );
    engine.register_fn(
        "cancel_timer_in",
        |cx: &mut Cx, village: &str, key: &str| cx.state.lock().cancel_timer_in(village, key),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::EngineConfig;
    use crate::state::KnownVillage;
    use std::sync::Arc;

    fn at(text: &str) -> Timestamp {
        Timestamp::parse(text).unwrap()
    }

    fn state() -> PartitionState {
        let settings = EngineConfig::default().time_settings().expect("settings");
        let mut state = PartitionState::new(settings);
        state.frame.threshold_id = Arc::from("conflict.declaration_stale");
        state.frame.village_id = Text::from("vl-01");
        state.frame.township_id = Text::from("ts-01");
        state.frame.detected_at = at("2023-01-01T09:00:00+08:00");
        state
    }

    #[test]
    fn known_villages_report_their_first_event() {
        let mut state = state();
        assert_eq!(state.known_since("vl-02"), None);
        state.known_villages.insert(
            Text::from("vl-02"),
            KnownVillage {
                township_id: Text::from("ts-02"),
                first_seen: at("2023-02-01T08:00:00+08:00"),
            },
        );
        assert_eq!(
            state.known_since("vl-02"),
            Some(at("2023-02-01T08:00:00+08:00"))
        );
    }

    #[test]
    fn a_timer_of_another_village_fires_as_that_village() {
        let mut state = state();
        let due = at("2024-01-01T09:00:00+08:00");
        state.arm_timer_in(
            "vl-02",
            "ts-02",
            "p-1",
            due,
            serde_json::json!({"c": "p-1"}),
        );
        let key = village_timer_key("vl-02", "p-1");
        assert!(state.timers.is_armed("conflict.declaration_stale", &key));
        // The current village's timer with the same script key is a different timer.
        assert!(!state.cancel_timer_in("vl-01", "p-1"));
        let timer = state
            .timers
            .pop_due_before(due.nanos() + 1)
            .expect("the timer is due");
        assert_eq!(timer.village_id.as_str(), "vl-02");
        assert_eq!(timer.township_id.as_str(), "ts-02");
        assert_eq!(timer.armed_at, at("2023-01-01T09:00:00+08:00"));
        state.arm_timer_in("vl-02", "ts-02", "p-1", due, serde_json::Value::Null);
        assert!(state.cancel_timer_in("vl-02", "p-1"));
        assert!(!state.timers.is_armed("conflict.declaration_stale", &key));
    }
}
