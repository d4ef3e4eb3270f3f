//! The purchase orders of one village as the procurement thresholds see them: PRC-01 over the
//! orders of a supplier and category within 30 days, PRC-06 over a supplier's share of the
//! year, and the single-order conditions PRC-02, PRC-03 and PRC-05. Orders are entered in the
//! order they are applied.

use chrono::{Datelike, NaiveDate, TimeDelta};
use std::collections::HashMap;

use crate::generate::json::{yuan, Fen};
use crate::generate::threshold::Threshold;

/// PRC-01 and PRC-02 threshold.
pub const TENDER_LIMIT: Fen = yuan(20_000);
/// PRC-01 window in days.
pub const SPLIT_WINDOW_DAYS: i64 = 30;
/// PRC-02 min_quotes.
pub const MIN_QUOTES: u32 = 3;
/// PRC-06 min_amount (share is one half).
pub const CONCENTRATION_MIN: Fen = yuan(100_000);

#[derive(Debug, Clone)]
pub struct Line {
    pub item: &'static str,
    /// Whole units.
    pub quantity: i64,
    pub unit_price: Fen,
    pub reference_unit_price: Option<Fen>,
}

#[derive(Debug, Clone)]
pub struct Order {
    pub order_id: String,
    pub supplier_id: String,
    pub supplier_type: &'static str,
    pub category: &'static str,
    pub amount: Fen,
    pub quotes_count: u32,
    pub via_platform: bool,
    pub ordered_on: NaiveDate,
    pub delivered_on: Option<NaiveDate>,
    pub lines: Vec<Line>,
    /// The supplier is tied to the village's cadres on the order day (PRC-03), as registered.
    pub tied: bool,
}

/// An alert an order implies: threshold and dedup key values after village_id.
pub type Implied = (Threshold, Vec<String>);

#[derive(Debug, Default)]
pub struct OrderBook {
    orders: Vec<Order>,
    /// Per year of ordered_on: the total, and the total per supplier.
    years: HashMap<i32, (Fen, HashMap<String, Fen>)>,
}

impl OrderBook {
    /// The supplier's orders of `year` and the village's, by ordered_on.
    pub fn year_totals(&self, year: i32, supplier: &str) -> (Fen, Fen) {
        self.years.get(&year).map_or((0, 0), |(total, by)| {
            (by.get(supplier).copied().unwrap_or(0), *total)
        })
    }

    /// Whether the supplier has an order of `category` placed on or after `since`.
    pub fn has_group_order_since(&self, supplier: &str, category: &str, since: NaiveDate) -> bool {
        self.orders
            .iter()
            .any(|o| o.supplier_id == supplier && o.category == category && o.ordered_on >= since)
    }

    /// PRC-01 on `o` applied after the entered orders: the key of the alert it raises, if any.
    fn split(&self, o: &Order) -> Option<Vec<String>> {
        if o.amount >= TENDER_LIMIT {
            return None;
        }
        let window = TimeDelta::days(SPLIT_WINDOW_DAYS);
        let group: Vec<&Order> = self
            .orders
            .iter()
            .chain(std::iter::once(o))
            .filter(|g| g.supplier_id == o.supplier_id && g.category == o.category)
            .collect();
        let run = |x: NaiveDate| -> Vec<&Order> {
            group
                .iter()
                .copied()
                .filter(|g| {
                    g.amount < TENDER_LIMIT && g.ordered_on >= x && g.ordered_on <= x + window
                })
                .collect()
        };
        let mut first: Option<NaiveDate> = None;
        for candidate in &group {
            let x = candidate.ordered_on;
            if x > o.ordered_on || o.ordered_on > x + window {
                continue;
            }
            if first.is_some_and(|f| x >= f) {
                continue;
            }
            let orders = run(x);
            let total: Fen = orders.iter().map(|g| g.amount).sum();
            if orders.len() >= 2 && total >= TENDER_LIMIT {
                first = Some(x);
            }
        }
        let anchor = run(first?)
            .into_iter()
            .min_by(|a, b| (a.ordered_on, &a.order_id).cmp(&(b.ordered_on, &b.order_id)))
            .expect("a run has orders");
        Some(vec![
            o.supplier_id.clone(),
            o.category.to_string(),
            anchor.order_id.clone(),
        ])
    }

    /// The alerts `o` implies if entered now.
    pub fn implied(&self, o: &Order) -> Vec<Implied> {
        let mut found = Vec::new();
        let own = || vec![o.order_id.clone()];
        if let Some(key) = self.split(o) {
            found.push((Threshold::SplitPurchase, key));
        }
        if o.amount >= TENDER_LIMIT && (o.quotes_count < MIN_QUOTES || !o.via_platform) {
            found.push((Threshold::NoCompetition, own()));
        }
        if o.tied {
            found.push((Threshold::RelatedSupplier, own()));
        }
        let overpriced = o.lines.iter().any(|l| {
            l.reference_unit_price
                .is_some_and(|r| l.unit_price * 10 > r * 13)
        });
        if overpriced {
            found.push((Threshold::PriceAboveReference, own()));
        }
        let year = o.ordered_on.year();
        let (supplied, total) = self.year_totals(year, &o.supplier_id);
        let (supplied, total) = (supplied + o.amount, total + o.amount);
        if supplied * 2 > total && supplied > CONCENTRATION_MIN {
            found.push((
                Threshold::SupplierConcentration,
                vec![o.supplier_id.clone(), year.to_string()],
            ));
        }
        found
    }

    pub fn enter(&mut self, o: Order) {
        let year = self.years.entry(o.ordered_on.year()).or_default();
        year.0 += o.amount;
        *year.1.entry(o.supplier_id.clone()).or_insert(0) += o.amount;
        self.orders.push(o);
    }
}
