//! Construction projects (工程建设): the village's works, from small works let by inquiry,
//! negotiation or direct award to large ones publicly tendered through the trading centre, each
//! approved before it is let, contracted with the winner, started after the approval and the
//! award, paid under its contract and settled within its agreed price. Every project has a site
//! of its own, and a contractor who has no other small works of the village within 90 days, so
//! that no works look split. Planted PRJ-01..PRJ-09 cases and near misses alter one thing each.
//! The project book (`book`) sees every project event, the small projects of labor jobs
//! included; the project alerts are read from it once the period is written.

pub mod book;
mod cases;
mod plan;
mod planted;
pub mod sites;

use chrono::NaiveDate;
use rand::seq::SliceRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

pub use cases::{ProjectAnomaly, ProjectNearMiss};

use super::approvals::Review;
use super::config::GenerateConfig;
use super::context::Ctx;
use super::contract::record::expect_all;
use super::draw::{poisson, CaseDraw, Pick};
use super::json::{yuan, Fen, JsonObject};
use super::names;
use super::procurement::suppliers::Known;
use super::time::{at, plus_days, plus_seconds};
use super::village::VillageState;
use super::writer::Place;
use book::{ProjectBook, BID_MIN};
use plan::{bidders, method_for, office, AwardPlan, ProjectPlan, Report, Signing};
use sites::{Site, Sites};

/// Projects a village starts per working day, on average (about twenty-five a year, most of
/// them small works of road, drain, light and building repair).
const PROJECTS_PER_WORKING_DAY: f64 = 0.1;
/// Construction companies registered per village.
const CONTRACTORS: usize = 8;
/// Days from the start of a project in which nothing of it may be written after the period.
const LEAD_DAYS: i64 = 10;

/// A construction company the village lets works to.
#[derive(Debug, Clone)]
pub struct Contractor {
    pub id: String,
    pub account: String,
}

/// What the project desk keeps per village.
#[derive(Debug)]
pub struct ProjectVillage {
    pub rng: ChaCha8Rng,
    pub contractors: Vec<Contractor>,
    pub book: ProjectBook,
    pub sites: Sites,
    /// Contractors to get no new works up to a day: their payments must stay clear of a
    /// receipt planted at a boundary.
    reserved: Vec<(String, NaiveDate)>,
}

impl ProjectVillage {
    pub fn new(rng: ChaCha8Rng, contractors: Vec<Contractor>) -> Self {
        Self {
            rng,
            contractors,
            book: ProjectBook::default(),
            sites: Sites::default(),
            reserved: Vec::new(),
        }
    }

    /// Contractors who may take works approved on `day` with `budget`: none reserved, and for
    /// small works none with other small works of the village within 90 days.
    pub fn available(&self, day: NaiveDate, budget: Fen) -> Vec<Contractor> {
        self.contractors
            .iter()
            .filter(|c| !self.is_reserved(&c.id, day))
            .filter(|c| budget >= BID_MIN || self.book.small_projects_of(&c.id, day).is_empty())
            .cloned()
            .collect()
    }

    /// Whether `contractor` is to get no new works on `day`.
    pub fn is_reserved(&self, contractor: &str, day: NaiveDate) -> bool {
        self.reserved
            .iter()
            .any(|(id, until)| id == contractor && day <= *until)
    }

    pub fn reserve(&mut self, contractor: &str, until: NaiveDate) {
        self.reserved.push((contractor.to_string(), until));
    }
}

/// Industries of the contractors' names.
const CONTRACTOR_FIRMS: [&str; 4] = [
    "建设工程有限公司",
    "市政工程有限公司",
    "水利建设有限公司",
    "园林建设有限公司",
];

/// Registers the contractors of a village; `arm_length` are villagers no cadre declared as kin.
pub fn register_contractors(
    ctx: &mut Ctx,
    rng: &mut ChaCha8Rng,
    arm_length: &[Known],
) -> std::io::Result<Vec<Contractor>> {
    let mut contractors = Vec::with_capacity(CONTRACTORS);
    for n in 0..CONTRACTORS {
        let owner = arm_length.choose(rng).expect("non-empty");
        let id = ctx.ids.company();
        let firm = CONTRACTOR_FIRMS[n % CONTRACTOR_FIRMS.len()];
        let mut o = JsonObject::new();
        o.string("company_id", &id)
            .string("name", &format!("{}{firm}", names::trade_name(rng)))
            .strings("owner_ids", std::slice::from_ref(&owner.id))
            .string("legal_rep_id", &owner.id)
            .strings("manager_ids", &[]);
        ctx.events
            .registry("registry.company", Place::Global, &o.finish())?;
        contractors.push(Contractor {
            id,
            account: ctx.ids.company_account(),
        });
    }
    Ok(contractors)
}

/// How a project runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pace {
    /// Let, contracted, started and settled within a month, for planted cases.
    pub compact: bool,
    /// The township decides the approval on the next working day, not the day it is
    /// submitted.
    pub decided_next_working_day: bool,
}

impl Pace {
    pub const ORDINARY: Self = Self {
        compact: false,
        decided_next_working_day: false,
    };
    pub const COMPACT: Self = Self {
        compact: true,
        decided_next_working_day: false,
    };
}

/// A project submitted on `day` with `budget`, let by `method` to `contractor` on `site`, run
/// at `pace` to its settlement and payments.
pub fn draft(
    ctx: &mut Ctx,
    v: &mut VillageState,
    day: NaiveDate,
    (budget, method): (Fen, (&'static str, bool)),
    contractor: &Contractor,
    site: Site,
    pace: Pace,
) -> ProjectPlan {
    let compact = pace.compact;
    let large = budget >= BID_MIN;
    let officials = v.officials.clone();
    let township = format!("tso-{}", &v.id[3..]);
    let rng = &mut v.construction.rng;
    let submitted_at = plus_seconds(at(day, 9, 0, 0), rng.gen_range(0..=7_200));
    let mut review = Review::draft(
        rng,
        submitted_at,
        &[
            ("leader", officials.leader.as_str()),
            ("supervision", officials.supervisor.as_str()),
            ("township", township.as_str()),
        ],
    );
    if pace.decided_next_working_day {
        plan::decide_next_working_day(ctx, rng, &mut review, day);
    }
    let resolution_at = (budget >= plan::MAJOR_BUDGET)
        .then(|| plus_seconds(at(day, 8, 0, 0), rng.gen_range(0..1_800)));
    let approved_on = review.approved_at().expect("approved").date();
    let mut plan = ProjectPlan {
        project_id: ctx.ids.project(chrono::Datelike::year(&day)),
        title: plan::title(rng),
        budget,
        site,
        tender_method: method.0,
        via_trading_centre: method.1,
        resolution_at,
        submitted_at,
        review,
        award: None,
        contract: None,
        change_order: None,
        subcontract: None,
        start: None,
        payments: Vec::new(),
        settlement: None,
        unbound_payment: None,
    };
    let let_on = if plan.tendered() {
        let wait = match (compact, large) {
            (true, _) => rng.gen_range(3..=5),
            (false, false) => rng.gen_range(5..=12),
            (false, true) => rng.gen_range(20..=35),
        };
        let awarded_on = plus_days(approved_on, wait);
        let n = if large { rng.gen_range(4..=6) } else { 3 };
        let (list, winner) = bidders(rng, &v.construction.contractors, contractor, n, budget);
        plan.award = Some(AwardPlan {
            awarded_on,
            recorded_at: office(rng, awarded_on),
            bidders: list,
            winner,
            tied: Vec::new(),
            correction: None,
        });
        awarded_on
    } else {
        approved_on
    };
    let price = match &plan.award {
        Some(a) => a.price(),
        None => budget * rng.gen_range(90..=100) / 100 / yuan(100) * yuan(100),
    };
    let signed_on = plus_days(let_on, if compact { 1 } else { rng.gen_range(1..=4) });
    let recorded_on = plus_days(signed_on, if compact { 0 } else { rng.gen_range(0..=2) });
    plan.contract = Some(Signing {
        party: contractor.clone(),
        amount: price,
        signed_on,
        recorded_at: office(rng, recorded_on),
    });
    let started_on = plus_days(
        recorded_on,
        if compact {
            rng.gen_range(1..=2)
        } else {
            rng.gen_range(2..=10)
        },
    );
    plan.start = Some(Report {
        on: started_on,
        recorded_at: office(rng, started_on),
        builder: Some(contractor.id.clone()),
    });
    let duration = match (compact, large) {
        (true, _) => rng.gen_range(8..=12),
        (false, false) => rng.gen_range(15..=45),
        (false, true) => rng.gen_range(60..=150),
    };
    let settled_on = plus_days(started_on, duration);
    if !compact && rng.gen_bool(0.12) {
        let on = plus_days(started_on, rng.gen_range(5..duration.max(6)));
        let amount = price * rng.gen_range(3..=9) / 100 / yuan(1) * yuan(1);
        plan.change_order = Some((on, office(rng, on), amount));
    }
    let settled = plan.agreed() * rng.gen_range(95..=102) / 100 / yuan(100) * yuan(100);
    let builder = rng.gen_bool(0.8).then(|| contractor.id.clone());
    let recorded_on = plus_days(settled_on, rng.gen_range(0..=3));
    plan.settlement = Some((
        Report {
            on: settled_on,
            recorded_at: office(rng, recorded_on),
            builder,
        },
        settled,
    ));
    plan.schedule_payments(ctx, &mut v.construction.rng);
    plan
}

/// An available contractor for works approved on `day` with `budget`, if any.
pub fn pick_contractor(v: &mut VillageState, day: NaiveDate, budget: Fen) -> Option<Contractor> {
    let available = v.construction.available(day, budget);
    available.choose(&mut v.construction.rng).cloned()
}

/// The project activity of every village, day by day.
pub struct ProjectDesk {
    cases: CaseDraw<ProjectAnomaly, ProjectNearMiss>,
}

impl ProjectDesk {
    pub fn new(config: &GenerateConfig) -> Self {
        Self {
            cases: CaseDraw::new(config, &ProjectAnomaly::ALL, &ProjectNearMiss::ALL),
        }
    }

    pub fn day(&mut self, ctx: &mut Ctx, v: &mut VillageState, day: NaiveDate) {
        if !ctx.calendar.is_working_day(day) || plus_days(day, LEAD_DAYS) > ctx.last_day {
            return;
        }
        for _ in 0..poisson(&mut v.construction.rng, PROJECTS_PER_WORKING_DAY) {
            let x = v.construction.rng.gen();
            let village = &*v;
            let pick = self.cases.draw(
                x,
                |k| planted::anomaly_fits(ctx, village, day, k),
                |k| planted::near_miss_fits(ctx, village, day, k),
            );
            match pick {
                Pick::Anomaly(kind, uses) => {
                    if planted::plant_anomaly(ctx, v, day, kind, uses) {
                        ctx.count_planted(kind.target());
                    }
                }
                Pick::NearMiss(kind, uses) => {
                    if planted::plant_near_miss(ctx, v, day, kind, uses) {
                        ctx.count_near_miss(kind.target());
                    }
                }
                Pick::Normal => ordinary(ctx, v, day),
            }
        }
    }
}

/// An ordinary project submitted on `day`.
fn ordinary(ctx: &mut Ctx, v: &mut VillageState, day: NaiveDate) {
    let rng = &mut v.construction.rng;
    let budget = plan::ordinary_budget(rng);
    let method = method_for(rng, budget);
    let Some(contractor) = pick_contractor(v, day, budget) else {
        return;
    };
    let site = v.construction.sites.next();
    let plan = draft(
        ctx,
        v,
        day,
        (budget, method),
        &contractor,
        site,
        Pace::ORDINARY,
    );
    plan::write(ctx, v, &plan);
}

/// Writes the project alerts the written period implies.
pub fn close(ctx: &mut Ctx, villages: &[VillageState]) {
    for v in villages {
        let implied = v.construction.book.all_alerts();
        expect_all(ctx, &v.id, &implied);
    }
}
