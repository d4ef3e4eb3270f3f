//! The conflict thresholds (COI-01..COI-04) evaluated over the written stream: the registry of
//! cadres, kinship declarations and companies, and every lease, contract and payment any desk
//! writes, seen in the order the engine applies them, so that the truth lists exactly the
//! conflict alerts the events imply, whichever desk wrote them (a cadre's relative who supplies
//! goods under a procurement contract is COI-01's too, for instance).

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use serde::Deserialize;
use std::collections::{BTreeSet, HashMap, HashSet};

use crate::generate::decision::ledger::{fen_of, Found};
use crate::generate::ids::village_id;
use crate::generate::json::Fen;
use crate::generate::threshold::Threshold;
use crate::generate::time::{plus_seconds, start_of, timestamp};
use crate::generate::writer::{Place, Written};

use super::MAX_AGE_DAYS;

/// COI-02 annual_limit.
pub const KIN_ANNUAL_LIMIT: Fen = crate::generate::json::yuan(10_000);

/// The registry types the ledger reads.
pub const REGISTRY_TYPES: &[&str] = &["registry.cadre", "registry.kinship", "registry.company"];

use crate::generate::cadre_record::CadreRecord;

#[derive(Deserialize)]
struct KinshipRecord {
    cadre_id: String,
    relative_id: String,
    relation: Option<String>,
    declared_at: Option<String>,
    #[serde(default)]
    deleted: bool,
}

#[derive(Deserialize)]
struct CompanyRecord {
    company_id: String,
    #[serde(default)]
    owner_ids: Vec<String>,
    legal_rep_id: Option<String>,
    #[serde(default)]
    manager_ids: Vec<String>,
    #[serde(default)]
    deleted: bool,
}

#[derive(Deserialize)]
struct LeaseRecord {
    lease_id: String,
    lessee_id: String,
    lessee_type: String,
    start_date: NaiveDate,
}

#[derive(Deserialize)]
struct ContractRecord {
    contract_id: String,
    contract_type: String,
    party_b_id: String,
    party_b_type: String,
    signed_on: NaiveDate,
}

#[derive(Deserialize)]
struct PaymentRecord {
    payment_id: String,
    amount: serde_json::Number,
    payee_id: String,
    payee_type: String,
    contract_id: Option<String>,
    order_id: Option<String>,
    project_id: Option<String>,
}

/// A declaration as COI reads it: the relation and when it was signed.
#[derive(Debug, Clone)]
struct Declaration {
    relation: String,
    declared_at: Option<NaiveDateTime>,
}

/// A term of a cadre role: first and last day.
type Term = (Option<NaiveDate>, Option<NaiveDate>);

fn covers(term: &Term, day: NaiveDate) -> bool {
    term.0.is_some_and(|s| s <= day) && term.1.is_none_or(|e| day <= e)
}

/// The declared_at text of a declaration (RFC 3339 with the local offset) as a local instant.
fn local_instant(text: &str) -> Option<NaiveDateTime> {
    chrono::DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.naive_local())
}

#[derive(Default)]
pub struct ConflictLedger {
    /// Roles by (village, person): role → term.
    roles: HashMap<(usize, String), HashMap<String, Term>>,
    /// Villages in which a person holds a role.
    villages_of: HashMap<String, BTreeSet<usize>>,
    /// Live declarations by cadre: relative → declaration.
    declared: HashMap<String, HashMap<String, Declaration>>,
    /// Cadres who declared a person as relative (any relation, none included).
    declarers: HashMap<String, HashSet<String>>,
    /// controllers(k) of the live companies.
    controllers: HashMap<String, Vec<String>>,
    /// Live payments by village and payment id: payee, year, amount.
    payments: HashMap<(usize, String), (String, i32, Fen)>,
    /// Sums of the live payments by village, payee and year.
    paid: HashMap<(usize, String, i32), Fen>,
    /// COI-03 timers: (due, village, cadre), and the due armed per (village, cadre).
    timers: BTreeSet<(NaiveDateTime, usize, String)>,
    armed: HashMap<(usize, String), NaiveDateTime>,
    /// Villages that have sent a business event: COI-03 arms its timers only for those (a
    /// village becoming known arms them for every cadre of it, as the declarations then stand).
    known: HashSet<usize>,
    found: Vec<Found>,
}

impl ConflictLedger {
    pub fn new() -> Self {
        Self::default()
    }

    /// Applies one written event (registry or business).
    pub fn observe(&mut self, e: Written) {
        self.advance(e.at);
        let village = match e.place {
            Place::Village(i) => Some(i),
            Place::Global => None,
        };
        if let Some(i) = village.filter(|_| !e.kind.starts_with("registry.")) {
            if self.known.insert(i) {
                let cadres: BTreeSet<String> = self
                    .roles
                    .keys()
                    .filter(|(v, _)| *v == i)
                    .map(|(_, p)| p.clone())
                    .collect();
                for cadre in cadres {
                    self.rearm(&cadre);
                }
            }
        }
        match (e.kind, village) {
            ("registry.company", _) => self.company(parse(e.payload)),
            ("registry.cadre", Some(i)) => self.cadre(i, parse(e.payload)),
            ("registry.kinship", _) => self.kinship(parse(e.payload)),
            ("lease.recorded", Some(i)) => self.lease(i, parse(e.payload)),
            ("contract.recorded", Some(i)) => self.contract(i, parse(e.payload)),
            ("finance.payment", Some(i)) => self.payment(i, parse(e.payload), e.at),
            _ => {}
        }
    }

    /// Event time reaches `t`: the COI-03 timers due before it fire (at equal instants events
    /// come first, so a declaration signed at the very instant of the due is in time).
    pub fn advance(&mut self, t: NaiveDateTime) {
        while let Some((due, i, cadre)) = self.timers.first().cloned() {
            if due >= t {
                break;
            }
            self.timers.pop_first();
            self.armed.remove(&(i, cadre.clone()));
            if self.is_cadre(i, &cadre, due.date()) {
                self.found.push((
                    Threshold::DeclarationStale,
                    vec![village_id(i), cadre, timestamp(due)],
                ));
            }
        }
    }

    /// The alerts found since the last call.
    pub fn take_found(&mut self) -> Vec<Found> {
        std::mem::take(&mut self.found)
    }

    fn is_cadre(&self, i: usize, person: &str, day: NaiveDate) -> bool {
        self.roles
            .get(&(i, person.to_string()))
            .is_some_and(|roles| roles.values().any(|t| covers(t, day)))
    }

    /// Whether `person` is in kin_of_cadres(v, day): a relative (relation not none) declared by
    /// a cadre of v on that day.
    fn is_kin(&self, i: usize, person: &str, day: NaiveDate) -> bool {
        self.declarers.get(person).is_some_and(|cadres| {
            cadres.iter().any(|c| {
                self.declared
                    .get(c)
                    .and_then(|d| d.get(person))
                    .is_some_and(|d| d.relation != "none")
                    && self.is_cadre(i, c, day)
            })
        })
    }

    /// close(v, day).
    fn is_close(&self, i: usize, person: &str, day: NaiveDate) -> bool {
        self.is_cadre(i, person, day) || self.is_kin(i, person, day)
    }

    fn controlled(&self, i: usize, company: &str, day: NaiveDate) -> bool {
        self.controllers
            .get(company)
            .is_some_and(|people| people.iter().any(|p| self.is_close(i, p, day)))
    }

    fn company(&mut self, c: CompanyRecord) {
        if c.deleted {
            self.controllers.remove(&c.company_id);
            return;
        }
        let mut people: Vec<String> = c.owner_ids;
        people.extend(c.legal_rep_id);
        people.extend(c.manager_ids);
        self.controllers.insert(c.company_id, people);
    }

    fn cadre(&mut self, i: usize, c: CadreRecord) {
        let key = (i, c.person_id.clone());
        let roles = self.roles.entry(key.clone()).or_default();
        if c.deleted {
            roles.remove(&c.role);
        } else {
            roles.insert(c.role, (c.term_start, c.term_end));
        }
        if roles.is_empty() {
            self.roles.remove(&key);
            if let Some(v) = self.villages_of.get_mut(&c.person_id) {
                v.remove(&i);
            }
            self.disarm(i, &c.person_id);
        } else {
            self.villages_of
                .entry(c.person_id.clone())
                .or_default()
                .insert(i);
            self.rearm(&c.person_id);
        }
    }

    fn kinship(&mut self, k: KinshipRecord) {
        let declarations = self.declared.entry(k.cadre_id.clone()).or_default();
        if k.deleted {
            declarations.remove(&k.relative_id);
            if let Some(set) = self.declarers.get_mut(&k.relative_id) {
                set.remove(&k.cadre_id);
            }
        } else {
            declarations.insert(
                k.relative_id.clone(),
                Declaration {
                    relation: k.relation.unwrap_or_default(),
                    declared_at: k.declared_at.as_deref().and_then(local_instant),
                },
            );
            self.declarers
                .entry(k.relative_id)
                .or_default()
                .insert(k.cadre_id.clone());
        }
        self.rearm(&k.cadre_id);
    }

    fn disarm(&mut self, i: usize, cadre: &str) {
        if let Some(due) = self.armed.remove(&(i, cadre.to_string())) {
            self.timers.remove(&(due, i, cadre.to_string()));
        }
    }

    /// COI-03: due = last(c) + max_age in every village where c holds a role; last(c) is the
    /// latest declared_at of c's declarations, else sod of the earliest term_start there.
    fn rearm(&mut self, cadre: &str) {
        let last = self
            .declared
            .get(cadre)
            .and_then(|d| d.values().filter_map(|d| d.declared_at).max());
        let villages: Vec<usize> = self
            .villages_of
            .get(cadre)
            .map(|v| {
                v.iter()
                    .copied()
                    .filter(|i| self.known.contains(i))
                    .collect()
            })
            .unwrap_or_default();
        for i in villages {
            let since = last.or_else(|| {
                self.roles
                    .get(&(i, cadre.to_string()))
                    .and_then(|r| r.values().filter_map(|t| t.0).min())
                    .map(start_of)
            });
            self.disarm(i, cadre);
            if let Some(since) = since {
                let due = plus_seconds(since, MAX_AGE_DAYS * 86_400);
                self.timers.insert((due, i, cadre.to_string()));
                self.armed.insert((i, cadre.to_string()), due);
            }
        }
    }

    /// COI-01 and COI-04 on a lease.
    fn lease(&mut self, i: usize, l: LeaseRecord) {
        let day = l.start_date;
        match l.lessee_type.as_str() {
            "person" if self.is_close(i, &l.lessee_id, day) => self.found.push((
                Threshold::KinCounterparty,
                vec![village_id(i), "lease".into(), l.lease_id],
            )),
            "company" => self.controlled_firm(i, &l.lessee_id, day),
            _ => {}
        }
    }

    /// COI-01 and COI-04 on a contract.
    fn contract(&mut self, i: usize, k: ContractRecord) {
        let day = k.signed_on;
        match k.party_b_type.as_str() {
            "person" if self.is_close(i, &k.party_b_id, day) => self.found.push((
                Threshold::KinCounterparty,
                vec![village_id(i), "contract".into(), k.contract_id],
            )),
            "company" if !["procurement", "construction"].contains(&k.contract_type.as_str()) => {
                self.controlled_firm(i, &k.party_b_id, day)
            }
            _ => {}
        }
    }

    /// COI-02 and COI-04 on a payment.
    fn payment(&mut self, i: usize, p: PaymentRecord, at: NaiveDateTime) {
        let day = at.date();
        let amount = fen_of(&p.amount);
        let year = day.year();
        let key = (i, p.payment_id.clone());
        if let Some((payee, y, before)) = self.payments.remove(&key) {
            *self.paid.entry((i, payee, y)).or_insert(0) -= before;
        }
        self.payments
            .insert(key, (p.payee_id.clone(), year, amount));
        let total = self.paid.entry((i, p.payee_id.clone(), year)).or_insert(0);
        *total += amount;
        let total = *total;
        match p.payee_type.as_str() {
            "person" if total >= KIN_ANNUAL_LIMIT && self.is_kin(i, &p.payee_id, day) => {
                self.found.push((
                    Threshold::KinPayee,
                    vec![village_id(i), p.payee_id, year.to_string()],
                ))
            }
            "company"
                if p.contract_id.is_none() && p.order_id.is_none() && p.project_id.is_none() =>
            {
                self.controlled_firm(i, &p.payee_id, day)
            }
            _ => {}
        }
    }

    fn controlled_firm(&mut self, i: usize, company: &str, day: NaiveDate) {
        if self.controlled(i, company, day) {
            self.found.push((
                Threshold::ControlledFirm,
                vec![village_id(i), company.to_string()],
            ));
        }
    }
}

fn parse<'a, T: Deserialize<'a>>(payload: &'a str) -> T {
    serde_json::from_str(payload).expect("the generator writes valid payloads")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::time::at;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2023, m, day).unwrap()
    }

    fn feed(ledger: &mut ConflictLedger, kind: &'static str, t: NaiveDateTime, payload: &str) {
        ledger.observe(Written {
            kind,
            at: t,
            place: Place::Village(0),
            payload,
        });
    }

    /// A ledger with cadre p-1 in office from 2022-01-01 to 2023-06-30 who declared p-2 as
    /// child at `declared`.
    fn ledger_with_cadre(declared: NaiveDateTime) -> ConflictLedger {
        let mut l = ConflictLedger::new();
        let t = at(d(1, 1), 8, 0, 0) - chrono::TimeDelta::days(400);
        feed(
            &mut l,
            "registry.cadre",
            t,
            r#"{"person_id":"p-1","role":"director","term_start":"2022-01-01","term_end":"2023-06-30"}"#,
        );
        let kinship = format!(
            r#"{{"cadre_id":"p-1","relative_id":"p-2","relation":"child","declared_at":"{}"}}"#,
            timestamp(declared)
        );
        feed(&mut l, "registry.kinship", t, &kinship);
        feed(&mut l, "oversight.checked", t, "{}");
        l
    }

    fn payment(id: &str, amount: &str) -> String {
        format!(
            r#"{{"payment_id":"{id}","amount":{amount},"method":"bank","payee_id":"p-2","payee_type":"person","account_no":"1","purpose":"services"}}"#
        )
    }

    #[test]
    fn kin_paid_the_limit_in_a_year_fires_a_fen_less_does_not() {
        let mut l = ledger_with_cadre(at(d(3, 1), 9, 0, 0) - chrono::TimeDelta::days(300));
        feed(
            &mut l,
            "finance.payment",
            at(d(2, 1), 10, 0, 0),
            &payment("pm-1", "6000.00"),
        );
        feed(
            &mut l,
            "finance.payment",
            at(d(2, 9), 10, 0, 0),
            &payment("pm-2", "3999.99"),
        );
        assert!(l.take_found().is_empty());
        feed(
            &mut l,
            "finance.payment",
            at(d(2, 10), 10, 0, 0),
            &payment("pm-3", "0.01"),
        );
        let found = l.take_found();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, Threshold::KinPayee);
        assert_eq!(found[0].1, ["vl-0001", "p-2", "2023"]);
    }

    #[test]
    fn a_declaration_renewed_at_its_due_instant_is_in_time_a_second_later_is_not() {
        let declared = at(d(2, 1), 10, 0, 0) - chrono::TimeDelta::days(365);
        let due = at(d(2, 1), 10, 0, 0);
        let renewal = |t: NaiveDateTime| {
            format!(
                r#"{{"cadre_id":"p-1","relative_id":"p-2","relation":"child","declared_at":"{}"}}"#,
                timestamp(t)
            )
        };
        let mut on_time = ledger_with_cadre(declared);
        feed(&mut on_time, "registry.kinship", due, &renewal(due));
        on_time.advance(at(d(3, 1), 0, 0, 0));
        assert!(on_time.take_found().is_empty());

        let mut late = ledger_with_cadre(declared);
        let second_late = plus_seconds(due, 1);
        feed(
            &mut late,
            "registry.kinship",
            second_late,
            &renewal(second_late),
        );
        let found = late.take_found();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].1, ["vl-0001", "p-1", "2023-02-01T10:00:00+08:00"]);
    }

    #[test]
    fn a_stale_declaration_of_a_cadre_out_of_office_on_the_due_day_is_quiet() {
        // Due 2023-07-01, the day after the term ended.
        let mut l = ledger_with_cadre(at(d(7, 1), 9, 0, 0) - chrono::TimeDelta::days(365));
        l.advance(at(d(8, 1), 0, 0, 0));
        assert!(l.take_found().is_empty());
    }

    #[test]
    fn a_lease_to_kin_fires_only_while_the_declaring_cadre_serves() {
        let mut l = ledger_with_cadre(at(d(1, 1), 9, 0, 0) - chrono::TimeDelta::days(30));
        let lease = |id: &str, start: &str| {
            format!(
                r#"{{"lease_id":"{id}","asset_id":"as-1","lessee_id":"p-2","lessee_type":"person","start_date":"{start}","end_date":"2026-01-01","annual_rent":1000.00,"via_exchange":false}}"#
            )
        };
        feed(
            &mut l,
            "lease.recorded",
            at(d(7, 2), 9, 0, 0),
            &lease("ls-1", "2023-07-01"),
        );
        assert!(l.take_found().is_empty());
        feed(
            &mut l,
            "lease.recorded",
            at(d(7, 2), 9, 0, 0),
            &lease("ls-2", "2023-06-30"),
        );
        assert_eq!(
            l.take_found(),
            [(
                Threshold::KinCounterparty,
                vec!["vl-0001".to_string(), "lease".into(), "ls-2".into()]
            )]
        );
    }
}
