//! A `contract.recorded` as the generator drafts it, and its recording: the event scheduled and
//! entered in the village's contract book, with the contract alerts it implies written to the
//! truth. Procurement contracts, service contracts of large expenses, the contract desk's
//! contracts and construction contracts are all recorded here.

use chrono::{NaiveDate, NaiveDateTime};

use super::book::Implied;
use crate::generate::context::Ctx;
use crate::generate::json::{Fen, JsonObject};
use crate::generate::time::date_text;
use crate::generate::village::VillageState;

#[derive(Debug, Clone)]
pub struct ContractDraft {
    pub contract_id: String,
    /// events.md `contract_type`.
    pub contract_type: &'static str,
    /// The main contract a supplement amends.
    pub parent_contract_id: Option<String>,
    /// The order, project or lease the contract executes.
    pub subject_id: Option<String>,
    pub title: String,
    pub party_b_id: String,
    pub party_b_type: &'static str,
    /// For a supplement: the amount it adds.
    pub amount: Fen,
    pub signed_on: NaiveDate,
    pub resolution_id: Option<String>,
    pub approval_id: Option<String>,
}

impl ContractDraft {
    /// A contract with no parent, subject, resolution or approval; callers fill those in.
    pub fn new(
        contract_id: String,
        contract_type: &'static str,
        title: String,
        party: (&str, &'static str),
        amount: Fen,
        signed_on: NaiveDate,
    ) -> Self {
        Self {
            contract_id,
            contract_type,
            parent_contract_id: None,
            subject_id: None,
            title,
            party_b_id: party.0.to_string(),
            party_b_type: party.1,
            amount,
            signed_on,
            resolution_id: None,
            approval_id: None,
        }
    }

    pub fn payload(&self) -> String {
        let mut o = JsonObject::new();
        o.string("contract_id", &self.contract_id)
            .string("contract_type", self.contract_type);
        if let Some(parent) = &self.parent_contract_id {
            o.string("parent_contract_id", parent);
        }
        if let Some(subject) = &self.subject_id {
            o.string("subject_id", subject);
        }
        o.string("title", &self.title)
            .string("party_b_id", &self.party_b_id)
            .string("party_b_type", self.party_b_type)
            .money("amount", self.amount)
            .string("signed_on", &date_text(self.signed_on));
        if let Some(resolution) = &self.resolution_id {
            o.string("resolution_id", resolution);
        }
        if let Some(approval) = &self.approval_id {
            o.string("approval_id", approval);
        }
        o.finish()
    }
}

/// Schedules a version of `draft` recorded at `at`, enters it in the contract book and writes
/// the contract alerts it implies to the truth; returns them.
pub fn record_contract(
    ctx: &mut Ctx,
    v: &mut VillageState,
    draft: &ContractDraft,
    at: NaiveDateTime,
) -> Vec<Implied> {
    ctx.events
        .schedule("contract.recorded", v.place(), at, draft.payload());
    if draft.parent_contract_id.is_none() {
        v.decision
            .note_contract(&draft.contract_id, draft.signed_on, at);
    }
    let implied = v.contracts.record(
        &draft.contract_id,
        draft.parent_contract_id.as_deref(),
        draft.amount,
        draft.signed_on,
        draft.resolution_id.as_deref(),
        at,
    );
    expect_all(ctx, &v.id, &implied);
    implied
}

/// Writes implied alerts of the village to the truth.
pub fn expect_all(ctx: &mut Ctx, village_id: &str, implied: &[Implied]) {
    for (threshold, key) in implied {
        let mut full: Vec<&str> = vec![village_id];
        full.extend(key.iter().map(String::as_str));
        ctx.expect_alert(*threshold, &full);
    }
}
