//! The households of a village waiting to build (分户 households of young families), written to
//! the registry before the first business day: most hold no homestead; a few hold a certified
//! one already and a few one that is registered but not yet certified.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::generate::compensation::register_villager;
use crate::generate::context::Ctx;
use crate::generate::json::{decimal_text, JsonObject};
use crate::generate::names;
use crate::generate::writer::Place;

/// Households with no homestead per day of the period, beyond a base of eight.
const WAITING_PER_DAY: f64 = 0.08;
/// Households holding a homestead already, certified and not.
const HOUSED: usize = 3;

/// The homestead a waiting household holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holding {
    Nothing,
    CertifiedHomestead,
    UncertifiedHomestead,
}

#[derive(Debug, Clone)]
pub struct WaitingHousehold {
    pub household_id: String,
    /// The member who applies.
    pub applicant: String,
    pub holding: Holding,
    /// Built a house with no application.
    pub built: bool,
}

fn write_homestead(
    ctx: &mut Ctx,
    rng: &mut ChaCha8Rng,
    place: Place,
    holder: &str,
    household: &str,
    certified: bool,
) -> std::io::Result<()> {
    let mut o = JsonObject::new();
    o.string("holding_id", &ctx.ids.holding())
        .string("holder_id", holder)
        .string("household_id", household)
        .string("parcel_id", &ctx.ids.parcel())
        .string("land_type", "homestead")
        .raw("area_mu", &decimal_text(rng.gen_range(15..=30), 2))
        .boolean("certified", certified);
    ctx.events.registry("registry.land", place, &o.finish())
}

/// Writes the waiting households of village `index`.
pub fn register_households(
    ctx: &mut Ctx,
    rng: &mut ChaCha8Rng,
    index: usize,
) -> std::io::Result<Vec<WaitingHousehold>> {
    let place = Place::Village(index);
    let days = (ctx.last_day - ctx.first_day).num_days() + 1;
    let waiting = 8 + (days as f64 * WAITING_PER_DAY) as usize;
    let holdings = std::iter::repeat_n(Holding::CertifiedHomestead, HOUSED)
        .chain(std::iter::repeat_n(Holding::UncertifiedHomestead, HOUSED))
        .chain(std::iter::repeat_n(Holding::Nothing, waiting));
    let mut households = Vec::new();
    for holding in holdings {
        let household_id = ctx.ids.household();
        let family = names::surname(rng);
        let applicant = register_villager(ctx, rng, place, &household_id, family)?;
        for _ in 0..rng.gen_range(0..=2) {
            register_villager(ctx, rng, place, &household_id, family)?;
        }
        if holding != Holding::Nothing {
            let certified = holding == Holding::CertifiedHomestead;
            write_homestead(ctx, rng, place, &applicant, &household_id, certified)?;
        }
        households.push(WaitingHousehold {
            household_id,
            applicant,
            holding,
            built: false,
        });
    }
    Ok(households)
}
