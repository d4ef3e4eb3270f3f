//! Income distribution (集体收益分配). Ordinary activity: twice a year (the year-end dividend
//! early in the year, an interim one in the summer) the members' assembly or the members'
//! representatives pass the distribution plan, the resolution is published within days, and the
//! members alive and living in the village are paid in a list per village group over the
//! following working days, in all less than the distributable income. The distribution desk
//! plants the DST-01..DST-03 cases and near misses and records their alerts itself: every
//! resolution, list and death its thresholds read about them is its own.

mod cases;
mod planted;
mod register;

pub use register::{register, Villager};

use chrono::{Datelike, NaiveDate};
use rand_chacha::ChaCha8Rng;

use cases::{DistributionAnomaly, DistributionNearMiss, ListAnomaly, ListNearMiss};
use register::OwnPerson;

use super::config::GenerateConfig;
use super::context::Ctx;
use super::draw::CaseDraw;
use super::time::plus_days;
use super::village::VillageState;

/// What the distribution desk keeps per village.
#[derive(Debug)]
pub struct DistributionVillage {
    pub rng: ChaCha8Rng,
    /// Members alive and living in the village: the ordinary recipients.
    members: Vec<String>,
    /// Members alive who moved away.
    moved_away: Vec<String>,
    /// Villagers alive who are not members.
    non_members: Vec<String>,
    /// Villagers who died before the first day.
    deceased: Vec<String>,
    /// A member of the neighbouring village, registered there since her marriage.
    married_out: Option<String>,
    /// An old member whose death a case records; taken when it is.
    elder: Option<OwnPerson>,
    /// Distributions planned so far.
    planned: u32,
}

impl DistributionVillage {
    pub fn new(rng: ChaCha8Rng) -> Self {
        Self {
            rng,
            members: Vec::new(),
            moved_away: Vec::new(),
            non_members: Vec::new(),
            deceased: Vec::new(),
            married_out: None,
            elder: None,
            planned: 0,
        }
    }
}

/// The distributions of every village.
pub struct DistributionDesk {
    distributions: CaseDraw<DistributionAnomaly, DistributionNearMiss>,
    lists: CaseDraw<ListAnomaly, ListNearMiss>,
}

impl DistributionDesk {
    pub fn new(config: &GenerateConfig) -> Self {
        // A village distributes twice a year: at the rates of quarterly activities.
        let rare = config.for_quarterly_cases();
        Self {
            distributions: CaseDraw::new(
                &rare,
                &DistributionAnomaly::ALL,
                &DistributionNearMiss::ALL,
            ),
            lists: CaseDraw::new(&rare, &ListAnomaly::ALL, &ListNearMiss::ALL),
        }
    }

    pub fn day(&mut self, ctx: &mut Ctx, v: &mut VillageState, day: NaiveDate) {
        if meeting_day(ctx, v, day) {
            planted::distribute(ctx, v, day, &mut self.distributions, &mut self.lists);
        }
    }
}

/// Whether the village votes a distribution plan on `day`: in each half year, a day from the
/// 15th of its first month to early in its third, by village, or the first day written when
/// that is later in the same half year.
fn meeting_day(ctx: &Ctx, v: &VillageState, day: NaiveDate) -> bool {
    let first_month = if day.month() <= 6 { 1 } else { 7 };
    let start = NaiveDate::from_ymd_opt(day.year(), first_month, 15).expect("valid date");
    let chosen = plus_days(start, (v.index * 7 % 50) as i64).max(ctx.first_day);
    let same_half = (chosen.month() <= 6) == (day.month() <= 6) && chosen.year() == day.year();
    chosen == day && same_half
}
