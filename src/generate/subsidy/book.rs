//! Every disbursement list of a village and the subsidy alerts each one implies, evaluated over
//! the lists written before it. The desk writes every event the SUB thresholds read about its
//! lists (the lists, their notices, the persons and land of its recipients), so the book's
//! answer is the truth whatever case a list carries.
//!
//! A list is recorded when it is scheduled, which may be before a list scheduled earlier is
//! paid. That does not change the answer: SUB-03 and SUB-05 are keyed by year, not by list, and
//! fire once the year's lines reach their count in whatever order the lists arrive; SUB-04's
//! growth compares with the previous year's lists, which are paid a calendar year earlier.

use chrono::NaiveDateTime;
use std::collections::BTreeSet;

use super::census::Census;
use super::rules::{
    favoritism, grew_too_much, notice_in_time, Area, MAX_PER_YEAR, SHARED_ACCOUNT_RECIPIENTS,
};
use crate::generate::json::Fen;
use crate::generate::threshold::Threshold;

/// One line of a list: a recipient, the amount, the account credited and the area claimed.
#[derive(Debug, Clone)]
pub struct Line {
    pub recipient: String,
    pub amount: Fen,
    pub account: String,
    pub claimed: Option<Area>,
}

/// One subsidy.disbursed.
#[derive(Debug, Clone)]
pub struct SubsidyList {
    pub subsidy_id: String,
    pub subsidy_type: &'static str,
    pub year: i32,
    pub paid_at: NaiveDateTime,
    pub lines: Vec<Line>,
    /// When the notices naming the list are published.
    pub notices: Vec<NaiveDateTime>,
}

impl SubsidyList {
    pub fn recipients(&self) -> BTreeSet<&str> {
        self.lines.iter().map(|l| l.recipient.as_str()).collect()
    }
}

/// An alert: threshold and dedup key without the village.
pub type Found = (Threshold, Vec<String>);

#[derive(Debug, Default)]
pub struct SubsidyBook {
    lists: Vec<SubsidyList>,
}

impl SubsidyBook {
    /// Lines of `recipient` under `subsidy_type` in subsidy year `year`, over every list.
    pub fn lines_of<'a>(
        &'a self,
        recipient: &'a str,
        subsidy_type: &'a str,
        year: i32,
    ) -> impl Iterator<Item = &'a Line> + 'a {
        self.lists
            .iter()
            .filter(move |l| l.subsidy_type == subsidy_type && l.year == year)
            .flat_map(|l| l.lines.iter())
            .filter(move |line| line.recipient == recipient)
    }

    /// Whether `recipient` is paid under `subsidy_type` in `year` already.
    pub fn is_paid(&self, recipient: &str, subsidy_type: &str, year: i32) -> bool {
        self.lines_of(recipient, subsidy_type, year)
            .next()
            .is_some()
    }

    /// The areas `recipient` claimed under `subsidy_type` in `year`.
    pub fn claims(&self, recipient: &str, subsidy_type: &str, year: i32) -> Vec<Area> {
        self.lines_of(recipient, subsidy_type, year)
            .filter_map(|l| l.claimed)
            .collect()
    }

    /// The distinct recipients paid into `account` in subsidy year `year`.
    pub fn account_recipients(&self, account: &str, year: i32) -> BTreeSet<&str> {
        self.lists
            .iter()
            .filter(|l| l.year == year)
            .flat_map(|l| l.lines.iter())
            .filter(|line| line.account == account)
            .map(|line| line.recipient.as_str())
            .collect()
    }

    /// Records `list` and returns the alerts it raises; `certified` is the certified area of a
    /// recipient's household (homesteads left out), for the recipients with claimed areas.
    pub fn record(
        &mut self,
        list: SubsidyList,
        census: &Census,
        certified: impl Fn(&str) -> Area,
    ) -> Vec<Found> {
        let mut found = Vec::new();
        let id = list.subsidy_id.clone();
        let day = list.paid_at.date();
        let recipients: Vec<String> = list.recipients().into_iter().map(String::from).collect();

        // SUB-01.
        let close = census.close(day);
        let k = recipients
            .iter()
            .filter(|r| close.contains(r.as_str()))
            .count() as u64;
        let (p, kp) = census.population(day);
        if favoritism(recipients.len() as u64, k, p, kp) {
            found.push((Threshold::SubsidyFavoritism, vec![id.clone()]));
        }

        // SUB-02: a recipient with no person record is quiet.
        for r in &recipients {
            if census.person(r).is_some_and(|v| v.dead_or_gone(day)) {
                found.push((Threshold::DeceasedOrMoved, vec![id.clone(), r.clone()]));
            }
        }

        // SUB-04, with last year's claims from the lists before this one.
        for line in &list.lines {
            let Some(claimed) = line.claimed else {
                continue;
            };
            let above = claimed > certified(&line.recipient);
            let grew = self
                .claims(&line.recipient, list.subsidy_type, list.year - 1)
                .into_iter()
                .any(|a0| grew_too_much(claimed, a0));
            let key = vec![id.clone(), line.recipient.clone()];
            if (above || grew) && !found.contains(&(Threshold::AreaInflated, key.clone())) {
                found.push((Threshold::AreaInflated, key));
            }
        }

        // SUB-06.
        if !list
            .notices
            .iter()
            .any(|n| notice_in_time(*n, list.paid_at))
        {
            found.push((Threshold::PaidBeforeNotice, vec![id.clone()]));
        }

        let subsidy_type = list.subsidy_type;
        let year = list.year;
        let accounts: BTreeSet<String> = list.lines.iter().map(|l| l.account.clone()).collect();
        self.lists.push(list);

        // SUB-03 and SUB-05 over every list of the year, this one included.
        for r in &recipients {
            if self.lines_of(r, subsidy_type, year).count() > MAX_PER_YEAR {
                found.push((
                    Threshold::SubsidyDuplicate,
                    vec![r.clone(), subsidy_type.to_string(), year.to_string()],
                ));
            }
        }
        for account in accounts {
            if self.account_recipients(&account, year).len() >= SHARED_ACCOUNT_RECIPIENTS {
                found.push((Threshold::SharedAccount, vec![account, year.to_string()]));
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::subsidy::census::Villager;
    use crate::generate::time::at;
    use chrono::NaiveDate;

    fn farmer() -> Census {
        Census::new(
            vec![Villager {
                id: "p-1".into(),
                household: "hh-1".into(),
                resident: true,
                deceased_on: None,
                account: Some("6230".into()),
                eligible: true,
            }],
            Vec::new(),
            &[],
        )
    }

    fn claim(id: &str, year: i32, area: Area) -> SubsidyList {
        let paid_at = at(NaiveDate::from_ymd_opt(year, 5, 10).unwrap(), 10, 0, 0);
        SubsidyList {
            subsidy_id: id.into(),
            subsidy_type: "farmland_protection",
            year,
            paid_at,
            lines: vec![Line {
                recipient: "p-1".into(),
                amount: area * 120,
                account: "6230".into(),
                claimed: Some(area),
            }],
            notices: vec![at(NaiveDate::from_ymd_opt(year, 5, 1).unwrap(), 9, 0, 0)],
        }
    }

    #[test]
    fn growth_is_judged_against_last_years_claims() {
        let census = farmer();
        let certified = |_: &str| 1_000;
        let mut book = SubsidyBook::default();
        assert!(book
            .record(claim("a", 2023, 500), &census, certified)
            .is_empty());
        // A fifth more is allowed; a hundredth of a mu beyond it is not.
        assert!(book
            .record(claim("b", 2024, 600), &census, certified)
            .is_empty());
        let mut later = SubsidyBook::default();
        later.record(claim("a", 2023, 500), &census, certified);
        assert_eq!(
            later.record(claim("c", 2024, 601), &census, certified),
            vec![(Threshold::AreaInflated, vec!["c".into(), "p-1".into()])]
        );
        // Two years back does not count; above the certified area counts with no claim last year.
        assert!(later
            .record(claim("d", 2025, 721), &census, certified)
            .is_empty());
        assert_eq!(
            later.record(claim("e", 2027, 1_001), &census, certified),
            vec![(Threshold::AreaInflated, vec!["e".into(), "p-1".into()])]
        );
    }
}
