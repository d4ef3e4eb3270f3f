//! The finance cases the generator plants: anomalies that must raise one finance threshold and
//! near misses that sit on a boundary of one and must stay quiet.

use crate::generate::threshold::Threshold;

/// The activity a case rides on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activity {
    Payment,
    CashCount,
    Receipt,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FinanceAnomaly {
    /// FIN-01: a cash payment of 1000.01, or of 1000.01 to 4000.00.
    CashAboveLimit,
    /// FIN-02: 5000.01 in the safe, or 5200 to 12000.
    CashCountAboveLimit,
    /// FIN-03: credited 4 to 10 days after it was collected.
    DepositLate,
    /// FIN-03: credited at 00:00:30 local time four days after: three days by the UTC date.
    DepositLateByLocalDate,
    /// FIN-04: a payment naming no approval.
    PaidWithoutApproval,
    /// FIN-04: paid while the approval is still under review.
    PaidWhilePending,
    /// FIN-04: paid one second before the final approval.
    PaidOneSecondEarly,
    /// FIN-04: paid after the approval was rejected.
    PaidAfterRejection,
    /// FIN-04: the approval named does not exist in the village.
    PaidUnderUnknownApproval,
    /// FIN-05: the accountant who applied approves the first step.
    ApplicantApproves,
    /// FIN-05: the cadre to be reimbursed approves a step (counterparty of the approval).
    CounterpartyApproves,
    /// FIN-05: the supervisor who approved a step is then paid under it.
    PayeeApprovedStep,
    /// FIN-06: the same amount to the same payee again 1 to 6 days later, or exactly 7 days.
    RepeatedPayment,
    /// FIN-06: an invoice paid a second time, its number keyed in as is or with a stray space.
    InvoiceReused,
    /// FIN-07: a goods payment above 200 with no invoice (200.01, or more).
    NoInvoice,
    /// FIN-07: an invoice number of white space only.
    BlankInvoice,
    /// FIN-08: spending on a line passes amount × 1.1 by 0.01, or by more.
    BudgetOverrun,
    /// FIN-08: charged to last year's line, or to a line never adopted.
    ChargedToLineOfAnotherYear,
    /// FIN-08: a line amended down below what it has already paid out.
    BudgetCutBelowSpending,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FinanceNearMiss {
    /// FIN-01: a cash payment of exactly 1000.00.
    CashAtLimit,
    /// FIN-02: exactly 5000.00 in the safe.
    CashCountAtLimit,
    /// FIN-03: credited at 23:59:59 on the third day after collection.
    DepositOnLastDay,
    /// FIN-04: paid at the very instant of the final approval.
    PaidAtApprovalInstant,
    /// FIN-05: the party secretary is reimbursed and stands aside; the deputy approves.
    PayeeRecused,
    /// FIN-06: the same amount to the same payee 7 days and 1 second later.
    RepeatAfterWindow,
    /// FIN-06: an invoice number already paid in another village.
    InvoiceOfAnotherVillage,
    /// FIN-07: exactly 200.00 paid without an invoice.
    NoInvoiceAtLimit,
    /// FIN-07: a tax payment above 200 without an invoice (exempt purpose).
    ExemptWithoutInvoice,
    /// FIN-08: a line's spending brought to exactly amount × 1.1.
    BudgetSpentToTolerance,
}

impl FinanceAnomaly {
    pub const ALL: [Self; 19] = [
        Self::CashAboveLimit,
        Self::CashCountAboveLimit,
        Self::DepositLate,
        Self::DepositLateByLocalDate,
        Self::PaidWithoutApproval,
        Self::PaidWhilePending,
        Self::PaidOneSecondEarly,
        Self::PaidAfterRejection,
        Self::PaidUnderUnknownApproval,
        Self::ApplicantApproves,
        Self::CounterpartyApproves,
        Self::PayeeApprovedStep,
        Self::RepeatedPayment,
        Self::InvoiceReused,
        Self::NoInvoice,
        Self::BlankInvoice,
        Self::BudgetOverrun,
        Self::ChargedToLineOfAnotherYear,
        Self::BudgetCutBelowSpending,
    ];

    pub fn target(self) -> Threshold {
        use Threshold as T;
        match self {
            Self::CashAboveLimit => T::LargeCashPayment,
            Self::CashCountAboveLimit => T::CashOnHandExcess,
            Self::DepositLate | Self::DepositLateByLocalDate => T::LateDeposit,
            Self::PaidWithoutApproval
            | Self::PaidWhilePending
            | Self::PaidOneSecondEarly
            | Self::PaidAfterRejection
            | Self::PaidUnderUnknownApproval => T::PaidBeforeApproval,
            Self::ApplicantApproves | Self::CounterpartyApproves | Self::PayeeApprovedStep => {
                T::SelfApproval
            }
            Self::RepeatedPayment | Self::InvoiceReused => T::DuplicatePayment,
            Self::NoInvoice | Self::BlankInvoice => T::MissingInvoice,
            Self::BudgetOverrun
            | Self::ChargedToLineOfAnotherYear
            | Self::BudgetCutBelowSpending => T::BudgetOverrun,
        }
    }

    pub fn activity(self) -> Activity {
        match self {
            Self::CashCountAboveLimit => Activity::CashCount,
            Self::DepositLate | Self::DepositLateByLocalDate => Activity::Receipt,
            _ => Activity::Payment,
        }
    }
}

impl FinanceNearMiss {
    pub const ALL: [Self; 10] = [
        Self::CashAtLimit,
        Self::CashCountAtLimit,
        Self::DepositOnLastDay,
        Self::PaidAtApprovalInstant,
        Self::PayeeRecused,
        Self::RepeatAfterWindow,
        Self::InvoiceOfAnotherVillage,
        Self::NoInvoiceAtLimit,
        Self::ExemptWithoutInvoice,
        Self::BudgetSpentToTolerance,
    ];

    pub fn target(self) -> Threshold {
        use Threshold as T;
        match self {
            Self::CashAtLimit => T::LargeCashPayment,
            Self::CashCountAtLimit => T::CashOnHandExcess,
            Self::DepositOnLastDay => T::LateDeposit,
            Self::PaidAtApprovalInstant => T::PaidBeforeApproval,
            Self::PayeeRecused => T::SelfApproval,
            Self::RepeatAfterWindow | Self::InvoiceOfAnotherVillage => T::DuplicatePayment,
            Self::NoInvoiceAtLimit | Self::ExemptWithoutInvoice => T::MissingInvoice,
            Self::BudgetSpentToTolerance => T::BudgetOverrun,
        }
    }

    pub fn activity(self) -> Activity {
        match self {
            Self::CashCountAtLimit => Activity::CashCount,
            Self::DepositOnLastDay => Activity::Receipt,
            _ => Activity::Payment,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn every_finance_threshold_has_anomalies_and_near_misses() {
        let anomalies: BTreeSet<_> = FinanceAnomaly::ALL.iter().map(|a| a.target()).collect();
        let near: BTreeSet<_> = FinanceNearMiss::ALL.iter().map(|n| n.target()).collect();
        let all: BTreeSet<_> = Threshold::of_category("finance").collect();
        assert_eq!(anomalies, all);
        assert_eq!(near, all);
    }
}
