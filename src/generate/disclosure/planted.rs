//! The ordinary publications of the disclosure desk and the planted DIS cases and near misses,
//! each altering one thing of an ordinary publication. DIS-04 alerts are recorded here (who
//! reviewed is the desk's choice); the others reach the truth through the disclosure ledger.

use chrono::{NaiveDate, NaiveDateTime};
use rand::Rng;

use super::cases::{MatterAnomaly, MatterNearMiss, QuarterAnomaly, QuarterNearMiss};
use super::ledger::{DisclosureLedger, MajorMatter};
use super::rules::{due, major_deadline, period_text, Quarter, REQUIRED_ITEMS};
use crate::generate::context::Ctx;
use crate::generate::decision::publish::{publish, publish_affairs, Publication, PublishedItem};
use crate::generate::draw::{CaseDraw, Pick};
use crate::generate::threshold::Threshold;
use crate::generate::time::{at, plus_days, plus_seconds, start_of};
use crate::generate::village::VillageState;

/// Whether `t` is an instant of the period written.
fn within(ctx: &Ctx, t: NaiveDateTime) -> bool {
    t.date() <= ctx.last_day
}

/// Whether a deadline passes within the period (the engine fires it at the end of the input).
fn passes(ctx: &Ctx, deadline: NaiveDateTime) -> bool {
    deadline < start_of(plus_days(ctx.last_day, 1))
}

fn office_time(v: &mut VillageState, day: NaiveDate, hour: u32) -> NaiveDateTime {
    plus_seconds(at(day, hour, 0, 0), v.disclosure.rng.gen_range(0..3600))
}

/// Publishes the major matters approved before `day`: the ordinary ones together, reviewed by
/// the head of the supervisory committee; planted ones on their own.
pub fn publish_matters(
    ctx: &mut Ctx,
    v: &mut VillageState,
    day: NaiveDate,
    matters: Vec<MajorMatter>,
    cases: &mut CaseDraw<MatterAnomaly, MatterNearMiss>,
) {
    let mut ordinary: Vec<MajorMatter> = Vec::new();
    for m in matters {
        let deadline = major_deadline(m.approved_at);
        let x = v.disclosure.rng.gen();
        let has_member = !v.officials.supervisory_members.is_empty();
        let pick = cases.draw(
            x,
            |k| match k {
                MatterAnomaly::MatterLate => within(ctx, plus_seconds(deadline, 1)),
                MatterAnomaly::NotReviewed => true,
            },
            |k| match k {
                MatterNearMiss::MatterAtDeadline => within(ctx, deadline),
                MatterNearMiss::ReviewedByMember => has_member,
            },
        );
        let item: PublishedItem = (m.item_type, Some(&m.subject_id));
        let head = v.officials.supervisor.clone();
        let when = office_time(v, day, 9);
        match pick {
            Pick::Normal => ordinary.push(m),
            Pick::Anomaly(MatterAnomaly::MatterLate, uses) => {
                if uses.is_multiple_of(2) {
                    publish_affairs(ctx, v, plus_seconds(deadline, 1), &[item], Some(&head));
                }
                ctx.count_planted(MatterAnomaly::MatterLate.target());
            }
            Pick::Anomaly(MatterAnomaly::NotReviewed, uses) => {
                let reviewer = (uses % 2 == 1).then(|| v.officials.accountant.clone());
                let id = publish_affairs(ctx, v, when, &[item], reviewer.as_deref());
                ctx.expect_alert(Threshold::Unreviewed, &[&v.id, &id]);
                ctx.count_planted(MatterAnomaly::NotReviewed.target());
            }
            Pick::NearMiss(MatterNearMiss::MatterAtDeadline, _) => {
                publish_affairs(ctx, v, deadline, &[item], Some(&head));
                ctx.count_near_miss(MatterNearMiss::MatterAtDeadline.target());
            }
            Pick::NearMiss(MatterNearMiss::ReviewedByMember, uses) => {
                let members = &v.officials.supervisory_members;
                let member = members[uses as usize % members.len()].clone();
                publish_affairs(ctx, v, when, &[item], Some(&member));
                ctx.count_near_miss(MatterNearMiss::ReviewedByMember.target());
            }
        }
    }
    if !ordinary.is_empty() {
        let items: Vec<PublishedItem> = ordinary
            .iter()
            .map(|m| (m.item_type, Some(m.subject_id.as_str())))
            .collect();
        let head = v.officials.supervisor.clone();
        let when = office_time(v, day, 9);
        publish_affairs(ctx, v, when, &items, Some(&head));
    }
}

/// Publishes quarter `q`'s finances and 8+X items on `day`.
pub fn publish_quarter(
    ctx: &mut Ctx,
    v: &mut VillageState,
    day: NaiveDate,
    q: Quarter,
    ledger: &DisclosureLedger,
    cases: &mut CaseDraw<QuarterAnomaly, QuarterNearMiss>,
) {
    let due_at = due(q);
    let head = v.officials.supervisor.clone();
    let period = period_text(q);

    // The finances.
    let x = v.disclosure.rng.gen();
    let pick = cases.draw(
        x,
        |k| match k {
            QuarterAnomaly::FinanceLate => passes(ctx, due_at),
            QuarterAnomaly::TotalsOffByACent => true,
            QuarterAnomaly::ItemLeftOut => false,
        },
        |k| match k {
            QuarterNearMiss::FinanceAtDue => within(ctx, due_at),
            QuarterNearMiss::RepublishedExact => plus_days(day, 7) <= ctx.last_day,
            QuarterNearMiss::ItemsAtDue => false,
        },
    );
    let (income, expense) = ledger.totals(v.index, q);
    let mut when = Some(office_time(v, day, 10));
    let mut totals = (income, expense);
    let mut again = None;
    match pick {
        Pick::Normal => {}
        Pick::Anomaly(kind, uses) => {
            match kind {
                QuarterAnomaly::FinanceLate => {
                    when = (uses.is_multiple_of(2)).then(|| plus_seconds(due_at, 1));
                }
                _ if uses.is_multiple_of(2) || income == 0 => totals.1 += 1,
                _ => totals.0 -= 1,
            }
            ctx.count_planted(kind.target());
        }
        Pick::NearMiss(kind, _) => {
            match kind {
                QuarterNearMiss::FinanceAtDue => when = Some(due_at),
                _ => again = Some(office_time(v, plus_days(day, 7), 10)),
            }
            ctx.count_near_miss(kind.target());
        }
    }
    let finance = |totals| Publication {
        category: "finance",
        period: Some(period.clone()),
        totals: Some(totals),
    };
    for t in when.into_iter().chain(again) {
        publish(
            ctx,
            v,
            t,
            finance(totals),
            &[("finance_statement", None)],
            Some(&head),
        );
    }

    // The 8+X items: every required type, with the objects published during the quarter.
    let x = v.disclosure.rng.gen();
    let pick = cases.draw(
        x,
        |k| k == QuarterAnomaly::ItemLeftOut,
        |k| k == QuarterNearMiss::ItemsAtDue && within(ctx, due_at),
    );
    let mut left_out = None;
    let mut when = office_time(v, day, 11);
    match pick {
        Pick::Normal => {}
        Pick::Anomaly(kind, uses) => {
            left_out = Some(REQUIRED_ITEMS[1 + uses as usize % (REQUIRED_ITEMS.len() - 1)]);
            ctx.count_planted(kind.target());
        }
        Pick::NearMiss(kind, _) => {
            when = due_at;
            ctx.count_near_miss(kind.target());
        }
    }
    let published = ledger.published_in(v.index, q);
    let mut items: Vec<PublishedItem> = Vec::new();
    for t in REQUIRED_ITEMS[1..].iter().filter(|t| Some(**t) != left_out) {
        let before = items.len();
        for (item_type, ref_id) in published {
            if item_type == t && !items.contains(&(t, Some(ref_id.as_str()))) {
                items.push((t, Some(ref_id)));
            }
        }
        if items.len() == before {
            items.push((t, None));
        }
    }
    publish(
        ctx,
        v,
        when,
        Publication {
            category: "affairs",
            period: Some(period.clone()),
            totals: None,
        },
        &items,
        Some(&head),
    );
}
