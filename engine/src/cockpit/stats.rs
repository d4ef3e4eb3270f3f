//! The figures of a cockpit and how they are counted.

use super::flag::{FlagPolicy, VillageFlag};
use super::median::median;
use super::weeks::{mondays, week_of};
use super::{CockpitQuery, CockpitScope};
use crate::alert::{AlertKind, Color};
use crate::lifecycle::TrackedAlert;
use crate::queue::missed_deadlines;
use crate::values::Timestamp;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

const NANOS_PER_SECOND: i64 = 1_000_000_000;

/// Everything a cockpit shows.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CockpitStats {
    pub scope: CockpitScope,
    /// The period's ends as asked (RFC 3339), None when open.
    pub from: Option<String>,
    pub to: Option<String>,
    /// The instant overdue is judged at.
    pub now: String,
    /// Alerts detected in the period.
    pub total: u64,
    /// By color (red, yellow, green), kind (efficiency, irregular, serious) and category; every
    /// color and kind is listed, with 0 when none.
    pub by_color: BTreeMap<String, u64>,
    pub by_kind: BTreeMap<String, u64>,
    pub by_category: BTreeMap<String, u64>,
    /// Median seconds from detection to the first acknowledgement, and to disposal, of the
    /// period's alerts that got there; None when none did.
    pub median_seconds_to_acknowledge: Option<i64>,
    pub median_seconds_to_dispose: Option<i64>,
    /// Open alerts of the period whose deadline has passed at `now`.
    pub overdue: DeadlineCounts,
    /// Alerts of the period escalated at least once.
    pub escalated: u64,
    /// One row per week (Monday first) of the period.
    pub weeks: Vec<WeekRow>,
    /// Villages with alerts in the period, most in need of attention first.
    pub villages: Vec<VillageRow>,
    pub flag_policy: FlagPolicy,
    /// How many villages are flagged red and yellow.
    pub flagged_red: u64,
    pub flagged_yellow: u64,
}

/// Open alerts past a deadline: not acknowledged in time (still red), not disposed in time
/// (red or yellow), and either.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct DeadlineCounts {
    pub acknowledge: u64,
    pub close: u64,
    pub total: u64,
}

/// One week of the trend.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct WeekRow {
    /// Its Monday.
    pub week: NaiveDate,
    /// Alerts detected that week, and how many of them serious.
    pub raised: u64,
    pub serious: u64,
    /// Alerts disposed that week (whenever detected, if detected in the period).
    pub disposed: u64,
}

/// One village of the ranking.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct VillageRow {
    pub village_id: String,
    pub township_id: String,
    pub total: u64,
    pub serious: u64,
    /// Not yet disposed.
    pub open: u64,
    /// Missed a deadline: escalated for it, or open past one now.
    pub overdue: u64,
    pub flag: VillageFlag,
}

/// Counts the statistics of `query` over `alerts` (those the user counts, of the scope).
pub fn compute<'a>(
    alerts: impl IntoIterator<Item = &'a TrackedAlert>,
    query: &CockpitQuery,
) -> CockpitStats {
    let offset = query.local_offset_seconds;
    let in_period = |at: Timestamp| {
        query.from.is_none_or(|from| at >= from) && query.to.is_none_or(|to| at < to)
    };
    let mut stats = CockpitStats {
        scope: query.scope.clone(),
        from: query.from.map(Timestamp::to_rfc3339),
        to: query.to.map(Timestamp::to_rfc3339),
        now: query.now.to_rfc3339(),
        total: 0,
        by_color: [Color::Red, Color::Yellow, Color::Green]
            .into_iter()
            .map(|c| (c.as_str().to_string(), 0))
            .collect(),
        by_kind: [
            AlertKind::Efficiency,
            AlertKind::Irregular,
            AlertKind::Serious,
        ]
        .into_iter()
        .map(|k| (k.as_str().to_string(), 0))
        .collect(),
        by_category: BTreeMap::new(),
        median_seconds_to_acknowledge: None,
        median_seconds_to_dispose: None,
        overdue: DeadlineCounts::default(),
        escalated: 0,
        weeks: Vec::new(),
        villages: Vec::new(),
        flag_policy: query.flag,
        flagged_red: 0,
        flagged_yellow: 0,
    };
    let mut to_acknowledge = Vec::new();
    let mut to_dispose = Vec::new();
    let mut raised_weeks: BTreeMap<NaiveDate, (u64, u64)> = BTreeMap::new();
    let mut disposed_weeks: BTreeMap<NaiveDate, u64> = BTreeMap::new();
    let mut villages: BTreeMap<&str, VillageRow> = BTreeMap::new();
    for tracked in alerts {
        let alert = &tracked.alert;
        let Ok(detected) = Timestamp::parse(&alert.detected_at) else {
            continue;
        };
        if !in_period(detected) {
            continue;
        }
        let serious = alert.kind == AlertKind::Serious;
        stats.total += 1;
        *stats
            .by_color
            .entry(alert.color.as_str().into())
            .or_default() += 1;
        *stats.by_kind.entry(alert.kind.as_str().into()).or_default() += 1;
        *stats.by_category.entry(alert.category.clone()).or_default() += 1;
        let seconds_since_detection = |at: &Option<String>| {
            let at = Timestamp::parse(at.as_deref()?).ok()?;
            Some((at.nanos() - detected.nanos()).max(0) / NANOS_PER_SECOND)
        };
        to_acknowledge.extend(seconds_since_detection(&tracked.acknowledged_at));
        if alert.color == Color::Green {
            to_dispose.extend(seconds_since_detection(&tracked.closed_at));
        }
        let (late_acknowledge, late_close) = missed_deadlines(tracked, query.now);
        let late = late_acknowledge || late_close;
        stats.overdue.acknowledge += u64::from(late_acknowledge);
        stats.overdue.close += u64::from(late_close);
        stats.overdue.total += u64::from(late);
        let escalated = !alert.escalations.is_empty();
        stats.escalated += u64::from(escalated);

        let week = raised_weeks.entry(week_of(detected, offset)).or_default();
        week.0 += 1;
        week.1 += u64::from(serious);
        if let Some(closed) = tracked
            .closed_at
            .as_deref()
            .and_then(|t| Timestamp::parse(t).ok())
            .filter(|_| alert.color == Color::Green)
        {
            *disposed_weeks.entry(week_of(closed, offset)).or_default() += 1;
        }

        let village = villages
            .entry(alert.village_id.as_str())
            .or_insert_with(|| VillageRow {
                village_id: alert.village_id.clone(),
                township_id: alert.township_id.clone(),
                total: 0,
                serious: 0,
                open: 0,
                overdue: 0,
                flag: VillageFlag::None,
            });
        village.total += 1;
        village.serious += u64::from(serious);
        village.open += u64::from(alert.color != Color::Green);
        village.overdue += u64::from(escalated || late);
    }
    stats.median_seconds_to_acknowledge = median(to_acknowledge);
    stats.median_seconds_to_dispose = median(to_dispose);
    stats.weeks = week_rows(query, &raised_weeks, &disposed_weeks);
    let mut ranked: Vec<VillageRow> = villages
        .into_values()
        .map(|mut row| {
            row.flag = query.flag.flag(row.serious, row.overdue);
            row
        })
        .collect();
    ranked.sort_by(|a, b| {
        (b.flag, b.serious, b.overdue, b.total)
            .cmp(&(a.flag, a.serious, a.overdue, a.total))
            .then_with(|| a.village_id.cmp(&b.village_id))
    });
    stats.flagged_red = ranked.iter().filter(|v| v.flag == VillageFlag::Red).count() as u64;
    stats.flagged_yellow = ranked
        .iter()
        .filter(|v| v.flag == VillageFlag::Yellow)
        .count() as u64;
    stats.villages = ranked;
    stats
}

/// A row for every week from the period's first to its last (from the alerts where an end is
/// open), weeks without alerts included so that a trend line has no gaps.
fn week_rows(
    query: &CockpitQuery,
    raised: &BTreeMap<NaiveDate, (u64, u64)>,
    disposed: &BTreeMap<NaiveDate, u64>,
) -> Vec<WeekRow> {
    let offset = query.local_offset_seconds;
    let first = query
        .from
        .map(|from| week_of(from, offset))
        .or_else(|| raised.keys().next().copied());
    let last = query
        .to
        .map(|to| week_of(to.plus_nanos(-1), offset))
        .or_else(|| raised.keys().chain(disposed.keys()).max().copied());
    let (Some(first), Some(last)) = (first, last) else {
        return Vec::new();
    };
    mondays(first, last)
        .into_iter()
        .map(|week| {
            let (raised, serious) = raised.get(&week).copied().unwrap_or_default();
            WeekRow {
                week,
                raised,
                serious,
                disposed: disposed.get(&week).copied().unwrap_or_default(),
            }
        })
        .collect()
}
