//! Planted project cases: each writes a project (or two, or a payment) that differs from an
//! ordinary one in one respect, so that exactly the targeted project threshold fires
//! (anomalies) or a boundary is met and nothing fires (near misses). The project book confirms
//! what each case implies.

use chrono::{NaiveDate, TimeDelta};
use rand::seq::SliceRandom;
use rand::Rng;

use super::book::{Implied, BID_MIN};
use super::cases::{ProjectAnomaly, ProjectNearMiss};
use super::plan::{self, ProjectPlan, Signing, Subcontract};
use super::sites::north_of;
use super::{draft, pick_contractor, Contractor, Pace};
use crate::generate::approvals::{Review, Step};
use crate::generate::context::Ctx;
use crate::generate::contract::service::hundreds;
use crate::generate::finance::{
    filing_time, settle, Approval, ContractLink, Expense, Invoice, LineChoice, Party, When,
};
use crate::generate::json::{yuan, Fen};
use crate::generate::procurement::suppliers::{TieKind, TiedParty};
use crate::generate::receivables::{self, Collection, ReceivableDraft};
use crate::generate::threshold::Threshold;
use crate::generate::time::{at, plus_days, plus_seconds};
use crate::generate::village::VillageState;

/// Days after the submission by which an award of a compact project is made.
const AWARD_WITHIN_DAYS: i64 = 8;

fn tied_on(v: &VillageState, day: NaiveDate) -> Vec<TiedParty> {
    v.procurement
        .ties
        .iter()
        .filter(|t| t.tied_on(day))
        .cloned()
        .collect()
}

/// Bidders tied to no cadre of the village on `day`: tied parties of the neighbouring village,
/// and former cadres whose term ended before it (and who are tied no other way).
fn untied_on(v: &VillageState, day: NaiveDate) -> Vec<TiedParty> {
    let ties = &v.procurement.ties;
    let former = ties
        .iter()
        .filter(|t| t.kind == TieKind::Cadre && t.until.is_some_and(|u| u < day))
        .filter(|t| {
            !ties
                .iter()
                .any(|o| o.supplier.id == t.supplier.id && o.tied_on(day))
        });
    v.procurement
        .neighbour_ties
        .iter()
        .chain(former)
        .cloned()
        .collect()
}

pub fn anomaly_fits(ctx: &Ctx, v: &VillageState, day: NaiveDate, kind: ProjectAnomaly) -> bool {
    let award_day = plus_days(day, AWARD_WITHIN_DAYS);
    plus_days(day, kind.days_needed()) <= ctx.last_day
        && match kind {
            ProjectAnomaly::RelatedBidder => {
                !tied_on(v, day).is_empty() && !tied_on(v, award_day).is_empty()
            }
            _ => true,
        }
}

pub fn near_miss_fits(ctx: &Ctx, v: &VillageState, day: NaiveDate, kind: ProjectNearMiss) -> bool {
    plus_days(day, kind.days_needed()) <= ctx.last_day
        && match kind {
            ProjectNearMiss::UnrelatedBidder => {
                !untied_on(v, plus_days(day, AWARD_WITHIN_DAYS)).is_empty()
            }
            _ => true,
        }
}

fn holds(implied: &[Implied], threshold: Threshold) -> bool {
    implied.iter().any(|(t, _)| *t == threshold)
}

/// A small budget: 30000 to 90000.
fn small_budget(v: &mut VillageState) -> Fen {
    hundreds(&mut v.construction.rng, (yuan(30_000), yuan(90_000)))
}

/// A project submitted on `day` with `budget` let by `method`, drafted at `pace` with an
/// available contractor on a site of its own; none when no contractor is free.
fn project(
    ctx: &mut Ctx,
    v: &mut VillageState,
    day: NaiveDate,
    (budget, method): (Fen, (&'static str, bool)),
    pace: Pace,
) -> Option<ProjectPlan> {
    let contractor = pick_contractor(v, day, budget)?;
    let site = v.construction.sites.next();
    Some(draft(
        ctx,
        v,
        day,
        (budget, method),
        &contractor,
        site,
        pace,
    ))
}

fn compact_small(
    ctx: &mut Ctx,
    v: &mut VillageState,
    day: NaiveDate,
    method: &'static str,
) -> Option<ProjectPlan> {
    let budget = small_budget(v);
    project(ctx, v, day, (budget, (method, false)), Pace::COMPACT)
}

/// Another of the village's contractors than `not`.
fn other_contractor(v: &mut VillageState, not: &str) -> Contractor {
    let others: Vec<Contractor> = v
        .construction
        .contractors
        .iter()
        .filter(|c| c.id != not)
        .cloned()
        .collect();
    others
        .choose(&mut v.construction.rng)
        .expect("a village has several contractors")
        .clone()
}

/// Writes the plan and returns the project alerts the book then holds for it.
fn write(ctx: &mut Ctx, v: &mut VillageState, plan: &ProjectPlan) -> (plan::Written, Vec<Implied>) {
    let written = plan::write(ctx, v, plan);
    let alerts = v.construction.book.project_alerts(&plan.project_id);
    (written, alerts)
}

/// Writes the plan; true when it implies nothing at all.
fn quiet(ctx: &mut Ctx, v: &mut VillageState, plan: &ProjectPlan) -> bool {
    let (written, alerts) = write(ctx, v, plan);
    written.implied.is_empty() && alerts.is_empty()
}

/// Sets the settlement amount and pays accordingly.
fn settle_at(ctx: &Ctx, v: &mut VillageState, plan: &mut ProjectPlan, amount: Fen) {
    if let Some((_, settled)) = plan.settlement.as_mut() {
        *settled = amount;
    }
    plan.schedule_payments(ctx, &mut v.construction.rng);
}

/// Adds a change order of 5 % three days after the start.
fn add_change_order(v: &mut VillageState, plan: &mut ProjectPlan) {
    let start = plan.start.as_ref().expect("a start").on;
    let on = plus_days(start, 3);
    let amount = plan.contract.as_ref().expect("a contract").amount / 20 / yuan(1) * yuan(1);
    plan.change_order = Some((on, plan::office(&mut v.construction.rng, on), amount));
}

/// Plants a project anomaly on `day`; true when its target alert was newly implied.
pub fn plant_anomaly(
    ctx: &mut Ctx,
    v: &mut VillageState,
    day: NaiveDate,
    kind: ProjectAnomaly,
    uses: u32,
) -> bool {
    use ProjectAnomaly as A;
    let target = kind.target();
    match kind {
        A::SettlementOverrun => {
            let Some(mut plan) = compact_small(ctx, v, day, "inquiry") else {
                return false;
            };
            if uses % 3 == 2 {
                add_change_order(v, &mut plan);
            }
            let agreed = plan.agreed();
            let settled = if uses % 3 == 1 {
                agreed * v.construction.rng.gen_range(115..=130) / 100 / yuan(100) * yuan(100)
            } else {
                agreed * 11 / 10 + 1
            };
            settle_at(ctx, v, &mut plan, settled);
            holds(&write(ctx, v, &plan).1, target)
        }
        A::MoneyReturned => {
            let Some(plan) = compact_small(ctx, v, day, "direct_award") else {
                return false;
            };
            let (written, _) = write(ctx, v, &plan);
            let Some(&advance) = written.paid.first() else {
                return false;
            };
            let room = (ctx.last_day - advance.date()).num_days();
            let back = if !uses.is_multiple_of(2) && room >= 30 {
                advance + TimeDelta::days(30)
            } else {
                let rng = &mut v.construction.rng;
                let days = rng.gen_range(1..=room.clamp(1, 29));
                advance + TimeDelta::days(days) - TimeDelta::seconds(rng.gen_range(0..3_600))
            };
            if back.date() > ctx.last_day {
                return false;
            }
            let contractor = plan.contract.as_ref().expect("a contract").party.id.clone();
            let amount = hundreds(&mut v.construction.rng, (yuan(1_000), yuan(5_000)));
            plan::write_return(ctx, v, &contractor, back, amount);
            holds(&v.construction.book.returns_from(&contractor), target)
        }
        A::BuilderMismatch => {
            let Some(mut plan) = compact_small(ctx, v, day, "inquiry") else {
                return false;
            };
            let party = plan.contract.as_ref().expect("a contract").party.id.clone();
            let other = other_contractor(v, &party);
            if uses.is_multiple_of(2) {
                if let Some(start) = plan.start.as_mut() {
                    start.builder = Some(other.id);
                }
            } else if let Some((report, _)) = plan.settlement.as_mut() {
                report.builder = Some(other.id);
            }
            holds(&write(ctx, v, &plan).1, target)
        }
        A::SplitProject => split(ctx, v, day, uses, true),
        A::OffBookPayment => {
            if uses.is_multiple_of(2) {
                return unprojected_payment(ctx, v, day);
            }
            let budget = small_budget(v);
            let pace = Pace {
                decided_next_working_day: true,
                ..Pace::ORDINARY
            };
            let Some(mut plan) = project(ctx, v, day, (budget, ("direct_award", false)), pace)
            else {
                return false;
            };
            let paid_at = plus_seconds(at(day, 16, 30, 0), v.construction.rng.gen_range(0..1_200));
            let amount = hundreds(&mut v.construction.rng, (yuan(2_000), yuan(9_900)));
            plan.unbound_payment =
                Some((plan.submitted_at + TimeDelta::minutes(5), paid_at, amount));
            holds(&write(ctx, v, &plan).1, target)
        }
        A::TenderBypassed => {
            let rng = &mut v.construction.rng;
            let (budget, method) = match uses % 3 {
                0 => (BID_MIN, ("inquiry", false)),
                1 => (
                    hundreds(rng, (yuan(120_000), yuan(500_000))),
                    ("competitive_negotiation", false),
                ),
                _ => (
                    hundreds(rng, (yuan(150_000), yuan(800_000))),
                    ("public_tender", false),
                ),
            };
            let Some(plan) = project(ctx, v, day, (budget, method), Pace::ORDINARY) else {
                return false;
            };
            holds(&write(ctx, v, &plan).1, target)
        }
        A::StartedPrematurely => {
            let plan = if uses.is_multiple_of(2) {
                let budget = small_budget(v);
                let pace = Pace {
                    decided_next_working_day: true,
                    ..Pace::COMPACT
                };
                project(ctx, v, day, (budget, ("direct_award", false)), pace).map(|mut plan| {
                    let rng = &mut v.construction.rng;
                    let started_at =
                        plan.submitted_at + TimeDelta::minutes(rng.gen_range(120..=240));
                    if let Some(start) = plan.start.as_mut() {
                        start.on = day;
                        start.recorded_at = started_at;
                    }
                    plan
                })
            } else {
                compact_small(ctx, v, day, "inquiry").map(|mut plan| {
                    let awarded_on = plan.award.as_ref().expect("tendered").awarded_on;
                    let on = plus_days(awarded_on, -1);
                    let recorded_at = plan::office(&mut v.construction.rng, on);
                    if let Some(start) = plan.start.as_mut() {
                        start.on = on;
                        start.recorded_at = recorded_at;
                    }
                    plan
                })
            };
            let Some(mut plan) = plan else {
                return false;
            };
            plan.schedule_payments(ctx, &mut v.construction.rng);
            holds(&write(ctx, v, &plan).1, target)
        }
        A::ContractorNotWinner => {
            let Some(mut plan) = compact_small(ctx, v, day, "inquiry") else {
                return false;
            };
            let award = plan.award.as_ref().expect("tendered");
            let winner = award.winner_id().to_string();
            let party = if uses.is_multiple_of(2) {
                let runner_up = award
                    .bidders
                    .iter()
                    .filter(|b| b.0 != winner)
                    .min_by_key(|b| b.2)
                    .expect("several bidders");
                v.construction
                    .contractors
                    .iter()
                    .find(|c| c.id == runner_up.0)
                    .expect("bidders are contractors")
                    .clone()
            } else {
                let bidders: Vec<String> = award.bidders.iter().map(|b| b.0.clone()).collect();
                let outside: Vec<Contractor> = v
                    .construction
                    .contractors
                    .iter()
                    .filter(|c| !bidders.contains(&c.id))
                    .cloned()
                    .collect();
                outside
                    .choose(&mut v.construction.rng)
                    .cloned()
                    .unwrap_or_else(|| other_contractor(v, &winner))
            };
            if v.construction.is_reserved(&party.id, day) {
                return false;
            }
            builds(&mut plan, &party);
            holds(&write(ctx, v, &plan).1, target)
        }
        A::RelatedBidder => {
            let Some(mut plan) = compact_small(ctx, v, day, "inquiry") else {
                return false;
            };
            let awarded_on = plan.award.as_ref().expect("tendered").awarded_on;
            let tied = tied_on(v, awarded_on);
            let Some(party) = tied.get(uses as usize % tied.len().max(1)).cloned() else {
                plan::write(ctx, v, &plan);
                return false;
            };
            add_bidder(&mut plan, &party, true);
            holds(&write(ctx, v, &plan).1, target)
        }
    }
}

/// Makes `party` the contract party and the builder of the plan.
fn builds(plan: &mut ProjectPlan, party: &Contractor) {
    if let Some(c) = plan.contract.as_mut() {
        c.party = party.clone();
        let price = plan
            .award
            .as_ref()
            .and_then(|a| a.bidders.iter().find(|b| b.0 == party.id).map(|b| b.2));
        if let Some(price) = price {
            c.amount = price;
        }
    }
    if let Some(s) = plan.start.as_mut() {
        s.builder = Some(party.id.clone());
    }
    if let Some((r, _)) = plan.settlement.as_mut() {
        if r.builder.is_some() {
            r.builder = Some(party.id.clone());
        }
    }
}

/// Adds `party` as a losing bidder of the plan's award, bidding above the winner.
fn add_bidder(plan: &mut ProjectPlan, party: &TiedParty, tied: bool) {
    let award = plan.award.as_mut().expect("tendered");
    let top = award.bidders.iter().map(|b| b.2).max().unwrap_or(0);
    let bid = (top + yuan(500))
        .min(plan.budget)
        .max(award.price() + yuan(100));
    award
        .bidders
        .push((party.supplier.id.clone(), party.supplier.party_type, bid));
    if tied {
        award.tied.push(party.supplier.id.clone());
    }
}

/// A construction payment for small repair works naming no project (and, below 10000, no
/// contract).
fn unprojected_payment(ctx: &mut Ctx, v: &mut VillageState, day: NaiveDate) -> bool {
    let Some(contractor) = pick_contractor(v, day, BID_MIN) else {
        return false;
    };
    let amount = hundreds(&mut v.construction.rng, (yuan(2_000), yuan(9_900)));
    let e = Expense {
        payee: Party {
            id: contractor.id.clone(),
            party_type: "company",
            account: contractor.account.clone(),
        },
        purpose: "construction",
        line: LineChoice::None,
        amount,
        title: "村道坑洼修补工程款".into(),
        cash: false,
        invoice: Invoice::Issued,
        order_id: None,
        project_id: None,
        contract: ContractLink::Without,
    };
    let approval = Approval::ordinary(v);
    let filed_at = filing_time(v, day);
    let Some(s) = settle(ctx, v, &e, approval, filed_at, When::AfterApproval, false) else {
        return false;
    };
    // The book reads PRJ-01 of payments that name no project over the whole history.
    v.construction
        .book
        .all_alerts()
        .iter()
        .any(|(t, k)| *t == Threshold::OffBookPayment && k[0] == s.booked.payment_id)
}

/// Two small projects, the second 5 to 15 days after the first (or 91 for the near miss of the
/// window): next to each other, or let to the same contractor, or 522 m apart.
fn split(ctx: &mut Ctx, v: &mut VillageState, day: NaiveDate, uses: u32, anomaly: bool) -> bool {
    #[derive(PartialEq)]
    enum Link {
        Near(f64),
        SameContractor,
    }
    let rng = &mut v.construction.rng;
    let first = hundreds(rng, (yuan(40_000), yuan(70_000)));
    let (second, link, gap) = if anomaly {
        let second = if uses.is_multiple_of(4) {
            BID_MIN - first
        } else {
            hundreds(rng, (BID_MIN - first, yuan(98_000)))
        };
        let link = if uses.is_multiple_of(2) {
            Link::Near(rng.gen_range(150.0..400.0))
        } else {
            Link::SameContractor
        };
        (second, link, rng.gen_range(5..=15))
    } else {
        let far_apart = uses % 3 == 1 && plus_days(day, 91 + 12) <= ctx.last_day;
        match (uses % 3, far_apart) {
            (1, true) => (
                hundreds(rng, (BID_MIN - first, yuan(98_000))),
                Link::SameContractor,
                91,
            ),
            (2, _) => (
                hundreds(rng, (BID_MIN - first, yuan(98_000))),
                Link::Near(522.0),
                rng.gen_range(5..=15),
            ),
            _ => (
                BID_MIN - 1 - first,
                Link::Near(rng.gen_range(150.0..400.0)),
                rng.gen_range(5..=15),
            ),
        }
    };
    let second_day = ctx.calendar.working_days_after(plus_days(day, gap - 1), 1);
    let method = ("inquiry", false);
    let Some(c1) = pick_contractor(v, day, first) else {
        return false;
    };
    let available: Vec<Contractor> = v
        .construction
        .available(second_day, second)
        .into_iter()
        .filter(|c| (c.id == c1.id) == (link == Link::SameContractor))
        .collect();
    let Some(c2) = available.choose(&mut v.construction.rng).cloned() else {
        return false;
    };
    let site1 = v.construction.sites.next();
    let site2 = match link {
        Link::Near(meters) => north_of(site1, meters),
        Link::SameContractor => v.construction.sites.next(),
    };
    let p1 = draft(ctx, v, day, (first, method), &c1, site1, Pace::COMPACT);
    let p2 = draft(
        ctx,
        v,
        second_day,
        (second, method),
        &c2,
        site2,
        Pace::COMPACT,
    );
    let (w1, a1) = write(ctx, v, &p1);
    let (w2, _) = write(ctx, v, &p2);
    let a1 = {
        let mut all = a1;
        all.extend(v.construction.book.project_alerts(&p2.project_id));
        all
    };
    if anomaly {
        holds(&a1, Threshold::SplitProject)
    } else {
        a1.is_empty() && w1.implied.is_empty() && w2.implied.is_empty()
    }
}

/// Plants a project near miss on `day`; true when it implies nothing.
pub fn plant_near_miss(
    ctx: &mut Ctx,
    v: &mut VillageState,
    day: NaiveDate,
    kind: ProjectNearMiss,
    uses: u32,
) -> bool {
    use ProjectNearMiss as N;
    match kind {
        N::SettlementAtTolerance => {
            let Some(mut plan) = compact_small(ctx, v, day, "inquiry") else {
                return false;
            };
            if !uses.is_multiple_of(2) {
                add_change_order(v, &mut plan);
            }
            let agreed = plan.agreed();
            settle_at(ctx, v, &mut plan, agreed * 11 / 10);
            quiet(ctx, v, &plan)
        }
        N::ReturnOutsideWindow => return_outside_window(ctx, v, day, uses),
        N::SubcontractApprovedAtStart => {
            let Some(mut plan) = compact_small(ctx, v, day, "inquiry") else {
                return false;
            };
            let party = plan.contract.as_ref().expect("a contract").party.id.clone();
            let sub = other_contractor(v, &party);
            let start = plan.start.clone().expect("a start");
            let t = start.recorded_at;
            let rng = &mut v.construction.rng;
            let signed_on = plus_days(start.on, -1);
            let officials = v.officials.clone();
            let review = Review {
                steps: vec![
                    Step {
                        role: "leader",
                        actor: officials.leader.clone(),
                        action: "approved",
                        at: t - TimeDelta::minutes(rng.gen_range(90..=150)),
                    },
                    Step {
                        role: "supervision",
                        actor: officials.supervisor.clone(),
                        action: "approved",
                        at: t - TimeDelta::minutes(rng.gen_range(10..=60)),
                    },
                ],
                decision: Some(("approved", t)),
            };
            plan.subcontract = Some(Subcontract {
                signing: Signing {
                    party: sub.clone(),
                    amount: hundreds(rng, (yuan(10_000), yuan(45_000))),
                    signed_on,
                    recorded_at: plan::office(rng, signed_on),
                },
                submitted_at: t - TimeDelta::hours(rng.gen_range(3..=5)),
                review,
            });
            if let Some(s) = plan.start.as_mut() {
                s.builder = Some(sub.id);
            }
            quiet(ctx, v, &plan)
        }
        N::PaidAtApprovalInstant => {
            let budget = small_budget(v);
            let pace = Pace {
                decided_next_working_day: true,
                ..Pace::ORDINARY
            };
            let Some(mut plan) = project(ctx, v, day, (budget, ("direct_award", false)), pace)
            else {
                return false;
            };
            let amount = hundreds(&mut v.construction.rng, (yuan(2_000), yuan(9_900)));
            let filed_at = plan.submitted_at + TimeDelta::minutes(5);
            plan.unbound_payment = Some((filed_at, plan.approved_at(), amount));
            quiet(ctx, v, &plan)
        }
        N::SplitOutsideLimits => split(ctx, v, day, uses, false),
        N::JustBelowTender => {
            let method = ("inquiry", false);
            let Some(plan) = project(ctx, v, day, (BID_MIN - 1, method), Pace::ORDINARY) else {
                return false;
            };
            quiet(ctx, v, &plan)
        }
        N::StartedOnTheDay => {
            let plan = if uses.is_multiple_of(2) {
                compact_small(ctx, v, day, "direct_award").map(|mut plan| {
                    let approved = plan.approved_at();
                    let rng = &mut v.construction.rng;
                    if let Some(c) = plan.contract.as_mut() {
                        c.signed_on = approved.date();
                        c.recorded_at = approved + TimeDelta::minutes(10);
                    }
                    if let Some(s) = plan.start.as_mut() {
                        s.on = approved.date();
                        s.recorded_at = approved + TimeDelta::minutes(rng.gen_range(30..=90));
                    }
                    plan
                })
            } else {
                compact_small(ctx, v, day, "inquiry").map(|mut plan| {
                    let award = plan.award.as_ref().expect("tendered");
                    let (on, awarded_at) = (award.awarded_on, award.recorded_at);
                    let rng = &mut v.construction.rng;
                    if let Some(c) = plan.contract.as_mut() {
                        c.signed_on = on;
                        c.recorded_at = awarded_at + TimeDelta::minutes(30);
                    }
                    if let Some(s) = plan.start.as_mut() {
                        s.on = on;
                        s.recorded_at = awarded_at + TimeDelta::minutes(rng.gen_range(60..=120));
                    }
                    plan
                })
            };
            let Some(mut plan) = plan else {
                return false;
            };
            plan.schedule_payments(ctx, &mut v.construction.rng);
            quiet(ctx, v, &plan)
        }
        N::AwardCorrected => {
            let rng = &mut v.construction.rng;
            let budget = hundreds(rng, (yuan(150_000), yuan(600_000)));
            let method = ("public_tender", true);
            let Some(mut plan) = project(ctx, v, day, (budget, method), Pace::COMPACT) else {
                return false;
            };
            let award = plan.award.as_mut().expect("tendered");
            let winner = award.winner;
            let runner_up = (0..award.bidders.len())
                .filter(|&i| i != winner)
                .min_by_key(|&i| award.bidders[i].2)
                .expect("several bidders");
            award.correction = Some((award.recorded_at + TimeDelta::hours(2), runner_up));
            let party_id = award.bidders[runner_up].0.clone();
            if v.construction.is_reserved(&party_id, day) {
                return false;
            }
            let party = v
                .construction
                .contractors
                .iter()
                .find(|c| c.id == party_id)
                .expect("bidders are contractors")
                .clone();
            builds(&mut plan, &party);
            plan.schedule_payments(ctx, &mut v.construction.rng);
            quiet(ctx, v, &plan)
        }
        N::UnrelatedBidder => {
            let Some(mut plan) = compact_small(ctx, v, day, "inquiry") else {
                return false;
            };
            let awarded_on = plan.award.as_ref().expect("tendered").awarded_on;
            let untied = untied_on(v, awarded_on);
            let Some(party) = untied.get(uses as usize % untied.len().max(1)).cloned() else {
                plan::write(ctx, v, &plan);
                return false;
            };
            add_bidder(&mut plan, &party, false);
            quiet(ctx, v, &plan)
        }
    }
}

/// Money from the contractor 30 days and one second after the advance (the contractor kept
/// clear of other works until then, the rest of the price paid after it), or within the 30
/// days against a deposit it owed.
fn return_outside_window(ctx: &mut Ctx, v: &mut VillageState, day: NaiveDate, uses: u32) -> bool {
    let against_receivable = !uses.is_multiple_of(2) || plus_days(day, 48) > ctx.last_day;
    let Some(mut plan) = compact_small(ctx, v, day, "direct_award") else {
        return false;
    };
    let contractor = plan.contract.as_ref().expect("a contract").party.id.clone();
    let since = plan::office(&mut v.construction.rng, day) - TimeDelta::days(31);
    if !against_receivable && v.construction.book.paid_to_since(&contractor, since) {
        plan::write(ctx, v, &plan);
        return false;
    }
    let later: Vec<(NaiveDate, Fen)> = plan.payments.drain(1..).collect();
    let (written, alerts) = write(ctx, v, &plan);
    let Some(&advance) = written.paid.first() else {
        return false;
    };
    let back = if against_receivable {
        advance + TimeDelta::days(v.construction.rng.gen_range(5..=25))
    } else {
        advance + TimeDelta::days(30) + TimeDelta::seconds(1)
    };
    if back.date() > ctx.last_day {
        return false;
    }
    let amount = hundreds(&mut v.construction.rng, (yuan(1_000), yuan(5_000)));
    if against_receivable {
        let r = ReceivableDraft {
            receivable_id: ctx.ids.receivable(),
            kind: "deposit",
            debtor_id: contractor.clone(),
            amount,
            due_date: plus_days(back.date(), 10),
            lease_id: None,
            contract_id: written.main_contract_id.clone(),
        };
        let registered_at = back - TimeDelta::days(3);
        receivables::register(ctx, v, &r, registered_at, &[Collection::at(back, amount)]);
    } else {
        v.construction.reserve(&contractor, back.date());
        plan::write_return(ctx, v, &contractor, back, amount);
    }
    if let Some(main) = &written.main_contract_id {
        let mut quiet_later = true;
        for (filed_on, amount) in later {
            let filed_on = filed_on.max(plus_days(back.date(), 1));
            if plus_days(filed_on, plan::FILING_TAIL_DAYS) > ctx.last_day {
                break;
            }
            let filed_at = filing_time(v, filed_on);
            let how = (
                filed_at,
                When::AfterApproval,
                ContractLink::Under(main.clone()),
            );
            let mut w = plan::Written::default();
            plan::pay(ctx, v, &plan, amount, how, &mut w);
            quiet_later &= w.implied.is_empty();
        }
        if !quiet_later {
            return false;
        }
    }
    written.implied.is_empty()
        && alerts.is_empty()
        && v.construction.book.returns_from(&contractor).is_empty()
}
