//! The OpenAPI description of `GET /api/stats` and of the statistics it answers.

use crate::cockpit::PARAMETERS;
use serde_json::{json, Value};

/// The operation, given the responses the document shares.
pub fn stats_operation(
    ok: Value,
    bad_request: Value,
    unauthorized: Value,
    forbidden: Value,
) -> Value {
    let parameters: Vec<Value> = PARAMETERS
        .iter()
        .map(|(name, description)| {
            let schema = match *name {
                "level" => json!({ "type": "string", "enum": ["city", "township", "village"], "default": "city" }),
                "from" | "to" => json!({ "type": "string", "format": "date-time" }),
                "id" => json!({ "type": "string" }),
                _ => json!({ "type": "integer", "minimum": 1 }),
            };
            json!({ "name": name, "in": "query", "required": false, "description": description, "schema": schema })
        })
        .collect();
    json!({
        "operationId": "cockpitStats", "tags": ["cockpit"],
        "summary": "Cockpit statistics of the city, a township or a village over a period",
        "description": "Counts by color, kind and category, median time to acknowledge and to dispose, open alerts overdue now, a row per week, and the villages ranked with their red/yellow flag. Village and department users count only the alerts they may see; the city commission, rule authors and ops count every alert.",
        "security": [{ "bearer": [] }],
        "parameters": parameters,
        "responses": {
            "200": ok,
            "400": bad_request,
            "401": unauthorized,
            "403": forbidden,
        }
    })
}

/// The schema of the statistics.
pub fn stats_schema() -> Value {
    let counts = json!({ "type": "object", "additionalProperties": { "type": "integer" } });
    json!({
        "type": "object",
        "required": ["scope", "now", "total", "by_color", "by_kind", "by_category", "overdue", "escalated", "weeks", "villages", "flag_policy", "flagged_red", "flagged_yellow"],
        "properties": {
            "scope": { "type": "object", "properties": { "level": { "type": "string", "enum": ["city", "township", "village"] }, "id": { "type": "string" } } },
            "from": { "type": ["string", "null"], "format": "date-time" },
            "to": { "type": ["string", "null"], "format": "date-time" },
            "now": { "type": "string", "format": "date-time", "description": "the instant overdue is judged at" },
            "total": { "type": "integer", "description": "alerts detected in the period" },
            "by_color": counts, "by_kind": counts, "by_category": counts,
            "median_seconds_to_acknowledge": { "type": ["integer", "null"] },
            "median_seconds_to_dispose": { "type": ["integer", "null"] },
            "overdue": { "type": "object", "properties": {
                "acknowledge": { "type": "integer", "description": "red, past the ack deadline" },
                "close": { "type": "integer", "description": "red or yellow, past the close deadline" },
                "total": { "type": "integer" } } },
            "escalated": { "type": "integer", "description": "alerts escalated at least once" },
            "weeks": { "type": "array", "items": { "type": "object", "properties": {
                "week": { "type": "string", "format": "date", "description": "its Monday" },
                "raised": { "type": "integer" }, "serious": { "type": "integer" }, "disposed": { "type": "integer" } } } },
            "villages": { "type": "array", "items": { "type": "object", "properties": {
                "village_id": { "type": "string" }, "township_id": { "type": "string" },
                "total": { "type": "integer" }, "serious": { "type": "integer" }, "open": { "type": "integer" },
                "overdue": { "type": "integer", "description": "missed a deadline: escalated, or open past one now" },
                "flag": { "type": "string", "enum": ["none", "yellow", "red"] } } } },
            "flag_policy": { "type": "object", "properties": {
                "red_serious": { "type": "integer" }, "red_overdue": { "type": "integer" },
                "yellow_serious": { "type": "integer" }, "yellow_overdue": { "type": "integer" } } },
            "flagged_red": { "type": "integer" },
            "flagged_yellow": { "type": "integer" }
        }
    })
}
