//! Conflict of interest (利益冲突), ordinary activity only so far: every cadre renews the
//! kinship declaration (亲属关系申报) before it is a year old (COI-03), as `registry.kinship`
//! upserts in the stream that restate the relatives declared, dated when signed. Planted COI
//! cases and their truth are not written yet: conflict is not among the planted categories.

use chrono::{NaiveDate, NaiveDateTime};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::context::Ctx;
use super::json::JsonObject;
use super::time::{at, plus_days, plus_seconds, timestamp};
use super::village::VillageState;

/// COI-03 max_age, 365d.
pub const MAX_AGE_DAYS: i64 = 365;

/// A cadre's declaration: the relatives declared (`none` with the cadre as relative when there
/// are none) and when it was last signed.
#[derive(Debug, Clone)]
pub struct Declarant {
    pub cadre_id: String,
    pub relatives: Vec<(String, &'static str)>,
    pub declared_at: NaiveDateTime,
    /// The day of the next renewal.
    renew_on: NaiveDate,
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
            renew_on: declared_at.date(),
        }
    }

    /// The instant the declaration becomes out of date.
    pub fn due(&self) -> NaiveDateTime {
        plus_seconds(self.declared_at, MAX_AGE_DAYS * 86_400)
    }

    /// Plans the renewal a few days to three weeks before the declaration is due.
    fn plan(&mut self, rng: &mut ChaCha8Rng) {
        self.renew_on = plus_days(self.due().date(), -rng.gen_range(3..=20));
    }
}

/// What the conflict desk keeps per village.
#[derive(Debug)]
pub struct ConflictVillage {
    pub rng: ChaCha8Rng,
    declarants: Vec<Declarant>,
}

impl ConflictVillage {
    pub fn new(mut rng: ChaCha8Rng, mut declarants: Vec<Declarant>) -> Self {
        for d in &mut declarants {
            d.plan(&mut rng);
        }
        Self { rng, declarants }
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

/// Renews the declarations due for renewal on `day`, in office hours.
pub fn day(ctx: &mut Ctx, v: &mut VillageState, day: NaiveDate) {
    let place = v.place();
    let c = &mut v.conflict;
    for d in c.declarants.iter_mut().filter(|d| d.renew_on == day) {
        let signed = plus_seconds(at(day, 9, 0, 0), c.rng.gen_range(0..8 * 3600));
        for (relative, relation) in &d.relatives {
            let payload = kinship_json(&d.cadre_id, relative, relation, signed);
            ctx.events
                .schedule("registry.kinship", place, signed, payload);
        }
        d.declared_at = signed;
        d.plan(&mut c.rng);
    }
}
