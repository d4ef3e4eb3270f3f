//! The homestead applications of a village as written, and the homestead thresholds judged on
//! them: every event those thresholds read is the homestead desk's own (its applications, their
//! decisions, the houses started, the homestead holdings of its households), so the truth follows
//! from what is written, whatever case shaped it.

use chrono::{NaiveDate, NaiveDateTime};

use crate::generate::calendar::HolidayCalendar;
use crate::generate::threshold::Threshold;
use crate::generate::time::{plus_days, start_of};

/// HOM-03 max_area_m2, in hundredths of a square metre.
pub const MAX_AREA_CENTI_M2: i64 = 12_500;
/// HOM-04 max_pending, in working days.
const MAX_PENDING_WORKING_DAYS: u32 = 20;

/// HOM-04's deadline of an application submitted at `submitted`:
/// eod(wd_add(date(submitted), 20)).
pub fn decision_deadline(calendar: &HolidayCalendar, submitted: NaiveDateTime) -> NaiveDateTime {
    let last = calendar.working_days_after(submitted.date(), MAX_PENDING_WORKING_DAYS);
    start_of(plus_days(last, 1))
}

/// One `approval.submitted` of kind homestead and its decision, if one is written.
#[derive(Debug, Clone)]
pub struct Application {
    pub approval_id: String,
    pub homestead_id: String,
    /// Index of the applying household in the village's waiting households.
    pub household: usize,
    pub area_centi_m2: i64,
    pub submitted_at: NaiveDateTime,
    pub decision: Option<(&'static str, NaiveDateTime)>,
}

impl Application {
    fn approved_at(&self) -> Option<NaiveDateTime> {
        self.decision
            .filter(|(decision, _)| *decision == "approved")
            .map(|(_, at)| at)
    }
}

/// A `construction.started` of a homestead.
#[derive(Debug, Clone)]
pub struct HouseStart {
    pub homestead_id: String,
    pub started_on: NaiveDate,
    pub reported_at: NaiveDateTime,
    pub area_centi_m2: i64,
}

#[derive(Debug, Default)]
pub struct HomesteadBook {
    applications: Vec<Application>,
}

impl HomesteadBook {
    pub fn applications_of(&self, household: usize) -> impl Iterator<Item = &Application> {
        self.applications
            .iter()
            .filter(move |a| a.household == household)
    }

    /// Records an application; returns the thresholds it raises when submitted. `certified_home`
    /// says whether its household holds a certified homestead.
    pub fn submit(&mut self, application: Application, certified_home: bool) -> Vec<Threshold> {
        let mut raised = Vec::new();
        let approved_before = self.applications_of(application.household).any(|other| {
            other
                .approved_at()
                .is_some_and(|at| at < application.submitted_at)
        });
        if certified_home || approved_before {
            raised.push(Threshold::MultipleHomesteads);
        }
        if application.area_centi_m2 > MAX_AREA_CENTI_M2 {
            raised.push(Threshold::Oversize);
        }
        self.applications.push(application);
        raised
    }

    /// The thresholds a house start raises.
    pub fn start(&self, house: &HouseStart) -> Vec<Threshold> {
        let application = self
            .applications
            .iter()
            .find(|a| a.homestead_id == house.homestead_id);
        let mut raised = Vec::new();
        let approved_in_time = application
            .and_then(Application::approved_at)
            .is_some_and(|at| at.date() <= house.started_on && at < house.reported_at);
        if !approved_in_time {
            raised.push(Threshold::BuiltBeforeApproval);
        }
        if house.area_centi_m2 > MAX_AREA_CENTI_M2
            || application.is_some_and(|a| house.area_centi_m2 > a.area_centi_m2)
        {
            raised.push(Threshold::Oversize);
        }
        raised
    }

    /// HOM-04: the deadline passes before the end of the input (`end`, the last tick) with no
    /// decision at or before it.
    pub fn overdue(calendar: &HolidayCalendar, a: &Application, end: NaiveDateTime) -> bool {
        let deadline = decision_deadline(calendar, a.submitted_at);
        deadline < end && a.decision.is_none_or(|(_, at)| at > deadline)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::time::{at, plus_seconds};

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2023, m, day).unwrap()
    }

    fn application(id: &str, household: usize, area: i64) -> Application {
        Application {
            approval_id: format!("ap-{id}"),
            homestead_id: format!("hs-{id}"),
            household,
            area_centi_m2: area,
            submitted_at: at(d(3, 1), 10, 0, 0),
            decision: Some(("approved", at(d(3, 10), 11, 0, 0))),
        }
    }

    #[test]
    fn the_deadline_counts_working_days_across_the_spring_festival() {
        let calendar = HolidayCalendar::for_years(2023, 2023);
        // Submitted on Friday 2023-01-20: 21-27 January are off, the weekend of 28 and 29
        // January is worked, so the 20th working day after is 22 February.
        let deadline = decision_deadline(&calendar, at(d(1, 20), 10, 0, 0));
        assert_eq!(deadline, start_of(d(2, 23)));
        let mut a = application("1", 0, 10_000);
        a.submitted_at = at(d(1, 20), 10, 0, 0);
        a.decision = Some(("rejected", deadline));
        assert!(!HomesteadBook::overdue(&calendar, &a, start_of(d(4, 1))));
        a.decision = Some(("approved", plus_seconds(deadline, 1)));
        assert!(HomesteadBook::overdue(&calendar, &a, start_of(d(4, 1))));
        assert!(!HomesteadBook::overdue(&calendar, &a, deadline));
    }

    #[test]
    fn a_second_application_after_an_approval_and_areas_above_limits_raise() {
        let mut book = HomesteadBook::default();
        assert!(book
            .submit(application("1", 0, MAX_AREA_CENTI_M2), false)
            .is_empty());
        let mut again = application("2", 0, 9_000);
        again.submitted_at = at(d(3, 10), 11, 0, 1);
        assert_eq!(book.submit(again, false), [Threshold::MultipleHomesteads]);
        let mut house = HouseStart {
            homestead_id: "hs-1".into(),
            started_on: d(3, 10),
            reported_at: at(d(3, 10), 15, 0, 0),
            area_centi_m2: MAX_AREA_CENTI_M2,
        };
        assert!(book.start(&house).is_empty());
        house.started_on = d(3, 9);
        house.area_centi_m2 += 1;
        assert_eq!(
            book.start(&house),
            [Threshold::BuiltBeforeApproval, Threshold::Oversize]
        );
    }
}
