//! The payments of one village as the finance thresholds see them. Every `finance.payment` the
//! generator writes (labor pay, operating expenses, purchases) is entered here: the book knows
//! which finance alerts a payment implies (FIN-01, FIN-04 to FIN-08), records them as truth, and
//! lets ordinary payments step around a repeat of an earlier payment (FIN-06) instead of raising
//! one.

use chrono::{NaiveDateTime, TimeDelta};
use std::collections::HashMap;

use super::authorization::Authorization;
use super::budget::Budgets;
use super::payment::{PayMethod, Payment};
use crate::generate::context::Ctx;
use crate::generate::json::{yuan, Fen};
use crate::generate::threshold::Threshold;
use crate::generate::writer::Place;

/// FIN-01 cash_limit.
pub const CASH_LIMIT: Fen = yuan(1_000);
/// FIN-07 min_amount.
pub const INVOICE_MIN_AMOUNT: Fen = yuan(200);
/// FIN-07 exempt_purposes.
pub const INVOICE_EXEMPT: [&str; 6] = [
    "labor",
    "allowance",
    "welfare",
    "compensation",
    "distribution",
    "tax_fee",
];
/// FIN-06 window.
pub const REPEAT_WINDOW_DAYS: i64 = 7;

/// How an entered payment may be timed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timing {
    /// At its instant, whatever it implies (planted cases).
    Pinned,
    /// At its instant or on a later working day, at the same time of day and no later than
    /// `latest`, so that it repeats no payment to the same payee of the same amount within the
    /// FIN-06 window; left out when no such day remains.
    Movable { latest: NaiveDateTime },
}

#[derive(Debug, Clone)]
struct Entered {
    at: NaiveDateTime,
    amount: Fen,
    payment_id: String,
}

/// One alert a payment implies: threshold and dedup key values after village_id.
pub type Implied = (Threshold, String);

/// A payment as it was entered.
#[derive(Debug, Clone)]
pub struct Booked {
    pub payment_id: String,
    pub at: NaiveDateTime,
    pub invoice_no: Option<String>,
    pub implied: Vec<Implied>,
}

impl Booked {
    pub fn implies(&self, threshold: Threshold) -> bool {
        self.implied.iter().any(|(t, _)| *t == threshold)
    }
}

#[derive(Debug, Default)]
pub struct PaymentBook {
    by_payee: HashMap<String, Vec<Entered>>,
    by_invoice: HashMap<String, Vec<Entered>>,
    pub budgets: Budgets,
    /// Entry counter: at equal instants, what is entered later is applied later.
    order: u64,
}

fn within_window(a: NaiveDateTime, b: NaiveDateTime) -> bool {
    (a - b).abs() <= TimeDelta::days(REPEAT_WINDOW_DAYS)
}

impl PaymentBook {
    /// The next entry order, for budget versions entered beside payments.
    pub fn next_order(&mut self) -> u64 {
        self.order += 1;
        self.order
    }

    /// Adopts the budget lines of `year` at `at`.
    pub fn adopt_budget(
        &mut self,
        ctx: &mut Ctx,
        rng: &mut rand_chacha::ChaCha8Rng,
        place: Place,
        year: i32,
        at: NaiveDateTime,
    ) {
        self.budgets
            .adopt(ctx, rng, place, year, at, &mut self.order);
    }

    /// Whether an entered payment carries this invoice number (compared trimmed).
    pub fn has_invoice(&self, number: &str) -> bool {
        self.by_invoice.contains_key(number.trim())
    }

    /// Whether `p` would repeat an entered payment to the same payee of the same amount within
    /// the window (either one being the later).
    pub fn repeats(&self, p: &Payment) -> bool {
        self.by_payee.get(&p.payee_id).is_some_and(|list| {
            list.iter()
                .any(|q| q.amount == p.amount && within_window(q.at, p.at))
        })
    }

    /// The alerts `p` implies if entered now (it is applied after every entered payment at the
    /// same instant).
    pub fn implied(&self, p: &Payment, auth: Option<&Authorization>) -> Vec<Implied> {
        let mut found: Vec<Implied> = Vec::new();
        let own = || p.payment_id.clone();
        if p.method == PayMethod::Cash && p.amount > CASH_LIMIT {
            found.push((Threshold::LargeCashPayment, own()));
        }
        let approved_in_time = auth.is_some_and(|a| a.approved_by(p.at));
        if p.approval_id.is_none() || !approved_in_time {
            found.push((Threshold::PaidBeforeApproval, own()));
        }
        if let Some(a) = auth.filter(|a| a.is_payment_approval()) {
            if a.approved_step_by(&p.payee_id, p.at) {
                found.push((Threshold::SelfApproval, a.approval_id.clone()));
            }
        }
        // FIN-06: of two payments that repeat each other, the one applied later fires.
        let mut repeat = |q: &Entered| {
            let later = if q.at > p.at {
                q.payment_id.clone()
            } else {
                own()
            };
            found.push((Threshold::DuplicatePayment, later));
        };
        if let Some(list) = self.by_payee.get(&p.payee_id) {
            for q in list
                .iter()
                .filter(|q| q.amount == p.amount && within_window(q.at, p.at))
            {
                repeat(q);
            }
        }
        if let Some(list) = p.invoice_key().and_then(|k| self.by_invoice.get(k)) {
            for q in list {
                repeat(q);
            }
        }
        if p.invoice_key().is_none()
            && p.amount > INVOICE_MIN_AMOUNT
            && !INVOICE_EXEMPT.contains(&p.purpose)
        {
            found.push((Threshold::MissingInvoice, own()));
        }
        if let Some(line) = &p.budget_line_id {
            if self
                .budgets
                .overrun_by_charge(line, p.at, self.order + 1, p.amount)
            {
                found.push((Threshold::BudgetOverrun, line.clone()));
            }
        }
        found.sort();
        found.dedup();
        found
    }

    /// Enters a payment: times it, records the alerts it implies as truth and schedules it.
    /// Returns the implied alerts, or `None` when a movable payment found no day in time and
    /// was left out.
    pub fn enter(
        &mut self,
        ctx: &mut Ctx,
        place: Place,
        village_id: &str,
        mut p: Payment,
        auth: Option<&Authorization>,
        timing: Timing,
    ) -> Option<Booked> {
        if let Timing::Movable { latest } = timing {
            while self.repeats(&p) {
                let day = ctx.calendar.working_days_after(p.at.date(), 1);
                p.at = day.and_time(p.at.time());
                if p.at > latest {
                    return None;
                }
            }
            if p.at > latest {
                return None;
            }
        }
        let implied = self.implied(&p, auth);
        for (threshold, key) in &implied {
            ctx.expect_alert(*threshold, &[village_id, key]);
        }
        let order = self.next_order();
        let entered = Entered {
            at: p.at,
            amount: p.amount,
            payment_id: p.payment_id.clone(),
        };
        if let Some(key) = p.invoice_key() {
            self.by_invoice
                .entry(key.to_string())
                .or_default()
                .push(entered.clone());
        }
        self.by_payee
            .entry(p.payee_id.clone())
            .or_default()
            .push(entered);
        if let Some(line) = &p.budget_line_id {
            self.budgets.charge(line, p.at, order, p.amount);
        }
        ctx.events
            .schedule("finance.payment", place, p.at, p.payload());
        Some(Booked {
            payment_id: p.payment_id,
            at: p.at,
            invoice_no: p.invoice_no,
            implied,
        })
    }
}
