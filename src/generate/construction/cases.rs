//! The project cases the generator plants: anomalies that must raise one project threshold and
//! near misses that sit on a boundary of one and must stay quiet.

use crate::generate::threshold::Threshold;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProjectAnomaly {
    /// PRJ-09: settled at 0.01 above the agreed price × 1.1, 15 to 30 % above it, or above a
    /// contract and its change order × 1.1.
    SettlementOverrun,
    /// PRJ-06: the contractor pays money back a day to 29 days after an advance (no later than
    /// the period allows), or exactly 30 days after.
    MoneyReturned,
    /// PRJ-08: another company reported as the builder at the start, or at the settlement.
    BuilderMismatch,
    /// PRJ-02: a second small project 5 to 15 days after the first, 150 to 400 m from it or let
    /// to the same contractor, the two together at 100000 or more (once exactly 100000.00).
    SplitProject,
    /// PRJ-01: construction paid with no project named, or before the project is approved.
    OffBookPayment,
    /// PRJ-03: 100000.00 by inquiry, a larger project by negotiation, or publicly tendered
    /// outside the trading centre.
    TenderBypassed,
    /// PRJ-04: works started the day of submission, the approval decided the next working day;
    /// or a tendered project started the day before its award.
    StartedPrematurely,
    /// PRJ-05: the contract signed with the runner-up, or with a company that did not bid.
    ContractorNotWinner,
    /// PRJ-07: a cadre, a declared relative or a firm of theirs among the bidders.
    RelatedBidder,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProjectNearMiss {
    /// PRJ-09: settled at exactly the agreed price × 1.1.
    SettlementAtTolerance,
    /// PRJ-06: the contractor pays money 30 days and one second after the advance (when the
    /// period leaves room), or within the 30 days against a receivable.
    ReturnOutsideWindow,
    /// PRJ-08: a subcontractor reported as the builder, its subcontract approved at the very
    /// instant of the start report.
    SubcontractApprovedAtStart,
    /// PRJ-01: paid naming the project at the very instant of its approval.
    PaidAtApprovalInstant,
    /// PRJ-02: two small projects next to each other adding up to 99999.99; or let to the same
    /// contractor 91 days apart; or 522 m apart.
    SplitOutsideLimits,
    /// PRJ-03: 99999.99 by inquiry.
    JustBelowTender,
    /// PRJ-04: works started on the day of the approval, or of the award.
    StartedOnTheDay,
    /// PRJ-05: the award corrected to the runner-up before the contract is signed with them.
    AwardCorrected,
    /// PRJ-07: a cadre of the neighbouring village, a relative's firm there, or a former cadre
    /// among the bidders.
    UnrelatedBidder,
}

impl ProjectAnomaly {
    /// The cases that need the project to run its course come first, so that they are planted
    /// while the period leaves room for them.
    pub const ALL: [Self; 9] = [
        Self::SettlementOverrun,
        Self::MoneyReturned,
        Self::BuilderMismatch,
        Self::SplitProject,
        Self::OffBookPayment,
        Self::TenderBypassed,
        Self::StartedPrematurely,
        Self::ContractorNotWinner,
        Self::RelatedBidder,
    ];

    pub fn target(self) -> Threshold {
        use Threshold as T;
        match self {
            Self::SettlementOverrun => T::SettlementOverrun,
            Self::MoneyReturned => T::MoneyReturned,
            Self::BuilderMismatch => T::BuilderMismatch,
            Self::SplitProject => T::SplitProject,
            Self::OffBookPayment => T::OffBookPayment,
            Self::TenderBypassed => T::TenderBypassed,
            Self::StartedPrematurely => T::StartedPrematurely,
            Self::ContractorNotWinner => T::ContractorNotWinner,
            Self::RelatedBidder => T::RelatedBidder,
        }
    }

    /// Days from the submission that the case needs within the period.
    pub fn days_needed(self) -> i64 {
        match self {
            Self::SettlementOverrun | Self::BuilderMismatch => 26,
            Self::MoneyReturned => 22,
            Self::SplitProject => 26,
            Self::OffBookPayment | Self::TenderBypassed => 5,
            Self::StartedPrematurely | Self::ContractorNotWinner | Self::RelatedBidder => 10,
        }
    }
}

impl ProjectNearMiss {
    pub const ALL: [Self; 9] = [
        Self::SettlementAtTolerance,
        Self::ReturnOutsideWindow,
        Self::SubcontractApprovedAtStart,
        Self::SplitOutsideLimits,
        Self::PaidAtApprovalInstant,
        Self::JustBelowTender,
        Self::StartedOnTheDay,
        Self::AwardCorrected,
        Self::UnrelatedBidder,
    ];

    pub fn target(self) -> Threshold {
        use Threshold as T;
        match self {
            Self::SettlementAtTolerance => T::SettlementOverrun,
            Self::ReturnOutsideWindow => T::MoneyReturned,
            Self::SubcontractApprovedAtStart => T::BuilderMismatch,
            Self::PaidAtApprovalInstant => T::OffBookPayment,
            Self::SplitOutsideLimits => T::SplitProject,
            Self::JustBelowTender => T::TenderBypassed,
            Self::StartedOnTheDay => T::StartedPrematurely,
            Self::AwardCorrected => T::ContractorNotWinner,
            Self::UnrelatedBidder => T::RelatedBidder,
        }
    }

    /// Days from the submission that the case needs within the period.
    pub fn days_needed(self) -> i64 {
        match self {
            Self::SettlementAtTolerance | Self::SubcontractApprovedAtStart => 26,
            Self::ReturnOutsideWindow => 30,
            Self::SplitOutsideLimits => 26,
            Self::PaidAtApprovalInstant | Self::JustBelowTender => 5,
            Self::StartedOnTheDay | Self::AwardCorrected | Self::UnrelatedBidder => 10,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn every_project_threshold_has_anomalies_and_near_misses() {
        let anomalies: BTreeSet<_> = ProjectAnomaly::ALL.iter().map(|a| a.target()).collect();
        let near: BTreeSet<_> = ProjectNearMiss::ALL.iter().map(|n| n.target()).collect();
        let all: BTreeSet<_> = Threshold::of_category("project").collect();
        assert_eq!(anomalies, all);
        assert_eq!(near, all);
    }
}
