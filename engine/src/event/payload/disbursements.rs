//! Topic cunwu.business (events.md §6.4): subsidy lists, compensation assessments and income
//! distribution payouts.

use crate::event::field::impl_members;
use crate::event::members;
use crate::event::validate::{require, require_elements, Checked, Validate, ValidationContext};
use crate::values::{Decimal, Money, Text};
use serde::{Deserialize, Serialize};

/// `subsidy.disbursed`: one disbursement list of a subsidy (惠民补贴).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(expecting = "a JSON object")]
pub struct SubsidyDisbursed {
    /// Record id (the list).
    #[serde(deserialize_with = "members::id")]
    pub subsidy_id: Text,
    /// Subsidy scheme code.
    #[serde(deserialize_with = "members::text")]
    pub subsidy_type: Text,
    /// Subsidy year.
    #[serde(deserialize_with = "members::integer")]
    pub year: i64,
    /// Recipients; at least one.
    #[serde(deserialize_with = "members::objects")]
    pub lines: Vec<SubsidyLine>,
}

/// One recipient of a subsidy list.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(expecting = "a JSON object")]
pub struct SubsidyLine {
    /// Person entitled.
    #[serde(deserialize_with = "members::id")]
    pub recipient_id: Text,
    /// Amount.
    pub amount: Money,
    /// Account credited.
    #[serde(deserialize_with = "members::text")]
    pub account_no: Text,
    /// Area the claim is based on, mu.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claimed_area_mu: Option<Decimal>,
}

impl_members!(SubsidyLine {
    recipient_id,
    amount,
    account_no,
    claimed_area_mu
});

impl_members!(SubsidyDisbursed {
    subsidy_id,
    subsidy_type,
    year,
    lines
});

impl Validate for SubsidyDisbursed {
    fn validate(&self, _context: &ValidationContext) -> Checked {
        require_elements(&self.lines, "lines")
    }
}

/// `compensation.assessed`: compensation for one household on one parcel in a policy-handling
/// scheme (政策处理: seedlings, graves).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(expecting = "a JSON object")]
pub struct CompensationAssessed {
    /// Record id.
    #[serde(deserialize_with = "members::id")]
    pub assessment_id: Text,
    /// Policy-handling scheme (land acquisition case).
    #[serde(deserialize_with = "members::id")]
    pub scheme_id: Text,
    /// Parcel assessed.
    #[serde(deserialize_with = "members::id")]
    pub parcel_id: Text,
    /// Household compensated.
    #[serde(deserialize_with = "members::id")]
    pub household_id: Text,
    /// Person entitled to the compensation.
    #[serde(deserialize_with = "members::id")]
    pub recipient_id: Text,
    /// Person who collects the money.
    #[serde(deserialize_with = "members::id")]
    pub payee_id: Text,
    /// Area assessed, mu.
    pub area_mu: Decimal,
    /// Seedlings / trees counted, ≥ 0.
    #[serde(deserialize_with = "members::non_negative_integer")]
    pub seedling_count: i64,
    /// Standard planting density of the species, per mu. Required when `seedling_count` > 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seedling_norm_per_mu: Option<Decimal>,
    /// Graves counted, ≥ 0.
    #[serde(deserialize_with = "members::non_negative_integer")]
    pub grave_count: i64,
    /// Compensation assessed.
    pub amount: Money,
    /// Township department staff present at the count (may be empty).
    #[serde(deserialize_with = "members::ids")]
    pub dept_staff_ids: Vec<Text>,
}

impl_members!(CompensationAssessed {
    assessment_id,
    scheme_id,
    parcel_id,
    household_id,
    recipient_id,
    payee_id,
    area_mu,
    seedling_count,
    seedling_norm_per_mu,
    grave_count,
    amount,
    dept_staff_ids,
});

impl Validate for CompensationAssessed {
    fn validate(&self, _context: &ValidationContext) -> Checked {
        if self.seedling_count > 0 {
            require(
                &self.seedling_norm_per_mu,
                "seedling_norm_per_mu",
                "seedling_count > 0",
            )?;
        }
        Ok(())
    }
}

/// `distribution.disbursed`: a payout list of an income distribution (收益分配).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(expecting = "a JSON object")]
pub struct DistributionDisbursed {
    /// Record id (the list).
    #[serde(deserialize_with = "members::id")]
    pub disbursement_id: Text,
    /// Distribution it belongs to.
    #[serde(deserialize_with = "members::id")]
    pub distribution_id: Text,
    /// Income year distributed.
    #[serde(deserialize_with = "members::integer")]
    pub year: i64,
    /// Resolution that approved the distribution.
    #[serde(
        default,
        deserialize_with = "members::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub resolution_id: Option<Text>,
    /// Distributable income of the distribution.
    pub distributable_income: Money,
    /// Recipients; at least one.
    #[serde(deserialize_with = "members::objects")]
    pub lines: Vec<DistributionLine>,
}

/// One member paid in a distribution list.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(expecting = "a JSON object")]
pub struct DistributionLine {
    /// Member paid.
    #[serde(deserialize_with = "members::id")]
    pub recipient_id: Text,
    /// Amount.
    pub amount: Money,
}

impl_members!(DistributionLine {
    recipient_id,
    amount
});

impl_members!(DistributionDisbursed {
    disbursement_id,
    distribution_id,
    year,
    resolution_id,
    distributable_income,
    lines
});

impl Validate for DistributionDisbursed {
    fn validate(&self, _context: &ValidationContext) -> Checked {
        require_elements(&self.lines, "lines")
    }
}
