//! The contracts of one village as the contract thresholds see them: CON-01 over a main contract,
//! its supplements and the payments under them, CON-02 on each payment, CON-03 on the first
//! version of each contract and CON-05 on each supplement. Every contract, resolution and
//! payment the generator writes for the village is entered here when it is scheduled, so that
//! of two entries at the same instant the one entered first is also applied first.

use chrono::{NaiveDate, NaiveDateTime};
use std::collections::HashMap;

use crate::generate::json::{yuan, Fen};
use crate::generate::threshold::Threshold;
use crate::generate::time::plus_days;

/// CON-02 min_amount: payments from this amount need a contract.
pub const CONTRACT_MIN_PAYMENT: Fen = yuan(10_000);
/// CON-02 exempt_purposes.
pub const CONTRACT_EXEMPT_PURPOSES: [&str; 7] = [
    "labor",
    "allowance",
    "welfare",
    "hospitality",
    "compensation",
    "distribution",
    "tax_fee",
];
/// CON-03 max_delay in whole calendar days.
pub const MAX_ENTRY_DELAY_DAYS: i64 = 7;
/// CON-05 ratio 0.10: supplements may add up to the main amount divided by this.
pub const SUPPLEMENT_SHARE_DENOMINATOR: Fen = 10;

/// An alert an entry implies: threshold and dedup key values after village_id.
pub type Implied = (Threshold, Vec<String>);

/// Where an entry falls in application order: its instant, then its entry order.
type Point = (NaiveDateTime, u64);

#[derive(Debug, Clone)]
struct Version {
    point: Point,
    amount: Fen,
    resolution_id: Option<String>,
}

#[derive(Debug, Clone)]
struct Contract {
    parent: Option<String>,
    versions: Vec<Version>,
}

impl Contract {
    fn first(&self) -> Point {
        self.versions[0].point
    }

    fn recorded_by(&self, p: Point) -> bool {
        self.first() <= p
    }

    /// The amount of the live version at `p` (the version applied last by then).
    fn amount_at(&self, p: Point) -> Fen {
        self.versions
            .iter()
            .filter(|v| v.point <= p)
            .max_by_key(|v| v.point)
            .map_or(0, |v| v.amount)
    }
}

/// Whether a payment needs a contract (CON-02): large enough and not of an exempt purpose.
pub fn needs_contract(amount: Fen, purpose: &str) -> bool {
    amount >= CONTRACT_MIN_PAYMENT && !CONTRACT_EXEMPT_PURPOSES.contains(&purpose)
}

/// The most the supplements of a main contract of `amount` may add without a resolution.
pub fn supplement_allowance(amount: Fen) -> Fen {
    amount / SUPPLEMENT_SHARE_DENOMINATOR
}

#[derive(Debug, Default)]
pub struct ContractBook {
    contracts: HashMap<String, Contract>,
    /// Supplement ids by the contract they amend, in entry order.
    supplements: HashMap<String, Vec<String>>,
    /// Payments (point, amount) by the contract they name.
    payments: HashMap<String, Vec<(Point, Fen)>>,
    /// Resolutions: point and whether passed.
    resolutions: HashMap<String, (Point, bool)>,
    order: u64,
}

impl ContractBook {
    fn point(&mut self, at: NaiveDateTime) -> Point {
        self.order += 1;
        (at, self.order)
    }

    /// Enters a meeting resolution voted at `at`.
    pub fn resolve(&mut self, resolution_id: &str, at: NaiveDateTime, passed: bool) {
        let p = self.point(at);
        self.resolutions
            .insert(resolution_id.to_string(), (p, passed));
    }

    /// Enters a version of a contract recorded at `at`; returns the alerts it implies.
    pub fn record(
        &mut self,
        contract_id: &str,
        parent: Option<&str>,
        amount: Fen,
        signed_on: NaiveDate,
        resolution_id: Option<&str>,
        at: NaiveDateTime,
    ) -> Vec<Implied> {
        let point = self.point(at);
        let first = !self.contracts.contains_key(contract_id);
        let version = Version {
            point,
            amount,
            resolution_id: resolution_id.map(str::to_string),
        };
        self.contracts
            .entry(contract_id.to_string())
            .or_insert_with(|| Contract {
                parent: parent.map(str::to_string),
                versions: Vec::new(),
            })
            .versions
            .push(version);
        if first {
            // A payment entered earlier was judged without this contract: it must also be
            // applied before it.
            debug_assert!(
                self.payments
                    .get(contract_id)
                    .is_none_or(|ps| ps.iter().all(|(p, _)| *p < point)),
                "a contract entered after a payment under it is applied before that payment"
            );
            if let Some(parent) = parent {
                self.supplements
                    .entry(parent.to_string())
                    .or_default()
                    .push(contract_id.to_string());
            }
        }
        let mut found = Vec::new();
        if first && at.date() > plus_days(signed_on, MAX_ENTRY_DELAY_DAYS) {
            found.push((
                Threshold::ContractEnteredLate,
                vec![contract_id.to_string()],
            ));
        }
        let main = parent.unwrap_or(contract_id).to_string();
        if parent.is_some() && self.supplements_need_resolution(&main) {
            found.push((Threshold::SupplementWithoutResolution, vec![main.clone()]));
        }
        if self.overpaid(&main) {
            found.push((Threshold::ContractOverpaid, vec![main]));
        }
        found
    }

    /// Enters a payment executed at `at`; returns the contract alerts it implies.
    pub fn pay(
        &mut self,
        payment_id: &str,
        at: NaiveDateTime,
        amount: Fen,
        purpose: &str,
        contract_id: Option<&str>,
    ) -> Vec<Implied> {
        let point = self.point(at);
        let mut found = Vec::new();
        let under_contract = contract_id
            .and_then(|id| self.contracts.get(id))
            .is_some_and(|c| c.recorded_by(point));
        if needs_contract(amount, purpose) && !under_contract {
            found.push((
                Threshold::PaymentWithoutContract,
                vec![payment_id.to_string()],
            ));
        }
        if let Some(id) = contract_id {
            self.payments
                .entry(id.to_string())
                .or_default()
                .push((point, amount));
            if let Some(c) = self.contracts.get(id) {
                let main = c.parent.clone().unwrap_or_else(|| id.to_string());
                if self.overpaid(&main) {
                    found.push((Threshold::ContractOverpaid, vec![main]));
                }
            }
        }
        found
    }

    /// The supplements of `main` in entry order.
    fn supplements_of(&self, main: &str) -> Vec<(&String, &Contract)> {
        self.supplements
            .get(main)
            .map(|ids| {
                ids.iter()
                    .filter_map(|id| self.contracts.get(id).map(|c| (id, c)))
                    .collect()
            })
            .unwrap_or_default()
    }

    fn paid_by(&self, contract_id: &str, p: Point) -> Fen {
        self.payments.get(contract_id).map_or(0, |ps| {
            ps.iter().filter(|(q, _)| *q <= p).map(|(_, a)| a).sum()
        })
    }

    /// CON-01 over the whole history of `main`: at some evaluation (a version of the main
    /// contract or of a supplement, or a payment under one of them) the payments applied exceed
    /// the main amount plus the supplements recorded.
    pub fn overpaid(&self, main: &str) -> bool {
        let Some(k) = self.contracts.get(main) else {
            return false;
        };
        if k.parent.is_some() {
            return false;
        }
        let supplements = self.supplements_of(main);
        let mut points: Vec<Point> = k.versions.iter().map(|v| v.point).collect();
        for (id, s) in &supplements {
            points.extend(s.versions.iter().map(|v| v.point));
            if let Some(ps) = self.payments.get(*id) {
                points.extend(ps.iter().map(|(p, _)| *p).filter(|p| s.recorded_by(*p)));
            }
        }
        if let Some(ps) = self.payments.get(main) {
            points.extend(ps.iter().map(|(p, _)| *p).filter(|p| k.recorded_by(*p)));
        }
        points.into_iter().filter(|p| k.recorded_by(*p)).any(|p| {
            let mut total = k.amount_at(p);
            let mut paid = self.paid_by(main, p);
            for (id, s) in supplements.iter().filter(|(_, s)| s.recorded_by(p)) {
                total += s.amount_at(p);
                paid += self.paid_by(id, p);
            }
            paid > total
        })
    }

    /// CON-05 over the whole history of `main`: at some version of a supplement the supplements
    /// recorded add more than a tenth of the main amount and that version names no resolution
    /// passed and applied before it.
    pub fn supplements_need_resolution(&self, main: &str) -> bool {
        let Some(k) = self.contracts.get(main) else {
            return false;
        };
        if k.parent.is_some() {
            return false;
        }
        let supplements = self.supplements_of(main);
        supplements.iter().any(|(_, s)| {
            s.versions
                .iter()
                .filter(|v| k.recorded_by(v.point))
                .any(|v| {
                    let p = v.point;
                    let added: Fen = supplements
                        .iter()
                        .filter(|(_, t)| t.recorded_by(p))
                        .map(|(_, t)| t.amount_at(p))
                        .sum();
                    let resolved = v.resolution_id.as_ref().is_some_and(|r| {
                        self.resolutions
                            .get(r)
                            .is_some_and(|(q, passed)| *passed && *q < p)
                    });
                    added * SUPPLEMENT_SHARE_DENOMINATOR > k.amount_at(p) && !resolved
                })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::time::at;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2023, 3, day).unwrap()
    }

    #[test]
    fn payments_up_to_the_total_with_supplements_are_quiet() {
        let mut book = ContractBook::default();
        assert!(book
            .record("k", None, yuan(50_000), d(1), None, at(d(1), 10, 0, 0))
            .is_empty());
        assert!(book
            .pay(
                "p1",
                at(d(3), 10, 0, 0),
                yuan(30_000),
                "services",
                Some("k")
            )
            .is_empty());
        assert!(book
            .record("s", Some("k"), yuan(5_000), d(4), None, at(d(4), 10, 0, 0))
            .is_empty());
        assert!(book
            .pay(
                "p2",
                at(d(6), 10, 0, 0),
                yuan(25_000),
                "services",
                Some("s")
            )
            .is_empty());
        let over = book.pay("p3", at(d(7), 10, 0, 0), 1, "services", Some("k"));
        assert_eq!(over, vec![(Threshold::ContractOverpaid, vec!["k".into()])]);
    }

    #[test]
    fn a_payment_before_its_contract_is_without_contract() {
        let mut book = ContractBook::default();
        let found = book.pay("p", at(d(2), 9, 0, 0), yuan(10_000), "services", Some("k"));
        assert_eq!(
            found,
            vec![(Threshold::PaymentWithoutContract, vec!["p".into()])]
        );
        assert!(book
            .record("k", None, yuan(10_000), d(1), None, at(d(2), 9, 0, 0))
            .is_empty());
        assert!(book
            .pay("q", at(d(2), 9, 0, 0), yuan(9_999), "services", None)
            .is_empty());
    }

    #[test]
    fn late_entry_counts_whole_days_of_the_first_version() {
        let mut book = ContractBook::default();
        assert!(book
            .record("k", None, yuan(1_000), d(1), None, at(d(8), 23, 59, 59))
            .is_empty());
        assert!(book
            .record("k", None, yuan(1_000), d(1), None, at(d(20), 9, 0, 0))
            .is_empty());
        let late = book.record("m", None, yuan(1_000), d(1), None, at(d(9), 0, 0, 0));
        assert_eq!(
            late,
            vec![(Threshold::ContractEnteredLate, vec!["m".into()])]
        );
    }

    #[test]
    fn supplements_beyond_a_tenth_need_a_resolution_passed_before() {
        let mut book = ContractBook::default();
        book.record("k", None, yuan(100_000), d(1), None, at(d(1), 9, 0, 0));
        assert!(book
            .record("s1", Some("k"), yuan(10_000), d(2), None, at(d(2), 9, 0, 0))
            .is_empty());
        book.resolve("r", at(d(3), 9, 0, 0), true);
        assert!(book
            .record("s2", Some("k"), yuan(1), d(3), Some("r"), at(d(3), 9, 0, 0))
            .is_empty());
        let found = book.record("s3", Some("k"), yuan(1), d(4), None, at(d(4), 9, 0, 0));
        assert_eq!(
            found,
            vec![(Threshold::SupplementWithoutResolution, vec!["k".into()])]
        );
    }
}
