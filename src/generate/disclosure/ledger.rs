//! The disclosure thresholds (DIS-01, DIS-02, DIS-03, DIS-05) evaluated over the written stream:
//! the ledger of every village by quarter (receipts and payments), the major matters approved,
//! and what was published when. The disclosure desk reads it to publish (totals, matters to
//! publish), and the truth lists exactly the disclosure alerts the events imply. DIS-04 depends
//! only on who reviewed a publication, which the desk decides: its truth comes from the desk.

use chrono::{NaiveDate, NaiveDateTime};
use serde::Deserialize;
use std::collections::{HashMap, HashSet};

use super::rules::{
    due, is_major, item_type_of, major_deadline, next_quarter, period_text, quarter_of, Quarter,
    REQUIRED_ITEMS,
};
use crate::generate::decision::ledger::{fen_of, Found};
use crate::generate::ids::village_id;
use crate::generate::json::Fen;
use crate::generate::threshold::Threshold;
use crate::generate::writer::{Place, Written};

#[derive(Deserialize)]
struct Money {
    amount: serde_json::Number,
}

#[derive(Deserialize)]
struct Submitted {
    approval_id: String,
    kind: String,
    subject_id: String,
    amount: Option<serde_json::Number>,
}

#[derive(Deserialize)]
struct Completed {
    approval_id: String,
    decision: String,
}

#[derive(Deserialize)]
struct Item {
    item_type: String,
    ref_id: Option<String>,
}

#[derive(Deserialize)]
struct Disclosure {
    disclosure_id: String,
    category: String,
    period: Option<String>,
    items: Vec<Item>,
    income_total: Option<serde_json::Number>,
    expense_total: Option<serde_json::Number>,
}

/// A major matter approved, to be published.
#[derive(Debug, Clone)]
pub struct MajorMatter {
    pub approval_id: String,
    pub subject_id: String,
    pub item_type: &'static str,
    pub approved_at: NaiveDateTime,
}

#[derive(Default)]
struct Village {
    first_seen: Option<NaiveDate>,
    income: HashMap<Quarter, Fen>,
    expense: HashMap<Quarter, Fen>,
    /// Live submissions that are major matters: approval id → (subject, item type).
    majors: HashMap<String, (String, &'static str)>,
    approved: Vec<MajorMatter>,
    /// Approved since the desk last asked.
    pending: Vec<MajorMatter>,
    first_publication: HashMap<String, NaiveDateTime>,
    finance_published: HashMap<Quarter, NaiveDateTime>,
    /// Item types of the disclosures of each period published by its due instant (a key
    /// present: the period's D is not empty).
    in_time: HashMap<Quarter, HashSet<String>>,
    /// Items with an object published during each quarter, for the quarter's 8+X listing.
    published: HashMap<Quarter, Vec<(String, String)>>,
}

#[derive(Default)]
pub struct DisclosureLedger {
    villages: Vec<Village>,
    found: Vec<Found>,
}

fn parse_period(text: &str) -> Quarter {
    (
        text[..4].parse().expect("a period year"),
        text[5..].parse().expect("a period quarter"),
    )
}

impl DisclosureLedger {
    pub fn new(villages: usize) -> Self {
        Self {
            villages: (0..villages).map(|_| Village::default()).collect(),
            found: Vec::new(),
        }
    }

    pub fn observe(&mut self, e: Written) {
        let Place::Village(i) = e.place else {
            return;
        };
        let v = &mut self.villages[i];
        v.first_seen.get_or_insert(e.at.date());
        let q = quarter_of(e.at.date());
        match e.kind {
            "finance.receipt" => {
                let m: Money = parse(e.payload);
                *v.income.entry(q).or_insert(0) += fen_of(&m.amount);
            }
            "finance.payment" => {
                let m: Money = parse(e.payload);
                *v.expense.entry(q).or_insert(0) += fen_of(&m.amount);
            }
            "approval.submitted" => {
                let a: Submitted = parse(e.payload);
                if is_major(&a.kind, a.amount.as_ref().map(fen_of)) {
                    v.majors
                        .insert(a.approval_id, (a.subject_id, item_type_of(&a.kind)));
                } else {
                    v.majors.remove(&a.approval_id);
                }
            }
            "approval.completed" => {
                let f: Completed = parse(e.payload);
                if f.decision != "approved" {
                    return;
                }
                if let Some((subject, item_type)) = v.majors.get(&f.approval_id) {
                    let matter = MajorMatter {
                        approval_id: f.approval_id.clone(),
                        subject_id: subject.clone(),
                        item_type,
                        approved_at: e.at,
                    };
                    v.approved.push(matter.clone());
                    v.pending.push(matter);
                }
            }
            "disclosure.published" => {
                let d: Disclosure = parse(e.payload);
                let period = d.period.as_deref().map_or(q, parse_period);
                if d.category == "finance" {
                    let first = v.finance_published.entry(period).or_insert(e.at);
                    *first = (*first).min(e.at);
                    let income = v.income.get(&period).copied().unwrap_or(0);
                    let expense = v.expense.get(&period).copied().unwrap_or(0);
                    let published = (
                        d.income_total.as_ref().map_or(0, fen_of),
                        d.expense_total.as_ref().map_or(0, fen_of),
                    );
                    if published != (income, expense) {
                        self.found.push((
                            Threshold::TotalsMismatch,
                            vec![village_id(i), d.disclosure_id.clone()],
                        ));
                    }
                }
                let v = &mut self.villages[i];
                let types = (e.at <= due(period)).then(|| v.in_time.entry(period).or_default());
                let mut types = types;
                for item in d.items {
                    if let Some(t) = types.as_mut() {
                        t.insert(item.item_type.clone());
                    }
                    if let Some(r) = item.ref_id {
                        v.first_publication.entry(r.clone()).or_insert(e.at);
                        v.published.entry(q).or_default().push((item.item_type, r));
                    }
                }
            }
            _ => {}
        }
    }

    /// Major matters of village `i` approved since the last call.
    pub fn take_pending(&mut self, i: usize) -> Vec<MajorMatter> {
        std::mem::take(&mut self.villages[i].pending)
    }

    /// Income and expense of village `i` in quarter `q`, as written so far.
    pub fn totals(&self, i: usize, q: Quarter) -> (Fen, Fen) {
        let v = &self.villages[i];
        (
            v.income.get(&q).copied().unwrap_or(0),
            v.expense.get(&q).copied().unwrap_or(0),
        )
    }

    /// Items with an object published by village `i` during quarter `q`.
    pub fn published_in(&self, i: usize, q: Quarter) -> &[(String, String)] {
        self.villages[i]
            .published
            .get(&q)
            .map_or(&[], Vec::as_slice)
    }

    pub fn take_found(&mut self) -> Vec<Found> {
        std::mem::take(&mut self.found)
    }

    /// The deadline thresholds at the end of the input, event time `end`.
    pub fn close(&mut self, end: NaiveDateTime) -> Vec<Found> {
        let mut found = Vec::new();
        for (i, v) in self.villages.iter().enumerate() {
            let Some(first) = v.first_seen else {
                continue;
            };
            let mut q = quarter_of(first);
            while due(q) < end {
                let period = period_text(q);
                let published = v.finance_published.get(&q).is_some_and(|t| *t <= due(q));
                if !published {
                    found.push((
                        Threshold::FinanceOverdue,
                        vec![village_id(i), period.clone()],
                    ));
                }
                if let Some(types) = v.in_time.get(&q) {
                    for t in REQUIRED_ITEMS.iter().filter(|t| !types.contains(**t)) {
                        found.push((
                            Threshold::ItemMissing,
                            vec![village_id(i), period.clone(), t.to_string()],
                        ));
                    }
                }
                q = next_quarter(q);
            }
            for m in &v.approved {
                let deadline = major_deadline(m.approved_at);
                let in_time = v
                    .first_publication
                    .get(&m.subject_id)
                    .is_some_and(|t| *t <= deadline);
                if deadline < end && !in_time {
                    found.push((
                        Threshold::MajorMatterOverdue,
                        vec![village_id(i), m.approval_id.clone()],
                    ));
                }
            }
        }
        found
    }
}

fn parse<'a, T: Deserialize<'a>>(payload: &'a str) -> T {
    serde_json::from_str(payload).expect("the generator writes valid payloads")
}
