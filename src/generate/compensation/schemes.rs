//! The land-taking schemes of a village, planned before the first business day because their
//! land is in the registry: for each scheme the households whose land is taken, each with its
//! members (`registry.person`), its certified parcels and an uncertified reclaimed plot
//! (`registry.land`), and one villager of another household who holds no land in the scheme.

use chrono::{Datelike, NaiveDate};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::book::LandRegister;
use crate::generate::context::Ctx;
use crate::generate::draw::poisson;
use crate::generate::json::{decimal_text, JsonObject};
use crate::generate::names;
use crate::generate::time::plus_days;
use crate::generate::writer::Place;

/// Land-taking schemes a village has per year, on average.
const SCHEMES_PER_YEAR: f64 = 2.5;
/// Days a scheme needs after its first count for all its counts.
const COUNTING_DAYS: i64 = 10;

/// A plot of a household, in hundredths of a mu.
#[derive(Debug, Clone)]
pub struct Plot {
    pub parcel_id: String,
    pub area_centi_mu: i64,
}

/// A household whose land a scheme takes; `members[0]` holds its land.
#[derive(Debug, Clone)]
pub struct LandHousehold {
    pub household_id: String,
    pub members: Vec<String>,
    /// Certified holdings of the holder.
    pub parcels: Vec<Plot>,
    /// A reclaimed plot (开荒地) registered to the holder but not certified.
    pub reclaimed: Plot,
}

impl LandHousehold {
    pub fn holder(&self) -> &str {
        &self.members[0]
    }
}

/// A villager and his household.
#[derive(Debug, Clone)]
pub struct Villager {
    pub person_id: String,
    pub household_id: String,
}

#[derive(Debug, Clone)]
pub struct Scheme {
    pub scheme_id: String,
    pub first_day: NaiveDate,
    pub households: Vec<LandHousehold>,
    /// A villager of another household, who holds no land in the scheme.
    pub outsider: Villager,
}

/// Writes a villager with no bank account to the registry; returns the person id.
pub fn register_villager(
    ctx: &mut Ctx,
    rng: &mut ChaCha8Rng,
    place: Place,
    household_id: &str,
    family: &str,
) -> std::io::Result<String> {
    let person_id = ctx.ids.person();
    let mut o = JsonObject::new();
    o.string("person_id", &person_id)
        .string("name", &names::person_name(rng, family))
        .string("household_id", household_id)
        .boolean("is_member", true)
        .boolean("resident", true)
        .strings("bank_accounts", &[]);
    ctx.events.registry("registry.person", place, &o.finish())?;
    Ok(person_id)
}

fn write_holding(
    ctx: &mut Ctx,
    place: Place,
    holder: &str,
    household: &str,
    plot: &Plot,
    land_type: &str,
    certified: bool,
) -> std::io::Result<()> {
    let mut o = JsonObject::new();
    o.string("holding_id", &ctx.ids.holding())
        .string("holder_id", holder)
        .string("household_id", household)
        .string("parcel_id", &plot.parcel_id)
        .string("land_type", land_type)
        .raw("area_mu", &decimal_text(plot.area_centi_mu, 2))
        .boolean("certified", certified);
    ctx.events.registry("registry.land", place, &o.finish())
}

fn plot(ctx: &mut Ctx, rng: &mut ChaCha8Rng, areas: std::ops::RangeInclusive<i64>) -> Plot {
    Plot {
        parcel_id: ctx.ids.parcel(),
        area_centi_mu: rng.gen_range(areas),
    }
}

/// Plans the schemes of village `index` over the period and writes their registry records to
/// `land`.
pub fn plan_schemes(
    ctx: &mut Ctx,
    rng: &mut ChaCha8Rng,
    index: usize,
    land: &mut LandRegister,
) -> std::io::Result<Vec<Scheme>> {
    let place = Place::Village(index);
    let last_start = plus_days(ctx.last_day, -COUNTING_DAYS);
    let span = (last_start - ctx.first_day).num_days();
    if span < 0 {
        return Ok(Vec::new());
    }
    let count = poisson(rng, (span + 1) as f64 * SCHEMES_PER_YEAR / 365.0);
    let mut days = Vec::with_capacity(count as usize);
    for _ in 0..count {
        let day = plus_days(ctx.first_day, rng.gen_range(0..=span));
        days.push(first_working_day(ctx, day));
    }
    days.sort();
    let mut schemes = Vec::with_capacity(days.len());
    for (n, first_day) in days.into_iter().enumerate() {
        let scheme_id = format!("zd-{}-{:04}{:02}", first_day.year(), index + 1, n + 1);
        let mut households = Vec::new();
        for _ in 0..rng.gen_range(10..=16) {
            let household_id = ctx.ids.household();
            let family = names::surname(rng);
            let mut members = Vec::new();
            for _ in 0..rng.gen_range(2..=4) {
                let person = register_villager(ctx, rng, place, &household_id, family)?;
                land.note_person(&person, &household_id);
                members.push(person);
            }
            let parcels: Vec<Plot> = (0..rng.gen_range(1..=3))
                .map(|_| plot(ctx, rng, 40..=400))
                .collect();
            for p in &parcels {
                let land_type = if rng.gen_bool(0.8) {
                    "contract_farmland"
                } else {
                    "forest"
                };
                write_holding(ctx, place, &members[0], &household_id, p, land_type, true)?;
                land.note_holding(&p.parcel_id, &members[0], &household_id, true);
            }
            let reclaimed = plot(ctx, rng, 10..=60);
            write_holding(
                ctx,
                place,
                &members[0],
                &household_id,
                &reclaimed,
                "other",
                false,
            )?;
            land.note_holding(&reclaimed.parcel_id, &members[0], &household_id, false);
            households.push(LandHousehold {
                household_id,
                members,
                parcels,
                reclaimed,
            });
        }
        let household_id = ctx.ids.household();
        let family = names::surname(rng);
        let person_id = register_villager(ctx, rng, place, &household_id, family)?;
        land.note_person(&person_id, &household_id);
        schemes.push(Scheme {
            scheme_id,
            first_day,
            households,
            outsider: Villager {
                person_id,
                household_id,
            },
        });
    }
    Ok(schemes)
}

/// `d` or the first working day after it.
fn first_working_day(ctx: &Ctx, d: NaiveDate) -> NaiveDate {
    if ctx.calendar.is_working_day(d) {
        d
    } else {
        ctx.calendar.working_days_after(d, 1)
    }
}
