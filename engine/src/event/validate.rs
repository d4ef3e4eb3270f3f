//! Conditional requirements and constraints of events.md §6 that a payload's shape alone does
//! not express, checked after the payload was read.

use crate::values::timestamp::NANOS_PER_SECOND;
use crate::values::{Date, Money, Timestamp};

/// What a payload check needs from the envelope and the options.
pub(crate) struct ValidationContext {
    pub occurred_at: Timestamp,
    pub local_offset_seconds: i32,
}

impl ValidationContext {
    /// date(`occurred_at`) in the local zone (§7.5).
    pub fn occurred_on(&self) -> Date {
        // Shift first with saturation so that no offset can overflow the instant.
        let shifted = self
            .occurred_at
            .plus_nanos(i64::from(self.local_offset_seconds).saturating_mul(NANOS_PER_SECOND));
        Date(shifted.local_date(0))
    }
}

/// A failed requirement: the member path relative to the payload, and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Violation {
    pub path: String,
    pub message: String,
}

impl Violation {
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Violation {
        Violation {
            path: path.into(),
            message: message.into(),
        }
    }
}

/// The result of a payload check.
pub(crate) type Checked = Result<(), Violation>;

/// A payload read from JSON that can check the requirements its shape does not express.
pub(crate) trait Validate {
    /// Checks conditional members and constraints; payloads without any accept everything.
    fn validate(&self, _context: &ValidationContext) -> Checked {
        Ok(())
    }
}

/// Requires a conditional member, e.g. `amount` when `kind` is `project`.
pub(crate) fn require<T>(value: &Option<T>, member: &str, condition: &str) -> Checked {
    match value {
        Some(_) => Ok(()),
        None => Err(Violation::new(
            member,
            format!("missing member (required when {condition})"),
        )),
    }
}

/// Requires at least one element in an array member.
pub(crate) fn require_elements<T>(values: &[T], member: &str) -> Checked {
    if values.is_empty() {
        Err(Violation::new(member, "must have at least one element"))
    } else {
        Ok(())
    }
}

/// Requires a money amount above zero.
pub(crate) fn require_positive_money(amount: Money, member: &str) -> Checked {
    if amount.fen() > 0 {
        Ok(())
    } else {
        Err(Violation::new(member, "must be greater than 0"))
    }
}

/// Requires `date` on or before date(`occurred_at`).
pub(crate) fn require_not_after_occurrence(
    date: Date,
    member: &str,
    context: &ValidationContext,
) -> Checked {
    let occurred_on = context.occurred_on();
    if date <= occurred_on {
        Ok(())
    } else {
        Err(Violation::new(
            member,
            format!("{date} is after the local date of occurred_at ({occurred_on})"),
        ))
    }
}

/// Requires the members of a record that is not being deleted (registry "unless deleted").
pub(crate) fn require_unless_deleted<T>(
    deleted: Option<bool>,
    value: &Option<T>,
    member: &str,
) -> Checked {
    if deleted == Some(true) {
        Ok(())
    } else {
        require(value, member, "the record is not deleted")
    }
}
