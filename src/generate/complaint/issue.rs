//! One issue reported through the 监督一点通 portal as the complaint thresholds read it: its
//! reports with their repeat_of links, acceptances and closings, and the alerts they imply.

use chrono::NaiveDateTime;
use std::collections::HashMap;

use crate::generate::calendar::HolidayCalendar;
use crate::generate::time::{plus_days, start_of};

/// CPL-01 max_wait, in working days.
pub const MAX_WAIT_WORKDAYS: u32 = 2;
/// CPL-02 min_repeats.
pub const MIN_REPEATS: usize = 2;

/// A report of the issue and what became of it.
#[derive(Debug, Clone)]
pub struct Report {
    pub report_id: String,
    pub filed: NaiveDateTime,
    pub repeat_of: Option<String>,
    pub accepted: Option<NaiveDateTime>,
    /// Closing instant and satisfaction.
    pub closed: Option<(NaiveDateTime, &'static str)>,
}

/// CPL-01's deadline of a report filed at `filed`: eod(wd_add(date(filed), 2wd)).
pub fn acceptance_deadline(calendar: &HolidayCalendar, filed: NaiveDateTime) -> NaiveDateTime {
    let last_day = calendar.working_days_after(filed.date(), MAX_WAIT_WORKDAYS);
    start_of(plus_days(last_day, 1))
}

/// root(r) of CPL-02 among the reports filed so far (`links`: report_id → repeat_of): follow
/// repeat_of until a report without one or naming no filed report; a cycle is cut at its least
/// report_id.
pub fn root_of(links: &HashMap<&str, Option<&str>>, id: &str) -> String {
    let mut chain: Vec<&str> = vec![id];
    let mut current = id;
    loop {
        let Some(&Some(earlier)) = links.get(current) else {
            return current.to_string();
        };
        if !links.contains_key(earlier) {
            return current.to_string();
        }
        if let Some(at) = chain.iter().position(|c| *c == earlier) {
            return chain[at..].iter().min().expect("non-empty").to_string();
        }
        chain.push(earlier);
        current = earlier;
    }
}

/// The reports filed so far that reach `root` by following repeat_of from it downwards, the
/// root included (the rule's issue_reports).
fn issue_size(links: &HashMap<&str, Option<&str>>, root: &str) -> usize {
    let mut members = vec![root];
    let mut next = 0;
    while next < members.len() {
        let parent = members[next];
        next += 1;
        let mut children: Vec<&str> = links
            .iter()
            .filter(|(_, r)| **r == Some(parent))
            .map(|(id, _)| *id)
            .collect();
        children.sort_unstable();
        for child in children {
            if !members.contains(&child) {
                members.push(child);
            }
        }
    }
    members.len()
}

/// The root_report_id of every CPL-02 alert the reports of one issue imply, evaluated on each
/// filing and each closing in time order (filings first at equal instants, as they are
/// scheduled first).
pub fn repeated_or_unsatisfied(reports: &[Report]) -> Vec<String> {
    enum Step<'a> {
        Filed(&'a Report),
        Closed(&'a Report, &'static str),
    }
    let mut steps: Vec<(NaiveDateTime, usize, Step)> = Vec::new();
    for r in reports {
        steps.push((r.filed, 0, Step::Filed(r)));
        if let Some((at, satisfaction)) = r.closed {
            steps.push((at, 1, Step::Closed(r, satisfaction)));
        }
    }
    steps.sort_by_key(|(at, order, _)| (*at, *order));
    let mut links: HashMap<&str, Option<&str>> = HashMap::new();
    let mut roots: Vec<String> = Vec::new();
    for (_, _, step) in steps {
        let root = match step {
            Step::Filed(r) => {
                links.insert(&r.report_id, r.repeat_of.as_deref());
                let root = root_of(&links, &r.report_id);
                (issue_size(&links, &root) > MIN_REPEATS).then_some(root)
            }
            Step::Closed(r, satisfaction) => {
                (satisfaction == "unsatisfied").then(|| root_of(&links, &r.report_id))
            }
        };
        if let Some(root) = root.filter(|root| !roots.contains(root)) {
            roots.push(root);
        }
    }
    roots
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn report(id: &str, day: u32, repeat_of: Option<&str>) -> Report {
        Report {
            report_id: id.to_string(),
            filed: NaiveDate::from_ymd_opt(2023, 3, day)
                .unwrap()
                .and_hms_opt(10, 0, 0)
                .unwrap(),
            repeat_of: repeat_of.map(str::to_string),
            accepted: None,
            closed: None,
        }
    }

    #[test]
    fn two_follow_ups_make_a_repeated_issue_one_does_not() {
        let once = [report("r-1", 1, None), report("r-2", 5, Some("r-1"))];
        assert!(repeated_or_unsatisfied(&once).is_empty());
        let chain = [
            report("r-1", 1, None),
            report("r-2", 5, Some("r-1")),
            report("r-3", 9, Some("r-2")),
        ];
        assert_eq!(repeated_or_unsatisfied(&chain), ["r-1"]);
    }

    #[test]
    fn a_cycle_is_cut_at_the_least_report_id() {
        // r-1 names r-2 before r-2 is filed; r-2 then names r-1, r-3 names r-2.
        let cycle = [
            report("r-1", 1, Some("r-2")),
            report("r-2", 5, Some("r-1")),
            report("r-3", 9, Some("r-2")),
        ];
        assert_eq!(repeated_or_unsatisfied(&cycle), ["r-1"]);
        let links: HashMap<&str, Option<&str>> =
            [("r-1", Some("r-2")), ("r-2", Some("r-1"))].into();
        assert_eq!(root_of(&links, "r-2"), "r-1");
    }

    #[test]
    fn an_unsatisfied_follow_up_is_filed_under_its_root() {
        let mut follow_up = report("r-2", 5, Some("r-1"));
        let closed = follow_up.filed + chrono::TimeDelta::days(3);
        follow_up.closed = Some((closed, "unsatisfied"));
        assert_eq!(
            repeated_or_unsatisfied(&[report("r-1", 1, None), follow_up.clone()]),
            ["r-1"]
        );
        follow_up.closed = Some((closed, "basically_satisfied"));
        assert!(repeated_or_unsatisfied(&[report("r-1", 1, None), follow_up]).is_empty());
    }
}
