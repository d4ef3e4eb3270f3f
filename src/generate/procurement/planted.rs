//! Planted procurement cases: each registers a purchase (or a run of them) that differs from an
//! ordinary one in one respect, so that exactly the targeted procurement threshold fires
//! (anomalies) or a boundary is met and nothing fires (near misses). The order book confirms
//! what each order implies.

use chrono::{Datelike, NaiveDate};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::book::{self, Implied, CONCENTRATION_MIN, TENDER_LIMIT};
use super::cases::{ProcurementAnomaly, ProcurementNearMiss};
use super::purchase::{
    category_of, complete, contract, lines, lot, order, pay, register, registration_time,
};
use super::suppliers::{Supplier, TieKind, TiedParty, Trade, CATEGORIES};
use super::{goods_companies, goods_suppliers};
use crate::generate::context::Ctx;
use crate::generate::finance::filing_day;
use crate::generate::json::{yuan, Fen};
use crate::generate::threshold::Threshold;
use crate::generate::time::{at, plus_days, plus_seconds};
use crate::generate::village::VillageState;

/// Whether `supplier` had an order in its category placed within `days` before `day`.
fn recent_in_group(v: &VillageState, supplier: &Supplier, day: NaiveDate, days: i64) -> bool {
    v.procurement.book.has_group_order_since(
        &supplier.id,
        CATEGORIES[category_of(supplier)].code,
        plus_days(day, -days),
    )
}

/// A supplier whose category group had no order in the last `days` and who can take `amount`
/// more this year without reaching 100000.
fn fresh_supplier(v: &VillageState, day: NaiveDate, days: i64, amount: Fen) -> Option<Supplier> {
    goods_companies(v).into_iter().find(|s| {
        let (supplied, _) = v.procurement.book.year_totals(day.year(), &s.id);
        !recent_in_group(v, s, day, days) && supplied + amount <= CONCENTRATION_MIN
    })
}

/// Tied parties tied on `day`, and former cadres no longer tied on it.
fn tied_on(v: &VillageState, day: NaiveDate) -> Vec<TiedParty> {
    v.procurement
        .ties
        .iter()
        .filter(|t| t.tied_on(day) && matches!(t.supplier.trade, Trade::Goods(_)))
        .cloned()
        .collect()
}

fn former_cadres(v: &VillageState, day: NaiveDate) -> Vec<TiedParty> {
    let ties = &v.procurement.ties;
    ties.iter()
        .filter(|t| t.kind == TieKind::Cadre && t.until.is_some_and(|u| u < day))
        .filter(|t| {
            !ties
                .iter()
                .any(|o| o.supplier.id == t.supplier.id && o.tied_on(day))
        })
        .filter(|t| matches!(t.supplier.trade, Trade::Goods(_)))
        .cloned()
        .collect()
}

pub fn anomaly_fits(v: &VillageState, day: NaiveDate, kind: ProcurementAnomaly) -> bool {
    use ProcurementAnomaly as A;
    match kind {
        A::SplitPurchase => fresh_supplier(v, day, 70, yuan(40_000)).is_some(),
        A::NoCompetition => fresh_supplier(v, day, 0, yuan(60_000)).is_some(),
        A::RelatedSupplier => !tied_on(v, day).is_empty(),
        _ => true,
    }
}

pub fn near_miss_fits(v: &VillageState, day: NaiveDate, kind: ProcurementNearMiss) -> bool {
    use ProcurementNearMiss as N;
    match kind {
        N::SplitOutsideWindow | N::SplitJustBelow | N::JustBelowTender => {
            fresh_supplier(v, day, 70, yuan(40_000)).is_some()
        }
        N::TenderWithThreeQuotes => fresh_supplier(v, day, 0, yuan(20_000)).is_some(),
        N::NeighbourCadre => v
            .procurement
            .neighbour_ties
            .iter()
            .any(|t| matches!(t.supplier.trade, Trade::Goods(_))),
        N::FormerCadre => !former_cadres(v, day).is_empty(),
        N::ConcentrationAtMinimum => concentration_candidate(v, day).is_some(),
        _ => true,
    }
}

/// A goods company whose year so far leaves room for exactly 100000.00 of orders (20000 or more
/// to go) while the other suppliers together stay below 100000: the order that brings it to
/// 100000.00 is more than half of the year.
fn concentration_candidate(v: &VillageState, day: NaiveDate) -> Option<Supplier> {
    goods_companies(v).into_iter().find(|s| {
        let (supplied, total) = v.procurement.book.year_totals(day.year(), &s.id);
        supplied <= CONCENTRATION_MIN - TENDER_LIMIT && total - supplied < CONCENTRATION_MIN
    })
}

fn holds(implied: &[Implied], threshold: Threshold) -> bool {
    implied.iter().any(|(t, _)| *t == threshold)
}

/// Days before registration that goods of an earlier order of a run are delivered.
const DELIVERED_BEFORE_REGISTRATION: i64 = 3;

/// Registers orders of one supplier placed on the given days with the given lines, all on
/// `day`, each with its contract (from 5000.00) and payment; returns everything they imply.
fn register_run(
    ctx: &mut Ctx,
    v: &mut VillageState,
    supplier: &Supplier,
    day: NaiveDate,
    placed: Vec<(NaiveDate, Vec<book::Line>)>,
    quotes: Option<(u32, bool)>,
) -> Vec<Implied> {
    let mut implied = Vec::new();
    for (ordered_on, order_lines) in placed {
        // Goods ordered more than a week before registration were delivered (and the contract
        // signed) in the last days before it.
        let delivered_on = ordered_on.max(plus_days(day, -DELIVERED_BEFORE_REGISTRATION));
        let mut o = order(
            ctx,
            &mut v.procurement.rng,
            supplier,
            ordered_on,
            Some(delivered_on),
            order_lines,
        );
        if let Some((quotes_count, via_platform)) = quotes {
            o.quotes_count = quotes_count;
            o.via_platform = via_platform;
        }
        implied.extend(complete(ctx, v, o, supplier, day));
    }
    implied
}

/// Two amounts below 20000 that add up to at least 20000: once exactly 20000.00.
fn split_amounts(rng: &mut ChaCha8Rng, exact: bool) -> Vec<Fen> {
    if exact {
        return vec![yuan(12_000), yuan(8_000)];
    }
    if rng.gen_bool(0.5) {
        let a = yuan(rng.gen_range(10_000..19_000));
        let b = yuan(rng.gen_range((20_000 - a / 100)..19_500)) + rng.gen_range(0..100);
        vec![a, b]
    } else {
        (0..3).map(|_| yuan(rng.gen_range(7_000..9_500))).collect()
    }
}

/// Plants a procurement anomaly registered on `day`; true when its target alert was newly
/// implied.
pub fn plant_anomaly(
    ctx: &mut Ctx,
    v: &mut VillageState,
    day: NaiveDate,
    kind: ProcurementAnomaly,
    uses: u32,
) -> bool {
    use ProcurementAnomaly as A;
    let target = kind.target();
    match kind {
        A::SplitPurchase => {
            let Some(supplier) = fresh_supplier(v, day, 70, yuan(40_000)) else {
                return false;
            };
            let category = category_of(&supplier);
            let amounts = split_amounts(&mut v.procurement.rng, uses.is_multiple_of(3));
            let spacing = 20 / amounts.len() as i64;
            let n = amounts.len() as i64;
            let placed = amounts
                .into_iter()
                .enumerate()
                .map(|(i, amount)| {
                    (
                        plus_days(day, -(n - 1 - i as i64) * spacing),
                        lot(category, amount),
                    )
                })
                .collect();
            let implied = register_run(ctx, v, &supplier, day, placed, Some((1, false)));
            holds(&implied, target)
        }
        A::NoCompetition => {
            let Some(supplier) = fresh_supplier(v, day, 0, yuan(60_000)) else {
                return false;
            };
            let rng = &mut v.procurement.rng;
            let (amount, quotes) = match uses % 3 {
                0 => (yuan(rng.gen_range(20_000..60_000)), (2, true)),
                1 => (
                    yuan(rng.gen_range(20_000..60_000)),
                    (rng.gen_range(3..=4), false),
                ),
                _ => (TENDER_LIMIT, (1, true)),
            };
            let placed = vec![(day, lot(category_of(&supplier), amount))];
            let implied = register_run(ctx, v, &supplier, day, placed, Some(quotes));
            holds(&implied, target)
        }
        A::RelatedSupplier => {
            let tied = tied_on(v, day);
            let party = tied[uses as usize % tied.len()].clone();
            let category = category_of(&party.supplier);
            let drawn = lines(&mut v.procurement.rng, category, (200, 3_000));
            let mut o = order(
                ctx,
                &mut v.procurement.rng,
                &party.supplier,
                day,
                Some(day),
                drawn,
            );
            o.tied = true;
            holds(&complete(ctx, v, o, &party.supplier, day), target)
        }
        A::ContractAfterDelivery | A::ContractAfterPayment => {
            contract_case(ctx, v, day, kind == A::ContractAfterPayment, false)
        }
        A::PriceAboveReference => {
            let suppliers = goods_suppliers(v);
            for _ in 0..4 {
                let supplier = suppliers[v.procurement.rng.gen_range(0..suppliers.len())].clone();
                let rng = &mut v.procurement.rng;
                let mut drawn = lines(rng, category_of(&supplier), (200, 3_000));
                let reference = drawn[0].unit_price / 10 * 10 + 10;
                drawn[0].reference_unit_price = Some(reference);
                drawn[0].unit_price = if uses.is_multiple_of(2) {
                    reference * 13 / 10 + 1
                } else {
                    reference * rng.gen_range(150..=200) / 100
                };
                let o = order(ctx, rng, &supplier, day, Some(day), drawn);
                if v.procurement.book.implied(&o).len() == 1 {
                    return holds(&complete(ctx, v, o, &supplier, day), target);
                }
            }
            false
        }
        A::SupplierConcentration => {
            // A supplier not yet flagged for the year, so that the alert is a new one.
            let year = day.year().to_string();
            let companies: Vec<Supplier> = goods_companies(v)
                .into_iter()
                .filter(|s| !ctx.is_expected(target, &[&v.id, &s.id, &year]))
                .collect();
            if companies.is_empty() {
                return false;
            }
            let supplier = companies[v.procurement.rng.gen_range(0..companies.len())].clone();
            let (supplied, total) = v.procurement.book.year_totals(day.year(), &supplier.id);
            let needed = (CONCENTRATION_MIN - supplied)
                .max(total - 2 * supplied)
                .max(TENDER_LIMIT);
            let rng = &mut v.procurement.rng;
            let amount = needed + yuan(rng.gen_range(1_000..20_000));
            let quantity = rng.gen_range(10..=40);
            let unit_price = (amount + quantity - 1) / quantity;
            let drawn = vec![book::Line {
                item: CATEGORIES[category_of(&supplier)].items[0].0,
                quantity,
                unit_price,
                reference_unit_price: None,
            }];
            let mut o = order(ctx, rng, &supplier, day, Some(day), drawn);
            o.quotes_count = 3;
            o.via_platform = true;
            holds(&complete(ctx, v, o, &supplier, day), target)
        }
    }
}

/// PRC-04 cases. Goods: delivered two days before registration, contract signed on delivery
/// (`on_time`) or on the registration day. Services (printing, no delivery date): paid first,
/// contract signed on the payment day (`on_time`) or one to three days after it.
fn contract_case(
    ctx: &mut Ctx,
    v: &mut VillageState,
    day: NaiveDate,
    service: bool,
    on_time: bool,
) -> bool {
    let suppliers: Vec<Supplier> = goods_suppliers(v)
        .into_iter()
        .filter(|s| !service || CATEGORIES[category_of(s)].code == "printing")
        .collect();
    if suppliers.is_empty() {
        return false;
    }
    let supplier = suppliers[v.procurement.rng.gen_range(0..suppliers.len())].clone();
    let category = category_of(&supplier);
    let rng = &mut v.procurement.rng;
    let drawn = lines(rng, category, (1_500, 6_000));
    let ordered_on = plus_days(day, -rng.gen_range(2..=5));
    let delivered_on = (!service).then(|| plus_days(day, -2));
    let o = order(ctx, rng, &supplier, ordered_on, delivered_on, drawn);
    let order_id = o.order_id.clone();
    let copy = o.clone();
    if !v.procurement.book.implied(&o).is_empty() {
        return false;
    }
    let registered_at = registration_time(v, day);
    register(ctx, v, o, registered_at);
    let title = format!("{}采购合同", CATEGORIES[category].name_zh);
    let late = if service {
        let Some(paid) = pay(ctx, v, &copy, &supplier, None, day, true) else {
            return false;
        };
        let paid_on = paid.booked.at.date();
        let signed_on = if on_time {
            paid_on
        } else {
            plus_days(paid_on, v.procurement.rng.gen_range(1..=3))
        };
        if signed_on > ctx.last_day {
            return false;
        }
        let recorded_at = plus_seconds(
            at(signed_on, 16, 0, 0),
            v.procurement.rng.gen_range(0..3_600),
        );
        contract(ctx, v, &copy, signed_on, recorded_at, &title);
        signed_on > paid_on
    } else {
        let signed_on = if on_time { plus_days(day, -2) } else { day };
        let recorded_at = plus_seconds(registered_at, v.procurement.rng.gen_range(600..=3_600));
        let contract_id = contract(ctx, v, &copy, signed_on, recorded_at, &title);
        let filed_on = filing_day(ctx, day, 1);
        pay(ctx, v, &copy, &supplier, Some(contract_id), filed_on, false);
        signed_on > plus_days(day, -2)
    };
    if late {
        ctx.expect_alert(Threshold::ContractAfterDelivery, &[&v.id, &order_id])
    } else {
        true
    }
}

/// Plants a procurement near miss registered on `day`; true when it implies nothing.
pub fn plant_near_miss(
    ctx: &mut Ctx,
    v: &mut VillageState,
    day: NaiveDate,
    kind: ProcurementNearMiss,
    uses: u32,
) -> bool {
    use ProcurementNearMiss as N;
    match kind {
        N::SplitOutsideWindow | N::SplitJustBelow | N::JustBelowTender => {
            let Some(supplier) = fresh_supplier(v, day, 70, yuan(40_000)) else {
                return false;
            };
            let category = category_of(&supplier);
            let rng = &mut v.procurement.rng;
            let placed = match kind {
                N::SplitOutsideWindow => {
                    let a = yuan(rng.gen_range(10_000..19_000));
                    let b = yuan(20_000) - a + yuan(rng.gen_range(0..500));
                    vec![
                        (plus_days(day, -31), lot(category, a)),
                        (day, lot(category, b)),
                    ]
                }
                N::SplitJustBelow => {
                    let a = yuan(rng.gen_range(8_000..12_000));
                    vec![
                        (plus_days(day, -10), lot(category, a)),
                        (day, lot(category, yuan(20_000) - 1 - a)),
                    ]
                }
                _ => vec![(day, lot(category, yuan(20_000) - 1))],
            };
            register_run(ctx, v, &supplier, day, placed, Some((1, false))).is_empty()
        }
        N::TenderWithThreeQuotes => {
            let Some(supplier) = fresh_supplier(v, day, 0, yuan(20_000)) else {
                return false;
            };
            let placed = vec![(day, lot(category_of(&supplier), TENDER_LIMIT))];
            register_run(ctx, v, &supplier, day, placed, Some((3, true))).is_empty()
        }
        N::NeighbourCadre | N::FormerCadre => {
            let parties: Vec<TiedParty> = if kind == N::NeighbourCadre {
                v.procurement
                    .neighbour_ties
                    .iter()
                    .filter(|t| matches!(t.supplier.trade, Trade::Goods(_)))
                    .cloned()
                    .collect()
            } else {
                former_cadres(v, day)
            };
            let Some(party) = parties.get(uses as usize % parties.len().max(1)).cloned() else {
                return false;
            };
            let category = category_of(&party.supplier);
            let drawn = lines(&mut v.procurement.rng, category, (200, 3_000));
            let o = order(
                ctx,
                &mut v.procurement.rng,
                &party.supplier,
                day,
                Some(day),
                drawn,
            );
            if !v.procurement.book.implied(&o).is_empty() {
                return false;
            }
            complete(ctx, v, o, &party.supplier, day).is_empty()
        }
        N::SignedOnDeliveryDay | N::SignedOnPaymentDay => {
            contract_case(ctx, v, day, kind == N::SignedOnPaymentDay, true)
        }
        N::PriceAtRatio | N::NoReferencePrice => {
            let suppliers = goods_suppliers(v);
            let supplier = suppliers[v.procurement.rng.gen_range(0..suppliers.len())].clone();
            let rng = &mut v.procurement.rng;
            let mut drawn = lines(rng, category_of(&supplier), (200, 3_000));
            let reference = drawn[0].unit_price / 10 * 10 + 10;
            if kind == N::PriceAtRatio {
                drawn[0].reference_unit_price = Some(reference);
                drawn[0].unit_price = reference * 13 / 10;
            } else {
                drawn[0].reference_unit_price = None;
                drawn[0].unit_price = reference * 2;
            }
            let o = order(ctx, rng, &supplier, day, Some(day), drawn);
            if !v.procurement.book.implied(&o).is_empty() {
                return false;
            }
            complete(ctx, v, o, &supplier, day).is_empty()
        }
        N::ConcentrationAtMinimum => {
            let Some(supplier) = concentration_candidate(v, day) else {
                return false;
            };
            let (supplied, _) = v.procurement.book.year_totals(day.year(), &supplier.id);
            let amount = CONCENTRATION_MIN - supplied;
            let quantity = (1..=20).rev().find(|q| amount % q == 0).unwrap_or(1);
            let drawn = vec![book::Line {
                item: CATEGORIES[category_of(&supplier)].items[0].0,
                quantity,
                unit_price: amount / quantity,
                reference_unit_price: None,
            }];
            let mut o = order(
                ctx,
                &mut v.procurement.rng,
                &supplier,
                day,
                Some(day),
                drawn,
            );
            o.quotes_count = 3;
            o.via_platform = true;
            complete(ctx, v, o, &supplier, day).is_empty()
        }
    }
}
