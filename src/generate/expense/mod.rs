//! Non-productive expenses (非生产性开支). Ordinary activity: every month each cadre is paid the
//! allowance of the roles they hold within the year's standard (EXP-02); now and then a
//! restaurant's bill for official hospitality, while the year's total stays within the limit
//! (EXP-01); before each festival welfare payments to villagers in need, and none to cadres
//! (EXP-03); and the village vehicles refuelled once on a day (EXP-04). Every payment is applied
//! for, approved and signed the way the finance desk's expenses are, so no other category's
//! alert follows. The expense desk plants the EXP-01..EXP-04 cases and near misses; the truth of
//! EXP-01..EXP-03 comes from the ledger (`ledger`), which reads every payment any desk writes,
//! and that of EXP-04 from the refuels, which only this desk writes.

mod allowance;
mod cases;
mod festival;
mod hospitality;
pub mod ledger;
mod pay;
mod refuel;
mod register;

pub use festival::festivals;
pub use register::register;

use chrono::NaiveDate;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use std::collections::HashMap;

use cases::{
    AllowanceAnomaly, AllowanceNearMiss, FestivalAnomaly, FestivalNearMiss, HospitalityAnomaly,
    HospitalityNearMiss, RefuelAnomaly, RefuelNearMiss,
};
use refuel::Vehicle;

use super::config::GenerateConfig;
use super::context::Ctx;
use super::draw::{poisson, CaseDraw};
use super::finance::Party;
use super::json::Fen;
use super::village::VillageState;

/// Hospitality bills a village pays per working day, on average (one or two a month).
const BILLS_PER_WORKING_DAY: f64 = 0.06;
/// Chance that a vehicle is refuelled on a working day.
const REFUEL_CHANCE: f64 = 0.3;

/// One `registry.cadre` record as written: a role with its term and monthly allowance.
#[derive(Debug, Clone)]
pub struct CadreRole {
    pub person: String,
    pub role: String,
    pub term_start: NaiveDate,
    pub term_end: Option<NaiveDate>,
    pub allowance: Fen,
}

impl CadreRole {
    pub fn new(
        person: &str,
        role: &str,
        term_start: NaiveDate,
        term_end: Option<NaiveDate>,
        allowance: Fen,
    ) -> Self {
        Self {
            person: person.to_string(),
            role: role.to_string(),
            term_start,
            term_end,
            allowance,
        }
    }

    pub fn serves_on(&self, day: NaiveDate) -> bool {
        self.term_start <= day && self.term_end.is_none_or(|end| day <= end)
    }
}

/// What the expense desk keeps per village.
#[derive(Debug)]
pub struct ExpenseVillage {
    pub rng: ChaCha8Rng,
    pub roles: Vec<CadreRole>,
    pub restaurants: Vec<Party>,
    pub needy: Vec<Party>,
    pub vehicles: Vec<Vehicle>,
    pub refuels_written: u64,
    /// Allowance paid by this desk per (cadre, year of payment).
    allowances: HashMap<(String, i32), Fen>,
    /// Hospitality paid by this desk per year of payment.
    hospitality: HashMap<i32, Fen>,
}

impl ExpenseVillage {
    pub fn new(rng: ChaCha8Rng) -> Self {
        Self {
            rng,
            roles: Vec::new(),
            restaurants: Vec::new(),
            needy: Vec::new(),
            vehicles: Vec::new(),
            refuels_written: 0,
            allowances: HashMap::new(),
            hospitality: HashMap::new(),
        }
    }

    fn allowance_paid(&self, person: &str, year: i32) -> Fen {
        self.allowances
            .get(&(person.to_string(), year))
            .copied()
            .unwrap_or(0)
    }

    fn note_allowance(&mut self, person: &str, year: i32, amount: Fen) {
        *self
            .allowances
            .entry((person.to_string(), year))
            .or_insert(0) += amount;
    }

    fn hospitality_paid(&self, year: i32) -> Fen {
        self.hospitality.get(&year).copied().unwrap_or(0)
    }

    fn note_hospitality(&mut self, year: i32, amount: Fen) {
        *self.hospitality.entry(year).or_insert(0) += amount;
    }
}

/// The non-productive expenses of every village, day by day.
pub struct ExpenseDesk {
    allowances: CaseDraw<AllowanceAnomaly, AllowanceNearMiss>,
    bills: CaseDraw<HospitalityAnomaly, HospitalityNearMiss>,
    festivals: CaseDraw<FestivalAnomaly, FestivalNearMiss>,
    refuels: CaseDraw<RefuelAnomaly, RefuelNearMiss>,
    festival_days: Vec<NaiveDate>,
}

impl ExpenseDesk {
    pub fn new(config: &GenerateConfig, ctx: &Ctx) -> Self {
        // A village sees a festival a few times a year: at the rates of quarterly activities.
        let rare = config.for_quarterly_cases();
        Self {
            allowances: CaseDraw::new(config, &AllowanceAnomaly::ALL, &AllowanceNearMiss::ALL),
            bills: CaseDraw::new(config, &HospitalityAnomaly::ALL, &HospitalityNearMiss::ALL),
            festivals: CaseDraw::new(&rare, &FestivalAnomaly::ALL, &FestivalNearMiss::ALL),
            refuels: CaseDraw::new(config, &RefuelAnomaly::ALL, &RefuelNearMiss::ALL),
            festival_days: festival::festivals(&ctx.calendar),
        }
    }

    pub fn day(&mut self, ctx: &mut Ctx, v: &mut VillageState, day: NaiveDate) {
        if let Some(f) = festival::festival_planned_on(&self.festival_days, day) {
            festival::visits(ctx, v, day, f, &mut self.festivals);
        }
        if !ctx.calendar.is_working_day(day) {
            return;
        }
        if allowance::is_filing_day(ctx, day) {
            allowance::payroll(ctx, v, day, &mut self.allowances);
        }
        for _ in 0..poisson(&mut v.expense.rng, BILLS_PER_WORKING_DAY) {
            hospitality::bill(ctx, v, day, &mut self.bills);
        }
        for k in 0..v.expense.vehicles.len() {
            if v.expense.rng.gen_bool(REFUEL_CHANCE) {
                refuel::refuel_day(ctx, v, k, day, &mut self.refuels);
            }
        }
    }
}
