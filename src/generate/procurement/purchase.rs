//! One purchase as the village records it: the order registered on acceptance (采购登记), its
//! procurement contract, and the payment of the supplier after an approval.

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use rand::seq::SliceRandom;
use rand::Rng;

use super::book::{Implied, Line, Order, MIN_QUOTES, TENDER_LIMIT};
use super::suppliers::{Supplier, Trade, CATEGORIES};
use crate::generate::context::Ctx;
use crate::generate::contract::book::MAX_ENTRY_DELAY_DAYS;
use crate::generate::contract::record::{record_contract, ContractDraft};
use crate::generate::finance::{
    filing_day, settle, Approval, ContractLink, Expense, Invoice, LineChoice, LineKind, Party,
    Settled, When,
};
use crate::generate::json::{array, decimal_text, Fen, JsonObject};
use crate::generate::oversight::supervision_signer;
use crate::generate::threshold::Threshold;
use crate::generate::time::{at, date_text, plus_days, plus_seconds};
use crate::generate::village::VillageState;

/// Orders from which a contract is signed.
const CONTRACT_FROM: Fen = 500_000;

/// Order lines of `category`: one to three items at prices around the reference price (within
/// 15 %), a reference given for 60 % of them, worth about `per_line` yuan each.
pub fn lines(rng: &mut impl Rng, category: usize, per_line: (i64, i64)) -> Vec<Line> {
    let items = CATEGORIES[category].items;
    let count = rng.gen_range(1..=items.len().min(3));
    let mut chosen: Vec<&(&'static str, i64, i64)> = items.iter().collect();
    chosen.shuffle(rng);
    chosen
        .into_iter()
        .take(count)
        .map(|&(item, low, high)| {
            let reference = rng.gen_range(low..=high) / 10 * 10;
            let unit_price = reference * rng.gen_range(85..=115) / 100;
            let worth = rng.gen_range(per_line.0..=per_line.1) * 100;
            Line {
                item,
                quantity: (worth / unit_price).max(1),
                unit_price,
                reference_unit_price: rng.gen_bool(0.6).then_some(reference),
            }
        })
        .collect()
}

/// A single line of `amount` for a lot of the category's first item.
pub fn lot(category: usize, amount: Fen) -> Vec<Line> {
    vec![Line {
        item: CATEGORIES[category].items[0].0,
        quantity: 1,
        unit_price: amount,
        reference_unit_price: None,
    }]
}

pub fn total(lines: &[Line]) -> Fen {
    lines.iter().map(|l| l.quantity * l.unit_price).sum()
}

/// The category of a goods supplier.
pub fn category_of(supplier: &Supplier) -> usize {
    match supplier.trade {
        Trade::Goods(c) => c,
        Trade::Service(_) => panic!("a goods supplier"),
    }
}

/// An order of `lines` from `supplier` placed on `ordered_on` and delivered on `delivered_on`,
/// with the quotes and platform use its amount calls for.
pub fn order(
    ctx: &mut Ctx,
    rng: &mut impl Rng,
    supplier: &Supplier,
    ordered_on: NaiveDate,
    delivered_on: Option<NaiveDate>,
    lines: Vec<Line>,
) -> Order {
    let amount = total(&lines);
    let (quotes_count, via_platform) = if amount >= TENDER_LIMIT {
        (rng.gen_range(MIN_QUOTES..=5), true)
    } else {
        (rng.gen_range(1..=3), rng.gen_bool(0.4))
    };
    Order {
        order_id: ctx.ids.order(ordered_on.year()),
        supplier_id: supplier.id.clone(),
        supplier_type: supplier.party_type,
        category: CATEGORIES[category_of(supplier)].code,
        amount,
        quotes_count,
        via_platform,
        ordered_on,
        delivered_on,
        lines,
        tied: false,
    }
}

fn order_payload(o: &Order) -> String {
    let lines: Vec<String> = o
        .lines
        .iter()
        .map(|l| {
            let mut j = JsonObject::new();
            j.string("item", l.item)
                .raw("quantity", &decimal_text(l.quantity * 100, 2))
                .money("unit_price", l.unit_price);
            if let Some(r) = l.reference_unit_price {
                j.money("reference_unit_price", r);
            }
            j.finish()
        })
        .collect();
    let mut j = JsonObject::new();
    j.string("order_id", &o.order_id)
        .string("supplier_id", &o.supplier_id)
        .string("supplier_type", o.supplier_type)
        .string("category", o.category)
        .money("amount", o.amount)
        .integer("quotes_count", i64::from(o.quotes_count))
        .boolean("via_platform", o.via_platform)
        .string("ordered_on", &date_text(o.ordered_on));
    if let Some(d) = o.delivered_on {
        j.string("delivered_on", &date_text(d));
    }
    j.raw("lines", &array(&lines));
    j.finish()
}

/// The next registration instant of the village on `day`: office hours, after every order the
/// village registered before (orders are applied in the order they are entered in the book).
pub fn registration_time(v: &mut VillageState, day: NaiveDate) -> NaiveDateTime {
    let drawn = plus_seconds(at(day, 9, 0, 0), v.procurement.rng.gen_range(0..6 * 3600));
    let t = match v.procurement.last_registered {
        Some(last) if last >= drawn => plus_seconds(last, 300),
        _ => drawn,
    };
    v.procurement.last_registered = Some(t);
    t
}

/// Registers an order: records what it implies and schedules it. Returns the implied alerts.
pub fn register(ctx: &mut Ctx, v: &mut VillageState, o: Order, at: NaiveDateTime) -> Vec<Implied> {
    let implied = v.procurement.book.implied(&o);
    for (threshold, key) in &implied {
        let mut full: Vec<&str> = vec![&v.id];
        full.extend(key.iter().map(String::as_str));
        ctx.expect_alert(*threshold, &full);
    }
    ctx.events
        .schedule("procurement.order", v.place(), at, order_payload(&o));
    v.procurement.book.enter(o);
    implied
}

/// Records the procurement contract of `o`, signed on `signed_on`; returns its id.
pub fn contract(
    ctx: &mut Ctx,
    v: &mut VillageState,
    o: &Order,
    signed_on: NaiveDate,
    recorded_at: NaiveDateTime,
    title: &str,
) -> String {
    let mut draft = ContractDraft::new(
        ctx.ids.contract(signed_on.year()),
        "procurement",
        title.to_string(),
        (&o.supplier_id, o.supplier_type),
        o.amount,
        signed_on,
    );
    draft.subject_id = Some(o.order_id.clone());
    record_contract(ctx, v, &draft, recorded_at);
    draft.contract_id
}

/// Pays the supplier for `o`: an approval filed on `filed_on`, the payment after it.
pub fn pay(
    ctx: &mut Ctx,
    v: &mut VillageState,
    o: &Order,
    supplier: &Supplier,
    contract_id: Option<String>,
    filed_on: NaiveDate,
    pinned: bool,
) -> Option<Settled> {
    let category = &CATEGORIES[category_of(supplier)];
    let e = Expense {
        payee: Party {
            id: supplier.id.clone(),
            party_type: supplier.party_type,
            account: supplier.account.clone(),
        },
        purpose: "goods",
        line: LineChoice::Room(LineKind::Purchases),
        amount: o.amount,
        title: format!("{}采购货款", category.name_zh),
        cash: false,
        invoice: Invoice::Issued,
        order_id: Some(o.order_id.clone()),
        project_id: None,
        contract: contract_id.map_or(ContractLink::Auto, ContractLink::Under),
    };
    // The supervisory committee member who signs is not the supplier nor a relative of whom it
    // is or is controlled by (OVS-03): the head recuses himself in favour of a member.
    let mut parties = vec![supplier.id.as_str()];
    parties.extend(
        v.procurement
            .ties
            .iter()
            .filter(|t| t.supplier.id == supplier.id)
            .map(|t| t.person.as_str()),
    );
    let signer = supervision_signer(v, &parties);
    let approval = match &signer {
        Some(member) if *member != v.officials.supervisor => Approval::Filed {
            chain: vec![
                ("leader", v.officials.leader.clone()),
                ("supervision", member.clone()),
            ],
            counterparty: true,
            rejected: false,
        },
        _ => Approval::ordinary(v),
    };
    let filed_at = crate::generate::finance::filing_time(v, filed_on);
    let settled = settle(ctx, v, &e, approval, filed_at, When::AfterApproval, pinned);
    if signer.is_none() {
        // No member can sign without a conflict: the head signs and OVS-03 fires.
        let head = v.officials.supervisor.clone();
        let signed = settled.as_ref().and_then(|s| s.auth.as_ref()).filter(|a| {
            a.review
                .steps
                .iter()
                .any(|st| st.role == "supervision" && st.action == "approved" && st.actor == head)
        });
        if let Some(a) = signed {
            let approval_id = a.approval_id.clone();
            ctx.expect_alert(
                Threshold::ConflictedSupervisor,
                &[&v.id, &approval_id, &head],
            );
        }
    }
    settled
}

/// An ordinary purchase with `o` registered on `day`: its contract from 5000.00, signed on the
/// order day (on the delivery day for an order placed more than a week before, so that the
/// contract is entered within the week CON-03 allows), and its payment one to three working days
/// later.
pub fn complete(
    ctx: &mut Ctx,
    v: &mut VillageState,
    o: Order,
    supplier: &Supplier,
    day: NaiveDate,
) -> Vec<Implied> {
    let registered_at = registration_time(v, day);
    let needs_contract = o.amount >= CONTRACT_FROM;
    let signed_on = if plus_days(o.ordered_on, MAX_ENTRY_DELAY_DAYS) >= day {
        o.ordered_on
    } else {
        o.delivered_on.unwrap_or(o.ordered_on)
    };
    let order = o.clone();
    let implied = register(ctx, v, o, registered_at);
    let contract_id = needs_contract.then(|| {
        let recorded_at = plus_seconds(registered_at, v.procurement.rng.gen_range(600..=5_400));
        let title = format!(
            "{}采购合同（{}）",
            CATEGORIES[category_of(supplier)].name_zh,
            supplier.name
        );
        contract(ctx, v, &order, signed_on, recorded_at, &title)
    });
    let delay = v.procurement.rng.gen_range(1..=3);
    let filed_on = filing_day(ctx, day, delay);
    pay(ctx, v, &order, supplier, contract_id, filed_on, false);
    implied
}
