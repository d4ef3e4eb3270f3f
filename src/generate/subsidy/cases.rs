//! The subsidy cases the generator plants on a disbursement list: anomalies that must raise one
//! subsidy threshold and near misses that sit on a boundary of one and must stay quiet. The order
//! of `ALL` is the initial rotation: kinds that fit few lists come first (SUB-01's exact ratio
//! fits until the first villager registered as dying during the period dies and the population
//! is no longer a round multiple).

use crate::generate::threshold::Threshold;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ListAnomaly {
    /// SUB-02: a villager who dies during the period is paid on the day of death.
    PaidOnDayOfDeath,
    /// SUB-04: a farmer claims more than 20% over last year's claim (still within the certified
    /// area); needs last year's list.
    ClaimUpSharply,
    /// SUB-04: a farmer claims 0.01 mu over the certified area, or counts the homestead in.
    ClaimAboveCertified,
    /// SUB-01: two or three cadres' relatives (or cadres) among five to eight recipients.
    Favoritism,
    /// SUB-02: a villager who died before the period, still registered as resident.
    DeceasedRecipient,
    /// SUB-02: a villager who moved away (resident = false).
    MovedAwayRecipient,
    /// SUB-03: a recipient listed twice on the list, or again on a supplementary list of the same
    /// subsidy and year.
    PaidTwiceInYear,
    /// SUB-05: two more recipients paid into a third one's account.
    ThreeOnOneAccount,
    /// SUB-06: no notice at all, or the notice published the day after the payment.
    NotNoticed,
    /// SUB-06: the notice published 7 days minus one second before the payment.
    NoticeOneSecondShort,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ListNearMiss {
    /// SUB-02: a villager who dies during the period is paid the day before the death.
    PaidDayBeforeDeath,
    /// SUB-04: a farmer claims exactly 20% more than last year; needs last year's list.
    GrowthExactlyTwentyPercent,
    /// SUB-04: a farmer claims exactly the certified area (the homestead and an uncertified
    /// parcel of the household do not count).
    ClaimEqualsCertified,
    /// SUB-01: cadres and kin exactly at twice their share of the village: K * P == 2 * Kp * N.
    FavoritismAtRatio,
    /// SUB-01: two relatives among four recipients, or one among five to eight.
    FavoritismBelowMinimums,
    /// SUB-03: a supplementary list of the same subsidy and year pays only people not yet paid.
    SupplementNewRecipients,
    /// SUB-05: one more recipient paid into another one's account (a couple's card).
    TwoOnOneAccount,
    /// SUB-06: the notice published exactly 7 days before the payment.
    NoticeExactlySevenDays,
}

impl ListAnomaly {
    pub const ALL: [Self; 10] = [
        Self::PaidOnDayOfDeath,
        Self::ClaimUpSharply,
        Self::ClaimAboveCertified,
        Self::Favoritism,
        Self::DeceasedRecipient,
        Self::PaidTwiceInYear,
        Self::ThreeOnOneAccount,
        Self::NotNoticed,
        Self::MovedAwayRecipient,
        Self::NoticeOneSecondShort,
    ];

    pub fn target(self) -> Threshold {
        match self {
            Self::Favoritism => Threshold::SubsidyFavoritism,
            Self::PaidOnDayOfDeath | Self::DeceasedRecipient | Self::MovedAwayRecipient => {
                Threshold::DeceasedOrMoved
            }
            Self::PaidTwiceInYear => Threshold::SubsidyDuplicate,
            Self::ClaimUpSharply | Self::ClaimAboveCertified => Threshold::AreaInflated,
            Self::ThreeOnOneAccount => Threshold::SharedAccount,
            Self::NotNoticed | Self::NoticeOneSecondShort => Threshold::PaidBeforeNotice,
        }
    }
}

impl ListNearMiss {
    pub const ALL: [Self; 8] = [
        Self::FavoritismAtRatio,
        Self::PaidDayBeforeDeath,
        Self::GrowthExactlyTwentyPercent,
        Self::ClaimEqualsCertified,
        Self::FavoritismBelowMinimums,
        Self::SupplementNewRecipients,
        Self::TwoOnOneAccount,
        Self::NoticeExactlySevenDays,
    ];

    pub fn target(self) -> Threshold {
        match self {
            Self::FavoritismAtRatio | Self::FavoritismBelowMinimums => Threshold::SubsidyFavoritism,
            Self::PaidDayBeforeDeath => Threshold::DeceasedOrMoved,
            Self::SupplementNewRecipients => Threshold::SubsidyDuplicate,
            Self::GrowthExactlyTwentyPercent | Self::ClaimEqualsCertified => {
                Threshold::AreaInflated
            }
            Self::TwoOnOneAccount => Threshold::SharedAccount,
            Self::NoticeExactlySevenDays => Threshold::PaidBeforeNotice,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn every_subsidy_threshold_has_anomalies_and_near_misses() {
        let anomalies: BTreeSet<_> = ListAnomaly::ALL.iter().map(|a| a.target()).collect();
        let near: BTreeSet<_> = ListNearMiss::ALL.iter().map(|n| n.target()).collect();
        let all: BTreeSet<_> = Threshold::of_category("subsidy").collect();
        assert_eq!(anomalies, all);
        assert_eq!(near, all);
    }
}
