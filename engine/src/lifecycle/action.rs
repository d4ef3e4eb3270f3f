//! What an officer does to an alert.

use serde::{Deserialize, Serialize};

/// How a disposed alert ended (catalog.yaml routing.dispositions).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Disposition {
    /// 确认违规: the facts are confirmed as a violation.
    ConfirmedViolation,
    /// 已整改: an irregularity was corrected.
    Rectified,
    /// 误报: the warning was wrong.
    FalsePositive,
}

impl Disposition {
    pub fn as_str(self) -> &'static str {
        match self {
            Disposition::ConfirmedViolation => "confirmed_violation",
            Disposition::Rectified => "rectified",
            Disposition::FalsePositive => "false_positive",
        }
    }

    pub fn parse(text: &str) -> Option<Disposition> {
        [
            Disposition::ConfirmedViolation,
            Disposition::Rectified,
            Disposition::FalsePositive,
        ]
        .into_iter()
        .find(|d| d.as_str() == text)
    }
}

/// One officer action on one alert.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Action {
    /// red → yellow, by the holder or a higher level.
    Acknowledge,
    /// red or yellow → green, by the holder or a higher level; the note says what was found.
    Dispose {
        disposition: Disposition,
        note: String,
    },
    /// A remark on the record; changes nothing else. Anyone who sees the alert may comment.
    Comment { note: String },
    /// Hands an open alert to a department of its township; commissions only.
    Reassign { dept: String, note: Option<String> },
    /// green → yellow with a reason; commissions only. The alert stays with its holder, loses
    /// its disposition and gets a fresh close window of its kind from the reopening.
    Reopen { reason: String },
}

impl Action {
    pub fn name(&self) -> &'static str {
        match self {
            Action::Acknowledge => "acknowledge",
            Action::Dispose { .. } => "dispose",
            Action::Comment { .. } => "comment",
            Action::Reassign { .. } => "reassign",
            Action::Reopen { .. } => "reopen",
        }
    }
}
