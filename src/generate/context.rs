//! State shared by everything that writes: the two outputs, id counters, the calendar and the
//! counts of planted cases.

use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::io::{BufWriter, Write};

use super::calendar::HolidayCalendar;
use super::ids::IdAllocator;
use super::threshold::LaborThreshold;
use super::truth::{TruthEntry, TruthWriter};
use super::writer::EventWriter;

pub type Sink<'a> = BufWriter<&'a mut dyn Write>;

pub struct Ctx<'a> {
    pub events: EventWriter<Sink<'a>>,
    pub truth: TruthWriter<Sink<'a>>,
    pub ids: IdAllocator,
    pub calendar: HolidayCalendar,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    pub planted: BTreeMap<String, u64>,
    pub near_misses: BTreeMap<String, u64>,
}

impl Ctx<'_> {
    /// Records one alert the generated events imply.
    pub fn expect_alert(&mut self, threshold: LaborThreshold, key: &[&str]) -> std::io::Result<()> {
        let entry = TruthEntry::new(threshold, key.iter().map(|k| k.to_string()).collect());
        self.truth.write(&entry)
    }

    pub fn count_planted(&mut self, threshold: LaborThreshold) {
        *self
            .planted
            .entry(threshold.code().to_string())
            .or_insert(0) += 1;
    }

    pub fn count_near_miss(&mut self, threshold: LaborThreshold) {
        *self
            .near_misses
            .entry(threshold.code().to_string())
            .or_insert(0) += 1;
    }
}
