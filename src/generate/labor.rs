//! A labor job (劳务用工) as it flows through the platform: the labor application and its review,
//! attendance records, pay declarations (labor.claim), the payment approval of each claim and one
//! bank payment per claim line. A job is drafted first, so that planted cases can alter it, then
//! finalized (lines, totals, payments) and scheduled.

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use rand::Rng;

use super::approvals::{office_time_after, schedule_review, Review, Submission};
use super::context::Ctx;
use super::finance::{file_approval, Payment, Timing};
use super::json::{array, yuan, Fen, JsonObject};
use super::time::{at, date_text, plus_days, plus_seconds, timestamp};
use super::village::{Matter, Payee, VillageState};
use super::writer::Place;

#[derive(Debug, Clone)]
pub struct CrewMember {
    pub payee: Payee,
    /// Index into the village's pool workers, for bookings and annual earnings.
    pub pool_worker: Option<usize>,
}

/// One attendance record.
#[derive(Debug, Clone)]
pub struct Shift {
    pub member: usize,
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    pub recorded: NaiveDateTime,
    /// Pay earned by the shift, counted on the claim whose dates cover date(start).
    pub pay: Fen,
}

/// How the claim carries its dispatch slip (派工单).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slip {
    Present,
    Omitted,
    Null,
    Empty,
}

pub use super::finance::PayMethod;

#[derive(Debug, Clone)]
pub struct PaymentDraft {
    pub payment_id: String,
    pub payee_id: String,
    pub method: PayMethod,
    pub amount: Fen,
    /// Paid at its planned instant even if it repeats an earlier payment (a planted case's
    /// payment); otherwise it may move to a later working day or stay unpaid in the period.
    pub pinned: bool,
}

#[derive(Debug, Clone)]
pub struct ClaimDraft {
    pub claim_id: String,
    pub work_start: NaiveDate,
    pub work_end: NaiveDate,
    pub filed_at: NaiveDateTime,
    pub slip: Slip,
    pub signatures_complete: bool,
    /// Lines not backed by attendance: (member, amount).
    pub extra_lines: Vec<(usize, Fen)>,
    /// Filled by [`LaborJob::finalize`]: (member, amount).
    pub lines: Vec<(usize, Fen)>,
    /// Filled by [`LaborJob::finalize`]: one bank payment per line.
    pub payments: Vec<PaymentDraft>,
}

impl ClaimDraft {
    pub fn total(&self) -> Fen {
        self.lines.iter().map(|(_, fen)| fen).sum()
    }
}

#[derive(Debug, Clone)]
pub struct LaborJob {
    pub village: usize,
    pub job_id: String,
    pub application: Submission,
    pub submitted_at: NaiveDateTime,
    /// A corrected version of the application (same approval_id) at this instant.
    pub amended_at: Option<NaiveDateTime>,
    /// A further application (own approval_id) for the same job at this instant.
    pub second_application_at: Option<NaiveDateTime>,
    pub rate: Fen,
    pub crew: Vec<CrewMember>,
    pub shifts: Vec<Shift>,
    pub claims: Vec<ClaimDraft>,
}

/// Day rates of casual labor, yuan.
pub const DAY_RATES: [i64; 10] = [150, 160, 180, 200, 220, 240, 250, 260, 280, 300];

/// The filing instant of a claim for work ending `work_end`: 1-5 working days later, office
/// hours, and early enough for the payment to follow within the period.
pub fn default_filing(ctx: &Ctx, v: &mut VillageState, work_end: NaiveDate) -> NaiveDateTime {
    let delay = v.rng.gen_range(1..=5);
    let latest = plus_days(ctx.last_day, -4);
    let day = ctx.calendar.working_days_after(work_end, delay).min(latest);
    plus_seconds(at(day, 9, 0, 0), v.rng.gen_range(0..8 * 3600))
}

impl LaborJob {
    pub fn new(
        ctx: &mut Ctx,
        v: &mut VillageState,
        title: String,
        submitted_at: NaiveDateTime,
        rate: Fen,
        project_id: Option<String>,
    ) -> Self {
        let job_id = ctx.ids.job(submitted_at.year());
        let application = Submission {
            approval_id: ctx.ids.approval(),
            kind: "labor",
            subject_id: job_id.clone(),
            title,
            applicant_id: v.applicant(),
            amount: None,
            project_id,
            project: None,
            counterparty_id: None,
            seal: None,
        };
        Self {
            village: v.index,
            job_id,
            application,
            submitted_at,
            amended_at: None,
            second_application_at: None,
            rate,
            crew: Vec::new(),
            shifts: Vec::new(),
            claims: Vec::new(),
        }
    }

    pub fn add_member(&mut self, payee: Payee, pool_worker: Option<usize>) -> usize {
        self.crew.push(CrewMember { payee, pool_worker });
        self.crew.len() - 1
    }

    /// Records an attendance captured a few minutes after `end`.
    pub fn add_shift(
        &mut self,
        v: &mut VillageState,
        member: usize,
        start: NaiveDateTime,
        end: NaiveDateTime,
        pay: Fen,
    ) {
        assert!(start < end);
        let recorded = plus_seconds(end, v.rng.gen_range(60..=1800));
        self.shifts.push(Shift {
            member,
            start,
            end,
            recorded,
            pay,
        });
    }

    /// A day's work: starting 07:00-08:30 (and after `not_before`), 7h30m to 9h long.
    pub fn add_day_shift(
        &mut self,
        v: &mut VillageState,
        member: usize,
        day: NaiveDate,
        not_before: Option<NaiveDateTime>,
    ) {
        let mut start = plus_seconds(at(day, 7, 0, 0), v.rng.gen_range(0..=5400));
        if let Some(floor) = not_before {
            if start <= floor {
                start = plus_seconds(floor, v.rng.gen_range(60..=900));
            }
        }
        let end = plus_seconds(start, v.rng.gen_range(27_000..=32_400));
        let pay = self.rate;
        self.add_shift(v, member, start, end, pay);
    }

    pub fn add_claim(
        &mut self,
        ctx: &mut Ctx,
        work_start: NaiveDate,
        work_end: NaiveDate,
        filed_at: NaiveDateTime,
    ) -> usize {
        self.claims.push(ClaimDraft {
            claim_id: ctx.ids.claim(),
            work_start,
            work_end,
            filed_at,
            slip: Slip::Present,
            signatures_complete: true,
            extra_lines: Vec::new(),
            lines: Vec::new(),
            payments: Vec::new(),
        });
        self.claims.len() - 1
    }

    /// Claim lines from the shifts and extra lines, one bank payment per line into the worker's
    /// first account, the application's budget, and the pool workers' annual earnings.
    pub fn finalize(&mut self, ctx: &mut Ctx, v: &mut VillageState) {
        let mut all_lines: Fen = 0;
        for claim in &mut self.claims {
            let mut lines: Vec<(usize, Fen)> = Vec::new();
            for member in 0..self.crew.len() {
                let worked: Fen = self
                    .shifts
                    .iter()
                    .filter(|s| {
                        s.member == member
                            && (claim.work_start..=claim.work_end).contains(&s.start.date())
                    })
                    .map(|s| s.pay)
                    .sum();
                let extra: Fen = claim
                    .extra_lines
                    .iter()
                    .filter(|(m, _)| *m == member)
                    .map(|(_, fen)| fen)
                    .sum();
                if worked + extra > 0 {
                    lines.push((member, worked + extra));
                }
            }
            assert!(!lines.is_empty(), "a claim has at least one line");
            claim.payments = lines
                .iter()
                .map(|&(member, amount)| {
                    let payee = &self.crew[member].payee;
                    PaymentDraft {
                        payment_id: ctx.ids.payment(),
                        payee_id: payee.person_id.clone(),
                        method: PayMethod::Bank(payee.accounts[0].clone()),
                        amount,
                        pinned: false,
                    }
                })
                .collect();
            for &(member, amount) in &lines {
                if let Some(w) = self.crew[member].pool_worker {
                    v.workers[w].add_earned(claim.work_start.year(), amount);
                }
            }
            all_lines += lines.iter().map(|(_, fen)| fen).sum::<Fen>();
            claim.lines = lines;
        }
        let hundred = yuan(100);
        self.application.amount = Some((all_lines + hundred - 1) / hundred * hundred);
    }

    pub fn worker_id(&self, member: usize) -> &str {
        &self.crew[member].payee.person_id
    }

    /// Schedules every event of the job.
    pub fn schedule(&self, ctx: &mut Ctx, v: &mut VillageState) {
        let place = Place::Village(self.village);
        let officials = v.officials.clone();
        let chain = [
            ("leader", officials.leader.as_str()),
            ("supervision", officials.supervisor.as_str()),
        ];

        self.application.schedule(ctx, place, self.submitted_at);
        let approved_at = schedule_review(
            ctx,
            &mut v.rng,
            place,
            &self.application.approval_id,
            self.submitted_at,
            &chain,
        );
        v.remember_matter(Matter {
            approval_id: self.application.approval_id.clone(),
            kind: "labor",
            submitted_at: self.submitted_at,
            approved_at,
        });
        if let Some(amended_at) = self.amended_at {
            let mut amended = self.application.clone();
            amended.title = format!("{}（调整用工人数）", amended.title);
            amended.amount = amended.amount.map(|a| a + yuan(300));
            amended.schedule(ctx, place, amended_at);
        }
        if let Some(second_at) = self.second_application_at {
            let mut second = self.application.clone();
            second.approval_id = ctx.ids.approval();
            second.title = format!("{}（补充申请）", self.application.title);
            second.amount = Some(yuan(600));
            second.schedule(ctx, place, second_at);
            schedule_review(
                ctx,
                &mut v.rng,
                place,
                &second.approval_id,
                second_at,
                &chain,
            );
        }

        for shift in &self.shifts {
            let mut o = JsonObject::new();
            o.string("attendance_id", &ctx.ids.attendance())
                .string("job_id", &self.job_id)
                .string("worker_id", self.worker_id(shift.member))
                .string("start_at", &timestamp(shift.start))
                .string("end_at", &timestamp(shift.end));
            ctx.events
                .schedule("labor.attendance", place, shift.recorded, o.finish());
        }

        for claim in &self.claims {
            self.schedule_claim(ctx, v, claim);
        }
    }

    fn schedule_claim(&self, ctx: &mut Ctx, v: &mut VillageState, claim: &ClaimDraft) {
        let place = Place::Village(self.village);
        let lines: Vec<String> = claim
            .lines
            .iter()
            .map(|&(member, amount)| {
                let mut o = JsonObject::new();
                o.string("worker_id", self.worker_id(member))
                    .money("amount", amount);
                o.finish()
            })
            .collect();
        let mut o = JsonObject::new();
        o.string("claim_id", &claim.claim_id)
            .string("job_id", &self.job_id)
            .string("work_start_date", &date_text(claim.work_start))
            .string("work_end_date", &date_text(claim.work_end))
            .raw("lines", &array(&lines))
            .money("total_amount", claim.total());
        match claim.slip {
            Slip::Present => {
                o.string("dispatch_slip_id", &ctx.ids.dispatch_slip());
            }
            Slip::Omitted => {}
            Slip::Null => {
                o.null("dispatch_slip_id");
            }
            Slip::Empty => {
                o.string("dispatch_slip_id", "");
            }
        }
        o.boolean("signatures_complete", claim.signatures_complete);
        ctx.events
            .schedule("labor.claim", place, claim.filed_at, o.finish());

        // The payment approval of the claim, then the payments.
        let officials = v.officials.clone();
        let minutes = v.rng.gen_range(15..=60);
        let request_at = office_time_after(&mut v.rng, claim.filed_at, minutes);
        let request = Submission {
            approval_id: ctx.ids.approval(),
            kind: "payment",
            subject_id: ctx.ids.payment_request(),
            title: format!("劳务报酬支付 {}", self.application.title),
            applicant_id: officials.accountant.clone(),
            amount: Some(claim.total()),
            project_id: None,
            project: None,
            counterparty_id: None,
            seal: None,
        };
        let review = Review::draft(
            &mut v.rng,
            request_at,
            &[
                ("leader", officials.leader.as_str()),
                ("supervision", officials.supervisor.as_str()),
            ],
        );
        let village_id = v.id.clone();
        let auth = file_approval(ctx, place, &village_id, &request, request_at, review);
        let approved_at = auth
            .review
            .decided_at()
            .expect("drafted reviews are decided");
        let pay_day = ctx
            .calendar
            .working_days_after(approved_at.date(), 1)
            .min(ctx.last_day);
        let latest = at(ctx.last_day, 23, 59, 59);
        let mut paid_at = plus_seconds(at(pay_day, 10, 0, 0), v.rng.gen_range(0..=5 * 3600));
        for draft in &claim.payments {
            let mut payment = Payment::new(
                draft.payment_id.clone(),
                paid_at,
                draft.amount,
                draft.method.clone(),
                draft.payee_id.clone(),
                "labor",
            );
            payment.approval_id = Some(request.approval_id.clone());
            payment.claim_id = Some(claim.claim_id.clone());
            payment.description = format!("{} 劳务报酬", self.application.title);
            let timing = if draft.pinned {
                Timing::Pinned
            } else {
                Timing::Movable { latest }
            };
            v.payments
                .enter(ctx, place, &village_id, payment, Some(&auth), timing);
            paid_at = plus_seconds(paid_at, v.rng.gen_range(40..=200));
        }
    }
}

/// The application instant of a job: office hours on an earlier day, or early morning before
/// work on the first work day.
pub fn default_application_time(
    v: &mut VillageState,
    app_day: NaiveDate,
    work_start: NaiveDate,
) -> NaiveDateTime {
    if app_day < work_start {
        plus_seconds(at(app_day, 8, 30, 0), v.rng.gen_range(0..=8 * 3600))
    } else {
        plus_seconds(at(app_day, 6, 50, 0), v.rng.gen_range(0..=1800))
    }
}
