//! One programme's disbursement list with its notice, ordinary or carrying one planted case or
//! near miss, and the alerts the book finds in it.

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use rand::seq::SliceRandom;
use rand::Rng;

use super::book::{Line, SubsidyList};
use super::cases::{ListAnomaly, ListNearMiss};
use super::rules::{favoritism, grew_too_much, Area, NOTICE_SECONDS};
use super::{Farm, SubsidyVillage};
use crate::generate::context::Ctx;
use crate::generate::decision::publish::{publish_affairs, PublishedItem};
use crate::generate::draw::{CaseDraw, Pick};
use crate::generate::json::{array, decimal_text, yuan, Fen, JsonObject};
use crate::generate::time::{at, plus_days, plus_seconds, start_of};
use crate::generate::village::VillageState;

/// How a programme pays: per hundredth of a mu claimed, or a fixed amount per recipient.
#[derive(Debug, Clone, Copy)]
pub enum Basis {
    PerHundredthMu(Fen),
    Flat(Fen),
}

#[derive(Debug, Clone, Copy)]
pub struct Programme {
    /// The scheme code written as subsidy_type.
    pub subsidy_type: &'static str,
    pub basis: Basis,
}

pub const PROGRAMMES: [Programme; 6] = [
    // 耕地地力保护补贴, 120 yuan per mu.
    Programme {
        subsidy_type: "farmland_protection",
        basis: Basis::PerHundredthMu(120),
    },
    // 高龄津贴.
    Programme {
        subsidy_type: "elderly_allowance",
        basis: Basis::Flat(yuan(1_200)),
    },
    // 稻谷生产者补贴, 90 yuan per mu.
    Programme {
        subsidy_type: "grain_producer",
        basis: Basis::PerHundredthMu(90),
    },
    // 残疾人两项补贴.
    Programme {
        subsidy_type: "disability_allowance",
        basis: Basis::Flat(yuan(1_560)),
    },
    // 困难群众临时救助.
    Programme {
        subsidy_type: "hardship_relief",
        basis: Basis::Flat(yuan(2_000)),
    },
    // 最低生活保障.
    Programme {
        subsidy_type: "minimum_living",
        basis: Basis::Flat(yuan(3_600)),
    },
];

/// Days from the notice to the payment: at least `MIN_GAP_DAYS` (8, more than the notice
/// period) and at most `MAX_GAP_DAYS`.
const MIN_GAP_DAYS: i64 = 8;
const MAX_GAP_DAYS: i64 = 12;
/// A supplementary list (补发名单) is paid this many days after the main one.
const SUPPLEMENT_DAYS: i64 = 3;

fn own_line(sv: &SubsidyVillage, recipient: &str, amount: Fen) -> Line {
    let account = sv
        .census
        .person(recipient)
        .and_then(|p| p.account.clone())
        .expect("recipients have an account of their own");
    Line {
        recipient: recipient.to_string(),
        amount,
        account,
        claimed: None,
    }
}

fn farm_line(sv: &SubsidyVillage, farm: &Farm, claimed: Area, rate: Fen) -> Line {
    Line {
        claimed: Some(claimed),
        ..own_line(sv, &farm.holder, claimed * rate)
    }
}

/// The smallest of the areas `farm` claimed last year under the programme, if any.
fn least_claim_last_year(
    sv: &SubsidyVillage,
    farm: &Farm,
    subsidy_type: &str,
    year: i32,
) -> Option<Area> {
    sv.book
        .claims(&farm.holder, subsidy_type, year - 1)
        .into_iter()
        .min()
}

/// What the farmer of `farm` may claim this year under each case, given last year's claims.
struct FarmChoices {
    /// A claim over a fifth above last year's, within the certified area.
    up_sharply: Option<Area>,
    /// Exactly a fifth above last year's least claim, within the certified area.
    up_a_fifth: Option<Area>,
    /// The certified area, when it is no more than a fifth above every claim of last year.
    certified: Option<Area>,
}

fn farm_choices(sv: &SubsidyVillage, farm: &Farm, subsidy_type: &str, year: i32) -> FarmChoices {
    let least = least_claim_last_year(sv, farm, subsidy_type, year);
    let within = |a: Area| (a <= farm.certified).then_some(a);
    FarmChoices {
        up_sharply: least.and_then(|a0| within(a0 * 6 / 5 + 1)),
        up_a_fifth: least
            .filter(|a0| (a0 * 6) % 5 == 0)
            .and_then(|a0| within(a0 * 6 / 5)),
        certified: least
            .is_none_or(|a0| !grew_too_much(farm.certified, a0))
            .then_some(farm.certified),
    }
}

/// Residents the programme may still pay this year, in random order.
fn fresh_recipients(sv: &mut SubsidyVillage, subsidy_type: &str, year: i32) -> Vec<String> {
    let mut fresh: Vec<String> = sv
        .pool
        .iter()
        .filter(|r| !sv.book.is_paid(r, subsidy_type, year))
        .cloned()
        .collect();
    fresh.shuffle(&mut sv.rng);
    fresh
}

/// Cadres and declared kin of the day who live in the village, have an account and are not
/// yet paid by the programme this year, in registry order.
fn close_recipients(
    sv: &SubsidyVillage,
    day: NaiveDate,
    subsidy_type: &str,
    year: i32,
) -> Vec<String> {
    let close = sv.census.close(day);
    sv.census
        .villagers()
        .iter()
        .filter(|v| {
            v.eligible
                && v.in_population(day)
                && v.account.is_some()
                && close.contains(v.id.as_str())
                && !sv.book.is_paid(&v.id, subsidy_type, year)
        })
        .map(|v| v.id.clone())
        .collect()
}

/// SUB-01 exactly at the ratio: the least K >= 2 of `close` recipients with K * P divisible by
/// 2 * Kp, and N = K * P / (2 * Kp) recipients in all, if the list can hold them.
fn at_ratio(close: usize, fresh: usize, p: u64, kp: u64) -> Option<(usize, usize)> {
    if kp == 0 {
        return None;
    }
    (2..=close.min(6) as u64).find_map(|k| {
        let n = k * p / (2 * kp);
        let exact = (k * p).is_multiple_of(2 * kp);
        (exact && n >= 5 && n >= k && (n - k) as usize <= fresh && !favoritism(n, k, p, kp))
            .then_some((k as usize, n as usize))
    })
}

/// The first recipient whose own account nobody else is paid into this year, so that sharing
/// it with `others` more makes exactly 1 + `others` recipients.
fn account_owner(sv: &SubsidyVillage, recipients: &[String], year: i32) -> Option<usize> {
    recipients.iter().position(|r| {
        let account = sv.census.person(r).and_then(|p| p.account.as_deref());
        account.is_some_and(|a| {
            sv.book
                .account_recipients(a, year)
                .iter()
                .all(|other| other == r)
        })
    })
}

/// The list and its notices as the case leaves them.
struct Plan {
    paid_at: NaiveDateTime,
    lines: Vec<Line>,
    notices: Vec<NaiveDateTime>,
    /// Lines of a supplementary list paid `SUPPLEMENT_DAYS` later, named by the same notice.
    supplement: Option<Vec<Line>>,
}

/// Gives notice on `day` of one list of `programme` and schedules its payment, altered by the
/// case drawn for it.
pub fn programme(
    ctx: &mut Ctx,
    v: &mut VillageState,
    day: NaiveDate,
    programme: &Programme,
    cases: &mut CaseDraw<ListAnomaly, ListNearMiss>,
    next_list: &mut u64,
) {
    let year = day.year();
    let subsidy_type = programme.subsidy_type;
    let sv = &mut v.subsidy;
    let gap = sv.rng.gen_range(MIN_GAP_DAYS + 1..=MAX_GAP_DAYS);
    let pay_seconds = sv.rng.gen_range(9 * 3600..16 * 3600);
    let notice_at = plus_seconds(at(day, 8, 30, 0), sv.rng.gen_range(0..3 * 3600));
    let wanted = sv.rng.gen_range(8..=20usize);
    let x: f64 = sv.rng.gen();
    let pay_on = |d: NaiveDate| plus_seconds(start_of(d), pay_seconds);
    let paid_at = pay_on(plus_days(day, gap));
    let pay_day = paid_at.date();
    let window =
        |d: NaiveDate| d >= plus_days(day, MIN_GAP_DAYS) && d <= plus_days(day, MAX_GAP_DAYS);

    let fresh = fresh_recipients(sv, subsidy_type, year);
    let close = close_recipients(sv, pay_day, subsidy_type, year);
    let (p, kp) = sv.census.population(pay_day);
    let ordinary: Vec<String> = fresh.iter().take(wanted).cloned().collect();
    let owner = account_owner(sv, &ordinary, year);
    let dies_on_window = sv
        .dying
        .iter()
        .find(|(id, died)| !sv.used.contains(id) && window(*died))
        .cloned();
    let dies_after_window = sv
        .dying
        .iter()
        .find(|(id, died)| !sv.used.contains(id) && window(plus_days(*died, -1)))
        .cloned();
    let unused = |people: &[String]| people.iter().find(|id| !sv.used.contains(*id)).cloned();
    let deceased = unused(&sv.deceased);
    let moved = unused(&sv.moved);
    let ratio = at_ratio(close.len(), fresh.len(), p, kp);
    let choices: Vec<FarmChoices> = sv
        .farms
        .iter()
        .map(|f| farm_choices(sv, f, subsidy_type, year))
        .collect();

    let (flat, rate) = match programme.basis {
        Basis::Flat(amount) => (true, amount),
        Basis::PerHundredthMu(rate) => (false, rate),
    };
    let farmed = !flat && !sv.farms.is_empty();
    let listed = flat && ordinary.len() >= 5;
    let extra = fresh.len() >= ordinary.len() + 4;
    let pick = cases.draw(
        x,
        |k| match k {
            ListAnomaly::PaidOnDayOfDeath => listed && dies_on_window.is_some(),
            ListAnomaly::ClaimUpSharply => farmed && choices.iter().any(|c| c.up_sharply.is_some()),
            ListAnomaly::ClaimAboveCertified => farmed,
            ListAnomaly::Favoritism => {
                listed && close.len() >= 2 && fresh.len() >= 4 && favoritism(6, 2, p, kp)
            }
            ListAnomaly::DeceasedRecipient => listed && deceased.is_some(),
            ListAnomaly::MovedAwayRecipient => listed && moved.is_some(),
            ListAnomaly::PaidTwiceInYear => listed && extra,
            ListAnomaly::ThreeOnOneAccount => listed && owner.is_some(),
            ListAnomaly::NotNoticed | ListAnomaly::NoticeOneSecondShort => listed || farmed,
        },
        |k| match k {
            ListNearMiss::PaidDayBeforeDeath => listed && dies_after_window.is_some(),
            ListNearMiss::GrowthExactlyTwentyPercent => {
                farmed && choices.iter().any(|c| c.up_a_fifth.is_some())
            }
            ListNearMiss::ClaimEqualsCertified => {
                farmed && choices.iter().any(|c| c.certified.is_some())
            }
            ListNearMiss::FavoritismAtRatio => flat && ratio.is_some(),
            ListNearMiss::FavoritismBelowMinimums => listed && close.len() >= 2 && fresh.len() >= 5,
            ListNearMiss::SupplementNewRecipients => listed && extra,
            ListNearMiss::TwoOnOneAccount => listed && owner.is_some(),
            ListNearMiss::NoticeExactlySevenDays => listed || farmed,
        },
    );

    let mut plan = Plan {
        paid_at,
        lines: if flat {
            ordinary.iter().map(|r| own_line(sv, r, rate)).collect()
        } else {
            sv.farms
                .iter()
                .map(|f| farm_line(sv, f, f.farmed, rate))
                .collect()
        },
        notices: vec![notice_at],
        supplement: None,
    };
    if plan.lines.is_empty() {
        return;
    }
    let fresh_after =
        |n: usize| -> Vec<String> { fresh.iter().skip(ordinary.len()).take(n).cloned().collect() };
    let claim = |plan: &mut Plan, farm: usize, area: Area| {
        plan.lines[farm] = farm_line(sv, &sv.farms[farm], area, rate);
    };
    let mut newly_used: Option<String> = None;
    match pick {
        Pick::Normal => {}
        Pick::Anomaly(kind, uses) => {
            match kind {
                ListAnomaly::PaidOnDayOfDeath => {
                    let (id, died) = dies_on_window.clone().expect("fits");
                    plan.paid_at = pay_on(died);
                    plan.lines.push(own_line(sv, &id, rate));
                    newly_used = Some(id);
                }
                ListAnomaly::DeceasedRecipient | ListAnomaly::MovedAwayRecipient => {
                    let id = if kind == ListAnomaly::DeceasedRecipient {
                        deceased.clone()
                    } else {
                        moved.clone()
                    };
                    let id = id.expect("fits");
                    plan.lines.push(own_line(sv, &id, rate));
                    newly_used = Some(id);
                }
                ListAnomaly::ClaimUpSharply => {
                    let farm = choices.iter().position(|c| c.up_sharply.is_some());
                    let farm = farm.expect("fits");
                    claim(&mut plan, farm, choices[farm].up_sharply.expect("fits"));
                }
                ListAnomaly::ClaimAboveCertified => {
                    let farm = uses as usize % sv.farms.len();
                    let f = &sv.farms[farm];
                    let area = if uses % 2 == 0 {
                        f.certified + 1
                    } else {
                        f.certified + f.homestead
                    };
                    claim(&mut plan, farm, area);
                }
                ListAnomaly::Favoritism => {
                    let mut recipients: Vec<String> = close.iter().take(2).cloned().collect();
                    recipients.extend(fresh.iter().take(4).cloned());
                    plan.lines = recipients.iter().map(|r| own_line(sv, r, rate)).collect();
                }
                ListAnomaly::PaidTwiceInYear => {
                    let again = plan.lines[0].clone();
                    if uses % 2 == 0 {
                        plan.lines.push(again);
                    } else {
                        let mut lines = vec![again];
                        lines.extend(fresh_after(3).iter().map(|r| own_line(sv, r, rate)));
                        plan.supplement = Some(lines);
                    }
                }
                ListAnomaly::ThreeOnOneAccount => {
                    share_account(&mut plan.lines, owner.expect("fits"), 2);
                }
                ListAnomaly::NotNoticed => {
                    plan.notices = if uses % 2 == 0 {
                        Vec::new()
                    } else {
                        vec![plus_seconds(plan.paid_at, 86_400)]
                    };
                }
                ListAnomaly::NoticeOneSecondShort => {
                    plan.notices = vec![plus_seconds(plan.paid_at, 1 - NOTICE_SECONDS)];
                }
            }
            ctx.count_planted(kind.target());
        }
        Pick::NearMiss(kind, uses) => {
            match kind {
                ListNearMiss::PaidDayBeforeDeath => {
                    let (id, died) = dies_after_window.clone().expect("fits");
                    plan.paid_at = pay_on(plus_days(died, -1));
                    plan.lines.push(own_line(sv, &id, rate));
                    newly_used = Some(id);
                }
                ListNearMiss::GrowthExactlyTwentyPercent => {
                    let farm = choices.iter().position(|c| c.up_a_fifth.is_some());
                    let farm = farm.expect("fits");
                    claim(&mut plan, farm, choices[farm].up_a_fifth.expect("fits"));
                }
                ListNearMiss::ClaimEqualsCertified => {
                    let farm = choices.iter().position(|c| c.certified.is_some());
                    let farm = farm.expect("fits");
                    claim(&mut plan, farm, choices[farm].certified.expect("fits"));
                }
                ListNearMiss::FavoritismAtRatio => {
                    let (k, n) = ratio.expect("fits");
                    let mut recipients: Vec<String> = close.iter().take(k).cloned().collect();
                    recipients.extend(fresh.iter().take(n - k).cloned());
                    plan.lines = recipients.iter().map(|r| own_line(sv, r, rate)).collect();
                }
                ListNearMiss::FavoritismBelowMinimums => {
                    // Two relatives among four, or one among six.
                    let (k, n) = if uses % 2 == 0 { (2, 4) } else { (1, 6) };
                    let mut recipients: Vec<String> = close.iter().take(k).cloned().collect();
                    recipients.extend(fresh.iter().take(n - k).cloned());
                    plan.lines = recipients.iter().map(|r| own_line(sv, r, rate)).collect();
                }
                ListNearMiss::SupplementNewRecipients => {
                    let lines = fresh_after(4)
                        .iter()
                        .map(|r| own_line(sv, r, rate))
                        .collect();
                    plan.supplement = Some(lines);
                }
                ListNearMiss::TwoOnOneAccount => {
                    share_account(&mut plan.lines, owner.expect("fits"), 1);
                }
                ListNearMiss::NoticeExactlySevenDays => {
                    plan.notices = vec![plus_seconds(plan.paid_at, -NOTICE_SECONDS)];
                }
            }
            ctx.count_near_miss(kind.target());
        }
    }
    if let Some(id) = newly_used {
        sv.used.insert(id);
    }
    write(ctx, v, subsidy_type, year, plan, next_list);
}

/// Pays the `others` recipients after `owner` into the owner's account (代领).
fn share_account(lines: &mut [Line], owner: usize, others: usize) {
    let account = lines[owner].account.clone();
    for line in lines
        .iter_mut()
        .enumerate()
        .filter(|(i, _)| *i != owner)
        .map(|(_, l)| l)
        .take(others)
    {
        line.account = account.clone();
    }
}

fn disbursed_json(list: &SubsidyList) -> String {
    let lines: Vec<String> = list
        .lines
        .iter()
        .map(|l| {
            let mut o = JsonObject::new();
            o.string("recipient_id", &l.recipient)
                .money("amount", l.amount)
                .string("account_no", &l.account);
            if let Some(area) = l.claimed {
                o.raw("claimed_area_mu", &decimal_text(area, 2));
            }
            o.finish()
        })
        .collect();
    let mut o = JsonObject::new();
    o.string("subsidy_id", &list.subsidy_id)
        .string("subsidy_type", list.subsidy_type)
        .integer("year", i64::from(list.year))
        .raw("lines", &array(&lines));
    o.finish()
}

/// Schedules the notices and the lists, and records the alerts they raise.
fn write(
    ctx: &mut Ctx,
    v: &mut VillageState,
    subsidy_type: &'static str,
    year: i32,
    plan: Plan,
    next_list: &mut u64,
) {
    let mut list_id = || {
        *next_list += 1;
        format!("sb-{year}-{:06}", *next_list)
    };
    let mut lists = vec![SubsidyList {
        subsidy_id: list_id(),
        subsidy_type,
        year,
        paid_at: plan.paid_at,
        lines: plan.lines,
        notices: plan.notices.clone(),
    }];
    if let Some(lines) = plan.supplement {
        lists.push(SubsidyList {
            subsidy_id: list_id(),
            subsidy_type,
            year,
            paid_at: plus_seconds(plan.paid_at, SUPPLEMENT_DAYS * 86_400),
            lines,
            notices: plan.notices.clone(),
        });
    }
    let head = v.officials.supervisor.clone();
    for &notice in &plan.notices {
        let items: Vec<PublishedItem> = lists
            .iter()
            .map(|l| ("subsidy", Some(l.subsidy_id.as_str())))
            .collect();
        publish_affairs(ctx, v, notice, &items, Some(&head));
    }
    let place = v.place();
    for list in lists {
        ctx.events.schedule(
            "subsidy.disbursed",
            place,
            list.paid_at,
            disbursed_json(&list),
        );
        let sv = &mut v.subsidy;
        let found = sv.book.record(list, &sv.census, |r| {
            super::certified_of(&sv.farms, &sv.census, r)
        });
        for (threshold, key) in found {
            let mut full = vec![v.id.as_str()];
            full.extend(key.iter().map(String::as_str));
            ctx.expect_alert(threshold, &full);
        }
    }
}
