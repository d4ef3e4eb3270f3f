//! What the distribution desk needs of a village's registry: who may be paid (members alive and
//! living in the village), and the villagers its cases list: members who moved away, villagers
//! who are not members, members who died, a woman registered in the neighbouring village since
//! her marriage and an old member whose death the desk records in the stream. The last two are
//! registered here, so that no other desk pays them.

use chrono::NaiveDate;
use rand_chacha::ChaCha8Rng;

use super::DistributionVillage;
use crate::generate::context::Ctx;
use crate::generate::json::JsonObject;
use crate::generate::names;
use crate::generate::time::date_text;
use crate::generate::writer::Place;

/// A villager of the registry as this desk sees them.
#[derive(Debug, Clone, Copy)]
pub struct Villager<'a> {
    pub person_id: &'a str,
    pub is_member: bool,
    pub resident: bool,
    pub deceased_on: Option<NaiveDate>,
}

/// A person the desk registered, kept whole to record a change (a death) as an upsert.
#[derive(Debug, Clone)]
pub struct OwnPerson {
    pub person_id: String,
    name: String,
    household_id: String,
}

impl OwnPerson {
    fn new(ctx: &mut Ctx, rng: &mut ChaCha8Rng) -> Self {
        let family = names::surname(rng);
        Self {
            person_id: ctx.ids.person(),
            name: names::person_name(rng, family),
            household_id: ctx.ids.household(),
        }
    }

    /// The registry.person payload: a member, living in the village until `deceased_on`.
    pub fn payload(&self, deceased_on: Option<NaiveDate>) -> String {
        let mut o = JsonObject::new();
        o.string("person_id", &self.person_id)
            .string("name", &self.name)
            .string("household_id", &self.household_id)
            .boolean("is_member", true)
            .boolean("resident", deceased_on.is_none());
        if let Some(d) = deceased_on {
            o.string("deceased_on", &date_text(d));
        }
        o.strings("bank_accounts", &[]);
        o.finish()
    }
}

/// Sorts the villagers of village `index` and registers the desk's own two.
pub fn register<'a>(
    ctx: &mut Ctx,
    mut rng: ChaCha8Rng,
    index: usize,
    villages: usize,
    people: impl Iterator<Item = Villager<'a>>,
) -> std::io::Result<DistributionVillage> {
    let mut sorted: [Vec<String>; 4] = Default::default();
    for p in people {
        let group = match (p.deceased_on, p.is_member, p.resident) {
            (Some(_), _, _) => 0,
            (None, false, _) => 1,
            (None, true, false) => 2,
            (None, true, true) => 3,
        };
        sorted[group].push(p.person_id.to_string());
    }
    let married_out = if villages > 1 {
        let bride = OwnPerson::new(ctx, &mut rng);
        let neighbour = Place::Village((index + 1) % villages);
        ctx.events
            .registry("registry.person", neighbour, &bride.payload(None))?;
        Some(bride.person_id)
    } else {
        None
    };
    let elder = OwnPerson::new(ctx, &mut rng);
    ctx.events.registry(
        "registry.person",
        Place::Village(index),
        &elder.payload(None),
    )?;
    let [deceased, non_members, moved_away, members] = sorted;
    let mut village = DistributionVillage::new(rng);
    village.deceased = deceased;
    village.non_members = non_members;
    village.moved_away = moved_away;
    village.members = members;
    village.married_out = married_out;
    village.elder = Some(elder);
    Ok(village)
}
