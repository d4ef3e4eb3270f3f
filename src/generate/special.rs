//! People created for one planted case (a cadre whose term ends the day before the job, a worker
//! with a tight annual cap, ...). They are registered with their home village and appear in no
//! other job, so the alerts they cause are exactly those of their case.

use chrono::NaiveDate;

use super::json::Fen;
use super::village::Payee;

#[derive(Debug, Clone, PartialEq)]
pub struct PoolEntry {
    pub village: usize,
    pub approved_on: NaiveDate,
    pub annual_cap: Option<Fen>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CadreTerm {
    pub role: &'static str,
    pub term_start: NaiveDate,
    pub term_end: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SpecialPerson {
    /// Village whose registry lists the person (and the cadre role, if any).
    pub home: usize,
    pub pools: Vec<PoolEntry>,
    /// Number of own bank accounts.
    pub accounts: usize,
    pub cadre: Option<CadreTerm>,
    /// Relation declared by the home village's party secretary, if any.
    pub relative_of_leader: Option<&'static str>,
    /// Id and accounts, known once the person is registered.
    pub payee: Option<Payee>,
}

impl SpecialPerson {
    pub fn villager(home: usize) -> Self {
        Self {
            home,
            pools: Vec::new(),
            accounts: 1,
            cadre: None,
            relative_of_leader: None,
            payee: None,
        }
    }

    pub fn pool_worker(home: usize, pool: PoolEntry) -> Self {
        Self {
            pools: vec![pool],
            ..Self::villager(home)
        }
    }

    pub fn payee(&self) -> &Payee {
        self.payee
            .as_ref()
            .expect("special persons are registered before business events")
    }
}
