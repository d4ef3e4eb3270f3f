//! The nine labor thresholds of catalog.yaml (category labor, 劳务用工): ids, codes, dedup keys.

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LaborThreshold {
    WorkBeforeApplication,
    PayDeclaredTooSoon,
    CadrePaid,
    CollectiveCadreClaim,
    WorkerNotInPool,
    OverlappingWork,
    TenderSizeProjectAsLabor,
    PayChannel,
    LateOrIncompleteSettlement,
}

impl LaborThreshold {
    pub const ALL: [Self; 9] = [
        Self::WorkBeforeApplication,
        Self::PayDeclaredTooSoon,
        Self::CadrePaid,
        Self::CollectiveCadreClaim,
        Self::WorkerNotInPool,
        Self::OverlappingWork,
        Self::TenderSizeProjectAsLabor,
        Self::PayChannel,
        Self::LateOrIncompleteSettlement,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Self::WorkBeforeApplication => "labor.work_before_application",
            Self::PayDeclaredTooSoon => "labor.pay_declared_too_soon",
            Self::CadrePaid => "labor.cadre_paid",
            Self::CollectiveCadreClaim => "labor.collective_cadre_claim",
            Self::WorkerNotInPool => "labor.worker_not_in_pool",
            Self::OverlappingWork => "labor.overlapping_work",
            Self::TenderSizeProjectAsLabor => "labor.tender_size_project_as_labor",
            Self::PayChannel => "labor.pay_channel",
            Self::LateOrIncompleteSettlement => "labor.late_or_incomplete_settlement",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::WorkBeforeApplication => "LAB-01",
            Self::PayDeclaredTooSoon => "LAB-02",
            Self::CadrePaid => "LAB-03",
            Self::CollectiveCadreClaim => "LAB-04",
            Self::WorkerNotInPool => "LAB-05",
            Self::OverlappingWork => "LAB-06",
            Self::TenderSizeProjectAsLabor => "LAB-07",
            Self::PayChannel => "LAB-08",
            Self::LateOrIncompleteSettlement => "LAB-09",
        }
    }

    /// The dedup_key members in catalog order.
    pub fn dedup_fields(self) -> &'static [&'static str] {
        match self {
            Self::WorkBeforeApplication
            | Self::CollectiveCadreClaim
            | Self::TenderSizeProjectAsLabor => &["village_id", "job_id"],
            Self::PayDeclaredTooSoon | Self::LateOrIncompleteSettlement => {
                &["village_id", "claim_id"]
            }
            Self::CadrePaid | Self::WorkerNotInPool => &["village_id", "claim_id", "worker_id"],
            Self::OverlappingWork => &["village_id", "worker_id", "day"],
            Self::PayChannel => &["village_id", "payment_id"],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_in_catalog_order() {
        let codes: Vec<&str> = LaborThreshold::ALL.iter().map(|t| t.code()).collect();
        assert_eq!(
            codes,
            [
                "LAB-01", "LAB-02", "LAB-03", "LAB-04", "LAB-05", "LAB-06", "LAB-07", "LAB-08",
                "LAB-09"
            ]
        );
        for t in LaborThreshold::ALL {
            assert!(t.id().starts_with("labor."));
            assert_eq!(t.dedup_fields()[0], "village_id");
        }
    }
}
