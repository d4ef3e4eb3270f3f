//! Turning a job plan into events: normal jobs, planted anomalies and near misses, and the helpers
//! the planted cases share.

use chrono::NaiveDate;

use super::anomalies;
use super::cases::Case;
use super::context::Ctx;
use super::crew_job::normal_job;
use super::labor::LaborJob;
use super::near_misses;
use super::plan::JobPlan;
use super::special::SpecialPerson;
use super::village::{Payee, VillageState};

/// Writes the job of `plan`, and its truth entries when it is a planted anomaly.
pub fn materialize(
    ctx: &mut Ctx,
    v: &mut VillageState,
    plan: &JobPlan,
    specials: &[SpecialPerson],
) -> std::io::Result<()> {
    match plan.case {
        Case::Normal => normal_job(ctx, v, plan),
        Case::Anomaly(kind) => {
            if anomalies::plant(ctx, v, plan, specials, kind)? {
                ctx.count_planted(kind.target());
            }
        }
        Case::NearMiss(kind) => {
            if near_misses::plant(ctx, v, plan, specials, kind) {
                ctx.count_near_miss(kind.target());
            }
        }
    }
    Ok(())
}

/// The payee of the `n`-th special person of the plan.
pub fn special_payee(plan: &JobPlan, specials: &[SpecialPerson], n: usize) -> Payee {
    specials[plan.specials[n]].payee().clone()
}

/// Adds `payee` to the crew with a day's attendance on every work day of the plan.
pub fn add_full_time_member(
    job: &mut LaborJob,
    v: &mut VillageState,
    plan: &JobPlan,
    payee: Payee,
) -> usize {
    let member = job.add_member(payee, None);
    let floor = job.submitted_at;
    for &day in &plan.work_days {
        let not_before = (day == floor.date()).then_some(floor);
        job.add_day_shift(v, member, day, not_before);
    }
    member
}

/// Index of the shift of `member` that starts on `day`.
pub fn shift_of(job: &LaborJob, member: usize, day: NaiveDate) -> usize {
    job.shifts
        .iter()
        .position(|s| s.member == member && s.start.date() == day)
        .expect("the member works that day")
}

/// Finalizes and schedules a job that needs no change after finalizing.
pub fn finish(ctx: &mut Ctx, v: &mut VillageState, mut job: LaborJob) -> LaborJob {
    job.finalize(ctx, v);
    job.schedule(ctx, v);
    job
}

/// The claim applied last (greatest filed_at; at equal instants the later one scheduled).
pub fn last_filed_claim(job: &LaborJob) -> usize {
    (0..job.claims.len())
        .max_by_key(|&i| (job.claims[i].filed_at, i))
        .expect("a job has claims")
}
