//! Homesteads and rural housing (宅基地农房). Households waiting to build apply on working days
//! (`approval.submitted` of kind homestead with the household and the footprint); the village
//! leader and then the township's natural resources office approve within twelve working days
//! (`approval.step`, `approval.completed`), one in ten is rejected, and the house is started days
//! to weeks after the approval on no more than the area applied for (`construction.started` with
//! target homestead). The steps have no supervision role and the applications no amount, so no
//! decision, disclosure or oversight threshold concerns them. The homestead desk plants the
//! HOM-01..HOM-04 cases and near misses, each altering one thing of an ordinary application, and
//! its book (`book`) judges every application and house start, so that the truth follows from
//! the events.

mod book;
mod cases;
mod households;
mod planted;

use chrono::NaiveDate;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use book::HomesteadBook;
use cases::{HomesteadAnomaly, HomesteadNearMiss};
use households::WaitingHousehold;

use super::config::GenerateConfig;
use super::context::Ctx;
use super::draw::CaseDraw;
use super::village::VillageState;

/// Chance that a village receives a homestead application on a working day (about 25 a year).
const APPLICATION_CHANCE: f64 = 0.1;

/// What the homestead desk keeps per village.
#[derive(Debug)]
pub struct HomesteadVillage {
    pub rng: ChaCha8Rng,
    households: Vec<WaitingHousehold>,
    book: HomesteadBook,
    /// The township officer who decides the village's applications.
    reviewer: String,
    /// Cases (applications and houses) so far, for their ids.
    cases: u32,
}

impl HomesteadVillage {
    /// A village with no waiting households.
    pub fn new(rng: ChaCha8Rng) -> Self {
        Self {
            rng,
            households: Vec::new(),
            book: HomesteadBook::default(),
            reviewer: String::new(),
            cases: 0,
        }
    }
}

/// Writes the waiting households of village `index` to the registry.
pub fn register_households(
    ctx: &mut Ctx,
    mut rng: ChaCha8Rng,
    index: usize,
) -> std::io::Result<HomesteadVillage> {
    let households = households::register_households(ctx, &mut rng, index)?;
    Ok(HomesteadVillage {
        households,
        reviewer: format!("nr-{:04}01", index + 1),
        ..HomesteadVillage::new(rng)
    })
}

/// The homestead applications of every village, day by day.
pub struct HomesteadDesk {
    applications: CaseDraw<HomesteadAnomaly, HomesteadNearMiss>,
}

impl HomesteadDesk {
    pub fn new(config: &GenerateConfig) -> Self {
        Self {
            applications: CaseDraw::new(config, &HomesteadAnomaly::ALL, &HomesteadNearMiss::ALL),
        }
    }

    pub fn day(&mut self, ctx: &mut Ctx, v: &mut VillageState, day: NaiveDate) {
        if ctx.calendar.is_working_day(day) && v.homestead.rng.gen_bool(APPLICATION_CHANCE) {
            planted::application(ctx, v, day, &mut self.applications);
        }
    }
}
