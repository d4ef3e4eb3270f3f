//! EXP-01..EXP-03 evaluated over the written stream: every `finance.payment` any desk writes is
//! seen here in the order the engine applies it, with the cadre roles of the registry (and any
//! `registry.cadre` written later), so the truth lists exactly the expense alerts the payments
//! imply whoever paid them.

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use std::collections::HashMap;

use super::allowance::months_overlapping;
use super::festival::near_festival;
use super::hospitality::ANNUAL_LIMIT;
use super::CadreRole;
use crate::generate::decision::ledger::{fen_of, Found};
use crate::generate::ids::village_id;
use crate::generate::json::Fen;
use crate::generate::threshold::Threshold;
use crate::generate::village::VillageState;
use crate::generate::writer::{Place, Written};

/// EXP-03 purposes.
const FESTIVAL_PURPOSES: [&str; 3] = ["gift", "welfare", "other"];

#[derive(Deserialize)]
struct Payment {
    payment_id: String,
    amount: serde_json::Number,
    payee_id: String,
    purpose: String,
}

use crate::generate::cadre_record::CadreRecord;

#[derive(Default)]
struct Village {
    /// Live registry.cadre records by (person_id, role).
    roles: HashMap<(String, String), CadreRole>,
    hospitality: HashMap<i32, Fen>,
    allowances: HashMap<(String, i32), Fen>,
}

impl Village {
    fn is_cadre_on(&self, person: &str, day: NaiveDate) -> bool {
        self.roles
            .values()
            .any(|r| r.person == person && r.serves_on(day))
    }

    fn standard(&self, person: &str, year: i32) -> Fen {
        self.roles
            .values()
            .filter(|r| r.person == person)
            .map(|r| r.allowance * months_overlapping(year, r.term_start, r.term_end))
            .sum()
    }
}

/// The expense state of every village and the alerts found since last taken.
pub struct ExpenseLedger {
    villages: Vec<Village>,
    festivals: Vec<NaiveDate>,
    found: Vec<Found>,
}

impl ExpenseLedger {
    /// The ledger of `states`, whose cadre roles the registry holds, and the festival days.
    pub fn new(states: &[VillageState], festivals: Vec<NaiveDate>) -> Self {
        let villages = states
            .iter()
            .map(|s| Village {
                roles: s
                    .expense
                    .roles
                    .iter()
                    .map(|r| ((r.person.clone(), r.role.clone()), r.clone()))
                    .collect(),
                ..Village::default()
            })
            .collect();
        Self {
            villages,
            festivals,
            found: Vec::new(),
        }
    }

    /// Applies one written event.
    pub fn observe(&mut self, e: Written) {
        let Place::Village(i) = e.place else {
            return;
        };
        match e.kind {
            "registry.cadre" => {
                let c: CadreRecord = parse(e.payload);
                let key = (c.person_id.clone(), c.role.clone());
                let v = &mut self.villages[i];
                match c.term_start.filter(|_| !c.deleted) {
                    Some(start) => {
                        let allowance = c.allowance_monthly.as_ref().map_or(0, fen_of);
                        let role =
                            CadreRole::new(&c.person_id, &c.role, start, c.term_end, allowance);
                        v.roles.insert(key, role);
                    }
                    None => {
                        v.roles.remove(&key);
                    }
                }
            }
            "finance.payment" => self.paid(i, parse(e.payload), e.at.date()),
            _ => {}
        }
    }

    fn paid(&mut self, i: usize, p: Payment, day: NaiveDate) {
        let year = day.year();
        let amount = fen_of(&p.amount);
        let v = &mut self.villages[i];
        let key = |rest: &[&str]| {
            std::iter::once(village_id(i))
                .chain(rest.iter().map(|s| s.to_string()))
                .collect::<Vec<String>>()
        };
        match p.purpose.as_str() {
            "hospitality" => {
                let total = v.hospitality.entry(year).or_insert(0);
                *total += amount;
                if *total > ANNUAL_LIMIT {
                    let year = year.to_string();
                    self.found
                        .push((Threshold::HospitalityOverLimit, key(&[&year])));
                }
            }
            "allowance" => {
                let paid = v.allowances.entry((p.payee_id.clone(), year)).or_insert(0);
                *paid += amount;
                let paid = *paid;
                if v.is_cadre_on(&p.payee_id, day) && paid > v.standard(&p.payee_id, year) {
                    let year = year.to_string();
                    self.found
                        .push((Threshold::AllowanceOverStandard, key(&[&p.payee_id, &year])));
                }
            }
            purpose
                if FESTIVAL_PURPOSES.contains(&purpose)
                    && v.is_cadre_on(&p.payee_id, day)
                    && near_festival(&self.festivals, day) =>
            {
                self.found
                    .push((Threshold::FestivalPayment, key(&[&p.payment_id])));
            }
            _ => {}
        }
    }

    /// The alerts found since the last call.
    pub fn take_found(&mut self) -> Vec<Found> {
        std::mem::take(&mut self.found)
    }
}

fn parse<'a, T: Deserialize<'a>>(payload: &'a str) -> T {
    serde_json::from_str(payload).expect("the generator writes valid payloads")
}
