//! The ordinary checks and sign-offs of the supervisory committee and the planted OVS cases and
//! near misses, each altering one thing of an ordinary one. Every OVS alert is recorded here.

use chrono::{NaiveDate, NaiveDateTime};
use rand::Rng;

use super::cases::{CheckAnomaly, CheckNearMiss, SignoffAnomaly, SignoffNearMiss};
use crate::generate::approvals::{office_time_after, Submission};
use crate::generate::context::Ctx;
use crate::generate::disclosure::rules::{first_day, next_quarter, period_text, Quarter};
use crate::generate::draw::{CaseDraw, Pick};
use crate::generate::json::{yuan, JsonObject};
use crate::generate::threshold::Threshold;
use crate::generate::time::{at, plus_days, plus_seconds, start_of};
use crate::generate::village::VillageState;

/// OVS-01 max_wait, 24h.
const MAX_WAIT_SECONDS: i64 = 24 * 3600;

/// Whether `t` is an instant of the period written.
fn within(ctx: &Ctx, t: NaiveDateTime) -> bool {
    t.date() <= ctx.last_day
}

/// Whether a deadline passes within the period (the engine fires it at the end of the input).
fn passes(ctx: &Ctx, deadline: NaiveDateTime) -> bool {
    deadline < start_of(plus_days(ctx.last_day, 1))
}

/// OVS-02's deadline of quarter `q`: the start of the next quarter's first day (grace 0d).
pub fn check_deadline(q: Quarter) -> NaiveDateTime {
    start_of(first_day(next_quarter(q)))
}

fn write_check(
    ctx: &mut Ctx,
    v: &VillageState,
    when: NaiveDateTime,
    q: Quarter,
    checkers: &[String],
) {
    let mut o = JsonObject::new();
    o.string("check_id", &ctx.ids.check())
        .string("period", &period_text(q))
        .strings("checker_ids", checkers)
        .string(
            "findings",
            "检查本季度财务收支、工程项目和三务公开情况，未发现问题",
        );
    ctx.events
        .schedule("oversight.checked", v.place(), when, o.finish());
}

/// Records the check of quarter `q` on `day`, in office hours, by the head of the committee.
pub fn check_quarter(
    ctx: &mut Ctx,
    v: &mut VillageState,
    day: NaiveDate,
    q: Quarter,
    cases: &mut CaseDraw<CheckAnomaly, CheckNearMiss>,
) {
    let deadline = check_deadline(q);
    let when = plus_seconds(at(day, 9, 0, 0), v.oversight.rng.gen_range(0..8 * 3600));
    let x = v.oversight.rng.gen();
    let pick = cases.draw(
        x,
        |k| match k {
            CheckAnomaly::Skipped | CheckAnomaly::ByNonSupervisor => passes(ctx, deadline),
            CheckAnomaly::Late => within(ctx, plus_seconds(deadline, 1)),
        },
        |k| match k {
            CheckNearMiss::AtDeadline => within(ctx, deadline),
            CheckNearMiss::OneSupervisorAmongCheckers => true,
        },
    );
    let head = v.officials.supervisor.clone();
    let accountant = v.officials.accountant.clone();
    let period = period_text(q);
    match pick {
        Pick::Normal => write_check(ctx, v, when, q, &[head]),
        Pick::Anomaly(kind, _) => {
            match kind {
                CheckAnomaly::Skipped => {}
                CheckAnomaly::Late => write_check(ctx, v, plus_seconds(deadline, 1), q, &[head]),
                CheckAnomaly::ByNonSupervisor => write_check(ctx, v, when, q, &[accountant]),
            }
            ctx.expect_alert(Threshold::QuarterlyCheckMissing, &[&v.id, &period]);
            ctx.count_planted(kind.target());
        }
        Pick::NearMiss(kind, _) => {
            match kind {
                CheckNearMiss::AtDeadline => write_check(ctx, v, deadline, q, &[head]),
                CheckNearMiss::OneSupervisorAmongCheckers => {
                    let members = &v.officials.supervisory_members;
                    let supervisor = members.first().cloned().unwrap_or(head);
                    write_check(ctx, v, when, q, &[accountant, supervisor]);
                }
            }
            ctx.count_near_miss(kind.target());
        }
    }
}

/// Whether `signer` would sign a matter of `party` (himself or a relative he declared).
fn conflicted(v: &VillageState, signer: &str, party: &str) -> bool {
    signer == party || v.conflict.relatives_of(signer).iter().any(|r| r == party)
}

/// The committee member who signs a matter of `party`: the head unless conflicted, else the
/// first member who is not.
fn signer_for(v: &VillageState, party: &str) -> Option<String> {
    supervision_signer(v, &[party])
}

/// The committee member who signs a matter with these parties (OVS-03: applicant, counterparty
/// and the counterparty's controllers): the head unless he or a relative he declared is one of
/// them, else the first member for whom none is; none when every member is conflicted.
pub fn supervision_signer(v: &VillageState, parties: &[&str]) -> Option<String> {
    std::iter::once(&v.officials.supervisor)
        .chain(v.officials.supervisory_members.iter())
        .find(|s| !parties.iter().any(|p| conflicted(v, s, p)))
        .cloned()
}

const TITLES: [&str; 4] = [
    "购置村委会办公用品",
    "支付村部保洁服务费",
    "维修村部照明线路",
    "制作村务公开栏宣传版面",
];

fn step_json(approval_id: &str, role: &str, action: &str, actor: Option<&str>) -> String {
    let mut o = JsonObject::new();
    o.string("approval_id", approval_id)
        .integer("step_no", if role == "leader" { 1 } else { 2 })
        .string("role", role)
        .string("action", action);
    if let Some(actor) = actor {
        o.string("actor_id", actor).string(
            "comment",
            match action {
                "approved" => "同意",
                "returned" => "退回补充材料",
                _ => "不同意",
            },
        );
    }
    o.finish()
}

fn complete(
    ctx: &mut Ctx,
    v: &VillageState,
    approval_id: &str,
    decision: &str,
    when: NaiveDateTime,
) {
    let mut o = JsonObject::new();
    o.string("approval_id", approval_id)
        .string("decision", decision);
    if decision == "approved" {
        o.string("final_approver_id", &v.officials.leader);
    }
    ctx.events
        .schedule("approval.completed", v.place(), when, o.finish());
}

/// A payment approval the committee signs at step 2 after the party secretary at step 1.
pub fn signoff(
    ctx: &mut Ctx,
    v: &mut VillageState,
    day: NaiveDate,
    cases: &mut CaseDraw<SignoffAnomaly, SignoffNearMiss>,
) {
    let accountant = v.officials.accountant.clone();
    let head = v.officials.supervisor.clone();
    let Some(ordinary_signer) = signer_for(v, &accountant) else {
        return;
    };
    let rng = &mut v.oversight.rng;
    let submitted = plus_seconds(at(day, 9, 0, 0), rng.gen_range(0..3 * 3600));
    let lead_minutes = rng.gen_range(15..=120);
    let led = office_time_after(rng, submitted, lead_minutes);
    let pending = plus_seconds(led, rng.gen_range(60..600));
    let deadline = plus_seconds(pending, MAX_WAIT_SECONDS);
    let signed = plus_seconds(pending, rng.gen_range(1800..72_000));
    let decided_after = rng.gen_range(30..=600);
    let title = TITLES[rng.gen_range(0..TITLES.len())];
    let amount = yuan(rng.gen_range(200..3_000)) + rng.gen_range(0..100);
    let x: f64 = rng.gen();
    let relatives = v.conflict.relatives_of(&head);
    let relative = relatives.first().cloned();
    let recusing = relative.as_deref().and_then(|r| {
        v.officials
            .supervisory_members
            .iter()
            .find(|m| !conflicted(v, m, r))
            .cloned()
    });
    let pick = cases.draw(
        x,
        |k| match k {
            SignoffAnomaly::SignedLate => within(ctx, plus_seconds(deadline, 3600)),
            SignoffAnomaly::NeverSigned => passes(ctx, deadline),
            SignoffAnomaly::SignsOwnMatter => head != accountant,
            SignoffAnomaly::SignsKinMatter => relative.is_some(),
        },
        |k| match k {
            SignoffNearMiss::SignedAtDeadline | SignoffNearMiss::ReturnedAtDeadline => {
                within(ctx, plus_seconds(deadline, 3600))
            }
            SignoffNearMiss::HeadRecuses => recusing.is_some(),
            SignoffNearMiss::KinMatterReturned => relative.is_some(),
        },
    );

    // What the case changes: the applicant, the counterparty, who signs step 2, how and when.
    let mut applicant = accountant.clone();
    let mut counterparty: Option<String> = None;
    let mut signer = Some(ordinary_signer);
    let mut action = "approved";
    let mut when = signed;
    let mut title = title.to_string();
    match pick {
        Pick::Normal => {}
        Pick::Anomaly(kind, _) => {
            match kind {
                SignoffAnomaly::SignedLate => when = plus_seconds(deadline, 1),
                SignoffAnomaly::NeverSigned => signer = None,
                SignoffAnomaly::SignsOwnMatter => {
                    counterparty = Some(head.clone());
                    signer = Some(head.clone());
                    title = "报销村务监督委员会主任外出学习差旅费".to_string();
                }
                SignoffAnomaly::SignsKinMatter => {
                    applicant = relative.clone().expect("fits");
                    signer = Some(head.clone());
                }
            }
            ctx.count_planted(kind.target());
        }
        Pick::NearMiss(kind, _) => {
            match kind {
                SignoffNearMiss::SignedAtDeadline => when = deadline,
                SignoffNearMiss::ReturnedAtDeadline => {
                    when = deadline;
                    action = "returned";
                }
                SignoffNearMiss::HeadRecuses => {
                    applicant = relative.clone().expect("fits");
                    signer = recusing.clone();
                }
                SignoffNearMiss::KinMatterReturned => {
                    applicant = relative.clone().expect("fits");
                    signer = Some(head.clone());
                    action = "returned";
                }
            }
            ctx.count_near_miss(kind.target());
        }
    }

    let approval_id = ctx.ids.approval();
    let submission = Submission {
        approval_id: approval_id.clone(),
        kind: "payment",
        subject_id: ctx.ids.payment_request(),
        title,
        applicant_id: applicant.clone(),
        amount: Some(amount),
        counterparty_id: counterparty.clone(),
        project_id: None,
        project: None,
        seal: None,
    };
    let place = v.place();
    submission.schedule(ctx, place, submitted);
    let leader = v.officials.leader.clone();
    ctx.events.schedule(
        "approval.step",
        place,
        led,
        step_json(&approval_id, "leader", "approved", Some(&leader)),
    );
    ctx.events.schedule(
        "approval.step",
        place,
        pending,
        step_json(&approval_id, "supervision", "pending", None),
    );
    let Some(signer) = signer else {
        ctx.expect_alert(Threshold::SignoffOverdue, &[&v.id, &approval_id, "2"]);
        return;
    };
    ctx.events.schedule(
        "approval.step",
        place,
        when,
        step_json(&approval_id, "supervision", action, Some(&signer)),
    );
    let decided = plus_seconds(when, decided_after);
    if action == "approved" {
        complete(ctx, v, &approval_id, "approved", decided);
    } else {
        complete(ctx, v, &approval_id, "withdrawn", decided);
    }
    if when > deadline {
        ctx.expect_alert(Threshold::SignoffOverdue, &[&v.id, &approval_id, "2"]);
    }
    let parties: Vec<&str> = std::iter::once(applicant.as_str())
        .chain(counterparty.as_deref())
        .collect();
    if action == "approved" && parties.iter().any(|p| conflicted(v, &signer, p)) {
        ctx.expect_alert(
            Threshold::ConflictedSupervisor,
            &[&v.id, &approval_id, &signer],
        );
        // FIN-05 reads the same steps of a payment approval: its actor is its counterparty.
        if counterparty.as_deref() == Some(signer.as_str()) {
            ctx.expect_alert(Threshold::SelfApproval, &[&v.id, &approval_id]);
        }
    }
}
