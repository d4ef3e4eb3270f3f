//! Record keys of events.md §5: which record an event creates or replaces (§7.6).

use super::{Event, Payload};

/// Separates the parts of a record key; it cannot occur in the type name and ids rarely use it.
pub const RECORD_KEY_SEPARATOR: char = '\u{1f}';

impl Event {
    /// The record key per the "Record key" column of §5: the type name followed by the key
    /// members, joined with [`RECORD_KEY_SEPARATOR`], so keys of different types never collide.
    /// `None` for `clock.tick`, which creates no record.
    pub fn record_key(&self) -> Option<String> {
        let rendered: String;
        let parts: Vec<&str> = match &self.payload {
            Payload::ApprovalSubmitted(p) => vec![p.approval_id.as_str()],
            Payload::ApprovalStep(p) => {
                rendered = p.step_no.to_string();
                vec![p.approval_id.as_str(), &rendered, p.action.as_str()]
            }
            Payload::ApprovalCompleted(p) => vec![p.approval_id.as_str()],
            Payload::LaborAttendance(p) => vec![p.attendance_id.as_str()],
            Payload::LaborClaim(p) => vec![p.claim_id.as_str()],
            Payload::FinancePayment(p) => vec![p.payment_id.as_str()],
            Payload::FinanceReceipt(p) => vec![p.receipt_id.as_str()],
            Payload::FinanceCashCount(p) => vec![p.count_id.as_str()],
            Payload::FinanceBudget(p) => vec![p.budget_line_id.as_str()],
            Payload::ProcurementOrder(p) => vec![p.order_id.as_str()],
            Payload::ContractRecorded(p) => vec![p.contract_id.as_str()],
            Payload::ReceivableDue(p) => vec![p.receivable_id.as_str()],
            Payload::LeaseRecorded(p) => vec![p.lease_id.as_str()],
            Payload::AssetRecorded(p) => vec![p.asset_id.as_str()],
            Payload::ProjectAwarded(p) => vec![p.project_id.as_str()],
            // Validation guarantees the id that `target` names is present.
            Payload::ConstructionStarted(p) => vec![
                p.target.as_str(),
                p.target_id().map_or("", |id| id.as_str()),
            ],
            Payload::ProjectSettled(p) => vec![p.project_id.as_str()],
            Payload::SealUsed(p) => vec![p.seal_use_id.as_str()],
            Payload::MeetingResolved(p) => vec![p.resolution_id.as_str()],
            Payload::DisclosurePublished(p) => vec![p.disclosure_id.as_str()],
            Payload::SubsidyDisbursed(p) => vec![p.subsidy_id.as_str()],
            Payload::CompensationAssessed(p) => vec![p.assessment_id.as_str()],
            Payload::DistributionDisbursed(p) => vec![p.disbursement_id.as_str()],
            Payload::OversightChecked(p) => vec![p.check_id.as_str()],
            Payload::VehicleRefueled(p) => vec![p.refuel_id.as_str()],
            Payload::ReportFiled(p) => vec![p.report_id.as_str()],
            Payload::ReportAccepted(p) => vec![p.report_id.as_str()],
            Payload::ReportClosed(p) => vec![p.report_id.as_str()],
            Payload::RegistryPerson(p) => vec![p.person_id.as_str()],
            Payload::RegistryCadre(p) => vec![
                self.village_id.as_str(),
                p.person_id.as_str(),
                p.role.as_str(),
            ],
            Payload::RegistryKinship(p) => vec![p.cadre_id.as_str(), p.relative_id.as_str()],
            Payload::RegistryCompany(p) => vec![p.company_id.as_str()],
            Payload::RegistryLand(p) => vec![p.holding_id.as_str()],
            Payload::RegistryCalendar(p) => {
                rendered = p.date.to_string();
                vec![&rendered]
            }
            Payload::ClockTick => return None,
        };
        let type_name = self.event_type.as_str();
        let mut key = String::with_capacity(
            type_name.len() + parts.iter().map(|part| part.len() + 1).sum::<usize>(),
        );
        key.push_str(type_name);
        for part in parts {
            key.push(RECORD_KEY_SEPARATOR);
            key.push_str(part);
        }
        Some(key)
    }
}
