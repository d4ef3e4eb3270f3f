//! The conflict cases the generator plants: anomalies that must raise one conflict threshold and
//! near misses that sit on a boundary of one and must stay quiet. The declaration cases ride on
//! a cadre's yearly renewal, the others on a dealing of the village with a party close to its
//! cadres.

use crate::generate::threshold::Threshold;

/// Cases of a dealing: a lease, a contract or payments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DealingAnomaly {
    /// COI-01: a plot let to a declared relative of a cadre; in turn to a cadre.
    LeaseToClose,
    /// COI-01: a service contract with a cadre as party B; in turn with a declared relative.
    ContractWithClose,
    /// COI-02: a declared relative is paid exactly 10,000.00 in a year, in two payments.
    KinPaidTheLimit,
    /// COI-04: a plot let to the firm a declared relative owns and represents.
    LeaseToTiedFirm,
    /// COI-04: a service contract with the firm a cadre manages.
    ServiceContractWithTiedFirm,
    /// COI-04: the firm a declared relative owns is paid without contract, order or project.
    TiedFirmPaidWithoutBasis,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DealingNearMiss {
    /// COI-01: a contract with a villager whom a cadre declares as relative the day after it
    /// was signed.
    DeclaredAfterSigning,
    /// COI-01: a plot let from the day after a cadre's term ended to that former cadre.
    TermEndedTheDayBefore,
    /// COI-02: a declared relative is paid 9,999.99 in a year, in two payments.
    KinPaidJustBelow,
    /// COI-04: a procurement contract with a firm a declared relative owns (PRC-03 judges the
    /// orders under such a contract, none of which is written here), and a payment under it.
    TiedFirmUnderProcurementContract,
}

/// Cases of a cadre's yearly renewal of the kinship declaration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RenewalAnomaly {
    /// COI-03: renewed a second after the declaration fell due, the cadre still in office.
    RenewedLate,
    /// COI-03: not renewed at all, the cadre still in office on the due day.
    NeverRenewed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RenewalNearMiss {
    /// COI-03: renewed at the very instant the declaration falls due.
    RenewedAtDue,
}

impl DealingAnomaly {
    pub const ALL: [Self; 6] = [
        Self::LeaseToClose,
        Self::KinPaidTheLimit,
        Self::LeaseToTiedFirm,
        Self::ContractWithClose,
        Self::TiedFirmPaidWithoutBasis,
        Self::ServiceContractWithTiedFirm,
    ];

    pub fn target(self) -> Threshold {
        match self {
            Self::LeaseToClose | Self::ContractWithClose => Threshold::KinCounterparty,
            Self::KinPaidTheLimit => Threshold::KinPayee,
            Self::LeaseToTiedFirm
            | Self::ServiceContractWithTiedFirm
            | Self::TiedFirmPaidWithoutBasis => Threshold::ControlledFirm,
        }
    }
}

impl DealingNearMiss {
    pub const ALL: [Self; 4] = [
        Self::DeclaredAfterSigning,
        Self::KinPaidJustBelow,
        Self::TermEndedTheDayBefore,
        Self::TiedFirmUnderProcurementContract,
    ];

    pub fn target(self) -> Threshold {
        match self {
            Self::DeclaredAfterSigning | Self::TermEndedTheDayBefore => Threshold::KinCounterparty,
            Self::KinPaidJustBelow => Threshold::KinPayee,
            Self::TiedFirmUnderProcurementContract => Threshold::ControlledFirm,
        }
    }
}

impl RenewalAnomaly {
    pub const ALL: [Self; 2] = [Self::RenewedLate, Self::NeverRenewed];

    pub fn target(self) -> Threshold {
        Threshold::DeclarationStale
    }
}

impl RenewalNearMiss {
    pub const ALL: [Self; 1] = [Self::RenewedAtDue];

    pub fn target(self) -> Threshold {
        Threshold::DeclarationStale
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn every_conflict_threshold_has_anomalies_and_near_misses() {
        let anomalies: BTreeSet<_> = DealingAnomaly::ALL
            .iter()
            .map(|a| a.target())
            .chain(RenewalAnomaly::ALL.iter().map(|a| a.target()))
            .collect();
        let near: BTreeSet<_> = DealingNearMiss::ALL
            .iter()
            .map(|n| n.target())
            .chain(RenewalNearMiss::ALL.iter().map(|n| n.target()))
            .collect();
        let all: BTreeSet<_> = Threshold::of_category("conflict").collect();
        assert_eq!(anomalies, all);
        assert_eq!(near, all);
    }
}
