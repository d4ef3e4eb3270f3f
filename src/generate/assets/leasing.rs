//! Leases of collective assets (`lease.recorded`): their terms, the rent that falls due under
//! them period by period, and how a lease is drafted when an asset is let or a lease renewed.

use chrono::{Months, NaiveDate, NaiveDateTime};
use rand::Rng;

use super::ledger::{plus_years, Implied, LeaseTerms};
use super::register::{Asset, Lessee};
use crate::generate::json::{yuan, Fen, JsonObject};
use crate::generate::time::{date_text, plus_days};

/// Share of leases that need no exchange but are let through it all the same.
const EXCHANGE_ANYWAY: f64 = 0.2;

#[derive(Debug, Clone)]
pub struct Lease {
    pub terms: LeaseTerms,
    pub lessee: Lessee,
    /// Months between rent due dates.
    pub period_months: u32,
    /// Index of the asset in the village's register.
    pub asset: usize,
}

impl Lease {
    pub fn payload(&self) -> String {
        let t = &self.terms;
        let mut o = JsonObject::new();
        o.string("lease_id", &t.lease_id)
            .string("asset_id", &t.asset_id)
            .string("lessee_id", &self.lessee.id)
            .string("lessee_type", self.lessee.party_type)
            .string("start_date", &date_text(t.start))
            .string("end_date", &date_text(t.end))
            .money("annual_rent", t.annual_rent)
            .boolean("via_exchange", t.via_exchange);
        if let Some(previous) = &t.previous_lease_id {
            o.string("previous_lease_id", previous);
        }
        o.finish()
    }

    /// The rent of one period.
    pub fn rent_per_period(&self) -> Fen {
        self.terms.annual_rent * Fen::from(self.period_months) / 12
    }

    /// Due dates of the rent, one at the start of each period of the term.
    pub fn due_dates(&self) -> Vec<NaiveDate> {
        let mut dues = Vec::new();
        let mut k = 0;
        loop {
            let due = self
                .terms
                .start
                .checked_add_months(Months::new(self.period_months * k))
                .expect("a date in range");
            if due > self.terms.end {
                return dues;
            }
            dues.push(due);
            k += 1;
        }
    }
}

/// The last day of a term of `years` whole years from `start`.
pub fn end_of_term(start: NaiveDate, years: u32) -> NaiveDate {
    plus_days(plus_years(start, years), -1)
}

/// The first day of a term of `years` whole years that ends on `end`.
pub fn start_of_term(end: NaiveDate, years: u32) -> NaiveDate {
    plus_days(end, 1)
        .checked_sub_months(Months::new(12 * years))
        .expect("a date in range")
}

/// Whether a lease is let through the exchange: when it must be, and now and then when not.
pub fn exchange_for(rng: &mut impl Rng, terms: &LeaseTerms) -> bool {
    terms.needs_exchange() || rng.gen_bool(EXCHANGE_ANYWAY)
}

/// A lease of `asset` to `lessee` for `term` (first day, whole years) at `rent`, let through
/// the exchange when it must be.
pub fn draft(
    rng: &mut impl Rng,
    lease_id: String,
    asset: (usize, &Asset),
    lessee: Lessee,
    (start, years): (NaiveDate, u32),
    rent: Fen,
    previous: Option<String>,
) -> Lease {
    let mut terms = LeaseTerms {
        lease_id,
        asset_id: asset.1.asset_id.clone(),
        start,
        end: end_of_term(start, years),
        annual_rent: rent,
        via_exchange: false,
        previous_lease_id: previous,
    };
    terms.via_exchange = exchange_for(rng, &terms);
    Lease {
        terms,
        lessee,
        period_months: asset.1.kind().period_months,
        asset: asset.0,
    }
}

/// The rent of a renewal: the rent before, up to 10 % more, in whole hundreds of yuan.
pub fn renewed_rent(rng: &mut impl Rng, before: Fen) -> Fen {
    before * rng.gen_range(100..=110) / 100 / yuan(100) * yuan(100)
}

/// Whether the implied alerts hold `threshold`.
pub fn holds(implied: &[Implied], threshold: crate::generate::threshold::Threshold) -> bool {
    implied.iter().any(|(t, _)| *t == threshold)
}

/// An instant in office hours (09:00 to 16:59) on `day`.
pub fn office_time(rng: &mut impl Rng, day: NaiveDate) -> NaiveDateTime {
    crate::generate::contract::service::office_time(rng, day)
}
