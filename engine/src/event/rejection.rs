//! Why an input record was refused (events.md §8).

use std::fmt;

/// The rejection reasons of events.md §8.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RejectReason {
    /// Not UTF-8, not JSON, or not a JSON object.
    InvalidJson,
    /// An envelope member is missing, has the wrong type or value, or uses `*` where not allowed.
    InvalidEnvelope,
    /// `type` is not one of the 35 types.
    UnknownType,
    /// A payload member is missing or wrong, or a constraint of §6 fails.
    InvalidPayload,
    /// A money member has more than 2 fraction digits, an exponent, or is out of range.
    InvalidMoney,
}

impl RejectReason {
    /// Every reason, in the order of events.md §8.
    pub const ALL: [RejectReason; 5] = [
        RejectReason::InvalidJson,
        RejectReason::InvalidEnvelope,
        RejectReason::UnknownType,
        RejectReason::InvalidPayload,
        RejectReason::InvalidMoney,
    ];

    /// The reason as written in the dead-letter output, e.g. `invalid_payload`.
    pub fn as_str(self) -> &'static str {
        match self {
            RejectReason::InvalidJson => "invalid_json",
            RejectReason::InvalidEnvelope => "invalid_envelope",
            RejectReason::UnknownType => "unknown_type",
            RejectReason::InvalidPayload => "invalid_payload",
            RejectReason::InvalidMoney => "invalid_money",
        }
    }
}

impl fmt::Display for RejectReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A refused record: the reason, what was wrong and where, and the envelope `event_id` and
/// `type` when they could be read as strings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejection {
    /// Which rule of §8 the record broke.
    pub reason: RejectReason,
    /// The member path and the problem, e.g. `payload.lines[2].amount: missing member`.
    pub detail: String,
    /// The envelope `event_id`, when it is a JSON string (even an invalid id).
    pub event_id: Option<String>,
    /// The envelope `type`, when it is a JSON string (even an unknown type).
    pub event_type: Option<String>,
}

impl Rejection {
    /// A rejection without envelope context.
    pub fn new(reason: RejectReason, detail: impl Into<String>) -> Rejection {
        Rejection {
            reason,
            detail: detail.into(),
            event_id: None,
            event_type: None,
        }
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.reason, self.detail)
    }
}

impl std::error::Error for Rejection {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_reason_and_detail() {
        let rejection = Rejection::new(
            RejectReason::InvalidPayload,
            "payload.lines[2].amount: missing member",
        );
        assert_eq!(
            rejection.to_string(),
            "invalid_payload: payload.lines[2].amount: missing member"
        );
        let names: Vec<&str> = RejectReason::ALL.iter().map(|r| r.as_str()).collect();
        assert_eq!(
            names,
            [
                "invalid_json",
                "invalid_envelope",
                "unknown_type",
                "invalid_payload",
                "invalid_money"
            ]
        );
    }
}
