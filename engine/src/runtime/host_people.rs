//! People and their ties as the catalog defines them: `cadres(v, day)`, `kin_of_cadres(v, day)`,
//! `close(v, day)`, `tied(x, type, v, day)`, `controllers(k)`, `household(p)`, `home_village(p)`,
//! the declarations that make a person close to the village's cadres, and the villagers who
//! live in the village on a day. `v` is always the village of the current call.

use super::host::{field_as, Cx};
use super::script_types::Rec;
use crate::event::EventType;
use crate::records::EventRef;
use crate::state::PartitionState;
use crate::values::Date;
use rhai::{Array, Dynamic, Engine};

fn text_of(event: &EventRef, name: &str) -> Option<String> {
    event
        .field(name)
        .filter(Dynamic::is_string)
        .map(|d| d.to_string())
        .filter(|s| !s.is_empty())
}

/// A registry.cadre role whose term covers `day`: term_start <= day and (no term_end or
/// day <= term_end).
fn serves_on(role: &EventRef, day: Date) -> bool {
    let starts = field_as::<Date>(role, "term_start");
    let ends = field_as::<Date>(role, "term_end");
    starts.is_some_and(|s| s <= day) && ends.is_none_or(|e| day <= e)
}

fn sorted_distinct(mut ids: Vec<String>) -> Vec<String> {
    ids.sort();
    ids.dedup();
    ids
}

fn strings(ids: Vec<String>) -> Array {
    ids.into_iter().map(Dynamic::from).collect()
}

fn records(events: Vec<EventRef>) -> Array {
    events.into_iter().map(|e| Dynamic::from(Rec(e))).collect()
}

impl PartitionState {
    /// cadres(v, day): the persons with a live registry.cadre of the current village whose term
    /// covers `day`, sorted.
    pub fn cadres_on(&mut self, day: Date) -> Vec<String> {
        let village = self.frame.village_id.clone();
        let ids = self
            .records
            .find_registry(EventType::RegistryCadre, "village_id", &village)
            .iter()
            .filter(|role| serves_on(role, day))
            .filter_map(|role| text_of(role, "person_id"))
            .collect();
        sorted_distinct(ids)
    }

    /// kin_of_cadres(v, day): every relative (relation none excluded) that a cadre of the day
    /// declared, sorted.
    pub fn kin_of_cadres_on(&mut self, day: Date) -> Vec<String> {
        let mut ids = Vec::new();
        for cadre in self.cadres_on(day) {
            ids.extend(self.kin(&cadre));
        }
        sorted_distinct(ids)
    }

    /// close(v, day): the cadres of the day and their declared kin, sorted.
    pub fn close_on(&mut self, day: Date) -> Vec<String> {
        let mut ids = self.cadres_on(day);
        ids.extend(self.kin_of_cadres_on(day));
        sorted_distinct(ids)
    }

    /// The live registry.kinship declarations (relation none excluded) that name `person` as
    /// the relative of someone who is a cadre of the current village on `day`: why `person`
    /// is in kin_of_cadres(v, day).
    pub fn kin_links(&mut self, person: &str, day: Date) -> Vec<EventRef> {
        let declared: Vec<EventRef> = self
            .records
            .find_registry(EventType::RegistryKinship, "relative_id", person)
            .iter()
            .filter(|k| text_of(k, "relation").is_some_and(|r| r != "none"))
            .cloned()
            .collect();
        declared
            .into_iter()
            .filter(|k| {
                text_of(k, "cadre_id")
                    .is_some_and(|cadre| self.cadre_role_between(&cadre, day, day).is_some())
            })
            .collect()
    }

    /// Whether `person` is in kin_of_cadres(v, day).
    pub fn is_kin_of_cadres(&mut self, person: &str, day: Date) -> bool {
        !self.kin_links(person, day).is_empty()
    }

    /// Whether `person` is in close(v, day).
    pub fn is_close(&mut self, person: &str, day: Date) -> bool {
        self.cadre_role_between(person, day, day).is_some() || self.is_kin_of_cadres(person, day)
    }

    /// controllers(k): owner_ids, legal_rep_id and manager_ids of the live registry.company k,
    /// sorted; empty when there is none.
    pub fn controllers_of(&self, company_id: &str) -> Vec<String> {
        let Some(company) = self.record_in_scope(EventType::RegistryCompany, company_id) else {
            return Vec::new();
        };
        let mut ids = Vec::new();
        for member in ["owner_ids", "manager_ids"] {
            if let Some(list) = field_as::<Array>(&company, member) {
                ids.extend(
                    list.iter()
                        .filter(|d| d.is_string())
                        .map(|d| d.to_string())
                        .filter(|s| !s.is_empty()),
                );
            }
        }
        ids.extend(text_of(&company, "legal_rep_id"));
        sorted_distinct(ids)
    }

    /// tied(x, type, v, day): a person in close(v, day), or a company one of whose controllers
    /// is. Any other party type is never tied.
    pub fn tied(&mut self, party_id: &str, party_type: &str, day: Date) -> bool {
        match party_type {
            "person" => self.is_close(party_id, day),
            "company" => self
                .controllers_of(party_id)
                .iter()
                .any(|controller| self.is_close(controller, day)),
            _ => false,
        }
    }

    /// household(p): household_id of the live registry.person p, if any.
    pub fn household_of(&self, person: &str) -> Option<String> {
        self.record_in_scope(EventType::RegistryPerson, person)
            .and_then(|p| text_of(&p, "household_id"))
    }

    /// home_village(p): the envelope village of the live registry.person p, if any.
    pub fn home_village_of(&self, person: &str) -> Option<String> {
        self.record_in_scope(EventType::RegistryPerson, person)
            .map(|p| p.village_id.to_string())
    }

    /// The live registry.person of the current village (home village) with resident = true and
    /// no deceased_on on or before `day`, sorted by person_id.
    pub fn residents_on(&mut self, day: Date) -> Vec<String> {
        let village = self.frame.village_id.clone();
        let ids = self
            .records
            .find_registry(EventType::RegistryPerson, "village_id", &village)
            .iter()
            .filter(|p| field_as::<bool>(p, "resident") == Some(true))
            .filter(|p| field_as::<Date>(p, "deceased_on").is_none_or(|d| d > day))
            .filter_map(|p| text_of(p, "person_id"))
            .collect();
        sorted_distinct(ids)
    }
}

/// Chinese names of the kinship relations of events.md §4.
pub fn relation_zh(relation: &str) -> &str {
    match relation {
        "spouse" => "配偶",
        "parent" => "父母",
        "child" => "子女",
        "sibling" => "兄弟姐妹",
        "grandparent" => "祖父母/外祖父母",
        "grandchild" => "孙子女/外孙子女",
        "parent_in_law" => "配偶父母",
        "child_in_law" => "子女配偶",
        "sibling_in_law" => "兄弟姐妹配偶或配偶的兄弟姐妹",
        "uncle_aunt" => "叔伯姑舅姨",
        "nephew_niece" => "侄甥",
        "cousin" => "堂表兄弟姐妹",
        "none" => "无应申报亲属",
        other => other,
    }
}

/// Registers on `cx`: `cadres(day)`, `kin_of_cadres(day)`, `close(day)` (sorted lists of person
/// ids), `is_close(person, day)`, `is_kin_of_cadres(person, day)`, `kin_links(person, day)`
/// (kinship records), `tied(party_id, party_type, day)`, `household(p)` and `home_village(p)`
/// (an id or `()`), `residents(day)`; and the plain function `relation_zh(relation)`.
pub fn register(engine: &mut Engine) {
    engine.register_fn("cadres", |cx: &mut Cx, day: Date| {
        strings(cx.state.lock().cadres_on(day))
    });
    engine.register_fn("kin_of_cadres", |cx: &mut Cx, day: Date| {
        strings(cx.state.lock().kin_of_cadres_on(day))
    });
    engine.register_fn("close", |cx: &mut Cx, day: Date| {
        strings(cx.state.lock().close_on(day))
    });
    engine.register_fn("is_close", |cx: &mut Cx, person: &str, day: Date| {
        cx.state.lock().is_close(person, day)
    });
    engine.register_fn(
        "is_kin_of_cadres",
        |cx: &mut Cx, person: &str, day: Date| cx.state.lock().is_kin_of_cadres(person, day),
    );
    engine.register_fn("kin_links", |cx: &mut Cx, person: &str, day: Date| {
        records(cx.state.lock().kin_links(person, day))
    });
    engine.register_fn(
        "tied",
        |cx: &mut Cx, party_id: &str, party_type: &str, day: Date| {
            cx.state.lock().tied(party_id, party_type, day)
        },
    );
    engine.register_fn("household", |cx: &mut Cx, person: &str| {
        cx.state
            .lock()
            .household_of(person)
            .map_or(Dynamic::UNIT, Dynamic::from)
    });
    engine.register_fn("home_village", |cx: &mut Cx, person: &str| {
        cx.state
            .lock()
            .home_village_of(person)
            .map_or(Dynamic::UNIT, Dynamic::from)
    });
    engine.register_fn("residents", |cx: &mut Cx, day: Date| {
        strings(cx.state.lock().residents_on(day))
    });
    engine.register_fn("relation_zh", |relation: &str| {
        relation_zh(relation).to_string()
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::EngineConfig;
    use crate::event::{decode, DecodeOptions};
    use crate::values::Text;
    use std::sync::Arc;

    fn event(event_id: &str, kind: &str, village: &str, payload: &str) -> EventRef {
        let line = format!(
            r#"{{"event_id":"{event_id}","type":"{kind}","occurred_at":"2023-01-01T09:00:00+08:00","township_id":"ts-01","village_id":"{village}","payload":{payload}}}"#
        );
        Arc::new(
            decode(line.as_bytes(), &DecodeOptions::default())
                .expect("valid registry event")
                .event,
        )
    }

    fn day(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    /// Village vl-01: p-1 director since 2021 (term ends 2023-06-30), p-2 accountant from
    /// 2023-07-01; p-1 declared a spouse p-11 and nothing else for p-1's sibling; p-2 declared
    /// none; a cadre of vl-02 declared p-21. Company co-1 is managed by p-11, co-2 by p-21.
    fn village() -> PartitionState {
        let events = [
            event(
                "c1",
                "registry.cadre",
                "vl-01",
                r#"{"person_id":"p-1","role":"director","term_start":"2021-01-01","term_end":"2023-06-30"}"#,
            ),
            event(
                "c2",
                "registry.cadre",
                "vl-01",
                r#"{"person_id":"p-2","role":"accountant","term_start":"2023-07-01"}"#,
            ),
            event(
                "c3",
                "registry.cadre",
                "vl-02",
                r#"{"person_id":"p-20","role":"director","term_start":"2021-01-01"}"#,
            ),
            event(
                "k1",
                "registry.kinship",
                "vl-01",
                r#"{"cadre_id":"p-1","relative_id":"p-11","relation":"spouse","declared_at":"2022-01-01T09:00:00+08:00"}"#,
            ),
            event(
                "k2",
                "registry.kinship",
                "vl-01",
                r#"{"cadre_id":"p-2","relative_id":"p-2","relation":"none","declared_at":"2023-07-02T09:00:00+08:00"}"#,
            ),
            event(
                "k3",
                "registry.kinship",
                "vl-02",
                r#"{"cadre_id":"p-20","relative_id":"p-21","relation":"child","declared_at":"2022-01-01T09:00:00+08:00"}"#,
            ),
            event(
                "co1",
                "registry.company",
                "*",
                r#"{"company_id":"co-1","name":"甲公司","owner_ids":["p-99"],"manager_ids":["p-11"]}"#,
            ),
            event(
                "co2",
                "registry.company",
                "*",
                r#"{"company_id":"co-2","name":"乙公司","owner_ids":[],"legal_rep_id":"p-21","manager_ids":[]}"#,
            ),
            event(
                "v1",
                "registry.person",
                "vl-01",
                r#"{"person_id":"p-1","name":"张一","household_id":"h-1","is_member":true,"resident":true,"bank_accounts":[]}"#,
            ),
            event(
                "v2",
                "registry.person",
                "vl-01",
                r#"{"person_id":"p-11","name":"李一","household_id":"h-1","is_member":true,"resident":true,"bank_accounts":[]}"#,
            ),
            event(
                "v3",
                "registry.person",
                "vl-01",
                r#"{"person_id":"p-12","name":"王一","household_id":"h-2","is_member":true,"resident":false,"bank_accounts":[]}"#,
            ),
            event(
                "v4",
                "registry.person",
                "vl-01",
                r#"{"person_id":"p-13","name":"赵一","household_id":"h-3","is_member":true,"resident":true,"deceased_on":"2023-03-01","bank_accounts":[]}"#,
            ),
            event(
                "v5",
                "registry.person",
                "vl-02",
                r#"{"person_id":"p-21","name":"钱一","household_id":"h-9","is_member":true,"resident":true,"bank_accounts":[]}"#,
            ),
        ];
        let settings = EngineConfig::default().time_settings().expect("settings");
        let mut state = PartitionState::new(settings);
        for e in &events {
            state.records.apply(e);
        }
        state.frame.village_id = Text::from("vl-01");
        state
    }

    #[test]
    fn cadres_are_the_village_roles_whose_term_covers_the_day() {
        let mut state = village();
        assert_eq!(state.cadres_on(day("2023-06-30")), vec!["p-1"]);
        assert_eq!(state.cadres_on(day("2023-07-01")), vec!["p-2"]);
        assert!(state.cadres_on(day("2020-12-31")).is_empty());
    }

    #[test]
    fn close_is_cadres_and_their_declared_kin_without_none_entries() {
        let mut state = village();
        assert_eq!(state.kin_of_cadres_on(day("2023-06-30")), vec!["p-11"]);
        assert_eq!(state.close_on(day("2023-06-30")), vec!["p-1", "p-11"]);
        // p-2 declared none: the declaration makes nobody kin, p-2 stays close as a cadre.
        assert_eq!(state.close_on(day("2023-07-01")), vec!["p-2"]);
        assert!(state.is_close("p-11", day("2023-06-30")));
        assert!(
            !state.is_close("p-11", day("2023-07-01")),
            "the cadre left office"
        );
        // Kin of another village's cadre are not close to this village.
        assert!(!state.is_close("p-21", day("2023-06-30")));
        let links = state.kin_links("p-11", day("2023-01-01"));
        assert_eq!(links.len(), 1);
        assert_eq!(links[0].event_id.as_str(), "k1");
    }

    #[test]
    fn companies_are_tied_through_any_controller() {
        let mut state = village();
        assert_eq!(state.controllers_of("co-1"), vec!["p-11", "p-99"]);
        assert!(state.tied("co-1", "company", day("2023-01-01")));
        assert!(!state.tied("co-1", "company", day("2023-08-01")));
        assert!(!state.tied("co-2", "company", day("2023-01-01")));
        assert!(
            !state.tied("co-9", "company", day("2023-01-01")),
            "unknown company"
        );
        assert!(state.tied("p-1", "person", day("2023-01-01")));
        assert!(!state.tied("p-1", "other", day("2023-01-01")));
    }

    #[test]
    fn household_and_home_village_come_from_the_person_record() {
        let state = village();
        assert_eq!(state.household_of("p-11").as_deref(), Some("h-1"));
        assert_eq!(state.household_of("p-404"), None);
        assert_eq!(state.home_village_of("p-21").as_deref(), Some("vl-02"));
        assert_eq!(state.home_village_of("p-404"), None);
    }

    #[test]
    fn residents_exclude_the_moved_away_and_the_deceased() {
        let mut state = village();
        assert_eq!(
            state.residents_on(day("2023-02-28")),
            vec!["p-1", "p-11", "p-13"]
        );
        assert_eq!(state.residents_on(day("2023-03-01")), vec!["p-1", "p-11"]);
    }
}
