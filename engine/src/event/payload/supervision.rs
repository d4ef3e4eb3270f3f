//! Topic cunwu.supervision (events.md §6.5): citizen reports.

use crate::event::enums::Satisfaction;
use crate::event::field::impl_members;
use crate::event::members;
use crate::event::validate::Validate;
use crate::values::Text;
use serde::{Deserialize, Serialize};

/// `report.filed`: a citizen report filed through the 监督一点通 QR portal.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(expecting = "a JSON object")]
pub struct ReportFiled {
    /// Record id.
    #[serde(deserialize_with = "members::id")]
    pub report_id: Text,
    /// Topic chosen by the reporter.
    #[serde(deserialize_with = "members::text")]
    pub topic: Text,
    /// Object reported about, if known.
    #[serde(
        default,
        deserialize_with = "members::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub subject_ref: Option<Text>,
    /// Earlier report on the same issue.
    #[serde(
        default,
        deserialize_with = "members::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub repeat_of: Option<Text>,
    /// Text of the report.
    #[serde(
        default,
        deserialize_with = "members::opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub summary: Option<Text>,
}

impl_members!(ReportFiled {
    report_id,
    topic,
    subject_ref,
    repeat_of,
    summary
});

impl Validate for ReportFiled {}

/// `report.accepted`: the report was taken up (受理).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(expecting = "a JSON object")]
pub struct ReportAccepted {
    /// Report taken up.
    #[serde(deserialize_with = "members::id")]
    pub report_id: Text,
    /// Who handles it.
    #[serde(deserialize_with = "members::id")]
    pub handler_id: Text,
}

impl_members!(ReportAccepted {
    report_id,
    handler_id
});

impl Validate for ReportAccepted {}

/// `report.closed`: the report was answered, with the reporter's satisfaction.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(expecting = "a JSON object")]
pub struct ReportClosed {
    /// Report answered.
    #[serde(deserialize_with = "members::id")]
    pub report_id: Text,
    /// Reporter's evaluation.
    pub satisfaction: Satisfaction,
    /// Answer given.
    #[serde(
        default,
        deserialize_with = "members::opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub result: Option<Text>,
}

impl_members!(ReportClosed {
    report_id,
    satisfaction,
    result
});

impl Validate for ReportClosed {}
