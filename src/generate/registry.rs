//! Reference data written before the first business day: the holiday calendar, and per village
//! its residents (with bank accounts and the labor pool), cadres and their terms, kinship
//! declarations, companies and land holdings, and the landholders of the land-taking schemes and
//! the households waiting to build of the compensation and homestead desks.

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use rand::seq::SliceRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::assets::{self, AssetVillage};
use super::compensation;
use super::complaint::ComplaintVillage;
use super::conflict::{self, kinship_json, ConflictVillage, Declarant};
use super::construction::{self, ProjectVillage};
use super::context::Ctx;
use super::contract::book::ContractBook;
use super::contract::partners as contract_partners;
use super::contract::ContractVillage;
use super::decision::DecisionVillage;
use super::disclosure::DisclosureVillage;
use super::distribution::{self, Villager};
use super::expense::{self, CadreRole};
use super::finance::{FinanceVillage, PaymentBook};
use super::homestead;
use super::ids::village_id;
use super::json::{array, decimal_text, yuan, Fen, JsonObject};
use super::names;
use super::oversight::OversightVillage;
use super::plan::RELATIVES;
use super::procurement::suppliers::{self, Known, Link};
use super::procurement::ProcurementVillage;
use super::seal::SealVillage;
use super::special::SpecialPerson;
use super::subsidy::{self, census};
use super::time::{at, date_text, plus_days};
use super::village::{
    category_rng, village_rng, CadreMember, Officials, Payee, PoolWorker, Stream, VillageState,
};
use super::writer::Place;

/// Writes the `registry.calendar` entries of every covered year.
pub fn write_calendar(ctx: &mut Ctx) -> std::io::Result<()> {
    let entries: Vec<String> = ctx
        .calendar
        .entries()
        .map(|(date, day)| {
            let mut o = JsonObject::new();
            o.string("date", &date_text(*date))
                .string("day_type", if day.workday { "workday" } else { "holiday" });
            if let Some(festival) = day.festival {
                o.string("festival", festival);
            }
            o.finish()
        })
        .collect();
    for payload in entries {
        ctx.events
            .registry("registry.calendar", Place::Global, &payload)?;
    }
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Standing {
    Plain,
    Cadre,
    Worker,
}

struct Resident {
    person_id: String,
    name: String,
    household_id: String,
    is_member: bool,
    resident: bool,
    deceased_on: Option<NaiveDate>,
    accounts: Vec<String>,
    standing: Standing,
    pools: Vec<PoolJson>,
}

struct PoolJson {
    village: usize,
    approved_on: NaiveDate,
    annual_cap: Option<Fen>,
}

fn pools_json(pools: &[PoolJson]) -> String {
    let elements: Vec<String> = pools
        .iter()
        .map(|p| {
            let mut o = JsonObject::new();
            o.string("village_id", &village_id(p.village))
                .string("approved_on", &date_text(p.approved_on));
            if let Some(cap) = p.annual_cap {
                o.money("annual_cap", cap);
            }
            o.finish()
        })
        .collect();
    array(&elements)
}

fn person_payload(r: &Resident) -> String {
    let mut o = JsonObject::new();
    o.string("person_id", &r.person_id)
        .string("name", &r.name)
        .string("household_id", &r.household_id)
        .boolean("is_member", r.is_member)
        .boolean("resident", r.resident);
    if let Some(d) = r.deceased_on {
        o.string("deceased_on", &date_text(d));
    }
    o.strings("bank_accounts", &r.accounts);
    if !r.pools.is_empty() {
        o.raw("labor_pools", &pools_json(&r.pools));
    }
    o.finish()
}

/// One registry.cadre record: a role with its term.
struct Role {
    person: String,
    role: &'static str,
    term_start: NaiveDate,
    term_end: Option<NaiveDate>,
    allowance: Fen,
}

fn cadre_payload(r: &Role, resolution: &str) -> String {
    let mut o = JsonObject::new();
    o.string("person_id", &r.person)
        .string("role", r.role)
        .string("term_start", &date_text(r.term_start));
    if let Some(end) = r.term_end {
        o.string("term_end", &date_text(end));
    }
    o.money("allowance_monthly", r.allowance)
        .string("allowance_resolution_id", resolution);
    o.finish()
}

/// A kinship declaration signed in office hours of `declared`: payload and instant.
fn kinship_payload(
    cadre: &str,
    relative: &str,
    relation: &'static str,
    declared: NaiveDate,
    rng: &mut ChaCha8Rng,
) -> (String, NaiveDateTime) {
    let declared_at = at(
        declared,
        rng.gen_range(9..=17),
        rng.gen_range(0..60),
        rng.gen_range(0..60),
    );
    (
        kinship_json(cadre, relative, relation, declared_at),
        declared_at,
    )
}

/// A declaration made within the year before `first` (COI-03 max_age): `declared` itself when
/// it is recent, else a day 300 to 329 days before `first`, taken from the day of `declared`.
fn recent(declared: NaiveDate, first: NaiveDate) -> NaiveDate {
    if (first - declared).num_days() > 300 {
        plus_days(first, -300 - i64::from(declared.ordinal() % 30))
    } else {
        declared
    }
}

/// Notes a declaration of `cadre` for the conflict desk.
fn note_declaration(
    declarants: &mut Vec<Declarant>,
    cadre: &str,
    relative: &str,
    relation: &'static str,
    declared_at: NaiveDateTime,
) {
    match declarants.iter_mut().find(|d| d.cadre_id == cadre) {
        Some(d) => {
            d.relatives.push((relative.to_string(), relation));
            if declared_at > d.declared_at {
                *d = Declarant::new(d.cadre_id.clone(), d.relatives.clone(), declared_at);
            }
        }
        None => declarants.push(Declarant::new(
            cadre.to_string(),
            vec![(relative.to_string(), relation)],
            declared_at,
        )),
    }
}

/// Roles of the base cadres after the first two: cycled.
const FURTHER_ROLES: [&str; 4] = [
    "committee_member",
    "supervisory_member",
    "deputy_secretary",
    "group_leader",
];

const LAND_TYPES: [&str; 20] = [
    "contract_farmland",
    "contract_farmland",
    "contract_farmland",
    "contract_farmland",
    "contract_farmland",
    "contract_farmland",
    "contract_farmland",
    "contract_farmland",
    "contract_farmland",
    "contract_farmland",
    "contract_farmland",
    "contract_farmland",
    "homestead",
    "homestead",
    "homestead",
    "homestead",
    "homestead",
    "forest",
    "forest",
    "other",
];

/// Writes the registry of village `index` and returns what later events need of it.
pub fn register_village(
    ctx: &mut Ctx,
    seed: u64,
    index: usize,
    villages: usize,
    specials: &mut [SpecialPerson],
    homed: &[usize],
) -> std::io::Result<VillageState> {
    let mut rng = village_rng(seed, index);
    let place = Place::Village(index);
    let first = ctx.first_day;
    let period_days = (ctx.last_day - first).num_days() + 1;

    // Residents, household by household.
    let target = rng
        .gen_range(300..=600usize)
        .saturating_sub(homed.len())
        .max(250);
    let mut people: Vec<Resident> = Vec::with_capacity(target);
    while people.len() < target {
        let household_id = ctx.ids.household();
        let family = names::surname(&mut rng);
        let size = [1, 2, 2, 3, 3, 3, 4, 4, 5, 6][rng.gen_range(0..10)].min(target - people.len());
        for member in 0..size {
            let surname = if member == 1 && rng.gen_bool(0.85) {
                names::surname(&mut rng)
            } else {
                family
            };
            let deceased_on = rng
                .gen_bool(0.01)
                .then(|| plus_days(first, -rng.gen_range(30..=1500)));
            let account_count = match rng.gen_range(0..100) {
                0..=7 => 0,
                8..=77 => 1,
                _ => 2,
            };
            let accounts = (0..account_count)
                .map(|_| ctx.ids.bank_account(&mut rng))
                .collect();
            people.push(Resident {
                person_id: ctx.ids.person(),
                name: names::person_name(&mut rng, surname),
                household_id: household_id.clone(),
                is_member: rng.gen_bool(0.93),
                resident: deceased_on.is_none() && rng.gen_bool(0.9),
                deceased_on,
                accounts,
                standing: Standing::Plain,
                pools: Vec::new(),
            });
        }
    }

    // Cadres, an optional successor for a term ending mid-period, and the worker pool.
    let mut candidates: Vec<usize> = (0..people.len())
        .filter(|&i| people[i].resident && people[i].deceased_on.is_none())
        .collect();
    candidates.shuffle(&mut rng);
    let cadre_count = rng.gen_range(5..=9);
    let mid_term_change = period_days >= 90 && rng.gen_bool(0.35);
    let worker_count = rng.gen_range(20..=40);
    let needed = cadre_count + usize::from(mid_term_change) + worker_count;
    assert!(
        candidates.len() >= needed,
        "village too small for its cadres and pool"
    );
    let cadre_people = candidates[..cadre_count].to_vec();
    let successor = mid_term_change.then(|| candidates[cadre_count]);
    let worker_people = candidates[cadre_count + usize::from(mid_term_change)..needed].to_vec();
    for &i in cadre_people.iter().chain(successor.iter()) {
        people[i].standing = Standing::Cadre;
    }
    let mut workers = Vec::with_capacity(worker_count);
    for &i in &worker_people {
        let person = &mut people[i];
        person.standing = Standing::Worker;
        let annual_cap = rng
            .gen_bool(0.35)
            .then(|| yuan([12_000, 15_000, 18_000, 20_000][rng.gen_range(0..4)]));
        if villages > 1 && rng.gen_bool(0.08) {
            let other = (index + 1 + rng.gen_range(0..villages - 1)) % villages;
            person.pools.push(PoolJson {
                village: other,
                approved_on: plus_days(first, rng.gen_range(0..period_days)),
                annual_cap: Some(yuan(3_000)),
            });
        }
        person.pools.push(PoolJson {
            village: index,
            approved_on: plus_days(first, -rng.gen_range(20..=900)),
            annual_cap,
        });
        if person.accounts.is_empty() {
            person.accounts.push(ctx.ids.bank_account(&mut rng));
        }
        workers.push(PoolWorker {
            payee: Payee {
                person_id: person.person_id.clone(),
                accounts: person.accounts.clone(),
            },
            annual_cap,
            busy_until: None,
            earned: Vec::new(),
        });
    }
    for &i in cadre_people.iter().chain(successor.iter()) {
        if people[i].accounts.is_empty() {
            let account = ctx.ids.bank_account(&mut rng);
            people[i].accounts.push(account);
        }
    }

    for person in &people {
        ctx.events
            .registry("registry.person", place, &person_payload(person))?;
    }

    // Special people of planted cases who live here.
    for &s in homed {
        let spec = &specials[s];
        let household_id = people[rng.gen_range(0..people.len())].household_id.clone();
        let resident = Resident {
            person_id: ctx.ids.person(),
            name: {
                let family = names::surname(&mut rng);
                names::person_name(&mut rng, family)
            },
            household_id,
            is_member: true,
            resident: true,
            deceased_on: None,
            accounts: (0..spec.accounts)
                .map(|_| ctx.ids.bank_account(&mut rng))
                .collect(),
            standing: Standing::Plain,
            pools: spec
                .pools
                .iter()
                .map(|p| PoolJson {
                    village: p.village,
                    approved_on: p.approved_on,
                    annual_cap: p.annual_cap,
                })
                .collect(),
        };
        ctx.events
            .registry("registry.person", place, &person_payload(&resident))?;
        specials[s].payee = Some(Payee {
            person_id: resident.person_id,
            accounts: resident.accounts,
        });
    }

    // Cadre roles. The party secretary is also the director (一肩挑).
    let term_start = plus_days(first, -rng.gen_range(200..=800));
    let mut roles: Vec<Role> = Vec::new();
    let mut cadres: Vec<CadreMember> = Vec::new();
    let mut ended_term: Option<NaiveDate> = None;
    for (n, &i) in cadre_people.iter().enumerate() {
        let person = people[i].person_id.clone();
        let (role_names, allowance): (Vec<&'static str>, Fen) = match n {
            0 => (vec!["party_secretary", "director"], yuan(4_200)),
            1 => (vec!["deputy_director"], yuan(3_000)),
            2 => (vec!["supervisory_head"], yuan(2_800)),
            3 => (vec!["accountant"], yuan(2_600)),
            4 => (vec!["committee_member"], yuan(2_600)),
            _ => (
                vec![FURTHER_ROLES[(n - 5) % FURTHER_ROLES.len()]],
                yuan(2_400),
            ),
        };
        let term_end = (n == 4 && mid_term_change)
            .then(|| plus_days(first, rng.gen_range(30..=period_days - 30)));
        if term_end.is_some() {
            ended_term = term_end;
        }
        for role in role_names {
            roles.push(Role {
                person: person.clone(),
                role,
                term_start,
                term_end,
                allowance,
            });
        }
        cadres.push(CadreMember {
            payee: Payee {
                person_id: person,
                accounts: people[i].accounts.clone(),
            },
            term_start,
            term_end,
        });
    }
    if let (Some(i), Some(end)) = (successor, ended_term) {
        let start = plus_days(end, 1);
        roles.push(Role {
            person: people[i].person_id.clone(),
            role: "committee_member",
            term_start: start,
            term_end: None,
            allowance: yuan(2_600),
        });
        cadres.push(CadreMember {
            payee: Payee {
                person_id: people[i].person_id.clone(),
                accounts: people[i].accounts.clone(),
            },
            term_start: start,
            term_end: None,
        });
    }
    for &s in homed {
        if let Some(term) = &specials[s].cadre {
            roles.push(Role {
                person: specials[s].payee().person_id.clone(),
                role: term.role,
                term_start: term.term_start,
                term_end: term.term_end,
                allowance: yuan(2_400),
            });
        }
    }
    let resolution = ctx.ids.resolution();
    for role in &roles {
        ctx.events
            .registry("registry.cadre", place, &cadre_payload(role, &resolution))?;
    }

    // Kinship declarations of the cadres.
    let plain: Vec<usize> = (0..people.len())
        .filter(|&i| people[i].standing == Standing::Plain)
        .collect();
    let mut kin: Vec<String> = Vec::new();
    let mut kin_links: Vec<Link> = Vec::new();
    let mut declarants: Vec<Declarant> = Vec::new();
    let leader = people[cadre_people[0]].person_id.clone();
    for &i in cadre_people.iter().chain(successor.iter()) {
        let cadre = people[i].person_id.clone();
        let term = cadres
            .iter()
            .find(|c| c.payee.person_id == cadre)
            .map(|c| (c.term_start, c.term_end))
            .expect("every declaring cadre holds a role");
        let declared = recent(
            if Some(i) == successor {
                plus_days(first, -rng.gen_range(15..=60))
            } else {
                plus_days(term_start, rng.gen_range(3..=40))
            },
            first,
        );
        if rng.gen_bool(0.2) {
            let (payload, signed) = kinship_payload(&cadre, &cadre, "none", declared, &mut rng);
            ctx.events.registry("registry.kinship", place, &payload)?;
            note_declaration(&mut declarants, &cadre, &cadre, "none", signed);
            continue;
        }
        let mut declared_relatives: Vec<String> = Vec::new();
        for _ in 0..rng.gen_range(1..=3) {
            let relative = people[plain[rng.gen_range(0..plain.len())]]
                .person_id
                .clone();
            // Declaring one relative twice would make two versions of one kinship record, and
            // the cadre's declaration date would depend on which one the engine keeps.
            if declared_relatives.contains(&relative) {
                continue;
            }
            declared_relatives.push(relative.clone());
            let relation = RELATIVES[rng.gen_range(0..RELATIVES.len())];
            let (payload, signed) =
                kinship_payload(&cadre, &relative, relation, declared, &mut rng);
            ctx.events.registry("registry.kinship", place, &payload)?;
            note_declaration(&mut declarants, &cadre, &relative, relation, signed);
            let person = people
                .iter()
                .find(|p| p.person_id == relative)
                .expect("a villager");
            kin_links.push(Link {
                person: known(person),
                from: term.0,
                until: term.1,
                approver: false,
            });
            kin.push(relative);
        }
    }
    for &s in homed {
        if let Some(relation) = specials[s].relative_of_leader {
            let declared = recent(plus_days(term_start, rng.gen_range(3..=40)), first);
            let relative = specials[s].payee().person_id.clone();
            let (payload, signed) =
                kinship_payload(&leader, &relative, relation, declared, &mut rng);
            ctx.events.registry("registry.kinship", place, &payload)?;
            note_declaration(&mut declarants, &leader, &relative, relation, signed);
        }
    }
    // Special cadres of planted cases declare that they have no relatives to declare, a month
    // before the first day.
    for &s in homed {
        if specials[s].cadre.is_some() {
            let cadre = specials[s].payee().person_id.clone();
            if declarants.iter().any(|d| d.cadre_id == cadre) {
                continue;
            }
            let signed = at(plus_days(first, -30), 10, 0, 0);
            let payload = kinship_json(&cadre, &cadre, "none", signed);
            ctx.events.registry("registry.kinship", place, &payload)?;
            note_declaration(&mut declarants, &cadre, &cadre, "none", signed);
        }
    }

    // Companies of villagers, some controlled by cadres' relatives.
    for _ in 0..rng.gen_range(0..=3) {
        let pick = |rng: &mut ChaCha8Rng| {
            people[plain[rng.gen_range(0..plain.len())]]
                .person_id
                .clone()
        };
        let mut owners: Vec<String> = (0..rng.gen_range(1..=2)).map(|_| pick(&mut rng)).collect();
        if !kin.is_empty() && rng.gen_bool(0.3) {
            owners[0] = kin[rng.gen_range(0..kin.len())].clone();
        }
        owners.dedup();
        let managers: Vec<String> = (0..rng.gen_range(0..=2)).map(|_| pick(&mut rng)).collect();
        let mut o = JsonObject::new();
        o.string("company_id", &ctx.ids.company())
            .string("name", &names::company_name(&mut rng, ""))
            .strings("owner_ids", &owners)
            .string("legal_rep_id", &owners[0])
            .strings("manager_ids", &managers);
        ctx.events
            .registry("registry.company", Place::Global, &o.finish())?;
    }

    // Land holdings.
    let alive: Vec<usize> = (0..people.len())
        .filter(|&i| people[i].deceased_on.is_none())
        .collect();
    for _ in 0..rng.gen_range(40..=90) {
        let holder = &people[alive[rng.gen_range(0..alive.len())]];
        let land_type = LAND_TYPES[rng.gen_range(0..LAND_TYPES.len())];
        let area = match land_type {
            "contract_farmland" => rng.gen_range(50..=500),
            "homestead" => rng.gen_range(15..=45),
            "forest" => rng.gen_range(200..=3000),
            _ => rng.gen_range(10..=200),
        };
        let mut o = JsonObject::new();
        o.string("holding_id", &ctx.ids.holding())
            .string("holder_id", &holder.person_id)
            .string("household_id", &holder.household_id)
            .string("parcel_id", &ctx.ids.parcel())
            .string("land_type", land_type)
            .raw("area_mu", &decimal_text(area, 2))
            .boolean("certified", rng.gen_bool(0.92));
        ctx.events.registry("registry.land", place, &o.finish())?;
    }

    // Suppliers and the parties tied to the cadres, from the village's own stream.
    let mut procurement_rng = category_rng(seed, index, Stream::Procurement);
    let arm_length: Vec<Known> = plain
        .iter()
        .map(|&i| &people[i])
        .filter(|p| !kin.contains(&p.person_id) && p.deceased_on.is_none())
        .map(known)
        .collect();
    let cadre_links: Vec<Link> = cadres
        .iter()
        .map(|c| {
            let person = people
                .iter()
                .find(|p| p.person_id == c.payee.person_id)
                .expect("a villager");
            Link {
                person: known(person),
                from: c.term_start,
                until: c.term_end,
                approver: c.payee.person_id == leader
                    || c.payee.person_id == people[cadre_people[2]].person_id,
            }
        })
        .collect();
    let (suppliers, ties) = suppliers::register(
        ctx,
        &mut procurement_rng,
        &arm_length,
        &cadre_links,
        &kin_links,
    )?;
    let mut contract_rng = category_rng(seed, index, Stream::Contract);
    let partners = contract_partners::register(ctx, &mut contract_rng, &arm_length)?;
    let mut assets_rng = category_rng(seed, index, Stream::Assets);
    let lessees = assets::register_lessees(ctx, &mut assets_rng, &arm_length)?;
    let mut construction_rng = category_rng(seed, index, Stream::Construction);
    let contractors = construction::register_contractors(ctx, &mut construction_rng, &arm_length)?;

    // The land desks register residents of their own (every one resident, alive and nobody's
    // relative), counted in the subsidy census below.
    let before_land_desks = ctx.ids.persons_issued();
    let compensation = compensation::register_landholders(
        ctx,
        category_rng(seed, index, Stream::Compensation),
        index,
    )?;
    let homestead =
        homestead::register_households(ctx, category_rng(seed, index, Stream::Homestead), index)?;
    let land_residents = ctx.ids.persons_since(before_land_desks);

    // Last, as it counts everyone registered in the village.
    let subsidy = subsidy::register(
        ctx,
        category_rng(seed, index, Stream::Subsidy),
        index,
        subsidy_census(
            &people,
            homed,
            specials,
            &land_residents,
            &roles,
            &declarants,
        ),
    )?;
    let expense_roles = roles
        .iter()
        .map(|r| CadreRole::new(&r.person, r.role, r.term_start, r.term_end, r.allowance))
        .collect();
    let expense_rng = category_rng(seed, index, Stream::Expense);
    let expense = expense::register(ctx, expense_rng, index, expense_roles, &arm_length)?;
    let villagers = people.iter().map(|p| Villager {
        person_id: &p.person_id,
        is_member: p.is_member,
        resident: p.resident,
        deceased_on: p.deceased_on,
    });
    let distribution_rng = category_rng(seed, index, Stream::Distribution);
    let distribution = distribution::register(ctx, distribution_rng, index, villages, villagers)?;

    let officials = Officials {
        leader,
        supervisor: people[cadre_people[2]].person_id.clone(),
        accountant: people[cadre_people[3]].person_id.clone(),
        deputy: people[cadre_people[1]].person_id.clone(),
        applicants: vec![
            people[cadre_people[0]].person_id.clone(),
            people[cadre_people[1]].person_id.clone(),
        ],
        supervisory_members: roles
            .iter()
            .filter(|r| {
                r.role == "supervisory_member" && r.term_start < first && r.term_end.is_none()
            })
            .map(|r| r.person.clone())
            .collect(),
    };
    let mut conflict_rng = category_rng(seed, index, Stream::Conflict);
    let cast = conflict::cast::register_cast(
        ctx,
        &mut conflict_rng,
        place,
        &cadres,
        &officials,
        &mut declarants,
        first,
    )?;
    Ok(VillageState {
        index,
        id: village_id(index),
        rng,
        workers,
        cadres,
        officials,
        projects: Vec::new(),
        matters: Vec::new(),
        payments: PaymentBook::default(),
        contracts: ContractBook::default(),
        seal: SealVillage::new(seed, index),
        finance: FinanceVillage::new(seed, index),
        procurement: ProcurementVillage::new(procurement_rng, suppliers, ties),
        contract: ContractVillage::new(contract_rng, partners),
        assets: AssetVillage::new(assets_rng, lessees),
        construction: ProjectVillage::new(construction_rng, contractors),
        decision: DecisionVillage::new(category_rng(seed, index, Stream::Decision)),
        disclosure: DisclosureVillage::new(category_rng(seed, index, Stream::Disclosure)),
        conflict: ConflictVillage::new(conflict_rng, declarants, cast),
        oversight: OversightVillage::new(category_rng(seed, index, Stream::Oversight)),
        subsidy,
        compensation,
        homestead,
        complaint: ComplaintVillage::new(category_rng(seed, index, Stream::Complaint)),
        expense,
        distribution,
    })
}

/// The village's registry as the subsidy desk reads it: everyone registered, the cadres' terms
/// and their declarations. People of other desks' planted cases and the land desks' residents
/// are counted but never listed.
fn subsidy_census(
    people: &[Resident],
    homed: &[usize],
    specials: &[SpecialPerson],
    land_residents: &[String],
    roles: &[Role],
    declarants: &[Declarant],
) -> census::Census {
    let villagers = people
        .iter()
        .map(|p| census::Villager {
            id: p.person_id.clone(),
            household: p.household_id.clone(),
            resident: p.resident,
            deceased_on: p.deceased_on,
            account: p.accounts.first().cloned(),
            eligible: true,
        })
        .chain(homed.iter().map(|&s| census::Villager {
            id: specials[s].payee().person_id.clone(),
            household: String::new(),
            resident: true,
            deceased_on: None,
            account: specials[s].payee().accounts.first().cloned(),
            eligible: false,
        }))
        .chain(land_residents.iter().map(|id| census::Villager {
            id: id.clone(),
            household: String::new(),
            resident: true,
            deceased_on: None,
            account: None,
            eligible: false,
        }))
        .collect();
    let terms = roles
        .iter()
        .map(|r| census::Term {
            person: r.person.clone(),
            start: r.term_start,
            end: r.term_end,
        })
        .collect();
    census::Census::new(villagers, terms, declarants)
}

fn known(person: &Resident) -> Known {
    Known {
        id: person.person_id.clone(),
        name: person.name.clone(),
        account: person.accounts.first().cloned(),
    }
}
