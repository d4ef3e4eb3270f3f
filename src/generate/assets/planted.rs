//! The asset occasions (a lease entered at the start, an idle asset, a renewal, a letting, rent
//! falling due, a re-survey) written ordinarily, or with one thing altered so that exactly the
//! targeted asset threshold fires (anomalies) or a boundary is met and nothing fires (near
//! misses). The ledger confirms what each case implies.

use chrono::{Datelike, NaiveDate, NaiveDateTime, TimeDelta};
use rand::Rng;

use super::cases::{Activity, AssetAnomaly, AssetNearMiss};
use super::leasing::{end_of_term, exchange_for, holds, office_time, start_of_term, Lease};
use super::ledger::{idle_deadline, plus_years, Implied, LeaseTerms, EXCHANGE_MIN_VALUE};
use super::operations::{
    enter_asset, enter_lease, fall_idle, follow_lease, let_asset, ordinary_collections, plan_dues,
    register_rent, renew, take_back, Letting, Renewal,
};
use super::{end_of_input, plan_survey};
use crate::generate::context::Ctx;
use crate::generate::contract::record::expect_all;
use crate::generate::json::{yuan, Fen};
use crate::generate::receivables::{deadline_of, Collection};
use crate::generate::threshold::Threshold;
use crate::generate::time::{at, plus_days, plus_seconds, start_of};
use crate::generate::village::VillageState;

/// One thing the village does with an asset, that a case rides on.
#[derive(Debug, Clone, Copy)]
pub struct Occasion {
    pub activity: Activity,
    pub asset: usize,
    pub lease: Option<usize>,
    pub due: Option<NaiveDate>,
    /// Instant of a register entry made at the start.
    pub at: Option<NaiveDateTime>,
}

impl Occasion {
    pub fn lease(activity: Activity, l: usize, v: &VillageState) -> Self {
        Self {
            activity,
            asset: v.assets.leases[l].asset,
            lease: Some(l),
            due: None,
            at: None,
        }
    }

    pub fn rent(l: usize, due: NaiveDate, v: &VillageState) -> Self {
        Self {
            due: Some(due),
            ..Self::lease(Activity::Rent, l, v)
        }
    }

    pub fn asset(activity: Activity, a: usize) -> Self {
        Self {
            activity,
            asset: a,
            lease: None,
            due: None,
            at: None,
        }
    }

    pub fn opening_lease(a: usize, at: NaiveDateTime) -> Self {
        Self {
            at: Some(at),
            ..Self::asset(Activity::OpeningLease, a)
        }
    }

    pub fn idle_entry(a: usize, at: NaiveDateTime) -> Self {
        Self {
            at: Some(at),
            ..Self::asset(Activity::IdleEntry, a)
        }
    }

    fn entry_at(&self) -> NaiveDateTime {
        self.at.expect("an entry made at the start")
    }

    fn lease_index(&self) -> usize {
        self.lease.expect("an occasion of a lease")
    }
}

/// Days an opening lease that ends within the period needs after the start.
const ENDING_SOON_DAYS: (i64, i64) = (20, 40);

/// The rent a renewal or a letting on this occasion is compared with (AST-05), if any.
fn rent_before(v: &VillageState, o: &Occasion) -> Option<Fen> {
    match o.activity {
        Activity::Renewal => Some(v.assets.leases[o.lease_index()].terms.annual_rent),
        Activity::Letting => v.assets.assets[o.asset]
            .lease
            .map(|l| v.assets.leases[l].terms.annual_rent),
        _ => None,
    }
}

/// The end of the lease the occasion concerns, for an opening lease the latest a planted end
/// may take.
fn lease_end(ctx: &Ctx, v: &VillageState, day: NaiveDate, o: &Occasion) -> Option<NaiveDate> {
    match o.activity {
        Activity::Renewal => Some(v.assets.leases[o.lease_index()].terms.end),
        Activity::OpeningLease => {
            Some(plus_days(day, ENDING_SOON_DAYS.0)).filter(|e| plus_days(*e, 2) <= ctx.last_day)
        }
        _ => None,
    }
}

fn rent_deadline(o: &Occasion) -> NaiveDateTime {
    deadline_of("rent", o.due.expect("a rent occasion"))
}

pub fn anomaly_fits(
    ctx: &Ctx,
    v: &VillageState,
    day: NaiveDate,
    o: &Occasion,
    kind: AssetAnomaly,
) -> bool {
    use AssetAnomaly as A;
    match kind {
        A::RentUnpaid => rent_deadline(o).date() <= ctx.last_day,
        A::LeftOccupied | A::NotRenewedInTime => {
            lease_end(ctx, v, day, o).is_some_and(|end| plus_days(end, 1) <= ctx.last_day)
        }
        A::AreaMismatch => v.assets.assets[o.asset].area.is_some(),
        A::LetOffExchange | A::RentDropped | A::IdleTooLong => true,
    }
}

pub fn near_miss_fits(
    ctx: &Ctx,
    v: &VillageState,
    day: NaiveDate,
    o: &Occasion,
    kind: AssetNearMiss,
) -> bool {
    use AssetNearMiss as N;
    match kind {
        N::RentPaidAtDeadline => rent_deadline(o).date() <= ctx.last_day,
        N::RenewedAtNotice => match o.activity {
            Activity::Renewal => {
                let end = v.assets.leases[o.lease_index()].terms.end;
                plus_days(end, -29) <= ctx.last_day
            }
            _ => plus_days(day, 31 - 29) <= ctx.last_day,
        },
        N::ExchangeJustBelow => rent_before(v, o).is_none_or(|r| r * 4 <= yuan(49_999) * 5),
        N::AreaAtTolerance => v.assets.assets[o.asset].area.is_some(),
        N::LetAtIdleDeadline => plus_days(day, 12) <= ctx.last_day,
        // Four fifths of the rent must be a whole number of fen for the boundary to be exact.
        N::RentAtFourFifths => rent_before(v, o).is_some_and(|r| (r * 4) % 5 == 0),
    }
}

/// Enters the asset of an opening occasion as leased from `start` to `end` at `rent` (through
/// the exchange as the rule says unless `via` is given): its register entry, then the lease.
fn open_lease(
    ctx: &mut Ctx,
    v: &mut VillageState,
    o: &Occasion,
    (start, end): (NaiveDate, NaiveDate),
    rent: Fen,
    via: Option<bool>,
) -> (usize, Vec<Implied>) {
    let a = o.asset;
    let kind = v.assets.assets[a].kind();
    let rng = &mut v.assets.rng;
    let lessee = v.assets.lessees.pick(rng, kind.tenant);
    let mut terms = LeaseTerms {
        lease_id: ctx.ids.lease(start.year()),
        asset_id: v.assets.assets[a].asset_id.clone(),
        start,
        end,
        annual_rent: rent,
        via_exchange: false,
        previous_lease_id: None,
    };
    terms.via_exchange = via.unwrap_or_else(|| exchange_for(&mut v.assets.rng, &terms));
    let asset = &mut v.assets.assets[a];
    asset.use_status = "leased";
    asset.since = start;
    enter_asset(ctx, v, a, o.entry_at());
    let lease = Lease {
        terms,
        lessee,
        period_months: kind.period_months,
        asset: a,
    };
    let (l, implied) = enter_lease(ctx, v, lease, o.entry_at() + TimeDelta::seconds(30));
    v.assets.assets[a].lease = Some(l);
    (l, implied)
}

fn kind_years(v: &mut VillageState, a: usize) -> u32 {
    let kind = v.assets.assets[a].kind();
    v.assets
        .rng
        .gen_range(kind.term_years.0..=kind.term_years.1)
}

fn kind_rent(v: &mut VillageState, a: usize) -> Fen {
    let asset = &v.assets.assets[a];
    let (kind, area) = (asset.kind(), asset.area);
    super::register::rent_for(&mut v.assets.rng, kind, area)
}

/// An opening lease ending 46 days to a term after the start, followed as usual.
fn ordinary_opening(ctx: &mut Ctx, v: &mut VillageState, day: NaiveDate, o: &Occasion) {
    let years = kind_years(v, o.asset);
    let longest = (i64::from(years) * 365 - 5).max(47);
    let end = plus_days(day, v.assets.rng.gen_range(46..=longest));
    let rent = kind_rent(v, o.asset);
    let (l, _) = open_lease(ctx, v, o, (start_of_term(end, years), end), rent, None);
    follow_lease(ctx, v, l, day);
}

/// Writes an occasion as the village ordinarily handles it.
pub fn ordinary(ctx: &mut Ctx, v: &mut VillageState, day: NaiveDate, o: &Occasion) {
    match o.activity {
        Activity::OpeningLease => ordinary_opening(ctx, v, day, o),
        Activity::IdleEntry => {
            let since = plus_days(day, -v.assets.rng.gen_range(0..=120));
            fall_idle(ctx, v, o.asset, since, o.entry_at());
        }
        Activity::Renewal => {
            let l = o.lease_index();
            let r = Renewal::ordinary(v, l, day);
            renew(ctx, v, l, &r);
        }
        Activity::Letting => {
            let how = Letting::ordinary(v, o.asset, day);
            let_asset(ctx, v, o.asset, &how);
        }
        Activity::Rent => {
            let due = o.due.expect("a rent occasion");
            register_rent(ctx, v, o.lease_index(), due, day, |v, amount| {
                ordinary_collections(v, due, day, amount)
            });
        }
        Activity::Survey => {
            let a = o.asset;
            v.assets.assets[a].survey(&mut v.assets.rng);
            let t = office_time(&mut v.assets.rng, day);
            enter_asset(ctx, v, a, t);
            plan_survey(ctx, v, a, day);
        }
    }
}

/// What becomes of a lease that is not renewed in time.
#[derive(Debug, Clone, Copy)]
enum Fate {
    /// Nothing is entered: the lessee stays on.
    Nothing,
    /// Renewed by a lease entered at this instant.
    RenewedAt(NaiveDateTime),
    /// The asset entered as idle since that day, at this instant.
    TakenBack(NaiveDateTime, NaiveDate),
}

/// The lease the occasion concerns: the renewal's, or an opening lease ending 20 to 40 days
/// after the start (no later than two days before the end of the period).
fn ending_lease(ctx: &mut Ctx, v: &mut VillageState, day: NaiveDate, o: &Occasion) -> usize {
    if o.activity == Activity::Renewal {
        return o.lease_index();
    }
    let latest = plus_days(ctx.last_day, -2).min(plus_days(day, ENDING_SOON_DAYS.1));
    let span = (latest - plus_days(day, ENDING_SOON_DAYS.0))
        .num_days()
        .max(0);
    let end = plus_days(day, ENDING_SOON_DAYS.0 + v.assets.rng.gen_range(0..=span));
    let years = kind_years(v, o.asset);
    let rent = kind_rent(v, o.asset);
    open_lease(ctx, v, o, (start_of_term(end, years), end), rent, None).0
}

/// Writes the fate of lease `l`; returns its deadline alerts (AST-03, AST-02), recorded.
fn expire(ctx: &mut Ctx, v: &mut VillageState, l: usize, fate: Fate) -> Vec<Implied> {
    match fate {
        Fate::Nothing => {}
        Fate::RenewedAt(t) => {
            let mut r = Renewal::ordinary(v, l, t.date());
            r.recorded_at = t;
            renew(ctx, v, l, &r);
        }
        Fate::TakenBack(t, since) => take_back(ctx, v, l, since, t),
    }
    let lease_id = v.assets.leases[l].terms.lease_id.clone();
    let implied = v
        .assets
        .ledger
        .lease_deadlines(&lease_id, end_of_input(ctx));
    expect_all(ctx, &v.id, &implied);
    implied
}

/// A lease on a renewal, letting or opening occasion whose term, rent and exchange are given
/// (`term` maps the first day to the last); followed as usual. Returns what it implies at once.
fn lease_on(
    ctx: &mut Ctx,
    v: &mut VillageState,
    day: NaiveDate,
    o: &Occasion,
    term: impl Fn(NaiveDate) -> NaiveDate,
    rent: Fen,
    via: bool,
) -> Vec<Implied> {
    match o.activity {
        Activity::Renewal => {
            let l = o.lease_index();
            let start = plus_days(v.assets.leases[l].terms.end, 1);
            let mut r = Renewal::ordinary(v, l, day);
            r.rent = rent;
            r.end = Some(term(start));
            r.via_exchange = Some(via);
            r.names_previous = true;
            renew(ctx, v, l, &r).1
        }
        Activity::Letting => {
            let mut how = Letting::ordinary(v, o.asset, day);
            how.end = term(how.start);
            how.rent = rent;
            how.via_exchange = Some(via);
            let_asset(ctx, v, o.asset, &how)
        }
        _ => {
            let start = plus_days(day, -v.assets.rng.gen_range(30..=300));
            let (l, implied) = open_lease(ctx, v, o, (start, term(start)), rent, Some(via));
            follow_lease(ctx, v, l, day);
            implied
        }
    }
}

/// The rent of a lease of the occasion's asset that AST-05 accepts: the kind's rate, and no
/// less than the rent before.
fn acceptable_rent(v: &mut VillageState, o: &Occasion) -> Fen {
    let rate = kind_rent(v, o.asset);
    rent_before(v, o).map_or(rate, |before| rate.max(before))
}

/// A year of the lease: 365 days, both ends included.
fn one_year(start: NaiveDate) -> NaiveDate {
    plus_days(start, 364)
}

/// An opening lease's term must still be running at the start: at least 46 days to go.
fn running(
    day: NaiveDate,
    term: impl Fn(NaiveDate) -> NaiveDate,
) -> impl Fn(NaiveDate) -> NaiveDate {
    move |start| term(start).max(plus_days(day, 46))
}

/// Plants an asset anomaly on the occasion; true when its target alert was newly implied.
pub fn plant_anomaly(
    ctx: &mut Ctx,
    v: &mut VillageState,
    day: NaiveDate,
    o: &Occasion,
    kind: AssetAnomaly,
    uses: u32,
) -> bool {
    use AssetAnomaly as A;
    let target = kind.target();
    match kind {
        A::LeftOccupied | A::NotRenewedInTime => {
            let l = ending_lease(ctx, v, day, o);
            let end = v.assets.leases[l].terms.end;
            let rng = &mut v.assets.rng;
            let fate = match (kind, uses % 3) {
                (A::LeftOccupied, 0) => Fate::Nothing,
                (A::LeftOccupied, 1) => Fate::RenewedAt(office_time(rng, plus_days(end, 1))),
                (A::LeftOccupied, _) => {
                    let day_after = plus_days(end, 1);
                    Fate::TakenBack(office_time(rng, day_after), day_after)
                }
                (_, 0) => Fate::TakenBack(start_of(plus_days(end, 1)), plus_days(end, 1)),
                (_, 1) => Fate::TakenBack(
                    plus_seconds(at(end, 16, 0, 0), rng.gen_range(0..1_800)),
                    end,
                ),
                _ => {
                    let late = plus_days(end, -rng.gen_range(5..=15));
                    Fate::RenewedAt(office_time(rng, late))
                }
            };
            let implied = expire(ctx, v, l, fate);
            if kind == A::NotRenewedInTime
                && matches!(fate, Fate::TakenBack(..))
                && !holds(&implied, Threshold::LeaseExpiredUnresolved)
            {
                ctx.count_near_miss(Threshold::LeaseExpiredUnresolved);
            }
            holds(&implied, target)
        }
        A::LetOffExchange => {
            let before = rent_before(v, o);
            let variant = match uses % 3 {
                0 if before.is_some_and(|b| b * 4 > EXCHANGE_MIN_VALUE * 5) => 1,
                n => n,
            };
            let implied = match variant {
                0 => lease_on(
                    ctx,
                    v,
                    day,
                    o,
                    running(day, one_year),
                    EXCHANGE_MIN_VALUE,
                    false,
                ),
                1 => {
                    // Two years at a rent worth the minimum in the first one.
                    let rent = acceptable_rent(v, o).max(EXCHANGE_MIN_VALUE);
                    let term = |s: NaiveDate| end_of_term(s, 2);
                    lease_on(ctx, v, day, o, running(day, term), rent, false)
                }
                _ => {
                    let rent = acceptable_rent(v, o);
                    let term = |s: NaiveDate| plus_years(s, 5);
                    lease_on(ctx, v, day, o, running(day, term), rent, false)
                }
            };
            holds(&implied, target)
        }
        A::RentDropped => {
            let l = o.lease_index();
            let before = v.assets.leases[l].terms.annual_rent;
            let mut r = Renewal::ordinary(v, l, day);
            r.rent = if uses.is_multiple_of(2) {
                before * 4 / 5 - 1
            } else {
                (before * v.assets.rng.gen_range(50..=75) / 100 / yuan(100)).max(1) * yuan(100)
            };
            r.names_previous = uses.is_multiple_of(2);
            holds(&renew(ctx, v, l, &r).1, target)
        }
        A::AreaMismatch => {
            let implied = altered_area(ctx, v, day, o, |gis, rng| match uses % 3 {
                0 => gis + gis / 20 + 1,
                1 => gis - gis / 20 - 1,
                _ => gis * rng.gen_range(110..=140) / 100,
            });
            holds(&implied, target)
        }
        A::RentUnpaid => {
            let due = o.due.expect("a rent occasion");
            let deadline = rent_deadline(o);
            register_rent(ctx, v, o.lease_index(), due, day, |v, amount| {
                match uses % 3 {
                    0 => Vec::new(),
                    1 => {
                        let paid_on = due.max(plus_days(day, 1));
                        vec![Collection::at(
                            office_time(&mut v.assets.rng, paid_on),
                            amount - 1,
                        )]
                    }
                    _ => vec![Collection::at(deadline + TimeDelta::seconds(1), amount)],
                }
            })
        }
        A::IdleTooLong => {
            let a = o.asset;
            let since = idle_since_due(ctx, v, day, 182);
            fall_idle_unlet(ctx, v, a, since, o.entry_at());
            let late = plus_days(since, 182);
            if !uses.is_multiple_of(2) && late > day {
                let mut how = Letting::ordinary(v, a, late);
                how.recorded_at = office_time(&mut v.assets.rng, late);
                how.entered_at = how.recorded_at + TimeDelta::minutes(10);
                let_asset(ctx, v, a, &how);
            }
            let implied = v
                .assets
                .ledger
                .idle_deadlines(&v.assets.assets[a].asset_id, end_of_input(ctx));
            expect_all(ctx, &v.id, &implied);
            holds(&implied, target)
        }
    }
}

/// An idle start for an asset entered at the start, such that its 180 days are up `margin`
/// days before the end of the period: idle up to 120 days before the start, or earlier when the
/// period is short.
fn idle_since_due(ctx: &Ctx, v: &mut VillageState, day: NaiveDate, margin: i64) -> NaiveDate {
    let rng = &mut v.assets.rng;
    let ordinary = plus_days(day, -rng.gen_range(0..=120));
    let latest = plus_days(ctx.last_day, -margin - rng.gen_range(0..=10));
    ordinary.min(latest)
}

/// Enters asset `a` as idle since `since` at `at`, with no letting planned.
fn fall_idle_unlet(
    ctx: &mut Ctx,
    v: &mut VillageState,
    a: usize,
    since: NaiveDate,
    at: NaiveDateTime,
) {
    let asset = &mut v.assets.assets[a];
    asset.use_status = "idle";
    asset.since = since;
    enter_asset(ctx, v, a, at);
}

/// A register entry of the occasion's asset (a re-survey, or an idle asset at the start) whose
/// register area is `area(gis)`; returns what it implies at once.
fn altered_area(
    ctx: &mut Ctx,
    v: &mut VillageState,
    day: NaiveDate,
    o: &Occasion,
    area: impl FnOnce(i64, &mut rand_chacha::ChaCha8Rng) -> i64,
) -> Vec<Implied> {
    let a = o.asset;
    let rng = &mut v.assets.rng;
    let asset = &mut v.assets.assets[a];
    asset.survey(rng);
    let gis = asset.gis.expect("surveyed");
    asset.area = Some(area(gis, rng));
    if o.activity == Activity::IdleEntry {
        let since = plus_days(day, -v.assets.rng.gen_range(0..=120));
        fall_idle(ctx, v, a, since, o.entry_at())
    } else {
        let t = office_time(&mut v.assets.rng, day);
        let implied = enter_asset(ctx, v, a, t);
        plan_survey(ctx, v, a, day);
        implied
    }
}

/// Plants an asset near miss on the occasion; true when it implies nothing.
pub fn plant_near_miss(
    ctx: &mut Ctx,
    v: &mut VillageState,
    day: NaiveDate,
    o: &Occasion,
    kind: AssetNearMiss,
    uses: u32,
) -> bool {
    use AssetNearMiss as N;
    match kind {
        N::RentPaidAtDeadline => {
            let due = o.due.expect("a rent occasion");
            let deadline = rent_deadline(o);
            !register_rent(ctx, v, o.lease_index(), due, day, |_, amount| {
                vec![Collection {
                    received_on: plus_days(deadline.date(), -1),
                    credited_at: deadline,
                    amount,
                }]
            })
        }
        N::RenewedAtNotice => {
            let l = match o.activity {
                Activity::Renewal => o.lease_index(),
                _ => {
                    // Ends 31 to 60 days after the start, so that its notice falls after it and
                    // within the period.
                    let years = kind_years(v, o.asset);
                    let latest = (ctx.last_day - day).num_days() + 29;
                    let end = plus_days(day, v.assets.rng.gen_range(31..=latest.clamp(31, 60)));
                    let rent = kind_rent(v, o.asset);
                    let l = open_lease(ctx, v, o, (start_of_term(end, years), end), rent, None).0;
                    plan_dues(ctx, v, l, day);
                    l
                }
            };
            let notice = v.assets.leases[l].terms.notice_at();
            if notice.date() > ctx.last_day {
                return false;
            }
            let mut r = Renewal::ordinary(v, l, notice.date());
            r.recorded_at = notice;
            let (_, implied) = renew(ctx, v, l, &r);
            let deadlines = expire(ctx, v, l, Fate::Nothing);
            implied.is_empty() && deadlines.is_empty()
        }
        N::ExchangeJustBelow => {
            let before = rent_before(v, o);
            let long = !uses.is_multiple_of(2) && before.is_none_or(|b| b * 4 <= yuan(9_900) * 5);
            let implied = if long {
                let term = |s: NaiveDate| plus_days(plus_years(s, 5), -1);
                lease_on(ctx, v, day, o, running(day, term), yuan(9_900), false)
            } else {
                let rent = EXCHANGE_MIN_VALUE - 1;
                lease_on(ctx, v, day, o, running(day, one_year), rent, false)
            };
            implied.is_empty()
        }
        N::RentAtFourFifths => {
            let l = o.lease_index();
            let before = v.assets.leases[l].terms.annual_rent;
            let mut r = Renewal::ordinary(v, l, day);
            r.rent = before * 4 / 5;
            r.names_previous = true;
            renew(ctx, v, l, &r).1.is_empty()
        }
        N::AreaAtTolerance => {
            let implied = altered_area(ctx, v, day, o, |gis, _| {
                if uses.is_multiple_of(2) {
                    gis + gis / 20
                } else {
                    gis - gis / 20
                }
            });
            implied.is_empty()
        }
        N::LetAtIdleDeadline => {
            let a = o.asset;
            let since = idle_since_due(ctx, v, day, 181);
            let deadline = idle_deadline(since);
            let recorded_on = plus_days(deadline.date(), -1);
            if recorded_on <= day {
                ordinary(ctx, v, day, o);
                return false;
            }
            fall_idle_unlet(ctx, v, a, since, o.entry_at());
            let mut how = Letting::ordinary(v, a, recorded_on);
            how.start = deadline.date();
            how.end = plus_days(how.end, 1);
            how.entered_at = deadline;
            let implied = let_asset(ctx, v, a, &how);
            let idle = v
                .assets
                .ledger
                .idle_deadlines(&v.assets.assets[a].asset_id, end_of_input(ctx));
            implied.is_empty() && idle.is_empty()
        }
    }
}
