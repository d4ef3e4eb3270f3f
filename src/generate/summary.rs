//! What a generation run produced.

use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GenerateSummary {
    /// Lines written to the event output.
    pub events: u64,
    /// Lines written to the truth output.
    pub truth_entries: u64,
    /// Events per event type.
    pub by_type: BTreeMap<String, u64>,
    /// Planted anomalies per targeted threshold code (`LAB-01`, ...).
    pub planted_by_threshold: BTreeMap<String, u64>,
    /// Planted near misses per threshold code whose boundary they test.
    pub near_misses_by_threshold: BTreeMap<String, u64>,
}
