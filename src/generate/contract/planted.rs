//! Planted contract cases: each writes a contract (or a payment, or a receivable) that differs
//! from an ordinary one in one respect, so that exactly the targeted contract threshold fires
//! (anomalies) or a boundary is met and nothing fires (near misses). The contract book, the
//! payment book and the receivables confirm what each case implies.

use chrono::{Datelike, NaiveDate, NaiveDateTime, TimeDelta};
use rand::seq::SliceRandom;
use rand::Rng;

use super::book::supplement_allowance;
use super::cases::{ContractAnomaly, ContractNearMiss};
use super::partners::SERVICES;
use super::record::{record_contract, ContractDraft};
use super::sale::{self, SalePlan};
use super::service::{self, hundreds, office_time, ResolutionPlan, ServicePlan, Written};
use crate::generate::context::Ctx;
use crate::generate::finance::{
    filing_time, settle, Approval, ContractLink, Expense, Invoice, LineChoice, Party, When,
};
use crate::generate::json::{yuan, Fen};
use crate::generate::receivables::{self, deadline_of, Collection, ReceivableDraft};
use crate::generate::threshold::Threshold;
use crate::generate::time::{at, plus_days, plus_seconds};
use crate::generate::village::VillageState;

/// Days a compact plan (two or three installments four working days apart) needs.
const COMPACT_DAYS: i64 = 20;
/// Days a single payment filed on the day needs.
const SINGLE_PAYMENT_DAYS: i64 = 10;
/// Latest due date of a planted receivable, in days after the day it is registered.
const LATEST_DUE_DAYS: i64 = 20;

pub fn anomaly_fits(ctx: &Ctx, day: NaiveDate, kind: ContractAnomaly) -> bool {
    use ContractAnomaly as A;
    let needed = match kind {
        A::ReceivableLeftUnpaid => LATEST_DUE_DAYS + 31,
        A::PaidWithoutContract | A::PaidBeforeRecording | A::EnteredLate => SINGLE_PAYMENT_DAYS,
        _ => COMPACT_DAYS,
    };
    plus_days(day, needed) <= ctx.last_day
}

pub fn near_miss_fits(ctx: &Ctx, day: NaiveDate, kind: ContractNearMiss) -> bool {
    use ContractNearMiss as N;
    let needed = match kind {
        N::PaidAtDeadline => LATEST_DUE_DAYS + 31,
        N::CorrectedAfterEntry => 21,
        N::JustBelowContractMinimum | N::RecordedAtPaymentInstant | N::EnteredOnSeventhDay => {
            SINGLE_PAYMENT_DAYS
        }
        _ => COMPACT_DAYS,
    };
    plus_days(day, needed) <= ctx.last_day
}

fn compact(ctx: &Ctx, v: &mut VillageState, day: NaiveDate, n: usize) -> ServicePlan {
    let partner = v.contract.service_partner();
    ServicePlan::compact(ctx, &mut v.contract.rng, partner, day, n)
}

/// Writes a plan whose every installment must be paid; false (nothing written) when it does not
/// fit in the period.
fn write_whole(ctx: &mut Ctx, v: &mut VillageState, plan: &ServicePlan) -> Option<Written> {
    plan.fits(ctx).then(|| service::write(ctx, v, plan))
}

/// A payment to a service partner for work done without a contract being named.
fn uncontracted_service(ctx: &mut Ctx, v: &mut VillageState, day: NaiveDate, amount: Fen) -> bool {
    let partner = v.contract.service_partner();
    let line = &SERVICES[partner.line];
    let e = Expense {
        payee: Party {
            id: partner.id.clone(),
            party_type: partner.party_type,
            account: partner.account.clone(),
        },
        purpose: "services",
        line: LineChoice::None,
        amount,
        title: format!("临时{}费用", line.title.trim_end_matches("服务合同")),
        cash: false,
        invoice: Invoice::Issued,
        order_id: None,
        project_id: None,
        contract: ContractLink::Without,
    };
    let approval = Approval::ordinary(v);
    let filed_at = filing_time(v, day);
    settle(ctx, v, &e, approval, filed_at, When::AfterApproval, false)
        .is_some_and(|s| s.booked.implies(Threshold::PaymentWithoutContract))
}

/// The collections of a receivable of `amount` due on `due_date` of `kind`, altered by
/// `alteration`: 0 nothing received, 1 all but 0.01, 2 all one second after the deadline,
/// 3 all at the very instant of the deadline.
fn altered_collections(
    kind: &str,
    due_date: NaiveDate,
    amount: Fen,
    alteration: u32,
) -> Vec<Collection> {
    let deadline = deadline_of(kind, due_date);
    let before_due = at(due_date, 10, 0, 0);
    match alteration {
        0 => Vec::new(),
        1 => vec![Collection::at(before_due, amount - 1)],
        2 => vec![Collection::at(deadline + TimeDelta::seconds(1), amount)],
        _ => vec![Collection {
            received_on: plus_days(deadline.date(), -1),
            credited_at: deadline,
            amount,
        }],
    }
}

/// A receivable of `kind` (deposit, contract proceeds or another due) whose collections are
/// altered; returns what it implied, or `None` when its deadline falls after the period.
fn receivable_case(
    ctx: &mut Ctx,
    v: &mut VillageState,
    day: NaiveDate,
    kind: &'static str,
    alteration: u32,
) -> Option<Written> {
    let rng = &mut v.contract.rng;
    match kind {
        "deposit" => {
            let partner = v.contract.service_partner();
            let mut plan = ServicePlan::compact(ctx, &mut v.contract.rng, partner, day, 2);
            let mut deposit = plan.deposit_in_time(&mut v.contract.rng, day);
            deposit.collections =
                altered_collections(kind, deposit.due_date, deposit.amount, alteration);
            let deadline = deadline_of(kind, deposit.due_date);
            if !receivables::deadline_passes(ctx, deadline) || deadline.date() > ctx.last_day {
                return None;
            }
            plan.deposit = Some(deposit);
            Some(service::write(ctx, v, &plan))
        }
        "contract" => {
            let mut plan = SalePlan::ordinary(rng, &v.contract.partners, day);
            plan.due_date = plan.due_date.min(plus_days(day, LATEST_DUE_DAYS));
            plan.collections = altered_collections(kind, plan.due_date, plan.amount, alteration);
            let deadline = deadline_of(kind, plan.due_date);
            if !receivables::deadline_passes(ctx, deadline) || deadline.date() > ctx.last_day {
                return None;
            }
            Some(sale::write(ctx, v, &plan))
        }
        _ => {
            let debtor = v
                .contract
                .partners
                .villagers
                .choose(rng)
                .expect("non-empty")
                .id
                .clone();
            let amount = hundreds(rng, (yuan(2_000), yuan(15_000)));
            let due_date = plus_days(day, rng.gen_range(10..=LATEST_DUE_DAYS));
            let deadline = deadline_of(kind, due_date);
            if !receivables::deadline_passes(ctx, deadline) || deadline.date() > ctx.last_day {
                return None;
            }
            let registered_at = office_time(rng, day);
            let r = ReceivableDraft {
                receivable_id: ctx.ids.receivable(),
                kind: "other",
                debtor_id: debtor,
                amount,
                due_date,
                lease_id: None,
                contract_id: None,
            };
            let collections = altered_collections(kind, due_date, amount, alteration);
            let overdue = receivables::register(ctx, v, &r, registered_at, &collections);
            Some(Written {
                implied: if overdue {
                    vec![Threshold::ReceivableOverdue]
                } else {
                    Vec::new()
                },
                paid: 0,
            })
        }
    }
}

const RECEIVABLE_KINDS: [&str; 3] = ["deposit", "contract", "other"];

/// Plants a contract anomaly on `day`; true when its target alert was newly implied.
pub fn plant_anomaly(
    ctx: &mut Ctx,
    v: &mut VillageState,
    day: NaiveDate,
    kind: ContractAnomaly,
    uses: u32,
) -> bool {
    use ContractAnomaly as A;
    let target = kind.target();
    let written = match kind {
        A::OverpaidByACent => {
            let mut plan = compact(ctx, v, day, 2);
            *plan.installments.last_mut().expect("installments") += 1;
            write_whole(ctx, v, &plan)
        }
        A::OverpaidBeyondSupplement => {
            let mut plan = compact(ctx, v, day, 2);
            let added = plan.amount * v.contract.rng.gen_range(3..=8) / 100 / yuan(1) * yuan(1);
            plan.add_supplement(ctx, &mut v.contract.rng, 0, added);
            let extra = yuan(v.contract.rng.gen_range(100..=2_000));
            *plan.installments.last_mut().expect("installments") += extra;
            write_whole(ctx, v, &plan)
        }
        A::PaidWithoutContract => {
            let amount = if uses.is_multiple_of(2) {
                yuan(10_000)
            } else {
                hundreds(&mut v.contract.rng, (yuan(10_000), yuan(50_000)))
            };
            return uncontracted_service(ctx, v, day, amount);
        }
        A::PaidBeforeRecording => return paid_before_recording(ctx, v, day),
        A::EnteredLate => {
            let partner = v.contract.service_partner();
            let rng = &mut v.contract.rng;
            let mut plan = ServicePlan::ordinary(ctx, rng, partner, day);
            if uses.is_multiple_of(2) {
                plan.signed_on = plus_days(day, -8);
                plan.recorded_at = at(day, 0, 0, 0);
            } else {
                plan.signed_on = plus_days(day, -rng.gen_range(9..=30));
            }
            plan.deposit = None;
            Some(service::write(ctx, v, &plan))
        }
        A::ReceivableLeftUnpaid => {
            let kind = RECEIVABLE_KINDS[uses as usize % RECEIVABLE_KINDS.len()];
            let alteration = uses / RECEIVABLE_KINDS.len() as u32 % 3;
            receivable_case(ctx, v, day, kind, alteration)
        }
        A::SupplementsWithoutResolution => {
            let variant = uses % 4;
            let mut plan = compact(ctx, v, day, if variant == 3 { 3 } else { 2 });
            let allowance = supplement_allowance(plan.amount);
            if variant == 3 {
                let part = allowance * 6 / 10 / yuan(1) * yuan(1);
                plan.add_supplement(ctx, &mut v.contract.rng, 0, part);
                plan.add_supplement(ctx, &mut v.contract.rng, 1, part);
            } else {
                let added =
                    plan.amount * v.contract.rng.gen_range(12..=25) / 100 / yuan(1) * yuan(1);
                plan.add_supplement(ctx, &mut v.contract.rng, 0, added);
            }
            let last = plan.supplements.last_mut().expect("a supplement");
            last.resolution = match variant {
                1 => last
                    .resolution
                    .map(|r| ResolutionPlan { passed: false, ..r }),
                2 => Some(ResolutionPlan {
                    at: last.recorded_at + TimeDelta::days(1),
                    passed: true,
                }),
                _ => None,
            };
            write_whole(ctx, v, &plan)
        }
    };
    written.is_some_and(|w| w.implies(target))
}

/// A contract signed on `day` and paid in one installment filed that day, entered in the platform
/// half an hour to three hours after the payment.
fn paid_before_recording(ctx: &mut Ctx, v: &mut VillageState, day: NaiveDate) -> bool {
    let partner = v.contract.service_partner();
    let line = &SERVICES[partner.line];
    let amount = hundreds(&mut v.contract.rng, line.amount);
    let draft = ContractDraft::new(
        ctx.ids.contract(day.year()),
        "service",
        line.title.to_string(),
        (&partner.id, partner.party_type),
        amount,
        day,
    );
    let title = format!("{}服务费", line.title);
    let e = service::service_fee(&partner, amount, title, &draft.contract_id);
    let approval = Approval::ordinary(v);
    let filed_at = filing_time(v, day);
    let Some(settled) = settle(ctx, v, &e, approval, filed_at, When::AfterApproval, false) else {
        return false;
    };
    let recorded_at = plus_seconds(settled.booked.at, v.contract.rng.gen_range(1_800..=10_800));
    if recorded_at.date() <= ctx.last_day.min(plus_days(day, 7)) {
        record_contract(ctx, v, &draft, recorded_at);
    }
    settled.booked.implies(Threshold::PaymentWithoutContract)
}

/// Plants a contract near miss on `day`; true when it implies nothing.
pub fn plant_near_miss(
    ctx: &mut Ctx,
    v: &mut VillageState,
    day: NaiveDate,
    kind: ContractNearMiss,
    uses: u32,
) -> bool {
    use ContractNearMiss as N;
    let written = match kind {
        N::PaidExactlyTotal => {
            let mut plan = compact(ctx, v, day, 2);
            let percent = if uses.is_multiple_of(2) { 6 } else { 18 };
            let added = plan.amount * percent / 100 / yuan(1) * yuan(1);
            plan.add_supplement(ctx, &mut v.contract.rng, 0, added);
            write_whole(ctx, v, &plan).filter(|w| w.paid == plan.installments.len())
        }
        N::JustBelowContractMinimum => {
            let partner = v.contract.service_partner();
            let e = Expense {
                payee: Party {
                    id: partner.id.clone(),
                    party_type: partner.party_type,
                    account: partner.account.clone(),
                },
                purpose: "services",
                line: LineChoice::None,
                amount: yuan(10_000) - 1,
                title: format!(
                    "临时{}费用",
                    SERVICES[partner.line].title.trim_end_matches("服务合同")
                ),
                cash: false,
                invoice: Invoice::Issued,
                order_id: None,
                project_id: None,
                contract: ContractLink::Without,
            };
            let approval = Approval::ordinary(v);
            let filed_at = filing_time(v, day);
            return settle(ctx, v, &e, approval, filed_at, When::AfterApproval, false)
                .is_some_and(|s| s.booked.implied.is_empty());
        }
        N::RecordedAtPaymentInstant => return recorded_at_payment_instant(ctx, v, day),
        N::EnteredOnSeventhDay => {
            let partner = v.contract.service_partner();
            let mut plan = ServicePlan::ordinary(ctx, &mut v.contract.rng, partner, day);
            plan.signed_on = plus_days(day, -7);
            plan.recorded_at = at(day, 23, 59, 59);
            plan.deposit = None;
            Some(service::write(ctx, v, &plan))
        }
        N::CorrectedAfterEntry => {
            let partner = v.contract.service_partner();
            let rng = &mut v.contract.rng;
            let mut plan = ServicePlan::ordinary(ctx, rng, partner, day);
            let later = plus_days(day, rng.gen_range(10..=20));
            plan.correction_at = Some(office_time(rng, later));
            Some(service::write(ctx, v, &plan))
        }
        N::PaidAtDeadline => {
            let kind = RECEIVABLE_KINDS[uses as usize % RECEIVABLE_KINDS.len()];
            receivable_case(ctx, v, day, kind, 3)
        }
        N::SupplementsAtTenPercent => {
            let two = !uses.is_multiple_of(2);
            let mut plan = compact(ctx, v, day, if two { 3 } else { 2 });
            let allowance = supplement_allowance(plan.amount);
            if two {
                let part = allowance * 4 / 10 / yuan(1) * yuan(1);
                plan.add_supplement(ctx, &mut v.contract.rng, 0, part);
                plan.add_supplement(ctx, &mut v.contract.rng, 1, allowance - part);
            } else {
                plan.add_supplement(ctx, &mut v.contract.rng, 0, allowance);
            }
            write_whole(ctx, v, &plan)
        }
        N::ResolutionAtSupplementInstant => {
            let mut plan = compact(ctx, v, day, 2);
            let added = plan.amount * v.contract.rng.gen_range(12..=25) / 100 / yuan(1) * yuan(1);
            plan.add_supplement(ctx, &mut v.contract.rng, 0, added);
            let last = plan.supplements.last_mut().expect("a supplement");
            last.resolution = Some(ResolutionPlan {
                at: last.recorded_at,
                passed: true,
            });
            write_whole(ctx, v, &plan)
        }
    };
    written.is_some_and(|w| w.implied.is_empty())
}

/// A contract entered at the very instant its single installment is paid (the next working day
/// at ten), entered first; signed that day.
fn recorded_at_payment_instant(ctx: &mut Ctx, v: &mut VillageState, day: NaiveDate) -> bool {
    let partner = v.contract.service_partner();
    let line = &SERVICES[partner.line];
    let amount = hundreds(&mut v.contract.rng, line.amount);
    let paid_on = ctx.calendar.working_days_after(day, 1);
    let paid_at: NaiveDateTime =
        plus_seconds(at(paid_on, 10, 0, 0), v.contract.rng.gen_range(0..3_600));
    let draft = ContractDraft::new(
        ctx.ids.contract(paid_on.year()),
        "service",
        line.title.to_string(),
        (&partner.id, partner.party_type),
        amount,
        paid_on,
    );
    if !record_contract(ctx, v, &draft, paid_at).is_empty() {
        return false;
    }
    let title = format!("{}服务费", line.title);
    let e = service::service_fee(&partner, amount, title, &draft.contract_id);
    let approval = Approval::ordinary(v);
    let filed_at = filing_time(v, day);
    settle(ctx, v, &e, approval, filed_at, When::At(paid_at), false)
        .is_some_and(|s| s.booked.at == paid_at && s.booked.implied.is_empty())
}
