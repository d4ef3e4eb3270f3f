//! Village affairs supervision (村务监督). Ordinary activity: the supervisory committee records a
//! check of every quarter in the quarter's last month, signed by its head (OVS-02), and signs the
//! supervision step of the payment approvals it is sent within hours of the step opening (OVS-01),
//! the head recusing himself in favour of a member when he or a relative he declared is a party
//! (OVS-03). The oversight desk plants the OVS-01..OVS-03 cases and near misses, each altering one
//! thing of an ordinary check or approval, and records their alerts itself: every event the OVS
//! thresholds read about them is its own.

mod cases;
mod planted;

pub use planted::supervision_signer;

use chrono::NaiveDate;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use cases::{CheckAnomaly, CheckNearMiss, SignoffAnomaly, SignoffNearMiss};

use super::config::GenerateConfig;
use super::context::Ctx;
use super::disclosure::rules::{quarter_of, Quarter};
use super::draw::CaseDraw;
use super::time::plus_days;
use super::village::VillageState;

/// Chance that a village sends the committee a payment approval on a given day.
const SIGNOFF_CHANCE: f64 = 1.0 / 12.0;

/// What the oversight desk keeps per village.
#[derive(Debug)]
pub struct OversightVillage {
    pub rng: ChaCha8Rng,
}

impl OversightVillage {
    pub fn new(rng: ChaCha8Rng) -> Self {
        Self { rng }
    }
}

/// The supervisory committee of every village, day by day.
pub struct OversightDesk {
    checks: CaseDraw<CheckAnomaly, CheckNearMiss>,
    signoffs: CaseDraw<SignoffAnomaly, SignoffNearMiss>,
}

impl OversightDesk {
    pub fn new(config: &GenerateConfig) -> Self {
        let quarterly = config.for_quarterly_cases();
        Self {
            checks: CaseDraw::new(&quarterly, &CheckAnomaly::ALL, &CheckNearMiss::ALL),
            signoffs: CaseDraw::new(config, &SignoffAnomaly::ALL, &SignoffNearMiss::ALL),
        }
    }

    /// The quarter's check on the village's day of it, and now and then a payment approval for
    /// the committee to sign.
    pub fn day(&mut self, ctx: &mut Ctx, v: &mut VillageState, day: NaiveDate) {
        if let Some(q) = check_due(ctx, v, day) {
            planted::check_quarter(ctx, v, day, q, &mut self.checks);
        }
        // The approval runs over at most two days after its submission.
        if plus_days(day, 2) <= ctx.last_day && v.oversight.rng.gen_bool(SIGNOFF_CHANCE) {
            planted::signoff(ctx, v, day, &mut self.signoffs);
        }
    }
}

/// The quarter whose check falls on `day` for village `v`: a day of the quarter's last month
/// (the 5th to the 24th, by village), or the first day written when that is later in the same
/// quarter.
fn check_due(ctx: &Ctx, v: &VillageState, day: NaiveDate) -> Option<Quarter> {
    let q = quarter_of(day);
    let month = 3 * q.1;
    let chosen = NaiveDate::from_ymd_opt(q.0, month, 5 + (v.index % 20) as u32)
        .expect("a day of the quarter's last month");
    let check_day = chosen.max(ctx.first_day);
    (check_day == day && quarter_of(check_day) == q).then_some(q)
}
