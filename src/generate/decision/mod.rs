//! Democratic decision-making (民主决策): village meetings and their publication. Ordinary
//! activity puts every major matter to a five-step vote before it is approved (the project
//! drafts do it, `projects::ProjectDraft`), publishes every passed resolution within days
//! (`meetings::hold`), holds meetings with a quorum and has the supervisory committee sign every
//! approval that needs it. The decision desk holds the villages' other meetings and plants the
//! DEC-01..DEC-05 cases and near misses; the ledger (`ledger`) evaluates the decision conditions
//! over everything written, so the truth lists exactly the decision alerts the events imply.

mod cases;
pub mod ledger;
mod planted;
pub mod publish;
pub mod rules;

use chrono::{NaiveDate, NaiveDateTime};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use std::collections::VecDeque;

pub use cases::{DecisionAnomaly, DecisionNearMiss};

use super::config::GenerateConfig;
use super::context::Ctx;
use super::draw::{poisson, CaseDraw, Pick};
use super::village::VillageState;
use planted::{anomaly_fits, near_miss_fits, ordinary, plant_anomaly, plant_near_miss};

/// Meetings a village holds per working day besides those on projects and contracts, on average
/// (three or so a month).
const MEETINGS_PER_WORKING_DAY: f64 = 0.15;
/// Contracts remembered for ratification cases.
const REMEMBERED_CONTRACTS: usize = 16;

/// A main contract as recorded: id, signing day, instant of entry.
#[derive(Debug, Clone)]
pub struct NotedContract {
    pub contract_id: String,
    pub signed_on: NaiveDate,
    pub recorded_at: NaiveDateTime,
}

/// What the decision desk keeps per village.
#[derive(Debug)]
pub struct DecisionVillage {
    pub rng: ChaCha8Rng,
    contracts: VecDeque<NotedContract>,
}

impl DecisionVillage {
    pub fn new(rng: ChaCha8Rng) -> Self {
        Self {
            rng,
            contracts: VecDeque::new(),
        }
    }

    /// Notes a main contract entered in the platform.
    pub fn note_contract(&mut self, contract_id: &str, signed_on: NaiveDate, at: NaiveDateTime) {
        if self.contracts.len() == REMEMBERED_CONTRACTS {
            self.contracts.pop_front();
        }
        self.contracts.push_back(NotedContract {
            contract_id: contract_id.to_string(),
            signed_on,
            recorded_at: at,
        });
    }

    /// The latest noted contract that `fits`.
    pub fn contract(&self, fits: impl Fn(&NotedContract) -> bool) -> Option<&NotedContract> {
        self.contracts.iter().rev().find(|c| fits(c))
    }
}

/// The meetings of every village, day by day.
pub struct DecisionDesk {
    cases: CaseDraw<DecisionAnomaly, DecisionNearMiss>,
}

impl DecisionDesk {
    pub fn new(config: &GenerateConfig) -> Self {
        Self {
            cases: CaseDraw::new(config, &DecisionAnomaly::ALL, &DecisionNearMiss::ALL),
        }
    }

    /// Runs after the contract desk, so that contracts signed today are known.
    pub fn day(&mut self, ctx: &mut Ctx, v: &mut VillageState, day: NaiveDate) {
        if !ctx.calendar.is_working_day(day) {
            return;
        }
        for _ in 0..poisson(&mut v.decision.rng, MEETINGS_PER_WORKING_DAY) {
            let x = v.decision.rng.gen();
            let pick = self.cases.draw(
                x,
                |k| anomaly_fits(ctx, v, day, k),
                |k| near_miss_fits(ctx, v, day, k),
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
