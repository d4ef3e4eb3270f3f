//! One construction project (工程建设) from its approval to its settlement: the five-step
//! resolution of a major project, the approval (party secretary, supervisory committee,
//! township), the award of a tendered project, the construction contract, the start report, a
//! change order now and then, the payments of the works (advance, progress, final less a
//! retention) and the settlement. A plan holds every date, party and amount, so that a planted
//! case can alter one of them before the plan is written.

use chrono::{Datelike, NaiveDate, NaiveDateTime, TimeDelta};
use rand::seq::SliceRandom;
use rand::Rng;

use super::book::{ApprovalTerms, ContractEntry, BID_MIN, TENDERED};
use super::sites::Site;
use super::Contractor;
use crate::generate::approvals::{ProjectTerms, Review, Submission};
use crate::generate::context::Ctx;
use crate::generate::contract::record::{record_contract, ContractDraft};
use crate::generate::contract::service::office_time;
use crate::generate::finance::{
    filing_time, settle, Approval, ContractLink, Expense, Invoice, LineChoice, Party, When,
};
use crate::generate::json::{array, yuan, Fen, JsonObject};
use crate::generate::meetings::{hold, Resolution};
use crate::generate::threshold::Threshold;
use crate::generate::time::{at, date_text, plus_days, plus_seconds};
use crate::generate::village::{Matter, VillageState};

/// Days a payment filed on a day needs for its approval and execution.
pub const FILING_TAIL_DAYS: i64 = 4;
/// Projects from this budget are decided by a five-step resolution first (DEC-01).
pub const MAJOR_BUDGET: Fen = yuan(50_000);
/// Share of the works price kept back until the warranty ends (质保金).
const RETENTION_PERCENT: Fen = 3;

/// A bidder of an award: id, party type, bid.
pub type Bidder = (String, &'static str, Fen);

#[derive(Debug, Clone)]
pub struct AwardPlan {
    pub awarded_on: NaiveDate,
    pub recorded_at: NaiveDateTime,
    pub bidders: Vec<Bidder>,
    /// Index of the winner in `bidders`.
    pub winner: usize,
    /// Bidders tied to the village's cadres on the award day (PRJ-07).
    pub tied: Vec<String>,
    /// A corrected award naming another bidder (index) as winner, recorded at that instant.
    pub correction: Option<(NaiveDateTime, usize)>,
}

impl AwardPlan {
    pub fn winner_id(&self) -> &str {
        let w = self.correction.map_or(self.winner, |(_, w)| w);
        &self.bidders[w].0
    }

    pub fn price(&self) -> Fen {
        let w = self.correction.map_or(self.winner, |(_, w)| w);
        self.bidders[w].2
    }
}

#[derive(Debug, Clone)]
pub struct Signing {
    pub party: Contractor,
    pub amount: Fen,
    pub signed_on: NaiveDate,
    pub recorded_at: NaiveDateTime,
}

#[derive(Debug, Clone)]
pub struct Subcontract {
    pub signing: Signing,
    /// The approval of the subcontract: submitted at, and its review.
    pub submitted_at: NaiveDateTime,
    pub review: Review,
}

#[derive(Debug, Clone)]
pub struct Report {
    pub on: NaiveDate,
    pub recorded_at: NaiveDateTime,
    pub builder: Option<String>,
}

#[derive(Debug, Clone)]
pub struct ProjectPlan {
    pub project_id: String,
    pub title: String,
    pub budget: Fen,
    pub site: Site,
    pub tender_method: &'static str,
    pub via_trading_centre: bool,
    pub resolution_at: Option<NaiveDateTime>,
    pub submitted_at: NaiveDateTime,
    pub review: Review,
    pub award: Option<AwardPlan>,
    pub contract: Option<Signing>,
    /// A change order: signed on, recorded at, amount.
    pub change_order: Option<(NaiveDate, NaiveDateTime, Fen)>,
    pub subcontract: Option<Subcontract>,
    pub start: Option<Report>,
    /// Filing day and amount of each payment of the works.
    pub payments: Vec<(NaiveDate, Fen)>,
    pub settlement: Option<(Report, Fen)>,
    /// A payment naming the project made outside any contract: its approval filed at, paid
    /// at, amount.
    pub unbound_payment: Option<(NaiveDateTime, NaiveDateTime, Fen)>,
}

/// Titles of village projects.
const TITLES: [&str; 12] = [
    "村道硬化工程",
    "文化礼堂修缮工程",
    "排水沟改造工程",
    "路灯安装工程",
    "村口景观提升工程",
    "农田机耕路修缮工程",
    "河道护岸加固工程",
    "公厕改造工程",
    "垃圾分类亭建设工程",
    "山塘清淤加固工程",
    "停车场铺装工程",
    "老年活动中心改造工程",
];

/// How a project of a given size is let: small works by inquiry, negotiation or direct award,
/// large ones by public tender through the trading centre.
pub fn method_for(rng: &mut impl Rng, budget: Fen) -> (&'static str, bool) {
    if budget >= BID_MIN {
        ("public_tender", true)
    } else {
        let methods = [
            "inquiry",
            "inquiry",
            "competitive_negotiation",
            "direct_award",
        ];
        (*methods.choose(rng).expect("non-empty"), false)
    }
}

/// An ordinary budget: three in four small works (30000 to 98000), else 150000 to 1500000.
pub fn ordinary_budget(rng: &mut impl Rng) -> Fen {
    let (low, high) = if rng.gen_bool(0.75) {
        (300, 980)
    } else {
        (1_500, 15_000)
    };
    rng.gen_range(low..=high) * yuan(100)
}

/// Moves the decision of `review` to the next working day after `day` at about ten o'clock:
/// the township signs then.
pub fn decide_next_working_day(ctx: &Ctx, rng: &mut impl Rng, review: &mut Review, day: NaiveDate) {
    let next = ctx.calendar.working_days_after(day, 1);
    let signed = plus_seconds(at(next, 10, 0, 0), rng.gen_range(0..1_800));
    if let Some(last) = review.steps.last_mut() {
        last.at = signed;
    }
    review.decision = Some(("approved", signed + TimeDelta::minutes(5)));
}

impl ProjectPlan {
    /// The decision instant of the approval.
    pub fn approved_at(&self) -> NaiveDateTime {
        self.review
            .approved_at()
            .expect("project approvals are approved")
    }

    pub fn tendered(&self) -> bool {
        TENDERED.contains(&self.tender_method)
    }

    /// The contractor: the winner of the award, else the party of the contract.
    pub fn contractor_id(&self) -> Option<&str> {
        self.award
            .as_ref()
            .map(AwardPlan::winner_id)
            .or(self.contract.as_ref().map(|c| c.party.id.as_str()))
    }

    /// The agreed price: the contract and its change order.
    pub fn agreed(&self) -> Fen {
        self.contract.as_ref().map_or(0, |c| c.amount)
            + self.change_order.map_or(0, |(_, _, amount)| amount)
    }

    /// Payments of the works on the agreed price: 30 % after the start, 40 % half way for works
    /// of more than a month, and after the settlement the rest of what is settled (no more than
    /// the agreed price) less the retention.
    pub fn schedule_payments(&mut self, ctx: &Ctx, rng: &mut impl Rng) {
        self.payments.clear();
        let (Some(start), Some((settled, amount))) = (&self.start, &self.settlement) else {
            return;
        };
        let agreed = self.agreed();
        let advance = agreed * 30 / 100 / yuan(100) * yuan(100);
        let mut paid = advance;
        // Paid only once the works have started under an approved project and a contract.
        let mut from = start.on.max(self.approved_at().date());
        if let Some(c) = &self.contract {
            from = from.max(c.recorded_at.date());
        }
        let advance_filed = ctx.calendar.working_days_after(from, rng.gen_range(1..=4));
        self.payments.push((advance_filed, advance));
        let duration = (settled.on - start.on).num_days();
        if duration > 30 {
            let progress = agreed * 40 / 100 / yuan(100) * yuan(100);
            let half_way = plus_days(start.on, duration / 2).max(advance_filed);
            self.payments
                .push((ctx.calendar.working_days_after(half_way, 1), progress));
            paid += progress;
        }
        let due = (*amount).min(agreed) * (100 - RETENTION_PERCENT) / 100;
        if due > paid {
            let filed = ctx
                .calendar
                .working_days_after(settled.recorded_at.date(), rng.gen_range(2..=6));
            self.payments.push((filed, due - paid));
        }
    }
}

/// Draws bidders for a tendered project: `n` distinct contractors with bids of 85 % to 100 % of
/// the budget, the winner (given) with the lowest.
pub fn bidders(
    rng: &mut impl Rng,
    pool: &[Contractor],
    winner: &Contractor,
    n: usize,
    budget: Fen,
) -> (Vec<Bidder>, usize) {
    let mut others: Vec<&Contractor> = pool.iter().filter(|c| c.id != winner.id).collect();
    others.shuffle(rng);
    let low = budget * rng.gen_range(85..=95) / 100 / yuan(100) * yuan(100);
    let mut list: Vec<Bidder> = vec![(winner.id.clone(), "company", low)];
    for c in others.into_iter().take(n.saturating_sub(1)) {
        let bid = low + rng.gen_range(1..=12) * yuan(100) * (budget / yuan(100_000) + 1);
        list.push((c.id.clone(), "company", bid.min(budget)));
    }
    list.shuffle(rng);
    let w = list
        .iter()
        .position(|b| b.0 == winner.id)
        .expect("the winner bids");
    (list, w)
}

fn award_payload(project_id: &str, award: &AwardPlan, winner: usize) -> String {
    let bidders: Vec<String> = award
        .bidders
        .iter()
        .map(|(id, party_type, bid)| {
            let mut o = JsonObject::new();
            o.string("bidder_id", id)
                .string("bidder_type", party_type)
                .money("bid_amount", *bid);
            o.finish()
        })
        .collect();
    let mut o = JsonObject::new();
    o.string("project_id", project_id)
        .raw("bidders", &array(&bidders))
        .string("winner_id", &award.bidders[winner].0)
        .money("award_amount", award.bidders[winner].2)
        .string("awarded_on", &date_text(award.awarded_on));
    o.finish()
}

/// What a written plan implied at once (contract and finance alerts; the project alerts are
/// read from the project book).
#[derive(Debug, Clone, Default)]
pub struct Written {
    pub implied: Vec<Threshold>,
    pub main_contract_id: Option<String>,
    /// Instants of the payments of the works made.
    pub paid: Vec<NaiveDateTime>,
}

fn party(c: &Contractor) -> Party {
    Party {
        id: c.id.clone(),
        party_type: "company",
        account: c.account.clone(),
    }
}

/// Writes what of `plan` falls within the period: every event in time order of the plan.
pub fn write(ctx: &mut Ctx, v: &mut VillageState, plan: &ProjectPlan) -> Written {
    let last = ctx.last_day;
    let within = |t: NaiveDateTime| t.date() <= last;
    let mut written = Written::default();
    let place = v.place();
    if let Some(t) = plan.resolution_at.filter(|t| within(*t)) {
        let resolution = Resolution::of_representatives(
            &mut ctx.ids,
            &mut v.construction.rng,
            vec![plan.project_id.clone()],
            format!("关于实施{}的决议", plan.title),
            true,
        );
        hold(ctx, v, &resolution, t);
    }
    if !within(plan.submitted_at) {
        return written;
    }
    let submission = Submission {
        approval_id: ctx.ids.approval(),
        kind: "project",
        subject_id: plan.project_id.clone(),
        title: plan.title.clone(),
        applicant_id: v.officials.leader.clone(),
        amount: Some(plan.budget),
        counterparty_id: None,
        project_id: None,
        project: Some(ProjectTerms {
            location: plan.site,
            tender_method: plan.tender_method,
            via_trading_centre: plan.via_trading_centre,
        }),
        seal: None,
    };
    submission.schedule(ctx, place, plan.submitted_at);
    let terms = ApprovalTerms {
        approval_id: submission.approval_id.clone(),
        amount: plan.budget,
        site: plan.site,
        tender_method: plan.tender_method,
        via_trading_centre: plan.via_trading_centre,
    };
    v.construction
        .book
        .approval(&plan.project_id, terms, plan.submitted_at);
    let decided = plan.approved_at();
    if within(decided) {
        plan.review.schedule(ctx, place, &submission.approval_id);
        v.construction
            .book
            .decision(&submission.approval_id, decided, true);
        v.remember_matter(Matter {
            approval_id: submission.approval_id.clone(),
            kind: "project",
            submitted_at: plan.submitted_at,
            approved_at: decided,
        });
    } else {
        // Steps acted within the period are written; the decision falls after it.
        let acted = Review {
            steps: plan
                .review
                .steps
                .iter()
                .filter(|s| within(s.at))
                .cloned()
                .collect(),
            decision: None,
        };
        acted.schedule(ctx, place, &submission.approval_id);
    }
    if let Some((filed_at, paid_at, amount)) = plan.unbound_payment.filter(|p| within(p.1)) {
        let how = (filed_at, When::At(paid_at), ContractLink::Without);
        pay(ctx, v, plan, amount, how, &mut written);
    }
    if let Some(award) = &plan.award {
        if within(award.recorded_at) {
            write_award(ctx, v, plan, award, award.winner, award.recorded_at);
            if let Some((t, w)) = award.correction.filter(|(t, _)| within(*t)) {
                write_award(ctx, v, plan, award, w, t);
            }
        }
    }
    if let Some(s) = plan
        .subcontract
        .as_ref()
        .filter(|s| within(s.signing.recorded_at))
    {
        write_subcontract(ctx, v, plan, s, &mut written);
    }
    if let Some(c) = plan.contract.as_ref().filter(|c| within(c.recorded_at)) {
        let mut draft = ContractDraft::new(
            ctx.ids.contract(c.signed_on.year()),
            "construction",
            format!("{}施工合同", plan.title),
            (&c.party.id, "company"),
            c.amount,
            c.signed_on,
        );
        draft.subject_id = Some(plan.project_id.clone());
        let implied = record_contract(ctx, v, &draft, c.recorded_at);
        written.implied.extend(implied.into_iter().map(|(t, _)| t));
        let entry = ContractEntry {
            contract_id: draft.contract_id.clone(),
            contract_type: "construction",
            party: c.party.id.clone(),
            amount: c.amount,
            approval_id: None,
        };
        v.construction
            .book
            .contract(&plan.project_id, entry, c.recorded_at);
        written.main_contract_id = Some(draft.contract_id);
    }
    if let Some(s) = plan.start.as_ref().filter(|s| within(s.recorded_at)) {
        let builder = s.builder.clone().expect("a start report names its builder");
        let mut o = JsonObject::new();
        o.string("target", "project")
            .string("project_id", &plan.project_id)
            .string("started_on", &date_text(s.on))
            .string("builder_id", &builder);
        ctx.events
            .schedule("construction.started", place, s.recorded_at, o.finish());
        v.construction
            .book
            .start(&plan.project_id, s.on, &builder, s.recorded_at);
    }
    let main = written.main_contract_id.clone();
    if let (Some((signed_on, t, amount)), Some(main)) = (plan.change_order, main.as_ref()) {
        if within(t) {
            let c = plan
                .contract
                .as_ref()
                .expect("a change order amends the contract");
            let mut draft = ContractDraft::new(
                ctx.ids.contract(signed_on.year()),
                "construction",
                format!("{}变更补充协议", plan.title),
                (&c.party.id, "company"),
                amount,
                signed_on,
            );
            draft.parent_contract_id = Some(main.clone());
            let implied = record_contract(ctx, v, &draft, t);
            written.implied.extend(implied.into_iter().map(|(t, _)| t));
            v.construction.book.supplement(main, amount, t);
        }
    }
    if let Some(main) = main {
        for &(filed_on, amount) in &plan.payments {
            if plus_days(filed_on, FILING_TAIL_DAYS) > last {
                break;
            }
            let filed_at = filing_time(v, filed_on);
            let how = (
                filed_at,
                When::AfterApproval,
                ContractLink::Under(main.clone()),
            );
            pay(ctx, v, plan, amount, how, &mut written);
        }
    }
    if let Some((report, amount)) = plan
        .settlement
        .as_ref()
        .filter(|(r, _)| within(r.recorded_at))
    {
        let mut o = JsonObject::new();
        o.string("project_id", &plan.project_id)
            .money("settled_amount", *amount)
            .string("settled_on", &date_text(report.on));
        if let Some(builder) = &report.builder {
            o.string("builder_id", builder);
        }
        ctx.events
            .schedule("project.settled", place, report.recorded_at, o.finish());
        v.construction.book.settlement(
            &plan.project_id,
            *amount,
            report.builder.as_deref(),
            report.recorded_at,
        );
    }
    written
}

fn write_award(
    ctx: &mut Ctx,
    v: &mut VillageState,
    plan: &ProjectPlan,
    award: &AwardPlan,
    winner: usize,
    t: NaiveDateTime,
) {
    ctx.events.schedule(
        "project.awarded",
        v.place(),
        t,
        award_payload(&plan.project_id, award, winner),
    );
    v.construction.book.award(
        &plan.project_id,
        &award.bidders[winner].0,
        award.awarded_on,
        award.tied.clone(),
        t,
    );
}

fn write_subcontract(
    ctx: &mut Ctx,
    v: &mut VillageState,
    plan: &ProjectPlan,
    s: &Subcontract,
    written: &mut Written,
) {
    let place = v.place();
    let c = &s.signing;
    let contract_id = ctx.ids.contract(c.signed_on.year());
    let submission = Submission {
        approval_id: ctx.ids.approval(),
        kind: "contract",
        subject_id: contract_id.clone(),
        title: format!("{}专业分包", plan.title),
        applicant_id: v.officials.leader.clone(),
        amount: Some(c.amount),
        counterparty_id: Some(c.party.id.clone()),
        project_id: None,
        project: None,
        seal: None,
    };
    submission.schedule(ctx, place, s.submitted_at);
    s.review.schedule(ctx, place, &submission.approval_id);
    if let Some(decided) = s.review.approved_at() {
        v.construction
            .book
            .decision(&submission.approval_id, decided, true);
    }
    let mut draft = ContractDraft::new(
        contract_id,
        "subcontract",
        format!("{}专业分包合同", plan.title),
        (&c.party.id, "company"),
        c.amount,
        c.signed_on,
    );
    draft.subject_id = Some(plan.project_id.clone());
    draft.approval_id = Some(submission.approval_id.clone());
    let implied = record_contract(ctx, v, &draft, c.recorded_at);
    written.implied.extend(implied.into_iter().map(|(t, _)| t));
    let entry = ContractEntry {
        contract_id: draft.contract_id.clone(),
        contract_type: "subcontract",
        party: c.party.id.clone(),
        amount: c.amount,
        approval_id: Some(submission.approval_id),
    };
    v.construction
        .book
        .contract(&plan.project_id, entry, c.recorded_at);
}

/// Pays the contractor for the works, as the village pays: an approval filed at the instant
/// given, then the payment when given, under the contract given.
pub fn pay(
    ctx: &mut Ctx,
    v: &mut VillageState,
    plan: &ProjectPlan,
    amount: Fen,
    (filed_at, when, contract): (NaiveDateTime, When, ContractLink),
    written: &mut Written,
) {
    // The party of the contract is paid; before there is one, the contractor.
    let contractor = match &plan.contract {
        Some(c) => c.party.id.as_str(),
        None => match plan.contractor_id() {
            Some(id) => id,
            None => return,
        },
    };
    let payee = v
        .construction
        .contractors
        .iter()
        .find(|c| c.id == contractor)
        .map(party)
        .expect("projects are let to the village's contractors");
    let e = Expense {
        payee,
        purpose: "construction",
        line: LineChoice::None,
        amount,
        title: format!("{}工程款", plan.title),
        cash: false,
        invoice: Invoice::Issued,
        order_id: None,
        project_id: Some(plan.project_id.clone()),
        contract,
    };
    let approval = Approval::ordinary(v);
    if let Some(s) = settle(ctx, v, &e, approval, filed_at, when, false) {
        written
            .implied
            .extend(s.booked.implied.iter().map(|(t, _)| *t));
        written.paid.push(s.booked.at);
    }
}

/// Writes money received back from `contractor` at `at`, naming no receivable.
pub fn write_return(
    ctx: &mut Ctx,
    v: &mut VillageState,
    contractor: &str,
    at: NaiveDateTime,
    amount: Fen,
) {
    let receipt_id = ctx.ids.receipt();
    let mut o = JsonObject::new();
    o.string("receipt_id", &receipt_id)
        .money("amount", amount)
        .string("method", "bank")
        .string("payer_id", contractor)
        .string("received_on", &date_text(at.date()))
        .string("description", "往来款");
    ctx.events
        .schedule("finance.receipt", v.place(), at, o.finish());
    v.construction
        .book
        .receipt(&receipt_id, contractor, false, at);
}

/// A title for a project.
pub fn title(rng: &mut impl Rng) -> String {
    (*TITLES.choose(rng).expect("non-empty")).to_string()
}

/// Office time on `day`, for events of a project.
pub fn office(rng: &mut impl Rng, day: NaiveDate) -> NaiveDateTime {
    office_time(rng, day)
}
