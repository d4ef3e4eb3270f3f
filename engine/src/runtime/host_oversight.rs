//! The village affairs supervisory committee (村务监督委员会): `supervisors(v, day)`, the cadres of
//! the day who hold a supervisory_head or supervisory_member role. `v` is the current call's
//! village.

use super::host::{field_as, Cx};
use super::script_types::Rec;
use crate::event::EventType;
use crate::records::EventRef;
use crate::state::PartitionState;
use crate::values::Date;
use rhai::{Array, Dynamic, Engine};

/// The cadre roles that sit on the supervisory committee.
pub const SUPERVISORY_ROLES: [&str; 2] = ["supervisory_head", "supervisory_member"];

fn text_of(event: &EventRef, name: &str) -> Option<String> {
    event
        .field(name)
        .filter(Dynamic::is_string)
        .map(|d| d.to_string())
}

/// A supervisory registry.cadre whose term covers `day`.
fn supervises_on(role: &EventRef, day: Date) -> bool {
    let supervisory =
        text_of(role, "role").is_some_and(|r| SUPERVISORY_ROLES.contains(&r.as_str()));
    let starts = field_as::<Date>(role, "term_start");
    let ends = field_as::<Date>(role, "term_end");
    supervisory && starts.is_some_and(|s| s <= day) && ends.is_none_or(|e| day <= e)
}

impl PartitionState {
    /// The live supervisory roles of the current village whose term covers `day`, in version
    /// order.
    pub fn supervisory_roles_on(&mut self, day: Date) -> Vec<EventRef> {
        let village = self.frame.village_id.clone();
        self.records
            .find_registry(EventType::RegistryCadre, "village_id", &village)
            .iter()
            .filter(|role| supervises_on(role, day))
            .cloned()
            .collect()
    }

    /// supervisors(v, day), sorted and distinct.
    pub fn supervisors_on(&mut self, day: Date) -> Vec<String> {
        let mut ids: Vec<String> = self
            .supervisory_roles_on(day)
            .iter()
            .filter_map(|role| text_of(role, "person_id"))
            .collect();
        ids.sort();
        ids.dedup();
        ids
    }

    /// The supervisory role that puts `person` in supervisors(v, day), if any.
    pub fn supervisory_role(&mut self, person: &str, day: Date) -> Option<EventRef> {
        self.cadre_roles(person)
            .into_iter()
            .find(|role| supervises_on(role, day))
    }
}

/// Registers on `cx`: `supervisors(day)` (sorted person ids), `is_supervisor(person, day)` and
/// `supervisory_role(person, day)` (the registry.cadre record or `()`).
pub fn register(engine: &mut Engine) {
    engine.register_fn("supervisors", |cx: &mut Cx, day: Date| -> Array {
        cx.state
            .lock()
            .supervisors_on(day)
            .into_iter()
            .map(Dynamic::from)
            .collect()
    });
    engine.register_fn("is_supervisor", |cx: &mut Cx, person: &str, day: Date| {
        cx.state.lock().supervisory_role(person, day).is_some()
    });
    engine.register_fn(
        "supervisory_role",
        |cx: &mut Cx, person: &str, day: Date| {
            cx.state
                .lock()
                .supervisory_role(person, day)
                .map_or(Dynamic::UNIT, |role| Dynamic::from(Rec(role)))
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::EngineConfig;
    use crate::event::{decode, DecodeOptions};
    use crate::values::Text;
    use std::sync::Arc;

    fn cadre(event_id: &str, village: &str, payload: &str) -> EventRef {
        let line = format!(
            r#"{{"event_id":"{event_id}","type":"registry.cadre","occurred_at":"2023-01-01T09:00:00+08:00","township_id":"ts-01","village_id":"{village}","payload":{payload}}}"#
        );
        Arc::new(
            decode(line.as_bytes(), &DecodeOptions::default())
                .unwrap()
                .event,
        )
    }

    fn day(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    /// vl-01: p-1 supervisory head until 2023-06-30, p-2 supervisory member from 2023-07-01 and
    /// also director, p-3 director only; vl-02: p-4 supervisory head.
    fn village() -> PartitionState {
        let mut state = PartitionState::new(EngineConfig::default().time_settings().unwrap());
        for e in [
            cadre(
                "c1",
                "vl-01",
                r#"{"person_id":"p-1","role":"supervisory_head","term_start":"2021-01-01","term_end":"2023-06-30"}"#,
            ),
            cadre(
                "c2",
                "vl-01",
                r#"{"person_id":"p-2","role":"supervisory_member","term_start":"2023-07-01"}"#,
            ),
            cadre(
                "c3",
                "vl-01",
                r#"{"person_id":"p-2","role":"director","term_start":"2020-01-01"}"#,
            ),
            cadre(
                "c4",
                "vl-01",
                r#"{"person_id":"p-3","role":"director","term_start":"2020-01-01"}"#,
            ),
            cadre(
                "c5",
                "vl-02",
                r#"{"person_id":"p-4","role":"supervisory_head","term_start":"2020-01-01"}"#,
            ),
        ] {
            state.records.apply(&e);
        }
        state.frame.village_id = Text::from("vl-01");
        state
    }

    #[test]
    fn supervisors_are_the_supervisory_roles_of_the_village_serving_that_day() {
        let mut state = village();
        assert_eq!(state.supervisors_on(day("2023-06-30")), vec!["p-1"]);
        assert_eq!(state.supervisors_on(day("2023-07-01")), vec!["p-2"]);
        assert!(state.supervisors_on(day("2020-12-31")).is_empty());
    }

    #[test]
    fn another_role_or_another_village_does_not_make_a_supervisor() {
        let mut state = village();
        assert!(state.supervisory_role("p-3", day("2023-07-01")).is_none());
        assert!(state.supervisory_role("p-4", day("2023-07-01")).is_none());
        assert!(
            state.supervisory_role("p-2", day("2023-06-30")).is_none(),
            "a director before the supervisory term began"
        );
        let role = state.supervisory_role("p-2", day("2023-07-01")).unwrap();
        assert_eq!(role.event_id.as_str(), "c2");
    }
}
