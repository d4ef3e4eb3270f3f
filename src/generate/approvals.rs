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

/// The members of an `approval.submitted`.
#[derive(Debug, Clone)]
pub struct Submission {
    pub approval_id: String,
    pub kind: &'static str,
    pub subject_id: String,
    pub title: String,
    pub applicant_id: String,
    pub amount: Option<Fen>,
    pub project_id: Option<String>,
    pub project: Option<ProjectTerms>,
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
    let mut t = submitted_at;
    for (n, (role, actor)) in chain.iter().enumerate() {
        let minutes = rng.gen_range(15..=120);
        t = office_time_after(rng, t, minutes);
        let mut o = JsonObject::new();
        o.string("approval_id", approval_id)
            .integer("step_no", n as i64 + 1)
            .string("role", role)
            .string("action", "approved")
            .string("actor_id", actor)
            .string("comment", "同意");
        ctx.events.schedule("approval.step", place, t, o.finish());
    }
    let completed = plus_seconds(t, rng.gen_range(30..=600));
    let mut o = JsonObject::new();
    o.string("approval_id", approval_id)
        .string("decision", "approved");
    if let Some((_, actor)) = chain.last() {
        o.string("final_approver_id", actor);
    }
    ctx.events
        .schedule("approval.completed", place, completed, o.finish());
    completed
}
