//! Procurement (采购管理): purchases of goods from the village's suppliers, registered on
//! acceptance with their quotes, platform use and order lines, a contract signed before delivery
//! for the larger ones, and the supplier paid after approval. Ordinary purchases are kept clear of
//! every procurement threshold (no split runs, no supplier above 100000 a year, no tied supplier);
//! planted PRC-01..PRC-06 cases and near misses alter one thing each.

pub mod book;
mod cases;
mod planted;
mod purchase;
pub mod suppliers;

use chrono::NaiveDate;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

pub use cases::{ProcurementAnomaly, ProcurementNearMiss};

use super::config::GenerateConfig;
use super::context::Ctx;
use super::draw::{poisson, CaseDraw, Pick};
use super::time::plus_days;
use super::village::VillageState;
use book::OrderBook;
use planted::{anomaly_fits, near_miss_fits, plant_anomaly, plant_near_miss};
use purchase::{category_of, complete, lines, order};
use suppliers::{Supplier, TiedParty, Trade};

/// Purchases a village registers per working day, on average.
const PURCHASES_PER_WORKING_DAY: f64 = 0.2;
/// Share of ordinary purchases large enough to need three quotes and the platform.
const LARGE_SHARE: f64 = 0.12;

/// What procurement keeps per village.
#[derive(Debug)]
pub struct ProcurementVillage {
    pub rng: ChaCha8Rng,
    pub suppliers: Vec<Supplier>,
    /// Parties tied to the village's cadres (PRC-03).
    pub ties: Vec<TiedParty>,
    /// The tied parties of the neighbouring village, tied to none of this village's cadres.
    pub neighbour_ties: Vec<TiedParty>,
    pub book: OrderBook,
    /// The latest registration instant: orders are registered in the order they are entered.
    pub last_registered: Option<chrono::NaiveDateTime>,
}

impl ProcurementVillage {
    pub fn new(rng: ChaCha8Rng, suppliers: Vec<Supplier>, ties: Vec<TiedParty>) -> Self {
        Self {
            rng,
            suppliers,
            ties,
            neighbour_ties: Vec::new(),
            book: OrderBook::default(),
            last_registered: None,
        }
    }
}

/// The procurement activity of every village, day by day.
pub struct ProcurementDesk {
    cases: CaseDraw<ProcurementAnomaly, ProcurementNearMiss>,
}

fn goods_suppliers(v: &VillageState) -> Vec<Supplier> {
    v.procurement
        .suppliers
        .iter()
        .filter(|s| matches!(s.trade, Trade::Goods(_)))
        .cloned()
        .collect()
}

fn goods_companies(v: &VillageState) -> Vec<Supplier> {
    goods_suppliers(v)
        .into_iter()
        .filter(|s| s.party_type == "company")
        .collect()
}

impl ProcurementDesk {
    pub fn new(config: &GenerateConfig) -> Self {
        Self {
            cases: CaseDraw::new(config, &ProcurementAnomaly::ALL, &ProcurementNearMiss::ALL),
        }
    }

    pub fn day(&mut self, ctx: &mut Ctx, v: &mut VillageState, day: NaiveDate) {
        if !ctx.calendar.is_working_day(day) || plus_days(day, 7) > ctx.last_day {
            return;
        }
        for _ in 0..poisson(&mut v.procurement.rng, PURCHASES_PER_WORKING_DAY) {
            let x = v.procurement.rng.gen();
            let village = &*v;
            let pick = self.cases.draw(
                x,
                |k| anomaly_fits(village, day, k),
                |k| near_miss_fits(village, day, k),
            );
            match pick {
                Pick::Anomaly(kind, uses) => {
                    if plant_anomaly(ctx, v, day, kind, uses) {
                        ctx.count_planted(kind.target());
                    }
                }
                Pick::NearMiss(kind, uses) => {
                    if plant_near_miss(ctx, v, day, kind, uses) {
                        ctx.count_near_miss(kind.target());
                    }
                }
                Pick::Normal => ordinary(ctx, v, day),
            }
        }
    }
}

/// An ordinary purchase: a supplier and lines drawn until the order implies nothing.
fn ordinary(ctx: &mut Ctx, v: &mut VillageState, day: NaiveDate) {
    let suppliers = goods_suppliers(v);
    for _ in 0..4 {
        let rng = &mut v.procurement.rng;
        let supplier = suppliers[rng.gen_range(0..suppliers.len())].clone();
        let per_line = if rng.gen_bool(LARGE_SHARE) {
            (8_000, 25_000)
        } else {
            (200, 5_000)
        };
        let drawn = lines(rng, category_of(&supplier), per_line);
        let lag = rng.gen_range(0..=5);
        let ordered_on = plus_days(day, -lag);
        let delivered_on = plus_days(ordered_on, rng.gen_range(0..=lag));
        let o = order(ctx, rng, &supplier, ordered_on, Some(delivered_on), drawn);
        if v.procurement.book.implied(&o).is_empty() {
            complete(ctx, v, o, &supplier, day);
            return;
        }
    }
}
