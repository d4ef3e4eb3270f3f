//! The seal cases the generator plants: anomalies that must raise one seal threshold and near
//! misses that sit on a boundary of one and must stay quiet.

use crate::generate::threshold::Threshold;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SealAnomaly {
    /// SEA-01: stamped with no application named (member omitted, or an empty string).
    UsedWithoutApplication,
    /// SEA-01: stamped 10 to 40 minutes before the application was approved.
    UsedBeforeApproval,
    /// SEA-01: stamped after the application was rejected.
    UsedAfterRejection,
    /// SEA-01: the use names a labor application, not a seal application.
    UsedUnderOtherApproval,
    /// SEA-02: a second use passes the approved count, or a single use does.
    StampsBeyondApproval,
    /// SEA-03: the stamped document has 1 to 3 blank pages.
    BlankPages,
    /// SEA-03: another document was stamped than the one approved.
    DocumentChanged,
    /// SEA-03: another seal was used than the one applied for.
    OtherSealUsed,
    /// SEA-04: a labor (or building) document with no approval of the matter referenced.
    MatterWithoutReference,
    /// SEA-04: a construction contract referencing a labor approval.
    ReferenceOfWrongKind,
    /// SEA-04: the labor approval referenced is approved only after the stamping.
    ReferenceNotYetApproved,
    /// SEA-05: decided 48 hours and 1 second after submission, or never.
    ApplicationLeftPending,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SealNearMiss {
    /// SEA-01: stamped at the very instant of the approval.
    UsedAtApprovalInstant,
    /// SEA-02: two uses that add up to exactly the approved count.
    StampsUpToApproval,
    /// SEA-03: the document hash reported in capitals.
    HashInCapitals,
    /// SEA-04: the labor approval referenced is approved at the very instant of stamping.
    ReferenceApprovedAtUse,
    /// SEA-05: decided exactly 48 hours after submission.
    DecidedAtDeadline,
}

impl SealAnomaly {
    pub const ALL: [Self; 12] = [
        Self::UsedWithoutApplication,
        Self::UsedBeforeApproval,
        Self::UsedAfterRejection,
        Self::UsedUnderOtherApproval,
        Self::StampsBeyondApproval,
        Self::BlankPages,
        Self::DocumentChanged,
        Self::OtherSealUsed,
        Self::MatterWithoutReference,
        Self::ReferenceOfWrongKind,
        Self::ReferenceNotYetApproved,
        Self::ApplicationLeftPending,
    ];

    pub fn target(self) -> Threshold {
        use Threshold as T;
        match self {
            Self::UsedWithoutApplication
            | Self::UsedBeforeApproval
            | Self::UsedAfterRejection
            | Self::UsedUnderOtherApproval => T::StampedWithoutApproval,
            Self::StampsBeyondApproval => T::StampCountExceeded,
            Self::BlankPages | Self::DocumentChanged | Self::OtherSealUsed => T::DocumentMismatch,
            Self::MatterWithoutReference
            | Self::ReferenceOfWrongKind
            | Self::ReferenceNotYetApproved => T::MatterNotLinked,
            Self::ApplicationLeftPending => T::SealApplicationOverdue,
        }
    }
}

impl SealNearMiss {
    pub const ALL: [Self; 5] = [
        Self::UsedAtApprovalInstant,
        Self::StampsUpToApproval,
        Self::HashInCapitals,
        Self::ReferenceApprovedAtUse,
        Self::DecidedAtDeadline,
    ];

    pub fn target(self) -> Threshold {
        use Threshold as T;
        match self {
            Self::UsedAtApprovalInstant => T::StampedWithoutApproval,
            Self::StampsUpToApproval => T::StampCountExceeded,
            Self::HashInCapitals => T::DocumentMismatch,
            Self::ReferenceApprovedAtUse => T::MatterNotLinked,
            Self::DecidedAtDeadline => T::SealApplicationOverdue,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn every_seal_threshold_has_anomalies_and_near_misses() {
        let anomalies: BTreeSet<_> = SealAnomaly::ALL.iter().map(|a| a.target()).collect();
        let near: BTreeSet<_> = SealNearMiss::ALL.iter().map(|n| n.target()).collect();
        let all: BTreeSet<_> = Threshold::of_category("seal").collect();
        assert_eq!(anomalies, all);
        assert_eq!(near, all);
    }
}
