//! Synthetic village-affairs data: a city of villages with registries, labor jobs, small projects,
//! seal applications, operating expenses, cash counts, receipts, budgets, purchases, contracts,
//! collective assets and their leases, construction projects, village meetings and the
//! publications of village affairs, cadres' kinship declarations, the supervisory committee's
//! checks and sign-offs, citizen reports, benefit subsidies paid after public notice, the
//! compensation counts of land-taking schemes, homestead applications and house starts, cadre
//! allowances, hospitality, festival visits, vehicle refuels and income distributions, written
//! as contract-valid events (events.md), with planted anomalies and near misses of every
//! threshold of `PLANTED_CATEGORIES` (catalog.yaml), and the ground truth of every alert of those
//! categories the events imply.
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
//! totals and the major matters approved. Conflicts of interest concern the registry and every
//! lease, contract and payment, so their book (`conflict::ledger`) also observes the stream, and
//! the registry as it is written; so does the book of the expense thresholds
//! (`expense::ledger`), which read payments any desk may write (except EXP-04, whose refuels only
//! the expense desk writes). The oversight, subsidy, compensation, homestead, distribution and
//! complaint desks write every event their thresholds read about their own checks, lists, counts,
//! applications and reports (registering their own farmers, land and households), so they record
//! their alerts as they write them.

mod anomalies;
mod approvals;
mod assets;
mod cadre_record;
mod calendar;
mod cases;
mod compensation;
mod complaint;
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
mod homestead;
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
mod subsidy;
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
    "subsidy",
    "compensation",
    "homestead",
    "conflict",
    "expense",
    "distribution",
    "oversight",
    "complaint",
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

    ctx.events.keep_registry(conflict::ledger::REGISTRY_TYPES);
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
    let mut conflict_desk = conflict::ConflictDesk::new(config);
    let mut conflicts = conflict::ledger::ConflictLedger::new();
    ctx.events.take_kept(&mut |e| conflicts.observe(e));
    let mut oversight_desk = oversight::OversightDesk::new(config);
    let mut subsidy_desk = subsidy::SubsidyDesk::new(config);
    let mut compensation_desk = compensation::CompensationDesk::new(config);
    let mut homestead_desk = homestead::HomesteadDesk::new(config);
    let mut complaint_desk = complaint::ComplaintDesk::new(config);
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
            conflict_desk.day(&mut ctx, village, day);
            oversight_desk.day(&mut ctx, village, day);
            subsidy_desk.day(&mut ctx, village, day);
            compensation_desk.day(&mut ctx, village, day);
            homestead_desk.day(&mut ctx, village, day);
            complaint_desk.day(&mut ctx, village, day);
            expense_desk.day(&mut ctx, village, day);
            distribution_desk.day(&mut ctx, village, day);
        }
        ctx.events.close_day(day, &mut |e| {
            decisions.observe(e);
            disclosures.observe(e);
            conflicts.observe(e);
            expenses.observe(e);
        })?;
        conflicts.advance(time::start_of(time::plus_days(day, 1)));
        let found = decisions.take_found().into_iter();
        let found = found.chain(disclosures.take_found());
        let found = found.chain(conflicts.take_found());
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
    conflicts.advance(end);
    let found = decisions.close(end).into_iter();
    let found = found.chain(disclosures.close(end));
    for (threshold, key) in found.chain(conflicts.take_found()) {
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
