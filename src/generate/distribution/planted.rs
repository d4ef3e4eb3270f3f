//! One distribution as the village carries it out: the plan voted (and published when passed),
//! then the payout lists, one per village group; a planted case changes the vote, the income
//! stated or one recipient of a list. Every DST alert is recorded here.

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use rand::seq::SliceRandom;
use rand::Rng;

use super::cases::{DistributionAnomaly, DistributionNearMiss, ListAnomaly, ListNearMiss};
use crate::generate::context::Ctx;
use crate::generate::decision::publish::{ordinary_publication_time, publish_affairs};
use crate::generate::decision::rules::quorum_of;
use crate::generate::draw::{CaseDraw, Pick};
use crate::generate::json::{array, yuan, Fen, JsonObject};
use crate::generate::meetings::Resolution;
use crate::generate::threshold::Threshold;
use crate::generate::time::{at, plus_days, plus_seconds};
use crate::generate::village::VillageState;

/// Seconds after the first list's payment a late vote takes place.
const LATE_VOTE_SECONDS: i64 = 3 * 3600;

/// How the plan is voted: the body, whether it passed, and when relative to the first list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Vote {
    /// The members' assembly or the members' representatives pass it on the meeting day.
    Ordinary,
    None,
    Body(&'static str, bool),
    AfterFirstList(i64),
}

type DistributionPick = Pick<DistributionAnomaly, DistributionNearMiss>;

fn vote_of(pick: DistributionPick) -> Vote {
    match pick {
        Pick::Anomaly(DistributionAnomaly::NoResolution, _) => Vote::None,
        Pick::Anomaly(DistributionAnomaly::Rejected, _) => Vote::Body("members_assembly", false),
        Pick::Anomaly(DistributionAnomaly::PartyBranch, _) => Vote::Body("party_branch", true),
        Pick::Anomaly(DistributionAnomaly::VillagerReps, _) => Vote::Body("villager_reps", true),
        Pick::Anomaly(DistributionAnomaly::ResolvedAfterPayment, _) => {
            Vote::AfterFirstList(LATE_VOTE_SECONDS)
        }
        Pick::NearMiss(DistributionNearMiss::ResolvedAtPayment, _) => Vote::AfterFirstList(0),
        _ => Vote::Ordinary,
    }
}

/// Schedules the vote; returns the resolution id.
fn vote(
    ctx: &mut Ctx,
    v: &mut VillageState,
    body: &'static str,
    passed: bool,
    title: String,
    at: NaiveDateTime,
) -> String {
    let d = &mut v.distribution;
    let expected: i64 = match body {
        "members_assembly" => (d.members.len() + d.moved_away.len()).max(1) as i64,
        "party_branch" => d.rng.gen_range(12..=30),
        _ => d.rng.gen_range(30..=60),
    };
    let present = d.rng.gen_range(quorum_of(expected)..=expected);
    let r = Resolution {
        resolution_id: ctx.ids.resolution(),
        meeting_type: body,
        procedure: "five_step",
        subject_ids: Vec::new(),
        passed,
        expected_attendees: expected,
        present_attendees: present,
        title,
    };
    ctx.events
        .schedule("meeting.resolved", v.place(), at, r.payload());
    if passed {
        let when = ordinary_publication_time(ctx, &mut v.distribution.rng, at);
        let reviewer = v.officials.supervisor.clone();
        publish_affairs(
            ctx,
            v,
            when,
            &[("resolution", Some(&r.resolution_id))],
            Some(&reviewer),
        );
    }
    r.resolution_id
}

/// Records the death of the desk's old member on `died`, registered at `registered`.
fn record_death(
    ctx: &mut Ctx,
    v: &mut VillageState,
    died: NaiveDate,
    registered: NaiveDateTime,
) -> Option<String> {
    let elder = v.distribution.elder.take()?;
    ctx.events.schedule(
        "registry.person",
        v.place(),
        registered,
        elder.payload(Some(died)),
    );
    Some(elder.person_id)
}

fn pick_from(rng: &mut impl Rng, people: &[String]) -> Option<String> {
    people.choose(rng).cloned()
}

/// The recipient a list case adds to a list paid on `day`.
fn added_recipient(
    ctx: &mut Ctx,
    v: &mut VillageState,
    pick: Pick<ListAnomaly, ListNearMiss>,
    day: NaiveDate,
) -> Option<String> {
    let d = &mut v.distribution;
    match pick {
        Pick::Normal => None,
        Pick::Anomaly(ListAnomaly::NonMember, _) => pick_from(&mut d.rng, &d.non_members),
        Pick::Anomaly(ListAnomaly::OtherVillageMember, _) => d.married_out.clone(),
        Pick::Anomaly(ListAnomaly::Deceased, _) => pick_from(&mut d.rng, &d.deceased),
        Pick::Anomaly(ListAnomaly::Unknown, _) => Some(ctx.ids.person()),
        Pick::Anomaly(ListAnomaly::DiedThatDay, _) => record_death(ctx, v, day, at(day, 7, 30, 0)),
        Pick::NearMiss(ListNearMiss::MovedAwayMember, _) => pick_from(&mut d.rng, &d.moved_away),
        Pick::NearMiss(ListNearMiss::DiesNextDay, _) => {
            let next = plus_days(day, 1);
            record_death(ctx, v, next, at(next, 8, 30, 0))
        }
    }
}

/// Plans, votes on `day` and pays a distribution of village `v`.
pub fn distribute(
    ctx: &mut Ctx,
    v: &mut VillageState,
    day: NaiveDate,
    distributions: &mut CaseDraw<DistributionAnomaly, DistributionNearMiss>,
    lists: &mut CaseDraw<ListAnomaly, ListNearMiss>,
) {
    let d = &mut v.distribution;
    let groups = d.rng.gen_range(2..=3);
    let mut list_days = Vec::with_capacity(groups);
    let mut next = ctx.calendar.working_days_after(day, 2);
    while list_days.len() < groups && next <= ctx.last_day {
        list_days.push(next);
        next = ctx.calendar.working_days_after(next, 1);
    }
    if list_days.is_empty() || d.members.is_empty() {
        return;
    }
    d.planned += 1;
    let distribution_id = format!("dst-{}-{:03}", v.id, d.planned);
    let income_year = if day.month() <= 6 {
        day.year() - 1
    } else {
        day.year()
    };
    let share: Fen = yuan(d.rng.gen_range(200..=1_200));
    let paid_at: Vec<NaiveDateTime> = list_days
        .iter()
        .map(|&l| plus_seconds(at(l, 9, 0, 0), d.rng.gen_range(0..6 * 3600)))
        .collect();
    let voted_at = plus_seconds(at(day, 14, 0, 0), d.rng.gen_range(0..2 * 3600));
    let ordinary_body = if d.rng.gen_bool(0.5) {
        "members_assembly"
    } else {
        "members_reps"
    };
    let mut members = d.members.clone();
    members.shuffle(&mut d.rng);
    let x = d.rng.gen();
    let pick = distributions.draw(x, |_| true, |_| true);
    let title = format!("关于{income_year}年度集体经营收益分配方案的决议");

    let resolution_id = match vote_of(pick) {
        Vote::None => None,
        Vote::Ordinary => Some(vote(ctx, v, ordinary_body, true, title, voted_at)),
        Vote::Body(body, passed) => Some(vote(ctx, v, body, passed, title, voted_at)),
        Vote::AfterFirstList(seconds) => {
            let when = plus_seconds(paid_at[0], seconds);
            Some(vote(ctx, v, "members_assembly", true, title, when))
        }
    };

    // The lists: the members split by group, each list perhaps with a recipient added.
    let per_list = members.len().div_ceil(list_days.len());
    let mut lines: Vec<Vec<String>> = members.chunks(per_list).map(<[String]>::to_vec).collect();
    let mut ineligible: Vec<String> = Vec::new();
    for (k, list) in lines.iter_mut().enumerate() {
        let list_day = list_days[k];
        let x = v.distribution.rng.gen();
        let next_day_written = plus_days(list_day, 1) <= ctx.last_day;
        let d = &v.distribution;
        let list_pick = lists.draw(
            x,
            |a| match a {
                ListAnomaly::NonMember => !d.non_members.is_empty(),
                ListAnomaly::OtherVillageMember => d.married_out.is_some(),
                ListAnomaly::Deceased => !d.deceased.is_empty(),
                ListAnomaly::DiedThatDay => d.elder.is_some(),
                ListAnomaly::Unknown => true,
            },
            |n| match n {
                ListNearMiss::MovedAwayMember => !d.moved_away.is_empty(),
                ListNearMiss::DiesNextDay => d.elder.is_some() && next_day_written,
            },
        );
        let Some(recipient) = added_recipient(ctx, v, list_pick, list_day) else {
            continue;
        };
        list.push(recipient.clone());
        match list_pick {
            Pick::Normal => {}
            Pick::Anomaly(kind, _) => {
                ineligible.push(recipient);
                ctx.count_planted(kind.target());
            }
            Pick::NearMiss(kind, _) => ctx.count_near_miss(kind.target()),
        }
    }

    let paid: Fen = share * lines.iter().map(Vec::len).sum::<usize>() as Fen;
    let distributable = match pick {
        Pick::Anomaly(DistributionAnomaly::OverDistributable, uses) if uses % 2 == 0 => paid - 1,
        Pick::Anomaly(DistributionAnomaly::OverDistributable, _) => paid - share,
        Pick::NearMiss(DistributionNearMiss::PaysExactlyDistributable, _) => paid,
        _ => paid + yuan(v.distribution.rng.gen_range(2_000..=60_000)),
    };
    for (k, list) in lines.iter().enumerate() {
        let entries: Vec<String> = list
            .iter()
            .map(|r| {
                let mut o = JsonObject::new();
                o.string("recipient_id", r).money("amount", share);
                o.finish()
            })
            .collect();
        let mut o = JsonObject::new();
        o.string("disbursement_id", &format!("{distribution_id}-{}", k + 1))
            .string("distribution_id", &distribution_id)
            .integer("year", i64::from(income_year));
        if let Some(r) = &resolution_id {
            o.string("resolution_id", r);
        }
        o.money("distributable_income", distributable)
            .raw("lines", &array(&entries));
        ctx.events
            .schedule("distribution.disbursed", v.place(), paid_at[k], o.finish());
    }

    let village = v.id.clone();
    for recipient in &ineligible {
        ctx.expect_alert(
            Threshold::IneligibleRecipient,
            &[&village, &distribution_id, recipient],
        );
    }
    if paid > distributable {
        ctx.expect_alert(Threshold::OverDistributable, &[&village, &distribution_id]);
    }
    let quiet_vote = matches!(vote_of(pick), Vote::Ordinary | Vote::AfterFirstList(0));
    if !quiet_vote {
        ctx.expect_alert(
            Threshold::NoAssemblyResolution,
            &[&village, &distribution_id],
        );
    }
    pick.count(ctx, |a| a.target(), |n| n.target());
}
