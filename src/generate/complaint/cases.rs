//! The complaint cases the generator plants: anomalies that must raise one complaint threshold
//! and near misses that sit on a boundary of one and must stay quiet. Every case is one issue
//! reported through the portal: its first report and, for some, follow-ups naming it.

use crate::generate::threshold::Threshold;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReportAnomaly {
    /// CPL-01: the report is taken up a second after eod(wd_add(filed, 2wd)).
    AcceptedLate,
    /// CPL-01: the report is never taken up.
    NeverAccepted,
    /// CPL-02: the issue is reported again twice: a chain (second follow-up naming the first),
    /// both naming the first report, or a cycle of repeat_of links cut at the least report_id,
    /// in turn.
    ReportedAgainTwice,
    /// CPL-02: the reporter is unsatisfied with the answer; in turn the first report or a
    /// follow-up of it is the one closed.
    ClosedUnsatisfied,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReportNearMiss {
    /// CPL-01: taken up at the very instant of the deadline.
    AcceptedAtDeadline,
    /// CPL-02: the issue is reported again once only.
    ReportedAgainOnce,
    /// CPL-02: the reporter is basically satisfied, the evaluation next to unsatisfied.
    ClosedBasicallySatisfied,
}

impl ReportAnomaly {
    pub const ALL: [Self; 4] = [
        Self::AcceptedLate,
        Self::ReportedAgainTwice,
        Self::NeverAccepted,
        Self::ClosedUnsatisfied,
    ];

    pub fn target(self) -> Threshold {
        match self {
            Self::AcceptedLate | Self::NeverAccepted => Threshold::ReportNotAccepted,
            Self::ReportedAgainTwice | Self::ClosedUnsatisfied => Threshold::RepeatedOrUnsatisfied,
        }
    }
}

impl ReportNearMiss {
    pub const ALL: [Self; 3] = [
        Self::AcceptedAtDeadline,
        Self::ReportedAgainOnce,
        Self::ClosedBasicallySatisfied,
    ];

    pub fn target(self) -> Threshold {
        match self {
            Self::AcceptedAtDeadline => Threshold::ReportNotAccepted,
            Self::ReportedAgainOnce | Self::ClosedBasicallySatisfied => {
                Threshold::RepeatedOrUnsatisfied
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn every_complaint_threshold_has_anomalies_and_near_misses() {
        let anomalies: BTreeSet<_> = ReportAnomaly::ALL.iter().map(|a| a.target()).collect();
        let near: BTreeSet<_> = ReportNearMiss::ALL.iter().map(|n| n.target()).collect();
        let all: BTreeSet<_> = Threshold::of_category("complaint").collect();
        assert_eq!(anomalies, all);
        assert_eq!(near, all);
    }
}
