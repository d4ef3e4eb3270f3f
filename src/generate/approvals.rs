//! Approval workflows: `approval.submitted`, its acted steps and `approval.completed`.

use chrono::{NaiveDateTime, Timelike};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::context::Ctx;
use super::json::{Fen, JsonObject};
use super::time::{at, plus_days, plus_minutes, plus_seconds};
use super::writer::Place;

/// Project members of a project approval.
#[derive(Debug, Clone)]
pub struct ProjectTerms {
    /// Latitude and longitude in millionths of a degree.
    pub location: (i64, i64),
    pub tender_method: &'static str,
    pub via_trading_centre: bool,
}

/// Seal members of a seal application.
#[derive(Debug, Clone)]
pub struct SealTerms {
    pub seal_id: String,
    pub seal_count: u32,
    /// SHA-256 of the approved document, lower-case hex.
    pub doc_hash: String,
    pub matter_type: &'static str,
    pub ref_approval_id: Option<String>,
}

/// The members of an `approval.submitted`.
#[derive(Debug, Clone)]
pub struct Submission {
    pub approval_id: String,
    pub kind: &'static str,
    pub subject_id: String,
    pub title: String,
    pub applicant_id: String,
    pub amount: Option<Fen>,
    pub counterparty_id: Option<String>,
    pub project_id: Option<String>,
    pub project: Option<ProjectTerms>,
    pub seal: Option<SealTerms>,
}

impl Submission {
    pub fn payload(&self) -> String {
        let mut o = JsonObject::new();
        o.string("approval_id", &self.approval_id)
            .string("kind", self.kind)
            .string("subject_id", &self.subject_id)
            .string("title", &self.title)
            .string("applicant_id", &self.applicant_id);
        if let Some(amount) = self.amount {
            o.money("amount", amount);
        }
        if let Some(counterparty) = &self.counterparty_id {
            o.string("counterparty_id", counterparty);
        }
        if let Some(project_id) = &self.project_id {
            o.string("project_id", project_id);
        }
        if let Some(p) = &self.project {
            let location = format!(
                r#"{{"lat":{},"lon":{}}}"#,
                super::json::decimal_text(p.location.0, 6),
                super::json::decimal_text(p.location.1, 6)
            );
            o.raw("location", &location)
                .string("tender_method", p.tender_method)
                .boolean("via_trading_centre", p.via_trading_centre);
        }
        if let Some(seal) = &self.seal {
            o.string("seal_id", &seal.seal_id)
                .integer("seal_count", i64::from(seal.seal_count))
                .string("doc_hash", &seal.doc_hash)
                .string("matter_type", seal.matter_type);
            if let Some(reference) = &seal.ref_approval_id {
                o.string("ref_approval_id", reference);
            }
        }
        o.finish()
    }

    pub fn schedule(&self, ctx: &mut Ctx, place: Place, when: NaiveDateTime) {
        ctx.events
            .schedule("approval.submitted", place, when, self.payload());
    }
}

/// `t` plus `minutes`, moved to 08:30 or later when it would fall in the night.
pub fn office_time_after(rng: &mut ChaCha8Rng, t: NaiveDateTime, minutes: i64) -> NaiveDateTime {
    let next = plus_seconds(plus_minutes(t, minutes), rng.gen_range(0..60));
    if next.hour() < 8 {
        plus_seconds(at(next.date(), 8, 30, 0), rng.gen_range(0..3600))
    } else if next.date() != t.date() || next.hour() >= 20 {
        plus_seconds(at(plus_days(t.date(), 1), 8, 30, 0), rng.gen_range(0..5400))
    } else {
        next
    }
}

/// One acted step of a review.
#[derive(Debug, Clone)]
pub struct Step {
    pub role: &'static str,
    pub actor: String,
    pub action: &'static str,
    pub at: NaiveDateTime,
}

/// The steps and final decision of an approval, drafted before they are scheduled so that planted
/// cases can alter them.
#[derive(Debug, Clone)]
pub struct Review {
    pub steps: Vec<Step>,
    /// Final decision and its instant; `None` while the approval stays open.
    pub decision: Option<(&'static str, NaiveDateTime)>,
}

impl Review {
    /// Acted steps `chain` (role, actor) after `submitted_at`, each 15 minutes to 2 hours after
    /// the previous one in office hours, and an approving decision by the last actor soon after.
    pub fn draft(
        rng: &mut ChaCha8Rng,
        submitted_at: NaiveDateTime,
        chain: &[(&'static str, &str)],
    ) -> Self {
        let mut t = submitted_at;
        let mut steps = Vec::with_capacity(chain.len());
        for (role, actor) in chain {
            let minutes = rng.gen_range(15..=120);
            t = office_time_after(rng, t, minutes);
            steps.push(Step {
                role,
                actor: actor.to_string(),
                action: "approved",
                at: t,
            });
        }
        let completed = plus_seconds(t, rng.gen_range(30..=600));
        Self {
            steps,
            decision: Some(("approved", completed)),
        }
    }

    /// The instant of the final decision, if any.
    pub fn decided_at(&self) -> Option<NaiveDateTime> {
        self.decision.map(|(_, at)| at)
    }

    /// The instant the approval was finally approved, if it was.
    pub fn approved_at(&self) -> Option<NaiveDateTime> {
        self.decision
            .filter(|(decision, _)| *decision == "approved")
            .map(|(_, at)| at)
    }

    /// Schedules the steps and the final decision (made by the last actor).
    pub fn schedule(&self, ctx: &mut Ctx, place: Place, approval_id: &str) {
        for (n, step) in self.steps.iter().enumerate() {
            let mut o = JsonObject::new();
            o.string("approval_id", approval_id)
                .integer("step_no", n as i64 + 1)
                .string("role", step.role)
                .string("action", step.action)
                .string("actor_id", &step.actor)
                .string(
                    "comment",
                    match step.action {
                        "approved" => "同意",
                        "returned" => "退回补充材料",
                        _ => "不同意",
                    },
                );
            ctx.events
                .schedule("approval.step", place, step.at, o.finish());
        }
        if let Some((decision, at)) = self.decision {
            let mut o = JsonObject::new();
            o.string("approval_id", approval_id)
                .string("decision", decision);
            if let Some(step) = self.steps.last() {
                o.string("final_approver_id", &step.actor);
            }
            ctx.events
                .schedule("approval.completed", place, at, o.finish());
        }
    }
}

/// Schedules the acted steps `chain` (role, actor) after `submitted_at` and an approving
/// `approval.completed` by the last actor; returns the completion instant.
pub fn schedule_review(
    ctx: &mut Ctx,
    rng: &mut ChaCha8Rng,
    place: Place,
    approval_id: &str,
    submitted_at: NaiveDateTime,
    chain: &[(&'static str, &str)],
) -> NaiveDateTime {
    let review = Review::draft(rng, submitted_at, chain);
    review.schedule(ctx, place, approval_id);
    review.decided_at().expect("a drafted review is decided")
}
