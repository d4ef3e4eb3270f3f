//! State shared by everything that writes: the two outputs, id counters, the calendar and the
//! counts of planted cases.

use chrono::NaiveDate;
use std::collections::{BTreeMap, HashSet};
use std::io::{BufWriter, Write};

use super::calendar::HolidayCalendar;
use super::ids::IdAllocator;
use super::threshold::Threshold;
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
    /// Every truth entry recorded so far: an alert implied twice is listed once.
    pub expected: HashSet<TruthEntry>,
    /// Entries recorded since the truth output was last written.
    pub pending_truth: Vec<TruthEntry>,
}

impl Ctx<'_> {
    /// Records one alert the generated events imply; false when it was already recorded.
    pub fn expect_alert(&mut self, threshold: Threshold, key: &[&str]) -> bool {
        let entry = TruthEntry::new(threshold, key.iter().map(|k| k.to_string()).collect());
        if self.expected.contains(&entry) {
            return false;
        }
        self.pending_truth.push(entry.clone());
        self.expected.insert(entry);
        true
    }

    /// Writes the entries recorded since the last call to the truth output.
    pub fn write_truth(&mut self) -> std::io::Result<()> {
        for entry in std::mem::take(&mut self.pending_truth) {
            self.truth.write(&entry)?;
        }
        Ok(())
    }

    /// Whether an alert is already recorded.
    pub fn is_expected(&self, threshold: Threshold, key: &[&str]) -> bool {
        let entry = TruthEntry::new(threshold, key.iter().map(|k| k.to_string()).collect());
        self.expected.contains(&entry)
    }

    pub fn count_planted(&mut self, threshold: Threshold) {
        *self
            .planted
            .entry(threshold.code().to_string())
            .or_insert(0) += 1;
    }

    pub fn count_near_miss(&mut self, threshold: Threshold) {
        *self
            .near_misses
            .entry(threshold.code().to_string())
            .or_insert(0) += 1;
    }
}
