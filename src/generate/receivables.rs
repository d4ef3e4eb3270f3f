//! Money owed to the village (`receivable.due`) and the receipts that settle it (`finance.receipt`
//! naming the receivable): deposits, contract proceeds and other dues (CON-04 watches them) and
//! rents (AST-01). A receivable is written together with every receipt it will get, so whether
//! it is still short at its deadline is known when it is written.

use chrono::{NaiveDate, NaiveDateTime};

use super::context::Ctx;
use super::finance::MAX_DEPOSIT_DELAY_DAYS;
use super::json::{Fen, JsonObject};
use super::threshold::Threshold;
use super::time::{date_text, plus_days, start_of};
use super::village::VillageState;

/// CON-04 overdue: deposits, contract proceeds and other dues, in days after the due date.
pub const RECEIVABLE_OVERDUE_DAYS: i64 = 30;
/// AST-01 overdue: rents, in days after the due date.
pub const RENT_OVERDUE_DAYS: i64 = 60;

#[derive(Debug, Clone)]
pub struct ReceivableDraft {
    pub receivable_id: String,
    /// `rent`, `deposit`, `contract` or `other`.
    pub kind: &'static str,
    pub debtor_id: String,
    pub amount: Fen,
    pub due_date: NaiveDate,
    pub lease_id: Option<String>,
    pub contract_id: Option<String>,
}

/// Money collected from the debtor on `received_on` and credited at `credited_at`.
#[derive(Debug, Clone, Copy)]
pub struct Collection {
    pub received_on: NaiveDate,
    pub credited_at: NaiveDateTime,
    pub amount: Fen,
}

impl Collection {
    /// Collected and credited at once.
    pub fn at(credited_at: NaiveDateTime, amount: Fen) -> Self {
        Self {
            received_on: credited_at.date(),
            credited_at,
            amount,
        }
    }
}

impl ReceivableDraft {
    /// The threshold that watches this kind of receivable.
    pub fn threshold(&self) -> Threshold {
        if self.kind == "rent" {
            Threshold::RentOverdue
        } else {
            Threshold::ReceivableOverdue
        }
    }

    /// The instant after which the receivable is overdue: eod(due_date) + overdue.
    pub fn deadline(&self) -> NaiveDateTime {
        deadline_of(self.kind, self.due_date)
    }

    fn payload(&self) -> String {
        let mut o = JsonObject::new();
        o.string("receivable_id", &self.receivable_id)
            .string("kind", self.kind)
            .string("debtor_id", &self.debtor_id)
            .money("amount", self.amount)
            .string("due_date", &date_text(self.due_date));
        if let Some(lease) = &self.lease_id {
            o.string("lease_id", lease);
        }
        if let Some(contract) = &self.contract_id {
            o.string("contract_id", contract);
        }
        o.finish()
    }
}

/// The deadline of a receivable of `kind` due on `due_date`.
pub fn deadline_of(kind: &str, due_date: NaiveDate) -> NaiveDateTime {
    let overdue = if kind == "rent" {
        RENT_OVERDUE_DAYS
    } else {
        RECEIVABLE_OVERDUE_DAYS
    };
    start_of(plus_days(due_date, 1 + overdue))
}

/// Whether a deadline passes within the period: the engine fires the timers due before the last
/// instant of input, the tick that closes the last day.
pub fn deadline_passes(ctx: &Ctx, deadline: NaiveDateTime) -> bool {
    deadline < start_of(plus_days(ctx.last_day, 1))
}

/// Writes the receivable at `registered_at` (nothing when that is after the period) and those of
/// `collections` that fall within the period; records the overdue alert (CON-04 or AST-01) and any late deposit (FIN-03) they imply.
/// Returns whether the overdue alert is implied.
pub fn register(
    ctx: &mut Ctx,
    v: &mut VillageState,
    r: &ReceivableDraft,
    registered_at: NaiveDateTime,
    collections: &[Collection],
) -> bool {
    if registered_at.date() > ctx.last_day {
        return false;
    }
    let place = v.place();
    ctx.events
        .schedule("receivable.due", place, registered_at, r.payload());
    let deadline = r.deadline();
    let mut received_in_time: Fen = 0;
    let last_day = ctx.last_day;
    for c in collections
        .iter()
        .filter(|c| c.credited_at.date() <= last_day)
    {
        debug_assert!(c.received_on <= c.credited_at.date());
        let receipt_id = ctx.ids.receipt();
        let mut o = JsonObject::new();
        o.string("receipt_id", &receipt_id)
            .money("amount", c.amount)
            .string("method", "bank")
            .string("payer_id", &r.debtor_id)
            .string("received_on", &date_text(c.received_on))
            .string("receivable_id", &r.receivable_id)
            .string("description", receipt_description(r.kind));
        ctx.events
            .schedule("finance.receipt", place, c.credited_at, o.finish());
        v.construction
            .book
            .receipt(&receipt_id, &r.debtor_id, true, c.credited_at);
        if c.credited_at.date() > plus_days(c.received_on, MAX_DEPOSIT_DELAY_DAYS) {
            ctx.expect_alert(Threshold::LateDeposit, &[&v.id, &receipt_id]);
        }
        if c.credited_at <= deadline {
            received_in_time += c.amount;
        }
    }
    let overdue = deadline_passes(ctx, deadline) && received_in_time < r.amount;
    if overdue {
        ctx.expect_alert(r.threshold(), &[&v.id, &r.receivable_id]);
    }
    overdue
}

fn receipt_description(kind: &str) -> &'static str {
    match kind {
        "rent" => "租金",
        "deposit" => "履约保证金",
        "contract" => "合同价款",
        _ => "其他应收款",
    }
}
