//! The asset register entries and leases of one village as the asset thresholds see them:
//! AST-04 and AST-05 on each lease, AST-06 on each register entry, and the deadlines of AST-02,
//! AST-03 and AST-07, which depend on what is entered until the deadline and are therefore
//! evaluated over the whole history once the period is written. Entries are made when their
//! events are scheduled, so that of two entries at the same instant the one entered first is
//! also applied first.

use chrono::{Months, NaiveDate, NaiveDateTime};
use std::collections::HashMap;

use crate::generate::json::{yuan, Fen};
use crate::generate::threshold::Threshold;
use crate::generate::time::{date_text, plus_days, start_of};

/// AST-03 notice in days before the end of a lease.
pub const NOTICE_DAYS: i64 = 30;
/// AST-07 max_idle in days.
pub const MAX_IDLE_DAYS: i64 = 180;
/// AST-04 min_value.
pub const EXCHANGE_MIN_VALUE: Fen = yuan(50_000);
/// AST-04 max_term_years.
pub const MAX_TERM_YEARS: u32 = 5;
/// AST-05 ratio 0.8 as a fraction.
pub const RENT_DROP_RATIO: (Fen, Fen) = (4, 5);
/// AST-06 tolerance 0.05: a difference above the GIS area divided by this.
pub const AREA_TOLERANCE_DENOMINATOR: i64 = 20;

/// An alert an entry implies: threshold and dedup key values after village_id.
pub type Implied = (Threshold, Vec<String>);

/// Where an entry falls in application order: its instant, then its entry order.
type Point = (NaiveDateTime, u64);

/// A lease as AST-02 to AST-05 read it.
#[derive(Debug, Clone)]
pub struct LeaseTerms {
    pub lease_id: String,
    pub asset_id: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub annual_rent: Fen,
    pub via_exchange: bool,
    pub previous_lease_id: Option<String>,
}

impl LeaseTerms {
    /// Days of the term, both ends included.
    pub fn days(&self) -> i64 {
        (self.end - self.start).num_days() + 1
    }

    /// AST-04: the value (annual rent × days ÷ 365) reaches the minimum, or the term reaches
    /// five calendar years.
    pub fn needs_exchange(&self) -> bool {
        self.annual_rent * self.days() >= EXCHANGE_MIN_VALUE * 365
            || self.end >= plus_years(self.start, MAX_TERM_YEARS)
    }

    /// AST-03 notice instant: eod(end) - notice.
    pub fn notice_at(&self) -> NaiveDateTime {
        start_of(plus_days(self.end, 1 - NOTICE_DAYS))
    }

    /// AST-02 deadline: eod(end) (grace 0d).
    pub fn expiry(&self) -> NaiveDateTime {
        start_of(plus_days(self.end, 1))
    }
}

/// `day` plus whole calendar years; 29 February falls on 28 February in a common year.
pub fn plus_years(day: NaiveDate, years: u32) -> NaiveDate {
    day.checked_add_months(Months::new(12 * years))
        .expect("a date in range")
}

/// AST-07 deadline of an asset idle since `since`.
pub fn idle_deadline(since: NaiveDate) -> NaiveDateTime {
    start_of(plus_days(since, 1 + MAX_IDLE_DAYS))
}

/// AST-06: register and GIS areas (hundredths of m²) differ by more than the tolerance.
pub fn area_mismatch(area: Option<i64>, gis: Option<i64>) -> bool {
    match (area, gis) {
        (Some(a), Some(g)) if g > 0 => (a - g).abs() * AREA_TOLERANCE_DENOMINATOR > g,
        _ => false,
    }
}

#[derive(Debug, Clone)]
struct Entry {
    point: Point,
    use_status: &'static str,
    since: NaiveDate,
}

#[derive(Debug, Clone)]
struct Lease {
    terms: LeaseTerms,
    point: Point,
}

#[derive(Debug, Default)]
pub struct AssetLedger {
    entries: HashMap<String, Vec<Entry>>,
    leases: Vec<Lease>,
    order: u64,
}

impl AssetLedger {
    fn point(&mut self, at: NaiveDateTime) -> Point {
        self.order += 1;
        (at, self.order)
    }

    /// Enters a register entry applied at `at`; returns what it implies at once (AST-06).
    pub fn enter_asset(
        &mut self,
        asset_id: &str,
        at: NaiveDateTime,
        use_status: &'static str,
        since: NaiveDate,
        area: Option<i64>,
        gis: Option<i64>,
    ) -> Vec<Implied> {
        let point = self.point(at);
        self.entries
            .entry(asset_id.to_string())
            .or_default()
            .push(Entry {
                point,
                use_status,
                since,
            });
        if area_mismatch(area, gis) {
            vec![(Threshold::AreaMismatch, vec![asset_id.to_string()])]
        } else {
            Vec::new()
        }
    }

    /// The lease AST-05 compares `l` with: the one it names, else the lease of the same asset
    /// that ended latest before `l` starts (of equal ends, the one entered last).
    pub fn previous_of(&self, l: &LeaseTerms) -> Option<&LeaseTerms> {
        if let Some(id) = &l.previous_lease_id {
            return self
                .leases
                .iter()
                .rev()
                .find(|p| &p.terms.lease_id == id)
                .map(|p| &p.terms);
        }
        self.leases
            .iter()
            .filter(|p| {
                p.terms.asset_id == l.asset_id
                    && p.terms.lease_id != l.lease_id
                    && p.terms.end < l.start
            })
            .max_by_key(|p| (p.terms.end, p.point))
            .map(|p| &p.terms)
    }

    /// What a lease would imply at once if entered now (AST-04 and AST-05).
    pub fn lease_implies(&self, l: &LeaseTerms) -> Vec<Implied> {
        let mut found = Vec::new();
        let own = || vec![l.lease_id.clone()];
        if !l.via_exchange && l.needs_exchange() {
            found.push((Threshold::LeaseNotViaExchange, own()));
        }
        if let Some(p) = self.previous_of(l) {
            if l.annual_rent * RENT_DROP_RATIO.1 < p.annual_rent * RENT_DROP_RATIO.0 {
                found.push((Threshold::RentDrop, own()));
            }
        }
        found
    }

    /// Enters a lease applied at `at`; returns what it implies at once.
    pub fn enter_lease(&mut self, l: &LeaseTerms, at: NaiveDateTime) -> Vec<Implied> {
        let found = self.lease_implies(l);
        let point = self.point(at);
        self.leases.push(Lease {
            terms: l.clone(),
            point,
        });
        found
    }

    /// The register entry of `asset_id` applied last at or before `t`.
    fn live_entry(&self, asset_id: &str, t: Point) -> Option<&Entry> {
        self.entries
            .get(asset_id)?
            .iter()
            .filter(|e| e.point <= t)
            .max_by_key(|e| e.point)
    }

    /// Another lease of the same asset running longer than `l`, entered by `t`.
    fn followed_by(&self, l: &LeaseTerms, t: NaiveDateTime) -> bool {
        self.leases.iter().any(|o| {
            o.terms.asset_id == l.asset_id
                && o.terms.lease_id != l.lease_id
                && o.terms.end > l.end
                && o.point.0 <= t
        })
    }

    /// AST-03 and AST-02 of the lease with this id, for an input whose last instant is `end`.
    pub fn lease_deadlines(&self, lease_id: &str, end: NaiveDateTime) -> Vec<Implied> {
        let Some(l) = self.leases.iter().find(|l| l.terms.lease_id == lease_id) else {
            return Vec::new();
        };
        let terms = &l.terms;
        let mut found = Vec::new();
        let notice = terms.notice_at();
        if notice < end && !self.followed_by(terms, notice) {
            found.push((Threshold::LeaseExpiring, vec![terms.lease_id.clone()]));
        }
        let expiry = terms.expiry();
        if expiry < end && !self.followed_by(terms, expiry) {
            let taken_back = self
                .live_entry(&terms.asset_id, (expiry, u64::MAX))
                .is_some_and(|e| e.use_status != "leased" && e.since >= terms.start);
            if !taken_back {
                found.push((
                    Threshold::LeaseExpiredUnresolved,
                    vec![terms.lease_id.clone()],
                ));
            }
        }
        found
    }

    /// AST-07 of every idle spell of `asset_id`, for an input whose last instant is `end`.
    pub fn idle_deadlines(&self, asset_id: &str, end: NaiveDateTime) -> Vec<Implied> {
        let Some(entries) = self.entries.get(asset_id) else {
            return Vec::new();
        };
        let mut found: Vec<Implied> = Vec::new();
        for e in entries.iter().filter(|e| e.use_status == "idle") {
            let deadline = idle_deadline(e.since);
            let key = vec![asset_id.to_string(), date_text(e.since)];
            if deadline >= end || found.iter().any(|(_, k)| *k == key) {
                continue;
            }
            let checked = e.point.max((deadline, u64::MAX));
            let still_idle = self
                .live_entry(asset_id, checked)
                .is_some_and(|live| live.use_status == "idle" && live.since == e.since);
            if still_idle {
                found.push((Threshold::LongIdle, key));
            }
        }
        found
    }

    /// Every deadline alert of the village, for an input whose last instant is `end`.
    pub fn all_deadlines(&self, end: NaiveDateTime) -> Vec<Implied> {
        let mut found = Vec::new();
        for l in &self.leases {
            found.extend(self.lease_deadlines(&l.terms.lease_id, end));
        }
        let mut assets: Vec<&String> = self.entries.keys().collect();
        assets.sort();
        for asset in assets {
            found.extend(self.idle_deadlines(asset, end));
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::time::at;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn lease(id: &str, start: NaiveDate, end: NaiveDate, rent: Fen) -> LeaseTerms {
        LeaseTerms {
            lease_id: id.into(),
            asset_id: "a".into(),
            start,
            end,
            annual_rent: rent,
            via_exchange: false,
            previous_lease_id: None,
        }
    }

    #[test]
    fn exchange_needs_value_or_five_calendar_years() {
        let year = lease("l", d(2023, 1, 1), d(2023, 12, 31), yuan(50_000) - 1);
        assert!(!year.needs_exchange());
        let year = lease("l", d(2023, 1, 1), d(2023, 12, 31), yuan(50_000));
        assert!(year.needs_exchange());
        let long = lease("l", d(2024, 2, 29), d(2029, 2, 28), yuan(100));
        assert!(long.needs_exchange());
        let short = lease("l", d(2024, 2, 29), d(2029, 2, 27), yuan(100));
        assert!(!short.needs_exchange());
    }

    #[test]
    fn renewal_by_the_notice_instant_keeps_both_deadlines_quiet() {
        let mut ledger = AssetLedger::default();
        let old = lease("old", d(2022, 3, 1), d(2023, 2, 28), yuan(10_000));
        ledger.enter_lease(&old, at(d(2023, 1, 2), 9, 0, 0));
        let end = start_of(d(2023, 6, 1));
        assert_eq!(ledger.lease_deadlines("old", end).len(), 2);
        let renewal = LeaseTerms {
            previous_lease_id: Some("old".into()),
            ..lease("new", d(2023, 3, 1), d(2024, 2, 29), yuan(8_000))
        };
        assert!(ledger.lease_implies(&renewal).is_empty());
        ledger.enter_lease(&renewal, old.notice_at());
        assert!(ledger.lease_deadlines("old", end).is_empty());
        let dropped = LeaseTerms {
            annual_rent: yuan(8_000) - 1,
            ..renewal
        };
        assert_eq!(
            ledger.lease_implies(&dropped),
            vec![(Threshold::RentDrop, vec!["new".into()])]
        );
    }

    #[test]
    fn taken_back_at_the_expiry_instant_is_in_time() {
        let mut ledger = AssetLedger::default();
        let l = lease("l", d(2022, 3, 1), d(2023, 2, 28), yuan(10_000));
        ledger.enter_asset(
            "a",
            at(d(2023, 1, 2), 9, 0, 0),
            "leased",
            l.start,
            None,
            None,
        );
        ledger.enter_lease(&l, at(d(2023, 1, 2), 9, 0, 0));
        ledger.enter_asset("a", l.expiry(), "idle", d(2023, 3, 1), None, None);
        let end = start_of(d(2023, 12, 1));
        assert_eq!(
            ledger.lease_deadlines("l", end),
            vec![(Threshold::LeaseExpiring, vec!["l".into()])]
        );
        let idle = ledger.idle_deadlines("a", end);
        assert_eq!(
            idle,
            vec![(Threshold::LongIdle, vec!["a".into(), "2023-03-01".into()])]
        );
        ledger.enter_asset(
            "a",
            idle_deadline(d(2023, 3, 1)),
            "leased",
            d(2023, 8, 28),
            None,
            None,
        );
        assert!(ledger.idle_deadlines("a", end).is_empty());
    }

    #[test]
    fn areas_may_differ_by_exactly_five_percent() {
        assert!(!area_mismatch(Some(105_000), Some(100_000)));
        assert!(area_mismatch(Some(105_001), Some(100_000)));
        assert!(area_mismatch(Some(94_999), Some(100_000)));
        assert!(!area_mismatch(None, Some(100_000)));
    }
}
