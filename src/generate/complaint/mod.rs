//! Citizen reports (信访举报) through the 监督一点通 portal. Ordinary activity: now and then a
//! villager reports an issue; the village takes it up by the next working day and answers it a
//! few working days later, the reporter satisfied or silent. The complaint desk plants the CPL-01
//! and CPL-02 cases and near misses, each altering one thing of an ordinary issue, and records
//! their alerts itself: every event the CPL thresholds read is its own.

mod cases;
mod issue;
mod planted;

use chrono::NaiveDate;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use cases::{ReportAnomaly, ReportNearMiss};

use super::config::GenerateConfig;
use super::context::Ctx;
use super::draw::CaseDraw;
use super::village::VillageState;

/// Chance that a village receives a report on a given day.
const REPORT_CHANCE: f64 = 1.0 / 10.0;

/// What the complaint desk keeps per village.
#[derive(Debug)]
pub struct ComplaintVillage {
    pub rng: ChaCha8Rng,
}

impl ComplaintVillage {
    pub fn new(rng: ChaCha8Rng) -> Self {
        Self { rng }
    }
}

/// The portal's reports of every village, day by day.
pub struct ComplaintDesk {
    cases: CaseDraw<ReportAnomaly, ReportNearMiss>,
    /// Reports filed so far, over all villages: report ids are unique in the output.
    reports: u64,
}

impl ComplaintDesk {
    pub fn new(config: &GenerateConfig) -> Self {
        Self {
            cases: CaseDraw::new(config, &ReportAnomaly::ALL, &ReportNearMiss::ALL),
            reports: 0,
        }
    }

    /// Now and then a new issue reported, with what follows from it.
    pub fn day(&mut self, ctx: &mut Ctx, v: &mut VillageState, day: NaiveDate) {
        if v.complaint.rng.gen_bool(REPORT_CHANCE) {
            planted::issue(ctx, v, day, &mut self.cases, &mut self.reports);
        }
    }
}
