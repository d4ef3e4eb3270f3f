//! Finance (财务管理): the village's budget lines for every year, operating expenses paid after
//! approval, cash counts and money credited, with planted FIN-01..FIN-08 cases and near misses.
//! The payment book is shared: labor pay and purchases are paid through it too, so that the
//! finance alerts of every payment are known.

mod authorization;
mod book;
mod budget;
mod cases;
mod cash;
mod expenses;
mod payment;
mod planted;

use chrono::{Datelike, NaiveDate};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

pub use authorization::file_approval;
pub use book::{PaymentBook, Timing};
pub use budget::LineKind;
pub use cases::{FinanceAnomaly, FinanceNearMiss};
pub use cash::MAX_DEPOSIT_DELAY_DAYS;
pub use expenses::{
    filing_day, filing_time, settle, Approval, ContractLink, Expense, Invoice, LineChoice, Party,
    Settled, When,
};
pub use payment::{PayMethod, Payment};

use super::config::GenerateConfig;
use super::context::Ctx;
use super::draw::{poisson, CaseDraw, Pick};
use super::time::{at, plus_days};
use super::village::{category_rng, Stream, VillageState};
use cases::Activity;
use planted::ForeignInvoice;

/// Operating expenses a village pays per working day, on average.
const EXPENSES_PER_WORKING_DAY: f64 = 0.4;
/// Sums credited per working day, on average.
const RECEIPTS_PER_WORKING_DAY: f64 = 0.2;

/// What finance keeps per village besides the payment book.
#[derive(Debug)]
pub struct FinanceVillage {
    pub rng: ChaCha8Rng,
}

impl FinanceVillage {
    pub fn new(seed: u64, index: usize) -> Self {
        Self {
            rng: category_rng(seed, index, Stream::Finance),
        }
    }
}

/// The finance activity of every village, day by day.
pub struct FinanceDesk {
    cases: CaseDraw<FinanceAnomaly, FinanceNearMiss>,
    /// The latest invoice an ordinary expense was paid against, and its village.
    foreign_invoice: ForeignInvoice,
}

impl FinanceDesk {
    pub fn new(config: &GenerateConfig) -> Self {
        Self {
            cases: CaseDraw::new(config, &FinanceAnomaly::ALL, &FinanceNearMiss::ALL),
            foreign_invoice: None,
        }
    }

    /// Day a year's budget is adopted: 15 December before it, or the first day of the period.
    fn adoption_day(ctx: &Ctx, year: i32) -> NaiveDate {
        let december = NaiveDate::from_ymd_opt(year - 1, 12, 15).expect("valid date");
        december.max(ctx.first_day)
    }

    pub fn day(&mut self, ctx: &mut Ctx, v: &mut VillageState, day: NaiveDate) {
        for year in ctx.first_day.year()..=ctx.last_day.year() {
            if Self::adoption_day(ctx, year) == day {
                let place = v.place();
                v.payments
                    .adopt_budget(ctx, &mut v.finance.rng, place, year, at(day, 8, 0, 0));
            }
        }
        if !ctx.calendar.is_working_day(day) {
            return;
        }
        if cash::is_count_day(ctx, day) {
            match self.draw(ctx, v, day, Activity::CashCount) {
                Pick::Anomaly(kind, uses) => {
                    if cash::plant_count_anomaly(ctx, v, day, uses) {
                        ctx.count_planted(kind.target());
                    }
                }
                Pick::NearMiss(kind, _) => {
                    if cash::plant_count_near_miss(ctx, v, day) {
                        ctx.count_near_miss(kind.target());
                    }
                }
                Pick::Normal => cash::ordinary_count(ctx, v, day),
            }
        }
        for _ in 0..poisson(&mut v.finance.rng, RECEIPTS_PER_WORKING_DAY) {
            match self.draw(ctx, v, day, Activity::Receipt) {
                Pick::Anomaly(kind, _) => {
                    if cash::plant_receipt_anomaly(ctx, v, day, kind) {
                        ctx.count_planted(kind.target());
                    }
                }
                Pick::NearMiss(kind, _) => {
                    if cash::plant_receipt_near_miss(ctx, v, day, kind) {
                        ctx.count_near_miss(kind.target());
                    }
                }
                Pick::Normal => cash::ordinary_receipt(ctx, v, day),
            }
        }
        if plus_days(day, 4) > ctx.last_day {
            return;
        }
        for _ in 0..poisson(&mut v.finance.rng, EXPENSES_PER_WORKING_DAY) {
            match self.draw(ctx, v, day, Activity::Payment) {
                Pick::Anomaly(kind, uses) => {
                    if planted::plant_anomaly(ctx, v, day, kind, uses) {
                        ctx.count_planted(kind.target());
                    }
                }
                Pick::NearMiss(kind, _) => {
                    if planted::plant_near_miss(ctx, v, day, kind, &self.foreign_invoice) {
                        ctx.count_near_miss(kind.target());
                    }
                }
                Pick::Normal => self.ordinary_expense(ctx, v, day),
            }
        }
    }

    fn draw(
        &mut self,
        ctx: &Ctx,
        v: &mut VillageState,
        day: NaiveDate,
        activity: Activity,
    ) -> Pick<FinanceAnomaly, FinanceNearMiss> {
        let foreign = &self.foreign_invoice;
        let x = v.finance.rng.gen();
        let v = &*v;
        self.cases.draw(
            x,
            |k| k.activity() == activity && planted::anomaly_fits(ctx, v, day, k),
            |k| k.activity() == activity && planted::near_miss_fits(ctx, v, day, k, foreign),
        )
    }

    fn ordinary_expense(&mut self, ctx: &mut Ctx, v: &mut VillageState, day: NaiveDate) {
        let e = expenses::ordinary(v, day);
        let approval = expenses::Approval::ordinary(v);
        let filed_at = filing_time(v, day);
        let settled = expenses::settle(
            ctx,
            v,
            &e,
            approval,
            filed_at,
            expenses::When::AfterApproval,
            false,
        );
        if let Some(number) = settled.and_then(|s| s.booked.invoice_no) {
            self.foreign_invoice = Some((v.index, number));
        }
    }
}
