//! Benefit subsidies (惠民补贴). Ordinary activity: every village pays six annual programmes
//! (farmland protection and grain producers per certified mu to its farming households; elderly,
//! disability, hardship and minimum-living allowances to residents), each on a day of its own
//! in the year, after a public notice (公示) on the village affairs board published nine to
//! twelve days before and reviewed by the head of the supervisory committee, as the disclosure
//! desk publishes. Recipients are residents with their own accounts, none of them a cadre or a
//! declared relative of one, each paid once a year per programme; farmers claim part of their
//! certified land and the same area every year. The subsidy desk plants the SUB-01..SUB-06 cases
//! and near misses, each altering one list, and records their alerts itself: it writes every
//! event the SUB thresholds read about its lists (`book`).

mod book;
mod cases;
pub mod census;
mod planted;
mod register;
mod rules;

pub use register::register;

use chrono::{Datelike, NaiveDate};
use rand_chacha::ChaCha8Rng;
use std::collections::HashSet;

use book::SubsidyBook;
use cases::{ListAnomaly, ListNearMiss};
use census::Census;
use rules::Area;

use super::config::GenerateConfig;
use super::context::Ctx;
use super::draw::CaseDraw;
use super::time::plus_days;
use super::village::VillageState;

/// A farming household registered by the desk: its holder claims for it.
#[derive(Debug, Clone)]
pub struct Farm {
    pub holder: String,
    pub household: String,
    /// Certified contract farmland (homestead and uncertified parcels left out).
    pub certified: Area,
    /// The area farmed and claimed in an ordinary year: part of the certified area.
    pub farmed: Area,
    /// The household's certified homestead, which SUB-04 leaves out.
    pub homestead: Area,
}

/// What the subsidy desk keeps per village.
#[derive(Debug)]
pub struct SubsidyVillage {
    pub rng: ChaCha8Rng,
    census: Census,
    farms: Vec<Farm>,
    /// Residents ordinary programmes may list.
    pool: Vec<String>,
    /// Persons made for SUB-02 cases: died before the period (still registered resident), moved
    /// away, and dying during the period (with the day).
    deceased: Vec<String>,
    moved: Vec<String>,
    dying: Vec<(String, NaiveDate)>,
    /// Persons of SUB-02 cases already listed once.
    used: HashSet<String>,
    book: SubsidyBook,
}

impl SubsidyVillage {
    /// A village with no registry of its own yet.
    pub fn new(rng: ChaCha8Rng) -> Self {
        Self {
            rng,
            census: Census::default(),
            farms: Vec::new(),
            pool: Vec::new(),
            deceased: Vec::new(),
            moved: Vec::new(),
            dying: Vec::new(),
            used: HashSet::new(),
            book: SubsidyBook::default(),
        }
    }
}

/// SUB-04's certified area of `recipient`'s household (0 outside the desk's farms).
fn certified_of(farms: &[Farm], census: &Census, recipient: &str) -> Area {
    let Some(person) = census.person(recipient) else {
        return 0;
    };
    farms
        .iter()
        .filter(|f| f.household == person.household)
        .map(|f| f.certified)
        .sum()
}

/// How many days before the end of the notice-to-payment window a programme must start: the
/// payment and a supplementary list three days later fall within the period written.
const PROGRAMME_DAYS: i64 = 12 + 3;

/// The subsidy lists of every village, day by day.
pub struct SubsidyDesk {
    lists: CaseDraw<ListAnomaly, ListNearMiss>,
    next_list: u64,
}

impl SubsidyDesk {
    pub fn new(config: &GenerateConfig) -> Self {
        Self {
            lists: CaseDraw::new(
                &config.for_quarterly_cases(),
                &ListAnomaly::ALL,
                &ListNearMiss::ALL,
            ),
            next_list: 0,
        }
    }

    /// Publishes the notice of every programme whose notice falls on `day` and schedules its
    /// payment.
    pub fn day(&mut self, ctx: &mut Ctx, v: &mut VillageState, day: NaiveDate) {
        if plus_days(day, PROGRAMME_DAYS) > ctx.last_day {
            return;
        }
        for (n, programme) in planted::PROGRAMMES.iter().enumerate() {
            if notice_day(v.index, n, day.year()) == day {
                planted::programme(ctx, v, day, programme, &mut self.lists, &mut self.next_list);
            }
        }
    }
}

/// The day village `index` gives notice of programme `n` in `year`: spread over the year by
/// programme and village, never later than early December.
fn notice_day(index: usize, n: usize, year: i32) -> NaiveDate {
    let offset = (n * 61 + index * 37 + 3) % 340;
    plus_days(
        NaiveDate::from_ymd_opt(year, 1, 1).expect("a new year's day"),
        offset as i64,
    )
}
