//! The decision cases the generator plants: anomalies that must raise one decision threshold and
//! near misses that sit on a boundary of one and must stay quiet.

use crate::generate::threshold::Threshold;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DecisionAnomaly {
    /// DEC-01: a small project of 50000.00 (or 50000 to 98000) approved with no resolution, with
    /// a rejected one, with one of the ordinary procedure, or with one voted a second after the
    /// approval.
    MajorProjectWithoutResolution,
    /// DEC-02: a meeting one member short of two thirds (or further below).
    BelowQuorum,
    /// DEC-03: a contract signed on an earlier day, ratified by a five-step resolution.
    RatifiedAfterSigning,
    /// DEC-04: a passed resolution published a second after the deadline, never, or listed as
    /// an item of another type.
    ResolutionPublishedLate,
    /// DEC-05: a project approved with no supervision step, or with the supervisory committee
    /// returning it.
    SupervisionMissing,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DecisionNearMiss {
    /// DEC-01: a small project of 49999.99 with no resolution.
    JustBelowMajor,
    /// DEC-01: the five-step resolution voted at the very instant of the approval, before it.
    ResolutionAtApprovalInstant,
    /// DEC-02: exactly two thirds present.
    ExactlyTwoThirds,
    /// DEC-02: a party branch meeting (no quorum rule) with half its members present.
    BranchMeetingHalfPresent,
    /// DEC-03: a contract resolved by five steps on the day it is signed.
    ResolvedOnSigningDay,
    /// DEC-04: published at the very instant of the deadline.
    PublishedAtDeadline,
    /// DEC-05: the supervisory committee signs at the very instant of the approval, before it.
    SupervisionAtApprovalInstant,
}

impl DecisionAnomaly {
    /// The late publication comes first: its deadline must pass within the period.
    pub const ALL: [Self; 5] = [
        Self::ResolutionPublishedLate,
        Self::MajorProjectWithoutResolution,
        Self::BelowQuorum,
        Self::RatifiedAfterSigning,
        Self::SupervisionMissing,
    ];

    pub fn target(self) -> Threshold {
        use Threshold as T;
        match self {
            Self::MajorProjectWithoutResolution => T::NoFiveStep,
            Self::BelowQuorum => T::LowAttendance,
            Self::RatifiedAfterSigning => T::AfterTheFact,
            Self::ResolutionPublishedLate => T::ResolutionNotPublished,
            Self::SupervisionMissing => T::SupervisionSkipped,
        }
    }
}

impl DecisionNearMiss {
    pub const ALL: [Self; 7] = [
        Self::PublishedAtDeadline,
        Self::JustBelowMajor,
        Self::ResolutionAtApprovalInstant,
        Self::ExactlyTwoThirds,
        Self::BranchMeetingHalfPresent,
        Self::ResolvedOnSigningDay,
        Self::SupervisionAtApprovalInstant,
    ];

    pub fn target(self) -> Threshold {
        use Threshold as T;
        match self {
            Self::JustBelowMajor | Self::ResolutionAtApprovalInstant => T::NoFiveStep,
            Self::ExactlyTwoThirds | Self::BranchMeetingHalfPresent => T::LowAttendance,
            Self::ResolvedOnSigningDay => T::AfterTheFact,
            Self::PublishedAtDeadline => T::ResolutionNotPublished,
            Self::SupervisionAtApprovalInstant => T::SupervisionSkipped,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn every_decision_threshold_has_anomalies_and_near_misses() {
        let anomalies: BTreeSet<_> = DecisionAnomaly::ALL.iter().map(|a| a.target()).collect();
        let near: BTreeSet<_> = DecisionNearMiss::ALL.iter().map(|n| n.target()).collect();
        let all: BTreeSet<_> = Threshold::of_category("decision").collect();
        assert_eq!(anomalies, all);
        assert_eq!(near, all);
    }
}
