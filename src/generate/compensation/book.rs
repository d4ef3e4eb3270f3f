//! What the compensation thresholds read, kept as it is written: the village's land register
//! (certified holdings by parcel, households by person) and, per scheme, the households each
//! payee collects for and the graves of each household. Every assessment is judged here, so the
//! truth follows from what is written, whatever case shaped it.

use std::collections::{BTreeSet, HashMap};

use crate::generate::json::Fen;
use crate::generate::threshold::Threshold;

/// CMP-02 ratio 1.5, as 3/2.
const DENSITY_RATIO: (i64, i64) = (3, 2);
/// CMP-04 min_households.
const MIN_HOUSEHOLDS: usize = 3;
/// CMP-05 max_graves.
const MAX_GRAVES: u32 = 5;

/// One `compensation.assessed`.
#[derive(Debug, Clone)]
pub struct Assessment {
    pub assessment_id: String,
    pub scheme_id: String,
    pub parcel_id: String,
    pub household_id: String,
    pub recipient_id: String,
    pub payee_id: String,
    /// Area assessed in hundredths of a mu.
    pub area_centi_mu: i64,
    pub seedling_count: i64,
    /// Standard planting density per mu, present when seedlings were counted.
    pub seedling_norm_per_mu: Option<i64>,
    pub grave_count: u32,
    pub amount: Fen,
    pub dept_staff_ids: Vec<String>,
}

/// The most seedlings norm x area x 1.5 allows, when that is a whole number.
pub fn density_limit(norm_per_mu: i64, area_centi_mu: i64) -> Option<i64> {
    let scaled = norm_per_mu * area_centi_mu * DENSITY_RATIO.0;
    let divisor = 100 * DENSITY_RATIO.1;
    (scaled % divisor == 0).then_some(scaled / divisor)
}

/// CMP-02: count > norm x area x 1.5, compared exactly.
fn above_density(a: &Assessment) -> bool {
    match a.seedling_norm_per_mu {
        Some(norm) if a.seedling_count > 0 && a.area_centi_mu > 0 => {
            a.seedling_count * 100 * DENSITY_RATIO.1 > norm * a.area_centi_mu * DENSITY_RATIO.0
        }
        _ => false,
    }
}

/// The registry.land and registry.person records the compensation desk wrote.
#[derive(Debug, Default)]
pub struct LandRegister {
    /// Holder and household of every certified holding, by parcel.
    certified: HashMap<String, Vec<(String, String)>>,
    household_of: HashMap<String, String>,
}

impl LandRegister {
    pub fn note_person(&mut self, person_id: &str, household_id: &str) {
        self.household_of
            .insert(person_id.to_string(), household_id.to_string());
    }

    pub fn note_holding(
        &mut self,
        parcel_id: &str,
        holder: &str,
        household: &str,
        certified: bool,
    ) {
        if certified {
            self.certified
                .entry(parcel_id.to_string())
                .or_default()
                .push((holder.to_string(), household.to_string()));
        }
    }

    /// CMP-01's test: a certified holding on the parcel by the recipient or the recipient's
    /// household.
    fn entitles(&self, parcel_id: &str, recipient: &str) -> bool {
        let household = self.household_of.get(recipient);
        self.certified.get(parcel_id).is_some_and(|holdings| {
            holdings
                .iter()
                .any(|(holder, h)| holder == recipient || Some(h) == household)
        })
    }
}

/// The assessments of one scheme so far.
#[derive(Debug, Default)]
pub struct SchemeBook {
    households_by_payee: HashMap<String, BTreeSet<String>>,
    graves_by_household: HashMap<String, u32>,
}

impl SchemeBook {
    /// Records `a` and returns the alerts it raises: (threshold, dedup key without village).
    pub fn assess(&mut self, land: &LandRegister, a: &Assessment) -> Vec<(Threshold, Vec<String>)> {
        let mut alerts = Vec::new();
        let by_assessment = vec![a.assessment_id.clone()];
        if a.seedling_count > 0 && !land.entitles(&a.parcel_id, &a.recipient_id) {
            alerts.push((Threshold::NoLand, by_assessment.clone()));
        }
        if above_density(a) {
            alerts.push((Threshold::SeedlingDensity, by_assessment.clone()));
        }
        if a.dept_staff_ids.is_empty() {
            alerts.push((Threshold::NoStaffPresent, by_assessment));
        }
        let households = self
            .households_by_payee
            .entry(a.payee_id.clone())
            .or_default();
        households.insert(a.household_id.clone());
        if households.len() >= MIN_HOUSEHOLDS {
            alerts.push((
                Threshold::ProxyCollection,
                vec![a.scheme_id.clone(), a.payee_id.clone()],
            ));
        }
        let graves = self
            .graves_by_household
            .entry(a.household_id.clone())
            .or_insert(0);
        *graves += a.grave_count;
        if *graves > MAX_GRAVES {
            alerts.push((
                Threshold::ExcessGraves,
                vec![a.scheme_id.clone(), a.household_id.clone()],
            ));
        }
        alerts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assessment(id: &str, household: &str, payee: &str) -> Assessment {
        Assessment {
            assessment_id: id.into(),
            scheme_id: "zd-1".into(),
            parcel_id: "pc-1".into(),
            household_id: household.into(),
            recipient_id: "p-1".into(),
            payee_id: payee.into(),
            area_centi_mu: 135,
            seedling_count: 162,
            seedling_norm_per_mu: Some(80),
            grave_count: 0,
            amount: 0,
            dept_staff_ids: vec!["st-1".into()],
        }
    }

    fn codes(alerts: &[(Threshold, Vec<String>)]) -> Vec<&'static str> {
        alerts.iter().map(|(t, _)| t.code()).collect()
    }

    #[test]
    fn density_is_compared_exactly() {
        assert_eq!(density_limit(80, 135), Some(162));
        // 110 x 0.30 x 1.5 = 49.5: no whole count sits on the limit.
        assert_eq!(density_limit(110, 30), None);
        let mut a = assessment("a", "hh-1", "p-1");
        assert!(!above_density(&a));
        a.seedling_count = 163;
        assert!(above_density(&a));
        a.seedling_norm_per_mu = None;
        assert!(!above_density(&a));
    }

    #[test]
    fn a_household_member_is_entitled_and_a_stranger_is_not() {
        let mut land = LandRegister::default();
        land.note_person("p-1", "hh-1");
        land.note_person("p-2", "hh-1");
        land.note_person("p-3", "hh-2");
        land.note_holding("pc-1", "p-1", "hh-1", true);
        land.note_holding("pc-2", "p-1", "hh-1", false);
        assert!(land.entitles("pc-1", "p-2"));
        assert!(!land.entitles("pc-1", "p-3"));
        assert!(!land.entitles("pc-2", "p-1"));
        assert!(!land.entitles("pc-9", "p-1"));
    }

    #[test]
    fn three_households_of_one_payee_and_six_graves_raise() {
        let land = LandRegister::default();
        let mut book = SchemeBook::default();
        let mut first = assessment("a", "hh-1", "p-1");
        first.seedling_count = 0;
        first.grave_count = 5;
        assert!(book.assess(&land, &first).is_empty());
        let mut second = assessment("b", "hh-2", "p-1");
        second.seedling_count = 0;
        assert!(book.assess(&land, &second).is_empty());
        let mut third = assessment("c", "hh-3", "p-1");
        third.seedling_count = 0;
        assert_eq!(codes(&book.assess(&land, &third)), ["CMP-04"]);
        let mut grave = assessment("d", "hh-1", "p-9");
        grave.seedling_count = 0;
        grave.grave_count = 1;
        grave.dept_staff_ids.clear();
        assert_eq!(codes(&book.assess(&land, &grave)), ["CMP-03", "CMP-05"]);
    }
}
