//! Contracts and their supplements as the catalog defines them: `main_contract(p)` and
//! `supplements(k)`.

use super::host::Cx;
use super::script_types::Rec;
use crate::event::EventType;
use crate::records::EventRef;
use crate::state::PartitionState;
use rhai::{Array, Dynamic, Engine};

fn text_of(event: &EventRef, name: &str) -> Option<String> {
    event
        .field(name)
        .filter(Dynamic::is_string)
        .map(|d| d.to_string())
}

impl PartitionState {
    /// main_contract(p): the live construction contract in the current village whose subject is
    /// project `p` and that amends no other contract; the earliest by (occurred_at, event_id)
    /// when there are several.
    pub fn main_contract(&mut self, project_id: &str) -> Option<EventRef> {
        self.find_in_scope_where(EventType::ContractRecorded, "subject_id", project_id, |c| {
            text_of(c, "contract_type").as_deref() == Some("construction")
                && text_of(c, "parent_contract_id").is_none()
        })
        .into_iter()
        .next()
    }

    /// supplements(k): the live contracts in the current village whose parent_contract_id is
    /// `contract_id`, in (occurred_at, event_id) order.
    pub fn supplements(&mut self, contract_id: &str) -> Vec<EventRef> {
        self.find_in_scope(
            EventType::ContractRecorded,
            "parent_contract_id",
            contract_id,
        )
    }
}

/// Registers `cx.main_contract(project_id)` (a record or `()`) and
/// `cx.supplements(contract_id)` (a list of records).
pub fn register(engine: &mut Engine) {
    engine.register_fn("main_contract", |cx: &mut Cx, project_id: &str| {
        cx.state
            .lock()
            .main_contract(project_id)
            .map_or(Dynamic::UNIT, |c| Dynamic::from(Rec(c)))
    });
    engine.register_fn("supplements", |cx: &mut Cx, contract_id: &str| -> Array {
        cx.state
            .lock()
            .supplements(contract_id)
            .into_iter()
            .map(|c| Dynamic::from(Rec(c)))
            .collect()
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::EngineConfig;
    use crate::event::{decode, DecodeOptions};
    use crate::values::Text;
    use std::sync::Arc;

    fn contract(event_id: &str, at: &str, village: &str, payload: &str) -> EventRef {
        let line = format!(
            r#"{{"event_id":"{event_id}","type":"contract.recorded","occurred_at":"{at}","township_id":"ts-01","village_id":"{village}","payload":{payload}}}"#
        );
        Arc::new(
            decode(line.as_bytes(), &DecodeOptions::default())
                .expect("valid contract event")
                .event,
        )
    }

    fn state_with(events: &[EventRef]) -> PartitionState {
        let settings = EngineConfig::default().time_settings().expect("settings");
        let mut state = PartitionState::new(settings);
        for event in events {
            state.records.apply(event);
        }
        state.frame.village_id = Text::from("vl-01");
        state
    }

    fn ids(events: &[EventRef]) -> Vec<String> {
        events.iter().map(|e| e.event_id.to_string()).collect()
    }

    const AT: &str = "2023-05-01T10:00:00+08:00";

    #[test]
    fn main_contract_is_the_earliest_construction_contract_without_a_parent() {
        let events = [
            // A service contract and a supplement of the project are not its main contract.
            contract(
                "e1",
                "2023-05-01T08:00:00+08:00",
                "vl-01",
                r#"{"contract_id":"k-svc","contract_type":"service","subject_id":"prj-1","title":"监理","party_b_id":"co-9","party_b_type":"company","amount":5000.00,"signed_on":"2023-04-30"}"#,
            ),
            contract(
                "e2",
                "2023-05-01T09:00:00+08:00",
                "vl-01",
                r#"{"contract_id":"k-sup","contract_type":"construction","parent_contract_id":"k-old","subject_id":"prj-1","title":"补充协议","party_b_id":"co-1","party_b_type":"company","amount":1000.00,"signed_on":"2023-04-30"}"#,
            ),
            contract(
                "e4",
                AT,
                "vl-01",
                r#"{"contract_id":"k-2","contract_type":"construction","subject_id":"prj-1","title":"施工合同二","party_b_id":"co-2","party_b_type":"company","amount":90000.00,"signed_on":"2023-04-30"}"#,
            ),
            contract(
                "e3",
                AT,
                "vl-01",
                r#"{"contract_id":"k-1","contract_type":"construction","subject_id":"prj-1","title":"施工合同一","party_b_id":"co-1","party_b_type":"company","amount":80000.00,"signed_on":"2023-04-30"}"#,
            ),
            // The same project id in another village is out of scope.
            contract(
                "e0",
                "2023-04-01T10:00:00+08:00",
                "vl-02",
                r#"{"contract_id":"k-x","contract_type":"construction","subject_id":"prj-1","title":"外村合同","party_b_id":"co-3","party_b_type":"company","amount":70000.00,"signed_on":"2023-03-30"}"#,
            ),
        ];
        let mut state = state_with(&events);
        let main = state.main_contract("prj-1").expect("a main contract");
        assert_eq!(
            main.event_id.as_str(),
            "e3",
            "equal instants: least event id"
        );
        assert!(state.main_contract("prj-2").is_none());
    }

    #[test]
    fn supplements_are_the_live_contracts_naming_the_parent_in_the_village() {
        let events = [
            contract(
                "e1",
                AT,
                "vl-01",
                r#"{"contract_id":"k-1","contract_type":"construction","subject_id":"prj-1","title":"施工合同","party_b_id":"co-1","party_b_type":"company","amount":80000.00,"signed_on":"2023-04-30"}"#,
            ),
            contract(
                "e2",
                "2023-05-02T10:00:00+08:00",
                "vl-01",
                r#"{"contract_id":"s-1","contract_type":"construction","parent_contract_id":"k-1","title":"补充协议一","party_b_id":"co-1","party_b_type":"company","amount":3000.00,"signed_on":"2023-05-02"}"#,
            ),
            contract(
                "e3",
                "2023-05-03T10:00:00+08:00",
                "vl-01",
                r#"{"contract_id":"s-2","contract_type":"construction","parent_contract_id":"k-1","title":"补充协议二","party_b_id":"co-1","party_b_type":"company","amount":2000.00,"signed_on":"2023-05-03"}"#,
            ),
            // A correction of s-1 replaces it; the supplement is listed once, as corrected.
            contract(
                "e4",
                "2023-05-04T10:00:00+08:00",
                "vl-01",
                r#"{"contract_id":"s-1","contract_type":"construction","parent_contract_id":"k-1","title":"补充协议一（更正）","party_b_id":"co-1","party_b_type":"company","amount":3500.00,"signed_on":"2023-05-02"}"#,
            ),
            contract(
                "e5",
                AT,
                "vl-02",
                r#"{"contract_id":"s-9","contract_type":"construction","parent_contract_id":"k-1","title":"外村","party_b_id":"co-1","party_b_type":"company","amount":1.00,"signed_on":"2023-04-30"}"#,
            ),
        ];
        let mut state = state_with(&events);
        assert_eq!(ids(&state.supplements("k-1")), ["e3", "e4"]);
        assert!(state.supplements("s-1").is_empty());
    }
}
