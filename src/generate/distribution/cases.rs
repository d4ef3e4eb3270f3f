//! The distribution cases the generator plants: anomalies that must raise one distribution
//! threshold and near misses that sit on a boundary of one and must stay quiet. Resolution and
//! income cases ride on a whole distribution, recipient cases on one of its payout lists.

use crate::generate::threshold::Threshold;

/// Cases of a distribution's resolution and distributable income.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DistributionAnomaly {
    /// DST-01: the lists name no resolution.
    NoResolution,
    /// DST-01: the members' assembly voted the plan down.
    Rejected,
    /// DST-01: the plan was passed by the party branch, not by the members.
    PartyBranch,
    /// DST-01: the plan was passed by the villager representatives, not by the members'
    /// representatives.
    VillagerReps,
    /// DST-01: the members' assembly votes three hours after the first list is paid.
    ResolvedAfterPayment,
    /// DST-03: the lists pay a fen, or a whole share, more than the distributable income.
    OverDistributable,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DistributionNearMiss {
    /// DST-01: the members' assembly votes at the very instant the first list is paid.
    ResolvedAtPayment,
    /// DST-03: the lists pay exactly the distributable income.
    PaysExactlyDistributable,
}

/// Cases of one payout list: one recipient added to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ListAnomaly {
    /// DST-02: a villager who is not a member of the collective.
    NonMember,
    /// DST-02: a woman whose registration moved to the neighbouring village on marriage.
    OtherVillageMember,
    /// DST-02: a member who died before the list.
    Deceased,
    /// DST-02: a member whose death on the day of the list was registered that morning.
    DiedThatDay,
    /// DST-02: a person the registry does not know.
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ListNearMiss {
    /// DST-02: a member who moved away, still a member of the collective.
    MovedAwayMember,
    /// DST-02: a member who dies the day after the list.
    DiesNextDay,
}

impl DistributionAnomaly {
    pub const ALL: [Self; 6] = [
        Self::NoResolution,
        Self::OverDistributable,
        Self::Rejected,
        Self::PartyBranch,
        Self::ResolvedAfterPayment,
        Self::VillagerReps,
    ];

    pub fn target(self) -> Threshold {
        match self {
            Self::OverDistributable => Threshold::OverDistributable,
            _ => Threshold::NoAssemblyResolution,
        }
    }
}

impl DistributionNearMiss {
    pub const ALL: [Self; 2] = [Self::ResolvedAtPayment, Self::PaysExactlyDistributable];

    pub fn target(self) -> Threshold {
        match self {
            Self::ResolvedAtPayment => Threshold::NoAssemblyResolution,
            Self::PaysExactlyDistributable => Threshold::OverDistributable,
        }
    }
}

impl ListAnomaly {
    pub const ALL: [Self; 5] = [
        Self::NonMember,
        Self::Deceased,
        Self::OtherVillageMember,
        Self::Unknown,
        Self::DiedThatDay,
    ];

    pub fn target(self) -> Threshold {
        Threshold::IneligibleRecipient
    }
}

impl ListNearMiss {
    pub const ALL: [Self; 2] = [Self::MovedAwayMember, Self::DiesNextDay];

    pub fn target(self) -> Threshold {
        Threshold::IneligibleRecipient
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn every_distribution_threshold_has_anomalies_and_near_misses() {
        let anomalies: BTreeSet<_> = DistributionAnomaly::ALL
            .iter()
            .map(|a| a.target())
            .chain(ListAnomaly::ALL.iter().map(|a| a.target()))
            .collect();
        let near: BTreeSet<_> = DistributionNearMiss::ALL
            .iter()
            .map(|n| n.target())
            .chain(ListNearMiss::ALL.iter().map(|n| n.target()))
            .collect();
        let all: BTreeSet<_> = Threshold::of_category("distribution").collect();
        assert_eq!(anomalies, all);
        assert_eq!(near, all);
    }
}
