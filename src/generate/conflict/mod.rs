//! Conflict of interest (利益冲突). Ordinary activity: every cadre renews the kinship declaration
//! (亲属关系申报) before it is a year old (COI-03), as `registry.kinship` upserts in the stream
//! that restate the relatives declared, dated when signed; a cadre whose term has ended before
//! the declaration falls due no longer renews it. The village's ordinary dealings are the other
//! desks', with parties no cadre is tied to. The conflict desk plants the COI-01..COI-04 cases
//! and near misses: renewals late, at the due instant or never, and dealings (leases, contracts,
//! payments) with the people and firms of its cast (`cast`). COI-01, COI-02 and COI-04 read
//! what every desk writes, and COI-03 every declaration and term, so their truth comes from a
//! ledger that observes the written stream (`ledger`), not from the desk.

mod cases;
pub mod cast;
pub mod ledger;
mod planted;

use chrono::{NaiveDate, NaiveDateTime};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use std::collections::HashSet;

use cases::{DealingAnomaly, DealingNearMiss, RenewalAnomaly, RenewalNearMiss};
use cast::Cast;

use super::config::GenerateConfig;
use super::context::Ctx;
use super::draw::{CaseDraw, Pick};
use super::json::JsonObject;
use super::threshold::Threshold;
use super::time::{at, plus_days, plus_seconds, start_of, timestamp};
use super::village::VillageState;

/// COI-03 max_age, 365d.
pub const MAX_AGE_DAYS: i64 = 365;

/// Chance that a village has a dealing on a given day that may carry a conflict case.
const DEALING_CHANCE: f64 = 1.0 / 12.0;

/// A cadre's declaration: the relatives declared (`none` with the cadre as relative when there
/// are none) and when it was last signed.
#[derive(Debug, Clone)]
pub struct Declarant {
    pub cadre_id: String,
    pub relatives: Vec<(String, &'static str)>,
    pub declared_at: NaiveDateTime,
    /// The day of the next renewal; none when the cadre renews no more.
    renew_on: Option<NaiveDate>,
}

impl Declarant {
    pub fn new(
        cadre_id: String,
        relatives: Vec<(String, &'static str)>,
        declared_at: NaiveDateTime,
    ) -> Self {
        Self {
            cadre_id,
            relatives,
            declared_at,
            renew_on: Some(declared_at.date()),
        }
    }

    /// The instant the declaration becomes out of date.
    pub fn due(&self) -> NaiveDateTime {
        plus_seconds(self.declared_at, MAX_AGE_DAYS * 86_400)
    }

    /// Plans the renewal a few days to three weeks before the declaration is due.
    fn plan(&mut self, rng: &mut ChaCha8Rng) {
        self.renew_on = Some(plus_days(self.due().date(), -rng.gen_range(3..=20)));
    }
}

/// What the conflict desk keeps per village.
#[derive(Debug)]
pub struct ConflictVillage {
    pub rng: ChaCha8Rng,
    declarants: Vec<Declarant>,
    cast: Option<Cast>,
    /// (person, year) of the cast's relatives paid in a year.
    paid: HashSet<(String, i32)>,
    /// Newcomers declared and former cadres dealt with: each serves one near miss.
    used: HashSet<String>,
}

impl ConflictVillage {
    pub fn new(mut rng: ChaCha8Rng, mut declarants: Vec<Declarant>, cast: Option<Cast>) -> Self {
        for d in &mut declarants {
            d.plan(&mut rng);
        }
        Self {
            rng,
            declarants,
            cast,
            paid: HashSet::new(),
            used: HashSet::new(),
        }
    }

    /// The relatives `cadre` declared (kin(cadre) of the catalog: relation `none` excluded).
    pub fn relatives_of(&self, cadre: &str) -> Vec<String> {
        self.declarants
            .iter()
            .filter(|d| d.cadre_id == cadre)
            .flat_map(|d| d.relatives.iter())
            .filter(|(_, relation)| *relation != "none")
            .map(|(relative, _)| relative.clone())
            .collect()
    }

    /// Declares one more relative of `cadre` at `at`, in the stream.
    fn declare(
        &mut self,
        ctx: &mut Ctx,
        place: super::writer::Place,
        cadre: &str,
        relative: &str,
        relation: &'static str,
        at: NaiveDateTime,
    ) {
        let payload = kinship_json(cadre, relative, relation, at);
        ctx.events.schedule("registry.kinship", place, at, payload);
        if let Some(d) = self.declarants.iter_mut().find(|d| d.cadre_id == cadre) {
            d.relatives.push((relative.to_string(), relation));
            if at > d.declared_at {
                d.declared_at = at;
                if d.renew_on.is_some() {
                    d.plan(&mut self.rng);
                }
            }
        }
    }
}

/// The payload of a kinship declaration.
pub fn kinship_json(
    cadre: &str,
    relative: &str,
    relation: &str,
    declared_at: NaiveDateTime,
) -> String {
    let mut o = JsonObject::new();
    o.string("cadre_id", cadre)
        .string("relative_id", relative)
        .string("relation", relation)
        .string("declared_at", &timestamp(declared_at));
    o.finish()
}

/// The conflict desk of every village, day by day.
pub struct ConflictDesk {
    renewals: CaseDraw<RenewalAnomaly, RenewalNearMiss>,
    dealings: CaseDraw<DealingAnomaly, DealingNearMiss>,
}

impl ConflictDesk {
    pub fn new(config: &GenerateConfig) -> Self {
        // Renewals and dealings are few: they carry cases at the rates of quarterly activities.
        let rare = config.for_quarterly_cases();
        Self {
            renewals: CaseDraw::new(&rare, &RenewalAnomaly::ALL, &RenewalNearMiss::ALL),
            dealings: CaseDraw::new(&rare, &DealingAnomaly::ALL, &DealingNearMiss::ALL),
        }
    }

    /// The declarations due for renewal on `day`, and now and then a dealing.
    pub fn day(&mut self, ctx: &mut Ctx, v: &mut VillageState, day: NaiveDate) {
        self.renew(ctx, v, day);
        if v.conflict.cast.is_some() && v.conflict.rng.gen_bool(DEALING_CHANCE) {
            planted::dealing(ctx, v, day, &mut self.dealings);
        }
    }

    /// Renews the declarations due for renewal on `day`, in office hours, or plants a case.
    fn renew(&mut self, ctx: &mut Ctx, v: &mut VillageState, day: NaiveDate) {
        let place = v.place();
        let last_day = ctx.last_day;
        let end = start_of(plus_days(last_day, 1));
        let within = |t: NaiveDateTime| t.date() <= last_day;
        for n in 0..v.conflict.declarants.len() {
            if v.conflict.declarants[n].renew_on != Some(day) {
                continue;
            }
            let due = v.conflict.declarants[n].due();
            let cadre = v.conflict.declarants[n].cadre_id.clone();
            let terms = v.cadres.iter().filter(|c| c.payee.person_id == cadre);
            let serving = terms
                .clone()
                .any(|c| c.serves_throughout(due.date(), due.date()));
            // A term that ended before the due day (the registry's cadres of planted cases of
            // other desks are not among `v.cadres`: they renew as usual).
            let ended = !serving && terms.clone().any(|c| c.term_end.is_some());
            let c = &mut v.conflict;
            let x: f64 = c.rng.gen();
            let pick = self.renewals.draw(
                x,
                |k| match k {
                    RenewalAnomaly::RenewedLate => serving && within(plus_seconds(due, 1)),
                    RenewalAnomaly::NeverRenewed => serving && due < end,
                },
                |k| match k {
                    RenewalNearMiss::RenewedAtDue => serving && within(due),
                },
            );
            let signed = match pick {
                Pick::Normal if ended && due < end => {
                    // Out of office before the due day: nothing more to declare, and no alert;
                    // a near miss of COI-03 whenever the due day is written.
                    ctx.count_near_miss(Threshold::DeclarationStale);
                    None
                }
                Pick::Normal => Some(plus_seconds(at(day, 9, 0, 0), c.rng.gen_range(0..8 * 3600))),
                Pick::Anomaly(kind, _) => {
                    ctx.count_planted(kind.target());
                    match kind {
                        RenewalAnomaly::RenewedLate => Some(plus_seconds(due, 1)),
                        RenewalAnomaly::NeverRenewed => None,
                    }
                }
                Pick::NearMiss(kind, _) => {
                    ctx.count_near_miss(kind.target());
                    Some(due)
                }
            };
            let d = &mut c.declarants[n];
            let Some(signed) = signed else {
                d.renew_on = None;
                continue;
            };
            for (relative, relation) in &d.relatives {
                let payload = kinship_json(&d.cadre_id, relative, relation, signed);
                ctx.events
                    .schedule("registry.kinship", place, signed, payload);
            }
            d.declared_at = signed;
            d.plan(&mut c.rng);
        }
    }
}
