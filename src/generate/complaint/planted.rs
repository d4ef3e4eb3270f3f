//! An issue reported through the portal, ordinary or carrying a planted CPL case or near miss,
//! written as report.filed / report.accepted / report.closed with the alerts it implies.

use chrono::NaiveDate;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::cases::{ReportAnomaly, ReportNearMiss};
use super::issue::{acceptance_deadline, repeated_or_unsatisfied, Report};
use crate::generate::context::Ctx;
use crate::generate::draw::{CaseDraw, Pick};
use crate::generate::json::JsonObject;
use crate::generate::threshold::Threshold;
use crate::generate::time::{at, plus_days, plus_seconds, start_of};
use crate::generate::village::VillageState;

/// What villagers report: topic and text.
const TOPICS: [(&str, &str); 6] = [
    ("村务公开", "村务公开栏上季度财务收支未按时张贴"),
    ("工程建设", "村道硬化工程路面开裂，质量存疑"),
    ("惠民补贴", "低保名单中有不符合条件的人员"),
    ("集体资产", "村集体厂房出租价格明显偏低"),
    ("环境卫生", "垃圾清运不及时，路边堆积多日"),
    ("干部作风", "村干部办事拖延，群众多次反映未果"),
];

/// Follow-ups come this many days after the report before them.
const FOLLOW_UP_DAYS: (i64, i64) = (4, 9);

/// An issue with follow-ups is filed at least this many days before the end of the period: its
/// last follow-up and that one's closing fall within it.
const ISSUE_SPAN_DAYS: i64 = 2 * FOLLOW_UP_DAYS.1 + 30;

fn report_id(counter: &mut u64) -> String {
    *counter += 1;
    format!("rpt-{:07}", *counter)
}

/// Whether a report filed on `day` is taken up within the period in any case: its deadline's
/// last working day is written.
fn fits(ctx: &Ctx, day: NaiveDate) -> bool {
    ctx.calendar.working_days_after(day, 2) <= ctx.last_day
}

/// A report filed on `day` at a time villagers use the portal, taken up the next working day
/// in office hours.
fn ordinary_report(
    ctx: &Ctx,
    rng: &mut ChaCha8Rng,
    id: String,
    day: NaiveDate,
    repeat_of: Option<String>,
) -> Report {
    let filed = plus_seconds(at(day, 7, 0, 0), rng.gen_range(0..15 * 3600));
    let accepted_on = ctx.calendar.working_days_after(day, 1);
    let accepted = plus_seconds(at(accepted_on, 9, 0, 0), rng.gen_range(0..7 * 3600));
    Report {
        report_id: id,
        filed,
        repeat_of,
        accepted: Some(accepted),
        closed: None,
    }
}

/// Closes `r` three to ten working days after it was taken up, when that is within the period.
fn close(ctx: &Ctx, rng: &mut ChaCha8Rng, r: &mut Report, satisfaction: &'static str) {
    let Some(accepted) = r.accepted else {
        return;
    };
    let day = ctx
        .calendar
        .working_days_after(accepted.date(), rng.gen_range(3..=10));
    if day <= ctx.last_day {
        let when = plus_seconds(at(day, 9, 0, 0), rng.gen_range(0..8 * 3600));
        r.closed = Some((when, satisfaction));
    }
}

fn ordinary_satisfaction(rng: &mut ChaCha8Rng) -> &'static str {
    if rng.gen_bool(0.8) {
        "satisfied"
    } else {
        "no_response"
    }
}

fn write(ctx: &mut Ctx, v: &VillageState, r: &Report, topic: (&str, &str), handler: &str) {
    let mut o = JsonObject::new();
    o.string("report_id", &r.report_id).string("topic", topic.0);
    if let Some(earlier) = &r.repeat_of {
        o.string("repeat_of", earlier);
    }
    let summary = if r.repeat_of.is_some() {
        format!("{}（再次反映）", topic.1)
    } else {
        topic.1.to_string()
    };
    o.string("summary", &summary);
    ctx.events
        .schedule("report.filed", v.place(), r.filed, o.finish());
    if let Some(accepted) = r.accepted {
        let mut o = JsonObject::new();
        o.string("report_id", &r.report_id)
            .string("handler_id", handler);
        ctx.events
            .schedule("report.accepted", v.place(), accepted, o.finish());
    }
    if let Some((closed, satisfaction)) = r.closed {
        let mut o = JsonObject::new();
        o.string("report_id", &r.report_id)
            .string("satisfaction", satisfaction)
            .string("result", "已调查核实并答复反映人");
        ctx.events
            .schedule("report.closed", v.place(), closed, o.finish());
    }
}

/// Files `n` follow-ups of the issue's first report, each a few days after the report before;
/// `link(k, ids)` is the repeat_of of the k-th follow-up given the ids filed before it.
fn follow_ups(
    ctx: &Ctx,
    rng: &mut ChaCha8Rng,
    reports: &mut Vec<Report>,
    counter: &mut u64,
    n: usize,
    link: impl Fn(usize, &[Report]) -> String,
) {
    for k in 0..n {
        let before = reports.last().expect("the first report").filed.date();
        let day = plus_days(before, rng.gen_range(FOLLOW_UP_DAYS.0..=FOLLOW_UP_DAYS.1));
        let repeat_of = link(k, reports);
        let r = ordinary_report(ctx, rng, report_id(counter), day, Some(repeat_of));
        reports.push(r);
    }
}

/// A new issue reported on `day` in village `v`, with its follow-ups, acceptances and closings.
pub fn issue(
    ctx: &mut Ctx,
    v: &mut VillageState,
    day: NaiveDate,
    cases: &mut CaseDraw<ReportAnomaly, ReportNearMiss>,
    counter: &mut u64,
) {
    if !fits(ctx, day) {
        return;
    }
    let end = start_of(plus_days(ctx.last_day, 1));
    let rng = &mut v.complaint.rng;
    let topic = TOPICS[rng.gen_range(0..TOPICS.len())];
    let first = ordinary_report(ctx, rng, report_id(counter), day, None);
    let mut reports = vec![first];
    let deadline = acceptance_deadline(&ctx.calendar, reports[0].filed);
    let spans = fits(ctx, plus_days(day, ISSUE_SPAN_DAYS));
    let x: f64 = rng.gen();
    let pick = cases.draw(
        x,
        |k| match k {
            ReportAnomaly::AcceptedLate => plus_seconds(deadline, 1).date() <= ctx.last_day,
            ReportAnomaly::NeverAccepted => deadline < end,
            ReportAnomaly::ReportedAgainTwice | ReportAnomaly::ClosedUnsatisfied => spans,
        },
        |k| match k {
            ReportNearMiss::AcceptedAtDeadline => deadline.date() <= ctx.last_day,
            ReportNearMiss::ReportedAgainOnce | ReportNearMiss::ClosedBasicallySatisfied => spans,
        },
    );
    match pick {
        Pick::Normal => {
            let satisfaction = ordinary_satisfaction(rng);
            close(ctx, rng, &mut reports[0], satisfaction);
        }
        Pick::Anomaly(kind, uses) => {
            match kind {
                ReportAnomaly::AcceptedLate => {
                    reports[0].accepted = Some(plus_seconds(deadline, 1))
                }
                ReportAnomaly::NeverAccepted => reports[0].accepted = None,
                ReportAnomaly::ReportedAgainTwice => match uses % 3 {
                    // A chain: each follow-up names the report before it.
                    0 => follow_ups(ctx, rng, &mut reports, counter, 2, |_, r| {
                        r.last().expect("filed").report_id.clone()
                    }),
                    // Both follow-ups name the first report.
                    1 => follow_ups(ctx, rng, &mut reports, counter, 2, |_, r| {
                        r[0].report_id.clone()
                    }),
                    // The first report names the second before it is filed: a cycle, cut at
                    // the first report, whose id is the least.
                    _ => {
                        follow_ups(ctx, rng, &mut reports, counter, 2, |_, r| {
                            r.last().expect("filed").report_id.clone()
                        });
                        reports[0].repeat_of = Some(reports[1].report_id.clone());
                    }
                },
                ReportAnomaly::ClosedUnsatisfied => {
                    if uses % 2 == 1 {
                        follow_ups(ctx, rng, &mut reports, counter, 1, |_, r| {
                            r[0].report_id.clone()
                        });
                    }
                    let last = reports.last_mut().expect("filed");
                    close(ctx, rng, last, "unsatisfied");
                }
            }
            ctx.count_planted(kind.target());
        }
        Pick::NearMiss(kind, _) => {
            match kind {
                ReportNearMiss::AcceptedAtDeadline => reports[0].accepted = Some(deadline),
                ReportNearMiss::ReportedAgainOnce => {
                    follow_ups(ctx, rng, &mut reports, counter, 1, |_, r| {
                        r[0].report_id.clone()
                    });
                    let satisfaction = ordinary_satisfaction(rng);
                    close(ctx, rng, &mut reports[1], satisfaction);
                }
                ReportNearMiss::ClosedBasicallySatisfied => {
                    close(ctx, rng, &mut reports[0], "basically_satisfied");
                }
            }
            ctx.count_near_miss(kind.target());
        }
    }

    let handler = v.officials.deputy.clone();
    for r in &reports {
        write(ctx, v, r, topic, &handler);
        let deadline = acceptance_deadline(&ctx.calendar, r.filed);
        let in_time = r.accepted.is_some_and(|a| a <= deadline);
        if !in_time && deadline < end {
            ctx.expect_alert(Threshold::ReportNotAccepted, &[&v.id, &r.report_id]);
        }
    }
    for root in repeated_or_unsatisfied(&reports) {
        ctx.expect_alert(Threshold::RepeatedOrUnsatisfied, &[&v.id, &root]);
    }
}
