//! The homestead cases the generator plants on one application (or one house built without
//! one): anomalies that must raise one homestead threshold and near misses that sit on a boundary
//! of one and must stay quiet. A kind drawn several times alternates its variants (the use count
//! of `Pick`).

use crate::generate::threshold::Threshold;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HomesteadAnomaly {
    /// HOM-01: a household that holds a certified homestead applies.
    HoldsCertifiedHomestead,
    /// HOM-01: a household whose earlier application was approved applies again.
    ApprovedBefore,
    /// HOM-02: a house started with no application at all; every other use it is also built on
    /// 130 m², above the limit (HOM-03 too).
    BuiltWithoutApplication,
    /// HOM-02: works started the day before the approval; every other use, after a rejection.
    StartedBeforeApproval,
    /// HOM-03: 125.01 m² applied for; every other use, 138 m².
    AppliedAboveLimit,
    /// HOM-03: built 0.01 m² larger than applied for; every other use, 8.5 m² larger.
    BuiltAboveApplied,
    /// HOM-04: decided a second after eod(wd_add(submitted, 20)).
    DecidedLate,
    /// HOM-04: never decided within the period.
    NeverDecided,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HomesteadNearMiss {
    /// HOM-01: a household whose homestead holding is registered but not certified applies.
    HoldsUncertifiedHomestead,
    /// HOM-01: a household whose earlier application was rejected applies again.
    RejectedBefore,
    /// HOM-02: works started on the day of the approval, reported after it.
    StartedOnApprovalDay,
    /// HOM-03: exactly 125 m² applied for and built.
    AppliedAtLimit,
    /// HOM-03: built exactly on the area applied for.
    BuiltAsApplied,
    /// HOM-04: decided at the very instant of the deadline; every other use, rejected then.
    DecidedAtDeadline,
}

impl HomesteadAnomaly {
    pub const ALL: [Self; 8] = [
        Self::NeverDecided,
        Self::DecidedLate,
        Self::HoldsCertifiedHomestead,
        Self::BuiltWithoutApplication,
        Self::AppliedAboveLimit,
        Self::ApprovedBefore,
        Self::StartedBeforeApproval,
        Self::BuiltAboveApplied,
    ];

    pub fn target(self) -> Threshold {
        match self {
            Self::HoldsCertifiedHomestead | Self::ApprovedBefore => Threshold::MultipleHomesteads,
            Self::BuiltWithoutApplication | Self::StartedBeforeApproval => {
                Threshold::BuiltBeforeApproval
            }
            Self::AppliedAboveLimit | Self::BuiltAboveApplied => Threshold::Oversize,
            Self::DecidedLate | Self::NeverDecided => Threshold::HomesteadApprovalOverdue,
        }
    }
}

impl HomesteadNearMiss {
    pub const ALL: [Self; 6] = [
        Self::DecidedAtDeadline,
        Self::HoldsUncertifiedHomestead,
        Self::StartedOnApprovalDay,
        Self::AppliedAtLimit,
        Self::RejectedBefore,
        Self::BuiltAsApplied,
    ];

    pub fn target(self) -> Threshold {
        match self {
            Self::HoldsUncertifiedHomestead | Self::RejectedBefore => Threshold::MultipleHomesteads,
            Self::StartedOnApprovalDay => Threshold::BuiltBeforeApproval,
            Self::AppliedAtLimit | Self::BuiltAsApplied => Threshold::Oversize,
            Self::DecidedAtDeadline => Threshold::HomesteadApprovalOverdue,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn every_homestead_threshold_has_anomalies_and_near_misses() {
        let anomalies: BTreeSet<_> = HomesteadAnomaly::ALL.iter().map(|a| a.target()).collect();
        let near: BTreeSet<_> = HomesteadNearMiss::ALL.iter().map(|n| n.target()).collect();
        let all: BTreeSet<_> = Threshold::of_category("homestead").collect();
        assert_eq!(anomalies, all);
        assert_eq!(near, all);
    }
}
