//! A village's registry as the subsidy thresholds read it: every person with home village v
//! (resident flag, date of death, household, own account), the cadres' terms and the relatives
//! they declared. SUB-01 counts the population and its cadres and kin on the day of payment;
//! SUB-02 asks whether a recipient is dead or gone.

use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};

use crate::generate::conflict::Declarant;

/// One registry.person of the village.
#[derive(Debug, Clone)]
pub struct Villager {
    pub id: String,
    pub household: String,
    pub resident: bool,
    pub deceased_on: Option<NaiveDate>,
    /// The first of the person's own bank accounts, if any.
    pub account: Option<String>,
    /// Whether ordinary programmes may list the person: false for people made for one planted
    /// case of another desk or of this one, whose alerts must be exactly those of their case.
    pub eligible: bool,
}

impl Villager {
    /// In SUB-01's pop on `day`: resident and not dead on or before the day.
    pub fn in_population(&self, day: NaiveDate) -> bool {
        self.resident && self.deceased_on.is_none_or(|d| d > day)
    }

    /// SUB-02's condition on a payment of `day`: dead on or before the day, or moved away.
    pub fn dead_or_gone(&self, day: NaiveDate) -> bool {
        !self.resident || self.deceased_on.is_some_and(|d| d <= day)
    }
}

/// A registry.cadre term of the village (a person holding several roles has several).
#[derive(Debug, Clone)]
pub struct Term {
    pub person: String,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
}

impl Term {
    fn covers(&self, day: NaiveDate) -> bool {
        self.start <= day && self.end.is_none_or(|end| day <= end)
    }
}

#[derive(Debug, Default)]
pub struct Census {
    villagers: Vec<Villager>,
    by_id: HashMap<String, usize>,
    terms: Vec<Term>,
    /// kin(c) of every declaring cadre: relation `none` left out.
    kin: HashMap<String, Vec<String>>,
}

impl Census {
    pub fn new(villagers: Vec<Villager>, terms: Vec<Term>, declarants: &[Declarant]) -> Self {
        let mut kin: HashMap<String, Vec<String>> = HashMap::new();
        for d in declarants {
            for (relative, relation) in &d.relatives {
                if *relation != "none" {
                    kin.entry(d.cadre_id.clone())
                        .or_default()
                        .push(relative.clone());
                }
            }
        }
        let mut census = Self {
            villagers: Vec::new(),
            by_id: HashMap::new(),
            terms,
            kin,
        };
        for v in villagers {
            census.add(v);
        }
        census
    }

    pub fn add(&mut self, villager: Villager) {
        self.by_id.insert(villager.id.clone(), self.villagers.len());
        self.villagers.push(villager);
    }

    pub fn person(&self, id: &str) -> Option<&Villager> {
        self.by_id.get(id).map(|&i| &self.villagers[i])
    }

    pub fn villagers(&self) -> &[Villager] {
        &self.villagers
    }

    /// close(v, day): the cadres serving on the day and the relatives they declared.
    pub fn close(&self, day: NaiveDate) -> HashSet<&str> {
        let mut close = HashSet::new();
        for t in self.terms.iter().filter(|t| t.covers(day)) {
            close.insert(t.person.as_str());
            for relative in self.kin.get(&t.person).into_iter().flatten() {
                close.insert(relative.as_str());
            }
        }
        close
    }

    /// Everyone who is a cadre or a declared relative of one on some day: ordinary programmes
    /// list none of them, so that they never tilt SUB-01.
    pub fn ever_close(&self) -> HashSet<String> {
        self.terms
            .iter()
            .flat_map(|t| {
                std::iter::once(t.person.clone())
                    .chain(self.kin.get(&t.person).into_iter().flatten().cloned())
            })
            .collect()
    }

    /// SUB-01's P and Kp on `day`: the population and those of it in close(v, day).
    pub fn population(&self, day: NaiveDate) -> (u64, u64) {
        let close = self.close(day);
        let mut p = 0;
        let mut kp = 0;
        for v in self.villagers.iter().filter(|v| v.in_population(day)) {
            p += 1;
            if close.contains(v.id.as_str()) {
                kp += 1;
            }
        }
        (p, kp)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::time::at;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2023, m, day).unwrap()
    }

    fn person(id: &str, resident: bool, deceased_on: Option<NaiveDate>) -> Villager {
        Villager {
            id: id.into(),
            household: format!("hh-{id}"),
            resident,
            deceased_on,
            account: None,
            eligible: true,
        }
    }

    #[test]
    fn population_and_close_follow_terms_and_deaths() {
        let declarants = [
            Declarant::new(
                "c1".into(),
                vec![("k1".into(), "spouse"), ("gone".into(), "child")],
                at(d(1, 1), 9, 0, 0),
            ),
            Declarant::new(
                "c2".into(),
                vec![("c2".into(), "none")],
                at(d(1, 1), 9, 0, 0),
            ),
        ];
        let terms = vec![
            Term {
                person: "c1".into(),
                start: d(1, 1),
                end: Some(d(3, 1)),
            },
            Term {
                person: "c2".into(),
                start: d(1, 1),
                end: None,
            },
        ];
        let census = Census::new(
            vec![
                person("c1", true, None),
                person("c2", true, None),
                person("k1", true, None),
                person("gone", false, None),
                person("x", true, Some(d(2, 1))),
                person("y", true, None),
            ],
            terms,
            &declarants,
        );
        assert_eq!(census.population(d(1, 31)), (5, 3));
        assert_eq!(census.population(d(2, 1)), (4, 3));
        // c1's term ends on 1 March inclusive: c1 and kin leave close the day after.
        assert_eq!(census.population(d(3, 1)), (4, 3));
        assert_eq!(census.population(d(3, 2)), (4, 1));
        assert!(census.ever_close().contains("gone"));
        assert!(census.person("gone").unwrap().dead_or_gone(d(1, 1)));
        assert!(census.person("x").unwrap().dead_or_gone(d(2, 1)));
        assert!(!census.person("x").unwrap().dead_or_gone(d(1, 31)));
    }
}
