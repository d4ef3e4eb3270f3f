//! One homestead application: drafted as an ordinary one (submitted by a waiting household,
//! approved by the village leader and then the township within twelve working days, the house
//! started days to weeks later on no more than the area applied for), altered in one thing by the
//! case drawn for it, judged by the village's book and written.

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use rand::seq::IteratorRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::book::{decision_deadline, Application, HomesteadBook, HouseStart, MAX_AREA_CENTI_M2};
use super::cases::{HomesteadAnomaly, HomesteadNearMiss};
use super::households::{Holding, WaitingHousehold};
use crate::generate::approvals::{Review, Step};
use crate::generate::context::Ctx;
use crate::generate::draw::{CaseDraw, Pick};
use crate::generate::json::{decimal_text, JsonObject};
use crate::generate::threshold::Threshold;
use crate::generate::time::{at, date_text, plus_days, plus_seconds, start_of};
use crate::generate::village::VillageState;

/// Share of ordinary applications the township rejects (site not in the village plan).
const REJECTED_SHARE: f64 = 0.1;

/// An office-hours instant of `day`.
fn office(rng: &mut ChaCha8Rng, day: NaiveDate) -> NaiveDateTime {
    plus_seconds(at(day, 9, 0, 0), rng.gen_range(0..7 * 3600))
}

/// The ordinary course of an application submitted on `day`.
struct Draft {
    submitted_at: NaiveDateTime,
    led_at: NaiveDateTime,
    decided_at: NaiveDateTime,
    area_centi_m2: i64,
    /// Days from the decision to the start of works.
    build_after_days: i64,
    /// How much smaller than applied the house is built, in hundredths of a m².
    built_smaller_by: i64,
}

fn draft(ctx: &Ctx, rng: &mut ChaCha8Rng, day: NaiveDate) -> Draft {
    let submitted_at = office(rng, day);
    let led_day = ctx.calendar.working_days_after(day, rng.gen_range(1..=2));
    let led_at = office(rng, led_day);
    let decided_day = ctx
        .calendar
        .working_days_after(led_day, rng.gen_range(2..=10));
    Draft {
        submitted_at,
        led_at,
        decided_at: office(rng, decided_day),
        area_centi_m2: rng.gen_range(8_000..=12_000),
        build_after_days: rng.gen_range(3..=30),
        built_smaller_by: rng.gen_range(0..=800),
    }
}

/// Whether an instant falls within the period written.
fn within(ctx: &Ctx, t: NaiveDateTime) -> bool {
    t.date() <= ctx.last_day
}

/// The instant of the last tick: deadlines before it are judged within the input.
fn end(ctx: &Ctx) -> NaiveDateTime {
    start_of(plus_days(ctx.last_day, 1))
}

/// Households with no homestead, no application and no house.
fn fresh(households: &[WaitingHousehold], book: &HomesteadBook) -> Vec<usize> {
    (0..households.len())
        .filter(|&i| {
            let h = &households[i];
            h.holding == Holding::Nothing && !h.built && book.applications_of(i).next().is_none()
        })
        .collect()
}

/// Households holding `holding` that have not applied yet.
fn unapplied_holding(
    households: &[WaitingHousehold],
    book: &HomesteadBook,
    holding: Holding,
) -> Vec<usize> {
    (0..households.len())
        .filter(|&i| households[i].holding == holding && book.applications_of(i).next().is_none())
        .collect()
}

/// Households every application of which was decided before `t` as `decision`.
fn all_decided_before(
    households: &[WaitingHousehold],
    book: &HomesteadBook,
    t: NaiveDateTime,
    decision: &str,
) -> Vec<usize> {
    (0..households.len())
        .filter(|&i| {
            let mut applications = book.applications_of(i).peekable();
            !households[i].built
                && households[i].holding == Holding::Nothing
                && applications.peek().is_some()
                && applications.all(|a| a.decision.is_some_and(|(d, at)| d == decision && at < t))
        })
        .collect()
}

fn pick_one(rng: &mut ChaCha8Rng, candidates: &[usize]) -> Option<usize> {
    candidates.iter().copied().choose(rng)
}

fn record(ctx: &mut Ctx, v: &VillageState, raised: &[Threshold], homestead_id: &str) {
    for &threshold in raised {
        ctx.expect_alert(threshold, &[&v.id, homestead_id]);
    }
}

fn submission_payload(
    a: &Application,
    applicant: &str,
    household_id: &str,
    parcel: &str,
) -> String {
    let mut o = JsonObject::new();
    o.string("approval_id", &a.approval_id)
        .string("kind", "homestead")
        .string("subject_id", &a.homestead_id)
        .string("title", "农村村民宅基地建房申请")
        .string("applicant_id", applicant)
        .string("household_id", household_id)
        .raw("area_m2", &decimal_text(a.area_centi_m2, 2))
        .string("parcel_id", parcel);
    o.finish()
}

fn start_payload(house: &HouseStart) -> String {
    let mut o = JsonObject::new();
    o.string("target", "homestead")
        .string("homestead_id", &house.homestead_id)
        .string("started_on", &date_text(house.started_on))
        .raw("area_m2", &decimal_text(house.area_centi_m2, 2));
    o.finish()
}

/// Writes a house start and records what it raises.
fn write_start(ctx: &mut Ctx, v: &VillageState, house: &HouseStart) {
    record(ctx, v, &v.homestead.book.start(house), &house.homestead_id);
    ctx.events.schedule(
        "construction.started",
        v.place(),
        house.reported_at,
        start_payload(house),
    );
}

/// A homestead application (or, for one case, a house built without one) submitted on `day`.
pub fn application(
    ctx: &mut Ctx,
    v: &mut VillageState,
    day: NaiveDate,
    cases: &mut CaseDraw<HomesteadAnomaly, HomesteadNearMiss>,
) {
    let rng = &mut v.homestead.rng;
    let households = &v.homestead.households;
    let book = &v.homestead.book;
    let d = draft(ctx, rng, day);
    let deadline = decision_deadline(&ctx.calendar, d.submitted_at);
    let fresh = fresh(households, book);
    let certified = unapplied_holding(households, book, Holding::CertifiedHomestead);
    let uncertified = unapplied_holding(households, book, Holding::UncertifiedHomestead);
    let approved = all_decided_before(households, book, d.submitted_at, "approved");
    let rejected = all_decided_before(households, book, d.submitted_at, "rejected");
    let build_day = plus_days(d.decided_at.date(), d.build_after_days);
    let builds = build_day <= ctx.last_day;
    let reported_next_day = plus_days(d.decided_at.date(), 1) <= ctx.last_day;
    let x = rng.gen();
    let pick = cases.draw(
        x,
        |k| match k {
            HomesteadAnomaly::HoldsCertifiedHomestead => !certified.is_empty(),
            HomesteadAnomaly::ApprovedBefore => !approved.is_empty(),
            HomesteadAnomaly::BuiltWithoutApplication => !fresh.is_empty(),
            HomesteadAnomaly::StartedBeforeApproval => !fresh.is_empty() && reported_next_day,
            HomesteadAnomaly::AppliedAboveLimit => !fresh.is_empty(),
            HomesteadAnomaly::BuiltAboveApplied => !fresh.is_empty() && builds,
            HomesteadAnomaly::DecidedLate => {
                !fresh.is_empty() && within(ctx, plus_seconds(deadline, 1))
            }
            HomesteadAnomaly::NeverDecided => !fresh.is_empty() && deadline < end(ctx),
        },
        |k| match k {
            HomesteadNearMiss::HoldsUncertifiedHomestead => !uncertified.is_empty(),
            HomesteadNearMiss::RejectedBefore => !rejected.is_empty(),
            HomesteadNearMiss::StartedOnApprovalDay => !fresh.is_empty() && reported_next_day,
            HomesteadNearMiss::AppliedAtLimit => !fresh.is_empty(),
            HomesteadNearMiss::BuiltAsApplied => !fresh.is_empty() && builds,
            HomesteadNearMiss::DecidedAtDeadline => !fresh.is_empty() && within(ctx, deadline),
        },
    );

    // What the case changes: the household, the area, the decision and its instant, the start.
    let mut household: &[usize] = &fresh;
    let mut area = d.area_centi_m2;
    let mut decision = if rng.gen_bool(REJECTED_SHARE) {
        "rejected"
    } else {
        "approved"
    };
    let mut decided_at = Some(d.decided_at);
    let mut start_on = Some(build_day);
    let mut built_area: Option<i64> = None;
    let mut reported_after_decision = false;
    let mut applies = true;
    match pick {
        Pick::Normal => {}
        Pick::Anomaly(kind, uses) => {
            match kind {
                HomesteadAnomaly::HoldsCertifiedHomestead => household = &certified,
                HomesteadAnomaly::ApprovedBefore => {
                    // The township rejects it: one household, one homestead (一户一宅).
                    household = &approved;
                    decision = "rejected";
                }
                HomesteadAnomaly::BuiltWithoutApplication => {
                    applies = false;
                    start_on = Some(day);
                    if uses % 2 == 1 {
                        built_area = Some(13_000);
                    }
                }
                HomesteadAnomaly::StartedBeforeApproval => {
                    if uses % 2 == 0 {
                        decision = "approved";
                        start_on = Some(plus_days(d.decided_at.date(), -1));
                    } else {
                        decision = "rejected";
                        start_on = Some(d.decided_at.date());
                    }
                    reported_after_decision = true;
                }
                HomesteadAnomaly::AppliedAboveLimit => {
                    area = if uses % 2 == 0 {
                        MAX_AREA_CENTI_M2 + 1
                    } else {
                        13_800
                    };
                }
                HomesteadAnomaly::BuiltAboveApplied => {
                    decision = "approved";
                    built_area = Some(area + if uses % 2 == 0 { 1 } else { 850 });
                }
                HomesteadAnomaly::DecidedLate => {
                    decision = "approved";
                    decided_at = Some(plus_seconds(deadline, 1));
                }
                HomesteadAnomaly::NeverDecided => decided_at = None,
            }
            ctx.count_planted(kind.target());
        }
        Pick::NearMiss(kind, uses) => {
            match kind {
                HomesteadNearMiss::HoldsUncertifiedHomestead => household = &uncertified,
                HomesteadNearMiss::RejectedBefore => household = &rejected,
                HomesteadNearMiss::StartedOnApprovalDay => {
                    decision = "approved";
                    start_on = Some(d.decided_at.date());
                    reported_after_decision = true;
                }
                HomesteadNearMiss::AppliedAtLimit => {
                    area = MAX_AREA_CENTI_M2;
                    built_area = Some(MAX_AREA_CENTI_M2);
                }
                HomesteadNearMiss::BuiltAsApplied => {
                    decision = "approved";
                    built_area = Some(area);
                }
                HomesteadNearMiss::DecidedAtDeadline => {
                    decision = if uses % 2 == 0 {
                        "approved"
                    } else {
                        "rejected"
                    };
                    decided_at = Some(deadline);
                }
            }
            ctx.count_near_miss(kind.target());
        }
    }
    let Some(h) = pick_one(rng, household) else {
        return;
    };
    let built_area = built_area.unwrap_or((area - d.built_smaller_by).min(MAX_AREA_CENTI_M2));
    let reported_at = match start_on {
        Some(start) if reported_after_decision => {
            plus_seconds(d.decided_at, rng.gen_range(3_600..10_800)).max(office(rng, start))
        }
        Some(start) => office(rng, start),
        None => d.submitted_at,
    };
    v.homestead.cases += 1;
    let homestead_id = format!(
        "hs-{}-{:04}-{:04}",
        day.year(),
        v.index + 1,
        v.homestead.cases
    );
    let place = v.place();
    let house = HouseStart {
        homestead_id: homestead_id.clone(),
        started_on: start_on.unwrap_or(day),
        reported_at,
        area_centi_m2: built_area,
    };
    if !applies {
        v.homestead.households[h].built = true;
        write_start(ctx, v, &house);
        return;
    }

    let household_id = v.homestead.households[h].household_id.clone();
    let applicant = v.homestead.households[h].applicant.clone();
    let certified_home = v.homestead.households[h].holding == Holding::CertifiedHomestead;
    let decided = decided_at.filter(|t| within(ctx, *t));
    let application = Application {
        approval_id: ctx.ids.approval(),
        homestead_id: homestead_id.clone(),
        household: h,
        area_centi_m2: area,
        submitted_at: d.submitted_at,
        decision: decided.map(|t| (decision, t)),
    };
    let parcel = ctx.ids.parcel();
    ctx.events.schedule(
        "approval.submitted",
        place,
        d.submitted_at,
        submission_payload(&application, &applicant, &household_id, &parcel),
    );
    // Steps after the period are not written; an application decided within it has both.
    let mut steps: Vec<Step> = within(ctx, d.led_at)
        .then(|| Step {
            role: "leader",
            actor: v.officials.leader.clone(),
            action: "approved",
            at: d.led_at,
        })
        .into_iter()
        .collect();
    if let Some(t) = decided {
        steps.push(Step {
            role: "township",
            actor: v.homestead.reviewer.clone(),
            action: if decision == "approved" {
                "approved"
            } else {
                "rejected"
            },
            at: plus_seconds(t, -60).max(d.led_at),
        });
    }
    let review = Review {
        steps,
        decision: decided.map(|t| (decision, t)),
    };
    review.schedule(ctx, place, &application.approval_id);
    if HomesteadBook::overdue(&ctx.calendar, &application, end(ctx)) {
        ctx.expect_alert(Threshold::HomesteadApprovalOverdue, &[&v.id, &homestead_id]);
    }
    let raised = v.homestead.book.submit(application, certified_home);
    record(ctx, v, &raised, &homestead_id);

    let starts = match decided {
        Some(t) if decision == "approved" => {
            house.started_on >= t.date() || reported_after_decision
        }
        _ => reported_after_decision,
    };
    if starts && house.reported_at.date() <= ctx.last_day && house.started_on <= ctx.last_day {
        write_start(ctx, v, &house);
    }
}
