//! Paying an expense the way the finance desk does: applied for by the accountant, approved by
//! the party secretary (his deputy when the secretary is the payee) and signed by a member of
//! the supervisory committee who is neither a party nor a relative of one (OVS-03), then paid
//! by bank transfer at a set instant after the approval, through the village's payment book.

use chrono::NaiveDateTime;

use crate::generate::context::Ctx;
use crate::generate::finance::{
    settle, Approval, ContractLink, Expense, Invoice, LineChoice, Party, PayMethod, Payment, When,
};
use crate::generate::json::Fen;
use crate::generate::oversight::supervision_signer;
use crate::generate::village::VillageState;

/// Purposes that need no invoice (FIN-07 exempt_purposes of those an expense pays).
const WITHOUT_INVOICE: [&str; 2] = ["allowance", "welfare"];

/// One payment of the expense desk.
#[derive(Debug, Clone)]
pub struct Outlay {
    pub payee: Party,
    pub purpose: &'static str,
    pub amount: Fen,
    pub title: String,
}

/// A cadre of the village as a payee, paid into their own first account.
pub fn cadre_payee(v: &VillageState, person: &str) -> Option<Party> {
    let cadre = v.cadres.iter().find(|c| c.payee.person_id == person)?;
    Some(Party {
        id: person.to_string(),
        party_type: "person",
        account: cadre.payee.accounts.first()?.clone(),
    })
}

/// Whether `person` is a relative some cadre of the village declared (COI-02 would count every
/// payment to them).
pub fn is_declared_kin(v: &VillageState, person: &str) -> bool {
    v.expense.roles.iter().any(|r| {
        v.conflict
            .relatives_of(&r.person)
            .iter()
            .any(|k| k == person)
    })
}

/// Whether `o` can be paid at `paid_at` without an alert of another category: someone can sign
/// it without a conflict and it repeats no payment to the payee (FIN-06).
pub fn payable(v: &VillageState, o: &Outlay, paid_at: NaiveDateTime) -> bool {
    let accountant = v.officials.accountant.as_str();
    if supervision_signer(v, &[accountant, &o.payee.id]).is_none() {
        return false;
    }
    let probe = Payment::new(
        String::new(),
        paid_at,
        o.amount,
        PayMethod::Bank(o.payee.account.clone()),
        o.payee.id.clone(),
        o.purpose,
    );
    !v.payments.repeats(&probe)
}

/// Files the approval of `o` at `filed_at` (a morning at least a day before `paid_at`, so that
/// the review is over by the evening) and pays it at `paid_at`. False when it cannot be paid
/// without an alert of another category; nothing is written then.
pub fn pay(
    ctx: &mut Ctx,
    v: &mut VillageState,
    o: &Outlay,
    filed_at: NaiveDateTime,
    paid_at: NaiveDateTime,
) -> bool {
    debug_assert!(filed_at.date() < paid_at.date());
    if !payable(v, o, paid_at) {
        return false;
    }
    let accountant = v.officials.accountant.clone();
    let signer = supervision_signer(v, &[&accountant, &o.payee.id]).expect("payable");
    let leader = if o.payee.id == v.officials.leader {
        v.officials.deputy.clone()
    } else {
        v.officials.leader.clone()
    };
    let e = Expense {
        payee: o.payee.clone(),
        purpose: o.purpose,
        line: LineChoice::None,
        amount: o.amount,
        title: o.title.clone(),
        cash: false,
        invoice: if WITHOUT_INVOICE.contains(&o.purpose) {
            Invoice::Missing
        } else {
            Invoice::Issued
        },
        order_id: None,
        project_id: None,
        contract: ContractLink::Without,
    };
    let approval = Approval::Filed {
        chain: vec![("leader", leader), ("supervision", signer)],
        counterparty: true,
        rejected: false,
    };
    settle(ctx, v, &e, approval, filed_at, When::At(paid_at), true).is_some()
}
