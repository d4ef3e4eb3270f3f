//! The counts of one scheme, household by household: the ordinary counts of a household's
//! parcels, altered in one thing by the case drawn for it, judged by the scheme's book and written
//! as `compensation.assessed`.

use chrono::NaiveDate;
use rand::seq::SliceRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::book::{density_limit, Assessment, SchemeBook};
use super::cases::{CompensationAnomaly, CompensationNearMiss};
use super::schemes::{LandHousehold, Scheme};
use crate::generate::context::Ctx;
use crate::generate::draw::{CaseDraw, Pick};
use crate::generate::json::{decimal_text, yuan, Fen, JsonObject};
use crate::generate::time::{at, plus_seconds};
use crate::generate::village::VillageState;

/// Standard planting densities per mu of the species found on taken land (fruit trees,
/// nursery stock, tea, bamboo).
const NORMS_PER_MU: [i64; 6] = [40, 60, 80, 110, 120, 200];
/// Compensation per seedling, per hundredth of a mu of land and per grave moved.
const PER_SEEDLING: Fen = 1_500;
const PER_CENTI_MU: Fen = 800;
const PER_GRAVE: Fen = yuan(3_000);
/// Households counted per working day.
const HOUSEHOLDS_PER_DAY: usize = 6;

/// One count before it is given an id and an amount.
#[derive(Debug, Clone)]
struct Count {
    parcel_id: String,
    area_centi_mu: i64,
    seedlings: i64,
    norm: Option<i64>,
    graves: u32,
    recipient: String,
    household: String,
    payee: String,
    staff: Vec<String>,
}

/// Seedlings within the norm: 50% to 130% of norm x area, at least one.
fn ordinary_seedlings(rng: &mut ChaCha8Rng, count: &mut Count) {
    let norm = NORMS_PER_MU[rng.gen_range(0..NORMS_PER_MU.len())];
    let percent = rng.gen_range(50..=130);
    count.norm = Some(norm);
    count.seedlings = (norm * count.area_centi_mu * percent / 10_000).max(1);
}

/// Gives the count a norm and an area (at most its own) for which norm x area x 1.5 is a whole
/// number of seedlings, and returns that number.
fn exact_density(rng: &mut ChaCha8Rng, count: &mut Count) -> i64 {
    let norm = NORMS_PER_MU[rng.gen_range(0..NORMS_PER_MU.len())];
    let step = (1..=200)
        .find(|&a| density_limit(norm, a).is_some())
        .expect("every norm has a whole limit on some area up to 2 mu");
    count.area_centi_mu = (count.area_centi_mu / step * step).max(step);
    count.norm = Some(norm);
    density_limit(norm, count.area_centi_mu).expect("a whole limit")
}

/// The ordinary counts of a household: one per certified parcel, seedlings on most, 0 to 3
/// graves in all, two staff present, paid to `payee`.
fn ordinary_counts(
    rng: &mut ChaCha8Rng,
    h: &LandHousehold,
    payee: &str,
    staff: &[String],
) -> Vec<Count> {
    let present: Vec<String> = staff.choose_multiple(rng, 2).cloned().collect();
    let mut counts: Vec<Count> = h
        .parcels
        .iter()
        .map(|p| Count {
            parcel_id: p.parcel_id.clone(),
            area_centi_mu: p.area_centi_mu,
            seedlings: 0,
            norm: None,
            graves: 0,
            recipient: h.holder().to_string(),
            household: h.household_id.clone(),
            payee: payee.to_string(),
            staff: present.clone(),
        })
        .collect();
    for count in &mut counts {
        if rng.gen_bool(0.75) {
            ordinary_seedlings(rng, count);
        }
    }
    let graves = [0, 0, 0, 0, 0, 0, 1, 1, 2, 3][rng.gen_range(0..10)];
    let n = rng.gen_range(0..counts.len());
    counts[n].graves = graves;
    counts
}

/// Sets the household's graves: `first` on its first parcel, `second` on its second.
fn set_graves(counts: &mut [Count], first: u32, second: u32) {
    for count in counts.iter_mut() {
        count.graves = 0;
    }
    counts[0].graves = first;
    if second > 0 {
        counts[1].graves = second;
    }
}

/// A count of seedlings on a plot other than the household's certified parcels.
fn extra_count(rng: &mut ChaCha8Rng, like: &Count, parcel_id: &str, area: i64) -> Count {
    let mut count = Count {
        parcel_id: parcel_id.to_string(),
        area_centi_mu: area,
        seedlings: 0,
        norm: None,
        graves: 0,
        ..like.clone()
    };
    ordinary_seedlings(rng, &mut count);
    count
}

fn ensure_seedlings(rng: &mut ChaCha8Rng, count: &mut Count) {
    if count.seedlings == 0 {
        ordinary_seedlings(rng, count);
    }
}

/// Counts every household of `scheme`, on its working days from its first day.
pub fn assess_scheme(
    ctx: &mut Ctx,
    v: &mut VillageState,
    scheme: &Scheme,
    cases: &mut CaseDraw<CompensationAnomaly, CompensationNearMiss>,
) {
    let n = scheme.households.len();
    let days: Vec<NaiveDate> = ctx
        .calendar
        .working_days_from(scheme.first_day, n.div_ceil(HOUSEHOLDS_PER_DAY))
        .into_iter()
        .map(|d| d.min(ctx.last_day))
        .collect();
    let staff = v.compensation.staff.clone();
    let mut book = SchemeBook::default();
    // The person who collects for each household, when not its own holder.
    let mut collector: Vec<Option<String>> = vec![None; n];
    for (i, h) in scheme.households.iter().enumerate() {
        let rng = &mut v.compensation.rng;
        let payee = collector[i]
            .clone()
            .unwrap_or_else(|| h.holder().to_string());
        let mut counts = ordinary_counts(rng, h, &payee, &staff);
        let unclaimed_next = |k: usize| {
            collector[i].is_none()
                && i + k < n
                && collector[i + 1..=i + k].iter().all(Option::is_none)
        };
        let x = rng.gen();
        let pick = cases.draw(
            x,
            |k| match k {
                CompensationAnomaly::CollectsForThreeHouseholds => unclaimed_next(2),
                _ => true,
            },
            |k| match k {
                CompensationNearMiss::CollectsForTwoHouseholds => unclaimed_next(1),
                _ => true,
            },
        );
        let two_parcels = counts.len() >= 2;
        match pick {
            Pick::Normal => {}
            Pick::Anomaly(kind, uses) => {
                match kind {
                    CompensationAnomaly::ClaimedByNonHolder => {
                        let count = &mut counts[0];
                        ensure_seedlings(rng, count);
                        count.recipient = scheme.outsider.person_id.clone();
                        count.household = scheme.outsider.household_id.clone();
                        count.payee = scheme.outsider.person_id.clone();
                        count.graves = 0;
                    }
                    CompensationAnomaly::SeedlingsOnUncertifiedPlot => {
                        let plot = &h.reclaimed;
                        let extra =
                            extra_count(rng, &counts[0], &plot.parcel_id, plot.area_centi_mu);
                        counts.push(extra);
                    }
                    CompensationAnomaly::SeedlingsOnUnregisteredParcel => {
                        let parcel = ctx.ids.parcel();
                        let area = rng.gen_range(20..=80);
                        let extra = extra_count(rng, &counts[0], &parcel, area);
                        counts.push(extra);
                    }
                    CompensationAnomaly::SeedlingsAboveDensity => {
                        let count = &mut counts[0];
                        let limit = exact_density(rng, count);
                        count.seedlings = if uses % 2 == 0 {
                            limit + 1
                        } else {
                            limit * 4 / 3 + 1
                        };
                    }
                    CompensationAnomaly::CountedWithoutStaff => counts[0].staff.clear(),
                    CompensationAnomaly::CollectsForThreeHouseholds => {
                        let others = if uses % 2 == 1 && unclaimed_next(3) {
                            3
                        } else {
                            2
                        };
                        for c in &mut collector[i + 1..=i + others] {
                            *c = Some(h.holder().to_string());
                        }
                    }
                    CompensationAnomaly::TooManyGraves => {
                        if uses % 2 == 1 && two_parcels {
                            set_graves(&mut counts, 4, 3);
                        } else {
                            set_graves(&mut counts, 6, 0);
                        }
                    }
                }
                ctx.count_planted(kind.target());
            }
            Pick::NearMiss(kind, uses) => {
                match kind {
                    CompensationNearMiss::RecipientInHoldingHousehold => {
                        let count = &mut counts[0];
                        ensure_seedlings(rng, count);
                        count.recipient = h.members[1].clone();
                    }
                    CompensationNearMiss::GravesOnlyOnUncertifiedPlot => {
                        let plot = &h.reclaimed;
                        let mut extra =
                            extra_count(rng, &counts[0], &plot.parcel_id, plot.area_centi_mu);
                        extra.seedlings = 0;
                        extra.norm = None;
                        extra.graves = 1;
                        counts.push(extra);
                    }
                    CompensationNearMiss::SeedlingsAtDensityLimit => {
                        let count = &mut counts[0];
                        count.seedlings = exact_density(rng, count);
                    }
                    CompensationNearMiss::OneStaffMember => {
                        for count in &mut counts {
                            count.staff = vec![staff[0].clone()];
                        }
                    }
                    CompensationNearMiss::CollectsForTwoHouseholds => {
                        collector[i + 1] = Some(h.holder().to_string());
                    }
                    CompensationNearMiss::FiveGraves => {
                        if uses % 2 == 1 && two_parcels {
                            set_graves(&mut counts, 2, 3);
                        } else {
                            set_graves(&mut counts, 5, 0);
                        }
                    }
                }
                ctx.count_near_miss(kind.target());
            }
        }
        let day = days[i * days.len() / n];
        let mut when = plus_seconds(at(day, 8, 30, 0), v.compensation.rng.gen_range(0..7 * 3600));
        for count in counts {
            let assessment = finish(v, scheme, count);
            for (threshold, key) in book.assess(&v.compensation.land, &assessment) {
                let mut full: Vec<&str> = vec![v.id.as_str()];
                full.extend(key.iter().map(String::as_str));
                ctx.expect_alert(threshold, &full);
            }
            ctx.events.schedule(
                "compensation.assessed",
                v.place(),
                when,
                payload(&assessment),
            );
            when = plus_seconds(when, v.compensation.rng.gen_range(300..1_200));
        }
    }
}

/// The count with its id and amount.
fn finish(v: &mut VillageState, scheme: &Scheme, count: Count) -> Assessment {
    v.compensation.assessments += 1;
    let amount = count.area_centi_mu * PER_CENTI_MU
        + count.seedlings * PER_SEEDLING
        + Fen::from(count.graves) * PER_GRAVE;
    Assessment {
        assessment_id: format!("ca-{:04}-{:06}", v.index + 1, v.compensation.assessments),
        scheme_id: scheme.scheme_id.clone(),
        parcel_id: count.parcel_id,
        household_id: count.household,
        recipient_id: count.recipient,
        payee_id: count.payee,
        area_centi_mu: count.area_centi_mu,
        seedling_count: count.seedlings,
        seedling_norm_per_mu: count.norm.filter(|_| count.seedlings > 0),
        grave_count: count.graves,
        amount,
        dept_staff_ids: count.staff,
    }
}

fn payload(a: &Assessment) -> String {
    let mut o = JsonObject::new();
    o.string("assessment_id", &a.assessment_id)
        .string("scheme_id", &a.scheme_id)
        .string("parcel_id", &a.parcel_id)
        .string("household_id", &a.household_id)
        .string("recipient_id", &a.recipient_id)
        .string("payee_id", &a.payee_id)
        .raw("area_mu", &decimal_text(a.area_centi_mu, 2))
        .integer("seedling_count", a.seedling_count);
    if let Some(norm) = a.seedling_norm_per_mu {
        o.integer("seedling_norm_per_mu", norm);
    }
    o.integer("grave_count", i64::from(a.grave_count))
        .money("amount", a.amount)
        .strings("dept_staff_ids", &a.dept_staff_ids);
    o.finish()
}
