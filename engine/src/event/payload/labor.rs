//! Topic cunwu.labor (events.md §6.2).

use crate::event::field::impl_members;
use crate::event::members;
use crate::event::validate::{
    require_elements, require_not_after_occurrence, Checked, Validate, ValidationContext, Violation,
};
use crate::values::{Date, Money, Text, Timestamp};
use serde::{Deserialize, Serialize};

/// `labor.attendance`: one worker's work interval on a labor job.
/// Constraint: `start_at` < `end_at` ≤ `occurred_at`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(expecting = "a JSON object")]
pub struct LaborAttendance {
    /// Record id.
    #[serde(deserialize_with = "members::id")]
    pub attendance_id: Text,
    /// Labor job (the `subject_id` of its labor approval).
    #[serde(deserialize_with = "members::id")]
    pub job_id: Text,
    /// Person who worked.
    #[serde(deserialize_with = "members::id")]
    pub worker_id: Text,
    /// Work started.
    #[serde(deserialize_with = "members::timestamp")]
    pub start_at: Timestamp,
    /// Work ended.
    #[serde(deserialize_with = "members::timestamp")]
    pub end_at: Timestamp,
}

impl_members!(LaborAttendance {
    attendance_id,
    job_id,
    worker_id,
    start_at,
    end_at
});

impl Validate for LaborAttendance {
    fn validate(&self, context: &ValidationContext) -> Checked {
        if self.start_at >= self.end_at {
            return Err(Violation::new(
                "end_at",
                format!("{} is not after start_at {}", self.end_at, self.start_at),
            ));
        }
        if self.end_at > context.occurred_at {
            return Err(Violation::new(
                "end_at",
                format!(
                    "{} is after occurred_at {}",
                    self.end_at, context.occurred_at
                ),
            ));
        }
        Ok(())
    }
}

/// `labor.claim`: labor pay declaration for a job. Constraints: `work_start_date` ≤
/// `work_end_date` ≤ date(`occurred_at`); `total_amount` = sum of `lines[].amount`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(expecting = "a JSON object")]
pub struct LaborClaim {
    /// Record id.
    #[serde(deserialize_with = "members::id")]
    pub claim_id: Text,
    /// Labor job.
    #[serde(deserialize_with = "members::id")]
    pub job_id: Text,
    /// First day of work claimed.
    #[serde(deserialize_with = "members::date")]
    pub work_start_date: Date,
    /// Last day of work claimed.
    #[serde(deserialize_with = "members::date")]
    pub work_end_date: Date,
    /// One line per worker; at least one.
    #[serde(deserialize_with = "members::objects")]
    pub lines: Vec<ClaimLine>,
    /// Sum of the lines.
    pub total_amount: Money,
    /// Dispatch slip (派工单) of the work.
    #[serde(
        default,
        deserialize_with = "members::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub dispatch_slip_id: Option<Text>,
    /// Every worker signed for the pay.
    pub signatures_complete: bool,
}

/// One worker's line of a labor claim.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(expecting = "a JSON object")]
pub struct ClaimLine {
    /// Worker paid.
    #[serde(deserialize_with = "members::id")]
    pub worker_id: Text,
    /// Pay claimed for the worker.
    pub amount: Money,
}

impl_members!(ClaimLine { worker_id, amount });

impl_members!(LaborClaim {
    claim_id,
    job_id,
    work_start_date,
    work_end_date,
    lines,
    total_amount,
    dispatch_slip_id,
    signatures_complete
});

impl Validate for LaborClaim {
    fn validate(&self, context: &ValidationContext) -> Checked {
        require_elements(&self.lines, "lines")?;
        if self.work_end_date < self.work_start_date {
            return Err(Violation::new(
                "work_end_date",
                format!(
                    "{} is before work_start_date {}",
                    self.work_end_date, self.work_start_date
                ),
            ));
        }
        require_not_after_occurrence(self.work_end_date, "work_end_date", context)?;
        let sum = self
            .lines
            .iter()
            .try_fold(Money::ZERO, |sum, line| sum.checked_add(line.amount));
        match sum {
            Some(sum) if sum == self.total_amount => Ok(()),
            Some(sum) => Err(Violation::new(
                "total_amount",
                format!(
                    "{} is not the sum of lines[].amount ({sum})",
                    self.total_amount
                ),
            )),
            None => Err(Violation::new(
                "total_amount",
                "the sum of lines[].amount is out of range",
            )),
        }
    }
}
