//! The decision thresholds (DEC-01..DEC-05) evaluated over the written stream: every approval,
//! step, resolution, publication, contract, start of works and payment any desk writes is seen
//! here in the order the engine applies it, so the truth lists exactly the decision alerts the
//! events imply, whichever desk wrote them (a CON-05 supplement voted a day after its signing is
//! also a DEC-03 case, for instance).

use chrono::{NaiveDate, NaiveDateTime};
use serde::Deserialize;
use std::collections::{HashMap, HashSet};

use super::rules::{
    below_quorum, is_major, needs_supervision, publication_deadline, FIVE_STEP_KINDS,
};
use crate::generate::ids::village_id;
use crate::generate::json::Fen;
use crate::generate::threshold::Threshold;
use crate::generate::writer::{Place, Written};

/// A found alert: threshold and the whole dedup key (village_id first).
pub type Found = (Threshold, Vec<String>);

#[derive(Deserialize)]
struct Submitted {
    approval_id: String,
    kind: String,
    subject_id: String,
    amount: Option<serde_json::Number>,
}

#[derive(Deserialize)]
struct Step {
    approval_id: String,
    role: String,
    action: String,
}

#[derive(Deserialize)]
struct Completed {
    approval_id: String,
    decision: String,
}

#[derive(Deserialize, Clone)]
struct Meeting {
    resolution_id: String,
    meeting_type: String,
    procedure: String,
    subject_ids: Vec<String>,
    passed: bool,
    expected_attendees: i64,
    present_attendees: i64,
}

#[derive(Deserialize)]
struct Item {
    item_type: String,
    ref_id: Option<String>,
}

#[derive(Deserialize)]
struct Disclosure {
    items: Vec<Item>,
}

#[derive(Deserialize)]
struct ContractRecord {
    contract_id: String,
    subject_id: Option<String>,
    signed_on: NaiveDate,
}

#[derive(Deserialize)]
struct Started {
    project_id: Option<String>,
    started_on: NaiveDate,
}

#[derive(Deserialize)]
struct Payment {
    payment_id: String,
    project_id: Option<String>,
    contract_id: Option<String>,
    order_id: Option<String>,
}

/// Exact fen of a money literal (at most two fraction digits).
pub fn fen_of(n: &serde_json::Number) -> Fen {
    let text = n.to_string();
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let mut cents: String = fraction.chars().chain("00".chars()).take(2).collect();
    cents.insert_str(0, whole);
    cents.parse().expect("a money literal")
}

struct Approval {
    kind: String,
    subject_id: String,
    amount: Option<Fen>,
}

#[derive(Default)]
struct Village {
    approvals: HashMap<String, Approval>,
    /// Approvals with a supervision step approved.
    supervised: HashSet<String>,
    /// Live resolutions with their vote instant.
    resolutions: HashMap<String, (Meeting, NaiveDateTime)>,
    /// Resolution ids by the subjects they name.
    naming: HashMap<String, Vec<String>>,
    /// Execution records by subject: record key → day execution started (DEC-03 start(s)).
    starts: HashMap<String, HashMap<String, NaiveDate>>,
    /// The subjects each execution record was filed under, to move it when corrected.
    filed: HashMap<String, Vec<String>>,
    /// Earliest publication of each resolution (an item of type resolution naming it).
    published: HashMap<String, NaiveDateTime>,
}

impl Village {
    /// Files execution record `key` (started on `day`) under `subjects`, replacing its previous
    /// version.
    fn file(&mut self, key: String, day: NaiveDate, subjects: Vec<String>) {
        if let Some(old) = self.filed.remove(&key) {
            for s in old {
                if let Some(m) = self.starts.get_mut(&s) {
                    m.remove(&key);
                }
            }
        }
        for s in &subjects {
            self.starts
                .entry(s.clone())
                .or_default()
                .insert(key.clone(), day);
        }
        self.filed.insert(key, subjects);
    }

    fn start(&self, subject: &str) -> Option<NaiveDate> {
        self.starts
            .get(subject)
            .and_then(|m| m.values().min().copied())
    }

    fn five_step_passed(&self, subject: &str) -> bool {
        self.naming.get(subject).is_some_and(|ids| {
            ids.iter().any(|id| {
                self.resolutions.get(id).is_some_and(|(m, _)| {
                    m.procedure == "five_step"
                        && m.passed
                        && m.subject_ids.iter().any(|s| s == subject)
                })
            })
        })
    }
}

/// The decision state of every village and the alerts found since last taken.
#[derive(Default)]
pub struct DecisionLedger {
    villages: Vec<Village>,
    found: Vec<Found>,
}

impl DecisionLedger {
    pub fn new(villages: usize) -> Self {
        Self {
            villages: (0..villages).map(|_| Village::default()).collect(),
            found: Vec::new(),
        }
    }

    /// Applies one written event.
    pub fn observe(&mut self, e: Written) {
        let Place::Village(i) = e.place else {
            return;
        };
        match e.kind {
            "approval.submitted" => {
                let a: Submitted = parse(e.payload);
                self.villages[i].approvals.insert(
                    a.approval_id,
                    Approval {
                        kind: a.kind,
                        subject_id: a.subject_id,
                        amount: a.amount.as_ref().map(fen_of),
                    },
                );
            }
            "approval.step" => {
                let s: Step = parse(e.payload);
                if s.role == "supervision" && s.action == "approved" {
                    self.villages[i].supervised.insert(s.approval_id);
                }
            }
            "approval.completed" => self.completed(i, parse(e.payload)),
            "meeting.resolved" => self.resolved(i, parse(e.payload), e.at),
            "disclosure.published" => {
                let d: Disclosure = parse(e.payload);
                let v = &mut self.villages[i];
                for item in d.items {
                    if let (true, Some(r)) = (item.item_type == "resolution", item.ref_id) {
                        v.published.entry(r).or_insert(e.at);
                    }
                }
            }
            "contract.recorded" => {
                let c: ContractRecord = parse(e.payload);
                let subjects: Vec<String> = std::iter::once(c.contract_id.clone())
                    .chain(c.subject_id)
                    .collect();
                self.executed(i, format!("c:{}", c.contract_id), c.signed_on, subjects);
            }
            "construction.started" => {
                let w: Started = parse(e.payload);
                if let Some(p) = w.project_id {
                    self.executed(i, format!("w:{p}"), w.started_on, vec![p]);
                }
            }
            "finance.payment" => {
                let p: Payment = parse(e.payload);
                let subjects = [p.project_id, p.contract_id, p.order_id]
                    .into_iter()
                    .flatten()
                    .collect();
                self.executed(i, format!("p:{}", p.payment_id), e.at.date(), subjects);
            }
            _ => {}
        }
    }

    fn completed(&mut self, i: usize, f: Completed) {
        if f.decision != "approved" {
            return;
        }
        let v = &self.villages[i];
        let Some(a) = v.approvals.get(&f.approval_id) else {
            return;
        };
        if FIVE_STEP_KINDS.contains(&a.kind.as_str())
            && a.amount.is_some_and(is_major)
            && !v.five_step_passed(&a.subject_id)
        {
            self.found.push((
                Threshold::NoFiveStep,
                vec![village_id(i), f.approval_id.clone()],
            ));
        }
        if needs_supervision(&a.kind) && !v.supervised.contains(&f.approval_id) {
            self.found.push((
                Threshold::SupervisionSkipped,
                vec![village_id(i), f.approval_id],
            ));
        }
    }

    fn resolved(&mut self, i: usize, m: Meeting, at: NaiveDateTime) {
        if below_quorum(&m.meeting_type, m.present_attendees, m.expected_attendees) {
            self.found.push((
                Threshold::LowAttendance,
                vec![village_id(i), m.resolution_id.clone()],
            ));
        }
        let v = &mut self.villages[i];
        for s in &m.subject_ids {
            let ids = v.naming.entry(s.clone()).or_default();
            if !ids.contains(&m.resolution_id) {
                ids.push(m.resolution_id.clone());
            }
        }
        let id = m.resolution_id.clone();
        let mut seen: Vec<&String> = Vec::new();
        for s in &m.subject_ids {
            if !seen.contains(&s) {
                seen.push(s);
                self.after_the_fact(i, &m, at, s);
            }
        }
        self.villages[i].resolutions.insert(id, (m, at));
    }

    /// Files an execution record and checks the resolutions naming its subjects.
    fn executed(&mut self, i: usize, key: String, day: NaiveDate, mut subjects: Vec<String>) {
        subjects.dedup();
        self.villages[i].file(key, day, subjects.clone());
        for s in subjects {
            let ids = self.villages[i].naming.get(&s).cloned().unwrap_or_default();
            for id in ids {
                if let Some((m, at)) = self.villages[i].resolutions.get(&id).cloned() {
                    if m.subject_ids.contains(&s) {
                        self.after_the_fact(i, &m, at, &s);
                    }
                }
            }
        }
    }

    /// DEC-03 for resolution `m` (voted at `at`) and subject `s`.
    fn after_the_fact(&mut self, i: usize, m: &Meeting, at: NaiveDateTime, s: &str) {
        if m.procedure != "five_step" || !m.passed {
            return;
        }
        if self.villages[i].start(s).is_some_and(|d| d < at.date()) {
            self.found.push((
                Threshold::AfterTheFact,
                vec![village_id(i), m.resolution_id.clone(), s.to_string()],
            ));
        }
    }

    /// The alerts found since the last call.
    pub fn take_found(&mut self) -> Vec<Found> {
        std::mem::take(&mut self.found)
    }

    /// DEC-04 at the end of the input, event time `end`: every passed resolution whose deadline
    /// is before `end` and that no publication named by then.
    pub fn close(&mut self, end: NaiveDateTime) -> Vec<Found> {
        let mut found = Vec::new();
        for (i, v) in self.villages.iter().enumerate() {
            let mut late: Vec<&String> = v
                .resolutions
                .iter()
                .filter(|(_, (m, _))| m.passed)
                .filter_map(|(id, (_, at))| {
                    let deadline = publication_deadline(*at);
                    let in_time = v.published.get(id).is_some_and(|p| *p <= deadline);
                    (deadline < end && !in_time).then_some(id)
                })
                .collect();
            late.sort();
            for id in late {
                found.push((
                    Threshold::ResolutionNotPublished,
                    vec![village_id(i), id.clone()],
                ));
            }
        }
        found
    }
}

fn parse<'a, T: Deserialize<'a>>(payload: &'a str) -> T {
    serde_json::from_str(payload).expect("the generator writes valid payloads")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_literals_are_exact_fen() {
        let n = |s: &str| serde_json::from_str::<serde_json::Number>(s).unwrap();
        assert_eq!(fen_of(&n("50000.00")), 5_000_000);
        assert_eq!(fen_of(&n("49999.99")), 4_999_999);
        assert_eq!(fen_of(&n("12.5")), 1_250);
        assert_eq!(fen_of(&n("7")), 700);
    }
}
