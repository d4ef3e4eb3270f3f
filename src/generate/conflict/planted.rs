//! The dealings that carry COI-01, COI-02 and COI-04 cases and near misses: leases of reserve
//! plots (机动地, not on the asset register, so that no asset desk plan meets them), contracts
//! and payments with the people and firms of the village's cast. Each goes through the book that
//! judges its other thresholds (the asset ledger, the contract book, `finance::settle`), so that
//! it raises no alert of another category; the conflict alerts are the ledger's.

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use rand::Rng;

use super::cases::{DealingAnomaly, DealingNearMiss};
use super::cast::Firm;
use crate::generate::assets::ledger::{plus_years, LeaseTerms};
use crate::generate::context::Ctx;
use crate::generate::contract::record::{expect_all, record_contract, ContractDraft};
use crate::generate::draw::{CaseDraw, Pick};
use crate::generate::finance::{
    filing_time, settle, Approval, ContractLink, Expense, Invoice, LineChoice, Party, When,
};
use crate::generate::json::{yuan, Fen, JsonObject};
use crate::generate::oversight::supervision_signer;
use crate::generate::time::{at, date_text, plus_days, plus_seconds};
use crate::generate::village::VillageState;

/// Days a dealing needs before the end of the period: the second payment of a COI-02 case
/// follows the first by up to three weeks, and its approval and payment take a few days more.
const DEALING_SPAN_DAYS: i64 = 30;

/// The two payments of a COI-02 case: the first, and the second that brings the year's total to
/// the amount of the case.
const FIRST_PAYMENT: Fen = yuan(6_000);

fn office_time(v: &mut VillageState, day: NaiveDate) -> NaiveDateTime {
    plus_seconds(at(day, 9, 0, 0), v.conflict.rng.gen_range(0..7 * 3600))
}

/// Lets a reserve plot to `lessee` from `start` for three years, recorded at `recorded`.
fn lease(
    ctx: &mut Ctx,
    v: &mut VillageState,
    lessee: (&str, &str),
    start: NaiveDate,
    recorded: NaiveDateTime,
) {
    let terms = LeaseTerms {
        lease_id: ctx.ids.lease(recorded.year()),
        asset_id: ctx.ids.asset(),
        start,
        end: plus_days(plus_years(start, 3), -1),
        annual_rent: yuan(100 * v.conflict.rng.gen_range(10..=60)),
        via_exchange: false,
        previous_lease_id: None,
    };
    let mut o = JsonObject::new();
    o.string("lease_id", &terms.lease_id)
        .string("asset_id", &terms.asset_id)
        .string("lessee_id", lessee.0)
        .string("lessee_type", lessee.1)
        .string("start_date", &date_text(terms.start))
        .string("end_date", &date_text(terms.end))
        .money("annual_rent", terms.annual_rent)
        .boolean("via_exchange", terms.via_exchange);
    ctx.events
        .schedule("lease.recorded", v.place(), recorded, o.finish());
    let implied = v.assets.ledger.enter_lease(&terms, recorded);
    expect_all(ctx, &v.id, &implied);
}

/// A contract with `party` signed on `day` and recorded that day; returns its id.
fn contract(
    ctx: &mut Ctx,
    v: &mut VillageState,
    party: (&str, &'static str),
    contract_type: &'static str,
    title: &str,
    amount: Fen,
    day: NaiveDate,
) -> String {
    let draft = ContractDraft::new(
        ctx.ids.contract(day.year()),
        contract_type,
        title.to_string(),
        party,
        amount,
        day,
    );
    let recorded = office_time(v, day);
    record_contract(ctx, v, &draft, recorded);
    draft.contract_id
}

/// Pays `payee` through a payment approval filed on `day`, signed for the supervisory
/// committee by a member none of the parties is tied to; not paid when no member can sign.
fn pay(
    ctx: &mut Ctx,
    v: &mut VillageState,
    payee: Party,
    amount: Fen,
    title: &str,
    contract: ContractLink,
    day: NaiveDate,
) {
    let accountant = v.officials.accountant.clone();
    let controllers = v
        .conflict
        .cast
        .as_ref()
        .map(|c| c.controllers_of(&payee.id))
        .unwrap_or_default();
    let mut parties = vec![accountant.as_str(), payee.id.as_str()];
    parties.extend(controllers.iter().map(String::as_str));
    let Some(signer) = supervision_signer(v, &parties) else {
        return;
    };
    let e = Expense {
        payee,
        purpose: "services",
        line: LineChoice::None,
        amount,
        title: title.to_string(),
        cash: false,
        invoice: Invoice::Issued,
        order_id: None,
        project_id: None,
        contract,
    };
    let approval = Approval::Filed {
        chain: vec![
            ("leader", v.officials.leader.clone()),
            ("supervision", signer),
        ],
        counterparty: true,
        rejected: false,
    };
    // `settle` draws from the finance stream; it is lent the conflict stream so that the
    // finance desk's own draws stay as they were.
    std::mem::swap(&mut v.finance.rng, &mut v.conflict.rng);
    let filed = filing_time(v, day);
    settle(ctx, v, &e, approval, filed, When::AfterApproval, false);
    std::mem::swap(&mut v.finance.rng, &mut v.conflict.rng);
}

fn firm_party(f: &Firm) -> Party {
    Party {
        id: f.id.clone(),
        party_type: "company",
        account: f.account.clone(),
    }
}

/// A relative of the cast not yet paid in `year`, with their account.
fn unpaid_kin(v: &VillageState, year: i32) -> Option<Party> {
    let cast = v.conflict.cast.as_ref()?;
    cast.kin
        .iter()
        .find(|k| !v.conflict.paid.contains(&(k.id.clone(), year)))
        .map(|k| Party {
            id: k.id.clone(),
            party_type: "person",
            account: k.account.clone(),
        })
}

/// Two payments to a relative on `day` and some days later in the same year, `total` in all.
fn pay_kin(ctx: &mut Ctx, v: &mut VillageState, day: NaiveDate, total: Fen) {
    let kin = unpaid_kin(v, day.year()).expect("fits");
    v.conflict.paid.insert((kin.id.clone(), day.year()));
    let title = "村庄绿化苗木栽植养护服务费";
    pay(
        ctx,
        v,
        kin.clone(),
        FIRST_PAYMENT,
        title,
        ContractLink::Without,
        day,
    );
    let later = ctx
        .calendar
        .working_days_after(day, v.conflict.rng.gen_range(5..=12));
    pay(
        ctx,
        v,
        kin,
        total - FIRST_PAYMENT,
        title,
        ContractLink::Without,
        later,
    );
}

/// A former cadre whose term ended before the last day and who has not been dealt with.
fn former_cadre(ctx: &Ctx, v: &VillageState) -> Option<(String, NaiveDate)> {
    v.cadres
        .iter()
        .filter_map(|c| c.term_end.map(|e| (c.payee.person_id.clone(), e)))
        .find(|(p, e)| {
            *e < ctx.last_day
                && !v.conflict.used.contains(p)
                && v.cadres
                    .iter()
                    .filter(|c| c.payee.person_id == *p)
                    .all(|c| c.term_end.is_some_and(|end| end <= *e))
        })
}

/// A dealing on `day` that may carry a case; an ordinary one is left to the other desks.
pub fn dealing(
    ctx: &mut Ctx,
    v: &mut VillageState,
    day: NaiveDate,
    cases: &mut CaseDraw<DealingAnomaly, DealingNearMiss>,
) {
    let Some(cast) = v.conflict.cast.clone() else {
        return;
    };
    let room = plus_days(day, DEALING_SPAN_DAYS) <= ctx.last_day
        && plus_days(day, DEALING_SPAN_DAYS).year() == day.year();
    let kin_unpaid = unpaid_kin(v, day.year()).is_some();
    let newcomer = cast
        .newcomers
        .iter()
        .find(|p| !v.conflict.used.contains(&p.id))
        .cloned();
    let former = former_cadre(ctx, v);
    let x: f64 = v.conflict.rng.gen();
    let pick = cases.draw(
        x,
        |k| match k {
            DealingAnomaly::KinPaidTheLimit => room && kin_unpaid,
            DealingAnomaly::TiedFirmPaidWithoutBasis => room,
            _ => true,
        },
        |k| match k {
            DealingNearMiss::DeclaredAfterSigning => newcomer.is_some() && day < ctx.last_day,
            DealingNearMiss::TermEndedTheDayBefore => former.is_some(),
            DealingNearMiss::KinPaidJustBelow => room && kin_unpaid,
            DealingNearMiss::TiedFirmUnderProcurementContract => room,
        },
    );
    let contract_amount = yuan(100 * v.conflict.rng.gen_range(30..=90));
    let place = v.place();
    match pick {
        Pick::Normal => {}
        Pick::Anomaly(kind, uses) => {
            let kin = cast.kin[uses as usize % cast.kin.len()].id.clone();
            let close = |cadre_first: bool| {
                if (uses % 2 == 0) == cadre_first {
                    cast.cadre.clone()
                } else {
                    kin.clone()
                }
            };
            match kind {
                DealingAnomaly::LeaseToClose => {
                    let recorded = office_time(v, day);
                    lease(ctx, v, (&close(false), "person"), day, recorded);
                }
                DealingAnomaly::ContractWithClose => {
                    let title = "村道两侧保洁承包合同";
                    contract(
                        ctx,
                        v,
                        (&close(true), "person"),
                        "service",
                        title,
                        contract_amount,
                        day,
                    );
                }
                DealingAnomaly::KinPaidTheLimit => pay_kin(ctx, v, day, yuan(10_000)),
                DealingAnomaly::LeaseToTiedFirm => {
                    let recorded = office_time(v, day);
                    lease(ctx, v, (&cast.kin_firm.id, "company"), day, recorded);
                }
                DealingAnomaly::ServiceContractWithTiedFirm => {
                    let title = "村部及文化礼堂物业管理服务合同";
                    let firm = (cast.managed_firm.id.as_str(), "company");
                    contract(ctx, v, firm, "service", title, contract_amount, day);
                }
                DealingAnomaly::TiedFirmPaidWithoutBasis => {
                    let amount = yuan(v.conflict.rng.gen_range(1_500..=8_000));
                    let title = "村庄道路标识标牌制作费";
                    let firm = firm_party(&cast.kin_firm);
                    pay(ctx, v, firm, amount, title, ContractLink::Without, day);
                }
            }
            ctx.count_planted(kind.target());
        }
        Pick::NearMiss(kind, _) => {
            match kind {
                DealingNearMiss::DeclaredAfterSigning => {
                    let p = newcomer.expect("fits");
                    v.conflict.used.insert(p.id.clone());
                    let title = "村集体鱼塘看护承包合同";
                    contract(
                        ctx,
                        v,
                        (&p.id, "person"),
                        "service",
                        title,
                        contract_amount,
                        day,
                    );
                    let declared = office_time(v, plus_days(day, 1));
                    v.conflict
                        .declare(ctx, place, &cast.cadre, &p.id, "child_in_law", declared);
                }
                DealingNearMiss::TermEndedTheDayBefore => {
                    let (former, ended) = former.expect("fits");
                    v.conflict.used.insert(former.clone());
                    let recorded = office_time(v, day);
                    lease(ctx, v, (&former, "person"), plus_days(ended, 1), recorded);
                }
                DealingNearMiss::KinPaidJustBelow => pay_kin(ctx, v, day, yuan(10_000) - 1),
                DealingNearMiss::TiedFirmUnderProcurementContract => {
                    let title = "村级道路养护材料年度采购框架合同";
                    let firm = (cast.near_firm.id.as_str(), "company");
                    let id = contract(ctx, v, firm, "procurement", title, contract_amount, day);
                    let paid_on = ctx.calendar.working_days_after(day, 3);
                    let party = firm_party(&cast.near_firm);
                    let amount = contract_amount / 2;
                    let title = "道路养护材料货款";
                    pay(
                        ctx,
                        v,
                        party,
                        amount,
                        title,
                        ContractLink::Under(id),
                        paid_on,
                    );
                }
            }
            ctx.count_near_miss(kind.target());
        }
    }
}
