//! A seal application (approval.submitted of kind seal) with its review, the uses of the seal
//! (`seal.used`), and the seal alerts they imply: SEA-01..SEA-04 per use, SEA-05 per application.

use chrono::{NaiveDateTime, TimeDelta};

use crate::generate::approvals::{Review, Step, Submission};
use crate::generate::context::Ctx;
use crate::generate::json::JsonObject;
use crate::generate::threshold::Threshold;
use crate::generate::time::{at, plus_days};
use crate::generate::village::VillageState;

/// SEA-05 max_pending.
pub const MAX_PENDING: TimeDelta = TimeDelta::hours(48);

/// The approval a seal application references, as it stands.
#[derive(Debug, Clone)]
pub struct Referenced {
    pub kind: &'static str,
    pub approved_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone)]
pub struct Application {
    /// Kind seal, with its seal terms.
    pub submission: Submission,
    pub submitted_at: NaiveDateTime,
    pub review: Review,
    pub reference: Option<Referenced>,
}

/// One use of a seal.
#[derive(Debug, Clone)]
pub struct Use {
    pub seal_use_id: String,
    /// As written: `None` leaves the member out; `Some("")` writes an empty string.
    pub approval_id: Option<String>,
    pub seal_id: String,
    pub stamp_count: u32,
    pub doc_hash: String,
    pub blank_pages: u32,
    pub at: NaiveDateTime,
}

/// What the approval a use names is, in the village.
#[derive(Debug, Clone, Copy)]
pub enum Named<'a> {
    /// No approval named, or one the village does not have.
    Nothing,
    /// An approval of another kind.
    OtherKind,
    Application(&'a Application),
}

/// A review with one step by `actor` two minutes before its decision at `decided_at`.
pub fn one_step_review(actor: &str, decision: &'static str, decided_at: NaiveDateTime) -> Review {
    Review {
        steps: vec![Step {
            role: "leader",
            actor: actor.to_string(),
            action: if decision == "approved" {
                "approved"
            } else {
                "rejected"
            },
            at: decided_at - TimeDelta::minutes(2),
        }],
        decision: Some((decision, decided_at)),
    }
}

/// The kind of approval a matter type needs referenced (SEA-04), if any.
fn linked_kind(matter_type: &str) -> Option<&'static str> {
    match matter_type {
        "labor" => Some("labor"),
        "construction_contract" => Some("project"),
        "building" => Some("homestead"),
        _ => None,
    }
}

/// The seal alerts a use implies, given the stamps already made under the same application.
pub fn implied_by_use(u: &Use, named: Named, stamped_before: u32) -> Vec<(Threshold, String)> {
    let mut found = Vec::new();
    let own = || u.seal_use_id.clone();
    let approved = |a: &Application| a.review.approved_at().is_some_and(|t| t <= u.at);
    match named {
        Named::Application(a) if approved(a) => {}
        _ => found.push((Threshold::StampedWithoutApproval, own())),
    }
    let mut mismatch = u.blank_pages > 0;
    if let Named::Application(a) = named {
        let terms = a.submission.seal.as_ref().expect("seal terms");
        if stamped_before + u.stamp_count > terms.seal_count {
            found.push((
                Threshold::StampCountExceeded,
                a.submission.approval_id.clone(),
            ));
        }
        mismatch |= !u.doc_hash.eq_ignore_ascii_case(&terms.doc_hash) || u.seal_id != terms.seal_id;
        if let Some(expected) = linked_kind(terms.matter_type) {
            let linked = a
                .reference
                .as_ref()
                .is_some_and(|r| r.kind == expected && r.approved_at.is_some_and(|t| t <= u.at));
            if !linked {
                found.push((Threshold::MatterNotLinked, a.submission.approval_id.clone()));
            }
        }
    }
    if mismatch {
        found.push((Threshold::DocumentMismatch, own()));
    }
    found
}

/// Files an application and its review; records SEA-05 when it is still undecided once event
/// time passes its deadline (the deadline must fall before the end of the period to fire).
/// Returns whether SEA-05 was newly recorded.
pub fn file(ctx: &mut Ctx, v: &VillageState, app: &Application) -> bool {
    let place = v.place();
    app.submission.schedule(ctx, place, app.submitted_at);
    app.review.schedule(ctx, place, &app.submission.approval_id);
    let deadline = app.submitted_at + MAX_PENDING;
    let end_of_input = at(plus_days(ctx.last_day, 1), 0, 0, 0);
    let decided_in_time = app.review.decided_at().is_some_and(|t| t <= deadline);
    !decided_in_time
        && deadline < end_of_input
        && ctx.expect_alert(
            Threshold::SealApplicationOverdue,
            &[&v.id, &app.submission.approval_id],
        )
}

/// Writes the uses of one application (or of none) in time order; records what they imply.
/// Returns the implied alerts.
pub fn stamp(
    ctx: &mut Ctx,
    v: &VillageState,
    uses: &[Use],
    named: Named,
) -> Vec<(Threshold, String)> {
    let mut implied = Vec::new();
    let mut stamped = 0;
    for u in uses {
        let mut o = JsonObject::new();
        o.string("seal_use_id", &u.seal_use_id)
            .string("seal_id", &u.seal_id);
        if let Some(approval_id) = &u.approval_id {
            o.string("approval_id", approval_id);
        }
        o.integer("stamp_count", i64::from(u.stamp_count))
            .string("doc_hash", &u.doc_hash)
            .integer("blank_pages", i64::from(u.blank_pages));
        ctx.events
            .schedule("seal.used", v.place(), u.at, o.finish());
        for (threshold, key) in implied_by_use(u, named, stamped) {
            ctx.expect_alert(threshold, &[&v.id, &key]);
            implied.push((threshold, key));
        }
        stamped += u.stamp_count;
    }
    implied
}
