//! The expense cases the generator plants: anomalies that must raise one expense threshold and
//! near misses that sit on a boundary of one and must stay quiet. Allowance cases ride on the
//! monthly allowance payroll, hospitality cases on a hospitality bill, festival cases on the
//! village's festival visits and refuel cases on a day a vehicle is refuelled.

use crate::generate::threshold::Threshold;

/// Cases of one cadre's monthly allowance: the month's allowance is replaced by a lump sum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AllowanceAnomaly {
    /// EXP-02: the rest of the year's standard advanced at once, plus one fen.
    OneFenOverStandard,
    /// EXP-02: a cadre whose term starts or ends within the year is paid twelve months.
    WholeYearForPartialTerm,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AllowanceNearMiss {
    /// EXP-02: the rest of the year's standard advanced at once, to the fen.
    AdvancedToStandard,
    /// EXP-02: a cadre whose term starts or ends within the year is paid exactly the months the
    /// term touches, its first and last month counted whole.
    PartialTermMonthsCounted,
}

/// Cases of one hospitality bill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HospitalityAnomaly {
    /// EXP-01: the bill takes the year's hospitality above the limit (by a fen, or by more).
    OverAnnualLimit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HospitalityNearMiss {
    /// EXP-01: the bill takes the year's hospitality to exactly the limit.
    AtAnnualLimit,
}

/// Cases of a village's visits around one festival.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FestivalAnomaly {
    /// EXP-03: a gift, welfare or other payment to a cadre seven days before the festival, on
    /// the festival or seven days after it.
    PaidToCadre,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FestivalNearMiss {
    /// EXP-03: the same payment to a cadre eight days before or after the festival.
    JustOutsideWindow,
    /// EXP-03: a welfare payment on the festival to a villager who holds no office.
    NonCadrePayee,
}

/// Cases of one day a vehicle is refuelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RefuelAnomaly {
    /// EXP-04: two or three refuels within four hours (the last exactly four hours after the
    /// first, in one variant) take more than 0.46 of the tank.
    OverRatioWithinWindow,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RefuelNearMiss {
    /// EXP-04: two refuels within four hours take exactly 0.46 of the tank.
    AtRatio,
    /// EXP-04: two refuels over 0.46 of the tank, four hours and one second apart.
    JustOutsideWindow,
}

impl AllowanceAnomaly {
    pub const ALL: [Self; 2] = [Self::WholeYearForPartialTerm, Self::OneFenOverStandard];

    pub fn target(self) -> Threshold {
        Threshold::AllowanceOverStandard
    }
}

impl AllowanceNearMiss {
    pub const ALL: [Self; 2] = [Self::PartialTermMonthsCounted, Self::AdvancedToStandard];

    pub fn target(self) -> Threshold {
        Threshold::AllowanceOverStandard
    }
}

impl HospitalityAnomaly {
    pub const ALL: [Self; 1] = [Self::OverAnnualLimit];

    pub fn target(self) -> Threshold {
        Threshold::HospitalityOverLimit
    }
}

impl HospitalityNearMiss {
    pub const ALL: [Self; 1] = [Self::AtAnnualLimit];

    pub fn target(self) -> Threshold {
        Threshold::HospitalityOverLimit
    }
}

impl FestivalAnomaly {
    pub const ALL: [Self; 1] = [Self::PaidToCadre];

    pub fn target(self) -> Threshold {
        Threshold::FestivalPayment
    }
}

impl FestivalNearMiss {
    pub const ALL: [Self; 2] = [Self::JustOutsideWindow, Self::NonCadrePayee];

    pub fn target(self) -> Threshold {
        Threshold::FestivalPayment
    }
}

impl RefuelAnomaly {
    pub const ALL: [Self; 1] = [Self::OverRatioWithinWindow];

    pub fn target(self) -> Threshold {
        Threshold::AbnormalRefueling
    }
}

impl RefuelNearMiss {
    pub const ALL: [Self; 2] = [Self::AtRatio, Self::JustOutsideWindow];

    pub fn target(self) -> Threshold {
        Threshold::AbnormalRefueling
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn every_expense_threshold_has_anomalies_and_near_misses() {
        let anomalies: BTreeSet<_> = AllowanceAnomaly::ALL
            .iter()
            .map(|a| a.target())
            .chain(HospitalityAnomaly::ALL.iter().map(|a| a.target()))
            .chain(FestivalAnomaly::ALL.iter().map(|a| a.target()))
            .chain(RefuelAnomaly::ALL.iter().map(|a| a.target()))
            .collect();
        let near: BTreeSet<_> = AllowanceNearMiss::ALL
            .iter()
            .map(|n| n.target())
            .chain(HospitalityNearMiss::ALL.iter().map(|n| n.target()))
            .chain(FestivalNearMiss::ALL.iter().map(|n| n.target()))
            .chain(RefuelNearMiss::ALL.iter().map(|n| n.target()))
            .collect();
        let all: BTreeSet<_> = Threshold::of_category("expense").collect();
        assert_eq!(anomalies, all);
        assert_eq!(near, all);
    }
}
