//! The oversight cases the generator plants: anomalies that must raise one oversight threshold
//! and near misses that sit on a boundary of one and must stay quiet. The quarterly cases ride on
//! the supervisory committee's quarterly check, the others on a payment approval the committee
//! signs.

use crate::generate::threshold::Threshold;

/// Cases of the quarterly check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CheckAnomaly {
    /// OVS-02: no check of the quarter at all.
    Skipped,
    /// OVS-02: the check is recorded a second after the deadline (sod of the next quarter).
    Late,
    /// OVS-02: the check is recorded in time by the accountant alone, who is no supervisor.
    ByNonSupervisor,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CheckNearMiss {
    /// OVS-02: the check is recorded at the very instant of the deadline.
    AtDeadline,
    /// OVS-02: the accountant checks together with one supervisor, who suffices.
    OneSupervisorAmongCheckers,
}

/// Cases of a payment approval signed by the supervisory committee.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SignoffAnomaly {
    /// OVS-01: the supervision step is signed a second after pending + 24h.
    SignedLate,
    /// OVS-01: the supervision step stays pending and the approval open.
    NeverSigned,
    /// OVS-03: the head of the committee approves a reimbursement paid to himself (the approval's
    /// counterparty; FIN-05 fires too).
    SignsOwnMatter,
    /// OVS-03: the head of the committee approves a matter a relative he declared applied for.
    SignsKinMatter,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SignoffNearMiss {
    /// OVS-01: signed at the very instant of pending + 24h.
    SignedAtDeadline,
    /// OVS-01: returned at the very instant of pending + 24h, then withdrawn.
    ReturnedAtDeadline,
    /// OVS-03: a relative of the head applies and a member of the committee signs instead.
    HeadRecuses,
    /// OVS-03: the head returns (does not approve) a relative's matter, which is then withdrawn.
    KinMatterReturned,
}

impl CheckAnomaly {
    pub const ALL: [Self; 3] = [Self::Skipped, Self::Late, Self::ByNonSupervisor];

    pub fn target(self) -> Threshold {
        Threshold::QuarterlyCheckMissing
    }
}

impl CheckNearMiss {
    pub const ALL: [Self; 2] = [Self::AtDeadline, Self::OneSupervisorAmongCheckers];

    pub fn target(self) -> Threshold {
        Threshold::QuarterlyCheckMissing
    }
}

impl SignoffAnomaly {
    pub const ALL: [Self; 4] = [
        Self::SignedLate,
        Self::SignsKinMatter,
        Self::NeverSigned,
        Self::SignsOwnMatter,
    ];

    pub fn target(self) -> Threshold {
        match self {
            Self::SignedLate | Self::NeverSigned => Threshold::SignoffOverdue,
            Self::SignsOwnMatter | Self::SignsKinMatter => Threshold::ConflictedSupervisor,
        }
    }
}

impl SignoffNearMiss {
    pub const ALL: [Self; 4] = [
        Self::SignedAtDeadline,
        Self::HeadRecuses,
        Self::ReturnedAtDeadline,
        Self::KinMatterReturned,
    ];

    pub fn target(self) -> Threshold {
        match self {
            Self::SignedAtDeadline | Self::ReturnedAtDeadline => Threshold::SignoffOverdue,
            Self::HeadRecuses | Self::KinMatterReturned => Threshold::ConflictedSupervisor,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn every_oversight_threshold_has_anomalies_and_near_misses() {
        let anomalies: BTreeSet<_> = CheckAnomaly::ALL
            .iter()
            .map(|a| a.target())
            .chain(SignoffAnomaly::ALL.iter().map(|a| a.target()))
            .collect();
        let near: BTreeSet<_> = CheckNearMiss::ALL
            .iter()
            .map(|n| n.target())
            .chain(SignoffNearMiss::ALL.iter().map(|n| n.target()))
            .collect();
        let all: BTreeSet<_> = Threshold::of_category("oversight").collect();
        assert_eq!(anomalies, all);
        assert_eq!(near, all);
    }
}
