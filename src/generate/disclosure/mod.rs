//! Open village affairs (三务公开). Ordinary activity publishes every major matter the day after
//! it is approved, and each quarter's finances (totals as in the ledger) and 8+X items between
//! the 5th and the 15th of the month after the quarter, all reviewed by the head of the
//! supervisory committee. The disclosure desk plants the DIS-01..DIS-05 cases and near misses;
//! the ledger (`ledger`) evaluates the disclosure conditions over everything written.

mod cases;
pub mod ledger;
mod planted;
pub mod rules;

use chrono::{Datelike, NaiveDate};
use rand_chacha::ChaCha8Rng;

use cases::{MatterAnomaly, MatterNearMiss, QuarterAnomaly, QuarterNearMiss};
use ledger::DisclosureLedger;
use rules::{quarter_of, Quarter};

use super::config::GenerateConfig;
use super::context::Ctx;
use super::draw::CaseDraw;
use super::village::VillageState;

/// What the disclosure desk keeps per village.
#[derive(Debug)]
pub struct DisclosureVillage {
    pub rng: ChaCha8Rng,
}

impl DisclosureVillage {
    pub fn new(rng: ChaCha8Rng) -> Self {
        Self { rng }
    }
}

/// The publications of every village, day by day.
pub struct DisclosureDesk {
    quarters: CaseDraw<QuarterAnomaly, QuarterNearMiss>,
    matters: CaseDraw<MatterAnomaly, MatterNearMiss>,
}

impl DisclosureDesk {
    pub fn new(config: &GenerateConfig) -> Self {
        let quarterly = config.for_quarterly_cases();
        Self {
            quarters: CaseDraw::new(&quarterly, &QuarterAnomaly::ALL, &QuarterNearMiss::ALL),
            matters: CaseDraw::new(config, &MatterAnomaly::ALL, &MatterNearMiss::ALL),
        }
    }

    /// Runs after every other desk: publishes the major matters approved before today, and on
    /// the village's day of the month after a quarter, that quarter's finances and 8+X items.
    pub fn day(
        &mut self,
        ctx: &mut Ctx,
        v: &mut VillageState,
        day: NaiveDate,
        ledger: &mut DisclosureLedger,
    ) {
        let matters = ledger.take_pending(v.index);
        planted::publish_matters(ctx, v, day, matters, &mut self.matters);
        if let Some(q) = quarter_due(ctx, v, day) {
            planted::publish_quarter(ctx, v, day, q, ledger, &mut self.quarters);
        }
    }
}

/// The quarter whose publications fall on `day` for village `v`: the 5th to the 15th of the
/// month after it, by village; none for a quarter before the first day written.
fn quarter_due(ctx: &Ctx, v: &VillageState, day: NaiveDate) -> Option<Quarter> {
    let publication_day = 5 + (v.index % 11) as u32;
    if day.day() != publication_day || !(day.month() - 1).is_multiple_of(3) {
        return None;
    }
    let q = quarter_of(crate::generate::time::plus_days(
        day,
        -i64::from(publication_day),
    ));
    (q >= quarter_of(ctx.first_day)).then_some(q)
}
