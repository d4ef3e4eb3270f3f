//! Small village projects (小微工程): an `approval.submitted` of kind project with its review.
//! Labor jobs inside a project name it by project_id.

use chrono::{NaiveDate, NaiveDateTime};
use rand::Rng;

use super::approvals::{ProjectTerms, Review, Submission};
use super::construction::book::ApprovalTerms;
use super::context::Ctx;
use super::decision::rules::is_major;
use super::json::{yuan, Fen};
use super::meetings::{hold, Resolution};
use super::names;
use super::time::{at, plus_seconds};
use super::village::{Matter, VillageState};
use super::writer::Place;

/// Tender methods of projects below the tender threshold.
const SMALL_PROJECT_METHODS: [&str; 4] = [
    "inquiry",
    "competitive_negotiation",
    "self_build",
    "direct_award",
];

#[derive(Debug, Clone)]
pub struct ProjectDraft {
    pub project_id: String,
    pub submission: Submission,
    pub submitted_at: NaiveDateTime,
    /// A corrected version (same approval_id) with another amount.
    pub amendment: Option<(NaiveDateTime, Fen)>,
    /// Whether a major budget is put to the villager representatives' five-step vote before
    /// the submission (DEC-01), as it ordinarily is.
    pub five_step: bool,
}

impl ProjectDraft {
    pub fn new(
        ctx: &mut Ctx,
        v: &mut VillageState,
        submitted_at: NaiveDateTime,
        amount: Fen,
    ) -> Self {
        use chrono::Datelike;
        let project_id = ctx.ids.project(submitted_at.year());
        // The village's streams stay as they were: the two draws a random site took are still
        // made, but the site is the next of the village's own (PRJ-02 links projects by site).
        let _ = (v.rng.gen_range(0..250_000), v.rng.gen_range(0..300_000));
        let terms = ProjectTerms {
            location: v.construction.sites.next(),
            tender_method: SMALL_PROJECT_METHODS[v.rng.gen_range(0..SMALL_PROJECT_METHODS.len())],
            via_trading_centre: false,
        };
        let submission = Submission {
            approval_id: ctx.ids.approval(),
            kind: "project",
            subject_id: project_id.clone(),
            title: names::project_title(&mut v.rng),
            applicant_id: v.applicant(),
            amount: Some(amount),
            project_id: None,
            project: Some(terms),
            counterparty_id: None,
            seal: None,
        };
        Self {
            project_id,
            submission,
            submitted_at,
            amendment: None,
            five_step: true,
        }
    }

    /// Tenders the project publicly through the trading centre, as a project whose budget
    /// reaches the tender threshold must be (PRJ-03).
    pub fn tendered_publicly(&mut self) {
        if let Some(terms) = self.submission.project.as_mut() {
            terms.tender_method = "public_tender";
            terms.via_trading_centre = true;
        }
    }

    /// The instant of the last version of the submission.
    fn last_version(&self) -> NaiveDateTime {
        self.amendment.map_or(self.submitted_at, |(when, _)| when)
    }

    /// The review the project ordinarily gets after its last version: the leader, the
    /// supervisory committee and the township.
    pub fn draft_review(&self, v: &mut VillageState) -> Review {
        let officials = v.officials.clone();
        let township_officer = format!("tso-{}", &v.id[3..]);
        Review::draft(
            &mut v.rng,
            self.last_version(),
            &[
                ("leader", officials.leader.as_str()),
                ("supervision", officials.supervisor.as_str()),
                ("township", township_officer.as_str()),
            ],
        )
    }

    /// Schedules the five-step vote (when due), the submission, the amendment if any, and the
    /// ordinary review; returns the instant of approval.
    pub fn schedule(&self, ctx: &mut Ctx, v: &mut VillageState) -> NaiveDateTime {
        let review = self.draft_review(v);
        self.schedule_reviewed(ctx, v, &review)
    }

    /// As [`Self::schedule`] with the review given; enters everything in the project book.
    pub fn schedule_reviewed(
        &self,
        ctx: &mut Ctx,
        v: &mut VillageState,
        review: &Review,
    ) -> NaiveDateTime {
        let major = self
            .submission
            .amount
            .into_iter()
            .chain(self.amendment.map(|(_, a)| a))
            .any(is_major);
        if self.five_step && major {
            let resolution = Resolution::of_representatives(
                &mut ctx.ids,
                &mut v.decision.rng,
                vec![self.project_id.clone()],
                format!("关于实施{}的决议", self.submission.title),
                true,
            );
            let voted_at = plus_seconds(
                at(self.submitted_at.date(), 8, 0, 0),
                v.decision.rng.gen_range(0..3600),
            );
            hold(ctx, v, &resolution, voted_at);
        }
        let place = Place::Village(v.index);
        self.submission.schedule(ctx, place, self.submitted_at);
        self.enter(v, &self.submission, self.submitted_at);
        if let Some((when, amount)) = self.amendment {
            let mut amended = self.submission.clone();
            amended.amount = Some(amount);
            amended.title = format!("{}（预算调整）", amended.title);
            amended.schedule(ctx, place, when);
            self.enter(v, &amended, when);
        }
        review.schedule(ctx, place, &self.submission.approval_id);
        let approved_at = review.approved_at().expect("a project review approves");
        v.construction
            .book
            .decision(&self.submission.approval_id, approved_at, true);
        v.remember_matter(Matter {
            approval_id: self.submission.approval_id.clone(),
            kind: "project",
            submitted_at: self.submitted_at,
            approved_at,
        });
        approved_at
    }

    fn enter(&self, v: &mut VillageState, version: &Submission, at: NaiveDateTime) {
        let terms = version.project.as_ref().expect("a project approval");
        let approval = ApprovalTerms {
            approval_id: version.approval_id.clone(),
            amount: version.amount.expect("a project approval has a budget"),
            site: terms.location,
            tender_method: terms.tender_method,
            via_trading_centre: terms.via_trading_centre,
        };
        v.construction.book.approval(&self.project_id, approval, at);
    }
}

/// Submission instant of a project approval on `day`: 09:00-11:00.
pub fn project_time(v: &mut VillageState, day: NaiveDate) -> NaiveDateTime {
    plus_seconds(at(day, 9, 0, 0), v.rng.gen_range(0..=7200))
}

/// An ordinary small project below the tender threshold, remembered for later labor jobs.
pub fn small_project(ctx: &mut Ctx, v: &mut VillageState, day: NaiveDate) {
    let amount = yuan(v.rng.gen_range(300..=980) * 100);
    let submitted_at = project_time(v, day);
    let draft = ProjectDraft::new(ctx, v, submitted_at, amount);
    draft.schedule(ctx, v);
    v.projects.push((draft.project_id, day));
}
