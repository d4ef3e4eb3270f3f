//! The plan of the whole city, drawn before anything is written: per village the days on which
//! labor jobs and small projects start and what each job carries (normal, anomaly, near miss),
//! and the special people the planted cases need in the registry.

use chrono::{Datelike, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::BTreeMap;

use super::calendar::HolidayCalendar;
use super::cases::{Anomaly, Case, NearMiss, Rotation};
use super::config::GenerateConfig;
use super::json::{yuan, Fen};
use super::special::{CadreTerm, PoolEntry, SpecialPerson};
use super::time::plus_days;

/// Days after the last work day that a normal job needs for its claim and payments.
pub const NORMAL_TAIL_DAYS: i64 = 8;
/// LAB-09 max_delay.
pub const MAX_SETTLEMENT_DELAY_DAYS: i64 = 30;
/// Days a payment needs after its claim.
const PAYMENT_TAIL_DAYS: i64 = 5;
/// Small projects a village starts per year on average.
const PROJECTS_PER_YEAR: f64 = 2.0;
/// Working days per week, for the per-day job rate.
const WORKING_DAYS_PER_WEEK: f64 = 5.0;

#[derive(Debug, Clone)]
pub struct JobPlan {
    /// Day of the job's first event: its materialization day.
    pub first_day: NaiveDate,
    /// Day the labor application is submitted.
    pub app_day: NaiveDate,
    /// Working days of the job, in order.
    pub work_days: Vec<NaiveDate>,
    pub case: Case,
    pub variant: u32,
    /// Indices into [`CityPlan::specials`].
    pub specials: Vec<usize>,
}

impl JobPlan {
    pub fn work_start(&self) -> NaiveDate {
        self.work_days[0]
    }

    pub fn work_end(&self) -> NaiveDate {
        *self.work_days.last().expect("a job has work days")
    }
}

#[derive(Debug, Clone, Default)]
pub struct VillagePlan {
    /// Jobs by first_day.
    pub jobs: Vec<JobPlan>,
    /// Days on which a small project is submitted.
    pub projects: Vec<NaiveDate>,
    /// Special people registered in this village.
    pub residents: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct CityPlan {
    pub villages: Vec<VillagePlan>,
    pub specials: Vec<SpecialPerson>,
}

struct Dates {
    first_day: NaiveDate,
    app_day: NaiveDate,
    work_days: Vec<NaiveDate>,
}

struct Env<'a> {
    calendar: &'a HolidayCalendar,
    first: NaiveDate,
    last: NaiveDate,
    villages: usize,
    rng: ChaCha8Rng,
}

impl Env<'_> {
    /// `n` working days starting `lead` working days after `d`; the last one must leave `tail`
    /// days before the end of the period.
    fn standard(&self, d: NaiveDate, lead: u32, n: usize, tail: i64) -> Option<Dates> {
        let start = self.calendar.working_days_after(d, lead);
        let work_days = self.calendar.working_days_from(start, n);
        let end = *work_days.last()?;
        (plus_days(end, tail) <= self.last).then_some(Dates {
            first_day: d,
            app_day: d,
            work_days,
        })
    }

    /// A night shift on a working day and the day shift after it.
    fn night(&self, d: NaiveDate, lead: u32) -> Option<Dates> {
        let start = self.calendar.working_days_after(d, lead);
        let work_days = vec![start, plus_days(start, 1)];
        (plus_days(work_days[1], NORMAL_TAIL_DAYS) <= self.last).then_some(Dates {
            first_day: d,
            app_day: d,
            work_days,
        })
    }

    /// A project approval on `d`, the labor application on the next working day.
    fn project_first(&mut self, d: NaiveDate, app_after: u32, n: usize) -> Option<Dates> {
        let app_day = self.calendar.working_days_after(d, app_after);
        let lead = self.rng.gen_range(1..=3);
        let mut dates = self.standard(app_day, lead, n, NORMAL_TAIL_DAYS)?;
        dates.first_day = d;
        Some(dates)
    }

    fn shape(&mut self, case: Case, variant: u32, d: NaiveDate) -> Option<Dates> {
        use Anomaly as A;
        use NearMiss as N;
        const TAIL: i64 = NORMAL_TAIL_DAYS;
        let lead = self.rng.gen_range(1..=3);
        let short = self.rng.gen_range(1..=3);
        let one_or_two = self.rng.gen_range(1..=2);
        let two_to_four = self.rng.gen_range(2..=4);
        let late_tail = MAX_SETTLEMENT_DELAY_DAYS + 1 + PAYMENT_TAIL_DAYS;
        match case {
            Case::Normal => {
                let n = [1, 1, 2, 2, 2, 3, 3, 3, 4, 5][self.rng.gen_range(0..10)];
                let lead = [0, 1, 1, 1, 2, 3][self.rng.gen_range(0..6)];
                self.standard(d, lead, n, TAIL)
            }
            Case::Anomaly(a) => match a {
                A::ClaimFiledLate | A::ClaimLateByLocalDate => {
                    self.standard(d, 1, one_or_two, late_tail)
                }
                A::WorkBeforeApplication => {
                    let mut dates = self.standard(d, 0, two_to_four.min(3), TAIL)?;
                    if variant == 1 {
                        dates.app_day = dates.work_days[1];
                    }
                    Some(dates)
                }
                A::ApplicationOneSecondLate => self.standard(d, 0, short, TAIL),
                A::ApplicationAfterMidnightNoAttendance => {
                    let mut dates = self.standard(d, 0, one_or_two, TAIL)?;
                    dates.app_day = plus_days(dates.work_days[0], 1);
                    Some(dates)
                }
                A::ClaimUnderFourHours | A::ClaimWithoutAttendance => self.standard(d, 0, 1, TAIL),
                A::ApplicationAmendedBeforeClaim => self.standard(d, lead, short, TAIL),
                A::ServingCadreOnCrew
                | A::CadreTermEndsOnFirstDay
                | A::CadreTermStartsOnLastDay
                | A::CadresAcrossTwoClaims => self.standard(d, lead, two_to_four, TAIL),
                A::CadresClaimTogether => self.standard(d, lead, short, TAIL),
                A::WorkerInOtherVillagePool if self.villages < 2 => None,
                A::WorkerNotInPool | A::WorkerInOtherVillagePool | A::WorkerAdmittedAfterStart => {
                    self.standard(d, lead, short, TAIL)
                }
                A::WorkerOverCapSingleClaim => {
                    self.standard(d, lead, if variant == 0 { 4 } else { 5 }, TAIL)
                }
                A::WorkerOverCapAcrossClaims => self.standard(d, lead, 4, TAIL).filter(same_year),
                A::OverlapAcrossTwoJobs => self.standard(d, lead, 1, TAIL),
                A::DuplicateAttendance | A::OverTenHours => {
                    self.standard(d, lead, one_or_two, TAIL)
                }
                A::NightShiftThenDayShift => self.night(d, lead),
                A::ProjectAtBidThreshold | A::ProjectAmendedAboveThreshold => {
                    self.project_first(d, 1, short)
                }
                A::ProjectSubmittedAfterLabor => self.standard(d, lead, short, TAIL),
                A::CashPayment
                | A::ForeignAccount
                | A::PayeeNotOnClaim
                | A::UnregisteredPayee
                | A::DispatchSlipMissing
                | A::SignaturesIncomplete => self.standard(d, lead, short, TAIL),
            },
            Case::NearMiss(n) => match n {
                N::ClaimExactlyThirtyDays | N::ClaimThirtyDaysLastSecond => {
                    self.standard(d, 1, one_or_two, late_tail - 1)
                }
                N::AttendanceStartsAtApplication => self.standard(d, 0, short, TAIL),
                N::ApplicationLateOnFirstDayNoAttendance => self.standard(d, 0, one_or_two, TAIL),
                N::ClaimExactlyFourHours => self.standard(d, 0, 1, TAIL),
                N::SecondApplicationBeforeClaim => self.standard(d, lead, short, TAIL),
                N::OtherVillageCadre if self.villages < 2 => None,
                N::FormerCadreDayAfterTerm
                | N::IncomingCadreDayBeforeTerm
                | N::OtherVillageCadre
                | N::FormerAndIncomingCadres
                | N::AdmittedOnFirstDay
                | N::SecondOwnAccount => self.standard(d, lead, short, TAIL),
                N::CumulativePayEqualsCap => self.standard(d, lead, 4, TAIL).filter(same_year),
                N::ExactlyTenHours => self.standard(d, lead, one_or_two, TAIL),
                N::TouchingShiftsTenHours => self.standard(d, lead, 1, TAIL),
                N::NightShiftTenHoursClipped => self.night(d, lead),
                N::ProjectJustBelowThreshold => self.project_first(d, 1, short),
                N::ProjectAmendedBelowThreshold => self.project_first(d, 2, short),
            },
        }
    }

    fn before_start(&mut self, min_days: i64, max_days: i64) -> NaiveDate {
        plus_days(self.first, -self.rng.gen_range(min_days..=max_days))
    }

    fn pool_before_start(&mut self, village: usize, cap: Option<Fen>) -> PoolEntry {
        PoolEntry {
            village,
            approved_on: self.before_start(20, 700),
            annual_cap: cap,
        }
    }

    fn cadre_term(
        &mut self,
        role: &'static str,
        start: Option<NaiveDate>,
        end: Option<NaiveDate>,
    ) -> CadreTerm {
        let term_start = match start {
            Some(s) => s,
            None => self.before_start(300, 900),
        };
        CadreTerm {
            role,
            term_start,
            term_end: end,
        }
    }

    /// The people a planted case needs, registered in their home villages.
    fn specials(
        &mut self,
        case: Case,
        variant: u32,
        dates: &Dates,
        v: usize,
    ) -> Vec<SpecialPerson> {
        use Anomaly as A;
        use NearMiss as N;
        let ws = dates.work_days[0];
        let we = *dates.work_days.last().expect("work days");
        let neighbour = (v + 1) % self.villages;
        match case {
            Case::Normal => Vec::new(),
            Case::Anomaly(a) => match a {
                A::CadreTermEndsOnFirstDay => vec![SpecialPerson {
                    cadre: Some(self.cadre_term("group_leader", None, Some(ws))),
                    ..SpecialPerson::villager(v)
                }],
                A::CadreTermStartsOnLastDay => vec![SpecialPerson {
                    cadre: Some(self.cadre_term("group_leader", Some(we), None)),
                    ..SpecialPerson::villager(v)
                }],
                A::WorkerNotInPool => vec![SpecialPerson::villager(v)],
                A::WorkerInOtherVillagePool => {
                    let pool = self.pool_before_start(neighbour, None);
                    vec![SpecialPerson::pool_worker(neighbour, pool)]
                }
                A::WorkerAdmittedAfterStart => {
                    let after = if variant == 0 { 1 } else { 6 };
                    vec![SpecialPerson::pool_worker(
                        v,
                        PoolEntry {
                            village: v,
                            approved_on: plus_days(ws, after),
                            annual_cap: None,
                        },
                    )]
                }
                A::WorkerOverCapSingleClaim => {
                    let pool = self.pool_before_start(v, Some(yuan(1200) - 1));
                    vec![SpecialPerson::pool_worker(v, pool)]
                }
                A::WorkerOverCapAcrossClaims => {
                    let pool = self.pool_before_start(v, Some(yuan(1000)));
                    vec![SpecialPerson::pool_worker(v, pool)]
                }
                A::ForeignAccount | A::PayeeNotOnClaim => {
                    let relation = RELATIVES[self.rng.gen_range(0..RELATIVES.len())];
                    vec![SpecialPerson {
                        relative_of_leader: Some(relation),
                        ..SpecialPerson::villager(v)
                    }]
                }
                _ => Vec::new(),
            },
            Case::NearMiss(n) => {
                let former = |env: &mut Self| SpecialPerson {
                    cadre: Some(env.cadre_term("committee_member", None, Some(plus_days(ws, -1)))),
                    ..SpecialPerson::pool_worker(v, env.pool_before_start(v, None))
                };
                let incoming = |env: &mut Self| SpecialPerson {
                    cadre: Some(env.cadre_term("committee_member", Some(plus_days(we, 1)), None)),
                    ..SpecialPerson::pool_worker(v, env.pool_before_start(v, None))
                };
                match n {
                    N::FormerCadreDayAfterTerm => vec![former(self)],
                    N::IncomingCadreDayBeforeTerm => vec![incoming(self)],
                    N::FormerAndIncomingCadres => vec![former(self), incoming(self)],
                    N::OtherVillageCadre => {
                        let pool = self.pool_before_start(v, None);
                        vec![SpecialPerson {
                            cadre: Some(self.cadre_term("group_leader", None, None)),
                            ..SpecialPerson::pool_worker(neighbour, pool)
                        }]
                    }
                    N::CumulativePayEqualsCap => {
                        let cap = if variant == 0 { yuan(1040) } else { yuan(1200) };
                        let pool = self.pool_before_start(v, Some(cap));
                        vec![SpecialPerson::pool_worker(v, pool)]
                    }
                    N::AdmittedOnFirstDay => vec![SpecialPerson::pool_worker(
                        v,
                        PoolEntry {
                            village: v,
                            approved_on: ws,
                            annual_cap: None,
                        },
                    )],
                    N::SecondOwnAccount => {
                        let pool = self.pool_before_start(v, None);
                        vec![SpecialPerson {
                            accounts: 2,
                            ..SpecialPerson::pool_worker(v, pool)
                        }]
                    }
                    _ => Vec::new(),
                }
            }
        }
    }
}

/// All work days in one calendar year, so that annual pool earnings add up across claims.
fn same_year(dates: &Dates) -> bool {
    dates.work_days.first().map(|d| d.year()) == dates.work_days.last().map(|d| d.year())
}

/// Relations a cadre declares (events.md `relation`, without `none`).
pub const RELATIVES: [&str; 12] = [
    "spouse",
    "parent",
    "child",
    "sibling",
    "grandparent",
    "grandchild",
    "parent_in_law",
    "child_in_law",
    "sibling_in_law",
    "uncle_aunt",
    "nephew_niece",
    "cousin",
];

/// Number of events of a Poisson distribution with mean `lambda`.
fn poisson(rng: &mut impl Rng, lambda: f64) -> u32 {
    let limit = (-lambda).exp();
    let mut k = 0;
    let mut p: f64 = rng.gen();
    while p > limit {
        k += 1;
        p *= rng.gen::<f64>();
    }
    k
}

/// Draws the plan of the city.
pub fn plan_city(config: &GenerateConfig, calendar: &HolidayCalendar) -> CityPlan {
    let villages = config.villages as usize;
    let mut env = Env {
        calendar,
        first: config.start_date,
        last: config.last_day(),
        villages,
        rng: ChaCha8Rng::seed_from_u64(config.seed),
    };
    let mut anomalies = Rotation::new(&Anomaly::ALL);
    let mut near_misses = Rotation::new(&NearMiss::ALL);
    let mut planted: BTreeMap<Case, u32> = BTreeMap::new();
    let mut specials: Vec<SpecialPerson> = Vec::new();
    let mut plans: Vec<VillagePlan> = vec![VillagePlan::default(); villages];
    let jobs_per_day = config.jobs_per_village_per_week / WORKING_DAYS_PER_WEEK;
    let project_chance = PROJECTS_PER_YEAR / 250.0;

    for v in 0..villages {
        let mut day = env.first;
        while day <= env.last {
            if calendar.is_working_day(day) {
                if plus_days(day, 10) <= env.last && env.rng.gen_bool(project_chance) {
                    plans[v].projects.push(day);
                }
                for _ in 0..poisson(&mut env.rng, jobs_per_day) {
                    let draw: f64 = env.rng.gen();
                    let wanted = if draw < config.anomaly_rate {
                        Some(true)
                    } else if draw < config.anomaly_rate + config.near_miss_rate {
                        Some(false)
                    } else {
                        None
                    };
                    let mut chosen: Option<(Case, u32, Dates)> = None;
                    if let Some(anomaly) = wanted {
                        let counts = &planted;
                        let env_ref = &mut env;
                        let mut fits = |case: Case| {
                            let variant = counts.get(&case).copied().unwrap_or(0) % case.variants();
                            env_ref.shape(case, variant, day).map(|d| (variant, d))
                        };
                        chosen = if anomaly {
                            anomalies
                                .take(|a| fits(Case::Anomaly(a)))
                                .map(|(a, (variant, d))| (Case::Anomaly(a), variant, d))
                        } else {
                            near_misses
                                .take(|n| fits(Case::NearMiss(n)))
                                .map(|(n, (variant, d))| (Case::NearMiss(n), variant, d))
                        };
                    }
                    if chosen.is_none() {
                        chosen = env
                            .shape(Case::Normal, 0, day)
                            .map(|d| (Case::Normal, 0, d));
                    }
                    let Some((case, variant, dates)) = chosen else {
                        continue;
                    };
                    *planted.entry(case).or_insert(0) += 1;
                    let mut ids = Vec::new();
                    for person in env.specials(case, variant, &dates, v) {
                        plans[person.home].residents.push(specials.len());
                        ids.push(specials.len());
                        specials.push(person);
                    }
                    plans[v].jobs.push(JobPlan {
                        first_day: dates.first_day,
                        app_day: dates.app_day,
                        work_days: dates.work_days,
                        case,
                        variant,
                        specials: ids,
                    });
                }
            }
            day = plus_days(day, 1);
        }
        plans[v].jobs.sort_by_key(|j| j.first_day);
    }
    CityPlan {
        villages: plans,
        specials,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plans_fit_in_the_period_and_plant_every_kind() {
        let config = GenerateConfig {
            villages: 20,
            townships: 1,
            days: 60,
            anomaly_rate: 0.2,
            near_miss_rate: 0.2,
            ..GenerateConfig::default()
        };
        let calendar = HolidayCalendar::for_years(2023, 2023);
        let plan = plan_city(&config, &calendar);
        let mut cases = std::collections::BTreeSet::new();
        for village in &plan.villages {
            for job in &village.jobs {
                assert!(job.first_day >= config.start_date);
                assert!(job.work_end() <= config.last_day());
                assert!(job.first_day <= job.app_day.min(job.work_start()));
                cases.insert(job.case);
            }
        }
        assert_eq!(cases.len(), 1 + Anomaly::ALL.len() + NearMiss::ALL.len());
    }

    #[test]
    fn poisson_mean_is_close() {
        let mut rng = ChaCha8Rng::seed_from_u64(9);
        let total: u32 = (0..10_000).map(|_| poisson(&mut rng, 0.6)).sum();
        assert!((5_500..6_500).contains(&total), "{total}");
    }
}
