//! The people and firms the conflict desk's dealings involve, registered before the first day:
//! relatives of one cadre who live in town (not resident, so the village's population is as the
//! other desks drew it), declared by that cadre with the rest of the declaration; villagers in
//! town whom no cadre has declared yet; a firm a declared relative owns and represents, a firm
//! the cadre manages for an outside owner, and a firm another declared relative owns that deals
//! with the village only in near misses. None of them is known to any other desk.

use chrono::NaiveDate;
use rand_chacha::ChaCha8Rng;

use super::{kinship_json, Declarant};
use crate::generate::context::Ctx;
use crate::generate::json::JsonObject;
use crate::generate::names;
use crate::generate::village::{CadreMember, Officials};
use crate::generate::writer::Place;

/// Declared relatives registered per village.
const KIN: usize = 4;
/// Villagers registered per village whom no cadre has declared.
const NEWCOMERS: usize = 2;
/// Relations the cast's relatives are declared under.
const CAST_RELATIONS: [&str; 4] = ["child", "sibling", "nephew_niece", "child_in_law"];

/// A person of the cast: id and own account.
#[derive(Debug, Clone)]
pub struct Person {
    pub id: String,
    pub account: String,
}

/// A firm of the cast: id and settlement account.
#[derive(Debug, Clone)]
pub struct Firm {
    pub id: String,
    pub account: String,
}

#[derive(Debug, Clone)]
pub struct Cast {
    /// The declaring cadre: in office throughout the period, neither approver nor supervisor.
    pub cadre: String,
    pub kin: Vec<Person>,
    pub newcomers: Vec<Person>,
    /// Owned and represented by `kin[0]`.
    pub kin_firm: Firm,
    /// Owned and represented by `outsider`, managed by `cadre`.
    pub managed_firm: Firm,
    /// A villager in town no cadre declared.
    pub outsider: String,
    /// Owned and represented by `kin[1]`; deals with the village in near misses only.
    pub near_firm: Firm,
}

impl Cast {
    /// The people who control a firm of the cast (owner, legal representative, manager); none
    /// for anyone else.
    pub fn controllers_of(&self, party: &str) -> Vec<String> {
        if party == self.kin_firm.id {
            vec![self.kin[0].id.clone()]
        } else if party == self.near_firm.id {
            vec![self.kin[1].id.clone()]
        } else if party == self.managed_firm.id {
            vec![self.outsider.clone(), self.cadre.clone()]
        } else {
            Vec::new()
        }
    }
}

fn person(ctx: &mut Ctx, rng: &mut ChaCha8Rng, place: Place) -> std::io::Result<Person> {
    let id = ctx.ids.person();
    let account = ctx.ids.bank_account(rng);
    let family = names::surname(rng);
    let mut o = JsonObject::new();
    o.string("person_id", &id)
        .string("name", &names::person_name(rng, family))
        .string("household_id", &ctx.ids.household())
        .boolean("is_member", true)
        .boolean("resident", false)
        .strings("bank_accounts", std::slice::from_ref(&account));
    ctx.events.registry("registry.person", place, &o.finish())?;
    Ok(Person { id, account })
}

fn firm(
    ctx: &mut Ctx,
    rng: &mut ChaCha8Rng,
    owner: &str,
    managers: &[String],
) -> std::io::Result<Firm> {
    let id = ctx.ids.company();
    let mut o = JsonObject::new();
    o.string("company_id", &id)
        .string("name", &names::company_name(rng, ""))
        .strings("owner_ids", &[owner.to_string()])
        .string("legal_rep_id", owner)
        .strings("manager_ids", managers);
    ctx.events
        .registry("registry.company", Place::Global, &o.finish())?;
    Ok(Firm {
        id,
        account: ctx.ids.company_account(),
    })
}

/// Registers the cast of village `place`, when it has a cadre to declare it: one in office
/// from before `first` with no term end, who neither approves nor supervises and has declared
/// relatives. The relatives are added to that cadre's declaration, signed with it.
pub fn register_cast(
    ctx: &mut Ctx,
    rng: &mut ChaCha8Rng,
    place: Place,
    cadres: &[CadreMember],
    officials: &Officials,
    declarants: &mut [Declarant],
    first: NaiveDate,
) -> std::io::Result<Option<Cast>> {
    let approvers = [
        &officials.leader,
        &officials.supervisor,
        &officials.accountant,
    ];
    let declaring = cadres.iter().find(|c| {
        let p = &c.payee.person_id;
        c.term_start < first
            && c.term_end.is_none()
            && !approvers.contains(&p)
            && !officials.supervisory_members.contains(p)
            && declarants
                .iter()
                .any(|d| &d.cadre_id == p && d.relatives.iter().all(|(_, r)| *r != "none"))
    });
    let Some(cadre) = declaring.map(|c| c.payee.person_id.clone()) else {
        return Ok(None);
    };
    let declarant = declarants
        .iter_mut()
        .find(|d| d.cadre_id == cadre)
        .expect("the declaring cadre has a declaration");
    let mut kin = Vec::with_capacity(KIN);
    for n in 0..KIN {
        let p = person(ctx, rng, place)?;
        let relation = CAST_RELATIONS[n % CAST_RELATIONS.len()];
        let payload = kinship_json(&cadre, &p.id, relation, declarant.declared_at);
        ctx.events.registry("registry.kinship", place, &payload)?;
        declarant.relatives.push((p.id.clone(), relation));
        kin.push(p);
    }
    let newcomers = (0..NEWCOMERS)
        .map(|_| person(ctx, rng, place))
        .collect::<std::io::Result<Vec<_>>>()?;
    let outsider = person(ctx, rng, place)?;
    let kin_firm = firm(ctx, rng, &kin[0].id, &[])?;
    let managed_firm = firm(ctx, rng, &outsider.id, std::slice::from_ref(&cadre))?;
    let near_firm = firm(ctx, rng, &kin[1].id, &[])?;
    Ok(Some(Cast {
        cadre,
        kin,
        newcomers,
        kin_firm,
        managed_firm,
        outsider: outsider.id,
        near_firm,
    }))
}
