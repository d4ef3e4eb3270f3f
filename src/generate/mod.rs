//! Synthetic village-affairs data: a city of villages with registries, labor jobs, small projects,
//! seal applications, operating expenses, cash counts, receipts, budgets, purchases, contracts,
//! collective assets and their leases, construction projects, village meetings and the
//! publications of village affairs, the supervisory committee's checks and sign-offs, cadre
//! allowances, hospitality, festival visits, vehicle refuels and income distributions, written
//! as contract-valid events (events.md), with planted anomalies and near misses of the labor,
//! seal, finance, procurement, contract, assets, project, decision, disclosure, expense,
//! distribution and oversight thresholds (catalog.yaml), and the ground truth of every alert of
//! those categories the events imply.
//!
//! Output is deterministic for a configuration and written as it is generated: the registry
//! first, then business events day by day in occurred_at order, each day closed by a
//! `clock.tick`.
//!
//! Every category follows one pattern: a desk (one per category) runs each village's activity
//! day by day from the village's own random stream, draws for each activity whether it is
//! ordinary, a planted anomaly or a near miss (`draw`), and writes it through a book that knows
//! which alerts its events imply (`finance::PaymentBook`, `procurement::book::OrderBook`,
//! `contract::book::ContractBook`, the seal use checks), so that the truth lists exactly those
//! alerts and ordinary activity can step around them. Assets and projects run for months ahead
//! of the day being written, so their books (`assets::ledger`, `construction::book`) evaluate the
//! deadline and project conditions over the whole history once the period is written. Decisions
//! and disclosures concern what every desk writes (approvals, payments, contracts), so their
//! books (`decision::ledger`, `disclosure::ledger`) observe the stream as it is written, in the
//! order the engine applies it; the disclosure desk reads its ledger to publish the quarter's
//! totals and the major matters approved. The oversight desk writes every event its thresholds
//! read about its own checks and approvals, so it records their alerts as it writes them. The
//! expense thresholds read payments any desk may write, so their book (`expense::ledger`)
//! observes the stream too, except EXP-04 whose refuels only the expense desk writes; the
//! distribution desk writes every resolution and list its thresholds read and records their
//! alerts itself.

mod anomalies;
mod approvals;
mod assets;
mod calendar;
mod cases;
mod config;
mod conflict;
mod construction;
mod context;
mod contract;
mod crew_job;
mod decision;
mod disclosure;
mod distribution;
mod draw;
mod expense;
mod finance;
mod ids;
mod json;
mod labor;
mod meetings;
mod names;
mod near_misses;
mod oversight;
mod plan;
mod planting;
mod procurement;
mod projects;
mod receivables;
mod registry;
mod seal;
mod special;
mod summary;
mod threshold;
mod time;
mod truth;
mod village;
mod writer;

#[cfg(test)]
mod contract_check;
#[cfg(test)]
mod reference;
#[cfg(test)]
mod tests;

use chrono::Datelike;
use std::collections::{BTreeMap, HashSet};
use std::io::{BufWriter, Write};

pub use config::GenerateConfig;
pub use summary::GenerateSummary;
pub use threshold::Threshold;

use calendar::HolidayCalendar;
use context::Ctx;
use ids::{township_id, village_id, IdAllocator};
use writer::EventWriter;

const OUTPUT_BUFFER_BYTES: usize = 1 << 20;

/// The catalog categories whose anomalies the generator plants and whose alerts its truth file
/// lists in full; alerts of other categories are outside what it can vouch for.
pub const PLANTED_CATEGORIES: &[&str] = &[
    "labor",
    "seal",
    "finance",
    "procurement",
    "contract",
    "assets",
    "project",
    "decision",
    "disclosure",
    "expense",
    "distribution",
    "oversight",
];

/// Generates the city of `config`: events (JSON lines) to `events`, the alerts of the planted
/// categories they imply (JSON lines) to `truth`.
pub fn generate(
    config: &GenerateConfig,
    events: &mut impl Write,
    truth: &mut impl Write,
) -> std::io::Result<GenerateSummary> {
    config.validate()?;
    let first_day = config.start_date;
    let last_day = config.last_day();
    let calendar = HolidayCalendar::for_years(first_day.year(), last_day.year());
    let mut plan = plan::plan_city(config, &calendar);

    let villages = config.villages as usize;
    let townships = config.township_count() as usize;
    let envelopes = (0..villages)
        .map(|i| (village_id(i), township_id(i * townships / villages)))
        .collect();
    let events: &mut dyn Write = events;
    let truth: &mut dyn Write = truth;
    let mut ctx = Ctx {
        events: EventWriter::new(
            BufWriter::with_capacity(OUTPUT_BUFFER_BYTES, events),
            envelopes,
            first_day,
            last_day,
        ),
        truth: truth::TruthWriter::new(BufWriter::new(truth)),
        ids: IdAllocator::default(),
        calendar,
        first_day,
        last_day,
        planted: BTreeMap::new(),
        near_misses: BTreeMap::new(),
        expected: HashSet::new(),
        pending_truth: Vec::new(),
    };

    registry::write_calendar(&mut ctx)?;
    let mut states = Vec::with_capacity(villages);
    for i in 0..villages {
        states.push(registry::register_village(
            &mut ctx,
            config.seed,
            i,
            villages,
            &mut plan.specials,
            &plan.villages[i].residents,
        )?);
    }

    if villages > 1 {
        for i in 0..villages {
            let neighbour = states[(i + 1) % villages].procurement.ties.clone();
            states[i].procurement.neighbour_ties = neighbour;
        }
    }

    let mut seal_desk = seal::SealDesk::new(config);
    let mut finance_desk = finance::FinanceDesk::new(config);
    let mut procurement_desk = procurement::ProcurementDesk::new(config);
    let mut contract_desk = contract::ContractDesk::new(config);
    let mut asset_desk = assets::AssetDesk::new(config);
    let mut project_desk = construction::ProjectDesk::new(config);
    let mut decision_desk = decision::DecisionDesk::new(config);
    let mut decisions = decision::ledger::DecisionLedger::new(villages);
    let mut disclosure_desk = disclosure::DisclosureDesk::new(config);
    let mut disclosures = disclosure::ledger::DisclosureLedger::new(villages);
    let mut oversight_desk = oversight::OversightDesk::new(config);
    let mut expense_desk = expense::ExpenseDesk::new(config, &ctx);
    let mut expenses =
        expense::ledger::ExpenseLedger::new(&states, expense::festivals(&ctx.calendar));
    let mut distribution_desk = distribution::DistributionDesk::new(config);
    let mut next_job = vec![0usize; villages];
    let mut next_project = vec![0usize; villages];
    let mut day = first_day;
    while day <= last_day {
        for (i, village) in states.iter_mut().enumerate() {
            let village_plan = &plan.villages[i];
            while village_plan.projects.get(next_project[i]) == Some(&day) {
                projects::small_project(&mut ctx, village, day);
                next_project[i] += 1;
            }
            while let Some(job) = village_plan.jobs.get(next_job[i]) {
                if job.first_day != day {
                    break;
                }
                planting::materialize(&mut ctx, village, job, &plan.specials)?;
                next_job[i] += 1;
            }
            // After the day's labor, so that seal applications can reference its approvals.
            finance_desk.day(&mut ctx, village, day);
            procurement_desk.day(&mut ctx, village, day);
            seal_desk.day(&mut ctx, village, day);
            contract_desk.day(&mut ctx, village, day);
            asset_desk.day(&mut ctx, village, day);
            project_desk.day(&mut ctx, village, day);
            decision_desk.day(&mut ctx, village, day);
            disclosure_desk.day(&mut ctx, village, day, &mut disclosures);
            conflict::day(&mut ctx, village, day);
            oversight_desk.day(&mut ctx, village, day);
            expense_desk.day(&mut ctx, village, day);
            distribution_desk.day(&mut ctx, village, day);
        }
        ctx.events.close_day(day, &mut |e| {
            decisions.observe(e);
            disclosures.observe(e);
            expenses.observe(e);
        })?;
        let found = decisions.take_found().into_iter();
        let found = found.chain(disclosures.take_found());
        for (threshold, key) in found.chain(expenses.take_found()) {
            let key: Vec<&str> = key.iter().map(String::as_str).collect();
            ctx.expect_alert(threshold, &key);
        }
        ctx.write_truth()?;
        day = time::plus_days(day, 1);
    }
    debug_assert_eq!(ctx.events.pending(), 0);
    assets::close(&mut ctx, &states);
    construction::close(&mut ctx, &states);
    let end = time::start_of(time::plus_days(last_day, 1));
    let found = decisions.close(end).into_iter();
    for (threshold, key) in found.chain(disclosures.close(end)) {
        let key: Vec<&str> = key.iter().map(String::as_str).collect();
        ctx.expect_alert(threshold, &key);
    }
    ctx.write_truth()?;
    ctx.events.flush()?;
    ctx.truth.flush()?;

    Ok(GenerateSummary {
        events: ctx.events.events,
        truth_entries: ctx.truth.written,
        by_type: ctx
            .events
            .by_type
            .iter()
            .map(|(k, n)| (k.to_string(), *n))
            .collect(),
        planted_by_threshold: ctx.planted,
        near_misses_by_threshold: ctx.near_misses,
    })
}
