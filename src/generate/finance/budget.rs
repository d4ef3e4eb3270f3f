//! Budget lines (`finance.budget`) of a village, one set per year, and the FIN-08 condition over
//! the payments charged to them.

use chrono::{Datelike, NaiveDateTime};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::generate::context::Ctx;
use crate::generate::json::{yuan, Fen, JsonObject};
use crate::generate::writer::Place;

/// What a line pays for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Office,
    Utilities,
    Sanitation,
    Maintenance,
    Purchases,
}

/// Name and range of the annual amount (yuan, in hundreds) of each line kind.
const LINES: [(LineKind, &str, i64, i64); 5] = [
    (LineKind::Office, "办公经费", 600, 900),
    (LineKind::Utilities, "水电通讯费", 400, 600),
    (LineKind::Sanitation, "环境卫生费", 600, 900),
    (LineKind::Maintenance, "公共设施维修费", 600, 1_000),
    (LineKind::Purchases, "物资采购费", 3_000, 5_000),
];

/// FIN-08 tolerance 0.10: spent may reach amount × 11 / 10.
const TOLERANCE_NUMERATOR: Fen = 11;
const TOLERANCE_DENOMINATOR: Fen = 10;

#[derive(Debug, Clone)]
pub struct BudgetLine {
    pub id: String,
    pub kind: LineKind,
    pub year: i32,
    pub name: &'static str,
    /// Versions (instant, entry order, amount) in entry order.
    versions: Vec<(NaiveDateTime, u64, Fen)>,
    /// Payments of the line's year charged to it: (instant, entry order, amount).
    charges: Vec<(NaiveDateTime, u64, Fen)>,
    /// No further ordinary charges: a planted case has used the line up.
    pub closed: bool,
}

impl BudgetLine {
    /// The amount of the latest version.
    pub fn amount(&self) -> Fen {
        self.versions.last().map_or(0, |v| v.2)
    }

    /// Every charge of the line's year, whenever it occurs.
    pub fn charged(&self) -> Fen {
        self.charges.iter().map(|c| c.2).sum()
    }

    /// Charges that occur before `at`.
    pub fn charged_before(&self, at: NaiveDateTime) -> Fen {
        self.charges.iter().filter(|c| c.0 < at).map(|c| c.2).sum()
    }

    /// The most the line's year may be charged in total without FIN-08 (amount × 1.1).
    pub fn tolerated(&self) -> Fen {
        self.amount() * TOLERANCE_NUMERATOR / TOLERANCE_DENOMINATOR
    }

    /// Whether FIN-08 fires at some evaluation of the line (each charge and each version, in the
    /// order they are applied), with `charge` and `version` added.
    fn overrun_with(
        &self,
        charge: Option<(NaiveDateTime, u64, Fen)>,
        version: Option<(NaiveDateTime, u64, Fen)>,
    ) -> bool {
        // (instant, order, is_version, amount)
        let mut points: Vec<(NaiveDateTime, u64, bool, Fen)> = self
            .charges
            .iter()
            .chain(charge.iter())
            .map(|c| (c.0, c.1, false, c.2))
            .chain(
                self.versions
                    .iter()
                    .chain(version.iter())
                    .map(|v| (v.0, v.1, true, v.2)),
            )
            .collect();
        points.sort_by_key(|p| (p.0, p.1));
        let mut spent: Fen = 0;
        let mut amount: Option<Fen> = None;
        for (_, _, is_version, value) in points {
            if is_version {
                amount = Some(value);
            } else {
                spent += value;
            }
            // Before the first version the line has no budget: a charge is measured against 0.
            let limit = amount.unwrap_or(0);
            if spent * TOLERANCE_DENOMINATOR > limit * TOLERANCE_NUMERATOR {
                return true;
            }
        }
        false
    }

    fn payload(&self) -> String {
        let mut o = JsonObject::new();
        o.string("budget_line_id", &self.id)
            .integer("year", i64::from(self.year))
            .string("name", self.name)
            .money("amount", self.amount());
        o.finish()
    }
}

/// The budget lines of one village.
#[derive(Debug, Clone, Default)]
pub struct Budgets {
    lines: Vec<BudgetLine>,
}

impl Budgets {
    pub fn get(&self, id: &str) -> Option<&BudgetLine> {
        self.lines.iter().rev().find(|l| l.id == id)
    }

    fn get_mut(&mut self, id: &str) -> Option<&mut BudgetLine> {
        self.lines.iter_mut().rev().find(|l| l.id == id)
    }

    /// The line of `kind` for `year`, closed or not.
    pub fn line(&self, kind: LineKind, year: i32) -> Option<&BudgetLine> {
        self.lines
            .iter()
            .rev()
            .find(|l| l.kind == kind && l.year == year)
    }

    /// The open lines of `year`.
    pub fn open_lines(&self, year: i32) -> impl Iterator<Item = &BudgetLine> {
        self.lines
            .iter()
            .filter(move |l| l.year == year && !l.closed)
    }

    /// The line an ordinary payment of `amount` on `at` is charged to: the open line of `kind`
    /// for the payment's year while the year's charges stay within its amount.
    pub fn room_for(&self, kind: LineKind, at: NaiveDateTime, amount: Fen) -> Option<String> {
        self.line(kind, at.year())
            .filter(|l| !l.closed && l.charged() + amount <= l.amount())
            .map(|l| l.id.clone())
    }

    /// Whether charging `amount` on `at` (entry `order`) to `line_id` makes FIN-08 fire: a line
    /// the village has no budget for in the payment's year, or spending beyond the tolerance.
    pub fn overrun_by_charge(
        &self,
        line_id: &str,
        at: NaiveDateTime,
        order: u64,
        amount: Fen,
    ) -> bool {
        match self.get(line_id) {
            Some(line) if line.year == at.year() => {
                line.overrun_with(Some((at, order, amount)), None)
            }
            _ => true,
        }
    }

    /// Records a charge (only charges of the line's year count towards it).
    pub fn charge(&mut self, line_id: &str, at: NaiveDateTime, order: u64, amount: Fen) {
        if let Some(line) = self.get_mut(line_id).filter(|l| l.year == at.year()) {
            line.charges.push((at, order, amount));
        }
    }

    pub fn close(&mut self, line_id: &str) {
        if let Some(line) = self.get_mut(line_id) {
            line.closed = true;
        }
    }

    /// Adopts the lines of `year` at `at` (one `finance.budget` each).
    pub fn adopt(
        &mut self,
        ctx: &mut Ctx,
        rng: &mut ChaCha8Rng,
        place: Place,
        year: i32,
        at: NaiveDateTime,
        order: &mut u64,
    ) {
        for (n, (kind, name, low, high)) in LINES.into_iter().enumerate() {
            *order += 1;
            let line = BudgetLine {
                id: ctx.ids.budget_line(year),
                kind,
                year,
                name,
                versions: vec![(
                    at + chrono::TimeDelta::seconds(n as i64 * 7),
                    *order,
                    yuan(rng.gen_range(low..=high) * 100),
                )],
                charges: Vec::new(),
                closed: false,
            };
            ctx.events
                .schedule("finance.budget", place, line.versions[0].0, line.payload());
            self.lines.push(line);
        }
    }

    /// Amends the amount of `line_id` at `at`; returns whether FIN-08 fires on the new version.
    pub fn amend(
        &mut self,
        ctx: &mut Ctx,
        place: Place,
        line_id: &str,
        at: NaiveDateTime,
        order: u64,
        amount: Fen,
    ) -> bool {
        let line = self.get_mut(line_id).expect("an adopted line");
        let fires = line.overrun_with(None, Some((at, order, amount)));
        line.versions.push((at, order, amount));
        ctx.events
            .schedule("finance.budget", place, at, line.payload());
        fires
    }
}
