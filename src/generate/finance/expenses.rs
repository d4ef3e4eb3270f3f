//! Operating expenses (日常支出) paid out of the village account: utilities, repairs, office and
//! cleaning supplies, reimbursements of cadres, small cash purchases and taxes. Each is applied
//! for by the accountant, approved by the party secretary and the supervisory committee, and paid
//! after the approval by bank transfer (or in cash below the limit) against an invoice and a
//! budget line with room. A planted case changes one of these things.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};
use rand::seq::SliceRandom;
use rand::Rng;

use super::authorization::{file_approval, Authorization};
use super::book::{Booked, Timing};
use super::budget::LineKind;
use super::payment::{PayMethod, Payment};
use crate::generate::approvals::{Review, Submission};
use crate::generate::context::Ctx;
use crate::generate::contract::book::needs_contract;
use crate::generate::contract::record::{expect_all, record_contract, ContractDraft};
use crate::generate::json::{yuan, Fen};
use crate::generate::procurement::suppliers::{Service, Trade};
use crate::generate::time::{at, plus_days, plus_seconds};
use crate::generate::village::VillageState;

/// Who is paid.
#[derive(Debug, Clone)]
pub struct Party {
    pub id: String,
    pub party_type: &'static str,
    pub account: String,
}

/// The tax office taxes are paid to (payee type `other`).
const TAX_OFFICE: &str = "org-tax-office";
const TREASURY_ACCOUNT: &str = "国库待结算户";

#[derive(Debug, Clone)]
pub enum Invoice {
    /// A fresh invoice number.
    Issued,
    Missing,
    /// This text as keyed in.
    Keyed(String),
}

/// Which budget line the payment is charged to.
#[derive(Debug, Clone)]
pub enum LineChoice {
    /// The line of that kind for the payment's year, when the year's charges stay within its
    /// amount; none otherwise.
    Room(LineKind),
    /// This line id, whatever it holds.
    Given(String),
    None,
}

#[derive(Debug, Clone)]
pub struct Expense {
    pub payee: Party,
    pub purpose: &'static str,
    pub line: LineChoice,
    pub amount: Fen,
    pub title: String,
    pub cash: bool,
    pub invoice: Invoice,
    /// The purchase it pays for.
    pub order_id: Option<String>,
    /// The project it pays for.
    pub project_id: Option<String>,
    /// The contract it pays under.
    pub contract: ContractLink,
}

/// The contract a payment names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContractLink {
    /// A service contract signed for it when its amount and purpose need one (CON-02), else none.
    Auto,
    /// This contract (or supplement).
    Under(String),
    /// None, whatever the payment needs.
    Without,
}

/// The approval a payment names.
#[derive(Debug, Clone)]
pub enum Approval {
    /// None.
    Missing,
    /// An id no approval of the village carries.
    Unknown,
    /// A payment approval reviewed by `chain`; the last step rejects it when `rejected`.
    Filed {
        chain: Vec<(&'static str, String)>,
        /// The payee is named as the approval's counterparty.
        counterparty: bool,
        rejected: bool,
    },
}

impl Approval {
    /// The party secretary, then the supervisory committee.
    pub fn ordinary(v: &VillageState) -> Self {
        Self::Filed {
            chain: vec![
                ("leader", v.officials.leader.clone()),
                ("supervision", v.officials.supervisor.clone()),
            ],
            counterparty: true,
            rejected: false,
        }
    }
}

/// When the payment is executed.
#[derive(Debug, Clone, Copy)]
pub enum When {
    /// After the final approval: later that afternoon or the next working day, in office hours.
    AfterApproval,
    /// This many seconds after the final decision (negative: before it).
    FromDecision(i64),
    At(NaiveDateTime),
}

/// A payment as filed and entered.
#[derive(Debug, Clone)]
pub struct Settled {
    pub booked: Booked,
    pub auth: Option<Authorization>,
}

/// An amount between `low` and `high` yuan, with fen half of the time.
pub fn amount_between(rng: &mut impl Rng, low: i64, high: i64) -> Fen {
    let whole = yuan(rng.gen_range(low..high));
    if rng.gen_bool(0.5) {
        whole + rng.gen_range(1..100)
    } else {
        whole
    }
}

fn supplier(v: &mut VillageState, trade: Trade) -> Option<Party> {
    let candidates: Vec<usize> = (0..v.procurement.suppliers.len())
        .filter(|&i| v.procurement.suppliers[i].trade == trade)
        .collect();
    let &i = candidates.choose(&mut v.finance.rng)?;
    let s = &v.procurement.suppliers[i];
    Some(Party {
        id: s.id.clone(),
        party_type: s.party_type,
        account: s.account.clone(),
    })
}

/// A cadre of the village as a payee, paid into their own first account.
pub fn cadre_party(v: &VillageState, person_id: &str) -> Party {
    let cadre = v
        .cadres
        .iter()
        .find(|c| c.payee.person_id == person_id)
        .expect("a cadre of the village");
    Party {
        id: person_id.to_string(),
        party_type: "person",
        account: cadre.payee.accounts[0].clone(),
    }
}

/// Cadres who neither approve payments nor apply for them, in office from `day` for a while.
fn reimbursable_cadres(v: &VillageState, day: NaiveDate) -> Vec<String> {
    let o = &v.officials;
    v.cadres
        .iter()
        .filter(|c| c.serves_throughout(day, day + TimeDelta::days(10)))
        .map(|c| c.payee.person_id.clone())
        .filter(|p| *p != o.leader && *p != o.supervisor && *p != o.accountant)
        .collect()
}

/// An ordinary expense of the day.
pub fn ordinary(v: &mut VillageState, day: NaiveDate) -> Expense {
    loop {
        let choice = v.finance.rng.gen_range(0..10);
        if let Some(expense) = ordinary_of(v, day, choice) {
            return expense;
        }
    }
}

fn ordinary_of(v: &mut VillageState, day: NaiveDate, choice: u32) -> Option<Expense> {
    let (payee, purpose, line, range, title, cash) = match choice {
        0 | 1 => (
            supplier(v, Trade::Service(Service::Utilities))?,
            "services",
            LineChoice::Room(LineKind::Utilities),
            (300, 4_000),
            "村委办公及公共照明电费",
            false,
        ),
        2 => (
            supplier(v, Trade::Service(Service::Maintenance))?,
            "services",
            LineChoice::Room(LineKind::Maintenance),
            (200, 6_000),
            "公共设施维修",
            false,
        ),
        3 | 4 => (
            supplier(v, Trade::Goods(1))?,
            "goods",
            LineChoice::Room(LineKind::Office),
            (100, 2_500),
            "办公用品购置",
            false,
        ),
        5 => (
            supplier(v, Trade::Goods(2))?,
            "goods",
            LineChoice::Room(LineKind::Sanitation),
            (100, 2_500),
            "保洁用品购置",
            false,
        ),
        6 | 7 => {
            let cadres = reimbursable_cadres(v, day);
            let cadre = cadres.choose(&mut v.finance.rng)?.clone();
            (
                cadre_party(v, &cadre),
                "goods",
                LineChoice::Room(LineKind::Office),
                (50, 1_200),
                "村干部垫付办公用品费用报销",
                false,
            )
        }
        8 => {
            let trade = if v.finance.rng.gen_bool(0.5) {
                Trade::Goods(3)
            } else {
                Trade::Service(Service::Maintenance)
            };
            (
                trader(v, trade)?,
                "goods",
                LineChoice::Room(LineKind::Maintenance),
                (50, 900),
                "零星材料现金采购",
                true,
            )
        }
        _ => (
            tax_office(),
            "tax_fee",
            LineChoice::None,
            (100, 3_000),
            "集体资产租赁税费缴纳",
            false,
        ),
    };
    let amount = amount_between(&mut v.finance.rng, range.0, range.1);
    Some(Expense {
        payee,
        purpose,
        line,
        amount,
        title: title.into(),
        cash,
        invoice: Invoice::Issued,
        order_id: None,
        project_id: None,
        contract: ContractLink::Auto,
    })
}

/// The tax office, paid by transfer to the treasury.
pub fn tax_office() -> Party {
    Party {
        id: TAX_OFFICE.into(),
        party_type: "other",
        account: TREASURY_ACCOUNT.into(),
    }
}

/// An individual trader (个体户) of `trade`.
pub fn trader(v: &mut VillageState, trade: Trade) -> Option<Party> {
    let candidates: Vec<usize> = (0..v.procurement.suppliers.len())
        .filter(|&i| {
            let s = &v.procurement.suppliers[i];
            s.trade == trade && s.party_type == "person"
        })
        .collect();
    let &i = candidates.choose(&mut v.finance.rng)?;
    let s = &v.procurement.suppliers[i];
    Some(Party {
        id: s.id.clone(),
        party_type: "person",
        account: s.account.clone(),
    })
}

/// A supplier of goods for a line kind.
pub fn payee_for_line(v: &mut VillageState, line: LineKind) -> Party {
    let trade = match line {
        LineKind::Office => Trade::Goods(1),
        LineKind::Utilities => Trade::Service(Service::Utilities),
        LineKind::Sanitation => Trade::Goods(2),
        LineKind::Maintenance => Trade::Service(Service::Maintenance),
        LineKind::Purchases => Trade::Goods(0),
    };
    supplier(v, trade).expect("every village has suppliers of every trade")
}

/// The purpose of a payment charged to a line kind.
pub fn purpose_of_line(line: LineKind) -> &'static str {
    match line {
        LineKind::Utilities | LineKind::Maintenance => "services",
        _ => "goods",
    }
}

/// The instant an application for a payment is filed on `day`: 08:30 to 11:30.
pub fn filing_time(v: &mut VillageState, day: NaiveDate) -> NaiveDateTime {
    plus_seconds(at(day, 8, 30, 0), v.finance.rng.gen_range(0..3 * 3600))
}

/// After an approval decided at `decided`: later that afternoon, or the next working day
/// (decisions fall in office hours, so the same evening stays on the same day).
fn after_approval(ctx: &Ctx, v: &mut VillageState, decided: NaiveDateTime) -> NaiveDateTime {
    let t = plus_seconds(decided, v.finance.rng.gen_range(20 * 60..=180 * 60));
    let closing = NaiveTime::from_hms_opt(17, 30, 0).expect("valid time");
    if t.date() == decided.date() && t.time() <= closing {
        return t;
    }
    let next = ctx.calendar.working_days_after(decided.date(), 1);
    if next <= ctx.last_day {
        plus_seconds(at(next, 9, 0, 0), v.finance.rng.gen_range(0..3 * 3600))
    } else {
        // A holiday stretch runs to the end of the period: paid the same evening.
        plus_seconds(decided, 20 * 60)
    }
}

/// A service contract for a large expense, signed on the filing day and recorded just before
/// the filing; returns its id.
fn service_contract(
    ctx: &mut Ctx,
    v: &mut VillageState,
    e: &Expense,
    filed_at: NaiveDateTime,
) -> String {
    let draft = ContractDraft::new(
        ctx.ids.contract(filed_at.year()),
        "service",
        format!("{}合同", e.title),
        (&e.payee.id, e.payee.party_type),
        e.amount,
        filed_at.date(),
    );
    record_contract(ctx, v, &draft, filed_at - TimeDelta::minutes(10));
    draft.contract_id
}

/// The day a payment is applied for, `n` working days after `day`; `day` itself when holidays
/// would push it too close to the end of the period for the approval and payment to follow.
pub fn filing_day(ctx: &Ctx, day: NaiveDate, n: u32) -> NaiveDate {
    let wanted = ctx.calendar.working_days_after(day, n);
    if plus_days(wanted, 3) <= ctx.last_day {
        wanted
    } else {
        day
    }
}

/// Files the approval of `e` (if any) at `filed_at`, then enters its payment.
pub fn settle(
    ctx: &mut Ctx,
    v: &mut VillageState,
    e: &Expense,
    approval: Approval,
    filed_at: NaiveDateTime,
    when: When,
    pinned: bool,
) -> Option<Settled> {
    let place = v.place();
    let village_id = v.id.clone();
    let (approval_id, auth) = match approval {
        Approval::Missing => (None, None),
        Approval::Unknown => (Some(ctx.ids.approval()), None),
        Approval::Filed {
            chain,
            counterparty,
            rejected,
        } => {
            let submission = Submission {
                approval_id: ctx.ids.approval(),
                kind: "payment",
                subject_id: ctx.ids.payment_request(),
                title: e.title.clone(),
                applicant_id: v.officials.accountant.clone(),
                amount: Some(e.amount),
                counterparty_id: counterparty.then(|| e.payee.id.clone()),
                project_id: None,
                project: None,
                seal: None,
            };
            let chain: Vec<(&'static str, &str)> = chain
                .iter()
                .map(|(role, actor)| (*role, actor.as_str()))
                .collect();
            let mut review = Review::draft(&mut v.finance.rng, filed_at, &chain);
            if rejected {
                let last = review.steps.last_mut().expect("a chain has steps");
                last.action = "rejected";
                review.decision = review.decision.map(|(_, t)| ("rejected", t));
            }
            let auth = file_approval(ctx, place, &village_id, &submission, filed_at, review);
            (Some(submission.approval_id), Some(auth))
        }
    };
    let decided = auth
        .as_ref()
        .and_then(|a| a.review.decided_at())
        .unwrap_or(filed_at);
    let paid_at = match when {
        When::AfterApproval => after_approval(ctx, v, decided),
        When::FromDecision(seconds) => plus_seconds(decided, seconds),
        When::At(t) => t,
    };
    let line = match &e.line {
        LineChoice::Room(kind) => v.payments.budgets.room_for(*kind, paid_at, e.amount),
        LineChoice::Given(id) => Some(id.clone()),
        LineChoice::None => None,
    };
    let mut last = at(ctx.last_day, 23, 59, 59);
    if line.is_some() {
        let year_end = at(
            NaiveDate::from_ymd_opt(paid_at.year(), 12, 31).expect("valid date"),
            23,
            59,
            59,
        );
        last = last.min(year_end);
    }
    let contract_id = match &e.contract {
        ContractLink::Under(id) => Some(id.clone()),
        ContractLink::Auto if needs_contract(e.amount, e.purpose) => {
            Some(service_contract(ctx, v, e, filed_at))
        }
        ContractLink::Auto | ContractLink::Without => None,
    };
    let method = if e.cash {
        PayMethod::Cash
    } else {
        PayMethod::Bank(e.payee.account.clone())
    };
    let mut payment = Payment::new(
        ctx.ids.payment(),
        paid_at,
        e.amount,
        method,
        e.payee.id.clone(),
        e.purpose,
    );
    payment.payee_type = e.payee.party_type;
    payment.approval_id = approval_id;
    payment.budget_line_id = line;
    payment.invoice_no = match &e.invoice {
        Invoice::Issued => Some(ctx.ids.invoice(paid_at.year())),
        Invoice::Missing => None,
        Invoice::Keyed(text) => Some(text.clone()),
    };
    payment.order_id = e.order_id.clone();
    payment.project_id = e.project_id.clone();
    payment.contract_id = contract_id;
    payment.description = e.title.clone();
    let timing = if pinned {
        Timing::Pinned
    } else {
        Timing::Movable { latest: last }
    };
    let amount = payment.amount;
    let contract_id = payment.contract_id.clone();
    let project_id = payment.project_id.clone();
    let mut booked = v
        .payments
        .enter(ctx, place, &village_id, payment, auth.as_ref(), timing)?;
    let under_contracts = v.contracts.pay(
        &booked.payment_id,
        booked.at,
        amount,
        e.purpose,
        contract_id.as_deref(),
    );
    expect_all(ctx, &village_id, &under_contracts);
    v.construction.book.payment(
        &booked.payment_id,
        &e.payee.id,
        e.purpose,
        project_id.as_deref(),
        booked.at,
    );
    booked.implied.extend(
        under_contracts
            .into_iter()
            .map(|(threshold, mut key)| (threshold, key.remove(0))),
    );
    Some(Settled { booked, auth })
}
