//! Planted near misses: labor jobs that sit exactly on a boundary of a labor threshold and must
//! raise no alert at all.

use rand::Rng;

use super::anomalies::{half_day_job, night_job};
use super::cases::NearMiss;
use super::context::Ctx;
use super::crew_job::{draft_job, JobOptions, Split};
use super::json::yuan;
use super::labor::PayMethod;
use super::plan::{JobPlan, MAX_SETTLEMENT_DELAY_DAYS};
use super::planting::{add_full_time_member, finish, shift_of, special_payee};
use super::projects::{project_time, ProjectDraft};
use super::special::SpecialPerson;
use super::time::{at, plus_days, plus_seconds};
use super::village::VillageState;

fn one_claim() -> JobOptions {
    JobOptions {
        split: Split::Never,
        ..JobOptions::default()
    }
}

/// Plants `kind`; returns whether the job could be staffed and was written.
pub fn plant(
    ctx: &mut Ctx,
    v: &mut VillageState,
    plan: &JobPlan,
    specials: &[SpecialPerson],
    kind: NearMiss,
) -> bool {
    use NearMiss as N;
    let ws = plan.work_start();
    let we = plan.work_end();
    match kind {
        N::AttendanceStartsAtApplication => {
            let application_at = at(ws, 7, 30, 0);
            let options = JobOptions {
                application_at: Some(application_at),
                ..one_claim()
            };
            let Some(mut job) = draft_job(ctx, v, plan, options) else {
                return false;
            };
            let first = shift_of(&job, 0, ws);
            job.shifts[first].start = application_at;
            finish(ctx, v, job);
        }
        N::ApplicationLateOnFirstDayNoAttendance => {
            let options = JobOptions {
                application_at: Some(at(ws, 23, 30, 0)),
                attendance: false,
                ..one_claim()
            };
            let Some(job) = draft_job(ctx, v, plan, options) else {
                return false;
            };
            finish(ctx, v, job);
        }
        N::ClaimExactlyFourHours => {
            let Some(job) = half_day_job(ctx, v, plan, 4 * 3600) else {
                return false;
            };
            finish(ctx, v, job);
        }
        N::SecondApplicationBeforeClaim => {
            let Some(mut job) = draft_job(ctx, v, plan, one_claim()) else {
                return false;
            };
            let claim_day = job.claims[0].filed_at.date();
            let second_at = plus_seconds(at(claim_day, 9, 0, 0), v.rng.gen_range(0..1800));
            job.second_application_at = Some(second_at);
            job.claims[0].filed_at = plus_seconds(second_at, 2 * 3600 + 30 * 60);
            finish(ctx, v, job);
        }
        N::FormerCadreDayAfterTerm
        | N::IncomingCadreDayBeforeTerm
        | N::OtherVillageCadre
        | N::FormerAndIncomingCadres
        | N::AdmittedOnFirstDay => {
            let Some(mut job) = draft_job(ctx, v, plan, one_claim()) else {
                return false;
            };
            for n in 0..plan.specials.len() {
                let payee = special_payee(plan, specials, n);
                add_full_time_member(&mut job, v, plan, payee);
            }
            finish(ctx, v, job);
        }
        N::CumulativePayEqualsCap => {
            let (rate, split) = if plan.variant == 0 {
                (yuan(260), Split::Always)
            } else {
                (yuan(300), Split::Never)
            };
            let options = JobOptions {
                rate: Some(rate),
                split,
                ..JobOptions::default()
            };
            let Some(mut job) = draft_job(ctx, v, plan, options) else {
                return false;
            };
            add_full_time_member(&mut job, v, plan, special_payee(plan, specials, 0));
            finish(ctx, v, job);
        }
        N::ExactlyTenHours | N::TouchingShiftsTenHours => {
            let Some(mut job) = draft_job(ctx, v, plan, one_claim()) else {
                return false;
            };
            let first = shift_of(&job, 0, ws);
            if kind == N::ExactlyTenHours {
                job.shifts[first].start = at(ws, 7, 0, 0);
                job.shifts[first].end = at(ws, 17, 0, 0);
                job.shifts[first].recorded = at(ws, 17, 8, 0);
            } else {
                let half = job.rate / 2;
                job.shifts.remove(first);
                job.add_shift(v, 0, at(ws, 7, 0, 0), at(ws, 12, 0, 0), half);
                job.add_shift(v, 0, at(ws, 12, 0, 0), at(ws, 17, 0, 0), job.rate - half);
            }
            finish(ctx, v, job);
        }
        N::NightShiftTenHoursClipped => {
            let Some(job) = night_job(ctx, v, plan, (22, 2), (8, 16)) else {
                return false;
            };
            finish(ctx, v, job);
        }
        N::ProjectJustBelowThreshold | N::ProjectAmendedBelowThreshold => {
            let amount = if kind == N::ProjectJustBelowThreshold {
                yuan(100_000) - 1
            } else {
                yuan(150_000)
            };
            let submitted_at = project_time(v, plan.first_day);
            let mut project = ProjectDraft::new(ctx, v, submitted_at, amount);
            if kind == N::ProjectAmendedBelowThreshold {
                // Its first budget reaches the tender threshold: tendered publicly.
                project.tendered_publicly();
                let when = plus_seconds(
                    at(plus_days(plan.first_day, 1), 10, 0, 0),
                    v.rng.gen_range(0..3600),
                );
                project.amendment = Some((when, yuan(95_000)));
            }
            let options = JobOptions {
                project_id: Some(project.project_id.clone()),
                ..one_claim()
            };
            let Some(job) = draft_job(ctx, v, plan, options) else {
                return false;
            };
            project.schedule(ctx, v);
            finish(ctx, v, job);
        }
        N::SecondOwnAccount => {
            let Some(mut job) = draft_job(ctx, v, plan, one_claim()) else {
                return false;
            };
            let worker = special_payee(plan, specials, 0);
            let member = add_full_time_member(&mut job, v, plan, worker.clone());
            job.finalize(ctx, v);
            let line = job.claims[0]
                .lines
                .iter()
                .position(|(m, _)| *m == member)
                .expect("the worker is on the claim");
            job.claims[0].payments[line].method = PayMethod::Bank(worker.accounts[1].clone());
            job.claims[0].payments[line].pinned = true;
            job.schedule(ctx, v);
        }
        N::ClaimExactlyThirtyDays | N::ClaimThirtyDaysLastSecond => {
            let Some(mut job) = draft_job(ctx, v, plan, one_claim()) else {
                return false;
            };
            let day = plus_days(we, MAX_SETTLEMENT_DELAY_DAYS);
            job.claims[0].filed_at = if kind == N::ClaimExactlyThirtyDays {
                plus_seconds(at(day, 10, 0, 0), v.rng.gen_range(0..3600))
            } else {
                at(day, 23, 59, 59)
            };
            finish(ctx, v, job);
        }
    }
    true
}
