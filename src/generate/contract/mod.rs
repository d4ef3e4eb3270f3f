//! Contracts (合同管理): service contracts with their deposits, installments and supplements, and
//! sale contracts with the proceeds they bring in, each entered in the platform within days of
//! signing. The contract book (`book`) is shared: procurement contracts and the service contracts
//! of large expenses are recorded through it too, and every payment is entered in it, so that
//! the contract alerts of every contract and payment are known. Planted CON-01..CON-05 cases and
//! near misses alter one thing each.

pub mod book;
mod cases;
pub mod partners;
mod planted;
pub mod record;
mod sale;
pub mod service;

use chrono::NaiveDate;
use rand::seq::SliceRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

pub use cases::{ContractAnomaly, ContractNearMiss};

use super::config::GenerateConfig;
use super::context::Ctx;
use super::draw::{poisson, CaseDraw, Pick};
use super::time::plus_days;
use super::village::VillageState;
use partners::Partners;
use planted::{anomaly_fits, near_miss_fits, plant_anomaly, plant_near_miss};
use sale::SalePlan;
use service::{ServicePlan, FILING_TAIL_DAYS};

/// Contracts a village signs per working day, on average (about twenty-five a year).
const CONTRACTS_PER_WORKING_DAY: f64 = 0.1;
/// Share of ordinary contracts that are service contracts; the others are sales.
const SERVICE_SHARE: f64 = 0.7;

/// What the contract desk keeps per village.
#[derive(Debug)]
pub struct ContractVillage {
    pub rng: ChaCha8Rng,
    pub partners: Partners,
}

impl ContractVillage {
    pub fn new(rng: ChaCha8Rng, partners: Partners) -> Self {
        Self { rng, partners }
    }

    /// A service partner drawn at random.
    pub fn service_partner(&mut self) -> partners::Partner {
        self.partners
            .services
            .choose(&mut self.rng)
            .expect("every village has service partners")
            .clone()
    }
}

/// The contract activity of every village, day by day.
pub struct ContractDesk {
    cases: CaseDraw<ContractAnomaly, ContractNearMiss>,
}

impl ContractDesk {
    pub fn new(config: &GenerateConfig) -> Self {
        Self {
            cases: CaseDraw::new(config, &ContractAnomaly::ALL, &ContractNearMiss::ALL),
        }
    }

    pub fn day(&mut self, ctx: &mut Ctx, v: &mut VillageState, day: NaiveDate) {
        if !ctx.calendar.is_working_day(day) || plus_days(day, FILING_TAIL_DAYS) > ctx.last_day {
            return;
        }
        for _ in 0..poisson(&mut v.contract.rng, CONTRACTS_PER_WORKING_DAY) {
            let x = v.contract.rng.gen();
            let pick = self.cases.draw(
                x,
                |k| anomaly_fits(ctx, day, k),
                |k| near_miss_fits(ctx, day, k),
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

/// An ordinary contract entered on `day`: a service contract or a sale.
fn ordinary(ctx: &mut Ctx, v: &mut VillageState, day: NaiveDate) {
    if v.contract.rng.gen_bool(SERVICE_SHARE) {
        let partner = v.contract.service_partner();
        let plan = ServicePlan::ordinary(ctx, &mut v.contract.rng, partner, day);
        service::write(ctx, v, &plan);
    } else {
        let plan = SalePlan::ordinary(&mut v.contract.rng, &v.contract.partners, day);
        sale::write(ctx, v, &plan);
    }
}
