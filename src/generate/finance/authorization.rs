//! The approval a payment names, as FIN-04 and FIN-05 see it, and the filing of payment
//! approvals (kind payment) with the FIN-05 check of their steps.

use chrono::NaiveDateTime;

use crate::generate::approvals::{Review, Submission};
use crate::generate::context::Ctx;
use crate::generate::threshold::Threshold;
use crate::generate::writer::Place;

#[derive(Debug, Clone)]
pub struct Authorization {
    pub approval_id: String,
    pub kind: &'static str,
    /// The approval is an `approval.submitted` of the paying village.
    pub in_village: bool,
    pub review: Review,
}

impl Authorization {
    /// FIN-04: finally approved at or before `at` (the decision is applied before a payment
    /// at the same instant, because it is written first).
    pub fn approved_by(&self, at: NaiveDateTime) -> bool {
        self.in_village && self.review.approved_at().is_some_and(|t| t <= at)
    }

    pub fn is_payment_approval(&self) -> bool {
        self.in_village && self.kind == "payment"
    }

    /// FIN-05, payment side: `person` approved a step applied by `at`.
    pub fn approved_step_by(&self, person: &str, at: NaiveDateTime) -> bool {
        self.review
            .steps
            .iter()
            .any(|s| s.action == "approved" && s.actor == person && s.at <= at)
    }
}

/// Whether a review of a payment approval has a step approved by its applicant or its
/// counterparty (FIN-05, step side).
pub fn self_approved(submission: &Submission, review: &Review) -> bool {
    submission.kind == "payment"
        && review.steps.iter().any(|s| {
            s.action == "approved"
                && (s.actor == submission.applicant_id
                    || submission.counterparty_id.as_deref() == Some(s.actor.as_str()))
        })
}

/// Schedules an approval and its review; records FIN-05 when the applicant or the counterparty
/// approves a step of a payment approval. Returns what payments under it will see.
pub fn file_approval(
    ctx: &mut Ctx,
    place: Place,
    village_id: &str,
    submission: &Submission,
    submitted_at: NaiveDateTime,
    review: Review,
) -> Authorization {
    submission.schedule(ctx, place, submitted_at);
    review.schedule(ctx, place, &submission.approval_id);
    if self_approved(submission, &review) {
        ctx.expect_alert(
            Threshold::SelfApproval,
            &[village_id, &submission.approval_id],
        );
    }
    Authorization {
        approval_id: submission.approval_id.clone(),
        kind: submission.kind,
        in_village: true,
        review,
    }
}
