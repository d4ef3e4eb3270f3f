//! The catalog thresholds the generator plants (those of `PLANTED_CATEGORIES`, in catalog order
//! within each category): ids, codes, categories and dedup keys.

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Threshold {
    // labor
    WorkBeforeApplication,
    PayDeclaredTooSoon,
    CadrePaid,
    CollectiveCadreClaim,
    WorkerNotInPool,
    OverlappingWork,
    TenderSizeProjectAsLabor,
    PayChannel,
    LateOrIncompleteSettlement,
    // seal
    StampedWithoutApproval,
    StampCountExceeded,
    DocumentMismatch,
    MatterNotLinked,
    SealApplicationOverdue,
    // finance
    LargeCashPayment,
    CashOnHandExcess,
    LateDeposit,
    PaidBeforeApproval,
    SelfApproval,
    DuplicatePayment,
    MissingInvoice,
    BudgetOverrun,
    // procurement
    SplitPurchase,
    NoCompetition,
    RelatedSupplier,
    ContractAfterDelivery,
    PriceAboveReference,
    SupplierConcentration,
    // contract
    ContractOverpaid,
    PaymentWithoutContract,
    ContractEnteredLate,
    ReceivableOverdue,
    SupplementWithoutResolution,
    // assets
    RentOverdue,
    LeaseExpiredUnresolved,
    LeaseExpiring,
    LeaseNotViaExchange,
    RentDrop,
    AreaMismatch,
    LongIdle,
    // project
    OffBookPayment,
    SplitProject,
    TenderBypassed,
    StartedPrematurely,
    ContractorNotWinner,
    MoneyReturned,
    RelatedBidder,
    BuilderMismatch,
    SettlementOverrun,
    // decision
    NoFiveStep,
    LowAttendance,
    AfterTheFact,
    ResolutionNotPublished,
    SupervisionSkipped,
    // disclosure
    FinanceOverdue,
    MajorMatterOverdue,
    TotalsMismatch,
    Unreviewed,
    ItemMissing,
    // subsidy
    SubsidyFavoritism,
    DeceasedOrMoved,
    SubsidyDuplicate,
    AreaInflated,
    SharedAccount,
    PaidBeforeNotice,
    // compensation
    NoLand,
    SeedlingDensity,
    NoStaffPresent,
    ProxyCollection,
    ExcessGraves,
    // homestead
    MultipleHomesteads,
    BuiltBeforeApproval,
    Oversize,
    HomesteadApprovalOverdue,
    // conflict
    KinCounterparty,
    KinPayee,
    DeclarationStale,
    ControlledFirm,
    // expense
    HospitalityOverLimit,
    AllowanceOverStandard,
    FestivalPayment,
    AbnormalRefueling,
    // distribution
    NoAssemblyResolution,
    IneligibleRecipient,
    OverDistributable,
    // oversight
    SignoffOverdue,
    QuarterlyCheckMissing,
    ConflictedSupervisor,
    // complaint
    ReportNotAccepted,
    RepeatedOrUnsatisfied,
}

struct Spec {
    code: &'static str,
    id: &'static str,
    dedup: &'static [&'static str],
}

const fn spec(code: &'static str, id: &'static str, dedup: &'static [&'static str]) -> Spec {
    Spec { code, id, dedup }
}

const VILLAGE_JOB: &[&str] = &["village_id", "job_id"];
const VILLAGE_CLAIM: &[&str] = &["village_id", "claim_id"];
const VILLAGE_CLAIM_WORKER: &[&str] = &["village_id", "claim_id", "worker_id"];
const VILLAGE_PAYMENT: &[&str] = &["village_id", "payment_id"];
const VILLAGE_SEAL_USE: &[&str] = &["village_id", "seal_use_id"];
const VILLAGE_APPROVAL: &[&str] = &["village_id", "approval_id"];
const VILLAGE_ORDER: &[&str] = &["village_id", "order_id"];
const VILLAGE_CONTRACT: &[&str] = &["village_id", "contract_id"];
const VILLAGE_RECEIVABLE: &[&str] = &["village_id", "receivable_id"];
const VILLAGE_LEASE: &[&str] = &["village_id", "lease_id"];
const VILLAGE_PROJECT: &[&str] = &["village_id", "project_id"];
const VILLAGE_RESOLUTION: &[&str] = &["village_id", "resolution_id"];
const VILLAGE_DISCLOSURE: &[&str] = &["village_id", "disclosure_id"];
const VILLAGE_SUBSIDY: &[&str] = &["village_id", "subsidy_id"];
const VILLAGE_ASSESSMENT: &[&str] = &["village_id", "assessment_id"];
const VILLAGE_HOMESTEAD: &[&str] = &["village_id", "homestead_id"];
const VILLAGE_DISTRIBUTION: &[&str] = &["village_id", "distribution_id"];

/// In declaration order of [`Threshold`].
const SPECS: [Spec; 90] = [
    spec("LAB-01", "labor.work_before_application", VILLAGE_JOB),
    spec("LAB-02", "labor.pay_declared_too_soon", VILLAGE_CLAIM),
    spec("LAB-03", "labor.cadre_paid", VILLAGE_CLAIM_WORKER),
    spec("LAB-04", "labor.collective_cadre_claim", VILLAGE_JOB),
    spec("LAB-05", "labor.worker_not_in_pool", VILLAGE_CLAIM_WORKER),
    spec(
        "LAB-06",
        "labor.overlapping_work",
        &["village_id", "worker_id", "day"],
    ),
    spec("LAB-07", "labor.tender_size_project_as_labor", VILLAGE_JOB),
    spec("LAB-08", "labor.pay_channel", VILLAGE_PAYMENT),
    spec(
        "LAB-09",
        "labor.late_or_incomplete_settlement",
        VILLAGE_CLAIM,
    ),
    spec("SEA-01", "seal.stamped_without_approval", VILLAGE_SEAL_USE),
    spec("SEA-02", "seal.stamp_count_exceeded", VILLAGE_APPROVAL),
    spec("SEA-03", "seal.document_mismatch", VILLAGE_SEAL_USE),
    spec("SEA-04", "seal.matter_not_linked", VILLAGE_APPROVAL),
    spec("SEA-05", "seal.application_overdue", VILLAGE_APPROVAL),
    spec("FIN-01", "finance.large_cash_payment", VILLAGE_PAYMENT),
    spec(
        "FIN-02",
        "finance.cash_on_hand_excess",
        &["village_id", "count_id"],
    ),
    spec(
        "FIN-03",
        "finance.late_deposit",
        &["village_id", "receipt_id"],
    ),
    spec("FIN-04", "finance.paid_before_approval", VILLAGE_PAYMENT),
    spec("FIN-05", "finance.self_approval", VILLAGE_APPROVAL),
    spec("FIN-06", "finance.duplicate_payment", VILLAGE_PAYMENT),
    spec("FIN-07", "finance.missing_invoice", VILLAGE_PAYMENT),
    spec(
        "FIN-08",
        "finance.budget_overrun",
        &["village_id", "budget_line_id"],
    ),
    spec(
        "PRC-01",
        "procurement.split_purchase",
        &["village_id", "supplier_id", "category", "anchor_order_id"],
    ),
    spec("PRC-02", "procurement.no_competition", VILLAGE_ORDER),
    spec("PRC-03", "procurement.related_supplier", VILLAGE_ORDER),
    spec(
        "PRC-04",
        "procurement.contract_after_delivery",
        VILLAGE_ORDER,
    ),
    spec("PRC-05", "procurement.price_above_reference", VILLAGE_ORDER),
    spec(
        "PRC-06",
        "procurement.supplier_concentration",
        &["village_id", "supplier_id", "year"],
    ),
    spec("CON-01", "contract.overpaid", VILLAGE_CONTRACT),
    spec(
        "CON-02",
        "contract.payment_without_contract",
        VILLAGE_PAYMENT,
    ),
    spec("CON-03", "contract.late_entry", VILLAGE_CONTRACT),
    spec("CON-04", "contract.receivable_overdue", VILLAGE_RECEIVABLE),
    spec(
        "CON-05",
        "contract.supplement_without_resolution",
        &["village_id", "parent_contract_id"],
    ),
    spec("AST-01", "assets.rent_overdue", VILLAGE_RECEIVABLE),
    spec("AST-02", "assets.lease_expired_unresolved", VILLAGE_LEASE),
    spec("AST-03", "assets.lease_expiring", VILLAGE_LEASE),
    spec("AST-04", "assets.lease_not_via_exchange", VILLAGE_LEASE),
    spec("AST-05", "assets.rent_drop", VILLAGE_LEASE),
    spec(
        "AST-06",
        "assets.area_mismatch",
        &["village_id", "asset_id"],
    ),
    spec(
        "AST-07",
        "assets.long_idle",
        &["village_id", "asset_id", "status_since"],
    ),
    spec("PRJ-01", "project.off_book_payment", VILLAGE_PAYMENT),
    spec(
        "PRJ-02",
        "project.split_project",
        &["village_id", "anchor_project_id"],
    ),
    spec(
        "PRJ-03",
        "project.tender_bypassed",
        &["village_id", "subject_id"],
    ),
    spec("PRJ-04", "project.started_prematurely", VILLAGE_PROJECT),
    spec("PRJ-05", "project.contractor_not_winner", VILLAGE_PROJECT),
    spec(
        "PRJ-06",
        "project.money_returned",
        &["village_id", "receipt_id"],
    ),
    spec(
        "PRJ-07",
        "project.related_bidder",
        &["village_id", "project_id", "bidder_id"],
    ),
    spec(
        "PRJ-08",
        "project.builder_mismatch",
        &["village_id", "project_id", "builder_id"],
    ),
    spec("PRJ-09", "project.settlement_overrun", VILLAGE_PROJECT),
    spec("DEC-01", "decision.no_five_step", VILLAGE_APPROVAL),
    spec("DEC-02", "decision.low_attendance", VILLAGE_RESOLUTION),
    spec(
        "DEC-03",
        "decision.after_the_fact",
        &["village_id", "resolution_id", "subject_id"],
    ),
    spec(
        "DEC-04",
        "decision.resolution_not_published",
        VILLAGE_RESOLUTION,
    ),
    spec("DEC-05", "decision.supervision_skipped", VILLAGE_APPROVAL),
    spec(
        "DIS-01",
        "disclosure.finance_overdue",
        &["village_id", "period"],
    ),
    spec(
        "DIS-02",
        "disclosure.major_matter_overdue",
        VILLAGE_APPROVAL,
    ),
    spec("DIS-03", "disclosure.totals_mismatch", VILLAGE_DISCLOSURE),
    spec("DIS-04", "disclosure.unreviewed", VILLAGE_DISCLOSURE),
    spec(
        "DIS-05",
        "disclosure.item_missing",
        &["village_id", "period", "item_type"],
    ),
    spec("SUB-01", "subsidy.favoritism", VILLAGE_SUBSIDY),
    spec(
        "SUB-02",
        "subsidy.deceased_or_moved",
        &["village_id", "subsidy_id", "recipient_id"],
    ),
    spec(
        "SUB-03",
        "subsidy.duplicate",
        &["village_id", "recipient_id", "subsidy_type", "year"],
    ),
    spec(
        "SUB-04",
        "subsidy.area_inflated",
        &["village_id", "subsidy_id", "recipient_id"],
    ),
    spec(
        "SUB-05",
        "subsidy.shared_account",
        &["village_id", "account_no", "year"],
    ),
    spec("SUB-06", "subsidy.paid_before_notice", VILLAGE_SUBSIDY),
    spec("CMP-01", "compensation.no_land", VILLAGE_ASSESSMENT),
    spec(
        "CMP-02",
        "compensation.seedling_density",
        VILLAGE_ASSESSMENT,
    ),
    spec(
        "CMP-03",
        "compensation.no_staff_present",
        VILLAGE_ASSESSMENT,
    ),
    spec(
        "CMP-04",
        "compensation.proxy_collection",
        &["village_id", "scheme_id", "payee_id"],
    ),
    spec(
        "CMP-05",
        "compensation.excess_graves",
        &["village_id", "scheme_id", "household_id"],
    ),
    spec("HOM-01", "homestead.multiple_homesteads", VILLAGE_HOMESTEAD),
    spec(
        "HOM-02",
        "homestead.built_before_approval",
        VILLAGE_HOMESTEAD,
    ),
    spec("HOM-03", "homestead.oversize", VILLAGE_HOMESTEAD),
    spec("HOM-04", "homestead.approval_overdue", VILLAGE_HOMESTEAD),
    spec(
        "COI-01",
        "conflict.kin_counterparty",
        &["village_id", "record_type", "record_id"],
    ),
    spec(
        "COI-02",
        "conflict.kin_payee",
        &["village_id", "payee_id", "year"],
    ),
    spec(
        "COI-03",
        "conflict.declaration_stale",
        &["village_id", "cadre_id", "due"],
    ),
    spec(
        "COI-04",
        "conflict.controlled_firm",
        &["village_id", "counterparty_id"],
    ),
    spec(
        "EXP-01",
        "expense.hospitality_over_limit",
        &["village_id", "year"],
    ),
    spec(
        "EXP-02",
        "expense.allowance_over_standard",
        &["village_id", "payee_id", "year"],
    ),
    spec("EXP-03", "expense.festival_payment", VILLAGE_PAYMENT),
    spec(
        "EXP-04",
        "expense.abnormal_refueling",
        &["village_id", "vehicle_id", "anchor_refuel_id"],
    ),
    spec(
        "DST-01",
        "distribution.no_assembly_resolution",
        VILLAGE_DISTRIBUTION,
    ),
    spec(
        "DST-02",
        "distribution.ineligible_recipient",
        &["village_id", "distribution_id", "recipient_id"],
    ),
    spec(
        "DST-03",
        "distribution.over_distributable",
        VILLAGE_DISTRIBUTION,
    ),
    spec(
        "OVS-01",
        "oversight.signoff_overdue",
        &["village_id", "approval_id", "step_no"],
    ),
    spec(
        "OVS-02",
        "oversight.quarterly_check_missing",
        &["village_id", "period"],
    ),
    spec(
        "OVS-03",
        "oversight.conflicted_supervisor",
        &["village_id", "approval_id", "actor_id"],
    ),
    spec(
        "CPL-01",
        "complaint.not_accepted",
        &["village_id", "report_id"],
    ),
    spec(
        "CPL-02",
        "complaint.repeated_or_unsatisfied",
        &["village_id", "root_report_id"],
    ),
];

impl Threshold {
    pub const ALL: [Self; 90] = [
        Self::WorkBeforeApplication,
        Self::PayDeclaredTooSoon,
        Self::CadrePaid,
        Self::CollectiveCadreClaim,
        Self::WorkerNotInPool,
        Self::OverlappingWork,
        Self::TenderSizeProjectAsLabor,
        Self::PayChannel,
        Self::LateOrIncompleteSettlement,
        Self::StampedWithoutApproval,
        Self::StampCountExceeded,
        Self::DocumentMismatch,
        Self::MatterNotLinked,
        Self::SealApplicationOverdue,
        Self::LargeCashPayment,
        Self::CashOnHandExcess,
        Self::LateDeposit,
        Self::PaidBeforeApproval,
        Self::SelfApproval,
        Self::DuplicatePayment,
        Self::MissingInvoice,
        Self::BudgetOverrun,
        Self::SplitPurchase,
        Self::NoCompetition,
        Self::RelatedSupplier,
        Self::ContractAfterDelivery,
        Self::PriceAboveReference,
        Self::SupplierConcentration,
        Self::ContractOverpaid,
        Self::PaymentWithoutContract,
        Self::ContractEnteredLate,
        Self::ReceivableOverdue,
        Self::SupplementWithoutResolution,
        Self::RentOverdue,
        Self::LeaseExpiredUnresolved,
        Self::LeaseExpiring,
        Self::LeaseNotViaExchange,
        Self::RentDrop,
        Self::AreaMismatch,
        Self::LongIdle,
        Self::OffBookPayment,
        Self::SplitProject,
        Self::TenderBypassed,
        Self::StartedPrematurely,
        Self::ContractorNotWinner,
        Self::MoneyReturned,
        Self::RelatedBidder,
        Self::BuilderMismatch,
        Self::SettlementOverrun,
        Self::NoFiveStep,
        Self::LowAttendance,
        Self::AfterTheFact,
        Self::ResolutionNotPublished,
        Self::SupervisionSkipped,
        Self::FinanceOverdue,
        Self::MajorMatterOverdue,
        Self::TotalsMismatch,
        Self::Unreviewed,
        Self::ItemMissing,
        Self::SubsidyFavoritism,
        Self::DeceasedOrMoved,
        Self::SubsidyDuplicate,
        Self::AreaInflated,
        Self::SharedAccount,
        Self::PaidBeforeNotice,
        Self::NoLand,
        Self::SeedlingDensity,
        Self::NoStaffPresent,
        Self::ProxyCollection,
        Self::ExcessGraves,
        Self::MultipleHomesteads,
        Self::BuiltBeforeApproval,
        Self::Oversize,
        Self::HomesteadApprovalOverdue,
        Self::KinCounterparty,
        Self::KinPayee,
        Self::DeclarationStale,
        Self::ControlledFirm,
        Self::HospitalityOverLimit,
        Self::AllowanceOverStandard,
        Self::FestivalPayment,
        Self::AbnormalRefueling,
        Self::NoAssemblyResolution,
        Self::IneligibleRecipient,
        Self::OverDistributable,
        Self::SignoffOverdue,
        Self::QuarterlyCheckMissing,
        Self::ConflictedSupervisor,
        Self::ReportNotAccepted,
        Self::RepeatedOrUnsatisfied,
    ];

    /// The nine labor thresholds, in catalog order.
    pub const LABOR: [Self; 9] = [
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

    fn spec(self) -> &'static Spec {
        &SPECS[self as usize]
    }

    pub fn id(self) -> &'static str {
        self.spec().id
    }

    pub fn code(self) -> &'static str {
        self.spec().code
    }

    /// The catalog category key (`labor`, `seal`, ...): the part of the id before the dot.
    pub fn category(self) -> &'static str {
        let id = self.id();
        &id[..id.find('.').expect("ids are category.name")]
    }

    /// The dedup_key members in catalog order.
    pub fn dedup_fields(self) -> &'static [&'static str] {
        self.spec().dedup
    }

    /// The thresholds of one category, in catalog order.
    pub fn of_category(category: &str) -> impl Iterator<Item = Self> + '_ {
        Self::ALL
            .into_iter()
            .filter(move |t| t.category() == category)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_follow_the_catalog() {
        let codes: Vec<&str> = Threshold::LABOR.iter().map(|t| t.code()).collect();
        assert_eq!(
            codes,
            [
                "LAB-01", "LAB-02", "LAB-03", "LAB-04", "LAB-05", "LAB-06", "LAB-07", "LAB-08",
                "LAB-09"
            ]
        );
        let prefixes = [
            ("labor", "LAB-"),
            ("seal", "SEA-"),
            ("finance", "FIN-"),
            ("procurement", "PRC-"),
            ("contract", "CON-"),
            ("assets", "AST-"),
            ("project", "PRJ-"),
            ("decision", "DEC-"),
            ("disclosure", "DIS-"),
            ("subsidy", "SUB-"),
            ("compensation", "CMP-"),
            ("homestead", "HOM-"),
            ("conflict", "COI-"),
            ("expense", "EXP-"),
            ("distribution", "DST-"),
            ("oversight", "OVS-"),
            ("complaint", "CPL-"),
        ];
        for (n, t) in Threshold::ALL.into_iter().enumerate() {
            assert_eq!(t as usize, n, "ALL is in declaration order");
            let prefix = prefixes
                .iter()
                .find(|(category, _)| *category == t.category())
                .map(|(_, prefix)| *prefix)
                .expect("a planted category");
            assert!(t.code().starts_with(prefix), "{}", t.code());
            assert_eq!(t.dedup_fields()[0], "village_id");
        }
        assert_eq!(Threshold::of_category("seal").count(), 5);
        assert_eq!(Threshold::of_category("finance").count(), 8);
        assert_eq!(Threshold::of_category("procurement").count(), 6);
        assert_eq!(Threshold::of_category("contract").count(), 5);
        assert_eq!(Threshold::of_category("assets").count(), 7);
        assert_eq!(Threshold::of_category("project").count(), 9);
        assert_eq!(Threshold::of_category("decision").count(), 5);
        assert_eq!(Threshold::of_category("disclosure").count(), 5);
        assert_eq!(Threshold::of_category("subsidy").count(), 6);
        assert_eq!(Threshold::of_category("compensation").count(), 5);
        assert_eq!(Threshold::of_category("homestead").count(), 4);
        assert_eq!(Threshold::of_category("conflict").count(), 4);
        assert_eq!(Threshold::of_category("expense").count(), 4);
        assert_eq!(Threshold::of_category("distribution").count(), 3);
        assert_eq!(Threshold::of_category("oversight").count(), 3);
        assert_eq!(Threshold::of_category("complaint").count(), 2);
    }
}
