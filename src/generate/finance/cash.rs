//! Cash-on-hand counts (库存现金盘点, FIN-02) twice a month, and money collected and credited to
//! the village account (入账, FIN-03): rents, land contract fees and deposits.

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use rand::seq::SliceRandom;
use rand::Rng;

use super::cases::{FinanceAnomaly, FinanceNearMiss};
use super::expenses::amount_between;
use crate::generate::context::Ctx;
use crate::generate::json::{yuan, Fen, JsonObject};
use crate::generate::threshold::Threshold;
use crate::generate::time::{at, date_text, plus_days, plus_seconds};
use crate::generate::village::VillageState;

/// FIN-02 cash_limit.
pub const CASH_ON_HAND_LIMIT: Fen = yuan(5_000);
/// FIN-03 max_delay in days.
pub const MAX_DEPOSIT_DELAY_DAYS: i64 = 3;

/// Counts are made on the first working day from the 15th and on the last working day of a
/// month.
pub fn is_count_day(ctx: &Ctx, day: NaiveDate) -> bool {
    if !ctx.calendar.is_working_day(day) {
        return false;
    }
    let next = ctx.calendar.working_days_after(day, 1);
    let last_of_month = next.month() != day.month();
    let first_from_15th = day.day() >= 15
        && (15..day.day()).all(|d| {
            let earlier = day.with_day(d).expect("a day of the month");
            !ctx.calendar.is_working_day(earlier)
        });
    last_of_month || first_from_15th
}

/// Writes a count of `cash` at the end of the office day; records FIN-02 when it implies it.
fn count(ctx: &mut Ctx, v: &mut VillageState, day: NaiveDate, cash: Fen) -> bool {
    let counted_at = plus_seconds(at(day, 16, 0, 0), v.finance.rng.gen_range(0..3_600));
    let count_id = ctx.ids.cash_count();
    let mut o = JsonObject::new();
    o.string("count_id", &count_id)
        .money("cash_on_hand", cash)
        .string("counted_by", &v.officials.accountant);
    ctx.events
        .schedule("finance.cash_count", v.place(), counted_at, o.finish());
    cash > CASH_ON_HAND_LIMIT && ctx.expect_alert(Threshold::CashOnHandExcess, &[&v.id, &count_id])
}

/// An ordinary count: 200.00 to 4800.00.
pub fn ordinary_count(ctx: &mut Ctx, v: &mut VillageState, day: NaiveDate) {
    let cash = amount_between(&mut v.finance.rng, 200, 4_800);
    count(ctx, v, day, cash);
}

pub fn plant_count_anomaly(ctx: &mut Ctx, v: &mut VillageState, day: NaiveDate, uses: u32) -> bool {
    let cash = if uses.is_multiple_of(2) {
        yuan(5_000) + 1
    } else {
        amount_between(&mut v.finance.rng, 5_200, 12_000)
    };
    count(ctx, v, day, cash)
}

pub fn plant_count_near_miss(ctx: &mut Ctx, v: &mut VillageState, day: NaiveDate) -> bool {
    !count(ctx, v, day, yuan(5_000))
}

/// Payers and what they pay.
const TAKINGS: [(&str, i64, i64); 4] = [
    ("厂房租金", 2_000, 30_000),
    ("土地承包费", 300, 8_000),
    ("店面租金", 1_000, 12_000),
    ("履约保证金", 1_000, 20_000),
];

/// Writes money collected on `received_on` and credited at `credited_at`; records FIN-03 when
/// the local date of the credit is more than three days after collection.
fn receipt(
    ctx: &mut Ctx,
    v: &mut VillageState,
    received_on: NaiveDate,
    credited_at: NaiveDateTime,
) -> bool {
    let (what, low, high) = TAKINGS[v.finance.rng.gen_range(0..TAKINGS.len())];
    let payer = if what == "土地承包费" {
        let workers = &v.workers;
        workers
            .choose(&mut v.finance.rng)
            .map(|w| w.payee.person_id.clone())
    } else {
        None
    };
    let payer = payer.unwrap_or_else(|| {
        v.procurement
            .suppliers
            .choose(&mut v.finance.rng)
            .expect("every village has suppliers")
            .id
            .clone()
    });
    let amount = amount_between(&mut v.finance.rng, low, high);
    let method = if amount <= yuan(2_000) && v.finance.rng.gen_bool(0.3) {
        "cash"
    } else {
        "bank"
    };
    let receipt_id = ctx.ids.receipt();
    let mut o = JsonObject::new();
    o.string("receipt_id", &receipt_id)
        .money("amount", amount)
        .string("method", method)
        .string("payer_id", &payer)
        .string("received_on", &date_text(received_on))
        .string("description", what);
    ctx.events
        .schedule("finance.receipt", v.place(), credited_at, o.finish());
    v.construction
        .book
        .receipt(&receipt_id, &payer, false, credited_at);
    credited_at.date() > plus_days(received_on, MAX_DEPOSIT_DELAY_DAYS)
        && ctx.expect_alert(Threshold::LateDeposit, &[&v.id, &receipt_id])
}

/// Money credited on `day`, collected that day or up to two days before.
pub fn ordinary_receipt(ctx: &mut Ctx, v: &mut VillageState, day: NaiveDate) {
    let received_on = plus_days(day, -v.finance.rng.gen_range(0..=2));
    let credited_at = plus_seconds(at(day, 9, 0, 0), v.finance.rng.gen_range(0..7 * 3_600));
    receipt(ctx, v, received_on, credited_at);
}

pub fn plant_receipt_anomaly(
    ctx: &mut Ctx,
    v: &mut VillageState,
    day: NaiveDate,
    kind: FinanceAnomaly,
) -> bool {
    let (received_on, credited_at) = if kind == FinanceAnomaly::DepositLateByLocalDate {
        // 00:00:30+08:00 is still the previous day in UTC: three days after by that date.
        (plus_days(day, -4), at(day, 0, 0, 30))
    } else {
        let late = v.finance.rng.gen_range(4..=10);
        let t = plus_seconds(at(day, 9, 0, 0), v.finance.rng.gen_range(0..7 * 3_600));
        (plus_days(day, -late), t)
    };
    receipt(ctx, v, received_on, credited_at)
}

pub fn plant_receipt_near_miss(
    ctx: &mut Ctx,
    v: &mut VillageState,
    day: NaiveDate,
    kind: FinanceNearMiss,
) -> bool {
    debug_assert_eq!(kind, FinanceNearMiss::DepositOnLastDay);
    !receipt(ctx, v, plus_days(day, -3), at(day, 23, 59, 59))
}
