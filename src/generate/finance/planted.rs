//! Planted payment cases: each alters one thing of an ordinary expense so that exactly the
//! targeted finance threshold fires (anomalies) or a boundary is met and nothing fires (near
//! misses). The payment book confirms what each payment implies.

use chrono::{Datelike, NaiveDate, TimeDelta};
use rand::Rng;

use super::budget::LineKind;
use super::cases::{FinanceAnomaly, FinanceNearMiss};
use super::expenses::{
    amount_between, cadre_party, filing_time, ordinary, payee_for_line, purpose_of_line, settle,
    tax_office, trader, Approval, ContractLink, Expense, Invoice, LineChoice, Settled, When,
};
use crate::generate::context::Ctx;
use crate::generate::json::yuan;
use crate::generate::procurement::suppliers::{Service, Trade};
use crate::generate::threshold::Threshold;
use crate::generate::time::{at, plus_days, plus_seconds};
use crate::generate::village::VillageState;

/// An invoice number paid in another village: (village index, number).
pub type ForeignInvoice = Option<(usize, String)>;

const LINE_KINDS: [LineKind; 5] = [
    LineKind::Office,
    LineKind::Utilities,
    LineKind::Sanitation,
    LineKind::Maintenance,
    LineKind::Purchases,
];

/// Days a payment case needs after its filing day.
fn days_needed_anomaly(kind: FinanceAnomaly) -> i64 {
    match kind {
        FinanceAnomaly::RepeatedPayment => 10,
        FinanceAnomaly::InvoiceReused => 7,
        _ => 4,
    }
}

/// The open line of the day's year with the least headroom (amount × 1.1 − charges) above 0.
fn tightest_line(v: &VillageState, day: NaiveDate) -> Option<(String, LineKind, i64)> {
    v.payments
        .budgets
        .open_lines(day.year())
        .map(|l| (l.id.clone(), l.kind, l.tolerated() - l.charged()))
        .filter(|(_, _, headroom)| *headroom > 0)
        .min_by_key(|(_, _, headroom)| *headroom)
}

/// A line of the day's year with at least 1000.00 paid out before `when`.
fn spent_line(v: &VillageState, day: NaiveDate) -> Option<String> {
    let when = at(day, 15, 0, 0);
    v.payments
        .budgets
        .open_lines(day.year())
        .find(|l| l.charged_before(when) >= yuan(1_000))
        .map(|l| l.id.clone())
}

pub fn anomaly_fits(ctx: &Ctx, v: &VillageState, day: NaiveDate, kind: FinanceAnomaly) -> bool {
    use FinanceAnomaly as A;
    if plus_days(day, days_needed_anomaly(kind)) > ctx.last_day {
        return false;
    }
    let same_year_ahead = plus_days(day, 5).year() == day.year();
    match kind {
        A::BudgetOverrun => same_year_ahead && tightest_line(v, day).is_some(),
        A::BudgetCutBelowSpending => spent_line(v, day).is_some(),
        _ => true,
    }
}

pub fn near_miss_fits(
    ctx: &Ctx,
    v: &VillageState,
    day: NaiveDate,
    kind: FinanceNearMiss,
    foreign_invoice: &ForeignInvoice,
) -> bool {
    use FinanceNearMiss as N;
    let needed = if kind == N::RepeatAfterWindow { 10 } else { 4 };
    if plus_days(day, needed) > ctx.last_day {
        return false;
    }
    let same_year_ahead = plus_days(day, 5).year() == day.year();
    match kind {
        N::BudgetSpentToTolerance => same_year_ahead && tightest_line(v, day).is_some(),
        N::InvoiceOfAnotherVillage => foreign_invoice.as_ref().is_some_and(|(village, number)| {
            *village != v.index && !v.payments.has_invoice(number)
        }),
        _ => true,
    }
}

/// A payment to a supplier of office supplies, with its invoice.
fn office_purchase(v: &mut VillageState, low: i64, high: i64) -> Expense {
    Expense {
        payee: payee_for_line(v, LineKind::Office),
        purpose: "goods",
        line: LineChoice::Room(LineKind::Office),
        amount: amount_between(&mut v.finance.rng, low, high),
        title: "办公用品购置".into(),
        cash: false,
        invoice: Invoice::Issued,
        order_id: None,
        project_id: None,
        contract: ContractLink::Auto,
    }
}

/// A cash purchase from an individual trader.
fn cash_purchase(v: &mut VillageState, amount: i64) -> Expense {
    let payee = trader(v, Trade::Goods(3))
        .or_else(|| trader(v, Trade::Service(Service::Maintenance)))
        .expect("every village has traders");
    Expense {
        payee,
        purpose: "goods",
        line: LineChoice::Room(LineKind::Maintenance),
        amount,
        title: "零星材料现金采购".into(),
        cash: true,
        invoice: Invoice::Issued,
        order_id: None,
        project_id: None,
        contract: ContractLink::Auto,
    }
}

/// A reimbursement of what a cadre advanced for the village.
fn reimbursement(v: &mut VillageState, cadre: &str) -> Expense {
    Expense {
        payee: cadre_party(v, cadre),
        purpose: "goods",
        line: LineChoice::Room(LineKind::Office),
        amount: amount_between(&mut v.finance.rng, 100, 1_500),
        title: "村干部垫付费用报销".into(),
        cash: false,
        invoice: Invoice::Issued,
        order_id: None,
        project_id: None,
        contract: ContractLink::Auto,
    }
}

fn implies(settled: &Option<Settled>, threshold: Threshold) -> bool {
    settled
        .as_ref()
        .is_some_and(|s| s.booked.implies(threshold))
}

fn quiet(ctx: &Ctx, village: &str, settled: &Option<Settled>) -> bool {
    settled.as_ref().is_some_and(|s| {
        s.booked.implied.is_empty()
            && s.auth.as_ref().is_none_or(|a| {
                !ctx.is_expected(Threshold::SelfApproval, &[village, &a.approval_id])
            })
    })
}

/// Plants a payment anomaly filed on `day`; true when its target alert was newly implied.
pub fn plant_anomaly(
    ctx: &mut Ctx,
    v: &mut VillageState,
    day: NaiveDate,
    kind: FinanceAnomaly,
    uses: u32,
) -> bool {
    use FinanceAnomaly as A;
    let village = v.id.clone();
    let filed_at = filing_time(v, day);
    let target = kind.target();
    let already = |ctx: &Ctx, key: &str| ctx.is_expected(target, &[&village, key]);
    match kind {
        A::CashAboveLimit => {
            let amount = if uses.is_multiple_of(2) {
                yuan(1_000) + 1
            } else {
                amount_between(&mut v.finance.rng, 1_001, 4_000)
            };
            let e = cash_purchase(v, amount);
            let approval = Approval::ordinary(v);
            let s = settle(ctx, v, &e, approval, filed_at, When::AfterApproval, false);
            implies(&s, target)
        }
        A::PaidWithoutApproval | A::PaidUnderUnknownApproval | A::PaidAfterRejection => {
            let e = ordinary(v, day);
            let approval = match kind {
                A::PaidWithoutApproval => Approval::Missing,
                A::PaidUnderUnknownApproval => Approval::Unknown,
                _ => match Approval::ordinary(v) {
                    Approval::Filed { chain, .. } => Approval::Filed {
                        chain,
                        counterparty: true,
                        rejected: true,
                    },
                    other => other,
                },
            };
            let s = settle(ctx, v, &e, approval, filed_at, When::AfterApproval, false);
            implies(&s, target)
        }
        A::PaidWhilePending | A::PaidOneSecondEarly => {
            let e = ordinary(v, day);
            let before = if kind == A::PaidOneSecondEarly {
                1
            } else {
                v.finance.rng.gen_range(600..=1_800)
            };
            let approval = Approval::ordinary(v);
            let s = settle(
                ctx,
                v,
                &e,
                approval,
                filed_at,
                When::FromDecision(-before),
                true,
            );
            implies(&s, target)
        }
        A::ApplicantApproves => {
            let e = office_purchase(v, 200, 3_000);
            let approval = Approval::Filed {
                chain: vec![
                    ("finance", v.officials.accountant.clone()),
                    ("leader", v.officials.leader.clone()),
                    ("supervision", v.officials.supervisor.clone()),
                ],
                counterparty: true,
                rejected: false,
            };
            let s = settle(ctx, v, &e, approval, filed_at, When::AfterApproval, false);
            s.and_then(|s| s.auth)
                .is_some_and(|a| already(ctx, &a.approval_id))
        }
        A::CounterpartyApproves => {
            let deputy = v.officials.deputy.clone();
            let e = reimbursement(v, &deputy);
            let approval = Approval::Filed {
                chain: vec![
                    ("leader", deputy),
                    ("supervision", v.officials.supervisor.clone()),
                ],
                counterparty: true,
                rejected: false,
            };
            let s = settle(ctx, v, &e, approval, filed_at, When::AfterApproval, false);
            s.and_then(|s| s.auth)
                .is_some_and(|a| already(ctx, &a.approval_id))
        }
        A::PayeeApprovedStep => {
            let supervisor = v.officials.supervisor.clone();
            let e = reimbursement(v, &supervisor);
            let approval = match Approval::ordinary(v) {
                Approval::Filed { chain, .. } => Approval::Filed {
                    chain,
                    counterparty: false,
                    rejected: false,
                },
                other => other,
            };
            let s = settle(ctx, v, &e, approval, filed_at, When::AfterApproval, false);
            implies(&s, target)
        }
        A::RepeatedPayment => {
            let e = office_purchase(v, 300, 5_000);
            let approval = Approval::ordinary(v);
            let Some(first) = settle(ctx, v, &e, approval, filed_at, When::AfterApproval, true)
            else {
                return false;
            };
            let later = if uses.is_multiple_of(2) {
                TimeDelta::days(v.finance.rng.gen_range(2..=6))
            } else {
                TimeDelta::days(7)
            };
            let second_at = first.booked.at + later;
            if second_at.date() > ctx.last_day {
                return false;
            }
            let approval = Approval::ordinary(v);
            let refiled = plus_seconds(filed_at, 2_400);
            let s = settle(ctx, v, &e, approval, refiled, When::At(second_at), true);
            s.as_ref().is_some_and(|s| {
                s.booked
                    .implied
                    .contains(&(target, s.booked.payment_id.clone()))
            })
        }
        A::InvoiceReused => {
            let e = office_purchase(v, 300, 3_000);
            let approval = Approval::ordinary(v);
            let Some(first) = settle(ctx, v, &e, approval, filed_at, When::AfterApproval, false)
            else {
                return false;
            };
            let number = first.booked.invoice_no.clone().expect("issued");
            let keyed = match uses % 3 {
                0 => number,
                1 => format!(" {number}"),
                _ => format!("{number}\u{3000}"),
            };
            let mut again = office_purchase(v, 300, 3_000);
            again.invoice = Invoice::Keyed(keyed);
            let refiled = filing_time(v, plus_days(day, 3));
            let approval = Approval::ordinary(v);
            let s = settle(
                ctx,
                v,
                &again,
                approval,
                refiled,
                When::AfterApproval,
                false,
            );
            s.as_ref().is_some_and(|s| {
                s.booked
                    .implied
                    .contains(&(target, s.booked.payment_id.clone()))
            })
        }
        A::NoInvoice | A::BlankInvoice => {
            let mut e = if kind == A::NoInvoice && uses.is_multiple_of(2) {
                let mut e = office_purchase(v, 1, 2);
                e.amount = yuan(200) + 1;
                e
            } else {
                office_purchase(v, 300, 3_000)
            };
            e.invoice = if kind == A::NoInvoice {
                Invoice::Missing
            } else {
                Invoice::Keyed(if uses.is_multiple_of(2) { "  " } else { " " }.into())
            };
            let approval = Approval::ordinary(v);
            let s = settle(ctx, v, &e, approval, filed_at, When::AfterApproval, false);
            implies(&s, target)
        }
        A::BudgetOverrun => {
            let Some((line, line_kind, headroom)) = tightest_line(v, day) else {
                return false;
            };
            let over = if uses.is_multiple_of(2) {
                1
            } else {
                amount_between(&mut v.finance.rng, 100, 3_000)
            };
            let e = Expense {
                payee: payee_for_line(v, line_kind),
                purpose: purpose_of_line(line_kind),
                line: LineChoice::Given(line.clone()),
                amount: headroom + over,
                title: "超预算追加支出".into(),
                cash: false,
                invoice: Invoice::Issued,
                order_id: None,
                project_id: None,
                contract: ContractLink::Auto,
            };
            let approval = Approval::ordinary(v);
            let s = settle(ctx, v, &e, approval, filed_at, When::AfterApproval, false);
            v.payments.budgets.close(&line);
            s.as_ref()
                .is_some_and(|s| s.booked.implied.contains(&(target, line.clone())))
        }
        A::ChargedToLineOfAnotherYear => {
            let line_kind = LINE_KINDS[v.finance.rng.gen_range(0..LINE_KINDS.len())];
            let previous = v
                .payments
                .budgets
                .line(line_kind, day.year() - 1)
                .map(|l| l.id.clone())
                .filter(|id| !already(ctx, id));
            let line = match previous {
                Some(id) if uses.is_multiple_of(2) => id,
                _ => ctx.ids.budget_line(day.year()),
            };
            let e = Expense {
                payee: payee_for_line(v, line_kind),
                purpose: purpose_of_line(line_kind),
                line: LineChoice::Given(line.clone()),
                amount: amount_between(&mut v.finance.rng, 300, 3_000),
                title: "跨年度列支费用".into(),
                cash: false,
                invoice: Invoice::Issued,
                order_id: None,
                project_id: None,
                contract: ContractLink::Auto,
            };
            let approval = Approval::ordinary(v);
            let s = settle(ctx, v, &e, approval, filed_at, When::AfterApproval, false);
            s.as_ref()
                .is_some_and(|s| s.booked.implied.contains(&(target, line.clone())))
        }
        A::BudgetCutBelowSpending => {
            let Some(line) = spent_line(v, day) else {
                return false;
            };
            let when = plus_seconds(at(day, 15, 0, 0), v.finance.rng.gen_range(0..3_600));
            let budgets = &v.payments.budgets;
            let spent = budgets
                .get(&line)
                .expect("an adopted line")
                .charged_before(when);
            // Below spent / 1.1, rounded down to whole hundreds of yuan.
            let hundred = yuan(100);
            let cut = (spent * 10 / 11 / hundred * hundred - hundred).max(0);
            let order = v.payments.next_order();
            let place = v.place();
            let fires = v
                .payments
                .budgets
                .amend(ctx, place, &line, when, order, cut);
            v.payments.budgets.close(&line);
            fires && ctx.expect_alert(target, &[&village, &line])
        }
        A::CashCountAboveLimit | A::DepositLate | A::DepositLateByLocalDate => {
            unreachable!("not a payment case")
        }
    }
}

/// Plants a payment near miss filed on `day`; true when it implies no alert at all.
pub fn plant_near_miss(
    ctx: &mut Ctx,
    v: &mut VillageState,
    day: NaiveDate,
    kind: FinanceNearMiss,
    foreign_invoice: &ForeignInvoice,
) -> bool {
    use FinanceNearMiss as N;
    let village = v.id.clone();
    let filed_at = filing_time(v, day);
    let s = match kind {
        N::CashAtLimit => {
            let e = cash_purchase(v, yuan(1_000));
            let approval = Approval::ordinary(v);
            settle(ctx, v, &e, approval, filed_at, When::AfterApproval, false)
        }
        N::PaidAtApprovalInstant => {
            let e = ordinary(v, day);
            let approval = Approval::ordinary(v);
            settle(ctx, v, &e, approval, filed_at, When::FromDecision(0), true)
        }
        N::PayeeRecused => {
            let leader = v.officials.leader.clone();
            let e = reimbursement(v, &leader);
            let approval = Approval::Filed {
                chain: vec![
                    ("leader", v.officials.deputy.clone()),
                    ("supervision", v.officials.supervisor.clone()),
                ],
                counterparty: true,
                rejected: false,
            };
            settle(ctx, v, &e, approval, filed_at, When::AfterApproval, false)
        }
        N::RepeatAfterWindow => {
            let e = office_purchase(v, 300, 5_000);
            let approval = Approval::ordinary(v);
            let Some(first) = settle(ctx, v, &e, approval, filed_at, When::AfterApproval, true)
            else {
                return false;
            };
            if !quiet(ctx, &village, &Some(first.clone())) {
                return false;
            }
            let second_at = first.booked.at + TimeDelta::days(7) + TimeDelta::seconds(1);
            if second_at.date() > ctx.last_day {
                return false;
            }
            let approval = Approval::ordinary(v);
            let refiled = plus_seconds(filed_at, 2_400);
            settle(ctx, v, &e, approval, refiled, When::At(second_at), true)
        }
        N::InvoiceOfAnotherVillage => {
            let Some((_, number)) = foreign_invoice else {
                return false;
            };
            let mut e = office_purchase(v, 300, 3_000);
            e.invoice = Invoice::Keyed(number.clone());
            let approval = Approval::ordinary(v);
            settle(ctx, v, &e, approval, filed_at, When::AfterApproval, false)
        }
        N::NoInvoiceAtLimit => {
            let mut e = office_purchase(v, 1, 2);
            e.amount = yuan(200);
            e.invoice = Invoice::Missing;
            let approval = Approval::ordinary(v);
            settle(ctx, v, &e, approval, filed_at, When::AfterApproval, false)
        }
        N::ExemptWithoutInvoice => {
            let e = Expense {
                payee: tax_office(),
                purpose: "tax_fee",
                line: LineChoice::None,
                amount: amount_between(&mut v.finance.rng, 500, 5_000),
                title: "集体资产租赁税费缴纳".into(),
                cash: false,
                invoice: Invoice::Missing,
                order_id: None,
                project_id: None,
                contract: ContractLink::Auto,
            };
            let approval = Approval::ordinary(v);
            settle(ctx, v, &e, approval, filed_at, When::AfterApproval, false)
        }
        N::BudgetSpentToTolerance => {
            let Some((line, line_kind, headroom)) = tightest_line(v, day) else {
                return false;
            };
            let e = Expense {
                payee: payee_for_line(v, line_kind),
                purpose: purpose_of_line(line_kind),
                line: LineChoice::Given(line.clone()),
                amount: headroom,
                title: "预算内追加支出".into(),
                cash: false,
                invoice: Invoice::Issued,
                order_id: None,
                project_id: None,
                contract: ContractLink::Auto,
            };
            let approval = Approval::ordinary(v);
            let s = settle(ctx, v, &e, approval, filed_at, When::AfterApproval, false);
            v.payments.budgets.close(&line);
            s
        }
        N::CashCountAtLimit | N::DepositOnLastDay => unreachable!("not a payment case"),
    };
    quiet(ctx, &village, &s)
}
