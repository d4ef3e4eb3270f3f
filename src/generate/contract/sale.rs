//! A sale contract (出售合同): the village sells scrap, timber or a pond's harvest to a company or
//! a villager, enters the contract within days, and registers the price as a receivable
//! (contract proceeds) received in one or two sums by its due date.

use chrono::{Datelike, NaiveDate, NaiveDateTime, TimeDelta};
use rand::seq::SliceRandom;
use rand::Rng;

use super::partners::{Partners, SALES};
use super::record::{record_contract, ContractDraft};
use super::service::{hundreds, office_time, Written};
use crate::generate::context::Ctx;
use crate::generate::json::{yuan, Fen};
use crate::generate::receivables::{self, Collection, ReceivableDraft};
use crate::generate::threshold::Threshold;
use crate::generate::time::plus_days;
use crate::generate::village::VillageState;

#[derive(Debug, Clone)]
pub struct SalePlan {
    pub line: usize,
    pub buyer_id: String,
    pub buyer_type: &'static str,
    pub amount: Fen,
    pub signed_on: NaiveDate,
    pub recorded_at: NaiveDateTime,
    pub due_date: NaiveDate,
    pub registered_at: NaiveDateTime,
    pub collections: Vec<Collection>,
}

impl SalePlan {
    /// An ordinary sale entered on `day`: to the line's buyer company or to a villager, the price
    /// due 10 to 30 days after signing and received by then, in one sum or two.
    pub fn ordinary(rng: &mut impl Rng, partners: &Partners, day: NaiveDate) -> Self {
        let line = rng.gen_range(0..SALES.len());
        let (buyer_id, buyer_type) = if rng.gen_bool(0.6) {
            (partners.buyers[line].id.clone(), "company")
        } else {
            let villager = partners.villagers.choose(rng).expect("non-empty");
            (villager.id.clone(), "person")
        };
        let amount = hundreds(rng, SALES[line].amount);
        let signed_on = plus_days(day, -rng.gen_range(0..=2));
        let recorded_at = office_time(rng, day);
        let due_date = plus_days(signed_on, rng.gen_range(10..=30));
        let last = plus_days(due_date, -rng.gen_range(0..=3)).max(plus_days(day, 1));
        let collections = if rng.gen_bool(0.7) {
            vec![Collection::at(office_time(rng, last), amount)]
        } else {
            let first = plus_days(day, rng.gen_range(1..=5)).min(last);
            let part = amount / 2 / yuan(100) * yuan(100);
            vec![
                Collection::at(office_time(rng, first), part),
                Collection::at(office_time(rng, last), amount - part),
            ]
        };
        Self {
            line,
            buyer_id,
            buyer_type,
            amount,
            signed_on,
            recorded_at,
            due_date,
            registered_at: recorded_at + TimeDelta::minutes(rng.gen_range(20..=90)),
            collections,
        }
    }
}

/// Writes the sale contract and its receivable; what falls within the period.
pub fn write(ctx: &mut Ctx, v: &mut VillageState, plan: &SalePlan) -> Written {
    let draft = ContractDraft::new(
        ctx.ids.contract(plan.signed_on.year()),
        "sale",
        SALES[plan.line].title.to_string(),
        (&plan.buyer_id, plan.buyer_type),
        plan.amount,
        plan.signed_on,
    );
    let mut written = Written::default();
    let implied = record_contract(ctx, v, &draft, plan.recorded_at);
    written.implied.extend(implied.into_iter().map(|(t, _)| t));
    let r = ReceivableDraft {
        receivable_id: ctx.ids.receivable(),
        kind: "contract",
        debtor_id: plan.buyer_id.clone(),
        amount: plan.amount,
        due_date: plan.due_date,
        lease_id: None,
        contract_id: Some(draft.contract_id.clone()),
    };
    if receivables::register(ctx, v, &r, plan.registered_at, &plan.collections) {
        written.implied.push(Threshold::ReceivableOverdue);
    }
    written
}
