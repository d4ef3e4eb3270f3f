//! Planted anomalies: each one is a labor job (sometimes with a project, or two jobs) built so
//! that the catalog's labor conditions raise exactly the alerts recorded as truth here.

use rand::Rng;

use super::cases::Anomaly;
use super::context::Ctx;
use super::crew_job::{draft_job, JobOptions, Split};
use super::json::{yuan, Fen};
use super::labor::{LaborJob, PayMethod, Slip};
use super::names;
use super::plan::JobPlan;
use super::planting::{add_full_time_member, finish, last_filed_claim, shift_of, special_payee};
use super::projects::{project_time, ProjectDraft};
use super::special::SpecialPerson;
use super::threshold::Threshold as T;
use super::time::{at, date_text, plus_days, plus_seconds};
use super::village::VillageState;

/// One claim, attendance for the crew.
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
    kind: Anomaly,
) -> std::io::Result<bool> {
    use Anomaly as A;
    let village = v.id.clone();
    let ws = plan.work_start();
    let we = plan.work_end();
    match kind {
        A::WorkBeforeApplication | A::ApplicationOneSecondLate => {
            let application_at = match (kind, plan.variant) {
                (A::ApplicationOneSecondLate, _) => at(ws, 7, 30, 1),
                (_, 0) => plus_seconds(at(ws, 14, 0, 0), v.rng.gen_range(0..1800)),
                _ => plus_seconds(at(plan.app_day, 9, 0, 0), v.rng.gen_range(0..3600)),
            };
            let options = JobOptions {
                application_at: Some(application_at),
                after_application: kind == A::ApplicationOneSecondLate,
                ..one_claim()
            };
            let Some(mut job) = draft_job(ctx, v, plan, options) else {
                return Ok(false);
            };
            if kind == A::ApplicationOneSecondLate {
                let first = shift_of(&job, 0, ws);
                job.shifts[first].start = at(ws, 7, 30, 0);
            }
            let job = finish(ctx, v, job);
            ctx.expect_alert(T::WorkBeforeApplication, &[&village, &job.job_id]);
        }
        A::ApplicationAfterMidnightNoAttendance => {
            let options = JobOptions {
                application_at: Some(at(plan.app_day, 0, 30, 0)),
                attendance: false,
                ..one_claim()
            };
            let Some(job) = draft_job(ctx, v, plan, options) else {
                return Ok(false);
            };
            let job = finish(ctx, v, job);
            ctx.expect_alert(T::WorkBeforeApplication, &[&village, &job.job_id]);
        }
        A::ClaimUnderFourHours => {
            let Some(job) = half_day_job(ctx, v, plan, 3 * 3600 + 59 * 60) else {
                return Ok(false);
            };
            let job = finish(ctx, v, job);
            ctx.expect_alert(T::PayDeclaredTooSoon, &[&village, &job.claims[0].claim_id]);
        }
        A::ClaimWithoutAttendance => {
            let application_at = plus_seconds(at(ws, 9, 0, 0), v.rng.gen_range(0..3600));
            let options = JobOptions {
                application_at: Some(application_at),
                attendance: false,
                ..one_claim()
            };
            let Some(mut job) = draft_job(ctx, v, plan, options) else {
                return Ok(false);
            };
            job.claims[0].filed_at = plus_seconds(application_at, v.rng.gen_range(3600..=3 * 3600));
            let job = finish(ctx, v, job);
            ctx.expect_alert(T::PayDeclaredTooSoon, &[&village, &job.claims[0].claim_id]);
        }
        A::ApplicationAmendedBeforeClaim => {
            let Some(mut job) = draft_job(ctx, v, plan, one_claim()) else {
                return Ok(false);
            };
            let claim_day = job.claims[0].filed_at.date();
            let amended_at = plus_seconds(at(claim_day, 9, 0, 0), v.rng.gen_range(0..1800));
            job.amended_at = Some(amended_at);
            job.claims[0].filed_at = plus_seconds(amended_at, 2 * 3600 + 30 * 60);
            let job = finish(ctx, v, job);
            ctx.expect_alert(T::WorkBeforeApplication, &[&village, &job.job_id]);
            ctx.expect_alert(T::PayDeclaredTooSoon, &[&village, &job.claims[0].claim_id]);
        }
        A::ServingCadreOnCrew | A::CadreTermEndsOnFirstDay | A::CadreTermStartsOnLastDay => {
            let cadre = if kind == A::ServingCadreOnCrew {
                let serving = v.cadres_serving(ws, we);
                let Some(&c) = serving.first() else {
                    return Ok(false);
                };
                v.cadres[c].payee.clone()
            } else {
                special_payee(plan, specials, 0)
            };
            let options = JobOptions {
                crew: (1, 3),
                ..one_claim()
            };
            let Some(mut job) = draft_job(ctx, v, plan, options) else {
                return Ok(false);
            };
            let member = job.add_member(cadre.clone(), None);
            let pay = job.rate * plan.work_days.len() as Fen;
            job.claims[0].extra_lines.push((member, pay));
            let job = finish(ctx, v, job);
            let claim = &job.claims[0].claim_id;
            ctx.expect_alert(T::CadrePaid, &[&village, claim, &cadre.person_id]);
            ctx.expect_alert(T::WorkerNotInPool, &[&village, claim, &cadre.person_id]);
        }
        A::CadresClaimTogether => {
            let serving = v.cadres_serving(ws, we);
            if serving.len() < 2 {
                return Ok(false);
            }
            let count = v.rng.gen_range(2..=serving.len().min(7));
            let options = JobOptions {
                crew: (0, 2),
                ..one_claim()
            };
            let Some(mut job) = draft_job(ctx, v, plan, options) else {
                return Ok(false);
            };
            let mut cadres = Vec::new();
            for &c in &serving[..count] {
                let payee = v.cadres[c].payee.clone();
                let member = job.add_member(payee.clone(), None);
                let claimed = yuan(v.rng.gen_range(21..=30) * 10);
                job.claims[0].extra_lines.push((member, claimed));
                cadres.push(payee.person_id);
            }
            let job = finish(ctx, v, job);
            let claim = &job.claims[0].claim_id;
            ctx.expect_alert(T::CollectiveCadreClaim, &[&village, &job.job_id]);
            for cadre in &cadres {
                ctx.expect_alert(T::CadrePaid, &[&village, claim, cadre]);
                ctx.expect_alert(T::WorkerNotInPool, &[&village, claim, cadre]);
            }
        }
        A::CadresAcrossTwoClaims => {
            let serving = v.cadres_serving(ws, we);
            if serving.len() < 2 {
                return Ok(false);
            }
            let options = JobOptions {
                crew: (1, 3),
                split: Split::Always,
                ..JobOptions::default()
            };
            let Some(mut job) = draft_job(ctx, v, plan, options) else {
                return Ok(false);
            };
            let mut paid = Vec::new();
            for (claim, &c) in serving[..2].iter().enumerate() {
                let payee = v.cadres[c].payee.clone();
                let member = job.add_member(payee.clone(), None);
                let (from, to) = (job.claims[claim].work_start, job.claims[claim].work_end);
                let days = plan
                    .work_days
                    .iter()
                    .filter(|d| (from..=to).contains(d))
                    .count();
                let pay = job.rate * days as Fen;
                job.claims[claim].extra_lines.push((member, pay));
                paid.push((claim, payee.person_id));
            }
            let job = finish(ctx, v, job);
            ctx.expect_alert(T::CollectiveCadreClaim, &[&village, &job.job_id]);
            for (claim, cadre) in &paid {
                let claim = &job.claims[*claim].claim_id;
                ctx.expect_alert(T::CadrePaid, &[&village, claim, cadre]);
                ctx.expect_alert(T::WorkerNotInPool, &[&village, claim, cadre]);
            }
        }
        A::WorkerNotInPool | A::WorkerInOtherVillagePool | A::WorkerAdmittedAfterStart => {
            let worker = special_payee(plan, specials, 0);
            let Some(mut job) = draft_job(ctx, v, plan, one_claim()) else {
                return Ok(false);
            };
            add_full_time_member(&mut job, v, plan, worker.clone());
            let job = finish(ctx, v, job);
            let claim = &job.claims[0].claim_id;
            ctx.expect_alert(T::WorkerNotInPool, &[&village, claim, &worker.person_id]);
        }
        A::WorkerOverCapSingleClaim | A::WorkerOverCapAcrossClaims => {
            let worker = special_payee(plan, specials, 0);
            let (rate, split) = match (kind, plan.variant) {
                (A::WorkerOverCapAcrossClaims, _) => (yuan(260), Split::Always),
                (_, 0) => (yuan(300), Split::Never),
                _ => (yuan(240), Split::Never),
            };
            let options = JobOptions {
                rate: Some(rate),
                split,
                ..JobOptions::default()
            };
            let Some(mut job) = draft_job(ctx, v, plan, options) else {
                return Ok(false);
            };
            add_full_time_member(&mut job, v, plan, worker.clone());
            let job = finish(ctx, v, job);
            let claim = &job.claims[last_filed_claim(&job)].claim_id;
            ctx.expect_alert(T::WorkerNotInPool, &[&village, claim, &worker.person_id]);
        }
        A::OverlapAcrossTwoJobs => {
            let Some(worker) = overlapping_jobs(ctx, v, plan) else {
                return Ok(false);
            };
            ctx.expect_alert(T::OverlappingWork, &[&village, &worker, &date_text(ws)]);
        }
        A::DuplicateAttendance | A::OverTenHours => {
            let Some(mut job) = draft_job(ctx, v, plan, one_claim()) else {
                return Ok(false);
            };
            let first = shift_of(&job, 0, ws);
            if kind == A::DuplicateAttendance {
                let mut copy = job.shifts[first].clone();
                copy.recorded = plus_seconds(copy.recorded, 180);
                job.shifts.push(copy);
            } else {
                job.shifts[first].start = at(ws, 7, 0, 0);
                job.shifts[first].end = at(ws, 17, 0, 1);
                job.shifts[first].recorded = at(ws, 17, 12, 0);
            }
            let job = finish(ctx, v, job);
            let worker = job.worker_id(0).to_string();
            ctx.expect_alert(T::OverlappingWork, &[&village, &worker, &date_text(ws)]);
        }
        A::NightShiftThenDayShift => {
            let Some(job) = night_job(ctx, v, plan, (20, 4), (7, 16)) else {
                return Ok(false);
            };
            let job = finish(ctx, v, job);
            let worker = job.worker_id(0).to_string();
            ctx.expect_alert(T::OverlappingWork, &[&village, &worker, &date_text(we)]);
        }
        A::ProjectAtBidThreshold
        | A::ProjectSubmittedAfterLabor
        | A::ProjectAmendedAboveThreshold => {
            let (amount, day) = match (kind, plan.variant) {
                (A::ProjectAmendedAboveThreshold, _) => (yuan(96_000), plan.first_day),
                (A::ProjectSubmittedAfterLabor, _) => (
                    yuan(v.rng.gen_range(1_000..=3_000) * 100),
                    plus_days(plan.app_day, 1),
                ),
                (_, 0) => (yuan(100_000), plan.first_day),
                _ => (yuan(v.rng.gen_range(1_001..=3_000) * 100), plan.first_day),
            };
            let submitted_at = project_time(v, day);
            // Tendered through the trading centre as its budget requires: what is irregular is
            // the labor job inside it.
            let mut project = ProjectDraft::new(ctx, v, submitted_at, amount);
            project.tendered_publicly();
            if kind == A::ProjectAmendedAboveThreshold {
                let when = plus_seconds(
                    at(plus_days(plan.app_day, 1), 10, 0, 0),
                    v.rng.gen_range(0..3600),
                );
                project.amendment = Some((when, yuan(128_000)));
            }
            let options = JobOptions {
                project_id: Some(project.project_id.clone()),
                ..one_claim()
            };
            let Some(job) = draft_job(ctx, v, plan, options) else {
                return Ok(false);
            };
            project.schedule(ctx, v);
            let job = finish(ctx, v, job);
            ctx.expect_alert(T::TenderSizeProjectAsLabor, &[&village, &job.job_id]);
        }
        A::CashPayment | A::ForeignAccount | A::PayeeNotOnClaim | A::UnregisteredPayee => {
            let Some(mut job) = draft_job(ctx, v, plan, one_claim()) else {
                return Ok(false);
            };
            job.finalize(ctx, v);
            let payment = &mut job.claims[0].payments[0];
            payment.pinned = true;
            match kind {
                A::CashPayment => payment.method = PayMethod::Cash,
                A::ForeignAccount => {
                    let relative = special_payee(plan, specials, 0);
                    payment.method = PayMethod::Bank(relative.accounts[0].clone());
                }
                A::PayeeNotOnClaim => {
                    let relative = special_payee(plan, specials, 0);
                    payment.payee_id = relative.person_id.clone();
                    payment.method = PayMethod::Bank(relative.accounts[0].clone());
                }
                _ => {
                    payment.payee_id = ctx.ids.person();
                    payment.method = PayMethod::Bank(ctx.ids.bank_account(&mut v.rng));
                }
            }
            let payment_id = payment.payment_id.clone();
            job.schedule(ctx, v);
            ctx.expect_alert(T::PayChannel, &[&village, &payment_id]);
        }
        A::ClaimFiledLate
        | A::ClaimLateByLocalDate
        | A::DispatchSlipMissing
        | A::SignaturesIncomplete => {
            let Some(mut job) = draft_job(ctx, v, plan, one_claim()) else {
                return Ok(false);
            };
            let claim = &mut job.claims[0];
            let late_day = plus_days(we, super::plan::MAX_SETTLEMENT_DELAY_DAYS + 1);
            match kind {
                A::ClaimFiledLate => {
                    claim.filed_at = plus_seconds(at(late_day, 10, 0, 0), v.rng.gen_range(0..3600));
                }
                A::ClaimLateByLocalDate => claim.filed_at = at(late_day, 0, 30, 0),
                A::DispatchSlipMissing => {
                    claim.slip =
                        [Slip::Omitted, Slip::Null, Slip::Empty][plan.variant as usize % 3];
                }
                _ => claim.signatures_complete = false,
            }
            let job = finish(ctx, v, job);
            ctx.expect_alert(
                T::LateOrIncompleteSettlement,
                &[&village, &job.claims[0].claim_id],
            );
        }
    }
    Ok(true)
}

/// A single-day job of half-day shifts (07:05-10:50) applied for at 07:00:00, with its claim
/// filed `gap_seconds` after the application.
pub fn half_day_job(
    ctx: &mut Ctx,
    v: &mut VillageState,
    plan: &JobPlan,
    gap_seconds: i64,
) -> Option<LaborJob> {
    let ws = plan.work_start();
    let application_at = at(ws, 7, 0, 0);
    let options = JobOptions {
        crew: (2, 4),
        application_at: Some(application_at),
        attendance: false,
        ..one_claim()
    };
    let mut job = draft_job(ctx, v, plan, options)?;
    job.claims[0].extra_lines.clear();
    let pay = job.rate / 2;
    for member in 0..job.crew.len() {
        let offset = member as i64 * 37;
        let start = plus_seconds(at(ws, 7, 5, 0), offset);
        let end = plus_seconds(at(ws, 10, 50, 0), -offset);
        job.add_shift(v, member, start, end, pay);
    }
    job.claims[0].filed_at = plus_seconds(application_at, gap_seconds);
    Some(job)
}

/// A night shift from `night.0` o'clock on the first work day to `night.1` o'clock the next
/// day for every crew member, and for the first member a day shift from `day.0` to `day.1`
/// o'clock on that next day.
pub fn night_job(
    ctx: &mut Ctx,
    v: &mut VillageState,
    plan: &JobPlan,
    night: (u32, u32),
    day: (u32, u32),
) -> Option<LaborJob> {
    let (first, second) = (plan.work_days[0], plan.work_days[1]);
    let options = JobOptions {
        crew: (1, 2),
        attendance: false,
        title: Some(names::night_labor_title(&mut v.rng)),
        ..one_claim()
    };
    let mut job = draft_job(ctx, v, plan, options)?;
    job.claims[0].extra_lines.clear();
    let rate = job.rate;
    for member in 0..job.crew.len() {
        job.add_shift(
            v,
            member,
            at(first, night.0, 0, 0),
            at(second, night.1, 0, 0),
            rate,
        );
    }
    job.add_shift(v, 0, at(second, day.0, 0, 0), at(second, day.1, 0, 0), rate);
    Some(job)
}

/// Two jobs on the same day sharing one worker whose attendances overlap (07:30-12:00 and
/// 11:00-16:00); returns that worker's id.
fn overlapping_jobs(ctx: &mut Ctx, v: &mut VillageState, plan: &JobPlan) -> Option<String> {
    let ws = plan.work_start();
    let shared = *v.book_workers(1, ws, ws, yuan(600)).first()?;
    let payee = v.workers[shared].payee.clone();
    let options = JobOptions {
        crew: (1, 3),
        ..one_claim()
    };
    let mut morning = draft_job(ctx, v, plan, options.clone())?;
    let mut afternoon = draft_job(ctx, v, plan, options)?;
    let half = morning.rate / 2;
    let m = morning.add_member(payee.clone(), Some(shared));
    let start = plus_seconds(at(ws, 7, 30, 0), v.rng.gen_range(0..600));
    morning.add_shift(v, m, start, at(ws, 12, 0, 0), half);
    let half = afternoon.rate / 2;
    let a = afternoon.add_member(payee.clone(), Some(shared));
    let start = plus_seconds(at(ws, 11, 0, 0), v.rng.gen_range(0..600));
    afternoon.add_shift(v, a, start, at(ws, 16, 0, 0), half);
    finish(ctx, v, morning);
    finish(ctx, v, afternoon);
    Some(payee.person_id)
}
