//! Planted seal cases: each files a seal application (or stamps without one) that differs from
//! an ordinary one in one respect, so that exactly the targeted seal threshold fires (anomalies)
//! or a boundary is met and nothing fires (near misses).

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};
use rand::Rng;

use super::application::{file, one_step_review, stamp, Named, Use, MAX_PENDING};
use super::cases::{SealAnomaly, SealNearMiss};
use super::{document_hash, draft, office_time, ordinary_uses, seal_id, use_of};
use crate::generate::approvals::Review;
use crate::generate::context::Ctx;
use crate::generate::threshold::Threshold;
use crate::generate::time::{at, plus_seconds};
use crate::generate::village::{Matter, VillageState};

/// A labor application submitted from `day` on, approved at least 15 minutes after it was
/// submitted and within the period: one a seal application can be filed and used against
/// before (or exactly when) it is approved.
fn pending_labor_matter(ctx: &Ctx, v: &VillageState, day: NaiveDate) -> Option<Matter> {
    v.matters
        .iter()
        .find(|m| {
            m.kind == "labor"
                && m.submitted_at >= at(day, 0, 0, 0)
                && m.approved_at - m.submitted_at >= TimeDelta::minutes(15)
                && m.approved_at.date() <= ctx.last_day
        })
        .cloned()
}

pub fn anomaly_fits(ctx: &Ctx, v: &VillageState, day: NaiveDate, kind: SealAnomaly) -> bool {
    use SealAnomaly as A;
    let start = at(day, 0, 0, 0);
    match kind {
        A::UsedUnderOtherApproval | A::ReferenceOfWrongKind => v
            .matters
            .iter()
            .any(|m| m.kind == "labor" && m.approved_at < start),
        A::ReferenceNotYetApproved => pending_labor_matter(ctx, v, day).is_some(),
        _ => true,
    }
}

pub fn near_miss_fits(ctx: &Ctx, v: &VillageState, day: NaiveDate, kind: SealNearMiss) -> bool {
    match kind {
        SealNearMiss::ReferenceApprovedAtUse => pending_labor_matter(ctx, v, day).is_some(),
        _ => true,
    }
}

/// Whether `implied` holds `threshold`.
fn holds(implied: &[(Threshold, String)], threshold: Threshold) -> bool {
    implied.iter().any(|(t, _)| *t == threshold)
}

/// Plants a seal anomaly on `day`; true when its target alert was newly implied.
pub fn plant_anomaly(
    ctx: &mut Ctx,
    v: &mut VillageState,
    day: NaiveDate,
    kind: SealAnomaly,
    uses: u32,
) -> bool {
    use SealAnomaly as A;
    let target = kind.target();
    let submitted_at = office_time(v, day);
    let count = v.seal.rng.gen_range(1..=3);
    match kind {
        A::UsedWithoutApplication | A::UsedUnderOtherApproval => {
            let approval_id = match kind {
                A::UsedUnderOtherApproval => {
                    let start = at(day, 0, 0, 0);
                    let labor = v
                        .matters
                        .iter()
                        .rev()
                        .find(|m| m.kind == "labor" && m.approved_at < start)
                        .expect("fits");
                    Some(labor.approval_id.clone())
                }
                _ if !uses.is_multiple_of(2) => Some(String::new()),
                _ => None,
            };
            let named = if approval_id.as_deref().is_some_and(|a| !a.is_empty()) {
                Named::OtherKind
            } else {
                Named::Nothing
            };
            let seal = seal_id(v, 0);
            let rng = &mut v.seal.rng;
            let u = Use {
                seal_use_id: ctx.ids.seal_use(),
                approval_id,
                seal_id: seal,
                stamp_count: rng.gen_range(1..=3),
                doc_hash: document_hash(rng),
                blank_pages: 0,
                at: submitted_at,
            };
            holds(&stamp(ctx, v, &[u], named), target)
        }
        A::UsedBeforeApproval | A::UsedAfterRejection => {
            let mut app = draft(ctx, v, submitted_at, "other", None, count);
            let decided = app
                .review
                .decided_at()
                .expect("drafted reviews are decided");
            let used_at = if kind == A::UsedAfterRejection {
                let last = app.review.steps.last_mut().expect("one step");
                last.action = "rejected";
                app.review.decision = Some(("rejected", decided));
                plus_seconds(decided, v.seal.rng.gen_range(600..=7200))
            } else {
                let gap = (decided - submitted_at).num_seconds();
                decided - TimeDelta::seconds(v.seal.rng.gen_range(60..=(gap - 60).min(2400)))
            };
            file(ctx, v, &app);
            let u = use_of(ctx, &app, count, used_at);
            holds(&stamp(ctx, v, &[u], Named::Application(&app)), target)
        }
        A::StampsBeyondApproval => {
            let app = draft(ctx, v, submitted_at, "other", None, count);
            file(ctx, v, &app);
            let approved = app.review.approved_at().expect("approved");
            let first_at = plus_seconds(approved, v.seal.rng.gen_range(600..=3600));
            let stamped = if uses.is_multiple_of(2) {
                let first = v.seal.rng.gen_range(1..=count);
                let second = count - first + v.seal.rng.gen_range(1..=2);
                let second_at = plus_seconds(first_at, v.seal.rng.gen_range(1800..=7200));
                vec![
                    use_of(ctx, &app, first, first_at),
                    use_of(ctx, &app, second, second_at),
                ]
            } else {
                vec![use_of(ctx, &app, count + 1, first_at)]
            };
            holds(&stamp(ctx, v, &stamped, Named::Application(&app)), target)
        }
        A::BlankPages | A::DocumentChanged | A::OtherSealUsed => {
            let app = draft(ctx, v, submitted_at, "other", None, count);
            file(ctx, v, &app);
            let approved = app.review.approved_at().expect("approved");
            let used_at = plus_seconds(approved, v.seal.rng.gen_range(600..=3600));
            let mut u = use_of(ctx, &app, count, used_at);
            match kind {
                A::BlankPages => u.blank_pages = v.seal.rng.gen_range(1..=3),
                A::DocumentChanged => u.doc_hash = document_hash(&mut v.seal.rng),
                _ => {
                    let other = if u.seal_id == seal_id(v, 0) { 1 } else { 0 };
                    u.seal_id = seal_id(v, other);
                }
            }
            holds(&stamp(ctx, v, &[u], Named::Application(&app)), target)
        }
        A::MatterWithoutReference | A::ReferenceOfWrongKind => {
            let (matter_type, reference) = match kind {
                A::ReferenceOfWrongKind => {
                    let start = at(day, 0, 0, 0);
                    let labor = v
                        .matters
                        .iter()
                        .rev()
                        .find(|m| m.kind == "labor" && m.approved_at < start)
                        .cloned();
                    ("construction_contract", labor)
                }
                _ if !uses.is_multiple_of(2) => ("building", None),
                _ => ("labor", None),
            };
            let app = draft(ctx, v, submitted_at, matter_type, reference.as_ref(), count);
            file(ctx, v, &app);
            let stamped = ordinary_uses(ctx, v, &app);
            holds(&stamp(ctx, v, &stamped, Named::Application(&app)), target)
        }
        A::ReferenceNotYetApproved => {
            let Some(matter) = pending_labor_matter(ctx, v, day) else {
                return false;
            };
            let used_at = matter.approved_at - TimeDelta::minutes(2);
            reference_case(ctx, v, &matter, count, used_at, target)
        }
        A::ApplicationLeftPending => {
            let mut app = draft(ctx, v, submitted_at, "other", None, count);
            if uses.is_multiple_of(2) {
                let leader = v.officials.leader.clone();
                let decided = submitted_at + MAX_PENDING + TimeDelta::seconds(1);
                app.review = one_step_review(&leader, "approved", decided);
                let overdue = file(ctx, v, &app);
                let stamped = ordinary_uses(ctx, v, &app);
                stamp(ctx, v, &stamped, Named::Application(&app));
                overdue
            } else {
                app.review = Review {
                    steps: Vec::new(),
                    decision: None,
                };
                file(ctx, v, &app)
            }
        }
    }
}

/// A labor-document application referencing `matter`, filed a minute after the labor
/// application and approved five minutes later, its seal used at `used_at`.
fn reference_case(
    ctx: &mut Ctx,
    v: &mut VillageState,
    matter: &Matter,
    count: u32,
    used_at: NaiveDateTime,
    target: Threshold,
) -> bool {
    let submitted_at = matter.submitted_at + TimeDelta::minutes(1);
    let mut app = draft(ctx, v, submitted_at, "labor", Some(matter), count);
    let leader = v.officials.leader.clone();
    app.review = one_step_review(&leader, "approved", submitted_at + TimeDelta::minutes(5));
    file(ctx, v, &app);
    let u = use_of(ctx, &app, count, used_at);
    holds(&stamp(ctx, v, &[u], Named::Application(&app)), target)
}

/// Plants a seal near miss on `day`; true when it implies no alert.
pub fn plant_near_miss(
    ctx: &mut Ctx,
    v: &mut VillageState,
    day: NaiveDate,
    kind: SealNearMiss,
) -> bool {
    use SealNearMiss as N;
    let submitted_at = office_time(v, day);
    match kind {
        N::UsedAtApprovalInstant | N::HashInCapitals => {
            let count = v.seal.rng.gen_range(1..=3);
            let app = draft(ctx, v, submitted_at, "other", None, count);
            let approved = app.review.approved_at().expect("approved");
            let overdue = file(ctx, v, &app);
            let mut u = if kind == N::UsedAtApprovalInstant {
                use_of(ctx, &app, count, approved)
            } else {
                let used_at = plus_seconds(approved, v.seal.rng.gen_range(600..=3600));
                use_of(ctx, &app, count, used_at)
            };
            if kind == N::HashInCapitals {
                u.doc_hash = u.doc_hash.to_uppercase();
            }
            !overdue && stamp(ctx, v, &[u], Named::Application(&app)).is_empty()
        }
        N::StampsUpToApproval => {
            let count = v.seal.rng.gen_range(2..=4);
            let app = draft(ctx, v, submitted_at, "other", None, count);
            let overdue = file(ctx, v, &app);
            let approved = app.review.approved_at().expect("approved");
            let first = v.seal.rng.gen_range(1..count);
            let first_at = plus_seconds(approved, v.seal.rng.gen_range(600..=3600));
            let second_at = plus_seconds(first_at, v.seal.rng.gen_range(1800..=7200));
            let stamped = vec![
                use_of(ctx, &app, first, first_at),
                use_of(ctx, &app, count - first, second_at),
            ];
            !overdue && stamp(ctx, v, &stamped, Named::Application(&app)).is_empty()
        }
        N::ReferenceApprovedAtUse => {
            let Some(matter) = pending_labor_matter(ctx, v, day) else {
                return false;
            };
            let count = v.seal.rng.gen_range(1..=3);
            let submitted_at = matter.submitted_at + TimeDelta::minutes(1);
            let mut app = draft(ctx, v, submitted_at, "labor", Some(&matter), count);
            let leader = v.officials.leader.clone();
            app.review = one_step_review(&leader, "approved", submitted_at + TimeDelta::minutes(5));
            let overdue = file(ctx, v, &app);
            let u = use_of(ctx, &app, count, matter.approved_at);
            !overdue && stamp(ctx, v, &[u], Named::Application(&app)).is_empty()
        }
        N::DecidedAtDeadline => {
            let count = v.seal.rng.gen_range(1..=3);
            let mut app = draft(ctx, v, submitted_at, "other", None, count);
            let leader = v.officials.leader.clone();
            app.review = one_step_review(&leader, "approved", submitted_at + MAX_PENDING);
            let overdue = file(ctx, v, &app);
            let stamped = ordinary_uses(ctx, v, &app);
            !overdue && stamp(ctx, v, &stamped, Named::Application(&app)).is_empty()
        }
    }
}
