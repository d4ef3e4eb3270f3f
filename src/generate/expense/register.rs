//! What the expense desk needs of a village's registry: its cadre roles with their allowances
//! (as written in `registry.cadre`), the restaurants it receives guests in (companies of
//! villagers who are neither cadres nor declared kin, so that COI-04 stays quiet), the villagers
//! in need it visits at festivals, and its vehicles.

use rand::seq::SliceRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::refuel::Vehicle;
use super::{CadreRole, ExpenseVillage};
use crate::generate::context::Ctx;
use crate::generate::finance::Party;
use crate::generate::json::JsonObject;
use crate::generate::procurement::suppliers::Known;
use crate::generate::writer::Place;

const RESTAURANT_NAMES: [&str; 5] = ["农家乐", "土菜馆", "酒家", "饭店", "食堂"];
const TANKS_LITERS: [i64; 5] = [45, 50, 55, 60, 70];

/// Registers the village's restaurants and returns the desk's state of village `index`, whose
/// people at arm's length are `arm_length`.
pub fn register(
    ctx: &mut Ctx,
    mut rng: ChaCha8Rng,
    index: usize,
    roles: Vec<CadreRole>,
    arm_length: &[Known],
) -> std::io::Result<ExpenseVillage> {
    let mut restaurants = Vec::new();
    let owners: Vec<&Known> = arm_length.choose_multiple(&mut rng, 2).collect();
    for owner in owners {
        let company_id = ctx.ids.company();
        let mut o = JsonObject::new();
        o.string("company_id", &company_id)
            .string(
                "name",
                &format!(
                    "{}{}",
                    &owner.name.chars().take(1).collect::<String>(),
                    RESTAURANT_NAMES[rng.gen_range(0..RESTAURANT_NAMES.len())]
                ),
            )
            .strings("owner_ids", std::slice::from_ref(&owner.id))
            .string("legal_rep_id", &owner.id)
            .strings("manager_ids", &[]);
        ctx.events
            .registry("registry.company", Place::Global, &o.finish())?;
        restaurants.push(Party {
            id: company_id,
            party_type: "company",
            account: ctx.ids.company_account(),
        });
    }
    let needy = arm_length
        .iter()
        .filter_map(|p| {
            p.account.as_ref().map(|account| Party {
                id: p.id.clone(),
                party_type: "person",
                account: account.clone(),
            })
        })
        .collect::<Vec<_>>()
        .choose_multiple(&mut rng, 6)
        .cloned()
        .collect();
    let vehicles = (0..rng.gen_range(1..=2))
        .map(|k| {
            Vehicle::new(
                format!("veh-{:04}-{}", index + 1, k + 1),
                TANKS_LITERS[rng.gen_range(0..TANKS_LITERS.len())],
            )
        })
        .collect();
    let mut village = ExpenseVillage::new(rng);
    village.roles = roles;
    village.restaurants = restaurants;
    village.needy = needy;
    village.vehicles = vehicles;
    Ok(village)
}
