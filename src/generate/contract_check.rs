//! Validation of generated lines against the input contract (events.md §2-§6, §8) for the event
//! types the generator writes.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde_json::{Map, Value};

const TYPES: [&str; 35] = [
    "approval.submitted",
    "approval.step",
    "approval.completed",
    "labor.attendance",
    "labor.claim",
    "finance.payment",
    "finance.receipt",
    "finance.cash_count",
    "finance.budget",
    "procurement.order",
    "contract.recorded",
    "receivable.due",
    "lease.recorded",
    "asset.recorded",
    "project.awarded",
    "construction.started",
    "project.settled",
    "seal.used",
    "meeting.resolved",
    "disclosure.published",
    "subsidy.disbursed",
    "compensation.assessed",
    "distribution.disbursed",
    "oversight.checked",
    "vehicle.refueled",
    "report.filed",
    "report.accepted",
    "report.closed",
    "registry.person",
    "registry.cadre",
    "registry.kinship",
    "registry.company",
    "registry.land",
    "registry.calendar",
    "clock.tick",
];

const APPROVAL_KINDS: &[&str] = &[
    "labor",
    "payment",
    "procurement",
    "seal",
    "project",
    "contract",
    "lease",
    "subsidy",
    "compensation",
    "homestead",
    "distribution",
    "resolution",
];
const STEP_ROLES: &[&str] = &["leader", "finance", "supervision", "township", "other"];
const STEP_ACTIONS: &[&str] = &["pending", "approved", "rejected", "returned"];
const DECISIONS: &[&str] = &["approved", "rejected", "withdrawn"];
const TENDER: &[&str] = &[
    "public_tender",
    "competitive_negotiation",
    "inquiry",
    "direct_award",
    "self_build",
];
const PARTY: &[&str] = &["person", "company", "other"];
const METHOD: &[&str] = &["bank", "cash", "other"];
const PURPOSE: &[&str] = &[
    "goods",
    "services",
    "construction",
    "labor",
    "hospitality",
    "allowance",
    "welfare",
    "gift",
    "compensation",
    "distribution",
    "tax_fee",
    "other",
];
const CADRE_ROLES: &[&str] = &[
    "party_secretary",
    "deputy_secretary",
    "director",
    "deputy_director",
    "committee_member",
    "supervisory_head",
    "supervisory_member",
    "accountant",
    "group_leader",
    "other",
];
const RELATIONS: &[&str] = &[
    "spouse",
    "parent",
    "child",
    "sibling",
    "grandparent",
    "grandchild",
    "parent_in_law",
    "child_in_law",
    "sibling_in_law",
    "uncle_aunt",
    "nephew_niece",
    "cousin",
    "none",
];
const LAND: &[&str] = &["contract_farmland", "homestead", "forest", "other"];
const SEAL_MATTERS: &[&str] = &["labor", "construction_contract", "building", "other"];
const CONTRACT_TYPES: &[&str] = &[
    "procurement",
    "construction",
    "subcontract",
    "lease",
    "service",
    "labor",
    "sale",
    "other",
];
const DAY_TYPES: &[&str] = &["workday", "holiday"];
const RECEIVABLE_KINDS: &[&str] = &["rent", "deposit", "contract", "other"];
const MEETING_TYPES: &[&str] = &[
    "party_branch",
    "joint_committees",
    "party_members",
    "villager_reps",
    "members_assembly",
    "members_reps",
];
const PROCEDURES: &[&str] = &["five_step", "ordinary"];
const ASSET_TYPES: &[&str] = &["land", "building", "facility", "equipment", "other"];
const USE_STATUS: &[&str] = &["self_use", "leased", "idle"];
const CONSTRUCTION_TARGETS: &[&str] = &["project", "homestead"];
const DISCLOSURE_CATEGORIES: &[&str] = &["finance", "affairs", "party"];
const ITEM_TYPES: &[&str] = &[
    "finance_statement",
    "resolution",
    "project",
    "procurement",
    "contract",
    "asset_lease",
    "subsidy",
    "compensation",
    "homestead",
    "distribution",
    "labor",
    "other",
];

/// A period `YYYYQn`.
fn period(o: &Map<String, Value>, k: &str) -> Check {
    let text = member(o, k)?
        .as_str()
        .ok_or(format!("payload.{k} not a string"))?;
    let b = text.as_bytes();
    let valid = b.len() == 6
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'Q'
        && (b'1'..=b'4').contains(&b[5]);
    if valid {
        Ok(())
    } else {
        Err(format!("payload.{k} is not a period: {text}"))
    }
}

type Check = Result<(), String>;

fn member<'a>(o: &'a Map<String, Value>, k: &str) -> Result<&'a Value, String> {
    o.get(k)
        .filter(|v| !v.is_null())
        .ok_or_else(|| format!("payload.{k} missing"))
}

fn present(o: &Map<String, Value>, k: &str) -> bool {
    o.get(k).is_some_and(|v| !v.is_null())
}

fn id_value(v: &Value, path: &str) -> Check {
    let s = v.as_str().ok_or(format!("{path} not a string"))?;
    if s.is_empty() || s.chars().count() > 128 || s.trim() != s {
        return Err(format!("{path} not an id: {s:?}"));
    }
    Ok(())
}

fn id(o: &Map<String, Value>, k: &str) -> Check {
    id_value(member(o, k)?, &format!("payload.{k}"))
}

fn opt_id(o: &Map<String, Value>, k: &str) -> Check {
    match o.get(k) {
        None | Some(Value::Null) => Ok(()),
        Some(Value::String(s)) if s.is_empty() => Ok(()),
        Some(v) => id_value(v, &format!("payload.{k}")),
    }
}

fn string(o: &Map<String, Value>, k: &str) -> Check {
    member(o, k)?
        .as_str()
        .map(|_| ())
        .ok_or(format!("payload.{k} not a string"))
}

fn boolean(o: &Map<String, Value>, k: &str) -> Check {
    member(o, k)?
        .as_bool()
        .map(|_| ())
        .ok_or(format!("payload.{k} not a boolean"))
}

fn enumeration(o: &Map<String, Value>, k: &str, values: &[&str]) -> Check {
    let s = member(o, k)?
        .as_str()
        .ok_or(format!("payload.{k} not a string"))?;
    if values.contains(&s) {
        Ok(())
    } else {
        Err(format!("payload.{k} = {s} not in the enum"))
    }
}

fn number_text(v: &Value, path: &str) -> Result<String, String> {
    match v {
        Value::Number(n) => Ok(n.to_string()),
        _ => Err(format!("{path} not a number")),
    }
}

/// A money literal: at most 2 fraction digits, no exponent, 0 to 999999999999.99.
pub fn money_value(v: &Value, path: &str) -> Result<i64, String> {
    let text = number_text(v, path)?;
    let (whole, frac) = text.split_once('.').unwrap_or((&text, ""));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || (!frac.is_empty() && !digits(frac)) || frac.len() > 2 || whole.len() > 12 {
        return Err(format!("{path} = {text} is not a money literal"));
    }
    Ok(whole.parse::<i64>().unwrap() * 100 + format!("{frac:0<2}").parse::<i64>().unwrap())
}

fn money(o: &Map<String, Value>, k: &str) -> Result<i64, String> {
    money_value(member(o, k)?, &format!("payload.{k}"))
}

fn decimal(v: &Value, path: &str) -> Check {
    let text = number_text(v, path)?;
    let frac = text.split_once('.').map_or("", |(_, f)| f);
    if text.contains(['e', 'E']) || frac.len() > 8 {
        return Err(format!("{path} = {text} is not a decimal"));
    }
    Ok(())
}

fn integer(o: &Map<String, Value>, k: &str) -> Result<i64, String> {
    member(o, k)?
        .as_i64()
        .ok_or(format!("payload.{k} not an integer"))
}

fn timestamp_value(v: &Value, path: &str) -> Result<DateTime<FixedOffset>, String> {
    let s = v.as_str().ok_or(format!("{path} not a string"))?;
    if s.len() < 20 || &s[16..17] != ":" {
        return Err(format!("{path} = {s} lacks seconds"));
    }
    DateTime::parse_from_rfc3339(s).map_err(|e| format!("{path} = {s}: {e}"))
}

fn timestamp(o: &Map<String, Value>, k: &str) -> Result<DateTime<FixedOffset>, String> {
    timestamp_value(member(o, k)?, &format!("payload.{k}"))
}

fn date_value(v: &Value, path: &str) -> Result<NaiveDate, String> {
    let s = v.as_str().ok_or(format!("{path} not a string"))?;
    if s.len() != 10 {
        return Err(format!("{path} = {s} not YYYY-MM-DD"));
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|e| format!("{path} = {s}: {e}"))
}

fn date(o: &Map<String, Value>, k: &str) -> Result<NaiveDate, String> {
    date_value(member(o, k)?, &format!("payload.{k}"))
}

fn ids(o: &Map<String, Value>, k: &str) -> Check {
    let arr = member(o, k)?
        .as_array()
        .ok_or(format!("payload.{k} not an array"))?;
    for (i, v) in arr.iter().enumerate() {
        id_value(v, &format!("payload.{k}[{i}]"))?;
    }
    Ok(())
}

fn local_date(t: DateTime<FixedOffset>) -> NaiveDate {
    t.with_timezone(&FixedOffset::east_opt(8 * 3600).unwrap())
        .date_naive()
}

/// Checks one line; `Err` names the first violation.
pub fn check_line(line: &str) -> Check {
    let v: Value = serde_json::from_str(line).map_err(|e| format!("invalid_json: {e}"))?;
    let env = v.as_object().ok_or("not an object")?;
    for k in [
        "event_id",
        "type",
        "occurred_at",
        "township_id",
        "village_id",
    ] {
        id_value(env.get(k).ok_or(format!("{k} missing"))?, k)?;
    }
    let kind = env["type"].as_str().unwrap();
    if !TYPES.contains(&kind) {
        return Err(format!("unknown_type {kind}"));
    }
    let occurred = timestamp_value(&env["occurred_at"], "occurred_at")?;
    let global_allowed = matches!(
        kind,
        "registry.company" | "registry.calendar" | "clock.tick"
    );
    for k in ["township_id", "village_id"] {
        if env[k] == "*" && !global_allowed {
            return Err(format!("{k} = * on {kind}"));
        }
    }
    let p = env
        .get("payload")
        .and_then(Value::as_object)
        .ok_or("payload not an object")?;
    match kind {
        "approval.submitted" => {
            id(p, "approval_id")?;
            enumeration(p, "kind", APPROVAL_KINDS)?;
            id(p, "subject_id")?;
            string(p, "title")?;
            id(p, "applicant_id")?;
            if present(p, "amount") {
                money(p, "amount")?;
            }
            opt_id(p, "project_id")?;
            opt_id(p, "counterparty_id")?;
            opt_id(p, "ref_approval_id")?;
            if p["kind"] == "seal" {
                id(p, "seal_id")?;
                if integer(p, "seal_count")? < 1 {
                    return Err("payload.seal_count < 1".into());
                }
                string(p, "doc_hash")?;
                enumeration(p, "matter_type", SEAL_MATTERS)?;
            }
            if p["kind"] == "homestead" {
                id(p, "household_id")?;
                decimal(member(p, "area_m2")?, "payload.area_m2")?;
                opt_id(p, "parcel_id")?;
            }
            if p["kind"] == "project" {
                money(p, "amount")?;
                let location = member(p, "location")?.as_object().ok_or("location")?;
                decimal(location.get("lat").ok_or("lat")?, "payload.location.lat")?;
                decimal(location.get("lon").ok_or("lon")?, "payload.location.lon")?;
                enumeration(p, "tender_method", TENDER)?;
                boolean(p, "via_trading_centre")?;
            }
        }
        "approval.step" => {
            id(p, "approval_id")?;
            if integer(p, "step_no")? < 1 {
                return Err("payload.step_no < 1".into());
            }
            enumeration(p, "role", STEP_ROLES)?;
            enumeration(p, "action", STEP_ACTIONS)?;
            if p["action"] != "pending" {
                id(p, "actor_id")?;
            }
        }
        "approval.completed" => {
            id(p, "approval_id")?;
            enumeration(p, "decision", DECISIONS)?;
            opt_id(p, "final_approver_id")?;
        }
        "labor.attendance" => {
            for k in ["attendance_id", "job_id", "worker_id"] {
                id(p, k)?;
            }
            let start = timestamp(p, "start_at")?;
            let end = timestamp(p, "end_at")?;
            if !(start < end && end <= occurred) {
                return Err("start_at < end_at <= occurred_at fails".into());
            }
        }
        "labor.claim" => {
            id(p, "claim_id")?;
            id(p, "job_id")?;
            let ws = date(p, "work_start_date")?;
            let we = date(p, "work_end_date")?;
            if !(ws <= we && we <= local_date(occurred)) {
                return Err("work_start_date <= work_end_date <= date(occurred_at) fails".into());
            }
            let lines = member(p, "lines")?.as_array().ok_or("lines not an array")?;
            if lines.is_empty() {
                return Err("payload.lines empty".into());
            }
            let mut sum = 0;
            for (i, l) in lines.iter().enumerate() {
                let l = l.as_object().ok_or("line not an object")?;
                id_value(
                    l.get("worker_id").ok_or("worker_id")?,
                    &format!("payload.lines[{i}].worker_id"),
                )?;
                sum += money_value(
                    l.get("amount").ok_or("amount")?,
                    &format!("payload.lines[{i}].amount"),
                )?;
            }
            if money(p, "total_amount")? != sum {
                return Err("total_amount is not the sum of the lines".into());
            }
            opt_id(p, "dispatch_slip_id")?;
            boolean(p, "signatures_complete")?;
        }
        "finance.payment" => {
            id(p, "payment_id")?;
            if money(p, "amount")? <= 0 {
                return Err("payment amount must be > 0".into());
            }
            enumeration(p, "method", METHOD)?;
            id(p, "payee_id")?;
            enumeration(p, "payee_type", PARTY)?;
            if p["method"] == "bank" {
                string(p, "account_no")?;
            }
            enumeration(p, "purpose", PURPOSE)?;
            for k in [
                "approval_id",
                "claim_id",
                "project_id",
                "contract_id",
                "order_id",
                "budget_line_id",
            ] {
                opt_id(p, k)?;
            }
            if present(p, "invoice_no") {
                string(p, "invoice_no")?;
            }
        }
        "finance.receipt" => {
            id(p, "receipt_id")?;
            if money(p, "amount")? <= 0 {
                return Err("receipt amount must be > 0".into());
            }
            enumeration(p, "method", METHOD)?;
            id(p, "payer_id")?;
            if date(p, "received_on")? > local_date(occurred) {
                return Err("received_on after date(occurred_at)".into());
            }
            opt_id(p, "receivable_id")?;
        }
        "finance.cash_count" => {
            id(p, "count_id")?;
            money(p, "cash_on_hand")?;
            opt_id(p, "counted_by")?;
        }
        "finance.budget" => {
            id(p, "budget_line_id")?;
            integer(p, "year")?;
            string(p, "name")?;
            money(p, "amount")?;
        }
        "procurement.order" => {
            id(p, "order_id")?;
            id(p, "supplier_id")?;
            enumeration(p, "supplier_type", PARTY)?;
            string(p, "category")?;
            money(p, "amount")?;
            if integer(p, "quotes_count")? < 0 {
                return Err("payload.quotes_count < 0".into());
            }
            boolean(p, "via_platform")?;
            date(p, "ordered_on")?;
            if present(p, "delivered_on") {
                date(p, "delivered_on")?;
            }
            if let Some(lines) = p.get("lines").filter(|v| !v.is_null()) {
                for (i, l) in lines
                    .as_array()
                    .ok_or("lines not an array")?
                    .iter()
                    .enumerate()
                {
                    let l = l.as_object().ok_or("line not an object")?;
                    string(l, "item")?;
                    decimal(
                        l.get("quantity").ok_or("quantity")?,
                        &format!("payload.lines[{i}].quantity"),
                    )?;
                    money(l, "unit_price")?;
                    if present(l, "reference_unit_price") {
                        money(l, "reference_unit_price")?;
                    }
                }
            }
        }
        "contract.recorded" => {
            id(p, "contract_id")?;
            enumeration(p, "contract_type", CONTRACT_TYPES)?;
            opt_id(p, "parent_contract_id")?;
            opt_id(p, "subject_id")?;
            string(p, "title")?;
            id(p, "party_b_id")?;
            enumeration(p, "party_b_type", PARTY)?;
            money(p, "amount")?;
            date(p, "signed_on")?;
            opt_id(p, "resolution_id")?;
            opt_id(p, "approval_id")?;
        }
        "receivable.due" => {
            id(p, "receivable_id")?;
            enumeration(p, "kind", RECEIVABLE_KINDS)?;
            id(p, "debtor_id")?;
            money(p, "amount")?;
            date(p, "due_date")?;
            opt_id(p, "lease_id")?;
            opt_id(p, "contract_id")?;
        }
        "meeting.resolved" => {
            id(p, "resolution_id")?;
            enumeration(p, "meeting_type", MEETING_TYPES)?;
            enumeration(p, "procedure", PROCEDURES)?;
            ids(p, "subject_ids")?;
            boolean(p, "passed")?;
            let expected = integer(p, "expected_attendees")?;
            let present_count = integer(p, "present_attendees")?;
            if expected < 1 || present_count < 0 {
                return Err("attendee counts out of range".into());
            }
            string(p, "title")?;
        }
        "disclosure.published" => {
            id(p, "disclosure_id")?;
            let category = member(p, "category")?.as_str().unwrap_or("");
            enumeration(p, "category", DISCLOSURE_CATEGORIES)?;
            if category == "finance" {
                period(p, "period")?;
                money(p, "income_total")?;
                money(p, "expense_total")?;
            } else if present(p, "period") {
                period(p, "period")?;
            }
            let items = member(p, "items")?.as_array().ok_or("items not an array")?;
            for (n, item) in items.iter().enumerate() {
                let item = item
                    .as_object()
                    .ok_or(format!("items[{n}] not an object"))?;
                enumeration(item, "item_type", ITEM_TYPES)?;
                opt_id(item, "ref_id")?;
            }
            opt_id(p, "reviewed_by")?;
        }
        "lease.recorded" => {
            for k in ["lease_id", "asset_id", "lessee_id"] {
                id(p, k)?;
            }
            enumeration(p, "lessee_type", PARTY)?;
            if date(p, "end_date")? < date(p, "start_date")? {
                return Err("end_date before start_date".into());
            }
            money(p, "annual_rent")?;
            boolean(p, "via_exchange")?;
            opt_id(p, "previous_lease_id")?;
        }
        "asset.recorded" => {
            id(p, "asset_id")?;
            string(p, "name")?;
            enumeration(p, "asset_type", ASSET_TYPES)?;
            for k in ["area_m2", "gis_area_m2"] {
                if present(p, k) {
                    decimal(&p[k], &format!("payload.{k}"))?;
                }
            }
            enumeration(p, "use_status", USE_STATUS)?;
            date(p, "status_since")?;
        }
        "project.awarded" => {
            id(p, "project_id")?;
            let bidders = member(p, "bidders")?.as_array().ok_or("bidders")?;
            for b in bidders {
                let b = b.as_object().ok_or("bidder not an object")?;
                id(b, "bidder_id")?;
                enumeration(b, "bidder_type", PARTY)?;
                if present(b, "bid_amount") {
                    money(b, "bid_amount")?;
                }
            }
            id(p, "winner_id")?;
            money(p, "award_amount")?;
            date(p, "awarded_on")?;
        }
        "construction.started" => {
            let target = p.get("target").and_then(Value::as_str).unwrap_or("");
            enumeration(p, "target", CONSTRUCTION_TARGETS)?;
            date(p, "started_on")?;
            if target == "project" {
                id(p, "project_id")?;
                id(p, "builder_id")?;
            } else {
                id(p, "homestead_id")?;
                decimal(member(p, "area_m2")?, "payload.area_m2")?;
            }
        }
        "compensation.assessed" => {
            for k in [
                "assessment_id",
                "scheme_id",
                "parcel_id",
                "household_id",
                "recipient_id",
                "payee_id",
            ] {
                id(p, k)?;
            }
            decimal(member(p, "area_mu")?, "payload.area_mu")?;
            let seedlings = integer(p, "seedling_count")?;
            if integer(p, "grave_count")? < 0 || seedlings < 0 {
                return Err("negative count".into());
            }
            if seedlings > 0 {
                decimal(
                    member(p, "seedling_norm_per_mu")?,
                    "payload.seedling_norm_per_mu",
                )?;
            }
            money(p, "amount")?;
            ids(p, "dept_staff_ids")?;
        }
        "project.settled" => {
            id(p, "project_id")?;
            money(p, "settled_amount")?;
            date(p, "settled_on")?;
            opt_id(p, "builder_id")?;
        }
        "seal.used" => {
            id(p, "seal_use_id")?;
            id(p, "seal_id")?;
            opt_id(p, "approval_id")?;
            if integer(p, "stamp_count")? < 1 {
                return Err("payload.stamp_count < 1".into());
            }
            string(p, "doc_hash")?;
            if integer(p, "blank_pages")? < 0 {
                return Err("payload.blank_pages < 0".into());
            }
        }
        "vehicle.refueled" => {
            id(p, "refuel_id")?;
            id(p, "vehicle_id")?;
            decimal(member(p, "liters")?, "payload.liters")?;
            decimal(member(p, "tank_capacity_l")?, "payload.tank_capacity_l")?;
            if present(p, "amount") {
                money(p, "amount")?;
            }
        }
        "distribution.disbursed" => {
            id(p, "disbursement_id")?;
            id(p, "distribution_id")?;
            integer(p, "year")?;
            opt_id(p, "resolution_id")?;
            money(p, "distributable_income")?;
            let lines = member(p, "lines")?.as_array().ok_or("lines not an array")?;
            if lines.is_empty() {
                return Err("lines must not be empty".into());
            }
            for line in lines {
                let line = line.as_object().ok_or("line not an object")?;
                id(line, "recipient_id")?;
                money(line, "amount")?;
            }
        }
        "registry.person" => {
            id(p, "person_id")?;
            string(p, "name")?;
            id(p, "household_id")?;
            boolean(p, "is_member")?;
            boolean(p, "resident")?;
            if present(p, "deceased_on") {
                date(p, "deceased_on")?;
            }
            let accounts = member(p, "bank_accounts")?
                .as_array()
                .ok_or("bank_accounts")?;
            if accounts.iter().any(|a| !a.is_string()) {
                return Err("bank_accounts must hold strings".into());
            }
            if let Some(pools) = p.get("labor_pools").filter(|v| !v.is_null()) {
                for pool in pools.as_array().ok_or("labor_pools not an array")? {
                    let pool = pool.as_object().ok_or("pool not an object")?;
                    id(pool, "village_id")?;
                    date(pool, "approved_on")?;
                    if present(pool, "annual_cap") {
                        money(pool, "annual_cap")?;
                    }
                }
            }
        }
        "registry.cadre" => {
            id(p, "person_id")?;
            enumeration(p, "role", CADRE_ROLES)?;
            let start = date(p, "term_start")?;
            if present(p, "term_end") && date(p, "term_end")? < start {
                return Err("term_end before term_start".into());
            }
            if present(p, "allowance_monthly") {
                money(p, "allowance_monthly")?;
            }
            opt_id(p, "allowance_resolution_id")?;
        }
        "registry.kinship" => {
            id(p, "cadre_id")?;
            id(p, "relative_id")?;
            enumeration(p, "relation", RELATIONS)?;
            timestamp(p, "declared_at")?;
            if p["relation"] == "none" && p["relative_id"] != p["cadre_id"] {
                return Err("relation none must name the cadre".into());
            }
        }
        "registry.company" => {
            id(p, "company_id")?;
            string(p, "name")?;
            ids(p, "owner_ids")?;
            opt_id(p, "legal_rep_id")?;
            ids(p, "manager_ids")?;
        }
        "registry.land" => {
            for k in ["holding_id", "holder_id", "household_id", "parcel_id"] {
                id(p, k)?;
            }
            enumeration(p, "land_type", LAND)?;
            decimal(member(p, "area_mu")?, "payload.area_mu")?;
            boolean(p, "certified")?;
        }
        "subsidy.disbursed" => {
            id(p, "subsidy_id")?;
            string(p, "subsidy_type")?;
            integer(p, "year")?;
            let lines = member(p, "lines")?.as_array().ok_or("lines not an array")?;
            if lines.is_empty() {
                return Err("payload.lines empty".into());
            }
            for (i, l) in lines.iter().enumerate() {
                let l = l.as_object().ok_or("line not an object")?;
                id(l, "recipient_id").map_err(|e| format!("lines[{i}]: {e}"))?;
                money(l, "amount").map_err(|e| format!("lines[{i}]: {e}"))?;
                string(l, "account_no").map_err(|e| format!("lines[{i}]: {e}"))?;
                if present(l, "claimed_area_mu") {
                    decimal(
                        &l["claimed_area_mu"],
                        &format!("lines[{i}].claimed_area_mu"),
                    )?;
                }
            }
        }
        "registry.calendar" => {
            date(p, "date")?;
            enumeration(p, "day_type", DAY_TYPES)?;
        }
        "report.filed" => {
            id(p, "report_id")?;
            string(p, "topic")?;
            opt_id(p, "subject_ref")?;
            opt_id(p, "repeat_of")?;
        }
        "report.accepted" => {
            id(p, "report_id")?;
            id(p, "handler_id")?;
        }
        "report.closed" => {
            id(p, "report_id")?;
            enumeration(
                p,
                "satisfaction",
                &[
                    "satisfied",
                    "basically_satisfied",
                    "unsatisfied",
                    "no_response",
                ],
            )?;
        }
        "clock.tick" => {}
        other => return Err(format!("the generator does not write {other}")),
    }
    Ok(())
}
