//! The kinds of labor job the generator plants: normal jobs, anomalies that must raise a labor
//! threshold, and near misses that sit exactly on a boundary and must stay quiet.

use super::threshold::Threshold;

/// Planted anomalies. The order is the initial rotation order: kinds that need a long stretch of
/// days come first so that short periods still plant them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Anomaly {
    /// LAB-09: claim filed on work_end_date + 31 days, 10:xx.
    ClaimFiledLate,
    /// LAB-09: claim filed at 00:30:00+08:00 on work_end_date + 31 (still day + 30 in UTC).
    ClaimLateByLocalDate,
    /// LAB-01: application submitted at 14:xx on the first work day, or on the second work day.
    WorkBeforeApplication,
    /// LAB-01: first attendance starts 07:30:00, application submitted 07:30:01.
    ApplicationOneSecondLate,
    /// LAB-01: no attendance; application at 00:30:00 on work_start_date + 1.
    ApplicationAfterMidnightNoAttendance,
    /// LAB-02: claim filed 3h59m00s after the application.
    ClaimUnderFourHours,
    /// LAB-02: no attendance; claim filed 1-3 hours after the application.
    ClaimWithoutAttendance,
    /// LAB-02 and LAB-01: the application is re-submitted (same approval_id) on the claim day,
    /// 2h30m before the claim; its live version is then dated after work_start_date.
    ApplicationAmendedBeforeClaim,
    /// LAB-03 (+LAB-05): a serving cadre on the claim.
    ServingCadreOnCrew,
    /// LAB-03 (+LAB-05): a cadre whose term_end = work_start_date.
    CadreTermEndsOnFirstDay,
    /// LAB-03 (+LAB-05): a cadre whose term_start = work_end_date.
    CadreTermStartsOnLastDay,
    /// LAB-04 (+LAB-03, LAB-05 per cadre): 2-7 serving cadres claim 210-300 yuan each.
    CadresClaimTogether,
    /// LAB-04 (+LAB-03, LAB-05 per cadre): one cadre on each of two claims of the job.
    CadresAcrossTwoClaims,
    /// LAB-05: a villager with no labor pool entry.
    WorkerNotInPool,
    /// LAB-05: a worker in another village's pool only.
    WorkerInOtherVillagePool,
    /// LAB-05: approved_on = work_start_date + 1 (or + 6).
    WorkerAdmittedAfterStart,
    /// LAB-05: one claim line of 1200.00 against annual_cap 1199.99.
    WorkerOverCapSingleClaim,
    /// LAB-05 on the second claim only: 520.00 + 520.00 against annual_cap 1000.00.
    WorkerOverCapAcrossClaims,
    /// LAB-06: one worker on two jobs the same day, 07:30-12:00 and 11:00-16:00.
    OverlapAcrossTwoJobs,
    /// LAB-06: the same attendance recorded twice under two attendance ids.
    DuplicateAttendance,
    /// LAB-06: one attendance of 10h00m01s (07:00:00-17:00:01).
    OverTenHours,
    /// LAB-06: night shift 20:00-04:00, then 07:00-16:00: 13 hours on the second day.
    NightShiftThenDayShift,
    /// LAB-07: project approval of exactly 100000.00 (or more), labor job inside it.
    ProjectAtBidThreshold,
    /// LAB-07: project approval of 100000.00 or more submitted after the labor application.
    ProjectSubmittedAfterLabor,
    /// LAB-07: project approval re-submitted from 96000.00 to 128000.00 after the labor
    /// application.
    ProjectAmendedAboveThreshold,
    /// LAB-08: a line paid in cash.
    CashPayment,
    /// LAB-08: a line paid into a cadre relative's account.
    ForeignAccount,
    /// LAB-08: a payment under the claim to a cadre relative who is not on it.
    PayeeNotOnClaim,
    /// LAB-08: a payment to a person id with no registry.person.
    UnregisteredPayee,
    /// LAB-09: dispatch_slip_id omitted, null or "".
    DispatchSlipMissing,
    /// LAB-09: signatures_complete = false.
    SignaturesIncomplete,
}

/// Planted near misses: each sits on a boundary of one labor threshold and raises nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NearMiss {
    /// LAB-09: claim filed on work_end_date + 30 days, 10:xx.
    ClaimExactlyThirtyDays,
    /// LAB-09: claim filed at 23:59:59+08:00 on work_end_date + 30.
    ClaimThirtyDaysLastSecond,
    /// LAB-01: first attendance starts exactly at the application's occurred_at (07:30:00).
    AttendanceStartsAtApplication,
    /// LAB-01: no attendance; application at 23:30:00 on work_start_date.
    ApplicationLateOnFirstDayNoAttendance,
    /// LAB-02: claim filed exactly 4h00m00s after the application.
    ClaimExactlyFourHours,
    /// LAB-02: a second application (new approval_id) 2h30m before the claim; the first one,
    /// days earlier, is the job's application.
    SecondApplicationBeforeClaim,
    /// LAB-03: a former cadre whose term_end = work_start_date - 1.
    FormerCadreDayAfterTerm,
    /// LAB-03: an incoming cadre whose term_start = work_end_date + 1.
    IncomingCadreDayBeforeTerm,
    /// LAB-03: a serving cadre of another village, in this village's pool.
    OtherVillageCadre,
    /// LAB-04: a former and an incoming cadre (as above) on the same job.
    FormerAndIncomingCadres,
    /// LAB-05: cumulative pay equal to annual_cap (520.00 + 520.00 = 1040.00, or 1200.00).
    CumulativePayEqualsCap,
    /// LAB-05: approved_on = work_start_date.
    AdmittedOnFirstDay,
    /// LAB-06: one attendance of exactly 10 hours (07:00:00-17:00:00).
    ExactlyTenHours,
    /// LAB-06: two touching attendances 07:00-12:00 and 12:00-17:00.
    TouchingShiftsTenHours,
    /// LAB-06: night shift 22:00-02:00, then 08:00-16:00: exactly 10 hours on the second day.
    NightShiftTenHoursClipped,
    /// LAB-07: project approval of 99999.99.
    ProjectJustBelowThreshold,
    /// LAB-07: project approval of 150000.00 re-submitted as 95000.00 before the labor
    /// application.
    ProjectAmendedBelowThreshold,
    /// LAB-08: a worker paid into the second of their own accounts.
    SecondOwnAccount,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Case {
    Normal,
    Anomaly(Anomaly),
    NearMiss(NearMiss),
}

impl Anomaly {
    pub const ALL: [Self; 31] = [
        Self::ClaimFiledLate,
        Self::ClaimLateByLocalDate,
        Self::WorkBeforeApplication,
        Self::ApplicationOneSecondLate,
        Self::ApplicationAfterMidnightNoAttendance,
        Self::ClaimUnderFourHours,
        Self::ClaimWithoutAttendance,
        Self::ApplicationAmendedBeforeClaim,
        Self::ServingCadreOnCrew,
        Self::CadreTermEndsOnFirstDay,
        Self::CadreTermStartsOnLastDay,
        Self::CadresClaimTogether,
        Self::CadresAcrossTwoClaims,
        Self::WorkerNotInPool,
        Self::WorkerInOtherVillagePool,
        Self::WorkerAdmittedAfterStart,
        Self::WorkerOverCapSingleClaim,
        Self::WorkerOverCapAcrossClaims,
        Self::OverlapAcrossTwoJobs,
        Self::DuplicateAttendance,
        Self::OverTenHours,
        Self::NightShiftThenDayShift,
        Self::ProjectAtBidThreshold,
        Self::ProjectSubmittedAfterLabor,
        Self::ProjectAmendedAboveThreshold,
        Self::CashPayment,
        Self::ForeignAccount,
        Self::PayeeNotOnClaim,
        Self::UnregisteredPayee,
        Self::DispatchSlipMissing,
        Self::SignaturesIncomplete,
    ];

    /// The threshold the anomaly is planted for.
    pub fn target(self) -> Threshold {
        use Threshold as T;
        match self {
            Self::WorkBeforeApplication
            | Self::ApplicationOneSecondLate
            | Self::ApplicationAfterMidnightNoAttendance => T::WorkBeforeApplication,
            Self::ClaimUnderFourHours
            | Self::ClaimWithoutAttendance
            | Self::ApplicationAmendedBeforeClaim => T::PayDeclaredTooSoon,
            Self::ServingCadreOnCrew
            | Self::CadreTermEndsOnFirstDay
            | Self::CadreTermStartsOnLastDay => T::CadrePaid,
            Self::CadresClaimTogether | Self::CadresAcrossTwoClaims => T::CollectiveCadreClaim,
            Self::WorkerNotInPool
            | Self::WorkerInOtherVillagePool
            | Self::WorkerAdmittedAfterStart
            | Self::WorkerOverCapSingleClaim
            | Self::WorkerOverCapAcrossClaims => T::WorkerNotInPool,
            Self::OverlapAcrossTwoJobs
            | Self::DuplicateAttendance
            | Self::OverTenHours
            | Self::NightShiftThenDayShift => T::OverlappingWork,
            Self::ProjectAtBidThreshold
            | Self::ProjectSubmittedAfterLabor
            | Self::ProjectAmendedAboveThreshold => T::TenderSizeProjectAsLabor,
            Self::CashPayment
            | Self::ForeignAccount
            | Self::PayeeNotOnClaim
            | Self::UnregisteredPayee => T::PayChannel,
            Self::ClaimFiledLate
            | Self::ClaimLateByLocalDate
            | Self::DispatchSlipMissing
            | Self::SignaturesIncomplete => T::LateOrIncompleteSettlement,
        }
    }

    /// Number of sub-variants, used in turn.
    pub fn variants(self) -> u32 {
        match self {
            Self::WorkBeforeApplication
            | Self::WorkerAdmittedAfterStart
            | Self::WorkerOverCapSingleClaim
            | Self::ProjectAtBidThreshold => 2,
            Self::DispatchSlipMissing => 3,
            _ => 1,
        }
    }
}

impl NearMiss {
    pub const ALL: [Self; 18] = [
        Self::ClaimExactlyThirtyDays,
        Self::ClaimThirtyDaysLastSecond,
        Self::AttendanceStartsAtApplication,
        Self::ApplicationLateOnFirstDayNoAttendance,
        Self::ClaimExactlyFourHours,
        Self::SecondApplicationBeforeClaim,
        Self::FormerCadreDayAfterTerm,
        Self::IncomingCadreDayBeforeTerm,
        Self::OtherVillageCadre,
        Self::FormerAndIncomingCadres,
        Self::CumulativePayEqualsCap,
        Self::AdmittedOnFirstDay,
        Self::ExactlyTenHours,
        Self::TouchingShiftsTenHours,
        Self::NightShiftTenHoursClipped,
        Self::ProjectJustBelowThreshold,
        Self::ProjectAmendedBelowThreshold,
        Self::SecondOwnAccount,
    ];

    /// The threshold whose boundary the near miss tests.
    pub fn target(self) -> Threshold {
        use Threshold as T;
        match self {
            Self::AttendanceStartsAtApplication | Self::ApplicationLateOnFirstDayNoAttendance => {
                T::WorkBeforeApplication
            }
            Self::ClaimExactlyFourHours | Self::SecondApplicationBeforeClaim => {
                T::PayDeclaredTooSoon
            }
            Self::FormerCadreDayAfterTerm
            | Self::IncomingCadreDayBeforeTerm
            | Self::OtherVillageCadre => T::CadrePaid,
            Self::FormerAndIncomingCadres => T::CollectiveCadreClaim,
            Self::CumulativePayEqualsCap | Self::AdmittedOnFirstDay => T::WorkerNotInPool,
            Self::ExactlyTenHours
            | Self::TouchingShiftsTenHours
            | Self::NightShiftTenHoursClipped => T::OverlappingWork,
            Self::ProjectJustBelowThreshold | Self::ProjectAmendedBelowThreshold => {
                T::TenderSizeProjectAsLabor
            }
            Self::SecondOwnAccount => T::PayChannel,
            Self::ClaimExactlyThirtyDays | Self::ClaimThirtyDaysLastSecond => {
                T::LateOrIncompleteSettlement
            }
        }
    }

    pub fn variants(self) -> u32 {
        match self {
            Self::CumulativePayEqualsCap => 2,
            _ => 1,
        }
    }
}

impl Case {
    pub fn variants(self) -> u32 {
        match self {
            Case::Normal => 1,
            Case::Anomaly(a) => a.variants(),
            Case::NearMiss(n) => n.variants(),
        }
    }
}

/// Hands out kinds in turn: the first kind that fits goes to the back of the line, so a kind
/// that did not fit is offered again first.
#[derive(Debug, Clone)]
pub struct Rotation<K: Copy> {
    order: Vec<K>,
}

impl<K: Copy> Rotation<K> {
    pub fn new(kinds: &[K]) -> Self {
        Self {
            order: kinds.to_vec(),
        }
    }

    /// The first kind (in turn) for which `fits` returns a value, with that value.
    pub fn take<T>(&mut self, mut fits: impl FnMut(K) -> Option<T>) -> Option<(K, T)> {
        for i in 0..self.order.len() {
            let kind = self.order[i];
            if let Some(value) = fits(kind) {
                self.order.remove(i);
                self.order.push(kind);
                return Some((kind, value));
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn every_labor_threshold_has_anomalies_and_near_misses() {
        let anomalies: BTreeSet<_> = Anomaly::ALL.iter().map(|a| a.target()).collect();
        let near: BTreeSet<_> = NearMiss::ALL.iter().map(|n| n.target()).collect();
        assert_eq!(anomalies.len(), 9);
        assert_eq!(near.len(), 9);
    }

    #[test]
    fn rotation_offers_skipped_kinds_first() {
        let mut r = Rotation::new(&[1, 2, 3]);
        assert_eq!(r.take(|k| (k != 1).then_some(())), Some((2, ())));
        assert_eq!(r.take(|_| Some(())), Some((1, ())));
        assert_eq!(r.take(|_| Some(())), Some((3, ())));
        assert_eq!(r.take(|_| Some(())), Some((2, ())));
    }
}
