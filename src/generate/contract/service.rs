//! A service contract (服务合同) from signing to its last installment: entered in the platform
//! within days of signing, a performance deposit (履约保证金) due from the partner and received
//! before its due date, installments paid after approval, and now and then a supplement that
//! widens the service, decided by the villager representatives when it adds more than a tenth.
//! A plan holds every date and amount, so that a planted case can alter one of them before the
//! plan is written.

use chrono::{Datelike, NaiveDate, NaiveDateTime, TimeDelta};
use rand::Rng;

use super::book::supplement_allowance;
use super::partners::{Partner, SERVICES};
use super::record::{record_contract, ContractDraft};
use crate::generate::context::Ctx;
use crate::generate::finance::{
    filing_time, settle, Approval, ContractLink, Expense, Invoice, LineChoice, Party, When,
};
use crate::generate::json::{yuan, Fen};
use crate::generate::meetings::{hold, Resolution};
use crate::generate::receivables::{self, Collection, ReceivableDraft};
use crate::generate::threshold::Threshold;
use crate::generate::time::{at, plus_days, plus_seconds};
use crate::generate::village::VillageState;

/// Days a payment filed on a day needs for its approval and execution.
pub const FILING_TAIL_DAYS: i64 = 4;

#[derive(Debug, Clone, Copy)]
pub struct ResolutionPlan {
    pub at: NaiveDateTime,
    pub passed: bool,
}

#[derive(Debug, Clone)]
pub struct SupplementPlan {
    pub signed_on: NaiveDate,
    pub recorded_at: NaiveDateTime,
    pub amount: Fen,
    pub resolution: Option<ResolutionPlan>,
}

#[derive(Debug, Clone)]
pub struct DepositPlan {
    pub amount: Fen,
    pub due_date: NaiveDate,
    pub registered_at: NaiveDateTime,
    pub collections: Vec<Collection>,
}

#[derive(Debug, Clone)]
pub struct ServicePlan {
    pub partner: Partner,
    pub amount: Fen,
    pub signed_on: NaiveDate,
    pub recorded_at: NaiveDateTime,
    /// Filing day of each installment, in order.
    pub filings: Vec<NaiveDate>,
    /// Amount of each installment; the last one also pays what the supplements add.
    pub installments: Vec<Fen>,
    pub supplements: Vec<SupplementPlan>,
    pub deposit: Option<DepositPlan>,
    /// A corrected version of the contract entered at this instant.
    pub correction_at: Option<NaiveDateTime>,
}

/// What a written plan implied.
#[derive(Debug, Clone, Default)]
pub struct Written {
    pub implied: Vec<Threshold>,
    /// Installments paid within the period.
    pub paid: usize,
}

impl Written {
    pub fn implies(&self, threshold: Threshold) -> bool {
        self.implied.contains(&threshold)
    }
}

/// An instant in office hours (09:00 to 16:59) on `day`.
pub fn office_time(rng: &mut impl Rng, day: NaiveDate) -> NaiveDateTime {
    plus_seconds(at(day, 9, 0, 0), rng.gen_range(0..8 * 3600))
}

/// An amount between `low` and `high`, in whole hundreds of yuan.
pub fn hundreds(rng: &mut impl Rng, (low, high): (Fen, Fen)) -> Fen {
    rng.gen_range(low / yuan(100)..=high / yuan(100)) * yuan(100)
}

/// `amount` split in `n` installments of whole hundreds of yuan, the remainder in the last.
pub fn split(amount: Fen, n: usize) -> Vec<Fen> {
    let base = amount / n as Fen / yuan(100) * yuan(100);
    let mut parts = vec![base; n];
    parts[n - 1] = amount - base * (n as Fen - 1);
    parts
}

impl ServicePlan {
    /// An ordinary contract with `partner` entered on `day`: signed that day or up to two days
    /// before, two to four installments a few weeks apart, a deposit for most of them, and a
    /// supplement for one in four.
    pub fn ordinary(ctx: &Ctx, rng: &mut impl Rng, partner: Partner, day: NaiveDate) -> Self {
        let line = &SERVICES[partner.line];
        let amount = hundreds(rng, line.amount);
        let n = rng.gen_range(2..=4);
        let mut filings = vec![ctx.calendar.working_days_after(day, rng.gen_range(5..=15))];
        for _ in 1..n {
            let previous = *filings.last().expect("non-empty");
            filings.push(
                ctx.calendar
                    .working_days_after(previous, rng.gen_range(10..=25)),
            );
        }
        let mut plan = Self::with_filings(rng, partner, amount, day, filings);
        plan.signed_on = plus_days(day, -rng.gen_range(0..=2));
        if rng.gen_bool(0.6) {
            plan.deposit = Some(plan.deposit_in_time(rng, day));
        }
        if rng.gen_bool(0.25) {
            let after = rng.gen_range(0..n - 1);
            let amount = if rng.gen_bool(0.7) {
                let share = plan.amount * rng.gen_range(3..=10) / 100;
                share.min(supplement_allowance(plan.amount)) / yuan(1) * yuan(1)
            } else {
                plan.amount * rng.gen_range(12..=25) / 100 / yuan(1) * yuan(1)
            };
            plan.add_supplement(ctx, rng, after, amount);
        }
        plan
    }

    /// A contract entered on `day` (signed that day) with installments filed on `filings`.
    pub fn with_filings(
        rng: &mut impl Rng,
        partner: Partner,
        amount: Fen,
        day: NaiveDate,
        filings: Vec<NaiveDate>,
    ) -> Self {
        let installments = split(amount, filings.len());
        Self {
            partner,
            amount,
            signed_on: day,
            recorded_at: office_time(rng, day),
            filings,
            installments,
            supplements: Vec::new(),
            deposit: None,
            correction_at: None,
        }
    }

    /// A contract entered on `day` with `n` installments filed two working days after it and
    /// every four working days after that.
    pub fn compact(
        ctx: &Ctx,
        rng: &mut impl Rng,
        partner: Partner,
        day: NaiveDate,
        n: usize,
    ) -> Self {
        let line = &SERVICES[partner.line];
        let amount = hundreds(rng, line.amount);
        let mut filings = vec![ctx.calendar.working_days_after(day, 2)];
        for _ in 1..n {
            let previous = *filings.last().expect("non-empty");
            filings.push(ctx.calendar.working_days_after(previous, 4));
        }
        Self::with_filings(rng, partner, amount, day, filings)
    }

    /// Whether every installment is filed in time to be paid within the period.
    pub fn fits(&self, ctx: &Ctx) -> bool {
        self.filings
            .last()
            .is_some_and(|f| plus_days(*f, FILING_TAIL_DAYS) <= ctx.last_day)
    }

    /// A deposit of 5 % (at least 500) registered an hour after the contract is entered, due
    /// 10 to 20 days after signing and received in full up to five days before it.
    pub fn deposit_in_time(&self, rng: &mut impl Rng, day: NaiveDate) -> DepositPlan {
        let amount = (self.amount / 20 / yuan(1) * yuan(1)).max(yuan(500));
        let due_date = plus_days(self.signed_on, rng.gen_range(10..=20));
        let paid_on = plus_days(due_date, -rng.gen_range(0..=5)).max(plus_days(day, 1));
        DepositPlan {
            amount,
            due_date,
            registered_at: self.recorded_at + TimeDelta::minutes(rng.gen_range(30..=120)),
            collections: vec![Collection::at(office_time(rng, paid_on), amount)],
        }
    }

    /// Adds a supplement of `amount` signed two or three working days after installment `after`
    /// (before the next one) and paid with the last installment; one that adds more than a tenth
    /// is decided by the villager representatives one to four days before it is signed.
    pub fn add_supplement(&mut self, ctx: &Ctx, rng: &mut impl Rng, after: usize, amount: Fen) {
        let signed_on = ctx
            .calendar
            .working_days_after(self.filings[after], rng.gen_range(2..=3));
        let recorded_at = office_time(rng, signed_on);
        let added: Fen = self.supplements.iter().map(|s| s.amount).sum::<Fen>() + amount;
        let resolution = (added > supplement_allowance(self.amount)).then(|| ResolutionPlan {
            at: plus_seconds(
                at(plus_days(signed_on, -rng.gen_range(1..=4)), 19, 0, 0),
                rng.gen_range(0..1800),
            ),
            passed: true,
        });
        self.supplements.push(SupplementPlan {
            signed_on,
            recorded_at,
            amount,
            resolution,
        });
        *self.installments.last_mut().expect("installments") += amount;
    }
}

fn party(partner: &Partner) -> Party {
    Party {
        id: partner.id.clone(),
        party_type: partner.party_type,
        account: partner.account.clone(),
    }
}

/// A service fee of `amount` to `partner` under the contract `contract_id`, invoiced, by
/// transfer.
pub fn service_fee(partner: &Partner, amount: Fen, title: String, contract_id: &str) -> Expense {
    Expense {
        payee: party(partner),
        purpose: "services",
        line: LineChoice::None,
        amount,
        title,
        cash: false,
        invoice: Invoice::Issued,
        order_id: None,
        project_id: None,
        contract: ContractLink::Under(contract_id.to_string()),
    }
}

/// Writes what of `plan` falls within the period and the truth it implies.
pub fn write(ctx: &mut Ctx, v: &mut VillageState, plan: &ServicePlan) -> Written {
    let line = &SERVICES[plan.partner.line];
    let partner = &plan.partner;
    let draft = ContractDraft::new(
        ctx.ids.contract(plan.signed_on.year()),
        "service",
        line.title.to_string(),
        (&partner.id, partner.party_type),
        plan.amount,
        plan.signed_on,
    );
    let mut written = Written::default();
    let implied = record_contract(ctx, v, &draft, plan.recorded_at);
    written.implied.extend(implied.into_iter().map(|(t, _)| t));
    if let Some(d) = &plan.deposit {
        let r = ReceivableDraft {
            receivable_id: ctx.ids.receivable(),
            kind: "deposit",
            debtor_id: partner.id.clone(),
            amount: d.amount,
            due_date: d.due_date,
            lease_id: None,
            contract_id: Some(draft.contract_id.clone()),
        };
        if receivables::register(ctx, v, &r, d.registered_at, &d.collections) {
            written.implied.push(Threshold::ReceivableOverdue);
        }
    }
    for s in &plan.supplements {
        if s.recorded_at.date() > ctx.last_day {
            break;
        }
        let mut supplement = ContractDraft::new(
            ctx.ids.contract(s.signed_on.year()),
            "service",
            format!("{}补充协议", line.title),
            (&partner.id, partner.party_type),
            s.amount,
            s.signed_on,
        );
        supplement.parent_contract_id = Some(draft.contract_id.clone());
        if let Some(r) = s.resolution {
            let resolution = Resolution::of_representatives(
                &mut ctx.ids,
                &mut v.contract.rng,
                vec![supplement.contract_id.clone()],
                format!("关于{}增加服务内容及费用的决议", line.title),
                r.passed,
            );
            if r.at.date() <= ctx.last_day {
                hold(ctx, v, &resolution, r.at);
            }
            supplement.resolution_id = Some(resolution.resolution_id);
        }
        let implied = record_contract(ctx, v, &supplement, s.recorded_at);
        written.implied.extend(implied.into_iter().map(|(t, _)| t));
    }
    if let Some(when) = plan.correction_at.filter(|t| t.date() <= ctx.last_day) {
        let mut corrected = draft.clone();
        corrected.title = format!("{}（更正）", draft.title);
        let implied = record_contract(ctx, v, &corrected, when);
        written.implied.extend(implied.into_iter().map(|(t, _)| t));
    }
    for (n, (&filed_on, &amount)) in plan.filings.iter().zip(&plan.installments).enumerate() {
        if plus_days(filed_on, FILING_TAIL_DAYS) > ctx.last_day {
            break;
        }
        let title = format!("{}第{}期服务费", line.title, n + 1);
        let e = service_fee(partner, amount, title, &draft.contract_id);
        let approval = Approval::ordinary(v);
        let filed_at = filing_time(v, filed_on);
        match settle(ctx, v, &e, approval, filed_at, When::AfterApproval, false) {
            Some(settled) => {
                written
                    .implied
                    .extend(settled.booked.implied.iter().map(|(t, _)| *t));
                written.paid += 1;
            }
            None => break,
        }
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn installments_add_up_to_the_amount() {
        let parts = split(yuan(50_000) + 37, 3);
        assert_eq!(parts.iter().sum::<Fen>(), yuan(50_000) + 37);
        assert_eq!(parts[0], yuan(16_600));
    }
}
