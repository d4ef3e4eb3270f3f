//! Seal use (公章审批): applications to stamp a document with one of the village's seals,
//! approved by the party secretary before the seal is used, each use stamping the approved
//! document no more often than approved. Labor and construction-contract documents reference the
//! approved labor or project application they concern. Planted SEA-01..SEA-05 cases and near
//! misses alter one thing each.

mod application;
mod cases;
mod planted;

use chrono::{NaiveDate, NaiveDateTime};
use rand::seq::SliceRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

pub use cases::{SealAnomaly, SealNearMiss};

use super::approvals::{Review, SealTerms, Submission};
use super::config::GenerateConfig;
use super::context::Ctx;
use super::draw::{poisson, CaseDraw, Pick};
use super::time::{at, plus_days, plus_seconds};
use super::village::{category_rng, Matter, Stream, VillageState};
use application::{file, stamp, Application, Named, Referenced, Use};
use planted::{anomaly_fits, near_miss_fits, plant_anomaly, plant_near_miss};

/// Seal applications a village files per working day, on average.
const APPLICATIONS_PER_WORKING_DAY: f64 = 0.3;

/// The village's seals: committee seal (公章), party branch seal, finance seal.
const SEAL_NAMES: [&str; 3] = ["gz", "dzb", "cw"];

/// What the seal desk keeps per village.
#[derive(Debug)]
pub struct SealVillage {
    pub rng: ChaCha8Rng,
}

impl SealVillage {
    pub fn new(seed: u64, index: usize) -> Self {
        Self {
            rng: category_rng(seed, index, Stream::Seal),
        }
    }
}

fn seal_id(v: &VillageState, n: usize) -> String {
    format!("seal-{}-{}", &v.id[3..], SEAL_NAMES[n])
}

/// A SHA-256 in lower-case hex.
fn document_hash(rng: &mut ChaCha8Rng) -> String {
    (0..32)
        .map(|_| format!("{:02x}", rng.gen::<u8>()))
        .collect()
}

fn title(matter_type: &str, rng: &mut ChaCha8Rng) -> String {
    let titles: &[&str] = match matter_type {
        "labor" => &["劳务用工协议用印", "临时用工派工单用印"],
        "construction_contract" => &["工程施工合同用印", "工程补充协议用印"],
        "building" => &["农户建房相关材料用印"],
        _ => &[
            "村民身份及居住证明用印",
            "对外联系函用印",
            "村级统计报表用印",
            "土地流转备案材料用印",
            "困难户救助申请证明用印",
        ],
    };
    (*titles.choose(rng).expect("non-empty")).to_string()
}

/// A recent approved matter of `kind` approved before `t`.
fn approved_matter(v: &VillageState, kind: &str, t: NaiveDateTime) -> Option<Matter> {
    v.matters
        .iter()
        .rev()
        .find(|m| m.kind == kind && m.approved_at < t)
        .cloned()
}

/// An application filed on `day` (09:00 to 16:00) for a document of `matter_type`, reviewed by
/// the party secretary.
fn draft(
    ctx: &mut Ctx,
    v: &mut VillageState,
    submitted_at: NaiveDateTime,
    matter_type: &'static str,
    reference: Option<&Matter>,
    seal_count: u32,
) -> Application {
    let rng = &mut v.seal.rng;
    let applicant = [&v.officials.deputy, &v.officials.accountant]
        .choose(rng)
        .map(|s| s.to_string())
        .expect("non-empty");
    let seal = if rng.gen_bool(0.8) {
        0
    } else {
        rng.gen_range(1..3)
    };
    let doc_hash = document_hash(rng);
    let title = title(matter_type, rng);
    let submission = Submission {
        approval_id: ctx.ids.approval(),
        kind: "seal",
        subject_id: ctx.ids.document(),
        title,
        applicant_id: applicant,
        amount: None,
        counterparty_id: None,
        project_id: None,
        project: None,
        seal: Some(SealTerms {
            seal_id: seal_id(v, seal),
            seal_count,
            doc_hash,
            matter_type,
            ref_approval_id: reference.map(|m| m.approval_id.clone()),
        }),
    };
    let leader = v.officials.leader.clone();
    let review = Review::draft(
        &mut v.seal.rng,
        submitted_at,
        &[("leader", leader.as_str())],
    );
    Application {
        submission,
        submitted_at,
        review,
        reference: reference.map(|m| Referenced {
            kind: m.kind,
            approved_at: Some(m.approved_at),
        }),
    }
}

fn use_of(ctx: &mut Ctx, app: &Application, stamps: u32, at: NaiveDateTime) -> Use {
    let terms = app.submission.seal.as_ref().expect("seal terms");
    Use {
        seal_use_id: ctx.ids.seal_use(),
        approval_id: Some(app.submission.approval_id.clone()),
        seal_id: terms.seal_id.clone(),
        stamp_count: stamps,
        doc_hash: terms.doc_hash.clone(),
        blank_pages: 0,
        at,
    }
}

/// Uses after the approval: the first 10 minutes to 3 hours after it, a second one (sometimes)
/// a few hours later, never more stamps in all than approved.
fn ordinary_uses(ctx: &mut Ctx, v: &mut VillageState, app: &Application) -> Vec<Use> {
    let approved = app.review.approved_at().expect("approved");
    let count = app.submission.seal.as_ref().expect("seal terms").seal_count;
    let rng = &mut v.seal.rng;
    let first_at = plus_seconds(approved, rng.gen_range(600..=3 * 3600));
    let first = rng.gen_range(1..=count);
    let second = (first < count && rng.gen_bool(0.3)).then(|| rng.gen_range(1..=count - first));
    let second_at = plus_seconds(first_at, rng.gen_range(3600..=20 * 3600));
    let mut uses = vec![use_of(ctx, app, first, first_at)];
    if let Some(stamps) = second {
        if second_at.date() <= ctx.last_day {
            uses.push(use_of(ctx, app, stamps, second_at));
        }
    }
    uses
}

/// The seal activity of every village, day by day.
pub struct SealDesk {
    cases: CaseDraw<SealAnomaly, SealNearMiss>,
}

impl SealDesk {
    pub fn new(config: &GenerateConfig) -> Self {
        Self {
            cases: CaseDraw::new(config, &SealAnomaly::ALL, &SealNearMiss::ALL),
        }
    }

    pub fn day(&mut self, ctx: &mut Ctx, v: &mut VillageState, day: NaiveDate) {
        if !ctx.calendar.is_working_day(day) || plus_days(day, 4) > ctx.last_day {
            return;
        }
        for _ in 0..poisson(&mut v.seal.rng, APPLICATIONS_PER_WORKING_DAY) {
            let x = v.seal.rng.gen();
            let village = &*v;
            let pick = self.cases.draw(
                x,
                |k| anomaly_fits(ctx, village, day, k),
                |k| near_miss_fits(ctx, village, day, k),
            );
            match pick {
                Pick::Anomaly(kind, uses) => {
                    if plant_anomaly(ctx, v, day, kind, uses) {
                        ctx.count_planted(kind.target());
                    }
                }
                Pick::NearMiss(kind, _) => {
                    if plant_near_miss(ctx, v, day, kind) {
                        ctx.count_near_miss(kind.target());
                    }
                }
                Pick::Normal => ordinary(ctx, v, day),
            }
        }
    }
}

fn office_time(v: &mut VillageState, day: NaiveDate) -> NaiveDateTime {
    plus_seconds(at(day, 9, 0, 0), v.seal.rng.gen_range(0..7 * 3600))
}

/// An ordinary application: most documents need no reference; labor and construction-contract
/// documents reference an approved labor or project application when the village has one.
fn ordinary(ctx: &mut Ctx, v: &mut VillageState, day: NaiveDate) {
    let submitted_at = office_time(v, day);
    let wanted = *["other", "other", "other", "labor", "construction_contract"]
        .choose(&mut v.seal.rng)
        .expect("non-empty");
    let kind = if wanted == "labor" {
        "labor"
    } else {
        "project"
    };
    let reference = approved_matter(v, kind, submitted_at);
    let matter_type = if reference.is_some() { wanted } else { "other" };
    let reference = reference.filter(|_| matter_type != "other");
    let count = v.seal.rng.gen_range(1..=4);
    let app = draft(ctx, v, submitted_at, matter_type, reference.as_ref(), count);
    file(ctx, v, &app);
    let uses = ordinary_uses(ctx, v, &app);
    stamp(ctx, v, &uses, Named::Application(&app));
}
