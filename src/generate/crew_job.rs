//! Drafting an ordinary labor job from its plan: a crew booked from the pool, a day's attendance
//! per worker and work day, and one claim (sometimes two) filed after the work.

use chrono::NaiveDateTime;
use rand::Rng;

use super::context::Ctx;
use super::json::{yuan, Fen};
use super::labor::{default_application_time, default_filing, LaborJob, DAY_RATES};
use super::names;
use super::plan::JobPlan;
use super::village::VillageState;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Split {
    /// One claim.
    Never,
    /// Sometimes two claims when the job has at least three work days.
    Sometimes,
    /// Two claims: the first half of the work days and the rest.
    Always,
}

#[derive(Debug, Clone)]
pub struct JobOptions {
    /// Pool workers wanted (at least, at most); the job is not drafted without the minimum.
    pub crew: (usize, usize),
    pub rate: Option<Fen>,
    pub application_at: Option<NaiveDateTime>,
    /// Attendance records for the crew; without them the claim lines are days x rate.
    pub attendance: bool,
    /// Work on the application day starts after the application.
    pub after_application: bool,
    pub split: Split,
    pub title: Option<String>,
    pub project_id: Option<String>,
}

impl Default for JobOptions {
    fn default() -> Self {
        Self {
            crew: (2, 5),
            rate: None,
            application_at: None,
            attendance: true,
            after_application: true,
            split: Split::Sometimes,
            title: None,
            project_id: None,
        }
    }
}

/// Drafts the job of `plan`; `None` when the pool has no free worker for it.
pub fn draft_job(
    ctx: &mut Ctx,
    v: &mut VillageState,
    plan: &JobPlan,
    options: JobOptions,
) -> Option<LaborJob> {
    let ws = plan.work_start();
    let we = plan.work_end();
    let days = plan.work_days.len();
    let rate = options
        .rate
        .unwrap_or_else(|| yuan(DAY_RATES[v.rng.gen_range(0..DAY_RATES.len())]));
    let want = v.rng.gen_range(options.crew.0..=options.crew.1);
    let booked = if want > 0 {
        v.book_workers(want, ws, we, rate * days as Fen * 2)
    } else {
        Vec::new()
    };
    if booked.len() < options.crew.0.min(1) {
        return None;
    }
    let application_at = options
        .application_at
        .unwrap_or_else(|| default_application_time(v, plan.app_day, ws));
    let title = options
        .title
        .unwrap_or_else(|| names::labor_title(&mut v.rng));
    let mut job = LaborJob::new(ctx, v, title, application_at, rate, options.project_id);
    for &w in &booked {
        let payee = v.workers[w].payee.clone();
        job.add_member(payee, Some(w));
    }

    if options.attendance {
        for member in 0..job.crew.len() {
            let anchor = if member == 0 {
                0
            } else {
                v.rng.gen_range(0..days)
            };
            for (i, &day) in plan.work_days.iter().enumerate() {
                if i == anchor || v.rng.gen_bool(0.9) {
                    let floor = (options.after_application && day == application_at.date())
                        .then_some(application_at);
                    job.add_day_shift(v, member, day, floor);
                }
            }
        }
    }

    let split = match options.split {
        Split::Never => false,
        Split::Sometimes => days >= 3 && v.rng.gen_bool(0.12),
        Split::Always => days >= 2,
    };
    let ranges = if split {
        let k = days / 2;
        vec![
            (plan.work_days[0], plan.work_days[k - 1]),
            (plan.work_days[k], we),
        ]
    } else {
        vec![(ws, we)]
    };
    for (start, end) in ranges {
        let filed_at = default_filing(ctx, v, end);
        let claim = job.add_claim(ctx, start, end, filed_at);
        if !options.attendance {
            let covered = plan
                .work_days
                .iter()
                .filter(|d| (start..=end).contains(d))
                .count() as Fen;
            for member in 0..job.crew.len() {
                job.claims[claim].extra_lines.push((member, covered * rate));
            }
        }
    }
    Some(job)
}

/// A normal job: drafted, sometimes inside one of the village's small projects, finalized and
/// scheduled.
pub fn normal_job(ctx: &mut Ctx, v: &mut VillageState, plan: &JobPlan) {
    let project_id = if v.rng.gen_bool(0.25) {
        let open: Vec<&String> = v
            .projects
            .iter()
            .filter(|(_, day)| *day < plan.app_day)
            .map(|(id, _)| id)
            .collect();
        let recent = &open[open.len().saturating_sub(3)..];
        (!recent.is_empty()).then(|| recent[v.rng.gen_range(0..recent.len())].clone())
    } else {
        None
    };
    let options = JobOptions {
        project_id,
        ..JobOptions::default()
    };
    if let Some(mut job) = draft_job(ctx, v, plan, options) {
        job.finalize(ctx, v);
        job.schedule(ctx, v);
    }
}
