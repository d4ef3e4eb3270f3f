//! The ordinary meeting of the decision desk and the planted DEC-01..DEC-05 cases and near
//! misses, each altering one thing of an ordinary meeting or of an ordinary small project. Their
//! alerts reach the truth through the decision ledger, which sees everything written.

use chrono::{NaiveDate, NaiveDateTime};
use rand::Rng;

use super::cases::{DecisionAnomaly, DecisionNearMiss};
use super::publish::{ordinary_publication_time, publish_affairs};
use super::rules::{publication_deadline, quorum_of, MAJOR_AMOUNT, QUORUM_TYPES};
use crate::generate::approvals::{Review, Step};
use crate::generate::context::Ctx;
use crate::generate::json::{yuan, Fen};
use crate::generate::meetings::{convene, hold, Resolution};
use crate::generate::projects::{project_time, ProjectDraft};
use crate::generate::time::{at, plus_days, plus_seconds};
use crate::generate::village::VillageState;

/// Days a planted case needs after its day: the review of a project, or a publication deadline
/// passed.
const PROJECT_DAYS: i64 = 3;
const DEADLINE_DAYS: i64 = 6;

const MEETING_TITLES: [&str; 8] = [
    "关于开展人居环境整治的决议",
    "关于调整村民小组长人选的决议",
    "关于村规民约修订的决议",
    "关于推选村务监督委员会补选人选的决议",
    "关于年度工作计划的决议",
    "关于发展新党员的决议",
    "关于村集体经济发展思路的决议",
    "关于防汛防台工作安排的决议",
];
const ORDINARY_TYPES: [&str; 5] = [
    "party_members",
    "villager_reps",
    "members_reps",
    "party_branch",
    "joint_committees",
];

pub fn anomaly_fits(ctx: &Ctx, v: &VillageState, day: NaiveDate, kind: DecisionAnomaly) -> bool {
    use DecisionAnomaly as A;
    match kind {
        A::ResolutionPublishedLate => plus_days(day, DEADLINE_DAYS) <= ctx.last_day,
        A::RatifiedAfterSigning => v.decision.contract(|c| c.signed_on < day).is_some(),
        A::BelowQuorum => true,
        A::MajorProjectWithoutResolution | A::SupervisionMissing => {
            plus_days(day, PROJECT_DAYS) <= ctx.last_day
        }
    }
}

pub fn near_miss_fits(ctx: &Ctx, v: &VillageState, day: NaiveDate, kind: DecisionNearMiss) -> bool {
    use DecisionNearMiss as N;
    match kind {
        N::PublishedAtDeadline => plus_days(day, DEADLINE_DAYS) <= ctx.last_day,
        N::ResolvedOnSigningDay => v.decision.contract(|c| c.signed_on == day).is_some(),
        N::ExactlyTwoThirds | N::BranchMeetingHalfPresent => true,
        N::JustBelowMajor | N::ResolutionAtApprovalInstant | N::SupervisionAtApprovalInstant => {
            plus_days(day, PROJECT_DAYS) <= ctx.last_day
        }
    }
}

/// A meeting in the afternoon of `day`.
fn meeting_time(v: &mut VillageState, day: NaiveDate) -> NaiveDateTime {
    plus_seconds(at(day, 14, 0, 0), v.decision.rng.gen_range(0..3 * 3600))
}

/// A meeting of `meeting_type` on no particular object, by the ordinary procedure, passed with a
/// quorum.
fn standing_meeting(ctx: &mut Ctx, v: &mut VillageState, meeting_type: &'static str) -> Resolution {
    let rng = &mut v.decision.rng;
    let expected = match meeting_type {
        "party_branch" | "joint_committees" => rng.gen_range(5..=11),
        _ => rng.gen_range(25..=80),
    };
    Resolution {
        resolution_id: ctx.ids.resolution(),
        meeting_type,
        procedure: "ordinary",
        subject_ids: Vec::new(),
        passed: true,
        expected_attendees: expected,
        present_attendees: rng.gen_range(quorum_of(expected)..=expected),
        title: MEETING_TITLES[rng.gen_range(0..MEETING_TITLES.len())].to_string(),
    }
}

/// An ordinary meeting: any body, a quorum, published in time.
pub fn ordinary(ctx: &mut Ctx, v: &mut VillageState, day: NaiveDate) {
    let meeting_type = ORDINARY_TYPES[v.decision.rng.gen_range(0..ORDINARY_TYPES.len())];
    let r = standing_meeting(ctx, v, meeting_type);
    let when = meeting_time(v, day);
    hold(ctx, v, &r, when);
}

/// A small project drafted on `day` with the budget `amount` (drawn from the village's main
/// stream, as the ordinary small projects are).
fn small_project(ctx: &mut Ctx, v: &mut VillageState, day: NaiveDate, amount: Fen) -> ProjectDraft {
    let submitted_at = project_time(v, day);
    ProjectDraft::new(ctx, v, submitted_at, amount)
}

/// A five-step resolution of the representatives on `subject`.
fn five_step(ctx: &mut Ctx, v: &mut VillageState, subject: &str, title: String) -> Resolution {
    Resolution::of_representatives(
        &mut ctx.ids,
        &mut v.decision.rng,
        vec![subject.to_string()],
        title,
        true,
    )
}

/// A budget between the major amount and the small-project ceiling.
fn major_budget(v: &mut VillageState) -> Fen {
    yuan(v.decision.rng.gen_range(500..=980) * 100)
}

pub fn plant_anomaly(
    ctx: &mut Ctx,
    v: &mut VillageState,
    day: NaiveDate,
    kind: DecisionAnomaly,
    uses: u32,
) -> bool {
    use DecisionAnomaly as A;
    match kind {
        A::MajorProjectWithoutResolution => {
            let amount = if uses.is_multiple_of(4) {
                MAJOR_AMOUNT
            } else {
                major_budget(v)
            };
            {
                let mut project = small_project(ctx, v, day, amount);
                project.five_step = false;
                let title = format!("关于实施{}的决议", project.submission.title);
                let voted_at = plus_seconds(at(day, 8, 0, 0), v.decision.rng.gen_range(0..3600));
                match uses % 4 {
                    1 => {
                        let mut r = five_step(ctx, v, &project.project_id, title.clone());
                        r.passed = false;
                        convene(ctx, v, &r, voted_at);
                    }
                    2 => {
                        let mut r = five_step(ctx, v, &project.project_id, title.clone());
                        r.procedure = "ordinary";
                        hold(ctx, v, &r, voted_at);
                    }
                    _ => {}
                }
                let approved_at = project.schedule(ctx, v);
                if uses % 4 == 3 {
                    let r = five_step(ctx, v, &project.project_id, title);
                    hold(ctx, v, &r, plus_seconds(approved_at, 1));
                }
            }
            true
        }
        A::BelowQuorum => {
            let meeting_type = QUORUM_TYPES[v.decision.rng.gen_range(0..QUORUM_TYPES.len())];
            let mut r = standing_meeting(ctx, v, meeting_type);
            let short = quorum_of(r.expected_attendees);
            r.present_attendees = if uses.is_multiple_of(2) {
                short - 1
            } else {
                v.decision.rng.gen_range(r.expected_attendees / 3..short)
            };
            let when = meeting_time(v, day);
            hold(ctx, v, &r, when);
            true
        }
        A::RatifiedAfterSigning => {
            let Some(c) = v.decision.contract(|c| c.signed_on < day).cloned() else {
                return false;
            };
            let r = five_step(
                ctx,
                v,
                &c.contract_id,
                format!("关于追认合同{}的决议", c.contract_id),
            );
            let when = meeting_time(v, day).max(plus_seconds(c.recorded_at, 60));
            if when.date() != day {
                return false;
            }
            hold(ctx, v, &r, when);
            true
        }
        A::ResolutionPublishedLate => {
            let r = standing_meeting(ctx, v, "villager_reps");
            let voted_at = meeting_time(v, day);
            convene(ctx, v, &r, voted_at);
            let reviewer = v.officials.supervisor.clone();
            match uses % 3 {
                0 => {
                    let late = plus_seconds(publication_deadline(voted_at), 1);
                    publish_affairs(
                        ctx,
                        v,
                        late,
                        &[("resolution", Some(&r.resolution_id))],
                        Some(&reviewer),
                    );
                }
                1 => {}
                _ => {
                    let when = ordinary_publication_time(ctx, &mut v.decision.rng, voted_at);
                    publish_affairs(
                        ctx,
                        v,
                        when,
                        &[("other", Some(&r.resolution_id))],
                        Some(&reviewer),
                    );
                }
            }
            true
        }
        A::SupervisionMissing => {
            let amount = yuan(v.decision.rng.gen_range(300..=490) * 100);
            {
                let project = small_project(ctx, v, day, amount);
                let mut review = project.draft_review(v);
                let supervision = supervision_step(&review);
                if uses.is_multiple_of(2) {
                    review.steps.remove(supervision);
                } else {
                    review.steps[supervision].action = "returned";
                }
                project.schedule_reviewed(ctx, v, &review);
            }
            true
        }
    }
}

pub fn plant_near_miss(
    ctx: &mut Ctx,
    v: &mut VillageState,
    day: NaiveDate,
    kind: DecisionNearMiss,
    _uses: u32,
) -> bool {
    use DecisionNearMiss as N;
    match kind {
        N::JustBelowMajor => {
            {
                let mut project = small_project(ctx, v, day, MAJOR_AMOUNT - 1);
                project.five_step = false;
                project.schedule(ctx, v);
            }
            true
        }
        N::ResolutionAtApprovalInstant => {
            let amount = major_budget(v);
            {
                let mut project = small_project(ctx, v, day, amount);
                project.five_step = false;
                let review = project.draft_review(v);
                let approved_at = review.approved_at().expect("approved");
                let title = format!("关于实施{}的决议", project.submission.title);
                let r = five_step(ctx, v, &project.project_id, title);
                hold(ctx, v, &r, approved_at);
                project.schedule_reviewed(ctx, v, &review);
            }
            true
        }
        N::ExactlyTwoThirds => {
            let meeting_type = QUORUM_TYPES[v.decision.rng.gen_range(0..QUORUM_TYPES.len())];
            let mut r = standing_meeting(ctx, v, meeting_type);
            r.expected_attendees = 3 * v.decision.rng.gen_range(9..=25);
            r.present_attendees = r.expected_attendees * 2 / 3;
            let when = meeting_time(v, day);
            hold(ctx, v, &r, when);
            true
        }
        N::BranchMeetingHalfPresent => {
            let mut r = standing_meeting(ctx, v, "party_branch");
            r.present_attendees = r.expected_attendees / 2;
            let when = meeting_time(v, day);
            hold(ctx, v, &r, when);
            true
        }
        N::ResolvedOnSigningDay => {
            let Some(c) = v.decision.contract(|c| c.signed_on == day).cloned() else {
                return false;
            };
            let r = five_step(
                ctx,
                v,
                &c.contract_id,
                format!("关于签订合同{}的决议", c.contract_id),
            );
            let when = meeting_time(v, day);
            hold(ctx, v, &r, when);
            true
        }
        N::PublishedAtDeadline => {
            let r = standing_meeting(ctx, v, "villager_reps");
            let voted_at = meeting_time(v, day);
            convene(ctx, v, &r, voted_at);
            let reviewer = v.officials.supervisor.clone();
            publish_affairs(
                ctx,
                v,
                publication_deadline(voted_at),
                &[("resolution", Some(&r.resolution_id))],
                Some(&reviewer),
            );
            true
        }
        N::SupervisionAtApprovalInstant => {
            let amount = yuan(v.decision.rng.gen_range(300..=490) * 100);
            {
                let project = small_project(ctx, v, day, amount);
                let mut review = project.draft_review(v);
                let supervision = supervision_step(&review);
                let step: Step = review.steps.remove(supervision);
                let approved_at = review.approved_at().expect("approved");
                review.steps.push(Step {
                    at: approved_at,
                    ..step
                });
                project.schedule_reviewed(ctx, v, &review);
            }
            true
        }
    }
}

/// Position of the supervisory committee's step in a drafted review.
fn supervision_step(review: &Review) -> usize {
    review
        .steps
        .iter()
        .position(|s| s.role == "supervision")
        .expect("an ordinary review has a supervision step")
}
