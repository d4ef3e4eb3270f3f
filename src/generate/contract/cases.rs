//! The contract cases the generator plants: anomalies that must raise one contract threshold and
//! near misses that sit on a boundary of one and must stay quiet.

use crate::generate::threshold::Threshold;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ContractAnomaly {
    /// CON-01: the last installment pays 0.01 more than the contract.
    OverpaidByACent,
    /// CON-01: paid beyond the contract and its supplement by 100 to 2000.
    OverpaidBeyondSupplement,
    /// CON-02: a service paid 10000.00 (or 10000 to 50000) with no contract named.
    PaidWithoutContract,
    /// CON-02: paid under a contract that is entered in the platform only after the payment.
    PaidBeforeRecording,
    /// CON-03: entered eight days after signing, in the first second of the day, or 9 to 30
    /// days after.
    EnteredLate,
    /// CON-04: a deposit, contract proceeds or another due not received in full 30 days after
    /// its due date: nothing received, 0.01 short, or paid one second after the deadline.
    ReceivableLeftUnpaid,
    /// CON-05: supplements beyond a tenth of the contract with no resolution, with a rejected
    /// one, with one voted only after the supplement, or two supplements crossing it together.
    SupplementsWithoutResolution,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ContractNearMiss {
    /// CON-01: installments add up to exactly the contract and its supplement.
    PaidExactlyTotal,
    /// CON-02: a service paid 9999.99 with no contract.
    JustBelowContractMinimum,
    /// CON-02: the contract entered at the very instant of the payment, before it.
    RecordedAtPaymentInstant,
    /// CON-03: entered at 23:59:59 on the seventh day after signing.
    EnteredOnSeventhDay,
    /// CON-03: entered in time, corrected a fortnight later.
    CorrectedAfterEntry,
    /// CON-04: received in full at the very instant of the deadline.
    PaidAtDeadline,
    /// CON-05: supplements adding exactly a tenth of the contract, no resolution.
    SupplementsAtTenPercent,
    /// CON-05: beyond a tenth, with a resolution voted at the instant the supplement is entered.
    ResolutionAtSupplementInstant,
}

impl ContractAnomaly {
    /// The receivable comes first: its deadline must pass within the period, so it is planted
    /// early.
    pub const ALL: [Self; 7] = [
        Self::ReceivableLeftUnpaid,
        Self::OverpaidByACent,
        Self::OverpaidBeyondSupplement,
        Self::PaidWithoutContract,
        Self::PaidBeforeRecording,
        Self::EnteredLate,
        Self::SupplementsWithoutResolution,
    ];

    pub fn target(self) -> Threshold {
        use Threshold as T;
        match self {
            Self::OverpaidByACent | Self::OverpaidBeyondSupplement => T::ContractOverpaid,
            Self::PaidWithoutContract | Self::PaidBeforeRecording => T::PaymentWithoutContract,
            Self::EnteredLate => T::ContractEnteredLate,
            Self::ReceivableLeftUnpaid => T::ReceivableOverdue,
            Self::SupplementsWithoutResolution => T::SupplementWithoutResolution,
        }
    }
}

impl ContractNearMiss {
    /// The receivable comes first, as with the anomalies.
    pub const ALL: [Self; 8] = [
        Self::PaidAtDeadline,
        Self::PaidExactlyTotal,
        Self::JustBelowContractMinimum,
        Self::RecordedAtPaymentInstant,
        Self::EnteredOnSeventhDay,
        Self::CorrectedAfterEntry,
        Self::SupplementsAtTenPercent,
        Self::ResolutionAtSupplementInstant,
    ];

    pub fn target(self) -> Threshold {
        use Threshold as T;
        match self {
            Self::PaidExactlyTotal => T::ContractOverpaid,
            Self::JustBelowContractMinimum | Self::RecordedAtPaymentInstant => {
                T::PaymentWithoutContract
            }
            Self::EnteredOnSeventhDay | Self::CorrectedAfterEntry => T::ContractEnteredLate,
            Self::PaidAtDeadline => T::ReceivableOverdue,
            Self::SupplementsAtTenPercent | Self::ResolutionAtSupplementInstant => {
                T::SupplementWithoutResolution
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn every_contract_threshold_has_anomalies_and_near_misses() {
        let anomalies: BTreeSet<_> = ContractAnomaly::ALL.iter().map(|a| a.target()).collect();
        let near: BTreeSet<_> = ContractNearMiss::ALL.iter().map(|n| n.target()).collect();
        let all: BTreeSet<_> = Threshold::of_category("contract").collect();
        assert_eq!(anomalies, all);
        assert_eq!(near, all);
    }
}
