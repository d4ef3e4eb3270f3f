//! The village's vehicles and their fuel-card refuels (`vehicle.refueled`): on an ordinary day a
//! vehicle is refuelled once, never more than its tank takes. A planted case refuels it two or
//! three times within hours. Every refuel is evaluated as EXP-04 reads it when it is written:
//! S = the vehicle's refuels from four hours before to the refuel (both ends included); fires
//! with at least two refuels in S whose liters exceed 0.46 of the tank, compared exactly in
//! centiliters; the alert is anchored at S's earliest refuel.

use chrono::{NaiveDate, NaiveDateTime};
use rand::Rng;

use super::cases::{RefuelAnomaly, RefuelNearMiss};
use crate::generate::context::Ctx;
use crate::generate::draw::{CaseDraw, Pick};
use crate::generate::json::{decimal_text, Fen, JsonObject};
use crate::generate::threshold::Threshold;
use crate::generate::time::{at, plus_seconds};
use crate::generate::village::VillageState;

/// EXP-04 window, 4h.
pub const WINDOW_SECONDS: i64 = 4 * 3600;
/// EXP-04 ratio 0.46, as hundredths.
const RATIO_HUNDREDTHS: i64 = 46;
/// EXP-04 min_refuels.
const MIN_REFUELS: usize = 2;

/// A village vehicle (村务用车) with a tank of whole liters.
#[derive(Debug, Clone)]
pub struct Vehicle {
    pub vehicle_id: String,
    pub tank_liters: i64,
    /// Refuels written, oldest first: instant, refuel_id, centiliters.
    refuels: Vec<(NaiveDateTime, String, i64)>,
}

impl Vehicle {
    pub fn new(vehicle_id: String, tank_liters: i64) -> Self {
        Self {
            vehicle_id,
            tank_liters,
            refuels: Vec::new(),
        }
    }

    /// The most centiliters two or more refuels within the window may add up to: 0.46 of the
    /// tank, exactly (whole liters make it a whole number of centiliters).
    pub fn ceiling_cl(&self) -> i64 {
        RATIO_HUNDREDTHS * self.tank_liters
    }

    /// Enters a refuel written in time order; the anchor of the EXP-04 alert it raises, if any.
    fn refuel(&mut self, at: NaiveDateTime, refuel_id: String, cl: i64) -> Option<String> {
        let from = plus_seconds(at, -WINDOW_SECONDS);
        // Refuels come in time order: older ones can fall in no later window.
        self.refuels.retain(|(t, _, _)| *t >= from);
        self.refuels.push((at, refuel_id, cl));
        let within: Vec<&(NaiveDateTime, String, i64)> = self
            .refuels
            .iter()
            .filter(|(t, _, _)| *t >= from && *t <= at)
            .collect();
        let total: i64 = within.iter().map(|(_, _, cl)| cl).sum();
        if within.len() < MIN_REFUELS || total <= self.ceiling_cl() {
            return None;
        }
        within
            .iter()
            .min_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)))
            .map(|(_, id, _)| id.clone())
    }
}

/// Price of a liter at the pump, in fen.
fn price(rng: &mut impl Rng) -> Fen {
    rng.gen_range(760..=860)
}

fn write(ctx: &mut Ctx, v: &mut VillageState, k: usize, at: NaiveDateTime, cl: i64) {
    let place = v.place();
    v.expense.refuels_written += 1;
    let refuel_id = format!("rf-{}-{:06}", v.id, v.expense.refuels_written);
    let amount = cl * price(&mut v.expense.rng) / 100;
    let vehicle = &mut v.expense.vehicles[k];
    let mut o = JsonObject::new();
    o.string("refuel_id", &refuel_id)
        .string("vehicle_id", &vehicle.vehicle_id)
        .raw("liters", &decimal_text(cl, 2))
        .raw(
            "tank_capacity_l",
            &decimal_text(vehicle.tank_liters * 100, 2),
        )
        .money("amount", amount);
    ctx.events
        .schedule("vehicle.refueled", place, at, o.finish());
    if let Some(anchor) = vehicle.refuel(at, refuel_id, cl) {
        let vehicle_id = vehicle.vehicle_id.clone();
        ctx.expect_alert(Threshold::AbnormalRefueling, &[&v.id, &vehicle_id, &anchor]);
    }
}

/// Centiliters between `low` and `high` hundredths of the tank.
fn share(rng: &mut impl Rng, tank_liters: i64, low: i64, high: i64) -> i64 {
    rng.gen_range(low * tank_liters..=high * tank_liters)
}

/// The refuels of vehicle `k` on `day`, whose first is between 08:00 and 11:00 (so that a run
/// of them ends in the afternoon and no run reaches another day's refuels).
pub fn refuel_day(
    ctx: &mut Ctx,
    v: &mut VillageState,
    k: usize,
    day: NaiveDate,
    cases: &mut CaseDraw<RefuelAnomaly, RefuelNearMiss>,
) {
    let tank = v.expense.vehicles[k].tank_liters;
    let ceiling = v.expense.vehicles[k].ceiling_cl();
    let rng = &mut v.expense.rng;
    let first = plus_seconds(at(day, 8, 0, 0), rng.gen_range(0..3 * 3600));
    let x = rng.gen();
    let pick = cases.draw(x, |_| true, |_| true);
    // (seconds after the first refuel, centiliters) of each refuel of the day.
    let runs: Vec<(i64, i64)> = match pick {
        Pick::Normal => vec![(0, share(rng, tank, 25, 85))],
        Pick::Anomaly(_, uses) => match uses % 3 {
            0 => {
                let a = share(rng, tank, 15, 30);
                vec![(0, a), (rng.gen_range(20..=180) * 60, ceiling - a + 1)]
            }
            1 => {
                let a = share(rng, tank, 20, 35);
                let over = rng.gen_range(100..=800);
                vec![(0, a), (WINDOW_SECONDS, ceiling - a + over)]
            }
            _ => {
                let a = share(rng, tank, 10, 18);
                let b = share(rng, tank, 10, 18);
                let gap = rng.gen_range(20..=80) * 60;
                vec![(0, a), (gap, b), (2 * gap, ceiling - a - b + 1)]
            }
        },
        Pick::NearMiss(RefuelNearMiss::AtRatio, _) => {
            let a = share(rng, tank, 15, 30);
            vec![(0, a), (rng.gen_range(20..=200) * 60, ceiling - a)]
        }
        Pick::NearMiss(RefuelNearMiss::JustOutsideWindow, _) => {
            let a = share(rng, tank, 25, 40);
            vec![(0, a), (WINDOW_SECONDS + 1, share(rng, tank, 25, 40))]
        }
    };
    for (after, cl) in runs {
        write(ctx, v, k, plus_seconds(first, after), cl);
    }
    pick.count(ctx, |a| a.target(), |n| n.target());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(h: u32, m: u32, s: u32) -> NaiveDateTime {
        at(NaiveDate::from_ymd_opt(2023, 3, 1).unwrap(), h, m, s)
    }

    #[test]
    fn exactly_the_ratio_is_quiet_and_a_centiliter_more_fires() {
        let mut car = Vehicle::new("veh".into(), 60);
        assert_eq!(car.ceiling_cl(), 2_760);
        assert_eq!(car.refuel(t(9, 0, 0), "r1".into(), 1_500), None);
        assert_eq!(car.refuel(t(10, 0, 0), "r2".into(), 1_260), None);
        let mut car = Vehicle::new("veh".into(), 60);
        car.refuel(t(9, 0, 0), "r1".into(), 1_500);
        assert_eq!(
            car.refuel(t(10, 0, 0), "r2".into(), 1_261),
            Some("r1".into())
        );
    }

    #[test]
    fn the_window_includes_four_hours_and_not_a_second_more() {
        let mut car = Vehicle::new("veh".into(), 50);
        car.refuel(t(9, 0, 0), "r1".into(), 2_000);
        assert_eq!(
            car.refuel(t(13, 0, 0), "r2".into(), 2_000),
            Some("r1".into())
        );
        let mut car = Vehicle::new("veh".into(), 50);
        car.refuel(t(9, 0, 0), "r1".into(), 2_000);
        assert_eq!(car.refuel(t(13, 0, 1), "r2".into(), 2_000), None);
    }

    #[test]
    fn one_refuel_alone_is_never_enough() {
        let mut car = Vehicle::new("veh".into(), 50);
        assert_eq!(car.refuel(t(9, 0, 0), "r1".into(), 4_900), None);
    }
}
