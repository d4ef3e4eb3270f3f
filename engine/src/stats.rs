//! Counters of one pipeline: what was read, accepted, rejected, late, duplicated, evaluated.

use crate::event::EventType;
use std::collections::BTreeMap;

/// Running totals of a pipeline. Per-threshold counters are indexed like the rule set.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PipelineStats {
    pub read: u64,
    pub accepted: u64,
    /// By reason (`invalid_json`, …).
    pub rejected: BTreeMap<String, u64>,
    pub late: u64,
    /// Late events by type (its topic follows from it).
    pub late_by_type: BTreeMap<EventType, u64>,
    pub duplicates: u64,
    /// Duplicates (the same event id again) by type.
    pub duplicates_by_type: BTreeMap<EventType, u64>,
    pub duplicate_conflicts: u64,
    pub topic_mismatch: u64,
    /// Events that carried members outside the contract, by type.
    pub unknown_members: BTreeMap<String, u64>,
    pub timers_fired: u64,
    pub rule_evaluations: Vec<u64>,
    /// Time spent in each threshold's calls, in nanoseconds (wall clock: it varies from run to
    /// run, unlike every other counter here).
    pub rule_nanos: Vec<u64>,
    pub rule_errors: Vec<u64>,
    pub alerts_raised: Vec<u64>,
    pub evidence_merges: u64,
}

impl PipelineStats {
    pub fn for_thresholds(count: usize) -> PipelineStats {
        PipelineStats {
            rule_evaluations: vec![0; count],
            rule_nanos: vec![0; count],
            rule_errors: vec![0; count],
            alerts_raised: vec![0; count],
            ..PipelineStats::default()
        }
    }

    pub fn rejected_total(&self) -> u64 {
        self.rejected.values().sum()
    }
}
