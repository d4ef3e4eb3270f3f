//! An independent, literal evaluation of the nine labor conditions of catalog.yaml over an event
//! stream, used by the tests to check that the truth file lists exactly the alerts the events
//! imply. Events are applied in (occurred_at, event_id) order; every lookup uses live versions.

use chrono::{DateTime, Datelike, Days, FixedOffset, NaiveDate, TimeDelta};
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};

/// (threshold_id, dedup key members sorted by name).
pub type AlertKey = (String, Vec<(String, String)>);

const MIN_GAP_HOURS: i64 = 4;
const MAX_DAILY_HOURS: i64 = 10;
const BID_MIN_FEN: i64 = 100_000 * 100;
const MAX_DELAY_DAYS: u64 = 30;

fn local() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).unwrap()
}

fn instant(v: &Value) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(v.as_str().expect("timestamp string")).expect("RFC 3339")
}

fn date_of(t: DateTime<FixedOffset>) -> NaiveDate {
    t.with_timezone(&local()).date_naive()
}

fn date(v: &Value) -> NaiveDate {
    NaiveDate::parse_from_str(v.as_str().expect("date string"), "%Y-%m-%d").expect("date")
}

fn sod(d: NaiveDate) -> DateTime<FixedOffset> {
    d.and_hms_opt(0, 0, 0)
        .unwrap()
        .and_local_timezone(local())
        .unwrap()
}

/// Money literal to fen, exactly.
pub fn fen(v: &Value) -> i64 {
    let text = match v {
        Value::Number(n) => n.to_string(),
        other => panic!("money must be a number, got {other}"),
    };
    let (whole, frac) = text.split_once('.').unwrap_or((&text, ""));
    assert!(frac.len() <= 2, "money literal {text}");
    let frac = format!("{frac:0<2}");
    whole.parse::<i64>().unwrap() * 100 + frac.parse::<i64>().unwrap()
}

fn opt_str(payload: &Value, key: &str) -> Option<String> {
    match payload.get(key) {
        Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
        _ => None,
    }
}

fn text(payload: &Value, key: &str) -> String {
    payload[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} missing"))
        .to_string()
}

struct Event {
    event_id: String,
    kind: String,
    at: DateTime<FixedOffset>,
    village: String,
    payload: Value,
}

#[derive(Clone)]
struct Approval {
    order: (DateTime<FixedOffset>, String),
    village: String,
    kind: String,
    subject: String,
    amount: Option<i64>,
    project_id: Option<String>,
}

#[derive(Clone)]
struct Claim {
    village: String,
    job: String,
    work_start: NaiveDate,
    work_end: NaiveDate,
    lines: Vec<(String, i64)>,
}

#[derive(Clone)]
struct Attendance {
    village: String,
    worker: String,
    start: DateTime<FixedOffset>,
    end: DateTime<FixedOffset>,
}

struct Pool {
    village: String,
    approved_on: NaiveDate,
    annual_cap: Option<i64>,
}

struct Person {
    accounts: Vec<String>,
    pools: Vec<Pool>,
}

struct Cadre {
    village: String,
    person: String,
    term_start: NaiveDate,
    term_end: Option<NaiveDate>,
}

#[derive(Default)]
struct State {
    persons: HashMap<String, Person>,
    cadres: HashMap<(String, String, String), Cadre>,
    approvals: HashMap<String, Approval>,
    claims: HashMap<String, Claim>,
    attendance: HashMap<String, Attendance>,
    alerts: BTreeSet<AlertKey>,
}

fn key(id: &str, members: &[(&str, &str)]) -> AlertKey {
    let mut members: Vec<(String, String)> = members
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    members.sort();
    (id.to_string(), members)
}

impl State {
    fn fire(&mut self, id: &str, members: &[(&str, &str)]) {
        self.alerts.insert(key(id, members));
    }

    /// approval_of(kind, s) in village v.
    fn approval_of(&self, v: &str, kind: &str, subject: &str) -> Option<&Approval> {
        self.approvals
            .values()
            .filter(|a| a.village == v && a.kind == kind && a.subject == subject)
            .min_by(|a, b| a.order.cmp(&b.order))
    }

    fn labor_applications<'a>(
        &'a self,
        v: &'a str,
        job: &'a str,
    ) -> impl Iterator<Item = &'a Approval> {
        self.approvals
            .values()
            .filter(move |a| a.village == v && a.kind == "labor" && a.subject == job)
    }

    /// Some day between `from` and `to` on which `person` is a cadre of `v`.
    fn cadre_during(&self, v: &str, person: &str, from: NaiveDate, to: NaiveDate) -> bool {
        self.cadres.values().any(|c| {
            c.village == v
                && c.person == person
                && c.term_start <= to
                && c.term_end.is_none_or(|end| end >= from)
                && from <= to
        })
    }

    fn apply(&mut self, e: &Event) {
        let p = &e.payload;
        let v = e.village.as_str();
        match e.kind.as_str() {
            "registry.person" => {
                let pools = p
                    .get("labor_pools")
                    .and_then(Value::as_array)
                    .map(|pools| {
                        pools
                            .iter()
                            .map(|pool| Pool {
                                village: text(pool, "village_id"),
                                approved_on: date(&pool["approved_on"]),
                                annual_cap: pool
                                    .get("annual_cap")
                                    .filter(|c| !c.is_null())
                                    .map(fen),
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                let accounts = p["bank_accounts"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|a| a.as_str().unwrap().to_string())
                    .collect();
                self.persons
                    .insert(text(p, "person_id"), Person { accounts, pools });
            }
            "registry.cadre" => {
                let person = text(p, "person_id");
                let role = text(p, "role");
                self.cadres.insert(
                    (v.to_string(), person.clone(), role),
                    Cadre {
                        village: v.to_string(),
                        person,
                        term_start: date(&p["term_start"]),
                        term_end: p.get("term_end").filter(|t| !t.is_null()).map(date),
                    },
                );
            }
            "approval.submitted" => self.on_submitted(e),
            "labor.attendance" => self.on_attendance(e),
            "labor.claim" => self.on_claim(e),
            "finance.payment" => self.on_payment(e),
            _ => {}
        }
    }

    fn on_submitted(&mut self, e: &Event) {
        let p = &e.payload;
        let v = e.village.as_str();
        let approval = Approval {
            order: (e.at, e.event_id.clone()),
            village: v.to_string(),
            kind: text(p, "kind"),
            subject: text(p, "subject_id"),
            amount: p.get("amount").filter(|a| !a.is_null()).map(fen),
            project_id: opt_str(p, "project_id"),
        };
        self.approvals
            .insert(text(p, "approval_id"), approval.clone());
        // LAB-07 on either approval.submitted.
        let pairs: Vec<(String, String)> = match approval.kind.as_str() {
            "labor" => approval
                .project_id
                .iter()
                .map(|project| (approval.subject.clone(), project.clone()))
                .collect(),
            "project" => self
                .approvals
                .values()
                .filter(|l| {
                    l.village == v
                        && l.kind == "labor"
                        && l.project_id.as_deref() == Some(approval.subject.as_str())
                })
                .map(|l| (l.subject.clone(), approval.subject.clone()))
                .collect(),
            _ => Vec::new(),
        };
        for (job, project) in pairs {
            let big = self
                .approval_of(v, "project", &project)
                .and_then(|s| s.amount)
                .is_some_and(|amount| amount >= BID_MIN_FEN);
            if big {
                self.fire(
                    "labor.tender_size_project_as_labor",
                    &[("village_id", v), ("job_id", &job)],
                );
            }
        }
    }

    fn on_attendance(&mut self, e: &Event) {
        let p = &e.payload;
        let v = e.village.as_str();
        let id = text(p, "attendance_id");
        let job = text(p, "job_id");
        let x = Attendance {
            village: v.to_string(),
            worker: text(p, "worker_id"),
            start: instant(&p["start_at"]),
            end: instant(&p["end_at"]),
        };
        self.attendance.insert(id.clone(), x.clone());

        // LAB-01
        if !self
            .labor_applications(v, &job)
            .any(|a| a.order.0 <= x.start)
        {
            self.fire(
                "labor.work_before_application",
                &[("village_id", v), ("job_id", &job)],
            );
        }

        // LAB-06
        let day = date_of(x.start);
        let (day_start, day_end) = (sod(day), sod(day + Days::new(1)));
        let mine: Vec<(&String, &Attendance)> = self
            .attendance
            .iter()
            .filter(|(_, a)| a.village == v && a.worker == x.worker)
            .collect();
        let overlap = mine
            .iter()
            .any(|(other, a)| **other != id && a.start < x.end && x.start < a.end);
        let total: TimeDelta = mine
            .iter()
            .map(|(_, a)| {
                let from = a.start.max(day_start);
                let to = a.end.min(day_end);
                if to > from {
                    to - from
                } else {
                    TimeDelta::zero()
                }
            })
            .sum();
        if overlap || total > TimeDelta::hours(MAX_DAILY_HOURS) {
            let day = day.format("%Y-%m-%d").to_string();
            let worker = x.worker.clone();
            self.fire(
                "labor.overlapping_work",
                &[("village_id", v), ("worker_id", &worker), ("day", &day)],
            );
        }
    }

    fn on_claim(&mut self, e: &Event) {
        let p = &e.payload;
        let v = e.village.as_str();
        let claim_id = text(p, "claim_id");
        let c = Claim {
            village: v.to_string(),
            job: text(p, "job_id"),
            work_start: date(&p["work_start_date"]),
            work_end: date(&p["work_end_date"]),
            lines: p["lines"]
                .as_array()
                .unwrap()
                .iter()
                .map(|l| (text(l, "worker_id"), fen(&l["amount"])))
                .collect(),
        };
        self.claims.insert(claim_id.clone(), c.clone());

        // LAB-01
        if !self
            .labor_applications(v, &c.job)
            .any(|a| date_of(a.order.0) <= c.work_start)
        {
            self.fire(
                "labor.work_before_application",
                &[("village_id", v), ("job_id", &c.job)],
            );
        }

        // LAB-02
        if let Some(a) = self.approval_of(v, "labor", &c.job) {
            if e.at - a.order.0 < TimeDelta::hours(MIN_GAP_HOURS) {
                self.fire(
                    "labor.pay_declared_too_soon",
                    &[("village_id", v), ("claim_id", &claim_id)],
                );
            }
        }

        // LAB-03
        for (worker, _) in &c.lines {
            if self.cadre_during(v, worker, c.work_start, c.work_end) {
                self.fire(
                    "labor.cadre_paid",
                    &[
                        ("village_id", v),
                        ("claim_id", &claim_id),
                        ("worker_id", worker),
                    ],
                );
            }
        }

        // LAB-04
        let mut cadres: BTreeSet<&str> = BTreeSet::new();
        for claim in self
            .claims
            .values()
            .filter(|k| k.village == v && k.job == c.job)
        {
            for (worker, _) in &claim.lines {
                if self.cadre_during(v, worker, claim.work_start, claim.work_end) {
                    cadres.insert(worker);
                }
            }
        }
        if cadres.len() >= 2 {
            self.fire(
                "labor.collective_cadre_claim",
                &[("village_id", v), ("job_id", &c.job)],
            );
        }

        // LAB-05
        for (worker, _) in &c.lines {
            let entry = self
                .persons
                .get(worker)
                .and_then(|person| person.pools.iter().find(|pool| pool.village == v));
            let fires = match entry {
                None => true,
                Some(pool) => {
                    pool.approved_on > c.work_start
                        || pool.annual_cap.is_some_and(|cap| {
                            let year = c.work_start.year();
                            let sum: i64 = self
                                .claims
                                .values()
                                .filter(|k| k.village == v && k.work_start.year() == year)
                                .flat_map(|k| k.lines.iter())
                                .filter(|(w, _)| w == worker)
                                .map(|(_, amount)| amount)
                                .sum();
                            sum > cap
                        })
                }
            };
            if fires {
                self.fire(
                    "labor.worker_not_in_pool",
                    &[
                        ("village_id", v),
                        ("claim_id", &claim_id),
                        ("worker_id", worker),
                    ],
                );
            }
        }

        // LAB-09
        let late = date_of(e.at) > c.work_end + Days::new(MAX_DELAY_DAYS);
        let no_slip = opt_str(p, "dispatch_slip_id").is_none();
        let unsigned = p["signatures_complete"] == Value::Bool(false);
        if late || no_slip || unsigned {
            self.fire(
                "labor.late_or_incomplete_settlement",
                &[("village_id", v), ("claim_id", &claim_id)],
            );
        }
    }

    fn on_payment(&mut self, e: &Event) {
        let p = &e.payload;
        let v = e.village.as_str();
        let claim_id = opt_str(p, "claim_id");
        if claim_id.is_none() && p.get("purpose").and_then(Value::as_str) != Some("labor") {
            return;
        }
        let payee = text(p, "payee_id");
        let cash = p["method"] == "cash";
        let foreign_account = match opt_str(p, "account_no") {
            None => false,
            Some(account) => self
                .persons
                .get(&payee)
                .is_none_or(|person| !person.accounts.contains(&account)),
        };
        let not_on_claim = claim_id
            .as_ref()
            .and_then(|id| self.claims.get(id))
            .filter(|claim| claim.village == v)
            .is_some_and(|claim| !claim.lines.iter().any(|(w, _)| *w == payee));
        if cash || foreign_account || not_on_claim {
            let payment = text(p, "payment_id");
            self.fire(
                "labor.pay_channel",
                &[("village_id", v), ("payment_id", &payment)],
            );
        }
    }
}

/// The labor alerts the events of `jsonl` imply.
pub fn labor_alerts(jsonl: &str) -> BTreeSet<AlertKey> {
    let mut events: Vec<Event> = jsonl
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let v: Value = serde_json::from_str(line).expect("JSON line");
            Event {
                event_id: v["event_id"].as_str().unwrap().to_string(),
                kind: v["type"].as_str().unwrap().to_string(),
                at: instant(&v["occurred_at"]),
                village: v["village_id"].as_str().unwrap().to_string(),
                payload: v["payload"].clone(),
            }
        })
        .collect();
    events.sort_by(|a, b| (a.at, a.event_id.as_bytes()).cmp(&(b.at, b.event_id.as_bytes())));
    let mut state = State::default();
    for e in &events {
        state.apply(e);
    }
    state.alerts
}

/// Truth lines as alert keys; panics on a repeated entry.
pub fn truth_keys(jsonl: &str) -> BTreeSet<AlertKey> {
    let mut keys = BTreeSet::new();
    for line in jsonl.lines().filter(|l| !l.trim().is_empty()) {
        let v: Value = serde_json::from_str(line).expect("truth line");
        let mut members: Vec<(String, String)> = v["dedup_key"]
            .as_object()
            .expect("dedup_key object")
            .iter()
            .map(|(k, val)| (k.clone(), val.as_str().expect("string value").to_string()))
            .collect();
        members.sort();
        let entry = (v["threshold_id"].as_str().unwrap().to_string(), members);
        assert!(keys.insert(entry.clone()), "repeated truth entry {entry:?}");
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contract_example_pay_declared_two_hours_after_application() {
        let events = r#"{"event_id":"ev-20220425-000101","type":"approval.submitted","occurred_at":"2022-04-25T09:30:00+08:00","township_id":"ts-01","village_id":"vl-0107","payload":{"approval_id":"ap-7781","kind":"labor","subject_id":"job-2022-041","title":"清理河道杂草 临时用工","applicant_id":"p-10233","amount":2400.00,"project_id":"prj-2022-009"}}
{"event_id":"ev-20220425-000188","type":"labor.claim","occurred_at":"2022-04-25T11:30:00+08:00","township_id":"ts-01","village_id":"vl-0107","payload":{"claim_id":"cl-5521","job_id":"job-2022-041","work_start_date":"2022-04-25","work_end_date":"2022-04-25","lines":[{"worker_id":"p-10401","amount":240.00},{"worker_id":"p-10402","amount":210.00}],"total_amount":450.00,"dispatch_slip_id":"ds-3301","signatures_complete":true}}"#;
        let alerts = labor_alerts(events);
        assert!(alerts.contains(&key(
            "labor.pay_declared_too_soon",
            &[("village_id", "vl-0107"), ("claim_id", "cl-5521")]
        )));
        // The workers are in no pool: LAB-05 for both lines, nothing else.
        assert_eq!(alerts.len(), 3);
    }

    #[test]
    fn clipped_night_shift_counts_on_the_next_day() {
        let line = |id: &str, at: &str, start: &str, end: &str| {
            format!(
                r#"{{"event_id":"{id}","type":"labor.attendance","occurred_at":"{at}","township_id":"ts-01","village_id":"vl-0001","payload":{{"attendance_id":"{id}","job_id":"j","worker_id":"w","start_at":"{start}","end_at":"{end}"}}}}"#
            )
        };
        let app = r#"{"event_id":"a","type":"approval.submitted","occurred_at":"2023-03-01T09:00:00+08:00","township_id":"ts-01","village_id":"vl-0001","payload":{"approval_id":"ap","kind":"labor","subject_id":"j","title":"t","applicant_id":"p"}}"#;
        let quiet = [
            app.to_string(),
            line(
                "x1",
                "2023-03-03T02:05:00+08:00",
                "2023-03-02T22:00:00+08:00",
                "2023-03-03T02:00:00+08:00",
            ),
            line(
                "x2",
                "2023-03-03T16:05:00+08:00",
                "2023-03-03T08:00:00+08:00",
                "2023-03-03T16:00:00+08:00",
            ),
        ]
        .join("\n");
        assert!(labor_alerts(&quiet).is_empty());
        let loud = quiet.replace("T16:00:00+08:00\"}", "T16:00:01+08:00\"}");
        assert_eq!(labor_alerts(&loud).len(), 1);
    }
}
