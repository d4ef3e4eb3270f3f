//! The OpenAPI 3 document of the `/api` routes, served at `GET /api/openapi.json`. Written by
//! hand (as data) and tested against [`api_routes`](crate::routes::api_routes).

use crate::openapi_cockpit::{stats_operation, stats_schema};
use crate::queue::PARAMETERS;
use axum::Json;
use serde_json::{json, Value};

fn error_response(description: &str) -> Value {
    json!({
        "description": description,
        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } }
    })
}

fn alert_error_response(description: &str) -> Value {
    json!({
        "description": description,
        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/ErrorWithAlert" } } }
    })
}

fn json_response(description: &str, schema: &str) -> Value {
    json!({
        "description": description,
        "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{schema}") } } }
    })
}

fn alert_id_parameter() -> Value {
    json!({
        "name": "alert_id", "in": "path", "required": true,
        "description": "the alert's id (32 hex digits)",
        "schema": { "type": "string" }
    })
}

/// An officer action: its summary, its body schema and whether a body is required.
fn action_operation(name: &str, summary: &str, body_schema: &str, body_required: bool) -> Value {
    json!({
        "operationId": name,
        "tags": ["actions"],
        "summary": summary,
        "security": [{ "bearer": [] }],
        "parameters": [alert_id_parameter()],
        "requestBody": {
            "required": body_required,
            "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{body_schema}") } } }
        },
        "responses": {
            "200": json_response("the alert after the action", "TrackedAlert"),
            "400": error_response("a body field is missing or wrong; the message names it"),
            "401": error_response("missing, unknown, expired or revoked token"),
            "403": error_response("you see the alert but may not do this to it"),
            "404": error_response("no such alert in your scope"),
            "409": alert_error_response("the alert changed since `version`, or another action came first; `alert` is its current state"),
            "422": alert_error_response("the lifecycle does not allow this (e.g. disposing a green alert, an unknown disposition or department)"),
            "500": error_response("internal failure (logged)"),
        }
    })
}

/// The operation objects by (method, path), lower-case methods as OpenAPI writes them.
pub fn operations() -> Vec<(&'static str, &'static str, Value)> {
    let unauthorized = error_response("missing, unknown, expired or revoked token");
    let queue_parameters: Vec<Value> = PARAMETERS
        .iter()
        .map(|(name, description)| {
            let schema = match *name {
                "color" => json!({ "type": "string", "enum": ["red", "yellow", "green"] }),
                "kind" => json!({ "type": "string", "enum": ["efficiency", "irregular", "serious"] }),
                "overdue" => json!({ "type": "boolean" }),
                "from" | "to" => json!({ "type": "string", "format": "date-time" }),
                "sort" => json!({ "type": "string", "enum": ["detected_desc", "detected_asc", "deadline_asc"], "default": "detected_desc" }),
                "limit" => json!({ "type": "integer", "minimum": 1, "maximum": 500, "default": 50 }),
                _ => json!({ "type": "string" }),
            };
            json!({ "name": name, "in": "query", "required": false, "description": description, "schema": schema })
        })
        .collect();
    vec![
        (
            "post",
            "/api/login",
            json!({
                "operationId": "login", "tags": ["auth"],
                "summary": "Log in: a bearer token for the other routes",
                "security": [],
                "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/LoginRequest" } } } },
                "responses": {
                    "200": json_response("the token, when it expires, and the user", "LoginResponse"),
                    "400": error_response("username or password missing"),
                    "401": error_response("wrong username or password, or the user is disabled"),
                    "500": error_response("internal failure (logged)"),
                }
            }),
        ),
        (
            "post",
            "/api/logout",
            json!({
                "operationId": "logout", "tags": ["auth"],
                "summary": "Revoke the token of this request",
                "security": [{ "bearer": [] }],
                "responses": {
                    "200": { "description": "revoked", "content": { "application/json": { "schema": {
                        "type": "object", "required": ["logged_out"], "properties": { "logged_out": { "type": "boolean" } } } } } },
                    "401": unauthorized.clone(),
                }
            }),
        ),
        (
            "get",
            "/api/me",
            json!({
                "operationId": "me", "tags": ["auth"],
                "summary": "The user the token stands for",
                "security": [{ "bearer": [] }],
                "responses": { "200": json_response("the user", "User"), "401": unauthorized.clone() }
            }),
        ),
        (
            "get",
            "/api/alerts",
            json!({
                "operationId": "listAlerts", "tags": ["alerts"],
                "summary": "The alerts you may see, filtered, sorted and paged by cursor",
                "security": [{ "bearer": [] }],
                "parameters": queue_parameters,
                "responses": {
                    "200": json_response("a page; next_cursor is null on the last one", "QueuePage"),
                    "400": error_response("a parameter is wrong; the message names it"),
                    "401": unauthorized.clone(),
                    "500": error_response("internal failure (logged)"),
                }
            }),
        ),
        (
            "get",
            "/api/alerts/{alert_id}",
            json!({
                "operationId": "getAlert", "tags": ["alerts"],
                "summary": "One alert: evidence in full, routing history and audit trail",
                "security": [{ "bearer": [] }],
                "parameters": [alert_id_parameter()],
                "responses": {
                    "200": json_response("the alert", "AlertDetail"),
                    "401": unauthorized.clone(),
                    "404": error_response("no such alert in your scope"),
                    "500": error_response("internal failure (logged)"),
                }
            }),
        ),
        (
            "post",
            "/api/alerts/{alert_id}/acknowledge",
            action_operation(
                "acknowledge",
                "Acknowledge: red → yellow",
                "VersionBody",
                false,
            ),
        ),
        (
            "post",
            "/api/alerts/{alert_id}/dispose",
            action_operation(
                "dispose",
                "Dispose: red or yellow → green, with a disposition and a note",
                "DisposeBody",
                true,
            ),
        ),
        (
            "post",
            "/api/alerts/{alert_id}/comment",
            action_operation(
                "comment",
                "Add a comment to the audit trail",
                "CommentBody",
                true,
            ),
        ),
        (
            "post",
            "/api/alerts/{alert_id}/reassign",
            action_operation(
                "reassign",
                "Reassign to a department of the township (commissions only)",
                "ReassignBody",
                true,
            ),
        ),
        (
            "post",
            "/api/alerts/{alert_id}/reopen",
            action_operation(
                "reopen",
                "Reopen a green alert with a reason (commissions only)",
                "ReopenBody",
                true,
            ),
        ),
        (
            "get",
            "/api/stats",
            stats_operation(
                json_response("the statistics", "CockpitStats"),
                error_response("a parameter is wrong; the message names it"),
                unauthorized.clone(),
                error_response("the level asked is outside your scope"),
            ),
        ),
        (
            "get",
            "/api/thresholds",
            json!({
                "operationId": "listThresholds", "tags": ["catalog"],
                "summary": "The threshold catalog with the current parameter values",
                "security": [{ "bearer": [] }],
                "responses": { "200": json_response("the catalog", "Catalog"), "401": unauthorized }
            }),
        ),
        (
            "get",
            "/api/openapi.json",
            json!({
                "operationId": "openapi", "tags": ["meta"],
                "summary": "This document",
                "security": [],
                "responses": { "200": { "description": "the OpenAPI 3 document", "content": { "application/json": { "schema": { "type": "object" } } } } }
            }),
        ),
    ]
}

fn schemas() -> Value {
    let route = json!({
        "type": "object", "required": ["target", "township_id", "village_id"],
        "properties": {
            "target": { "type": "string", "enum": ["village", "township_commission", "dept", "city_commission"] },
            "township_id": { "type": "string" }, "village_id": { "type": "string" },
            "dept": { "type": ["string", "null"] }
        }
    });
    let version = json!({ "type": "integer", "description": "the alert's version as you read it: the action is refused (409) if it changed since" });
    json!({
        "Error": {
            "type": "object", "required": ["error", "message"],
            "properties": {
                "error": { "type": "string", "description": "snake_case code: bad_request, missing_token, invalid_token, token_expired, token_revoked, user_disabled, bad_credentials, forbidden, not_found, conflict, not_allowed, unavailable, internal" },
                "message": { "type": "string", "description": "what was wrong and what to do" }
            }
        },
        "ErrorWithAlert": {
            "allOf": [{ "$ref": "#/components/schemas/Error" }, {
                "type": "object",
                "properties": { "alert": { "$ref": "#/components/schemas/TrackedAlert" } }
            }]
        },
        "LoginRequest": {
            "type": "object", "required": ["username", "password"],
            "properties": { "username": { "type": "string" }, "password": { "type": "string", "format": "password" } }
        },
        "LoginResponse": {
            "type": "object", "required": ["token", "expires_at", "user"],
            "properties": {
                "token": { "type": "string" },
                "expires_at": { "type": "string", "format": "date-time" },
                "user": { "$ref": "#/components/schemas/User" }
            }
        },
        "User": {
            "type": "object", "required": ["username", "role", "disabled"],
            "properties": {
                "username": { "type": "string" },
                "role": { "type": "string", "enum": ["city_commission", "township_commission", "department", "village", "rule_author", "ops"] },
                "township_id": { "type": ["string", "null"] },
                "village_id": { "type": ["string", "null"] },
                "dept": { "type": ["string", "null"] },
                "disabled": { "type": "boolean" }
            }
        },
        "Route": route,
        "Escalation": {
            "type": "object", "required": ["at", "from", "to", "reason"],
            "properties": {
                "at": { "type": "string", "format": "date-time" },
                "from": { "$ref": "#/components/schemas/Route" },
                "to": { "$ref": "#/components/schemas/Route" },
                "reason": { "type": "string", "enum": ["ack_overdue", "close_overdue"] }
            }
        },
        "TrackedAlert": {
            "type": "object",
            "description": "An alert as spec/alerts.md defines it, with its lifecycle facts.",
            "required": ["alert_id", "threshold_id", "threshold_code", "category", "kind", "township_id", "village_id", "message", "detected_at", "route", "color", "ack_deadline", "close_deadline", "escalations", "version"],
            "properties": {
                "alert_id": { "type": "string" }, "threshold_id": { "type": "string" },
                "threshold_code": { "type": "string" }, "category": { "type": "string" },
                "kind": { "type": "string", "enum": ["efficiency", "irregular", "serious"] },
                "township_id": { "type": "string" }, "village_id": { "type": "string" },
                "dedup_key": { "type": "object" }, "message": { "type": "string" },
                "evidence": { "type": "array", "items": { "type": "object" }, "description": "in full on the detail and action answers; left out of queue rows" },
                "evidence_count": { "type": "integer", "description": "queue rows only" },
                "params": { "type": "object" }, "rule_version": { "type": "string" },
                "detected_at": { "type": "string", "format": "date-time" },
                "route": { "$ref": "#/components/schemas/Route" },
                "color": { "type": "string", "enum": ["red", "yellow", "green"] },
                "ack_deadline": { "type": "string", "format": "date-time" },
                "close_deadline": { "type": "string", "format": "date-time" },
                "disposition": { "type": ["string", "null"], "enum": ["confirmed_violation", "rectified", "false_positive", null] },
                "escalations": { "type": "array", "items": { "$ref": "#/components/schemas/Escalation" } },
                "late": { "type": "boolean" },
                "version": { "type": "integer" },
                "acknowledged_at": { "type": ["string", "null"], "format": "date-time" },
                "closed_at": { "type": ["string", "null"], "format": "date-time" }
            }
        },
        "QueuePage": {
            "type": "object", "required": ["items", "next_cursor"],
            "properties": {
                "items": { "type": "array", "items": { "$ref": "#/components/schemas/TrackedAlert" } },
                "next_cursor": { "type": ["string", "null"] }
            }
        },
        "AuditEntry": {
            "type": "object",
            "required": ["alert_id", "version", "at", "actor", "action", "from_color", "to_color", "from_route", "to_route"],
            "properties": {
                "alert_id": { "type": "string" }, "version": { "type": "integer" },
                "at": { "type": "string", "format": "date-time" }, "actor": { "type": "string" },
                "action": { "type": "string", "enum": ["acknowledge", "dispose", "comment", "reassign", "reopen", "escalate"] },
                "from_color": { "type": "string" }, "to_color": { "type": "string" },
                "from_route": { "$ref": "#/components/schemas/Route" },
                "to_route": { "$ref": "#/components/schemas/Route" },
                "disposition": { "type": ["string", "null"] }, "note": { "type": ["string", "null"] }
            }
        },
        "AlertDetail": {
            "allOf": [{ "$ref": "#/components/schemas/TrackedAlert" }, {
                "type": "object", "required": ["audit_trail", "may_act"],
                "properties": {
                    "audit_trail": { "type": "array", "items": { "$ref": "#/components/schemas/AuditEntry" } },
                    "may_act": { "type": "boolean", "description": "whether you may acknowledge, dispose or reassign it as it stands" }
                }
            }]
        },
        "VersionBody": { "type": "object", "additionalProperties": false, "properties": { "version": version } },
        "DisposeBody": {
            "type": "object", "additionalProperties": false, "required": ["disposition", "note"],
            "properties": {
                "disposition": { "type": "string", "enum": ["confirmed_violation", "rectified", "false_positive"] },
                "note": { "type": "string" }, "version": version
            }
        },
        "CommentBody": { "type": "object", "additionalProperties": false, "required": ["note"], "properties": { "note": { "type": "string" }, "version": version } },
        "ReassignBody": {
            "type": "object", "additionalProperties": false, "required": ["dept"],
            "properties": {
                "dept": { "type": "string", "enum": mingjing_engine::departments::DEPARTMENT_CODES },
                "note": { "type": "string" }, "version": version
            }
        },
        "ReopenBody": { "type": "object", "additionalProperties": false, "required": ["reason"], "properties": { "reason": { "type": "string" }, "version": version } },
        "Catalog": {
            "type": "object", "required": ["thresholds"],
            "properties": { "thresholds": { "type": "array", "items": {
                "type": "object",
                "required": ["id", "code", "category", "name_zh", "name_en", "kind", "route", "params"],
                "properties": {
                    "id": { "type": "string" }, "code": { "type": "string" }, "category": { "type": "string" },
                    "name_zh": { "type": "string" }, "name_en": { "type": "string" },
                    "kind": { "type": "string" }, "route": { "type": "string" }, "version": { "type": "string" },
                    "triggers": { "type": "array", "items": { "type": "string" } },
                    "when": { "type": "object", "description": "per trigger type, the tests on the event's fields that let it reach the script: a field name to the values it must hold (a list of strings or a boolean), or to one of {\"present\": bool}, {\"none_of\": [..]}, {\"above\"|\"at_least\"|\"below\"|\"at_most\": \"params.<name>\"}, {\"among\"|\"not_among\": \"params.<name>\"}; a list of such objects when the event may pass any one of them" },
                    "params": { "type": "object", "description": "parameter names and current values" }
                }
            } } }
        }
    })
}

/// The schemas of the alert routes and of the statistics.
fn all_schemas() -> Value {
    let mut all = schemas();
    all["CockpitStats"] = stats_schema();
    all
}

/// The whole document.
pub fn document() -> Value {
    let mut paths = serde_json::Map::new();
    for (method, path, operation) in operations() {
        let item = paths.entry(path).or_insert_with(|| json!({}));
        item[method] = operation;
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Mingjing alert API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "The alert queue of Mingjing (明镜): log in, list the alerts in your scope, read one with its evidence and audit trail, act on it, and read the cockpit statistics. Errors are JSON {error, message}."
        },
        "paths": paths,
        "components": {
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer", "description": "a token from POST /api/login" } },
            "schemas": all_schemas()
        },
        "security": [{ "bearer": [] }]
    })
}

/// `GET /api/openapi.json`.
pub async fn serve() -> Json<Value> {
    Json(document())
}
