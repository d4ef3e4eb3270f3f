//! The compensation cases the generator plants on one household of a land-taking scheme:
//! anomalies that must raise one compensation threshold and near misses that sit on a boundary
//! of one and must stay quiet. A kind drawn several times alternates its variants (the use count
//! of `Pick`).

use crate::generate::threshold::Threshold;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CompensationAnomaly {
    /// CMP-01: the seedlings of one of the household's parcels are recorded for a villager of
    /// another household, who holds nothing on the parcel, and paid to him.
    ClaimedByNonHolder,
    /// CMP-01: seedlings counted on the household's reclaimed plot, whose holding is registered
    /// but not certified.
    SeedlingsOnUncertifiedPlot,
    /// CMP-01: seedlings counted on a parcel that no holding of the registry names.
    SeedlingsOnUnregisteredParcel,
    /// CMP-02: one seedling above norm x area x 1.5; every other use, twice the norm.
    SeedlingsAboveDensity,
    /// CMP-03: one count of the household recorded with no department staff present.
    CountedWithoutStaff,
    /// CMP-04: the household's holder collects for it and the next two households; every other
    /// use, the next three.
    CollectsForThreeHouseholds,
    /// CMP-05: six graves on one parcel; every other use, four and three on two parcels.
    TooManyGraves,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CompensationNearMiss {
    /// CMP-01: the recipient is a member of the holding household, not the holder himself.
    RecipientInHoldingHousehold,
    /// CMP-01: graves but no seedlings counted on the uncertified reclaimed plot.
    GravesOnlyOnUncertifiedPlot,
    /// CMP-02: exactly norm x area x 1.5 seedlings.
    SeedlingsAtDensityLimit,
    /// CMP-03: a single staff member present at every count of the household.
    OneStaffMember,
    /// CMP-04: the household's holder collects for it and the next household: two households.
    CollectsForTwoHouseholds,
    /// CMP-05: exactly five graves, on one parcel or split over two.
    FiveGraves,
}

impl CompensationAnomaly {
    pub const ALL: [Self; 7] = [
        Self::ClaimedByNonHolder,
        Self::SeedlingsAboveDensity,
        Self::CountedWithoutStaff,
        Self::CollectsForThreeHouseholds,
        Self::TooManyGraves,
        Self::SeedlingsOnUncertifiedPlot,
        Self::SeedlingsOnUnregisteredParcel,
    ];

    pub fn target(self) -> Threshold {
        match self {
            Self::ClaimedByNonHolder
            | Self::SeedlingsOnUncertifiedPlot
            | Self::SeedlingsOnUnregisteredParcel => Threshold::NoLand,
            Self::SeedlingsAboveDensity => Threshold::SeedlingDensity,
            Self::CountedWithoutStaff => Threshold::NoStaffPresent,
            Self::CollectsForThreeHouseholds => Threshold::ProxyCollection,
            Self::TooManyGraves => Threshold::ExcessGraves,
        }
    }
}

impl CompensationNearMiss {
    pub const ALL: [Self; 6] = [
        Self::RecipientInHoldingHousehold,
        Self::SeedlingsAtDensityLimit,
        Self::OneStaffMember,
        Self::CollectsForTwoHouseholds,
        Self::FiveGraves,
        Self::GravesOnlyOnUncertifiedPlot,
    ];

    pub fn target(self) -> Threshold {
        match self {
            Self::RecipientInHoldingHousehold | Self::GravesOnlyOnUncertifiedPlot => {
                Threshold::NoLand
            }
            Self::SeedlingsAtDensityLimit => Threshold::SeedlingDensity,
            Self::OneStaffMember => Threshold::NoStaffPresent,
            Self::CollectsForTwoHouseholds => Threshold::ProxyCollection,
            Self::FiveGraves => Threshold::ExcessGraves,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn every_compensation_threshold_has_anomalies_and_near_misses() {
        let anomalies: BTreeSet<_> = CompensationAnomaly::ALL
            .iter()
            .map(|a| a.target())
            .collect();
        let near: BTreeSet<_> = CompensationNearMiss::ALL
            .iter()
            .map(|n| n.target())
            .collect();
        let all: BTreeSet<_> = Threshold::of_category("compensation").collect();
        assert_eq!(anomalies, all);
        assert_eq!(near, all);
    }
}
