//! Topic cunwu.finance (events.md §6.3).

use crate::event::enums::{MoneyMethod, PartyType, Purpose};
use crate::event::field::impl_members;
use crate::event::members;
use crate::event::validate::{
    require, require_not_after_occurrence, require_positive_money, Checked, Validate,
    ValidationContext,
};
use crate::values::{Date, Money, Text};
use serde::{Deserialize, Serialize};

/// `finance.payment`: money paid out of the village account (`occurred_at` = execution).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(expecting = "a JSON object")]
pub struct FinancePayment {
    /// Record id.
    #[serde(deserialize_with = "members::id")]
    pub payment_id: Text,
    /// Amount paid, > 0.
    pub amount: Money,
    /// Bank transfer, cash or other.
    pub method: MoneyMethod,
    /// Person or company paid.
    #[serde(deserialize_with = "members::id")]
    pub payee_id: Text,
    /// Kind of payee.
    pub payee_type: PartyType,
    /// Account credited. Required when `method` is `bank`.
    #[serde(
        default,
        deserialize_with = "members::opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub account_no: Option<Text>,
    /// What the money is for.
    pub purpose: Purpose,
    /// Approval that authorised it.
    #[serde(
        default,
        deserialize_with = "members::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub approval_id: Option<Text>,
    /// Contract (or supplement) it pays under.
    #[serde(
        default,
        deserialize_with = "members::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub contract_id: Option<Text>,
    /// Project it pays for.
    #[serde(
        default,
        deserialize_with = "members::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub project_id: Option<Text>,
    /// Purchase it pays for.
    #[serde(
        default,
        deserialize_with = "members::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub order_id: Option<Text>,
    /// Labor claim it pays.
    #[serde(
        default,
        deserialize_with = "members::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub claim_id: Option<Text>,
    /// Budget line charged.
    #[serde(
        default,
        deserialize_with = "members::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub budget_line_id: Option<Text>,
    /// Invoice (发票) code and number.
    #[serde(
        default,
        deserialize_with = "members::opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub invoice_no: Option<Text>,
    /// Free text.
    #[serde(
        default,
        deserialize_with = "members::opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub description: Option<Text>,
}

impl_members!(FinancePayment {
    payment_id,
    amount,
    method,
    payee_id,
    payee_type,
    account_no,
    purpose,
    approval_id,
    contract_id,
    project_id,
    order_id,
    claim_id,
    budget_line_id,
    invoice_no,
    description,
});

impl Validate for FinancePayment {
    fn validate(&self, _context: &ValidationContext) -> Checked {
        require_positive_money(self.amount, "amount")?;
        if self.method == MoneyMethod::Bank {
            require(&self.account_no, "account_no", "method is bank")?;
        }
        Ok(())
    }
}

/// `finance.receipt`: money credited to the village account (`occurred_at` = credited).
/// Constraint: `received_on` ≤ date(`occurred_at`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(expecting = "a JSON object")]
pub struct FinanceReceipt {
    /// Record id.
    #[serde(deserialize_with = "members::id")]
    pub receipt_id: Text,
    /// Amount credited, > 0.
    pub amount: Money,
    /// How it was received.
    pub method: MoneyMethod,
    /// Person or company that paid.
    #[serde(deserialize_with = "members::id")]
    pub payer_id: Text,
    /// Day the money was collected.
    #[serde(deserialize_with = "members::date")]
    pub received_on: Date,
    /// Receivable it settles.
    #[serde(
        default,
        deserialize_with = "members::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub receivable_id: Option<Text>,
    /// Free text.
    #[serde(
        default,
        deserialize_with = "members::opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub description: Option<Text>,
}

impl_members!(FinanceReceipt {
    receipt_id,
    amount,
    method,
    payer_id,
    received_on,
    receivable_id,
    description
});

impl Validate for FinanceReceipt {
    fn validate(&self, context: &ValidationContext) -> Checked {
        require_positive_money(self.amount, "amount")?;
        require_not_after_occurrence(self.received_on, "received_on", context)
    }
}

/// `finance.cash_count`: cash-on-hand count (库存现金盘点).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(expecting = "a JSON object")]
pub struct FinanceCashCount {
    /// Record id.
    #[serde(deserialize_with = "members::id")]
    pub count_id: Text,
    /// Cash counted in the village safe.
    pub cash_on_hand: Money,
    /// Who counted.
    #[serde(
        default,
        deserialize_with = "members::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub counted_by: Option<Text>,
}

impl_members!(FinanceCashCount {
    count_id,
    cash_on_hand,
    counted_by
});

impl Validate for FinanceCashCount {}

/// `finance.budget`: a budget line of a year; a later version amends it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(expecting = "a JSON object")]
pub struct FinanceBudget {
    /// Record id.
    #[serde(deserialize_with = "members::id")]
    pub budget_line_id: Text,
    /// Budget year.
    #[serde(deserialize_with = "members::integer")]
    pub year: i64,
    /// Line name.
    #[serde(deserialize_with = "members::text")]
    pub name: Text,
    /// Budgeted amount.
    pub amount: Money,
}

impl_members!(FinanceBudget {
    budget_line_id,
    year,
    name,
    amount
});

impl Validate for FinanceBudget {}
