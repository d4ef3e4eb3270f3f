//! The construction projects of one village as the project thresholds see them: the project
//! approvals (also those of the small projects labor jobs belong to), their decisions, awards,
//! contracts naming the project, start reports, settlements, and the construction payments and
//! unexplained receipts of the village. Entries are made when their events are scheduled (so
//! that of two entries at the same instant the one entered first is applied first); since a
//! project is written months ahead, the conditions are evaluated over the whole history once
//! the period is written, each at every event that triggers it.

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};
use std::collections::{BTreeMap, HashMap};

use super::sites::{distance_m, Site};
use crate::generate::json::{yuan, Fen};
use crate::generate::threshold::Threshold;

/// PRJ-02 and PRJ-03 bid_min.
pub const BID_MIN: Fen = yuan(100_000);
/// PRJ-02 window in days and radius in meters.
pub const SPLIT_WINDOW_DAYS: i64 = 90;
pub const SPLIT_RADIUS_M: f64 = 500.0;
/// PRJ-06 window in days.
pub const RETURN_WINDOW_DAYS: i64 = 30;
/// PRJ-09 ratio 0.10: a settlement may reach the agreed amount × 11 / 10.
pub const SETTLEMENT_TOLERANCE: (Fen, Fen) = (11, 10);
/// Tender methods that need an award before works start (PRJ-04).
pub const TENDERED: [&str; 3] = ["public_tender", "competitive_negotiation", "inquiry"];

/// An alert: threshold and dedup key values after village_id.
pub type Implied = (Threshold, Vec<String>);

/// Where an entry falls in application order: its instant, then its entry order.
type Point = (NaiveDateTime, u64);

/// The members of a project approval the thresholds read.
#[derive(Debug, Clone)]
pub struct ApprovalTerms {
    pub approval_id: String,
    pub amount: Fen,
    pub site: Site,
    pub tender_method: &'static str,
    pub via_trading_centre: bool,
}

#[derive(Debug, Clone)]
struct Approval {
    point: Point,
    terms: ApprovalTerms,
}

#[derive(Debug, Clone)]
struct Award {
    point: Point,
    winner: String,
    awarded_on: NaiveDate,
    /// Bidders tied to the village's cadres on the award day.
    tied: Vec<String>,
}

/// A contract naming the project as its subject: the members the thresholds read.
#[derive(Debug, Clone)]
pub struct ContractEntry {
    pub contract_id: String,
    pub contract_type: &'static str,
    pub party: String,
    pub amount: Fen,
    pub approval_id: Option<String>,
}

#[derive(Debug, Clone)]
struct Contract {
    point: Point,
    entry: ContractEntry,
}

#[derive(Debug, Clone)]
struct Report {
    point: Point,
    /// started_on of a start report; none for a settlement.
    started_on: Option<NaiveDate>,
    builder: Option<String>,
    settled: Option<Fen>,
}

#[derive(Debug, Clone, Default)]
struct Project {
    approvals: Vec<Approval>,
    awards: Vec<Award>,
    contracts: Vec<Contract>,
    reports: Vec<Report>,
}

#[derive(Debug, Clone)]
struct Paid {
    point: Point,
    payment_id: String,
    payee: String,
    project: Option<String>,
    construction: bool,
}

#[derive(Debug, Clone)]
struct Received {
    point: Point,
    receipt_id: String,
    payer: String,
}

#[derive(Debug, Default)]
pub struct ProjectBook {
    order: u64,
    projects: BTreeMap<String, Project>,
    /// Decisions by approval id: point and whether approved.
    decisions: HashMap<String, (Point, bool)>,
    /// Supplements (point, amount) by the contract they amend.
    supplements: HashMap<String, Vec<(Point, Fen)>>,
    payments: Vec<Paid>,
    receipts: Vec<Received>,
}

impl ProjectBook {
    fn point(&mut self, at: NaiveDateTime) -> Point {
        self.order += 1;
        (at, self.order)
    }

    fn project(&mut self, project_id: &str) -> &mut Project {
        self.projects.entry(project_id.to_string()).or_default()
    }

    /// Enters a version of a project approval submitted at `at`; returns PRJ-03 if it implies
    /// it.
    pub fn approval(
        &mut self,
        project_id: &str,
        terms: ApprovalTerms,
        at: NaiveDateTime,
    ) -> Vec<Implied> {
        let point = self.point(at);
        let tendered = terms.tender_method == "public_tender" && terms.via_trading_centre;
        let bypassed = terms.amount >= BID_MIN && !tendered;
        self.project(project_id)
            .approvals
            .push(Approval { point, terms });
        if bypassed {
            vec![(Threshold::TenderBypassed, vec![project_id.to_string()])]
        } else {
            Vec::new()
        }
    }

    /// Enters the final decision of an approval (of any kind) made at `at`.
    pub fn decision(&mut self, approval_id: &str, at: NaiveDateTime, approved: bool) {
        let point = self.point(at);
        self.decisions
            .insert(approval_id.to_string(), (point, approved));
    }

    pub fn award(
        &mut self,
        project_id: &str,
        winner: &str,
        awarded_on: NaiveDate,
        tied: Vec<String>,
        at: NaiveDateTime,
    ) {
        let point = self.point(at);
        self.project(project_id).awards.push(Award {
            point,
            winner: winner.to_string(),
            awarded_on,
            tied,
        });
    }

    /// Enters a contract recorded at `at` that names the project as its subject.
    pub fn contract(&mut self, project_id: &str, entry: ContractEntry, at: NaiveDateTime) {
        let point = self.point(at);
        self.project(project_id)
            .contracts
            .push(Contract { point, entry });
    }

    /// Enters a supplement of `parent` recorded at `at`.
    pub fn supplement(&mut self, parent: &str, amount: Fen, at: NaiveDateTime) {
        let point = self.point(at);
        self.supplements
            .entry(parent.to_string())
            .or_default()
            .push((point, amount));
    }

    pub fn start(
        &mut self,
        project_id: &str,
        started_on: NaiveDate,
        builder: &str,
        at: NaiveDateTime,
    ) {
        let point = self.point(at);
        self.project(project_id).reports.push(Report {
            point,
            started_on: Some(started_on),
            builder: Some(builder.to_string()),
            settled: None,
        });
    }

    pub fn settlement(
        &mut self,
        project_id: &str,
        settled: Fen,
        builder: Option<&str>,
        at: NaiveDateTime,
    ) {
        let point = self.point(at);
        self.project(project_id).reports.push(Report {
            point,
            started_on: None,
            builder: builder.map(str::to_string),
            settled: Some(settled),
        });
    }

    /// Enters a payment executed at `at`, if it is a construction payment or names a project.
    pub fn payment(
        &mut self,
        payment_id: &str,
        payee: &str,
        purpose: &str,
        project: Option<&str>,
        at: NaiveDateTime,
    ) {
        let construction = purpose == "construction";
        if !construction && project.is_none() {
            return;
        }
        let point = self.point(at);
        self.payments.push(Paid {
            point,
            payment_id: payment_id.to_string(),
            payee: payee.to_string(),
            project: project.map(str::to_string),
            construction,
        });
    }

    /// Enters a receipt credited at `at`, if it names no receivable.
    pub fn receipt(&mut self, receipt_id: &str, payer: &str, receivable: bool, at: NaiveDateTime) {
        if receivable {
            return;
        }
        let point = self.point(at);
        self.receipts.push(Received {
            point,
            receipt_id: receipt_id.to_string(),
            payer: payer.to_string(),
        });
    }

    /// Whether a construction payment to `payee` is entered for `since` or later.
    pub fn paid_to_since(&self, payee: &str, since: NaiveDateTime) -> bool {
        self.payments
            .iter()
            .any(|q| q.payee == payee && q.point.0 >= since)
    }

    /// A contractor's small projects (below the tender threshold) approved within the PRJ-02
    /// window of `day`: (project, amount).
    pub fn small_projects_of(&self, contractor: &str, day: NaiveDate) -> Vec<(String, Fen)> {
        let end = point_at_end();
        self.projects
            .iter()
            .filter_map(|(id, p)| {
                let a = live_approval(p, end)?;
                let near = (a.point.0.date() - day).num_days().abs() <= SPLIT_WINDOW_DAYS;
                let hers = contractor_of(p, end).as_deref() == Some(contractor);
                (near && hers && a.terms.amount < BID_MIN).then(|| (id.clone(), a.terms.amount))
            })
            .collect()
    }

    /// Every project alert of the village's written history.
    pub fn all_alerts(&self) -> Vec<Implied> {
        let mut found = Vec::new();
        for id in self.projects.keys() {
            found.extend(self.project_alerts(id));
        }
        found.extend(self.payment_alerts());
        found.extend(self.receipt_alerts());
        found.sort();
        found.dedup();
        found
    }

    /// The alerts of one project (PRJ-02 from its triggers, PRJ-03, PRJ-04, PRJ-05, PRJ-07,
    /// PRJ-08, PRJ-09, and PRJ-01 of the payments naming it).
    pub fn project_alerts(&self, id: &str) -> Vec<Implied> {
        let Some(p) = self.projects.get(id) else {
            return Vec::new();
        };
        let key = || vec![id.to_string()];
        let mut found = Vec::new();
        for a in &p.approvals {
            let t = &a.terms;
            let tendered = t.tender_method == "public_tender" && t.via_trading_centre;
            if t.amount >= BID_MIN && !tendered {
                found.push((Threshold::TenderBypassed, key()));
            }
        }
        // PRJ-02 on its approval versions, awards and main contract.
        let mut split_points: Vec<Point> = p.approvals.iter().map(|a| a.point).collect();
        split_points.extend(p.awards.iter().map(|a| a.point));
        for c in &p.contracts {
            if main_contract(p, c.point).is_some_and(|m| m.entry.contract_id == c.entry.contract_id)
            {
                split_points.push(c.point);
            }
        }
        for t in split_points {
            if let Some(anchor) = self.split_anchor(id, t) {
                found.push((Threshold::SplitProject, vec![anchor]));
            }
        }
        // PRJ-05 on awards and on contracts naming the project.
        let mut pair_points: Vec<Point> = p.awards.iter().map(|a| a.point).collect();
        pair_points.extend(p.contracts.iter().map(|c| c.point));
        for t in pair_points {
            if let (Some(k), Some(a)) = (main_contract(p, t), live_award(p, t)) {
                if k.entry.party != a.winner {
                    found.push((Threshold::ContractorNotWinner, key()));
                }
            }
        }
        // PRJ-07 on awards.
        for a in &p.awards {
            for bidder in &a.tied {
                found.push((
                    Threshold::RelatedBidder,
                    vec![id.to_string(), bidder.clone()],
                ));
            }
        }
        for r in &p.reports {
            if let Some(started_on) = r.started_on {
                if self.started_prematurely(p, r.point, started_on) {
                    found.push((Threshold::StartedPrematurely, key()));
                }
            }
            if let Some(settled) = r.settled {
                if let Some(k) = main_contract(p, r.point) {
                    let agreed = k.entry.amount + self.supplemented(&k.entry.contract_id, r.point);
                    if settled * SETTLEMENT_TOLERANCE.1 > agreed * SETTLEMENT_TOLERANCE.0 {
                        found.push((Threshold::SettlementOverrun, key()));
                    }
                }
            }
        }
        // PRJ-08 on each report, and on the main contract for every report applied by then.
        for r in &p.reports {
            found.extend(self.builder_alerts(id, p, r, r.point));
        }
        for c in &p.contracts {
            if main_contract(p, c.point).is_some_and(|m| m.entry.contract_id == c.entry.contract_id)
            {
                for r in p.reports.iter().filter(|r| r.point < c.point) {
                    found.extend(self.builder_alerts(id, p, r, c.point));
                }
            }
        }
        for q in self
            .payments
            .iter()
            .filter(|q| q.project.as_deref() == Some(id))
        {
            if q.construction && !self.approved_before(p, q.point) {
                found.push((Threshold::OffBookPayment, vec![q.payment_id.clone()]));
            }
        }
        found.sort();
        found.dedup();
        found
    }

    /// PRJ-01 of construction payments that name no project.
    fn payment_alerts(&self) -> Vec<Implied> {
        self.payments
            .iter()
            .filter(|q| q.construction && q.project.is_none())
            .map(|q| (Threshold::OffBookPayment, vec![q.payment_id.clone()]))
            .collect()
    }

    /// PRJ-06 of every receipt that names no receivable.
    fn receipt_alerts(&self) -> Vec<Implied> {
        self.receipts
            .iter()
            .filter(|r| self.returned(r))
            .map(|r| (Threshold::MoneyReturned, vec![r.receipt_id.clone()]))
            .collect()
    }

    /// PRJ-06 of the receipts from `payer`.
    pub fn returns_from(&self, payer: &str) -> Vec<Implied> {
        self.receipts
            .iter()
            .filter(|r| r.payer == payer && self.returned(r))
            .map(|r| (Threshold::MoneyReturned, vec![r.receipt_id.clone()]))
            .collect()
    }

    fn returned(&self, r: &Received) -> bool {
        let window = TimeDelta::days(RETURN_WINDOW_DAYS);
        self.payments.iter().any(|q| {
            q.payee == r.payer
                && q.point < r.point
                && q.point.0 <= r.point.0
                && r.point.0 <= q.point.0 + window
        })
    }

    /// Whether the project had an approval approved by the time of `t` (PRJ-01).
    fn approved_before(&self, p: &Project, t: Point) -> bool {
        p.approvals
            .iter()
            .filter(|a| a.point < t)
            .any(|a| self.approved(&a.terms.approval_id, t))
    }

    /// approved(a, t): a decision approving `approval_id`, applied before `t` and made no later.
    fn approved(&self, approval_id: &str, t: Point) -> bool {
        self.decisions
            .get(approval_id)
            .is_some_and(|(d, ok)| *ok && *d < t && d.0 <= t.0)
    }

    /// PRJ-04 on a start report at `t`.
    fn started_prematurely(&self, p: &Project, t: Point, started_on: NaiveDate) -> bool {
        let Some(a) = live_approval(p, t) else {
            return true;
        };
        let approved_in_time = self
            .decisions
            .get(&a.terms.approval_id)
            .is_some_and(|(d, ok)| *ok && *d < t && d.0.date() <= started_on);
        let tendered = TENDERED.contains(&a.terms.tender_method);
        let awarded_in_time = live_award(p, t).is_some_and(|w| w.awarded_on <= started_on);
        !approved_in_time || (tendered && !awarded_in_time)
    }

    /// PRJ-08 of report `r` checked at `t`.
    fn builder_alerts(&self, id: &str, p: &Project, r: &Report, t: Point) -> Vec<Implied> {
        let Some(builder) = &r.builder else {
            return Vec::new();
        };
        let Some(k) = main_contract(p, t) else {
            return Vec::new();
        };
        if *builder == k.entry.party {
            return Vec::new();
        }
        let subcontracted = p.contracts.iter().any(|c| {
            c.point <= t
                && c.entry.contract_type == "subcontract"
                && c.entry.party == *builder
                && c.entry.approval_id.as_ref().is_some_and(|a| {
                    self.decisions
                        .get(a)
                        .is_some_and(|(d, ok)| *ok && *d < t && d.0 <= r.point.0)
                })
        });
        if subcontracted {
            Vec::new()
        } else {
            vec![(
                Threshold::BuilderMismatch,
                vec![id.to_string(), builder.clone()],
            )]
        }
    }

    /// What the supplements of `contract_id` entered by `t` add.
    fn supplemented(&self, contract_id: &str, t: Point) -> Fen {
        self.supplements.get(contract_id).map_or(0, |s| {
            s.iter().filter(|(p, _)| *p <= t).map(|(_, a)| a).sum()
        })
    }

    /// PRJ-02 evaluated for project `id` at `t`: the anchor project of the split, if it fires.
    fn split_anchor(&self, id: &str, t: Point) -> Option<String> {
        let p = self.projects.get(id)?;
        let a = live_approval(p, t)?;
        if a.terms.amount >= BID_MIN {
            return None;
        }
        let day = a.point.0.date();
        let contractor = contractor_of(p, t);
        let mut members = vec![(day, id.to_string(), a.terms.amount)];
        for (other, q) in &self.projects {
            if other == id {
                continue;
            }
            let Some(b) = live_approval(q, t) else {
                continue;
            };
            let other_day = b.point.0.date();
            if b.terms.amount >= BID_MIN || (other_day - day).num_days().abs() > SPLIT_WINDOW_DAYS {
                continue;
            }
            let same = contractor.is_some() && contractor_of(q, t) == contractor;
            if same || distance_m(a.terms.site, b.terms.site) <= SPLIT_RADIUS_M {
                members.push((other_day, other.clone(), b.terms.amount));
            }
        }
        let total: Fen = members.iter().map(|m| m.2).sum();
        (members.len() >= 2 && total >= BID_MIN)
            .then(|| members.into_iter().min().expect("non-empty").1)
    }
}

/// A point after every entry.
fn point_at_end() -> Point {
    (NaiveDateTime::MAX, u64::MAX)
}

/// The live project approval at `t`: of the approval (one per project here), the version
/// applied last by then.
fn live_approval(p: &Project, t: Point) -> Option<&Approval> {
    p.approvals
        .iter()
        .filter(|a| a.point <= t)
        .max_by_key(|a| a.point)
}

fn live_award(p: &Project, t: Point) -> Option<&Award> {
    p.awards
        .iter()
        .filter(|a| a.point <= t)
        .max_by_key(|a| a.point)
}

/// main_contract(p) at `t`: the first construction contract naming the project, with no
/// parent (supplements name their parent, not the project).
fn main_contract(p: &Project, t: Point) -> Option<&Contract> {
    let first = p
        .contracts
        .iter()
        .filter(|c| c.point <= t && c.entry.contract_type == "construction")
        .min_by_key(|c| c.point)?;
    // The live version of that contract.
    p.contracts
        .iter()
        .filter(|c| c.point <= t && c.entry.contract_id == first.entry.contract_id)
        .max_by_key(|c| c.point)
}

/// contractor(p) at `t`: the winner of the live award, else the party of the main contract.
fn contractor_of(p: &Project, t: Point) -> Option<String> {
    live_award(p, t)
        .map(|a| a.winner.clone())
        .or_else(|| main_contract(p, t).map(|k| k.entry.party.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::construction::sites::{north_of, Sites};
    use crate::generate::time::at;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2023, 3, day).unwrap()
    }

    fn terms(id: &str, amount: Fen, site: Site) -> ApprovalTerms {
        ApprovalTerms {
            approval_id: id.into(),
            amount,
            site,
            tender_method: "inquiry",
            via_trading_centre: false,
        }
    }

    fn main_contract(id: &str, party: &str) -> ContractEntry {
        ContractEntry {
            contract_id: id.into(),
            contract_type: "construction",
            party: party.into(),
            amount: yuan(50_000),
            approval_id: None,
        }
    }

    #[test]
    fn two_small_projects_next_to_each_other_are_one_split() {
        let mut book = ProjectBook::default();
        let mut sites = Sites::default();
        let first = sites.next();
        book.approval("p1", terms("a1", yuan(60_000), first), at(d(1), 9, 0, 0));
        book.approval(
            "p2",
            terms("a2", yuan(40_000) - 1, north_of(first, 300.0)),
            at(d(9), 9, 0, 0),
        );
        assert!(book.all_alerts().is_empty());
        book.approval(
            "p3",
            terms("a3", yuan(30_000), sites.next()),
            at(d(10), 9, 0, 0),
        );
        book.approval(
            "p2",
            terms("a2", yuan(40_000), north_of(first, 300.0)),
            at(d(11), 9, 0, 0),
        );
        assert_eq!(
            book.all_alerts(),
            vec![(Threshold::SplitProject, vec!["p1".into()])]
        );
    }

    #[test]
    fn the_same_contractor_links_once_both_are_let() {
        let mut book = ProjectBook::default();
        let mut sites = Sites::default();
        book.approval(
            "p1",
            terms("a1", yuan(60_000), sites.next()),
            at(d(1), 9, 0, 0),
        );
        book.contract("p1", main_contract("k1", "co-1"), at(d(2), 9, 0, 0));
        book.approval(
            "p2",
            terms("a2", yuan(60_000), sites.next()),
            at(d(3), 9, 0, 0),
        );
        assert!(book.all_alerts().is_empty());
        book.contract("p2", main_contract("k2", "co-1"), at(d(4), 9, 0, 0));
        assert_eq!(book.small_projects_of("co-1", d(20)).len(), 2);
        assert_eq!(
            book.all_alerts(),
            vec![(Threshold::SplitProject, vec!["p1".into()])]
        );
    }

    #[test]
    fn works_start_on_the_day_of_the_decision_and_pay_at_its_instant() {
        let mut book = ProjectBook::default();
        let site = Sites::default().next();
        book.approval("p", terms("a", yuan(60_000), site), at(d(1), 9, 0, 0));
        let decided = at(d(2), 10, 0, 0);
        book.decision("a", decided, true);
        book.award("p", "co-1", d(2), Vec::new(), at(d(2), 9, 0, 0));
        book.start("p", d(2), "co-1", decided);
        book.payment("pay-1", "co-1", "construction", Some("p"), decided);
        assert!(book.all_alerts().is_empty());
        book.start("p", d(1), "co-1", at(d(3), 9, 0, 0));
        book.payment("pay-2", "co-1", "construction", None, at(d(3), 9, 0, 0));
        let found = book.all_alerts();
        assert!(found.contains(&(Threshold::StartedPrematurely, vec!["p".into()])));
        assert!(found.contains(&(Threshold::OffBookPayment, vec!["pay-2".into()])));
    }

    #[test]
    fn money_back_within_thirty_days_of_a_construction_payment() {
        let mut book = ProjectBook::default();
        let paid = at(d(1), 10, 0, 0);
        book.payment("pay", "co-1", "construction", Some("p"), paid);
        book.receipt(
            "r1",
            "co-1",
            false,
            paid + TimeDelta::days(30) + TimeDelta::seconds(1),
        );
        book.receipt("r2", "co-1", true, paid + TimeDelta::days(5));
        assert!(book.returns_from("co-1").is_empty());
        book.receipt("r3", "co-1", false, paid + TimeDelta::days(30));
        assert_eq!(
            book.returns_from("co-1"),
            vec![(Threshold::MoneyReturned, vec!["r3".into()])]
        );
    }
}
