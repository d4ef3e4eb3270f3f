//! Topic cunwu.approvals (events.md §6.1).

use crate::event::enums::{ApprovalKind, Decision, SealMatter, StepAction, StepRole, TenderMethod};
use crate::event::field::impl_members;
use crate::event::members;
use crate::event::validate::{require, Checked, Validate, ValidationContext};
use crate::values::{Decimal, Money, Text};
use serde::{Deserialize, Serialize};

/// `approval.submitted`: an approval workflow of any kind was submitted.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(expecting = "a JSON object")]
pub struct ApprovalSubmitted {
    /// Workflow id.
    #[serde(deserialize_with = "members::id")]
    pub approval_id: Text,
    /// What is approved.
    pub kind: ApprovalKind,
    /// The object approved (a job, order, project, … id depending on `kind`).
    #[serde(deserialize_with = "members::id")]
    pub subject_id: Text,
    /// Short title.
    #[serde(deserialize_with = "members::text")]
    pub title: Text,
    /// Person who submitted and handles the matter.
    #[serde(deserialize_with = "members::id")]
    pub applicant_id: Text,
    /// Money involved; for a project its approved budget. Required for kind `project`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Money>,
    /// Payee, supplier, contractor, lessee or recipient.
    #[serde(
        default,
        deserialize_with = "members::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub counterparty_id: Option<Text>,
    /// Seal to be used. Required for kind `seal`.
    #[serde(
        default,
        deserialize_with = "members::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub seal_id: Option<Text>,
    /// Number of stamps approved, ≥ 1. Required for kind `seal`.
    #[serde(
        default,
        deserialize_with = "members::opt_positive_integer",
        skip_serializing_if = "Option::is_none"
    )]
    pub seal_count: Option<i64>,
    /// SHA-256 (hex) of the approved document. Required for kind `seal`.
    #[serde(
        default,
        deserialize_with = "members::opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub doc_hash: Option<Text>,
    /// What the stamped document concerns. Required for kind `seal`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matter_type: Option<SealMatter>,
    /// Approval of the underlying matter (kind `seal`).
    #[serde(
        default,
        deserialize_with = "members::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub ref_approval_id: Option<Text>,
    /// Project the labor job belongs to (kind `labor`).
    #[serde(
        default,
        deserialize_with = "members::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub project_id: Option<Text>,
    /// Site of the works. Required for kind `project`.
    #[serde(
        default,
        deserialize_with = "members::opt_object",
        skip_serializing_if = "Option::is_none"
    )]
    pub location: Option<Location>,
    /// Procurement method of the works. Required for kind `project`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tender_method: Option<TenderMethod>,
    /// Tendered through the public resources trading centre. Required for kind `project`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via_trading_centre: Option<bool>,
    /// Applying household. Required for kind `homestead`.
    #[serde(
        default,
        deserialize_with = "members::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub household_id: Option<Text>,
    /// Footprint applied for, m². Required for kind `homestead`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area_m2: Option<Decimal>,
    /// Site parcel (kind `homestead`).
    #[serde(
        default,
        deserialize_with = "members::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub parcel_id: Option<Text>,
}

/// A site in WGS-84 degrees.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(expecting = "a JSON object")]
pub struct Location {
    /// Latitude.
    pub lat: Decimal,
    /// Longitude.
    pub lon: Decimal,
}

impl_members!(Location { lat, lon });

impl_members!(ApprovalSubmitted {
    approval_id,
    kind,
    subject_id,
    title,
    applicant_id,
    amount,
    counterparty_id,
    seal_id,
    seal_count,
    doc_hash,
    matter_type,
    ref_approval_id,
    project_id,
    location,
    tender_method,
    via_trading_centre,
    household_id,
    area_m2,
    parcel_id,
});

impl Validate for ApprovalSubmitted {
    fn validate(&self, _context: &ValidationContext) -> Checked {
        match self.kind {
            ApprovalKind::Project => {
                let condition = "kind is project";
                require(&self.amount, "amount", condition)?;
                require(&self.location, "location", condition)?;
                require(&self.tender_method, "tender_method", condition)?;
                require(&self.via_trading_centre, "via_trading_centre", condition)
            }
            ApprovalKind::Seal => {
                let condition = "kind is seal";
                require(&self.seal_id, "seal_id", condition)?;
                require(&self.seal_count, "seal_count", condition)?;
                require(&self.doc_hash, "doc_hash", condition)?;
                require(&self.matter_type, "matter_type", condition)
            }
            ApprovalKind::Homestead => {
                let condition = "kind is homestead";
                require(&self.household_id, "household_id", condition)?;
                require(&self.area_m2, "area_m2", condition)
            }
            _ => Ok(()),
        }
    }
}

/// `approval.step`: a step of an approval chain was opened (`pending`) or acted on.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(expecting = "a JSON object")]
pub struct ApprovalStep {
    /// Workflow.
    #[serde(deserialize_with = "members::id")]
    pub approval_id: Text,
    /// Position in the chain, ≥ 1.
    #[serde(deserialize_with = "members::positive_integer")]
    pub step_no: i64,
    /// Role that acts at this step.
    pub role: StepRole,
    /// `pending`: the step opened and waits for the role.
    pub action: StepAction,
    /// Person who acted. Required unless `action` is `pending`.
    #[serde(
        default,
        deserialize_with = "members::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub actor_id: Option<Text>,
    /// Remark.
    #[serde(
        default,
        deserialize_with = "members::opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub comment: Option<Text>,
}

impl_members!(ApprovalStep {
    approval_id,
    step_no,
    role,
    action,
    actor_id,
    comment
});

impl Validate for ApprovalStep {
    fn validate(&self, _context: &ValidationContext) -> Checked {
        if self.action == StepAction::Pending {
            Ok(())
        } else {
            require(&self.actor_id, "actor_id", "action is not pending")
        }
    }
}

/// `approval.completed`: final decision of a workflow.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(expecting = "a JSON object")]
pub struct ApprovalCompleted {
    /// Workflow.
    #[serde(deserialize_with = "members::id")]
    pub approval_id: Text,
    /// Final decision.
    pub decision: Decision,
    /// Who decided.
    #[serde(
        default,
        deserialize_with = "members::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub final_approver_id: Option<Text>,
}

impl_members!(ApprovalCompleted {
    approval_id,
    decision,
    final_approver_id
});

impl Validate for ApprovalCompleted {}
