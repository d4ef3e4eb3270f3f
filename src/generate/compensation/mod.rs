//! Policy-handling compensation (征地拆迁补偿, 政策处理). A few times a year a village has land
//! taken for a scheme: township staff and the village count, household by household and parcel
//! by parcel, the seedlings (against the species' planting norm) and the graves on the land, and
//! record one `compensation.assessed` per parcel, paid to the holder. Ordinary counts have two
//! department staff present, seedlings well within the norm, a few graves per household, and each
//! holder collects for his own household only. The compensation desk plants the CMP-01..CMP-05
//! cases and near misses, each altering one thing of one household's counts, and its book
//! (`book`) judges every assessment against the land register the desk wrote, so that the truth
//! follows from the events.

pub mod book;
mod cases;
mod planted;
mod schemes;

pub use schemes::register_villager;

use chrono::NaiveDate;
use rand_chacha::ChaCha8Rng;

use book::LandRegister;
use cases::{CompensationAnomaly, CompensationNearMiss};
use schemes::Scheme;

use super::config::GenerateConfig;
use super::context::Ctx;
use super::draw::CaseDraw;
use super::village::VillageState;

/// Township department staff who attend a village's counts.
const STAFF: usize = 3;

/// What the compensation desk keeps per village.
#[derive(Debug)]
pub struct CompensationVillage {
    pub rng: ChaCha8Rng,
    /// The village's schemes in order of their first count.
    schemes: Vec<Scheme>,
    next_scheme: usize,
    land: LandRegister,
    staff: Vec<String>,
    assessments: u32,
}

impl CompensationVillage {
    /// A village with no schemes.
    pub fn new(rng: ChaCha8Rng) -> Self {
        Self {
            rng,
            schemes: Vec::new(),
            next_scheme: 0,
            land: LandRegister::default(),
            staff: Vec::new(),
            assessments: 0,
        }
    }
}

/// Plans the schemes of village `index` and writes their land and landholders to the registry.
pub fn register_landholders(
    ctx: &mut Ctx,
    mut rng: ChaCha8Rng,
    index: usize,
) -> std::io::Result<CompensationVillage> {
    let mut land = LandRegister::default();
    let schemes = schemes::plan_schemes(ctx, &mut rng, index, &mut land)?;
    Ok(CompensationVillage {
        staff: (1..=STAFF)
            .map(|n| format!("st-{:04}{n:02}", index + 1))
            .collect(),
        schemes,
        land,
        ..CompensationVillage::new(rng)
    })
}

/// The counts of every village's schemes, on the day of each scheme's first count.
pub struct CompensationDesk {
    households: CaseDraw<CompensationAnomaly, CompensationNearMiss>,
}

impl CompensationDesk {
    pub fn new(config: &GenerateConfig) -> Self {
        Self {
            households: CaseDraw::new(
                config,
                &CompensationAnomaly::ALL,
                &CompensationNearMiss::ALL,
            ),
        }
    }

    pub fn day(&mut self, ctx: &mut Ctx, v: &mut VillageState, day: NaiveDate) {
        while let Some(scheme) = v.compensation.schemes.get(v.compensation.next_scheme) {
            if scheme.first_day != day {
                break;
            }
            let scheme = scheme.clone();
            v.compensation.next_scheme += 1;
            planted::assess_scheme(ctx, v, &scheme, &mut self.households);
        }
    }
}
