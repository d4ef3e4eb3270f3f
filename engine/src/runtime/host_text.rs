//! Free-text members compared the way people type them: an invoice number keyed in with a
//! stray space is still the same invoice (catalog FIN-06 compares `invoice_no` after trimming
//! white space).

use super::host::Cx;
use super::script_types::Rec;
use crate::event::EventType;
use crate::records::{EventRef, TRIMMED};
use crate::state::PartitionState;
use rhai::{Array, Dynamic, Engine};

impl PartitionState {
    /// Live records of `event_type` in scope (business records of the current village, registry
    /// records of every village) whose text member `path`, trimmed of white space, equals
    /// `value` trimmed, in version order. A value that is empty after trimming matches nothing.
    pub fn find_trimmed(
        &mut self,
        event_type: EventType,
        path: &str,
        value: &str,
    ) -> Vec<EventRef> {
        let wanted = value.trim();
        if wanted.is_empty() {
            return Vec::new();
        }
        // The index of trimmed values answers without reading the village's other records.
        self.find_in_scope(event_type, &format!("{path}{TRIMMED}"), wanted)
    }
}

/// Registers `cx.find_trimmed(kind, path, value)`: a list of records.
pub fn register(engine: &mut Engine) {
    engine.register_fn(
        "find_trimmed",
        |cx: &mut Cx,
         kind: &str,
         path: &str,
         value: &str|
         -> Result<Array, Box<rhai::EvalAltResult>> {
            let event_type =
                EventType::parse(kind).ok_or_else(|| format!("unknown event type {kind:?}"))?;
            Ok(cx
                .state
                .lock()
                .find_trimmed(event_type, path, value)
                .into_iter()
                .map(|e| Dynamic::from(Rec(e)))
                .collect())
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

    fn payment(event_id: &str, village: &str, payment_id: &str, invoice: &str) -> EventRef {
        let line = format!(
            r#"{{"event_id":"{event_id}","type":"finance.payment","occurred_at":"2023-01-01T09:00:00+08:00","township_id":"ts-01","village_id":"{village}","payload":{{"payment_id":"{payment_id}","amount":100.00,"method":"bank","payee_id":"p-1","payee_type":"person","account_no":"6217","purpose":"goods","invoice_no":"{invoice}"}}}}"#
        );
        Arc::new(
            decode(line.as_bytes(), &DecodeOptions::default())
                .expect("valid payment")
                .event,
        )
    }

    fn ids(found: &[EventRef]) -> Vec<&str> {
        found.iter().map(|e| e.event_id.as_str()).collect()
    }

    fn state_with(events: &[EventRef]) -> PartitionState {
        let settings = EngineConfig::default().time_settings().expect("settings");
        let mut state = PartitionState::new(settings);
        for e in events {
            state.records.apply(e);
        }
        state.frame.village_id = Text::from("vl-01");
        state
    }

    #[test]
    fn invoice_numbers_match_after_trimming_in_the_current_village_only() {
        let mut state = state_with(&[
            payment("e1", "vl-01", "pay-1", "INV-001"),
            payment("e2", "vl-01", "pay-2", " INV-001\u{3000}"),
            payment("e3", "vl-01", "pay-3", "INV-0010"),
            payment("e4", "vl-02", "pay-4", "INV-001"),
        ]);
        let found = state.find_trimmed(EventType::FinancePayment, "invoice_no", "INV-001 ");
        assert_eq!(ids(&found), vec!["e1", "e2"]);
    }

    #[test]
    fn a_blank_value_matches_nothing() {
        let mut state = state_with(&[payment("e1", "vl-01", "pay-1", "INV-001")]);
        assert!(state
            .find_trimmed(EventType::FinancePayment, "invoice_no", "  ")
            .is_empty());
    }

    #[test]
    fn a_corrected_invoice_number_is_found_under_its_new_value_only() {
        let mut state = state_with(&[payment("e1", "vl-01", "pay-1", "INV-001")]);
        assert_eq!(
            ids(&state.find_trimmed(EventType::FinancePayment, "invoice_no", "INV-001")),
            vec!["e1"]
        );
        state
            .records
            .apply(&payment("e9", "vl-01", "pay-1", " INV-002 "));
        assert!(state
            .find_trimmed(EventType::FinancePayment, "invoice_no", "INV-001")
            .is_empty());
        assert_eq!(
            ids(&state.find_trimmed(EventType::FinancePayment, "invoice_no", "INV-002")),
            vec!["e9"]
        );
    }
}
