//! Collective assets (三资管理): the village's land, buildings, facilities and equipment entered in
//! the asset register on its first working day on the platform with the leases then in force,
//! and from then on the rent falling due and received, leases renewed a month or more before they
//! end, idle assets let within half a year, and GIS re-surveys of the register areas. Planted
//! AST-01..AST-07 cases and near misses alter one thing each. The ledger (`ledger`) knows what
//! every entry implies; the deadline alerts are read from it once the period is written.

pub mod cases;
mod leasing;
pub mod ledger;
mod operations;
mod planted;
mod register;

use chrono::{NaiveDate, NaiveDateTime};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use std::collections::BTreeMap;

pub use cases::{AssetAnomaly, AssetNearMiss};
pub use register::register_lessees;

use super::config::GenerateConfig;
use super::context::Ctx;
use super::contract::record::expect_all;
use super::draw::{CaseDraw, Pick};
use super::time::{at, plus_days, plus_seconds, start_of};
use super::village::VillageState;
use cases::Activity;
use leasing::Lease;
use ledger::AssetLedger;
use operations::working_day_from;
use planted::Occasion;
use register::{Asset, Lessees, HOLDINGS, KINDS};

/// Share of leasable assets that are leased, and idle, when the village starts; the rest the
/// village uses itself.
const LEASED_SHARE: f64 = 0.75;
const IDLE_SHARE: f64 = 0.13;
/// Days from the start to the first GIS re-survey of an asset, and between re-surveys.
const FIRST_SURVEY_DAYS: (i64, i64) = (10, 400);
const SURVEY_DAYS: (i64, i64) = (200, 500);

/// Something the village does with an asset on a given day.
#[derive(Debug, Clone, Copy)]
pub enum Task {
    Renew(usize),
    Rent { lease: usize, due: NaiveDate },
    Let(usize),
    Survey(usize),
}

/// What the asset desk keeps per village.
#[derive(Debug)]
pub struct AssetVillage {
    pub rng: ChaCha8Rng,
    pub lessees: Lessees,
    pub assets: Vec<Asset>,
    pub leases: Vec<Lease>,
    pub ledger: AssetLedger,
    agenda: BTreeMap<NaiveDate, Vec<Task>>,
}

impl AssetVillage {
    pub fn new(rng: ChaCha8Rng, lessees: Lessees) -> Self {
        Self {
            rng,
            lessees,
            assets: Vec::new(),
            leases: Vec::new(),
            ledger: AssetLedger::default(),
            agenda: BTreeMap::new(),
        }
    }

    pub fn plan(&mut self, day: NaiveDate, task: Task) {
        self.agenda.entry(day).or_default().push(task);
    }
}

/// The day the villages enter their assets: the first working day of the period.
fn opening_day(ctx: &Ctx) -> Option<NaiveDate> {
    Some(working_day_from(ctx, ctx.first_day)).filter(|d| *d <= ctx.last_day)
}

/// The instant after the last one of the period: the engine fires deadlines before it.
pub fn end_of_input(ctx: &Ctx) -> NaiveDateTime {
    start_of(plus_days(ctx.last_day, 1))
}

/// The asset activity of every village, day by day.
pub struct AssetDesk {
    cases: CaseDraw<AssetAnomaly, AssetNearMiss>,
}

impl AssetDesk {
    pub fn new(config: &GenerateConfig) -> Self {
        Self {
            cases: CaseDraw::new(config, &AssetAnomaly::ALL, &AssetNearMiss::ALL),
        }
    }

    pub fn day(&mut self, ctx: &mut Ctx, v: &mut VillageState, day: NaiveDate) {
        if opening_day(ctx) == Some(day) {
            self.opening(ctx, v, day);
        }
        let Some(tasks) = v.assets.agenda.remove(&day) else {
            return;
        };
        if !ctx.calendar.is_working_day(day) {
            let next = ctx.calendar.working_days_after(day, 1);
            if next <= ctx.last_day {
                v.assets.agenda.entry(next).or_default().extend(tasks);
            }
            return;
        }
        for task in tasks {
            let occasion = match task {
                Task::Renew(l) => Occasion::lease(Activity::Renewal, l, v),
                Task::Rent { lease, due } => Occasion::rent(lease, due, v),
                Task::Let(a) => Occasion::asset(Activity::Letting, a),
                Task::Survey(a) => {
                    let busy = v.assets.assets[a].busy_until.is_some_and(|b| b >= day);
                    if busy {
                        continue;
                    }
                    Occasion::asset(Activity::Survey, a)
                }
            };
            self.occasion(ctx, v, day, occasion);
        }
    }

    /// Draws the case of one occasion and writes it.
    fn occasion(&mut self, ctx: &mut Ctx, v: &mut VillageState, day: NaiveDate, o: Occasion) {
        let x = v.assets.rng.gen();
        let village = &*v;
        let pick = self.cases.draw(
            x,
            |k| k.rides_on(o.activity) && planted::anomaly_fits(ctx, village, day, &o, k),
            |k| k.rides_on(o.activity) && planted::near_miss_fits(ctx, village, day, &o, k),
        );
        match pick {
            Pick::Anomaly(kind, uses) => {
                if planted::plant_anomaly(ctx, v, day, &o, kind, uses) {
                    ctx.count_planted(kind.target());
                }
            }
            Pick::NearMiss(kind, uses) => {
                if planted::plant_near_miss(ctx, v, day, &o, kind, uses) {
                    ctx.count_near_miss(kind.target());
                }
            }
            Pick::Normal => planted::ordinary(ctx, v, day, &o),
        }
    }

    /// The register as the village enters it on its first working day: every asset, the leases
    /// in force and the rent due or lately due under them.
    fn opening(&mut self, ctx: &mut Ctx, v: &mut VillageState, day: NaiveDate) {
        let rng = &mut v.assets.rng;
        for (k, &(fewest, most)) in HOLDINGS.iter().enumerate() {
            let kind = &KINDS[k];
            for n in 0..rng.gen_range(fewest..=most) {
                let area = kind
                    .area_m2
                    .map(|(low, high)| rng.gen_range(low..=high) * 100);
                let use_status = if !kind.leasable {
                    "self_use"
                } else {
                    let x: f64 = rng.gen();
                    if x < LEASED_SHARE {
                        "leased"
                    } else if x < LEASED_SHARE + IDLE_SHARE {
                        "idle"
                    } else {
                        "self_use"
                    }
                };
                let mut asset = Asset {
                    asset_id: ctx.ids.asset(),
                    name: format!("{}{}号", kind.name, n + 1),
                    kind: k,
                    area,
                    gis: None,
                    use_status,
                    since: plus_days(day, -rng.gen_range(200..=2_000)),
                    lease: None,
                    busy_until: None,
                };
                if rng.gen_bool(0.9) {
                    asset.survey(rng);
                }
                v.assets.assets.push(asset);
            }
        }
        let mut t = at(day, 9, 0, 0);
        for a in 0..v.assets.assets.len() {
            t = plus_seconds(t, v.assets.rng.gen_range(60..=240));
            let occasion = match v.assets.assets[a].use_status {
                "leased" => Occasion::opening_lease(a, t),
                "idle" => Occasion::idle_entry(a, t),
                _ => {
                    operations::enter_asset(ctx, v, a, t);
                    continue;
                }
            };
            self.occasion(ctx, v, day, occasion);
        }
        for a in 0..v.assets.assets.len() {
            if v.assets.assets[a].area.is_some() {
                let after = v
                    .assets
                    .rng
                    .gen_range(FIRST_SURVEY_DAYS.0..=FIRST_SURVEY_DAYS.1);
                let survey_day = working_day_from(ctx, plus_days(day, after));
                if survey_day <= ctx.last_day {
                    v.assets.plan(survey_day, Task::Survey(a));
                }
            }
        }
    }
}

/// Plans the next GIS re-survey of asset `a` after `today`.
pub fn plan_survey(ctx: &Ctx, v: &mut VillageState, a: usize, today: NaiveDate) {
    let after = v.assets.rng.gen_range(SURVEY_DAYS.0..=SURVEY_DAYS.1);
    let day = working_day_from(ctx, plus_days(today, after));
    if day <= ctx.last_day {
        v.assets.plan(day, Task::Survey(a));
    }
}

/// Writes the deadline alerts (AST-02, AST-03, AST-07) the written period implies.
pub fn close(ctx: &mut Ctx, villages: &[VillageState]) {
    let end = end_of_input(ctx);
    for v in villages {
        let implied = v.assets.ledger.all_deadlines(end);
        expect_all(ctx, &v.id, &implied);
    }
}
