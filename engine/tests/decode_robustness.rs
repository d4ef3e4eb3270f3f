//! The decoder against the input contract (events.md): the §9 examples, one complete line per
//! event type, every rejection reason with its member path, and random input.

use mingjing_engine::event::{
    decode, ApprovalKind, DecodeOptions, Decoded, Event, EventType, MoneyMethod, Payload,
    RejectReason, Rejection,
};
use mingjing_engine::values::{Date, Decimal, Money, Period, Timestamp};
use proptest::prelude::*;
use serde_json::Value;

/// The examples of events.md §9, verbatim.
const CONTRACT_EXAMPLES: [&str; 7] = [
    r#"{"event_id":"ev-20220425-000101","type":"approval.submitted","occurred_at":"2022-04-25T09:30:00+08:00","township_id":"ts-01","village_id":"vl-0107","payload":{"approval_id":"ap-7781","kind":"labor","subject_id":"job-2022-041","title":"清理河道杂草 临时用工","applicant_id":"p-10233","amount":2400.00,"project_id":"prj-2022-009"}}"#,
    r#"{"event_id":"ev-20220425-000188","type":"labor.claim","occurred_at":"2022-04-25T11:30:00+08:00","township_id":"ts-01","village_id":"vl-0107","payload":{"claim_id":"cl-5521","job_id":"job-2022-041","work_start_date":"2022-04-25","work_end_date":"2022-04-25","lines":[{"worker_id":"p-10401","amount":240.00},{"worker_id":"p-10402","amount":210.00}],"total_amount":450.00,"dispatch_slip_id":"ds-3301","signatures_complete":true}}"#,
    r#"{"event_id":"ev-20220428-000012","type":"finance.payment","occurred_at":"2022-04-28T15:02:11+08:00","township_id":"ts-01","village_id":"vl-0107","payload":{"payment_id":"pay-90113","amount":450.00,"method":"bank","payee_id":"p-10401","payee_type":"person","account_no":"6217000012345678","purpose":"labor","approval_id":"ap-7790","claim_id":"cl-5521"}}"#,
    r#"{"event_id":"ev-20220502-000031","type":"contract.recorded","occurred_at":"2022-05-02T10:15:00+08:00","township_id":"ts-01","village_id":"vl-0107","payload":{"contract_id":"ct-2022-017","contract_type":"construction","subject_id":"prj-2022-009","title":"村道硬化工程施工合同","party_b_id":"co-3380","party_b_type":"company","amount":93400.00,"signed_on":"2022-04-20"}}"#,
    r#"{"event_id":"ev-20220506-000007","type":"report.filed","occurred_at":"2022-05-06T20:41:09+08:00","township_id":"ts-01","village_id":"vl-0107","payload":{"report_id":"rp-1204","topic":"工程建设","subject_ref":"prj-2022-009","summary":"村道硬化工程施工方不是公示的中标单位"}}"#,
    r#"{"event_id":"ev-20220110-000003","type":"registry.kinship","occurred_at":"2022-01-10T09:00:00+08:00","township_id":"ts-01","village_id":"vl-0107","payload":{"cadre_id":"p-10233","relative_id":"p-20871","relation":"sibling_in_law","declared_at":"2022-01-08T16:20:00+08:00"}}"#,
    r#"{"event_id":"tick-2022-05-07T00:00:00","type":"clock.tick","occurred_at":"2022-05-07T00:00:00+08:00","township_id":"*","village_id":"*","payload":{}}"#,
];

/// One valid line per event type, in the order of `EventType::ALL`, each with every member its
/// payload can have.
fn sample_lines() -> Vec<&'static str> {
    vec![
        r#"{"event_id":"ev-s01","type":"approval.submitted","occurred_at":"2022-04-25T09:30:00+08:00","township_id":"ts-01","village_id":"vl-0107","payload":{"approval_id":"ap-9001","kind":"project","subject_id":"prj-2022-009","title":"村道硬化工程","applicant_id":"p-10233","amount":93400.00,"counterparty_id":"co-3380","seal_id":"seal-01","seal_count":2,"doc_hash":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08","matter_type":"construction_contract","ref_approval_id":"ap-8000","project_id":"prj-2022-009","location":{"lat":30.27415,"lon":120.15515},"tender_method":"public_tender","via_trading_centre":true,"household_id":"hh-001","area_m2":120.5,"parcel_id":"pc-77"}}"#,
        r#"{"event_id":"ev-s02","type":"approval.step","occurred_at":"2022-04-25T10:00:00+08:00","township_id":"ts-01","village_id":"vl-0107","payload":{"approval_id":"ap-9001","step_no":2,"role":"finance","action":"approved","actor_id":"p-10301","comment":"同意"}}"#,
        r#"{"event_id":"ev-s03","type":"approval.completed","occurred_at":"2022-04-26T10:00:00+08:00","township_id":"ts-01","village_id":"vl-0107","payload":{"approval_id":"ap-9001","decision":"approved","final_approver_id":"p-10001"}}"#,
        r#"{"event_id":"ev-s04","type":"labor.attendance","occurred_at":"2022-04-25T18:05:00+08:00","township_id":"ts-01","village_id":"vl-0107","payload":{"attendance_id":"at-1","job_id":"job-2022-041","worker_id":"p-10401","start_at":"2022-04-25T08:00:00+08:00","end_at":"2022-04-25T17:30:00.5+08:00"}}"#,
        r#"{"event_id":"ev-s05","type":"labor.claim","occurred_at":"2022-04-25T11:30:00+08:00","township_id":"ts-01","village_id":"vl-0107","payload":{"claim_id":"cl-5521","job_id":"job-2022-041","work_start_date":"2022-04-24","work_end_date":"2022-04-25","lines":[{"worker_id":"p-10401","amount":240.00},{"worker_id":"p-10402","amount":210.5}],"total_amount":450.50,"dispatch_slip_id":"ds-3301","signatures_complete":false}}"#,
        r#"{"event_id":"ev-s06","type":"finance.payment","occurred_at":"2022-04-28T15:02:11+08:00","township_id":"ts-01","village_id":"vl-0107","payload":{"payment_id":"pay-90113","amount":450.00,"method":"bank","payee_id":"p-10401","payee_type":"person","account_no":"6217000012345678","purpose":"labor","approval_id":"ap-7790","contract_id":"ct-1","project_id":"prj-2022-009","order_id":"po-1","claim_id":"cl-5521","budget_line_id":"bl-2022-01","invoice_no":"033002100111 12345678","description":"劳务费"}}"#,
        r#"{"event_id":"ev-s07","type":"finance.receipt","occurred_at":"2022-04-28T09:00:00+08:00","township_id":"ts-01","village_id":"vl-0107","payload":{"receipt_id":"rc-1","amount":12000,"method":"cash","payer_id":"co-3380","received_on":"2022-04-27","receivable_id":"rv-1","description":"租金"}}"#,
        r#"{"event_id":"ev-s08","type":"finance.cash_count","occurred_at":"2022-04-30T17:00:00+08:00","township_id":"ts-01","village_id":"vl-0107","payload":{"count_id":"cc-1","cash_on_hand":3200.5,"counted_by":"p-10301"}}"#,
        r#"{"event_id":"ev-s09","type":"finance.budget","occurred_at":"2022-01-05T09:00:00+08:00","township_id":"ts-01","village_id":"vl-0107","payload":{"budget_line_id":"bl-2022-01","year":2022,"name":"办公经费","amount":50000.00}}"#,
        r#"{"event_id":"ev-s10","type":"procurement.order","occurred_at":"2022-03-01T09:00:00+08:00","township_id":"ts-01","village_id":"vl-0107","payload":{"order_id":"po-1","supplier_id":"co-1200","supplier_type":"company","category":"office","amount":1500.00,"quotes_count":0,"via_platform":true,"ordered_on":"2022-03-01","delivered_on":"2022-03-04","lines":[{"item":"A4 纸","quantity":12.5,"unit_price":120.00,"reference_unit_price":110.00}]}}"#,
        r#"{"event_id":"ev-s11","type":"contract.recorded","occurred_at":"2022-05-02T10:15:00+08:00","township_id":"ts-01","village_id":"vl-0107","payload":{"contract_id":"ct-2022-018","contract_type":"construction","parent_contract_id":"ct-2022-017","subject_id":"prj-2022-009","title":"补充协议","party_b_id":"co-3380","party_b_type":"company","amount":0.01,"signed_on":"2022-04-20","resolution_id":"rs-1","approval_id":"ap-9002"}}"#,
        r#"{"event_id":"ev-s12","type":"receivable.due","occurred_at":"2022-01-01T00:00:00Z","township_id":"ts-01","village_id":"vl-0107","payload":{"receivable_id":"rv-1","kind":"rent","debtor_id":"co-3380","amount":12000.00,"due_date":"2022-06-30","lease_id":"ls-1","contract_id":"ct-1"}}"#,
        r#"{"event_id":"ev-s13","type":"lease.recorded","occurred_at":"2022-01-01T09:00:00+08:00","township_id":"ts-01","village_id":"vl-0107","payload":{"lease_id":"ls-1","asset_id":"as-1","lessee_id":"co-3380","lessee_type":"company","start_date":"2022-01-01","end_date":"2022-01-01","annual_rent":24000.00,"via_exchange":false,"previous_lease_id":"ls-0"}}"#,
        r#"{"event_id":"ev-s14","type":"asset.recorded","occurred_at":"2022-01-01T09:00:00+08:00","township_id":"ts-01","village_id":"vl-0107","payload":{"asset_id":"as-1","name":"老村部","asset_type":"building","area_m2":350,"gis_area_m2":362.25,"use_status":"leased","status_since":"2021-12-01"}}"#,
        r#"{"event_id":"ev-s15","type":"project.awarded","occurred_at":"2022-04-01T09:00:00+08:00","township_id":"ts-01","village_id":"vl-0107","payload":{"project_id":"prj-2022-009","bidders":[{"bidder_id":"co-3380","bidder_type":"company","bid_amount":93400.00},{"bidder_id":"p-555","bidder_type":"person"}],"winner_id":"co-3380","award_amount":93400.00,"awarded_on":"2022-04-01"}}"#,
        r#"{"event_id":"ev-s16","type":"construction.started","occurred_at":"2022-05-10T09:00:00+08:00","township_id":"ts-01","village_id":"vl-0107","payload":{"target":"project","project_id":"prj-2022-009","homestead_id":"hs-1","started_on":"2022-05-10","builder_id":"co-3380","area_m2":0.00000001}}"#,
        r#"{"event_id":"ev-s17","type":"project.settled","occurred_at":"2022-10-10T09:00:00+08:00","township_id":"ts-01","village_id":"vl-0107","payload":{"project_id":"prj-2022-009","settled_amount":99999.99,"settled_on":"2022-10-09","builder_id":"co-3380"}}"#,
        r#"{"event_id":"ev-s18","type":"seal.used","occurred_at":"2022-04-26T14:00:00+08:00","township_id":"ts-01","village_id":"vl-0107","payload":{"seal_use_id":"su-1","seal_id":"seal-01","approval_id":"ap-9003","stamp_count":1,"doc_hash":"abc123","blank_pages":0}}"#,
        r#"{"event_id":"ev-s19","type":"meeting.resolved","occurred_at":"2022-03-15T20:00:00+08:00","township_id":"ts-01","village_id":"vl-0107","payload":{"resolution_id":"rs-1","meeting_type":"villager_reps","procedure":"five_step","subject_ids":["prj-2022-009","ct-2022-017"],"passed":true,"expected_attendees":35,"present_attendees":30,"title":"村道硬化工程立项"}}"#,
        r#"{"event_id":"ev-s20","type":"disclosure.published","occurred_at":"2022-04-10T09:00:00+08:00","township_id":"ts-01","village_id":"vl-0107","payload":{"disclosure_id":"dc-1","category":"finance","period":"2022Q1","items":[{"item_type":"finance_statement","ref_id":"fs-2022Q1"},{"item_type":"subsidy"}],"income_total":150000.00,"expense_total":98000.50,"reviewed_by":"p-10501"}}"#,
        r#"{"event_id":"ev-s21","type":"subsidy.disbursed","occurred_at":"2022-06-01T09:00:00+08:00","township_id":"ts-01","village_id":"vl-0107","payload":{"subsidy_id":"sb-1","subsidy_type":"grain","year":2022,"lines":[{"recipient_id":"p-20001","amount":312.40,"account_no":"6217000099990000","claimed_area_mu":3.5}]}}"#,
        r#"{"event_id":"ev-s22","type":"compensation.assessed","occurred_at":"2022-07-01T09:00:00+08:00","township_id":"ts-01","village_id":"vl-0107","payload":{"assessment_id":"ca-1","scheme_id":"sc-1","parcel_id":"pc-77","household_id":"hh-001","recipient_id":"p-20001","payee_id":"p-20002","area_mu":1.25,"seedling_count":400,"seedling_norm_per_mu":220,"grave_count":1,"amount":18000.00,"dept_staff_ids":["st-1","st-2"]}}"#,
        r#"{"event_id":"ev-s23","type":"distribution.disbursed","occurred_at":"2023-01-20T09:00:00+08:00","township_id":"ts-01","village_id":"vl-0107","payload":{"disbursement_id":"dd-1","distribution_id":"ds-2022","year":2022,"resolution_id":"rs-9","distributable_income":500000.00,"lines":[{"recipient_id":"p-20001","amount":800.00},{"recipient_id":"p-20002","amount":800.00}]}}"#,
        r#"{"event_id":"ev-s24","type":"oversight.checked","occurred_at":"2022-04-05T09:00:00+08:00","township_id":"ts-01","village_id":"vl-0107","payload":{"check_id":"oc-1","period":"2022Q1","checker_ids":["p-10501"],"findings":"无异常"}}"#,
        r#"{"event_id":"ev-s25","type":"vehicle.refueled","occurred_at":"2022-04-05T09:00:00+08:00","township_id":"ts-01","village_id":"vl-0107","payload":{"refuel_id":"rf-1","vehicle_id":"veh-1","liters":45.5,"tank_capacity_l":50,"amount":380.25}}"#,
        r#"{"event_id":"ev-s26","type":"report.filed","occurred_at":"2022-05-06T20:41:09+08:00","township_id":"ts-01","village_id":"vl-0107","payload":{"report_id":"rp-1205","topic":"工程建设","subject_ref":"prj-2022-009","repeat_of":"rp-1204","summary":"仍未整改"}}"#,
        r#"{"event_id":"ev-s27","type":"report.accepted","occurred_at":"2022-05-07T09:00:00+08:00","township_id":"ts-01","village_id":"vl-0107","payload":{"report_id":"rp-1205","handler_id":"p-90001"}}"#,
        r#"{"event_id":"ev-s28","type":"report.closed","occurred_at":"2022-05-20T09:00:00+08:00","township_id":"ts-01","village_id":"vl-0107","payload":{"report_id":"rp-1205","satisfaction":"basically_satisfied","result":"已整改"}}"#,
        r#"{"event_id":"ev-s29","type":"registry.person","occurred_at":"2022-01-02T09:00:00+08:00","township_id":"ts-01","village_id":"vl-0107","payload":{"person_id":"p-10401","name":"张三","household_id":"hh-001","is_member":true,"resident":false,"deceased_on":"2022-08-01","bank_accounts":["6217000012345678",""],"labor_pools":[{"village_id":"vl-0107","approved_on":"2021-03-01","annual_cap":20000.00},{"village_id":"vl-0108","approved_on":"2021-05-01"}]}}"#,
        r#"{"event_id":"ev-s30","type":"registry.cadre","occurred_at":"2022-01-02T09:00:00+08:00","township_id":"ts-01","village_id":"vl-0107","payload":{"person_id":"p-10233","role":"director","term_start":"2021-01-01","term_end":"2025-12-31","allowance_monthly":3500.00,"allowance_resolution_id":"rs-2","deleted":false}}"#,
        r#"{"event_id":"ev-s31","type":"registry.kinship","occurred_at":"2022-01-10T09:00:00+08:00","township_id":"ts-01","village_id":"vl-0107","payload":{"cadre_id":"p-10233","relative_id":"p-10233","relation":"none","declared_at":"2022-01-08T08:20:00Z"}}"#,
        r#"{"event_id":"ev-s32","type":"registry.company","occurred_at":"2022-01-02T09:00:00+08:00","township_id":"*","village_id":"*","payload":{"company_id":"co-3380","name":"某某建设有限公司","owner_ids":["p-20871"],"legal_rep_id":"p-20871","manager_ids":[]}}"#,
        r#"{"event_id":"ev-s33","type":"registry.land","occurred_at":"2022-01-02T09:00:00+08:00","township_id":"ts-01","village_id":"vl-0107","payload":{"holding_id":"lh-1","holder_id":"p-20001","household_id":"hh-001","parcel_id":"pc-77","land_type":"contract_farmland","area_mu":3.5,"certified":true}}"#,
        r#"{"event_id":"ev-s34","type":"registry.calendar","occurred_at":"2021-12-01T09:00:00+08:00","township_id":"*","village_id":"*","payload":{"date":"2022-01-31","day_type":"holiday","festival":"春节"}}"#,
        r#"{"event_id":"ev-s35","type":"clock.tick","occurred_at":"2022-05-07T00:00:00+08:00","township_id":"*","village_id":"*","payload":{}}"#,
    ]
}

fn options() -> DecodeOptions {
    DecodeOptions::default()
}

fn accept(line: &str) -> Decoded {
    match decode(line.as_bytes(), &options()) {
        Ok(decoded) => decoded,
        Err(rejection) => panic!("rejected: {rejection}\n{line}"),
    }
}

fn reject(line: &str) -> Rejection {
    match decode(line.as_bytes(), &options()) {
        Ok(decoded) => panic!("accepted: {:?}\n{line}", decoded.event),
        Err(rejection) => rejection,
    }
}

/// Asserts the reason and that the detail starts with `detail_start` (the member path).
fn assert_rejected(line: &str, reason: RejectReason, detail_start: &str) {
    let rejection = reject(line);
    assert_eq!(rejection.reason, reason, "{rejection}\n{line}");
    assert!(
        rejection.detail.starts_with(detail_start),
        "detail {:?} does not start with {detail_start:?}\n{line}",
        rejection.detail
    );
}

/// The sample of `event_type` with `edit` applied to its JSON.
fn edited(event_type: EventType, edit: impl FnOnce(&mut Value)) -> String {
    let index = EventType::ALL
        .iter()
        .position(|t| *t == event_type)
        .unwrap();
    let mut value: Value = serde_json::from_str(sample_lines()[index]).unwrap();
    edit(&mut value);
    value.to_string()
}

/// The sample of `event_type` with `payload.<member>` set to the JSON `literal`.
fn with_member(event_type: EventType, member: &str, literal: &str) -> String {
    let replacement: Value = serde_json::from_str(literal).unwrap();
    edited(event_type, |value| {
        value["payload"][member] = replacement;
    })
}

/// The sample of `event_type` without `payload.<member>`.
fn without_member(event_type: EventType, member: &str) -> String {
    edited(event_type, |value| {
        value["payload"].as_object_mut().unwrap().remove(member);
    })
}

fn date(text: &str) -> Date {
    Date::parse(text).unwrap()
}

#[test]
fn the_contract_examples_decode_with_exact_values() {
    let decoded: Vec<Event> = CONTRACT_EXAMPLES
        .iter()
        .map(|line| accept(line).event)
        .collect();

    let application = &decoded[0];
    assert_eq!(application.event_id.as_str(), "ev-20220425-000101");
    assert_eq!(application.event_type, EventType::ApprovalSubmitted);
    assert_eq!(
        application.occurred_at,
        Timestamp::parse("2022-04-25T01:30:00Z").unwrap()
    );
    assert_eq!(application.township_id.as_str(), "ts-01");
    assert_eq!(application.village_id.as_str(), "vl-0107");
    let Payload::ApprovalSubmitted(submitted) = &application.payload else {
        panic!("{:?}", application.payload)
    };
    assert_eq!(submitted.kind, ApprovalKind::Labor);
    assert_eq!(submitted.title.as_str(), "清理河道杂草 临时用工");
    assert_eq!(submitted.amount, Some(Money(240_000)));
    assert_eq!(submitted.project_id.as_deref(), Some("prj-2022-009"));
    assert_eq!(submitted.seal_count, None);
    assert_eq!(
        application.record_key().unwrap(),
        "approval.submitted\u{1f}ap-7781"
    );

    let Payload::LaborClaim(claim) = &decoded[1].payload else {
        panic!()
    };
    assert_eq!(claim.lines.len(), 2);
    assert_eq!(claim.lines[1].worker_id.as_str(), "p-10402");
    assert_eq!(claim.lines[1].amount, Money(21_000));
    assert_eq!(claim.total_amount, Money(45_000));
    assert_eq!(claim.work_end_date, date("2022-04-25"));
    assert!(claim.signatures_complete);

    let Payload::FinancePayment(payment) = &decoded[2].payload else {
        panic!()
    };
    assert_eq!(payment.amount, Money(45_000));
    assert_eq!(payment.method, MoneyMethod::Bank);
    assert_eq!(payment.account_no.as_deref(), Some("6217000012345678"));
    assert_eq!(payment.contract_id, None);

    let Payload::ContractRecorded(contract) = &decoded[3].payload else {
        panic!()
    };
    assert_eq!(contract.amount, Money(9_340_000));
    assert_eq!(contract.signed_on, date("2022-04-20"));

    let Payload::ReportFiled(report) = &decoded[4].payload else {
        panic!()
    };
    assert_eq!(report.subject_ref.as_deref(), Some("prj-2022-009"));
    assert_eq!(report.repeat_of, None);

    let Payload::RegistryKinship(kinship) = &decoded[5].payload else {
        panic!()
    };
    assert_eq!(
        kinship.declared_at,
        Some(Timestamp::parse("2022-01-08T08:20:00Z").unwrap())
    );
    assert_eq!(
        decoded[5].record_key().unwrap(),
        "registry.kinship\u{1f}p-10233\u{1f}p-20871"
    );
    assert!(!decoded[5].is_deletion());

    assert_eq!(decoded[6].payload, Payload::ClockTick);
    assert_eq!(decoded[6].record_key(), None);
    assert_eq!(decoded[6].village_id.as_str(), "*");
}

#[test]
fn every_type_has_a_sample_that_round_trips() {
    let samples = sample_lines();
    assert_eq!(samples.len(), EventType::ALL.len());
    for (line, event_type) in samples.iter().zip(EventType::ALL) {
        let decoded = accept(line);
        assert_eq!(decoded.event.event_type, event_type);
        assert_eq!(decoded.event.payload.event_type(), event_type);
        assert!(
            decoded.unknown_members.is_empty(),
            "{:?}",
            decoded.unknown_members
        );
        let json = decoded.event.to_json();
        let again = accept(&json.to_string());
        assert_eq!(again.event, decoded.event, "{json}");
        assert_eq!(again.event.content_hash(), decoded.event.content_hash());
        assert_eq!(
            decoded.event.record_key().is_none(),
            event_type == EventType::ClockTick
        );
    }
}

#[test]
fn to_json_writes_money_with_two_digits_and_omits_absent_members() {
    let event = accept(sample_lines()[4]).event;
    let json = event.to_json();
    assert_eq!(json["type"], "labor.claim");
    assert_eq!(json["payload"]["total_amount"].to_string(), "450.50");
    assert_eq!(json["payload"]["lines"][1]["amount"].to_string(), "210.50");
    let application = accept(CONTRACT_EXAMPLES[0]).event.to_json();
    assert!(application["payload"].get("seal_count").is_none());
    assert!(accept(CONTRACT_EXAMPLES[6]).event.to_json()["payload"]
        .as_object()
        .unwrap()
        .is_empty());
}

/// The value of a JSON member as text, to compare with the script value of the same member.
fn json_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// Asserts that a script value holds what the JSON member holds, converted as `Event::field`
/// documents.
fn assert_script_value(json: &Value, script: &rhai::Dynamic, path: &str) {
    match json {
        Value::Array(elements) => {
            let array = script
                .clone()
                .into_array()
                .unwrap_or_else(|_| panic!("{path} is not an array"));
            assert_eq!(array.len(), elements.len(), "{path}");
            for (index, (element, value)) in elements.iter().zip(&array).enumerate() {
                assert_script_value(element, value, &format!("{path}[{index}]"));
            }
        }
        Value::Object(members) => {
            let map = script
                .clone()
                .try_cast::<rhai::Map>()
                .unwrap_or_else(|| panic!("{path} is not a map"));
            assert_eq!(map.len(), members.len(), "{path}");
            for (name, member) in members {
                assert_script_value(member, &map[name.as_str()], &format!("{path}.{name}"));
            }
        }
        Value::Bool(flag) => assert_eq!(script.as_bool(), Ok(*flag), "{path}"),
        _ => {
            let text = if script.is_string() {
                script.clone().into_string().unwrap()
            } else if let Ok(integer) = script.as_int() {
                integer.to_string()
            } else if let Some(money) = script.clone().try_cast::<Money>() {
                money.to_string()
            } else if let Some(decimal) = script.clone().try_cast::<Decimal>() {
                decimal.to_string()
            } else if let Some(date) = script.clone().try_cast::<Date>() {
                date.to_string()
            } else if let Some(timestamp) = script.clone().try_cast::<Timestamp>() {
                timestamp.to_string()
            } else if let Some(period) = script.clone().try_cast::<Period>() {
                period.to_string()
            } else {
                panic!("{path}: unexpected script value {script:?}");
            };
            assert_eq!(text, json_text(json), "{path}");
        }
    }
}

#[test]
fn every_member_is_a_field_for_scripts() {
    for line in sample_lines() {
        let event = accept(line).event;
        let json = event.to_json();
        for (name, member) in json.as_object().unwrap() {
            let name = if name == "payload" {
                continue;
            } else {
                name.as_str()
            };
            assert_script_value(member, &event.field(name).unwrap(), name);
        }
        for (name, member) in json["payload"].as_object().unwrap() {
            let field = event
                .field(name)
                .unwrap_or_else(|| panic!("{} has no field {name}", event.event_type));
            assert_script_value(member, &field, &format!("payload.{name}"));
        }
        assert!(event.field("no_such_member").is_none());
    }
    let claim = accept(CONTRACT_EXAMPLES[1]).event;
    assert_eq!(
        claim.field("total_amount").unwrap().cast::<Money>(),
        Money(45_000)
    );
    assert_eq!(
        claim.field("occurred_at").unwrap().cast::<Timestamp>(),
        Timestamp::parse("2022-04-25T11:30:00+08:00").unwrap()
    );
    let application = accept(CONTRACT_EXAMPLES[0]).event;
    assert!(application.field("seal_id").is_none());
    assert_eq!(
        application.field("kind").unwrap().into_string().unwrap(),
        "labor"
    );
}

#[test]
fn record_keys_follow_the_contract_table() {
    let keys: Vec<Option<String>> = sample_lines()
        .iter()
        .map(|line| accept(line).event.record_key())
        .collect();
    let key = |event_type: EventType| {
        keys[EventType::ALL
            .iter()
            .position(|t| *t == event_type)
            .unwrap()]
        .clone()
        .unwrap()
    };
    assert_eq!(
        key(EventType::ApprovalStep),
        "approval.step\u{1f}ap-9001\u{1f}2\u{1f}approved"
    );
    assert_eq!(
        key(EventType::ConstructionStarted),
        "construction.started\u{1f}project\u{1f}prj-2022-009"
    );
    assert_eq!(
        key(EventType::RegistryCadre),
        "registry.cadre\u{1f}vl-0107\u{1f}p-10233\u{1f}director"
    );
    assert_eq!(
        key(EventType::RegistryCalendar),
        "registry.calendar\u{1f}2022-01-31"
    );
    assert_eq!(
        key(EventType::FinancePayment),
        "finance.payment\u{1f}pay-90113"
    );
    let homestead = edited(EventType::ConstructionStarted, |value| {
        value["payload"]["target"] = "homestead".into();
    });
    assert_eq!(
        accept(&homestead).event.record_key().unwrap(),
        "construction.started\u{1f}homestead\u{1f}hs-1"
    );
    // The same id in two types gives two keys.
    assert_ne!(key(EventType::ReportFiled), key(EventType::ReportAccepted));
}

#[test]
fn content_hash_tells_differing_content_apart() {
    let original = accept(CONTRACT_EXAMPLES[2]).event;
    let same = accept(&CONTRACT_EXAMPLES[2].replace("450.00", "450.0")).event;
    let different = accept(&CONTRACT_EXAMPLES[2].replace("450.00", "450.01")).event;
    assert_eq!(original.content_hash(), same.content_hash());
    assert_ne!(original.content_hash(), different.content_hash());
}

#[test]
fn unknown_members_are_ignored_and_reported() {
    let line = edited(EventType::LaborClaim, |value| {
        value["extra"] = serde_json::json!({"nested": 1});
        value["payload"]["foo"] = Value::Null;
        value["payload"]["lines"][1]["note"] = "x".into();
    });
    let decoded = accept(&line);
    let mut unknown = decoded.unknown_members.clone();
    unknown.sort();
    assert_eq!(unknown, ["extra", "payload.foo", "payload.lines[1].note"]);
    let tick = accept(
        r#"{"event_id":"t","type":"clock.tick","occurred_at":"2022-05-07T00:00:00Z","township_id":"*","village_id":"*","payload":{"now":"x"}}"#,
    );
    assert_eq!(tick.unknown_members, ["payload.now"]);
}

#[test]
fn optional_members_may_be_null_or_empty() {
    let line = edited(EventType::FinancePayment, |value| {
        value["payload"]["approval_id"] = "".into();
        value["payload"]["contract_id"] = Value::Null;
        value["payload"]["description"] = "".into();
    });
    let Payload::FinancePayment(payment) = accept(&line).event.payload else {
        panic!()
    };
    assert_eq!(
        (
            payment.approval_id,
            payment.contract_id,
            payment.description
        ),
        (None, None, None)
    );
    // A required string may be empty; a required id may not.
    accept(&with_member(EventType::ReportFiled, "topic", r#""""#));
    assert_rejected(
        &with_member(EventType::ReportFiled, "report_id", r#""""#),
        RejectReason::InvalidPayload,
        "payload.report_id: id is empty",
    );
    assert_rejected(
        &with_member(EventType::ReportFiled, "report_id", "null"),
        RejectReason::InvalidPayload,
        "payload.report_id: invalid type: null",
    );
}

#[test]
fn invalid_json_is_refused() {
    for bytes in [
        &b"\xff\xfe{}"[..],
        b"",
        b"   ",
        b"[1,2]",
        b"\"text\"",
        b"42",
        b"{\"event_id\":",
        b"{} {}",
        b"{\"a\":1,}",
        b"\xef\xbb\xbf{}",
    ] {
        let rejection = decode(bytes, &options()).unwrap_err();
        assert_eq!(
            rejection.reason,
            RejectReason::InvalidJson,
            "{:?}",
            String::from_utf8_lossy(bytes)
        );
        assert!(!rejection.detail.is_empty());
    }
    let mut line = CONTRACT_EXAMPLES[0].as_bytes().to_vec();
    line[40] = 0xc3;
    assert_eq!(
        decode(&line, &options()).unwrap_err().reason,
        RejectReason::InvalidJson
    );
    // CRLF line ends and surrounding white space are not part of the message.
    accept(&format!("  {}\r", CONTRACT_EXAMPLES[0]));
}

#[test]
fn envelope_problems_are_refused_with_the_member() {
    let example = CONTRACT_EXAMPLES[2];
    let edit = |edit: &dyn Fn(&mut Value)| {
        let mut value: Value = serde_json::from_str(example).unwrap();
        edit(&mut value);
        value.to_string()
    };
    for member in [
        "event_id",
        "type",
        "occurred_at",
        "township_id",
        "village_id",
        "payload",
    ] {
        let line = edit(&|value| {
            value.as_object_mut().unwrap().remove(member);
        });
        assert_rejected(
            &line,
            RejectReason::InvalidEnvelope,
            &format!("{member}: missing member"),
        );
        let line = edit(&|value| value[member] = serde_json::json!(12));
        assert_rejected(&line, RejectReason::InvalidEnvelope, member);
    }
    assert_rejected(
        &edit(&|value| value["payload"] = serde_json::json!([])),
        RejectReason::InvalidEnvelope,
        "payload: expected a JSON object",
    );
    assert_rejected(
        &edit(&|value| value["event_id"] = " ev-1".into()),
        RejectReason::InvalidEnvelope,
        "event_id: id has leading or trailing white space",
    );
    assert_rejected(
        &edit(&|value| value["event_id"] = "e".repeat(129).into()),
        RejectReason::InvalidEnvelope,
        "event_id: id is longer than 128 characters",
    );
    assert_rejected(
        &edit(&|value| value["village_id"] = "".into()),
        RejectReason::InvalidEnvelope,
        "village_id: id is empty",
    );
    assert_rejected(
        &edit(&|value| value["occurred_at"] = "2022-04-28 15:02:11".into()),
        RejectReason::InvalidEnvelope,
        "occurred_at: not an RFC 3339",
    );
    assert_rejected(
        &edit(&|value| value["occurred_at"] = "2022-04-28T15:02:11".into()),
        RejectReason::InvalidEnvelope,
        "occurred_at",
    );
    assert_rejected(
        &example.replacen("\"type\"", "\"type\":\"x\",\"type\"", 1),
        RejectReason::InvalidEnvelope,
        "type: duplicate member",
    );

    let rejection = reject(&edit(&|value| value["type"] = "finance.refund".into()));
    assert_eq!(rejection.reason, RejectReason::UnknownType);
    assert_eq!(
        rejection.detail,
        "type: unknown event type \"finance.refund\""
    );
    assert_eq!(rejection.event_id.as_deref(), Some("ev-20220428-000012"));
    assert_eq!(rejection.event_type.as_deref(), Some("finance.refund"));
    assert_eq!(
        reject(&edit(&|value| value["type"] = "".into())).reason,
        RejectReason::UnknownType
    );

    assert_rejected(
        &edit(&|value| value["village_id"] = "*".into()),
        RejectReason::InvalidEnvelope,
        "village_id: \"*\" is allowed only for",
    );
    assert_rejected(
        &edit(&|value| value["township_id"] = "*".into()),
        RejectReason::InvalidEnvelope,
        "township_id: \"*\"",
    );
    let kinship_global = CONTRACT_EXAMPLES[5]
        .replace("\"ts-01\"", "\"*\"")
        .replace("\"vl-0107\"", "\"*\"");
    assert_rejected(
        &kinship_global,
        RejectReason::InvalidEnvelope,
        "township_id: \"*\"",
    );
    let calendar_local = sample_lines()[33].replace(
        "\"township_id\":\"*\",\"village_id\":\"*\"",
        "\"township_id\":\"ts-01\",\"village_id\":\"vl-0107\"",
    );
    accept(&calendar_local);
}

#[test]
fn money_problems_are_invalid_money_with_the_path() {
    let claim = CONTRACT_EXAMPLES[1];
    let rejection = reject(&claim.replace("\"amount\":210.00", "\"amount\":1.005"));
    assert_eq!(rejection.reason, RejectReason::InvalidMoney);
    assert!(
        rejection.detail.starts_with("payload.lines[1].amount: "),
        "{}",
        rejection.detail
    );
    assert!(
        rejection.to_string().starts_with(
            "invalid_money: payload.lines[1].amount: money has more than 2 fraction digits"
        ),
        "{rejection}"
    );
    assert_eq!(rejection.event_type.as_deref(), Some("labor.claim"));
    for bad in ["1e3", "2.4E2", "-1.00", "1000000000000.00"] {
        assert_rejected(
            &claim.replace(
                "\"total_amount\":450.00",
                &format!("\"total_amount\":{bad}"),
            ),
            RejectReason::InvalidMoney,
            "payload.total_amount: ",
        );
    }
    accept(&with_member(
        EventType::FinanceBudget,
        "amount",
        "999999999999.99",
    ));
    assert_rejected(
        &with_member(EventType::ApprovalSubmitted, "amount", "0.001"),
        RejectReason::InvalidMoney,
        "payload.amount: ",
    );
    assert_rejected(
        &with_member(
            EventType::RegistryPerson,
            "labor_pools",
            r#"[{"village_id":"v","approved_on":"2021-01-01","annual_cap":-5}]"#,
        ),
        RejectReason::InvalidMoney,
        "payload.labor_pools[0].annual_cap: ",
    );
    // A money member that is not a number is the wrong JSON type, not bad money.
    assert_rejected(
        &claim.replace("\"total_amount\":450.00", "\"total_amount\":\"450.00\""),
        RejectReason::InvalidPayload,
        "payload.total_amount: invalid type",
    );
}

#[test]
fn payload_shape_problems_name_the_member() {
    let claim = EventType::LaborClaim;
    let missing_worker = edited(claim, |value| {
        value["payload"]["lines"][0]
            .as_object_mut()
            .unwrap()
            .remove("worker_id");
    });
    let rejection = reject(&missing_worker);
    assert_eq!(
        rejection.to_string(),
        "invalid_payload: payload.lines[0].worker_id: missing member"
    );
    assert_rejected(
        &without_member(claim, "job_id"),
        RejectReason::InvalidPayload,
        "payload.job_id: missing member",
    );
    assert_rejected(
        &with_member(claim, "lines", r#"[["p-1", 1.00]]"#),
        RejectReason::InvalidPayload,
        "payload.lines[0]: invalid type: sequence, expected a JSON object",
    );
    assert_rejected(
        &with_member(claim, "lines", r#"{"worker_id":"p-1"}"#),
        RejectReason::InvalidPayload,
        "payload.lines: invalid type: map",
    );
    assert_rejected(
        &with_member(claim, "signatures_complete", r#""yes""#),
        RejectReason::InvalidPayload,
        "payload.signatures_complete: invalid type: string",
    );
    assert_rejected(
        &with_member(claim, "work_start_date", r#""2022-4-24""#),
        RejectReason::InvalidPayload,
        "payload.work_start_date: not a date",
    );
    assert_rejected(
        &with_member(claim, "work_start_date", r#""2022-02-30""#),
        RejectReason::InvalidPayload,
        "payload.work_start_date: not a calendar date",
    );
    assert_rejected(
        &CONTRACT_EXAMPLES[1].replacen("\"job_id\"", "\"job_id\":\"j\",\"job_id\"", 1),
        RejectReason::InvalidPayload,
        "payload.job_id: duplicate member",
    );

    assert_rejected(
        &with_member(EventType::ApprovalSubmitted, "kind", r#""labour""#),
        RejectReason::InvalidPayload,
        "payload.kind: \"labour\" is not a approval_kind value",
    );
    assert_rejected(
        &with_member(EventType::ApprovalSubmitted, "location", r#"{"lat":30.1}"#),
        RejectReason::InvalidPayload,
        "payload.location.lon: missing member",
    );
    assert_rejected(
        &with_member(EventType::ApprovalSubmitted, "location", r#"[30.1, 120.2]"#),
        RejectReason::InvalidPayload,
        "payload.location: invalid type",
    );
    assert_rejected(
        &with_member(EventType::ApprovalSubmitted, "area_m2", "1.123456789"),
        RejectReason::InvalidPayload,
        "payload.area_m2: decimal has more than 8 fraction digits",
    );
    assert_rejected(
        &with_member(
            EventType::ApprovalSubmitted,
            "counterparty_id",
            r#""co-1 ""#,
        ),
        RejectReason::InvalidPayload,
        "payload.counterparty_id: id has leading or trailing white space",
    );
    assert_rejected(
        &with_member(
            EventType::MeetingResolved,
            "subject_ids",
            r#"["prj-1", ""]"#,
        ),
        RejectReason::InvalidPayload,
        "payload.subject_ids[1]: id is empty",
    );
    assert_rejected(
        &with_member(
            EventType::LaborAttendance,
            "start_at",
            r#""2022-04-25T08:00:00""#,
        ),
        RejectReason::InvalidPayload,
        "payload.start_at: not an RFC 3339",
    );
    assert_rejected(
        &with_member(EventType::OversightChecked, "period", r#""2022Q5""#),
        RejectReason::InvalidPayload,
        "payload.period: not a period",
    );
    assert_rejected(
        &with_member(EventType::RegistryCompany, "owner_ids", "[1]"),
        RejectReason::InvalidPayload,
        "payload.owner_ids[0]: invalid type: integer",
    );
}

#[test]
fn integers_must_be_whole_and_in_range() {
    let cases = [
        (EventType::ApprovalStep, "step_no", "0"),
        (EventType::ApprovalStep, "step_no", "1.5"),
        (EventType::ApprovalStep, "step_no", "2.0"),
        (EventType::ApprovalStep, "step_no", "1e1"),
        (EventType::ApprovalStep, "step_no", "\"2\""),
        (EventType::ApprovalSubmitted, "seal_count", "0"),
        (EventType::SealUsed, "stamp_count", "0"),
        (EventType::SealUsed, "blank_pages", "-1"),
        (EventType::ProcurementOrder, "quotes_count", "-1"),
        (EventType::MeetingResolved, "expected_attendees", "0"),
        (EventType::MeetingResolved, "present_attendees", "-1"),
        (EventType::CompensationAssessed, "seedling_count", "-1"),
        (EventType::CompensationAssessed, "grave_count", "-2"),
        (EventType::FinanceBudget, "year", "2022.5"),
        (EventType::FinanceBudget, "year", "99999999999999999999"),
    ];
    for (event_type, member, literal) in cases {
        assert_rejected(
            &with_member(event_type, member, literal),
            RejectReason::InvalidPayload,
            &format!("payload.{member}: "),
        );
    }
    accept(&with_member(EventType::FinanceBudget, "year", "-12"));
    accept(&with_member(EventType::SealUsed, "blank_pages", "3"));
}

#[test]
fn conditional_members_are_required_when_their_condition_holds() {
    let submitted = EventType::ApprovalSubmitted;
    for member in ["amount", "location", "tender_method", "via_trading_centre"] {
        assert_rejected(
            &without_member(submitted, member),
            RejectReason::InvalidPayload,
            &format!("payload.{member}: missing member (required when kind is project)"),
        );
    }
    let seal = |member: &str| {
        edited(submitted, |value| {
            value["payload"]["kind"] = "seal".into();
            value["payload"].as_object_mut().unwrap().remove(member);
        })
    };
    for member in ["seal_id", "seal_count", "doc_hash", "matter_type"] {
        assert_rejected(
            &seal(member),
            RejectReason::InvalidPayload,
            &format!("payload.{member}: missing member (required when kind is seal)"),
        );
    }
    accept(&seal("amount"));
    assert_rejected(
        &seal("doc_hash").replace("\"kind\":\"seal\"", "\"kind\":\"seal\",\"doc_hash\":\"\""),
        RejectReason::InvalidPayload,
        "payload.doc_hash: missing member",
    );
    let homestead = |member: &str| {
        edited(submitted, |value| {
            value["payload"]["kind"] = "homestead".into();
            value["payload"].as_object_mut().unwrap().remove(member);
        })
    };
    assert_rejected(
        &homestead("household_id"),
        RejectReason::InvalidPayload,
        "payload.household_id: missing member",
    );
    assert_rejected(
        &homestead("area_m2"),
        RejectReason::InvalidPayload,
        "payload.area_m2: missing member",
    );
    // The §9 labor application carries no project members.
    accept(CONTRACT_EXAMPLES[0]);

    assert_rejected(
        &without_member(EventType::ApprovalStep, "actor_id"),
        RejectReason::InvalidPayload,
        "payload.actor_id: missing member (required when action is not pending)",
    );
    accept(&edited(EventType::ApprovalStep, |value| {
        value["payload"]["action"] = "pending".into();
        value["payload"]["actor_id"] = Value::Null;
    }));

    assert_rejected(
        &without_member(EventType::FinancePayment, "account_no"),
        RejectReason::InvalidPayload,
        "payload.account_no: missing member (required when method is bank)",
    );
    accept(&edited(EventType::FinancePayment, |value| {
        value["payload"]["method"] = "cash".into();
        value["payload"]
            .as_object_mut()
            .unwrap()
            .remove("account_no");
    }));

    for member in ["period", "income_total", "expense_total"] {
        assert_rejected(
            &without_member(EventType::DisclosurePublished, member),
            RejectReason::InvalidPayload,
            &format!("payload.{member}: missing member (required when category is finance)"),
        );
    }
    accept(&edited(EventType::DisclosurePublished, |value| {
        value["payload"] =
            serde_json::json!({"disclosure_id": "dc-2", "category": "affairs", "items": []});
    }));

    for member in ["project_id", "builder_id"] {
        assert_rejected(
            &without_member(EventType::ConstructionStarted, member),
            RejectReason::InvalidPayload,
            &format!("payload.{member}: missing member (required when target is project)"),
        );
    }
    let homestead_works = |member: &str| {
        edited(EventType::ConstructionStarted, |value| {
            value["payload"]["target"] = "homestead".into();
            value["payload"].as_object_mut().unwrap().remove(member);
        })
    };
    assert_rejected(
        &homestead_works("homestead_id"),
        RejectReason::InvalidPayload,
        "payload.homestead_id: missing member (required when target is homestead)",
    );
    assert_rejected(
        &homestead_works("area_m2"),
        RejectReason::InvalidPayload,
        "payload.area_m2: missing member",
    );
    accept(&homestead_works("builder_id"));

    assert_rejected(
        &without_member(EventType::CompensationAssessed, "seedling_norm_per_mu"),
        RejectReason::InvalidPayload,
        "payload.seedling_norm_per_mu: missing member (required when seedling_count > 0)",
    );
    accept(&edited(EventType::CompensationAssessed, |value| {
        value["payload"]["seedling_count"] = 0.into();
        value["payload"]
            .as_object_mut()
            .unwrap()
            .remove("seedling_norm_per_mu");
    }));
}

#[test]
fn registry_records_need_their_members_unless_deleted() {
    for (event_type, member) in [
        (EventType::RegistryPerson, "name"),
        (EventType::RegistryPerson, "bank_accounts"),
        (EventType::RegistryCadre, "term_start"),
        (EventType::RegistryKinship, "declared_at"),
        (EventType::RegistryCompany, "manager_ids"),
        (EventType::RegistryLand, "certified"),
        (EventType::RegistryCalendar, "day_type"),
    ] {
        assert_rejected(
            &without_member(event_type, member),
            RejectReason::InvalidPayload,
            &format!("payload.{member}: missing member (required when the record is not deleted)"),
        );
    }
    let deletions = [
        (
            EventType::RegistryPerson,
            r#"{"person_id":"p-1","deleted":true}"#,
        ),
        (
            EventType::RegistryCadre,
            r#"{"person_id":"p-1","role":"accountant","deleted":true}"#,
        ),
        (
            EventType::RegistryKinship,
            r#"{"cadre_id":"p-1","relative_id":"p-2","deleted":true}"#,
        ),
        (
            EventType::RegistryCompany,
            r#"{"company_id":"co-1","deleted":true}"#,
        ),
        (
            EventType::RegistryLand,
            r#"{"holding_id":"lh-1","deleted":true}"#,
        ),
        (
            EventType::RegistryCalendar,
            r#"{"date":"2022-10-01","deleted":true}"#,
        ),
    ];
    for (event_type, payload) in deletions {
        let line = edited(event_type, |value| {
            value["payload"] = serde_json::from_str(payload).unwrap()
        });
        let event = accept(&line).event;
        assert!(event.is_deletion(), "{line}");
        assert!(event.record_key().is_some());
    }
    assert_rejected(
        &with_member(EventType::RegistryPerson, "deleted", "true")
            .replace(r#""person_id":"p-10401","#, ""),
        RejectReason::InvalidPayload,
        "payload.person_id: missing member",
    );
    assert!(!accept(sample_lines()[29]).event.is_deletion());
    let not_registry = with_member(EventType::FinanceBudget, "deleted", "true");
    let decoded = accept(&not_registry);
    assert!(!decoded.event.is_deletion());
    assert_eq!(decoded.unknown_members, ["payload.deleted"]);
}

#[test]
fn constraints_of_the_contract_hold() {
    let attendance = EventType::LaborAttendance;
    assert_rejected(
        &with_member(attendance, "start_at", r#""2022-04-25T17:30:00.5+08:00""#),
        RejectReason::InvalidPayload,
        "payload.end_at: ",
    );
    assert_rejected(
        &with_member(
            attendance,
            "end_at",
            r#""2022-04-25T18:05:00.000000001+08:00""#,
        ),
        RejectReason::InvalidPayload,
        "payload.end_at: ",
    );
    accept(&with_member(
        attendance,
        "end_at",
        r#""2022-04-25T10:05:00Z""#,
    ));

    let claim = EventType::LaborClaim;
    assert_rejected(
        &with_member(claim, "work_start_date", r#""2022-04-26""#),
        RejectReason::InvalidPayload,
        "payload.work_end_date: ",
    );
    assert_rejected(
        &with_member(claim, "work_end_date", r#""2022-04-26""#),
        RejectReason::InvalidPayload,
        "payload.work_end_date: 2022-04-26 is after the local date of occurred_at",
    );
    assert_rejected(
        &with_member(claim, "total_amount", "450.49"),
        RejectReason::InvalidPayload,
        "payload.total_amount: ",
    );
    assert_rejected(
        &with_member(claim, "lines", "[]"),
        RejectReason::InvalidPayload,
        "payload.lines: must have at least one element",
    );
    let huge_lines = with_member(
        claim,
        "lines",
        r#"[{"worker_id":"a","amount":999999999999.99},{"worker_id":"b","amount":999999999999.99}]"#,
    );
    assert_rejected(
        &huge_lines,
        RejectReason::InvalidPayload,
        "payload.total_amount: ",
    );

    // date(occurred_at) is taken in the configured local zone.
    let late_evening_utc = edited(claim, |value| {
        value["occurred_at"] = "2022-04-24T17:00:00Z".into();
    });
    accept(&late_evening_utc);
    let utc = DecodeOptions {
        local_offset_seconds: 0,
    };
    assert_eq!(
        decode(late_evening_utc.as_bytes(), &utc)
            .unwrap_err()
            .reason,
        RejectReason::InvalidPayload
    );
    assert!(decode(
        late_evening_utc.as_bytes(),
        &DecodeOptions {
            local_offset_seconds: i32::MAX
        }
    )
    .is_ok());

    assert_rejected(
        &with_member(EventType::FinanceReceipt, "received_on", r#""2022-04-29""#),
        RejectReason::InvalidPayload,
        "payload.received_on: ",
    );
    accept(&with_member(
        EventType::FinanceReceipt,
        "received_on",
        r#""2022-04-28""#,
    ));
    assert_rejected(
        &with_member(EventType::LeaseRecorded, "end_date", r#""2021-12-31""#),
        RejectReason::InvalidPayload,
        "payload.end_date: ",
    );
    assert_rejected(
        &with_member(EventType::FinancePayment, "amount", "0"),
        RejectReason::InvalidPayload,
        "payload.amount: must be greater than 0",
    );
    assert_rejected(
        &with_member(EventType::FinanceReceipt, "amount", "0.00"),
        RejectReason::InvalidPayload,
        "payload.amount: must be greater than 0",
    );
    accept(&with_member(
        EventType::FinanceCashCount,
        "cash_on_hand",
        "0",
    ));
    assert_rejected(
        &with_member(EventType::VehicleRefueled, "liters", "0"),
        RejectReason::InvalidPayload,
        "payload.liters: must be greater than 0",
    );
    assert_rejected(
        &with_member(EventType::VehicleRefueled, "tank_capacity_l", "-50"),
        RejectReason::InvalidPayload,
        "payload.tank_capacity_l: must be greater than 0",
    );
    assert_rejected(
        &with_member(EventType::RegistryKinship, "relative_id", r#""p-2""#),
        RejectReason::InvalidPayload,
        "payload.relative_id: must equal cadre_id when relation is none",
    );
    assert_rejected(
        &with_member(EventType::SubsidyDisbursed, "lines", "[]"),
        RejectReason::InvalidPayload,
        "payload.lines: must have at least one element",
    );
    assert_rejected(
        &with_member(EventType::DistributionDisbursed, "lines", "[]"),
        RejectReason::InvalidPayload,
        "payload.lines: must have at least one element",
    );
    assert_rejected(
        &with_member(EventType::OversightChecked, "checker_ids", "[]"),
        RejectReason::InvalidPayload,
        "payload.checker_ids: must have at least one element",
    );
    accept(&with_member(EventType::ProjectAwarded, "bidders", "[]"));
}

#[test]
fn extreme_timestamps_are_refused_not_overflowed() {
    assert_rejected(
        &with_member(EventType::LaborClaim, "work_start_date", r#""0001-01-01""#),
        RejectReason::InvalidPayload,
        "payload.work_start_date: date outside the years",
    );
    assert_rejected(
        &with_member(EventType::OversightChecked, "period", r#""9999Q4""#),
        RejectReason::InvalidPayload,
        "payload.period: period outside the years",
    );
    for text in [
        "2262-04-11T23:47:16.854775807-23:59",
        "1677-09-21T00:12:43Z",
        "0000-01-01T00:00:00Z",
        "9999-12-31T23:59:59+23:59",
    ] {
        let line = CONTRACT_EXAMPLES[6].replace("2022-05-07T00:00:00+08:00", text);
        assert_rejected(&line, RejectReason::InvalidEnvelope, "occurred_at: ");
    }
}

/// JSON values of every type, to put where another type belongs.
const REPLACEMENT_VALUES: [&str; 16] = [
    "null",
    "true",
    "0",
    "-1",
    "1.5",
    "1.005",
    "1e3",
    "99999999999999999999999",
    "\"\"",
    "\" x \"",
    "\"2022-04-25\"",
    "\"2022Q1\"",
    "[]",
    "[1]",
    "{}",
    "{\"a\":null}",
];

/// The paths of every value inside `value`, as JSON pointers.
fn value_pointers(value: &Value, prefix: String, out: &mut Vec<String>) {
    match value {
        Value::Object(members) => {
            for (name, member) in members {
                let pointer = format!("{prefix}/{}", name.replace('~', "~0").replace('/', "~1"));
                out.push(pointer.clone());
                value_pointers(member, pointer, out);
            }
        }
        Value::Array(elements) => {
            for (index, element) in elements.iter().enumerate() {
                let pointer = format!("{prefix}/{index}");
                out.push(pointer.clone());
                value_pointers(element, pointer, out);
            }
        }
        _ => {}
    }
}

#[derive(Clone, Debug)]
enum Mutation {
    DeleteChar(usize),
    InsertChar(usize, char),
    ReplaceValue(usize, usize),
    DropMember(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let interesting = prop::sample::select(vec![
        '{', '}', '[', ']', '"', ',', ':', '\\', '0', '9', '-', '.', 'e', ' ', 'a', '*', '户',
        '\u{0}', '\u{7f}',
    ]);
    prop_oneof![
        any::<usize>().prop_map(Mutation::DeleteChar),
        (any::<usize>(), interesting).prop_map(|(at, c)| Mutation::InsertChar(at, c)),
        (any::<usize>(), 0..REPLACEMENT_VALUES.len())
            .prop_map(|(at, v)| Mutation::ReplaceValue(at, v)),
        any::<usize>().prop_map(Mutation::DropMember),
    ]
}

fn apply(line: &str, mutation: &Mutation) -> String {
    let boundaries: Vec<usize> = line
        .char_indices()
        .map(|(at, _)| at)
        .chain([line.len()])
        .collect();
    match mutation {
        Mutation::DeleteChar(at) => {
            let start = boundaries[at % (boundaries.len() - 1)];
            let mut text = line.to_string();
            text.remove(start);
            text
        }
        Mutation::InsertChar(at, c) => {
            let mut text = line.to_string();
            text.insert(boundaries[at % boundaries.len()], *c);
            text
        }
        Mutation::ReplaceValue(at, replacement) => {
            let mut value: Value = serde_json::from_str(line).unwrap();
            let mut pointers = Vec::new();
            value_pointers(&value, String::new(), &mut pointers);
            let pointer = &pointers[at % pointers.len()];
            *value.pointer_mut(pointer).unwrap() =
                serde_json::from_str(REPLACEMENT_VALUES[*replacement]).unwrap();
            value.to_string()
        }
        Mutation::DropMember(at) => {
            let mut value: Value = serde_json::from_str(line).unwrap();
            let mut pointers = Vec::new();
            value_pointers(&value, String::new(), &mut pointers);
            let pointer = pointers[at % pointers.len()].clone();
            let (parent, last) = pointer.rsplit_once('/').unwrap();
            match value.pointer_mut(parent).unwrap() {
                Value::Object(members) => {
                    members.remove(&last.replace("~1", "/").replace("~0", "~"));
                }
                Value::Array(elements) => {
                    elements.remove(last.parse::<usize>().unwrap());
                }
                _ => unreachable!(),
            }
            value.to_string()
        }
    }
}

/// Whatever the input, decoding returns an event or a rejection with a detail; an accepted
/// event survives `to_json` and every accessor.
fn check_decode(bytes: &[u8]) -> Result<(), TestCaseError> {
    match decode(bytes, &options()) {
        Ok(decoded) => {
            let event = decoded.event;
            let again = decode(event.to_json().to_string().as_bytes(), &options());
            prop_assert_eq!(again.map(|d| d.event), Ok(event.clone()));
            let _ = (
                event.record_key(),
                event.content_hash(),
                event.is_deletion(),
            );
            for name in event.to_json()["payload"]
                .as_object()
                .into_iter()
                .flat_map(|members| members.keys())
            {
                prop_assert!(event.field(name).is_some());
            }
        }
        Err(rejection) => prop_assert!(!rejection.detail.is_empty(), "{:?}", rejection),
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        check_decode(&bytes)?;
    }

    #[test]
    fn mutated_lines_never_panic(index in 0..35usize, mutations in prop::collection::vec(mutation(), 1..4)) {
        let mut line = sample_lines()[index].to_string();
        for mutation in &mutations {
            // A text mutation may leave invalid JSON, which the value mutations cannot edit.
            if serde_json::from_str::<Value>(&line).is_err() && matches!(mutation, Mutation::ReplaceValue(..) | Mutation::DropMember(..)) {
                continue;
            }
            line = apply(&line, mutation);
        }
        check_decode(line.as_bytes())?;
    }

    #[test]
    fn json_shaped_garbage_never_panics(text in r#"\{("[a-z_]{1,12}":("[^"\\]{0,8}"|-?[0-9]{1,3}(\.[0-9]{1,4})?|true|null|\{\}|\[\]),){0,8}"payload":\{\}\}"#) {
        check_decode(text.as_bytes())?;
    }
}

#[test]
fn deep_nesting_in_ignored_members_is_fine() {
    let deep = format!("{}{}", "[".repeat(50_000), "]".repeat(50_000));
    let line = CONTRACT_EXAMPLES[6].replace(
        "\"payload\":{}",
        &format!("\"payload\":{{\"x\":{deep}}},\"extra\":{deep}"),
    );
    let decoded = accept(&line);
    assert_eq!(decoded.unknown_members, ["extra", "payload.x"]);
    let unclosed = CONTRACT_EXAMPLES[6].replace(
        "\"payload\":{}",
        &format!("\"payload\":{{\"x\":{}}}", "[".repeat(50_000)),
    );
    assert_eq!(reject(&unclosed).reason, RejectReason::InvalidJson);
    let deep_in_typed_member =
        CONTRACT_EXAMPLES[1].replace("\"lines\":[", &format!("\"lines\":[{deep},"));
    assert_rejected(
        &deep_in_typed_member,
        RejectReason::InvalidPayload,
        "payload.lines[0]: invalid type: sequence",
    );
}

/// Every member name in `value`, at any depth.
fn member_names(value: &Value, names: &mut std::collections::BTreeSet<String>) {
    match value {
        Value::Object(members) => {
            for (name, member) in members {
                names.insert(name.clone());
                member_names(member, names);
            }
        }
        Value::Array(elements) => elements
            .iter()
            .for_each(|element| member_names(element, names)),
        _ => {}
    }
}

#[test]
fn the_field_name_list_covers_every_member() {
    let mut names = std::collections::BTreeSet::new();
    for line in sample_lines() {
        member_names(&accept(line).event.to_json(), &mut names);
    }
    names.remove("payload");
    let listed: std::collections::BTreeSet<String> =
        mingjing_engine::event::field_names::FIELD_NAMES
            .iter()
            .map(|name| name.to_string())
            .collect();
    let missing: Vec<&String> = names.difference(&listed).collect();
    assert!(
        missing.is_empty(),
        "members missing from FIELD_NAMES: {missing:?}"
    );
}
