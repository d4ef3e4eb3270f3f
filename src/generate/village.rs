//! What the generator remembers of a village after its registry is written: the worker pool with
//! its bookings and earnings, the cadres and their terms, the officials who sign approvals, and
//! the small projects under way.

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::assets::AssetVillage;
use super::compensation::CompensationVillage;
use super::complaint::ComplaintVillage;
use super::conflict::ConflictVillage;
use super::construction::ProjectVillage;
use super::contract::book::ContractBook;
use super::contract::ContractVillage;
use super::decision::DecisionVillage;
use super::disclosure::DisclosureVillage;
use super::distribution::DistributionVillage;
use super::expense::ExpenseVillage;
use super::finance::{FinanceVillage, PaymentBook};
use super::homestead::HomesteadVillage;
use super::json::Fen;
use super::oversight::OversightVillage;
use super::procurement::ProcurementVillage;
use super::seal::SealVillage;
use super::subsidy::SubsidyVillage;

/// A person who can be paid: id and own bank accounts (registry.person bank_accounts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payee {
    pub person_id: String,
    pub accounts: Vec<String>,
}

/// A member of the village's labor pool (劳务用工人员库) admitted before the first business day.
#[derive(Debug, Clone)]
pub struct PoolWorker {
    pub payee: Payee,
    pub annual_cap: Option<Fen>,
    /// Last day of the latest job the worker is booked on.
    pub busy_until: Option<NaiveDate>,
    /// Labor pay claimed per calendar year of the claims' work_start_date.
    pub earned: Vec<(i32, Fen)>,
}

impl PoolWorker {
    pub fn earned_in(&self, year: i32) -> Fen {
        self.earned
            .iter()
            .find(|(y, _)| *y == year)
            .map_or(0, |(_, fen)| *fen)
    }

    pub fn add_earned(&mut self, year: i32, fen: Fen) {
        match self.earned.iter_mut().find(|(y, _)| *y == year) {
            Some((_, total)) => *total += fen,
            None => self.earned.push((year, fen)),
        }
    }

    fn available(&self, first: NaiveDate, last: NaiveDate, max_pay: Fen) -> bool {
        if self.busy_until.is_some_and(|busy| busy >= first) {
            return false;
        }
        match self.annual_cap {
            None => true,
            Some(cap) => [first.year(), last.year()]
                .iter()
                .all(|&y| self.earned_in(y) + max_pay <= cap),
        }
    }
}

/// A cadre of the village (one person, whatever roles they hold).
#[derive(Debug, Clone)]
pub struct CadreMember {
    pub payee: Payee,
    pub term_start: NaiveDate,
    pub term_end: Option<NaiveDate>,
}

impl CadreMember {
    /// In office on every day from `first` to `last`.
    pub fn serves_throughout(&self, first: NaiveDate, last: NaiveDate) -> bool {
        self.term_start <= first && self.term_end.is_none_or(|end| end >= last)
    }
}

/// Officials who act on a village's approvals.
#[derive(Debug, Clone)]
pub struct Officials {
    /// Party secretary (and director): the leader step and final approver.
    pub leader: String,
    /// Head of the village affairs supervisory committee (村务监督委员会).
    pub supervisor: String,
    /// Accountant (报账员): applies for payments.
    pub accountant: String,
    /// Deputy director: stands in for the leader when the leader is a party to the matter.
    pub deputy: String,
    /// Cadres who apply for labor jobs and projects.
    pub applicants: Vec<String>,
    /// Members (not the head) of the supervisory committee serving throughout the period.
    pub supervisory_members: Vec<String>,
}

/// An approved labor or project application, which seal applications for labor or
/// construction-contract documents reference (SEA-04).
#[derive(Debug, Clone)]
pub struct Matter {
    pub approval_id: String,
    /// `labor` or `project`.
    pub kind: &'static str,
    pub submitted_at: NaiveDateTime,
    pub approved_at: NaiveDateTime,
}

/// Matters remembered per village: enough recent ones to refer to.
const REMEMBERED_MATTERS: usize = 24;

#[derive(Debug)]
pub struct VillageState {
    pub index: usize,
    pub id: String,
    pub rng: ChaCha8Rng,
    pub workers: Vec<PoolWorker>,
    pub cadres: Vec<CadreMember>,
    pub officials: Officials,
    /// Small projects approved so far: (project_id, day submitted).
    pub projects: Vec<(String, NaiveDate)>,
    /// Recent approved labor and project applications, oldest first.
    pub matters: Vec<Matter>,
    /// Every payment of the village.
    pub payments: PaymentBook,
    /// Every contract of the village, and the payments under them.
    pub contracts: ContractBook,
    pub seal: SealVillage,
    pub finance: FinanceVillage,
    pub procurement: ProcurementVillage,
    pub contract: ContractVillage,
    pub assets: AssetVillage,
    pub construction: ProjectVillage,
    pub decision: DecisionVillage,
    pub disclosure: DisclosureVillage,
    pub conflict: ConflictVillage,
    pub oversight: OversightVillage,
    pub subsidy: SubsidyVillage,
    pub compensation: CompensationVillage,
    pub homestead: HomesteadVillage,
    pub complaint: ComplaintVillage,
    pub expense: ExpenseVillage,
    pub distribution: DistributionVillage,
}

/// The random stream of village `index`, independent of every other village.
pub fn village_rng(seed: u64, index: usize) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(index as u64 + 1);
    rng
}

/// Categories with a random stream of their own in every village, so that adding or changing
/// one leaves the others' data as it was.
#[derive(Debug, Clone, Copy)]
pub enum Stream {
    Seal = 1,
    Finance = 2,
    Procurement = 3,
    Contract = 4,
    Assets = 5,
    Construction = 6,
    Decision = 7,
    Disclosure = 8,
    Conflict = 9,
    Oversight = 10,
    Subsidy = 11,
    Compensation = 12,
    Homestead = 13,
    Complaint = 14,
    Expense = 15,
    Distribution = 16,
}

/// The random stream of one category in village `index`.
pub fn category_rng(seed: u64, index: usize, stream: Stream) -> ChaCha8Rng {
    let mut rng =
        ChaCha8Rng::seed_from_u64(seed ^ (stream as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    rng.set_stream(index as u64 + 1);
    rng
}

impl VillageState {
    /// Books up to `want` pool workers who are free from `first` to `last` and can still earn
    /// `max_pay` in the years involved without passing their cap.
    pub fn book_workers(
        &mut self,
        want: usize,
        first: NaiveDate,
        last: NaiveDate,
        max_pay: Fen,
    ) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.workers.len()).collect();
        order.shuffle(&mut self.rng);
        let chosen: Vec<usize> = order
            .into_iter()
            .filter(|&i| self.workers[i].available(first, last, max_pay))
            .take(want)
            .collect();
        for &i in &chosen {
            self.workers[i].busy_until = Some(last);
        }
        chosen
    }

    /// Indices of cadres in office on every day from `first` to `last`, in random order.
    pub fn cadres_serving(&mut self, first: NaiveDate, last: NaiveDate) -> Vec<usize> {
        let mut serving: Vec<usize> = (0..self.cadres.len())
            .filter(|&i| self.cadres[i].serves_throughout(first, last))
            .collect();
        serving.shuffle(&mut self.rng);
        serving
    }

    pub fn applicant(&mut self) -> String {
        let i = self.rng.gen_range(0..self.officials.applicants.len());
        self.officials.applicants[i].clone()
    }

    pub fn remember_matter(&mut self, matter: Matter) {
        if self.matters.len() == REMEMBERED_MATTERS {
            self.matters.remove(0);
        }
        self.matters.push(matter);
    }

    /// Place of the village's events.
    pub fn place(&self) -> super::writer::Place {
        super::writer::Place::Village(self.index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2023, m, day).unwrap()
    }

    fn worker(cap: Option<Fen>) -> PoolWorker {
        PoolWorker {
            payee: Payee {
                person_id: "p-1".into(),
                accounts: vec!["1".into()],
            },
            annual_cap: cap,
            busy_until: None,
            earned: Vec::new(),
        }
    }

    #[test]
    fn booking_respects_bookings_and_caps() {
        let mut village = VillageState {
            index: 0,
            id: "vl-0001".into(),
            rng: village_rng(1, 0),
            workers: vec![worker(None), worker(Some(100_000))],
            cadres: Vec::new(),
            officials: Officials {
                leader: "a".into(),
                supervisor: "b".into(),
                accountant: "c".into(),
                deputy: "d".into(),
                supervisory_members: Vec::new(),
                applicants: vec!["a".into()],
            },
            projects: Vec::new(),
            matters: Vec::new(),
            payments: PaymentBook::default(),
            contracts: ContractBook::default(),
            seal: SealVillage::new(1, 0),
            finance: FinanceVillage::new(1, 0),
            procurement: ProcurementVillage::new(
                category_rng(1, 0, Stream::Procurement),
                Vec::new(),
                Vec::new(),
            ),
            contract: ContractVillage::new(
                category_rng(1, 0, Stream::Contract),
                Default::default(),
            ),
            assets: AssetVillage::new(category_rng(1, 0, Stream::Assets), Default::default()),
            construction: ProjectVillage::new(category_rng(1, 0, Stream::Construction), Vec::new()),
            decision: DecisionVillage::new(category_rng(1, 0, Stream::Decision)),
            disclosure: DisclosureVillage::new(category_rng(1, 0, Stream::Disclosure)),
            conflict: ConflictVillage::new(category_rng(1, 0, Stream::Conflict), Vec::new(), None),
            oversight: OversightVillage::new(category_rng(1, 0, Stream::Oversight)),
            subsidy: SubsidyVillage::new(category_rng(1, 0, Stream::Subsidy)),
            compensation: CompensationVillage::new(category_rng(1, 0, Stream::Compensation)),
            homestead: HomesteadVillage::new(category_rng(1, 0, Stream::Homestead)),
            complaint: ComplaintVillage::new(category_rng(1, 0, Stream::Complaint)),
            expense: ExpenseVillage::new(category_rng(1, 0, Stream::Expense)),
            distribution: DistributionVillage::new(category_rng(1, 0, Stream::Distribution)),
        };
        village.workers[1].add_earned(2023, 90_000);
        let booked = village.book_workers(2, d(3, 1), d(3, 2), 20_000);
        assert_eq!(booked, vec![0]);
        assert!(village.book_workers(2, d(3, 2), d(3, 3), 20_000).is_empty());
        assert_eq!(village.book_workers(2, d(3, 3), d(3, 3), 10_000).len(), 2);
    }

    #[test]
    fn cadre_terms_are_inclusive() {
        let cadre = CadreMember {
            payee: Payee {
                person_id: "p".into(),
                accounts: vec![],
            },
            term_start: d(1, 1),
            term_end: Some(d(3, 1)),
        };
        assert!(cadre.serves_throughout(d(2, 1), d(3, 1)));
        assert!(!cadre.serves_throughout(d(2, 1), d(3, 2)));
    }
}
