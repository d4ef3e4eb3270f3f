//! The procurement cases the generator plants: anomalies that must raise one procurement
//! threshold and near misses that sit on a boundary of one and must stay quiet.

use crate::generate::threshold::Threshold;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProcurementAnomaly {
    /// PRC-01: two or three orders below 20000 within 30 days adding up to 20000 or more (once
    /// exactly 20000.00), registered together.
    SplitPurchase,
    /// PRC-02: 20000 or more with two quotes, off the platform, or exactly 20000.00 with one.
    NoCompetition,
    /// PRC-03: bought from a cadre, a declared relative, a relative's firm or a firm a cadre
    /// manages.
    RelatedSupplier,
    /// PRC-04: the contract signed two days after delivery.
    ContractAfterDelivery,
    /// PRC-04: a service paid before its contract was signed.
    ContractAfterPayment,
    /// PRC-05: a unit price of reference × 1.3 + 0.01, or 1.5 to 2 times the reference.
    PriceAboveReference,
    /// PRC-06: one supplier's orders pass half the year's purchases and 100000.
    SupplierConcentration,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProcurementNearMiss {
    /// PRC-01: two orders adding up to 20000 or more, 31 days apart.
    SplitOutsideWindow,
    /// PRC-01: two orders within 30 days adding up to 19999.99.
    SplitJustBelow,
    /// PRC-02: 19999.99 with one quote, off the platform.
    JustBelowTender,
    /// PRC-02: exactly 20000.00 with exactly three quotes on the platform.
    TenderWithThreeQuotes,
    /// PRC-03: bought from a cadre of the neighbouring village, or its cadres' relative's firm.
    NeighbourCadre,
    /// PRC-03: bought from a former cadre after the term ended.
    FormerCadre,
    /// PRC-04: the contract signed on the delivery day.
    SignedOnDeliveryDay,
    /// PRC-04: a service contract signed on the day of its first payment.
    SignedOnPaymentDay,
    /// PRC-05: a unit price of exactly reference × 1.3.
    PriceAtRatio,
    /// PRC-05: a unit price twice the market price, with no reference price given.
    NoReferencePrice,
    /// PRC-06: one supplier's orders reach exactly 100000.00, more than half of the year's.
    ConcentrationAtMinimum,
}

impl ProcurementAnomaly {
    pub const ALL: [Self; 7] = [
        Self::SplitPurchase,
        Self::NoCompetition,
        Self::RelatedSupplier,
        Self::ContractAfterDelivery,
        Self::ContractAfterPayment,
        Self::PriceAboveReference,
        Self::SupplierConcentration,
    ];

    pub fn target(self) -> Threshold {
        use Threshold as T;
        match self {
            Self::SplitPurchase => T::SplitPurchase,
            Self::NoCompetition => T::NoCompetition,
            Self::RelatedSupplier => T::RelatedSupplier,
            Self::ContractAfterDelivery | Self::ContractAfterPayment => T::ContractAfterDelivery,
            Self::PriceAboveReference => T::PriceAboveReference,
            Self::SupplierConcentration => T::SupplierConcentration,
        }
    }
}

impl ProcurementNearMiss {
    pub const ALL: [Self; 11] = [
        Self::SplitOutsideWindow,
        Self::SplitJustBelow,
        Self::JustBelowTender,
        Self::TenderWithThreeQuotes,
        Self::NeighbourCadre,
        Self::FormerCadre,
        Self::SignedOnDeliveryDay,
        Self::SignedOnPaymentDay,
        Self::PriceAtRatio,
        Self::NoReferencePrice,
        Self::ConcentrationAtMinimum,
    ];

    pub fn target(self) -> Threshold {
        use Threshold as T;
        match self {
            Self::SplitOutsideWindow | Self::SplitJustBelow => T::SplitPurchase,
            Self::JustBelowTender | Self::TenderWithThreeQuotes => T::NoCompetition,
            Self::NeighbourCadre | Self::FormerCadre => T::RelatedSupplier,
            Self::SignedOnDeliveryDay | Self::SignedOnPaymentDay => T::ContractAfterDelivery,
            Self::PriceAtRatio | Self::NoReferencePrice => T::PriceAboveReference,
            Self::ConcentrationAtMinimum => T::SupplierConcentration,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn every_procurement_threshold_has_anomalies_and_near_misses() {
        let anomalies: BTreeSet<_> = ProcurementAnomaly::ALL.iter().map(|a| a.target()).collect();
        let near: BTreeSet<_> = ProcurementNearMiss::ALL
            .iter()
            .map(|n| n.target())
            .collect();
        let all: BTreeSet<_> = Threshold::of_category("procurement").collect();
        assert_eq!(anomalies, all);
        assert_eq!(near, all);
    }
}
