//! The registry the subsidy desk adds to a village: farming households with their certified
//! land (SUB-04 reads nothing else), villagers for the SUB-02 cases (dead yet still registered
//! as resident, moved away, dying during the period), and as many more farm household members
//! as make the village's population a multiple of twice its cadres and kin on the first day,
//! so that SUB-01's ratio can be met exactly by a list of a few dozen.
//!
//! SUB-01 counts the whole population of the village, so this runs after everything else in
//! the village's registry is written and takes it in as `census`.

use chrono::NaiveDate;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::census::{Census, Villager};
use super::rules::Area;
use super::{Farm, SubsidyVillage};
use crate::generate::context::Ctx;
use crate::generate::json::{decimal_text, JsonObject};
use crate::generate::names;
use crate::generate::time::{date_text, plus_days};
use crate::generate::writer::Place;

fn person_json(v: &Villager, name: &str) -> String {
    let mut o = JsonObject::new();
    o.string("person_id", &v.id)
        .string("name", name)
        .string("household_id", &v.household)
        .boolean("is_member", true)
        .boolean("resident", v.resident);
    if let Some(d) = v.deceased_on {
        o.string("deceased_on", &date_text(d));
    }
    let accounts: Vec<String> = v.account.iter().cloned().collect();
    o.strings("bank_accounts", &accounts);
    o.finish()
}

/// Writes one registry.person of the village and adds it to the census.
fn write_person(
    ctx: &mut Ctx,
    rng: &mut ChaCha8Rng,
    census: &mut Census,
    place: Place,
    villager: Villager,
) -> std::io::Result<()> {
    let family = names::surname(rng);
    let name = names::person_name(rng, family);
    ctx.events
        .registry("registry.person", place, &person_json(&villager, &name))?;
    census.add(villager);
    Ok(())
}

fn new_villager(ctx: &mut Ctx, rng: &mut ChaCha8Rng, household: String) -> Villager {
    Villager {
        id: ctx.ids.person(),
        household,
        resident: true,
        deceased_on: None,
        account: Some(ctx.ids.bank_account(rng)),
        eligible: true,
    }
}

fn write_holding(
    ctx: &mut Ctx,
    place: Place,
    farm: &Farm,
    land_type: &str,
    area: Area,
    certified: bool,
) -> std::io::Result<()> {
    let mut o = JsonObject::new();
    o.string("holding_id", &ctx.ids.holding())
        .string("holder_id", &farm.holder)
        .string("household_id", &farm.household)
        .string("parcel_id", &ctx.ids.parcel())
        .string("land_type", land_type)
        .raw("area_mu", &decimal_text(area, 2))
        .boolean("certified", certified);
    ctx.events.registry("registry.land", place, &o.finish())
}

/// A farming household: holder and family, certified farmland in parcels of whole twentieths
/// of a mu (so that a fifth more of a claim is a whole hundredth), a homestead, and now and then
/// a parcel not yet certified.
fn write_farm(
    ctx: &mut Ctx,
    rng: &mut ChaCha8Rng,
    census: &mut Census,
    place: Place,
) -> std::io::Result<Farm> {
    let household = ctx.ids.household();
    let holder = new_villager(ctx, rng, household.clone());
    let holder_id = holder.id.clone();
    write_person(ctx, rng, census, place, holder)?;
    for _ in 0..rng.gen_range(0..=2) {
        let member = new_villager(ctx, rng, household.clone());
        write_person(ctx, rng, census, place, member)?;
    }
    let parcels: Vec<Area> = (0..rng.gen_range(1..=3))
        .map(|_| 5 * rng.gen_range(20..=160))
        .collect();
    let certified: Area = parcels.iter().sum();
    let share = rng.gen_range(12..=19);
    let farm = Farm {
        holder: holder_id,
        household,
        certified,
        farmed: (certified * share / 20) / 5 * 5,
        homestead: rng.gen_range(20..=45),
    };
    for &area in &parcels {
        write_holding(ctx, place, &farm, "contract_farmland", area, true)?;
    }
    write_holding(ctx, place, &farm, "homestead", farm.homestead, true)?;
    if rng.gen_bool(0.3) {
        write_holding(
            ctx,
            place,
            &farm,
            "contract_farmland",
            5 * rng.gen_range(10..=60),
            false,
        )?;
    }
    Ok(farm)
}

/// A villager of a SUB-02 case, in a household of their own.
fn write_case_person(
    ctx: &mut Ctx,
    rng: &mut ChaCha8Rng,
    census: &mut Census,
    place: Place,
    resident: bool,
    deceased_on: Option<NaiveDate>,
) -> std::io::Result<String> {
    let household = ctx.ids.household();
    let villager = Villager {
        resident,
        deceased_on,
        eligible: false,
        ..new_villager(ctx, rng, household)
    };
    let id = villager.id.clone();
    write_person(ctx, rng, census, place, villager)?;
    Ok(id)
}

/// Villagers registered to die during the period (when it is 40 days or longer).
const DYING_PER_PERIOD: i64 = 8;

/// Writes the desk's registry of village `index` (after the rest of its registry, described by
/// `census`) and returns the desk's state of the village.
pub fn register(
    ctx: &mut Ctx,
    mut rng: ChaCha8Rng,
    index: usize,
    mut census: Census,
) -> std::io::Result<SubsidyVillage> {
    let place = Place::Village(index);
    let first = ctx.first_day;
    let period_days = (ctx.last_day - first).num_days() + 1;

    let mut farms = Vec::new();
    for _ in 0..rng.gen_range(12..=20) {
        farms.push(write_farm(ctx, &mut rng, &mut census, place)?);
    }
    let mut deceased = Vec::new();
    for _ in 0..2 {
        let died = plus_days(first, -rng.gen_range(20..=400));
        deceased.push(write_case_person(
            ctx,
            &mut rng,
            &mut census,
            place,
            true,
            Some(died),
        )?);
    }
    let mut moved = Vec::new();
    for _ in 0..2 {
        moved.push(write_case_person(
            ctx,
            &mut rng,
            &mut census,
            place,
            false,
            None,
        )?);
    }
    // Registered with the day they will die, as a registry extract taken after the period
    // would show them; spread over the period so that most lists have a death in reach of
    // their payment day (the SUB-02 cases around a death need one).
    let mut dying = Vec::new();
    if period_days >= 40 {
        for k in 1..=DYING_PER_PERIOD {
            let died = plus_days(
                first,
                period_days * k / (DYING_PER_PERIOD + 1) + rng.gen_range(-3..=3),
            );
            let id = write_case_person(ctx, &mut rng, &mut census, place, true, Some(died))?;
            dying.push((id, died));
        }
    }

    // Round the population up to a multiple of 2 * Kp on the first day.
    let (p, kp) = census.population(first);
    if kp > 0 && !farms.is_empty() {
        let missing = (2 * kp - p % (2 * kp)) % (2 * kp);
        for n in 0..missing {
            let household = farms[n as usize % farms.len()].household.clone();
            let member = new_villager(ctx, &mut rng, household);
            write_person(ctx, &mut rng, &mut census, place, member)?;
        }
    }

    let close = census.ever_close();
    let pool = census
        .villagers()
        .iter()
        .filter(|v| {
            v.eligible
                && v.resident
                && v.deceased_on.is_none()
                && v.account.is_some()
                && !close.contains(&v.id)
        })
        .map(|v| v.id.clone())
        .collect();
    Ok(SubsidyVillage {
        census,
        farms,
        pool,
        deceased,
        moved,
        dying,
        ..SubsidyVillage::new(rng)
    })
}
