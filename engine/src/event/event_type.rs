//! The 35 event types of events.md §5 with their topics.

use serde::{Serialize, Serializer};
use std::fmt;
use std::sync::LazyLock;

/// Topic of the approval workflow events.
pub const TOPIC_APPROVALS: &str = "cunwu.approvals";
/// Topic of labor attendance and pay declarations.
pub const TOPIC_LABOR: &str = "cunwu.labor";
/// Topic of money movements, cash counts and budgets.
pub const TOPIC_FINANCE: &str = "cunwu.finance";
/// Topic of business records.
pub const TOPIC_BUSINESS: &str = "cunwu.business";
/// Topic of citizen reports.
pub const TOPIC_SUPERVISION: &str = "cunwu.supervision";
/// Topic of reference data and the clock tick.
pub const TOPIC_REGISTRY: &str = "cunwu.registry";

/// One of the 35 event types; dispatch is on the type, not on the topic.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EventType {
    /// `approval.submitted`
    ApprovalSubmitted,
    /// `approval.step`
    ApprovalStep,
    /// `approval.completed`
    ApprovalCompleted,
    /// `labor.attendance`
    LaborAttendance,
    /// `labor.claim`
    LaborClaim,
    /// `finance.payment`
    FinancePayment,
    /// `finance.receipt`
    FinanceReceipt,
    /// `finance.cash_count`
    FinanceCashCount,
    /// `finance.budget`
    FinanceBudget,
    /// `procurement.order`
    ProcurementOrder,
    /// `contract.recorded`
    ContractRecorded,
    /// `receivable.due`
    ReceivableDue,
    /// `lease.recorded`
    LeaseRecorded,
    /// `asset.recorded`
    AssetRecorded,
    /// `project.awarded`
    ProjectAwarded,
    /// `construction.started`
    ConstructionStarted,
    /// `project.settled`
    ProjectSettled,
    /// `seal.used`
    SealUsed,
    /// `meeting.resolved`
    MeetingResolved,
    /// `disclosure.published`
    DisclosurePublished,
    /// `subsidy.disbursed`
    SubsidyDisbursed,
    /// `compensation.assessed`
    CompensationAssessed,
    /// `distribution.disbursed`
    DistributionDisbursed,
    /// `oversight.checked`
    OversightChecked,
    /// `vehicle.refueled`
    VehicleRefueled,
    /// `report.filed`
    ReportFiled,
    /// `report.accepted`
    ReportAccepted,
    /// `report.closed`
    ReportClosed,
    /// `registry.person`
    RegistryPerson,
    /// `registry.cadre`
    RegistryCadre,
    /// `registry.kinship`
    RegistryKinship,
    /// `registry.company`
    RegistryCompany,
    /// `registry.land`
    RegistryLand,
    /// `registry.calendar`
    RegistryCalendar,
    /// `clock.tick`
    ClockTick,
}

impl EventType {
    /// Every type, in the order of events.md §5.
    pub const ALL: [EventType; 35] = [
        EventType::ApprovalSubmitted,
        EventType::ApprovalStep,
        EventType::ApprovalCompleted,
        EventType::LaborAttendance,
        EventType::LaborClaim,
        EventType::FinancePayment,
        EventType::FinanceReceipt,
        EventType::FinanceCashCount,
        EventType::FinanceBudget,
        EventType::ProcurementOrder,
        EventType::ContractRecorded,
        EventType::ReceivableDue,
        EventType::LeaseRecorded,
        EventType::AssetRecorded,
        EventType::ProjectAwarded,
        EventType::ConstructionStarted,
        EventType::ProjectSettled,
        EventType::SealUsed,
        EventType::MeetingResolved,
        EventType::DisclosurePublished,
        EventType::SubsidyDisbursed,
        EventType::CompensationAssessed,
        EventType::DistributionDisbursed,
        EventType::OversightChecked,
        EventType::VehicleRefueled,
        EventType::ReportFiled,
        EventType::ReportAccepted,
        EventType::ReportClosed,
        EventType::RegistryPerson,
        EventType::RegistryCadre,
        EventType::RegistryKinship,
        EventType::RegistryCompany,
        EventType::RegistryLand,
        EventType::RegistryCalendar,
        EventType::ClockTick,
    ];

    /// [`Self::as_str`] as a script string, shared rather than allocated on every read: scripts
    /// dispatch on `ev.event_type` at the top of nearly every call.
    pub fn script_name(self) -> rhai::ImmutableString {
        static NAMES: LazyLock<Vec<rhai::ImmutableString>> = LazyLock::new(|| {
            EventType::ALL
                .iter()
                .map(|t| rhai::ImmutableString::from(t.as_str()))
                .collect()
        });
        NAMES[self as usize].clone()
    }

    /// The function a script may define to handle this type alone: `on_approval_step` for
    /// `approval.step`. It is called instead of `on_event`, one script call fewer than an
    /// `on_event` that dispatches on `ev.event_type`.
    pub fn handler_name(self) -> &'static str {
        static NAMES: LazyLock<Vec<String>> = LazyLock::new(|| {
            EventType::ALL
                .iter()
                .map(|t| format!("on_{}", t.as_str().replace('.', "_")))
                .collect()
        });
        &NAMES[self as usize]
    }

    /// The type name as written in the envelope `type`, e.g. `approval.submitted`.
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::ApprovalSubmitted => "approval.submitted",
            EventType::ApprovalStep => "approval.step",
            EventType::ApprovalCompleted => "approval.completed",
            EventType::LaborAttendance => "labor.attendance",
            EventType::LaborClaim => "labor.claim",
            EventType::FinancePayment => "finance.payment",
            EventType::FinanceReceipt => "finance.receipt",
            EventType::FinanceCashCount => "finance.cash_count",
            EventType::FinanceBudget => "finance.budget",
            EventType::ProcurementOrder => "procurement.order",
            EventType::ContractRecorded => "contract.recorded",
            EventType::ReceivableDue => "receivable.due",
            EventType::LeaseRecorded => "lease.recorded",
            EventType::AssetRecorded => "asset.recorded",
            EventType::ProjectAwarded => "project.awarded",
            EventType::ConstructionStarted => "construction.started",
            EventType::ProjectSettled => "project.settled",
            EventType::SealUsed => "seal.used",
            EventType::MeetingResolved => "meeting.resolved",
            EventType::DisclosurePublished => "disclosure.published",
            EventType::SubsidyDisbursed => "subsidy.disbursed",
            EventType::CompensationAssessed => "compensation.assessed",
            EventType::DistributionDisbursed => "distribution.disbursed",
            EventType::OversightChecked => "oversight.checked",
            EventType::VehicleRefueled => "vehicle.refueled",
            EventType::ReportFiled => "report.filed",
            EventType::ReportAccepted => "report.accepted",
            EventType::ReportClosed => "report.closed",
            EventType::RegistryPerson => "registry.person",
            EventType::RegistryCadre => "registry.cadre",
            EventType::RegistryKinship => "registry.kinship",
            EventType::RegistryCompany => "registry.company",
            EventType::RegistryLand => "registry.land",
            EventType::RegistryCalendar => "registry.calendar",
            EventType::ClockTick => "clock.tick",
        }
    }

    /// The type named `name`, if it is one of the 35.
    pub fn parse(name: &str) -> Option<EventType> {
        Some(match name {
            "approval.submitted" => EventType::ApprovalSubmitted,
            "approval.step" => EventType::ApprovalStep,
            "approval.completed" => EventType::ApprovalCompleted,
            "labor.attendance" => EventType::LaborAttendance,
            "labor.claim" => EventType::LaborClaim,
            "finance.payment" => EventType::FinancePayment,
            "finance.receipt" => EventType::FinanceReceipt,
            "finance.cash_count" => EventType::FinanceCashCount,
            "finance.budget" => EventType::FinanceBudget,
            "procurement.order" => EventType::ProcurementOrder,
            "contract.recorded" => EventType::ContractRecorded,
            "receivable.due" => EventType::ReceivableDue,
            "lease.recorded" => EventType::LeaseRecorded,
            "asset.recorded" => EventType::AssetRecorded,
            "project.awarded" => EventType::ProjectAwarded,
            "construction.started" => EventType::ConstructionStarted,
            "project.settled" => EventType::ProjectSettled,
            "seal.used" => EventType::SealUsed,
            "meeting.resolved" => EventType::MeetingResolved,
            "disclosure.published" => EventType::DisclosurePublished,
            "subsidy.disbursed" => EventType::SubsidyDisbursed,
            "compensation.assessed" => EventType::CompensationAssessed,
            "distribution.disbursed" => EventType::DistributionDisbursed,
            "oversight.checked" => EventType::OversightChecked,
            "vehicle.refueled" => EventType::VehicleRefueled,
            "report.filed" => EventType::ReportFiled,
            "report.accepted" => EventType::ReportAccepted,
            "report.closed" => EventType::ReportClosed,
            "registry.person" => EventType::RegistryPerson,
            "registry.cadre" => EventType::RegistryCadre,
            "registry.kinship" => EventType::RegistryKinship,
            "registry.company" => EventType::RegistryCompany,
            "registry.land" => EventType::RegistryLand,
            "registry.calendar" => EventType::RegistryCalendar,
            "clock.tick" => EventType::ClockTick,
            _ => return None,
        })
    }

    /// The topic events.md §5 publishes the type on.
    pub fn topic(self) -> &'static str {
        match self {
            EventType::ApprovalSubmitted
            | EventType::ApprovalStep
            | EventType::ApprovalCompleted => TOPIC_APPROVALS,
            EventType::LaborAttendance | EventType::LaborClaim => TOPIC_LABOR,
            EventType::FinancePayment
            | EventType::FinanceReceipt
            | EventType::FinanceCashCount
            | EventType::FinanceBudget => TOPIC_FINANCE,
            EventType::ReportFiled | EventType::ReportAccepted | EventType::ReportClosed => {
                TOPIC_SUPERVISION
            }
            EventType::RegistryPerson
            | EventType::RegistryCadre
            | EventType::RegistryKinship
            | EventType::RegistryCompany
            | EventType::RegistryLand
            | EventType::RegistryCalendar
            | EventType::ClockTick => TOPIC_REGISTRY,
            EventType::ProcurementOrder
            | EventType::ContractRecorded
            | EventType::ReceivableDue
            | EventType::LeaseRecorded
            | EventType::AssetRecorded
            | EventType::ProjectAwarded
            | EventType::ConstructionStarted
            | EventType::ProjectSettled
            | EventType::SealUsed
            | EventType::MeetingResolved
            | EventType::DisclosurePublished
            | EventType::SubsidyDisbursed
            | EventType::CompensationAssessed
            | EventType::DistributionDisbursed
            | EventType::OversightChecked
            | EventType::VehicleRefueled => TOPIC_BUSINESS,
        }
    }

    /// True for the cunwu.registry types, `clock.tick` included.
    pub fn is_registry(self) -> bool {
        self.topic() == TOPIC_REGISTRY
    }

    /// True for the types that may use `*` as `township_id` and `village_id` (global records).
    pub fn allows_global(self) -> bool {
        matches!(
            self,
            EventType::RegistryCompany | EventType::RegistryCalendar | EventType::ClockTick
        )
    }
}

impl fmt::Display for EventType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for EventType {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_names_are_the_type_names() {
        for event_type in EventType::ALL {
            assert_eq!(event_type.script_name().as_str(), event_type.as_str());
        }
    }

    #[test]
    fn handler_names_are_script_identifiers() {
        assert_eq!(EventType::ApprovalStep.handler_name(), "on_approval_step");
        assert_eq!(
            EventType::FinancePayment.handler_name(),
            "on_finance_payment"
        );
        for event_type in EventType::ALL {
            let name = event_type.handler_name();
            assert!(
                name.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{name}"
            );
        }
    }

    #[test]
    fn names_round_trip_and_are_distinct() {
        let mut names: Vec<&str> = EventType::ALL.iter().map(|t| t.as_str()).collect();
        for event_type in EventType::ALL {
            assert_eq!(EventType::parse(event_type.as_str()), Some(event_type));
        }
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), 35);
        assert_eq!(EventType::parse("approval.Submitted"), None);
    }

    #[test]
    fn topics_follow_the_contract_table() {
        let count = |topic: &str| EventType::ALL.iter().filter(|t| t.topic() == topic).count();
        assert_eq!(count(TOPIC_APPROVALS), 3);
        assert_eq!(count(TOPIC_LABOR), 2);
        assert_eq!(count(TOPIC_FINANCE), 4);
        assert_eq!(count(TOPIC_BUSINESS), 16);
        assert_eq!(count(TOPIC_SUPERVISION), 3);
        assert_eq!(count(TOPIC_REGISTRY), 7);
        assert!(EventType::ClockTick.is_registry());
        assert!(!EventType::FinancePayment.is_registry());
        let global: Vec<EventType> = EventType::ALL
            .into_iter()
            .filter(|t| t.allows_global())
            .collect();
        assert_eq!(
            global,
            [
                EventType::RegistryCompany,
                EventType::RegistryCalendar,
                EventType::ClockTick
            ]
        );
    }
}
