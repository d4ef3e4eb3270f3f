//! Topic cunwu.business (events.md §6.4): seal use, meetings, publication and supervisory checks.

use crate::event::enums::{DisclosureCategory, ItemType, MeetingType, Procedure};
use crate::event::field::impl_members;
use crate::event::members;
use crate::event::validate::{require, require_elements, Checked, Validate, ValidationContext};
use crate::values::{Money, Period, Text};
use serde::{Deserialize, Serialize};

/// `seal.used`: one use of a seal, as reported by the smart seal (`occurred_at` = stamping).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(expecting = "a JSON object")]
pub struct SealUsed {
    /// Record id.
    #[serde(deserialize_with = "members::id")]
    pub seal_use_id: Text,
    /// Seal.
    #[serde(deserialize_with = "members::id")]
    pub seal_id: Text,
    /// Seal application it was used under.
    #[serde(
        default,
        deserialize_with = "members::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub approval_id: Option<Text>,
    /// Stamps made in this use, ≥ 1.
    #[serde(deserialize_with = "members::positive_integer")]
    pub stamp_count: i64,
    /// SHA-256 (hex) of the document stamped.
    #[serde(deserialize_with = "members::text")]
    pub doc_hash: Text,
    /// Pages of the document detected as blank, ≥ 0.
    #[serde(deserialize_with = "members::non_negative_integer")]
    pub blank_pages: i64,
}

impl_members!(SealUsed {
    seal_use_id,
    seal_id,
    approval_id,
    stamp_count,
    doc_hash,
    blank_pages
});

impl Validate for SealUsed {}

/// `meeting.resolved`: a resolution voted by a village meeting (`occurred_at` = the vote).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(expecting = "a JSON object")]
pub struct MeetingResolved {
    /// Record id.
    #[serde(deserialize_with = "members::id")]
    pub resolution_id: Text,
    /// Body that voted.
    pub meeting_type: MeetingType,
    /// `five_step` when it concludes the five-step procedure for a major matter.
    pub procedure: Procedure,
    /// Objects decided on (may be empty).
    #[serde(deserialize_with = "members::ids")]
    pub subject_ids: Vec<Text>,
    /// Carried.
    pub passed: bool,
    /// Members entitled to attend, ≥ 1.
    #[serde(deserialize_with = "members::positive_integer")]
    pub expected_attendees: i64,
    /// Members present, ≥ 0.
    #[serde(deserialize_with = "members::non_negative_integer")]
    pub present_attendees: i64,
    /// Title.
    #[serde(deserialize_with = "members::text")]
    pub title: Text,
}

impl_members!(MeetingResolved {
    resolution_id,
    meeting_type,
    procedure,
    subject_ids,
    passed,
    expected_attendees,
    present_attendees,
    title
});

impl Validate for MeetingResolved {}

/// `disclosure.published`: a publication of village affairs / finances (三务公开).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(expecting = "a JSON object")]
pub struct DisclosurePublished {
    /// Record id.
    #[serde(deserialize_with = "members::id")]
    pub disclosure_id: Text,
    /// Finance, village affairs or party affairs.
    pub category: DisclosureCategory,
    /// Quarter covered; when absent, the quarter of date(`occurred_at`). Required when
    /// `category` is `finance`.
    #[serde(
        default,
        deserialize_with = "members::opt_period",
        skip_serializing_if = "Option::is_none"
    )]
    pub period: Option<Period>,
    /// What was published (may be empty).
    #[serde(deserialize_with = "members::objects")]
    pub items: Vec<DisclosureItem>,
    /// Published income of the period. Required when `category` is `finance`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub income_total: Option<Money>,
    /// Published expenditure of the period. Required when `category` is `finance`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expense_total: Option<Money>,
    /// Supervisory committee member who reviewed it before publication.
    #[serde(
        default,
        deserialize_with = "members::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub reviewed_by: Option<Text>,
}

/// One published item.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(expecting = "a JSON object")]
pub struct DisclosureItem {
    /// Kind of item.
    pub item_type: ItemType,
    /// Object published; absent means "nothing to report this period".
    #[serde(
        default,
        deserialize_with = "members::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub ref_id: Option<Text>,
}

impl_members!(DisclosureItem { item_type, ref_id });

impl_members!(DisclosurePublished {
    disclosure_id,
    category,
    period,
    items,
    income_total,
    expense_total,
    reviewed_by
});

impl Validate for DisclosurePublished {
    fn validate(&self, _context: &ValidationContext) -> Checked {
        if self.category == DisclosureCategory::Finance {
            let condition = "category is finance";
            require(&self.period, "period", condition)?;
            require(&self.income_total, "income_total", condition)?;
            require(&self.expense_total, "expense_total", condition)?;
        }
        Ok(())
    }
}

/// `oversight.checked`: a check record of the village affairs supervisory committee.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(expecting = "a JSON object")]
pub struct OversightChecked {
    /// Record id.
    #[serde(deserialize_with = "members::id")]
    pub check_id: Text,
    /// Quarter checked.
    #[serde(deserialize_with = "members::period")]
    pub period: Period,
    /// Who checked; at least one.
    #[serde(deserialize_with = "members::ids")]
    pub checker_ids: Vec<Text>,
    /// Findings.
    #[serde(
        default,
        deserialize_with = "members::opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub findings: Option<Text>,
}

impl_members!(OversightChecked {
    check_id,
    period,
    checker_ids,
    findings
});

impl Validate for OversightChecked {
    fn validate(&self, _context: &ValidationContext) -> Checked {
        require_elements(&self.checker_ids, "checker_ids")
    }
}
