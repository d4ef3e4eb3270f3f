//! The disclosure cases the generator plants: anomalies that must raise one disclosure threshold
//! and near misses that sit on a boundary of one and must stay quiet. The quarterly cases ride on
//! the quarterly publications, the others on the publication of a major matter.

use crate::generate::threshold::Threshold;

/// Cases of the quarterly finance publication.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QuarterAnomaly {
    /// DIS-01: the quarter's finances published a second after due(P), or never.
    FinanceLate,
    /// DIS-03: expense total 0.01 above the ledger, or income total 0.01 below it.
    TotalsOffByACent,
    /// DIS-05: the 8+X publication leaves out one required item type.
    ItemLeftOut,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QuarterNearMiss {
    /// DIS-01: published at the very instant of due(P).
    FinanceAtDue,
    /// DIS-03: published again a week later, exact, after payments of the new quarter.
    RepublishedExact,
    /// DIS-05: the 8+X publication at the very instant of due(P), every required type listed
    /// (those with nothing to report without an object).
    ItemsAtDue,
}

/// Cases of the publication of a major matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MatterAnomaly {
    /// DIS-02: published a second after approval + 3d, or never.
    MatterLate,
    /// DIS-04: published without a reviewer, or reviewed by the accountant.
    NotReviewed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MatterNearMiss {
    /// DIS-02: published at the very instant of approval + 3d.
    MatterAtDeadline,
    /// DIS-04: reviewed by a member (not the head) of the supervisory committee.
    ReviewedByMember,
}

impl QuarterAnomaly {
    pub const ALL: [Self; 3] = [Self::FinanceLate, Self::TotalsOffByACent, Self::ItemLeftOut];

    pub fn target(self) -> Threshold {
        match self {
            Self::FinanceLate => Threshold::FinanceOverdue,
            Self::TotalsOffByACent => Threshold::TotalsMismatch,
            Self::ItemLeftOut => Threshold::ItemMissing,
        }
    }
}

impl QuarterNearMiss {
    pub const ALL: [Self; 3] = [Self::FinanceAtDue, Self::RepublishedExact, Self::ItemsAtDue];

    pub fn target(self) -> Threshold {
        match self {
            Self::FinanceAtDue => Threshold::FinanceOverdue,
            Self::RepublishedExact => Threshold::TotalsMismatch,
            Self::ItemsAtDue => Threshold::ItemMissing,
        }
    }
}

impl MatterAnomaly {
    pub const ALL: [Self; 2] = [Self::MatterLate, Self::NotReviewed];

    pub fn target(self) -> Threshold {
        match self {
            Self::MatterLate => Threshold::MajorMatterOverdue,
            Self::NotReviewed => Threshold::Unreviewed,
        }
    }
}

impl MatterNearMiss {
    pub const ALL: [Self; 2] = [Self::MatterAtDeadline, Self::ReviewedByMember];

    pub fn target(self) -> Threshold {
        match self {
            Self::MatterAtDeadline => Threshold::MajorMatterOverdue,
            Self::ReviewedByMember => Threshold::Unreviewed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn every_disclosure_threshold_has_anomalies_and_near_misses() {
        let anomalies: BTreeSet<_> = QuarterAnomaly::ALL
            .iter()
            .map(|a| a.target())
            .chain(MatterAnomaly::ALL.iter().map(|a| a.target()))
            .collect();
        let near: BTreeSet<_> = QuarterNearMiss::ALL
            .iter()
            .map(|n| n.target())
            .chain(MatterNearMiss::ALL.iter().map(|n| n.target()))
            .collect();
        let all: BTreeSet<_> = Threshold::of_category("disclosure").collect();
        assert_eq!(anomalies, all);
        assert_eq!(near, all);
    }
}
