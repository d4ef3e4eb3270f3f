//! What the village does with its assets, written as events: entering a register entry or a
//! lease, registering the rent that falls due and receiving it, renewing a lease, letting an
//! idle asset, taking an asset back, re-surveying one. Each writes the truth of what it implies
//! at once; the deadlines (AST-02, AST-03, AST-07) are the ledger's, read when they are needed.

use chrono::{Datelike, NaiveDate, NaiveDateTime, TimeDelta};
use rand::Rng;

use super::leasing::{draft, end_of_term, exchange_for, office_time, renewed_rent, Lease};
use super::ledger::Implied;
use super::register::{rent_for, write_entry, Lessee};
use super::Task;
use crate::generate::context::Ctx;
use crate::generate::contract::record::expect_all;
use crate::generate::json::Fen;
use crate::generate::receivables::{self, Collection, ReceivableDraft};
use crate::generate::time::plus_days;
use crate::generate::village::VillageState;

/// Dues older than this many days at the start are taken as received before it.
pub const ARREARS_DAYS: i64 = 50;
/// A lease is renewed 45 to 90 days before it ends (a working day; a holiday can move it a
/// week later, still before the AST-03 notice 30 days before the end).
pub const RENEWAL_DAYS: (i64, i64) = (45, 90);
/// An idle asset is let 60 to 160 days after it fell idle.
pub const LETTING_DAYS: (i64, i64) = (60, 160);

/// The first working day on or after `day`.
pub fn working_day_from(ctx: &Ctx, day: NaiveDate) -> NaiveDate {
    if ctx.calendar.is_working_day(day) {
        day
    } else {
        ctx.calendar.working_days_after(day, 1)
    }
}

/// Writes the current entry of asset `a` at `at`; records what it implies.
pub fn enter_asset(
    ctx: &mut Ctx,
    v: &mut VillageState,
    a: usize,
    at: NaiveDateTime,
) -> Vec<Implied> {
    let place = v.place();
    let state = &mut v.assets;
    let implied = write_entry(ctx, place, &mut state.ledger, &state.assets[a], at);
    expect_all(ctx, &v.id, &implied);
    implied
}

/// Writes a lease recorded at `at` and keeps it; records what it implies. Returns its index.
pub fn enter_lease(
    ctx: &mut Ctx,
    v: &mut VillageState,
    lease: Lease,
    at: NaiveDateTime,
) -> (usize, Vec<Implied>) {
    ctx.events
        .schedule("lease.recorded", v.place(), at, lease.payload());
    let implied = v.assets.ledger.enter_lease(&lease.terms, at);
    expect_all(ctx, &v.id, &implied);
    v.assets.leases.push(lease);
    (v.assets.leases.len() - 1, implied)
}

/// Plans the registration of every due of lease `l` from `today - ARREARS_DAYS` on: 10 to 25
/// days before the due date, or today for a due that is near or past.
pub fn plan_dues(ctx: &Ctx, v: &mut VillageState, l: usize, today: NaiveDate) {
    for due in v.assets.leases[l].due_dates() {
        if due < plus_days(today, -ARREARS_DAYS) || due > ctx.last_day {
            continue;
        }
        let lead = v.assets.rng.gen_range(10..=25);
        let day = plus_days(due, -lead).max(today);
        v.assets.plan(day, Task::Rent { lease: l, due });
    }
}

/// The day lease `l` comes up for renewal: a working day 45 to 90 days before its end, after
/// `today`.
pub fn renewal_day(ctx: &Ctx, v: &mut VillageState, l: usize, today: NaiveDate) -> NaiveDate {
    let end = v.assets.leases[l].terms.end;
    let lead = v.assets.rng.gen_range(RENEWAL_DAYS.0..=RENEWAL_DAYS.1);
    working_day_from(ctx, plus_days(end, -lead).max(plus_days(today, 1)))
}

/// Plans the dues and the renewal of a lease just entered.
pub fn follow_lease(ctx: &Ctx, v: &mut VillageState, l: usize, today: NaiveDate) {
    plan_dues(ctx, v, l, today);
    let day = renewal_day(ctx, v, l, today);
    if day <= ctx.last_day {
        v.assets.plan(day, Task::Renew(l));
    }
}

/// How a renewal differs from the lease it follows.
#[derive(Debug, Clone)]
pub struct Renewal {
    pub recorded_at: NaiveDateTime,
    pub rent: Fen,
    pub years: u32,
    /// The renewal names the lease it follows.
    pub names_previous: bool,
    /// Let through the exchange whatever the rule says.
    pub via_exchange: Option<bool>,
    /// Last day of the term when not a whole number of years.
    pub end: Option<NaiveDate>,
}

impl Renewal {
    /// An ordinary renewal recorded on `day`: the rent kept or raised, for a term of the kind.
    pub fn ordinary(v: &mut VillageState, l: usize, day: NaiveDate) -> Self {
        let lease = &v.assets.leases[l];
        let kind = v.assets.assets[lease.asset].kind();
        let before = lease.terms.annual_rent;
        let rng = &mut v.assets.rng;
        Self {
            recorded_at: office_time(rng, day),
            rent: renewed_rent(rng, before),
            years: rng.gen_range(kind.term_years.0..=kind.term_years.1),
            names_previous: rng.gen_bool(0.75),
            via_exchange: None,
            end: None,
        }
    }
}

/// Writes the renewal of lease `l`, from the day after it ends, and follows it. Returns its
/// index and what it implies at once.
pub fn renew(ctx: &mut Ctx, v: &mut VillageState, l: usize, r: &Renewal) -> (usize, Vec<Implied>) {
    let old = v.assets.leases[l].clone();
    let a = old.asset;
    let lessee = if v.assets.rng.gen_bool(0.85) {
        old.lessee.clone()
    } else {
        let tenant = v.assets.assets[a].kind().tenant;
        let rng = &mut v.assets.rng;
        v.assets.lessees.pick(rng, tenant)
    };
    let start = plus_days(old.terms.end, 1);
    let lease_id = ctx.ids.lease(start.year());
    let previous = r.names_previous.then(|| old.terms.lease_id.clone());
    let mut lease = draft(
        &mut v.assets.rng,
        lease_id,
        (a, &v.assets.assets[a]),
        lessee,
        (start, r.years),
        r.rent,
        previous,
    );
    if let Some(end) = r.end {
        lease.terms.end = end;
        lease.terms.via_exchange = exchange_for(&mut v.assets.rng, &lease.terms);
    }
    if let Some(via) = r.via_exchange {
        lease.terms.via_exchange = via;
    }
    let (n, implied) = enter_lease(ctx, v, lease, r.recorded_at);
    v.assets.assets[a].lease = Some(n);
    follow_lease(ctx, v, n, r.recorded_at.date());
    (n, implied)
}

/// The rent of a new letting of asset `a`: the kind's rate, and no less than the rent of the
/// lease the asset was last under.
pub fn letting_rent(v: &mut VillageState, a: usize) -> Fen {
    let asset = &v.assets.assets[a];
    let kind = asset.kind();
    let area = asset.area;
    let before: Fen = asset
        .lease
        .map_or(0, |l| v.assets.leases[l].terms.annual_rent);
    rent_for(&mut v.assets.rng, kind, area).max(before)
}

/// How an idle asset is let.
#[derive(Debug, Clone, Copy)]
pub struct Letting {
    pub recorded_at: NaiveDateTime,
    /// The register entry that shows the asset leased.
    pub entered_at: NaiveDateTime,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub rent: Fen,
    /// Let through the exchange whatever the rule says.
    pub via_exchange: Option<bool>,
}

impl Letting {
    /// An ordinary letting recorded on `day` from that day, for a term of the asset's kind at
    /// [`letting_rent`]; the register entry ten minutes after the lease.
    pub fn ordinary(v: &mut VillageState, a: usize, day: NaiveDate) -> Self {
        let kind = v.assets.assets[a].kind();
        let years = v
            .assets
            .rng
            .gen_range(kind.term_years.0..=kind.term_years.1);
        let rent = letting_rent(v, a);
        let recorded_at = office_time(&mut v.assets.rng, day);
        Self {
            recorded_at,
            entered_at: recorded_at + TimeDelta::minutes(10),
            start: day,
            end: end_of_term(day, years),
            rent,
            via_exchange: None,
        }
    }
}

/// Lets idle asset `a` to a new lessee as `how` says; follows the lease. Returns what the lease
/// implies at once.
pub fn let_asset(ctx: &mut Ctx, v: &mut VillageState, a: usize, how: &Letting) -> Vec<Implied> {
    let tenant = v.assets.assets[a].kind().tenant;
    let rng = &mut v.assets.rng;
    let lessee: Lessee = v.assets.lessees.pick(rng, tenant);
    let lease_id = ctx.ids.lease(how.start.year());
    let mut lease = draft(
        &mut v.assets.rng,
        lease_id,
        (a, &v.assets.assets[a]),
        lessee,
        (how.start, 1),
        how.rent,
        None,
    );
    lease.terms.end = how.end;
    lease.terms.via_exchange = match how.via_exchange {
        Some(via) => via,
        None => exchange_for(&mut v.assets.rng, &lease.terms),
    };
    let (n, implied) = enter_lease(ctx, v, lease, how.recorded_at);
    let asset = &mut v.assets.assets[a];
    asset.use_status = "leased";
    asset.since = how.start;
    asset.lease = Some(n);
    asset.busy_until = Some(how.entered_at.date());
    enter_asset(ctx, v, a, how.entered_at);
    follow_lease(ctx, v, n, how.recorded_at.date());
    implied
}

/// Enters asset `a` as idle since `since` at `at`, and plans its letting 60 to 160 days after.
/// Returns what the entry implies at once.
pub fn fall_idle(
    ctx: &mut Ctx,
    v: &mut VillageState,
    a: usize,
    since: NaiveDate,
    at: NaiveDateTime,
) -> Vec<Implied> {
    let asset = &mut v.assets.assets[a];
    asset.use_status = "idle";
    asset.since = since;
    let implied = enter_asset(ctx, v, a, at);
    plan_letting(ctx, v, a, since, at.date());
    implied
}

/// Plans the letting of asset `a`, idle since `since`, 60 to 160 days after, after `today`.
pub fn plan_letting(ctx: &Ctx, v: &mut VillageState, a: usize, since: NaiveDate, today: NaiveDate) {
    let after = v.assets.rng.gen_range(LETTING_DAYS.0..=LETTING_DAYS.1);
    let day = working_day_from(ctx, plus_days(since, after).max(plus_days(today, 1)));
    if day <= ctx.last_day {
        v.assets.plan(day, Task::Let(a));
    }
}

/// Registers the rent of lease `l` due on `due` (on `today`) with the collections given;
/// returns whether AST-01 is implied.
pub fn register_rent(
    ctx: &mut Ctx,
    v: &mut VillageState,
    l: usize,
    due: NaiveDate,
    today: NaiveDate,
    collections: impl FnOnce(&mut VillageState, Fen) -> Vec<Collection>,
) -> bool {
    let lease = &v.assets.leases[l];
    let r = ReceivableDraft {
        receivable_id: ctx.ids.receivable(),
        kind: "rent",
        debtor_id: lease.lessee.id.clone(),
        amount: lease.rent_per_period(),
        due_date: due,
        lease_id: Some(lease.terms.lease_id.clone()),
        contract_id: None,
    };
    let registered_at = office_time(&mut v.assets.rng, today);
    let collections = collections(v, r.amount);
    receivables::register(ctx, v, &r, registered_at, &collections)
}

/// The collections of an ordinary rent: by the due date (a past due within ten days of
/// registration), one in ten up to 20 days late.
pub fn ordinary_collections(
    v: &mut VillageState,
    due: NaiveDate,
    today: NaiveDate,
    amount: Fen,
) -> Vec<Collection> {
    let rng = &mut v.assets.rng;
    let day = if due <= today {
        plus_days(today, rng.gen_range(1..=10))
    } else if rng.gen_bool(0.1) {
        plus_days(due, rng.gen_range(1..=20))
    } else {
        plus_days(due, -rng.gen_range(0..=5)).max(plus_days(today, 1))
    };
    vec![Collection::at(office_time(rng, day), amount)]
}

/// A take-back entry of the asset under lease `l`: idle since `since`, entered at `at`; the
/// letting planned after.
pub fn take_back(
    ctx: &mut Ctx,
    v: &mut VillageState,
    l: usize,
    since: NaiveDate,
    at: NaiveDateTime,
) {
    let a = v.assets.leases[l].asset;
    v.assets.assets[a].busy_until = Some(at.date());
    fall_idle(ctx, v, a, since, at);
}
