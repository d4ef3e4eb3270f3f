//! Official hospitality (公务接待): now and then a restaurant's bill for receiving an inspection
//! or a visiting delegation, paid the working day after it is approved, while the year's
//! hospitality stays within EXP-01's annual limit. A planted case sizes one bill to take the
//! year to the limit or above it.

use chrono::{Datelike, NaiveDate};
use rand::seq::SliceRandom;
use rand::Rng;

use super::cases::{HospitalityAnomaly, HospitalityNearMiss};
use super::pay::{pay, Outlay};
use crate::generate::context::Ctx;
use crate::generate::draw::{CaseDraw, Pick};
use crate::generate::finance::filing_time;
use crate::generate::json::{yuan, Fen};
use crate::generate::time::{at, plus_seconds};
use crate::generate::village::VillageState;

/// EXP-01 annual_limit.
pub const ANNUAL_LIMIT: Fen = yuan(20_000);

const TITLES: [&str; 4] = [
    "接待镇农业农村办检查组工作餐",
    "接待兄弟村考察学习工作餐",
    "接待县乡村振兴调研组工作餐",
    "接待防汛检查组工作餐",
];

/// One bill applied for on `day` and paid the next working day.
pub fn bill(
    ctx: &mut Ctx,
    v: &mut VillageState,
    day: NaiveDate,
    cases: &mut CaseDraw<HospitalityAnomaly, HospitalityNearMiss>,
) {
    let payday = ctx.calendar.working_days_after(day, 1);
    if payday > ctx.last_day {
        return;
    }
    let Some(restaurant) = v.expense.restaurants.choose(&mut v.expense.rng).cloned() else {
        return;
    };
    let year = payday.year();
    let room = ANNUAL_LIMIT - v.expense.hospitality_paid(year);
    let rng = &mut v.expense.rng;
    let ordinary = yuan(rng.gen_range(300..2_500)) + rng.gen_range(0..100);
    let beyond = if rng.gen_bool(0.5) {
        1
    } else {
        yuan(rng.gen_range(200..3_000))
    };
    let title = TITLES[rng.gen_range(0..TITLES.len())].to_string();
    let x = rng.gen();
    // One case a year at most: a year already over the limit takes no more.
    let pick = cases.draw(x, |_| room >= 0, |_| room >= yuan(100));
    let amount = match pick {
        Pick::Normal if ordinary <= room => ordinary,
        Pick::Normal => return,
        Pick::Anomaly(..) => room + beyond,
        Pick::NearMiss(..) => room,
    };
    let o = Outlay {
        payee: restaurant,
        purpose: "hospitality",
        amount,
        title,
    };
    let filed_at = filing_time(v, day);
    let paid_at = plus_seconds(at(payday, 9, 0, 0), v.expense.rng.gen_range(0..6 * 3600));
    if !pay(ctx, v, &o, filed_at, paid_at) {
        return;
    }
    v.expense.note_hospitality(year, amount);
    pick.count(ctx, |a| a.target(), |n| n.target());
}
