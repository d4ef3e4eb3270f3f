//! Typed payloads of events.md §6, one struct per event type, grouped by topic. Struct field
//! names are the contract member names; optional and conditional members are `Option`s.

mod approvals;
mod business;
mod disbursements;
mod finance;
mod governance;
mod labor;
mod projects;
mod registry;
mod supervision;

pub use approvals::*;
pub use business::*;
pub use disbursements::*;
pub use finance::*;
pub use governance::*;
pub use labor::*;
pub use projects::*;
pub use registry::*;
pub use supervision::*;

use super::event_type::EventType;
use super::field::Members;
use super::members;
use super::validate::{Checked, Validate, ValidationContext};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Defines [`Payload`] with one variant per event type; each variant is named like its
/// [`EventType`] and holds the payload struct of the same name.
macro_rules! payloads {
    ($($variant:ident),* $(,)?) => {
        /// The typed payload of an event; the variant always matches the event type.
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum Payload {
            $(
                #[doc = concat!("Payload of [`EventType::", stringify!($variant), "`].")]
                $variant($variant),
            )*
            /// `clock.tick`: no members.
            ClockTick,
        }

        impl Payload {
            /// The event type this payload belongs to.
            pub fn event_type(&self) -> EventType {
                match self {
                    $(Payload::$variant(_) => EventType::$variant,)*
                    Payload::ClockTick => EventType::ClockTick,
                }
            }

            /// Reads the payload JSON object of an event of `event_type`; [`Payload::validate`]
            /// checks the rest.
            pub(crate) fn deserialize_typed<'de, D: Deserializer<'de>>(event_type: EventType, deserializer: D) -> Result<Payload, D::Error> {
                match event_type {
                    $(EventType::$variant => members::object::<D, $variant>(deserializer).map(Payload::$variant),)*
                    EventType::ClockTick => members::object::<D, ClockTickMembers>(deserializer).map(|_| Payload::ClockTick),
                }
            }

            /// Checks the conditional members and constraints of §6.
            pub(crate) fn validate(&self, context: &ValidationContext) -> Checked {
                match self {
                    $(Payload::$variant(content) => content.validate(context),)*
                    Payload::ClockTick => Ok(()),
                }
            }

            /// The member `name` for rule scripts.
            pub(crate) fn member(&self, name: &str) -> Option<rhai::Dynamic> {
                match self {
                    $(Payload::$variant(content) => content.member(name),)*
                    Payload::ClockTick => None,
                }
            }

            /// The member `name` of each item of the list member `list`.
            pub(crate) fn items_member(&self, list: &str, name: &str) -> Option<Vec<Option<rhai::Dynamic>>> {
                match self {
                    $(Payload::$variant(content) => content.items_member(list, name),)*
                    Payload::ClockTick => None,
                }
            }
        }

        impl Serialize for Payload {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    $(Payload::$variant(content) => content.serialize(serializer),)*
                    Payload::ClockTick => serializer.serialize_map(Some(0))?.end(),
                }
            }
        }
    };
}

payloads!(
    ApprovalSubmitted,
    ApprovalStep,
    ApprovalCompleted,
    LaborAttendance,
    LaborClaim,
    FinancePayment,
    FinanceReceipt,
    FinanceCashCount,
    FinanceBudget,
    ProcurementOrder,
    ContractRecorded,
    ReceivableDue,
    LeaseRecorded,
    AssetRecorded,
    ProjectAwarded,
    ConstructionStarted,
    ProjectSettled,
    SealUsed,
    MeetingResolved,
    DisclosurePublished,
    SubsidyDisbursed,
    CompensationAssessed,
    DistributionDisbursed,
    OversightChecked,
    VehicleRefueled,
    ReportFiled,
    ReportAccepted,
    ReportClosed,
    RegistryPerson,
    RegistryCadre,
    RegistryKinship,
    RegistryCompany,
    RegistryLand,
    RegistryCalendar,
);

impl Payload {
    /// `deleted` of a registry payload (`None` when absent or not a registry type).
    pub fn deleted(&self) -> Option<bool> {
        match self {
            Payload::RegistryPerson(content) => content.deleted,
            Payload::RegistryCadre(content) => content.deleted,
            Payload::RegistryKinship(content) => content.deleted,
            Payload::RegistryCompany(content) => content.deleted,
            Payload::RegistryLand(content) => content.deleted,
            Payload::RegistryCalendar(content) => content.deleted,
            _ => None,
        }
    }
}

/// The `clock.tick` payload: every member is ignored.
#[derive(Deserialize)]
#[serde(expecting = "a JSON object")]
struct ClockTickMembers {}
