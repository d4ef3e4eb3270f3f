//! Festival visits (节日慰问): ten days before each festival the village plans welfare payments
//! to villagers in need, paid in the days before it. No cadre is given money or gifts around a
//! festival; a planted case pays one, on the edge of EXP-03's window or just outside it.

use chrono::NaiveDate;
use rand::seq::SliceRandom;
use rand::Rng;

use super::cases::{FestivalAnomaly, FestivalNearMiss};
use super::pay::{cadre_payee, is_declared_kin, pay, Outlay};
use crate::generate::calendar::HolidayCalendar;
use crate::generate::context::Ctx;
use crate::generate::draw::{CaseDraw, Pick};
use crate::generate::finance::filing_time;
use crate::generate::json::yuan;
use crate::generate::time::{at, plus_days, plus_seconds};
use crate::generate::village::VillageState;

/// EXP-03 window, 7d.
pub const WINDOW_DAYS: i64 = 7;
/// Days before a festival its visits are planned and applied for.
const PLANNED_DAYS_AHEAD: i64 = 10;
/// EXP-03 purposes, handed out in turn by the anomalies.
const PURPOSES: [&str; 3] = ["gift", "welfare", "other"];
/// Days from the festival a planted payment to a cadre is made on, in turn.
const ANOMALY_OFFSETS: [i64; 3] = [-WINDOW_DAYS, WINDOW_DAYS, 0];
const NEAR_MISS_OFFSETS: [i64; 2] = [-WINDOW_DAYS - 1, WINDOW_DAYS + 1];

/// The festival days of the calendar.
pub fn festivals(calendar: &HolidayCalendar) -> Vec<NaiveDate> {
    calendar
        .entries()
        .filter(|(_, d)| d.festival.is_some())
        .map(|(date, _)| *date)
        .collect()
}

/// Whether `day` is within the window of some festival.
pub fn near_festival(festivals: &[NaiveDate], day: NaiveDate) -> bool {
    festivals
        .iter()
        .any(|f| (day - *f).num_days().abs() <= WINDOW_DAYS)
}

/// The festival whose visits are planned on `day`, if any.
pub fn festival_planned_on(festivals: &[NaiveDate], day: NaiveDate) -> Option<NaiveDate> {
    festivals
        .iter()
        .copied()
        .find(|f| plus_days(*f, -PLANNED_DAYS_AHEAD) == day)
}

/// A cadre of the village in office on `day` whom the village could pay without COI-02.
fn cadre_on(v: &mut VillageState, day: NaiveDate) -> Option<String> {
    let candidates: Vec<String> = v
        .cadres
        .iter()
        .filter(|c| c.serves_throughout(day, day))
        .map(|c| c.payee.person_id.clone())
        .filter(|p| !is_declared_kin(v, p))
        .collect();
    candidates.choose(&mut v.expense.rng).cloned()
}

/// Plans, on `day`, the visits for festival `f`: welfare to villagers in need, and the case.
pub fn visits(
    ctx: &mut Ctx,
    v: &mut VillageState,
    day: NaiveDate,
    f: NaiveDate,
    cases: &mut CaseDraw<FestivalAnomaly, FestivalNearMiss>,
) {
    let all = festivals(&ctx.calendar);
    for _ in 0..v.expense.rng.gen_range(1..=3) {
        let paid_on = plus_days(f, -v.expense.rng.gen_range(1..=6));
        if paid_on <= day || paid_on > ctx.last_day {
            continue;
        }
        if let Some(o) = welfare_to_needy(v) {
            let filed_at = filing_time(v, day);
            let paid_at = office_time(v, paid_on);
            pay(ctx, v, &o, filed_at, paid_at);
        }
    }

    let x = v.expense.rng.gen();
    let in_period = |d: NaiveDate| d > day && d <= ctx.last_day;
    let cadre_day = |offset: i64| plus_days(f, offset);
    let pick = cases.draw(
        x,
        |_| ANOMALY_OFFSETS.iter().all(|&o| in_period(cadre_day(o))),
        |k| match k {
            FestivalNearMiss::JustOutsideWindow => NEAR_MISS_OFFSETS
                .iter()
                .all(|&o| in_period(cadre_day(o)) && !near_festival(&all, cadre_day(o))),
            FestivalNearMiss::NonCadrePayee => in_period(f) && !v.expense.needy.is_empty(),
        },
    );
    let (paid_on, o) = match pick {
        Pick::Normal => return,
        Pick::Anomaly(_, uses) => {
            let u = uses as usize;
            let paid_on = cadre_day(ANOMALY_OFFSETS[u % 3]);
            let purpose = PURPOSES[(u / 3 + u) % 3];
            (paid_on, to_cadre(v, paid_on, purpose))
        }
        Pick::NearMiss(FestivalNearMiss::JustOutsideWindow, uses) => {
            let paid_on = cadre_day(NEAR_MISS_OFFSETS[uses as usize % 2]);
            (paid_on, to_cadre(v, paid_on, PURPOSES[uses as usize % 3]))
        }
        Pick::NearMiss(FestivalNearMiss::NonCadrePayee, _) => (f, welfare_to_needy(v)),
    };
    let Some(o) = o else {
        return;
    };
    let filed_at = filing_time(v, day);
    let paid_at = office_time(v, paid_on);
    if !pay(ctx, v, &o, filed_at, paid_at) {
        return;
    }
    pick.count(ctx, |a| a.target(), |n| n.target());
}

fn office_time(v: &mut VillageState, day: NaiveDate) -> chrono::NaiveDateTime {
    plus_seconds(at(day, 9, 0, 0), v.expense.rng.gen_range(0..7 * 3600))
}

fn welfare_to_needy(v: &mut VillageState) -> Option<Outlay> {
    let payee = v.expense.needy.choose(&mut v.expense.rng)?.clone();
    Some(Outlay {
        payee,
        purpose: "welfare",
        amount: yuan(v.expense.rng.gen_range(2..=8) * 100),
        title: "节日走访慰问困难群众慰问金".to_string(),
    })
}

fn to_cadre(v: &mut VillageState, day: NaiveDate, purpose: &'static str) -> Option<Outlay> {
    let cadre = cadre_on(v, day)?;
    let title = match purpose {
        "gift" => "节日慰问品（购物卡）",
        "welfare" => "节日福利费",
        _ => "节日加班补助",
    };
    Some(Outlay {
        payee: cadre_payee(v, &cadre)?,
        purpose,
        amount: yuan(v.expense.rng.gen_range(3..=20) * 100),
        title: title.to_string(),
    })
}
