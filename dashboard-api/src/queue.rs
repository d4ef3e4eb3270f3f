//! `GET /api/alerts`: the user's queue, filtered, sorted and paged by cursor.

use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::query_params::QueryParams;
use crate::state::AppState;
use axum::extract::{Query, State};
use axum::Json;
use mingjing_engine::alert::{AlertKind, Color};
use mingjing_engine::lifecycle::TrackedAlert;
use mingjing_engine::queue::{
    Cursor, HolderFilter, QueueQuery, QueueSort, DEFAULT_LIMIT, MAX_LIMIT,
};
use mingjing_engine::values::Timestamp;
use serde_json::{json, Value};
use std::collections::HashMap;

/// The query parameters `GET /api/alerts` takes, with what each means (for the OpenAPI file).
pub const PARAMETERS: [(&str, &str); 14] = [
    ("color", "red, yellow or green"),
    ("kind", "efficiency, irregular or serious"),
    ("category", "catalog category key, e.g. labor"),
    ("threshold", "threshold id (labor.work_before_application) or code (LAB-01)"),
    ("township", "township_id where the alert happened"),
    ("village", "village_id where the alert happened"),
    ("holder", "current holder: village, township_commission, city_commission, dept or dept:<code>"),
    ("overdue", "true: only red alerts past their ack deadline and open alerts past their close deadline; false: only the others"),
    ("from", "detected_at at or after this RFC 3339 instant"),
    ("to", "detected_at before this RFC 3339 instant"),
    ("q", "text found in the message, the village id or the threshold code"),
    ("sort", "detected_desc (default), detected_asc or deadline_asc"),
    ("limit", "page size, 1 to 500, default 50"),
    ("cursor", "next_cursor of the previous page"),
];

/// Reads the query parameters into a [`QueueQuery`], naming the first one that is wrong.
pub fn parse_query(
    params: &HashMap<String, String>,
    now: Timestamp,
) -> Result<QueueQuery, ApiError> {
    let params = QueryParams::new(params, &PARAMETERS)?;
    let text = |name: &str| params.text(name).map(str::to_string);
    let parsed = |name: &str, parse: &dyn Fn(&str) -> Option<()>| -> Result<(), ApiError> {
        match text(name) {
            Some(v) if parse(&v).is_none() => {
                // The parameter's description lists what it accepts.
                let accepted = PARAMETERS
                    .iter()
                    .find(|(known, _)| *known == name)
                    .map_or("", |(_, description)| *description);
                Err(ApiError::bad_field(name, format!("{v:?}: use {accepted}")))
            }
            _ => Ok(()),
        }
    };
    let mut query = QueueQuery::new(now);
    parsed("color", &|v| {
        matches!(v, "red" | "yellow" | "green").then_some(())
    })?;
    query.color = text("color").and_then(|c| match c.as_str() {
        "red" => Some(Color::Red),
        "yellow" => Some(Color::Yellow),
        "green" => Some(Color::Green),
        _ => None,
    });
    parsed("kind", &|v| AlertKind::parse(v).map(|_| ()))?;
    query.kind = text("kind").and_then(|k| AlertKind::parse(&k));
    query.category = text("category");
    query.threshold = text("threshold");
    query.township_id = text("township");
    query.village_id = text("village");
    parsed("holder", &|v| HolderFilter::parse(v).map(|_| ()))?;
    query.holder = text("holder").and_then(|h| HolderFilter::parse(&h));
    query.overdue = match text("overdue").as_deref() {
        None => None,
        Some("true") => Some(true),
        Some("false") => Some(false),
        Some(other) => {
            return Err(ApiError::bad_field(
                "overdue",
                format!("{other:?}: use true or false"),
            ))
        }
    };
    query.detected_from = params.instant("from")?;
    query.detected_to = params.instant("to")?;
    query.text = text("q");
    if let Some(sort) = text("sort") {
        query.sort = QueueSort::parse(&sort).ok_or_else(|| {
            ApiError::bad_field(
                "sort",
                format!("{sort:?}: use detected_desc, detected_asc or deadline_asc"),
            )
        })?;
    }
    query.limit = match text("limit") {
        None => DEFAULT_LIMIT,
        Some(v) => match v.parse::<usize>() {
            Ok(n) if (1..=MAX_LIMIT).contains(&n) => n,
            _ => {
                return Err(ApiError::bad_field(
                    "limit",
                    format!("{v:?}: use a whole number from 1 to {MAX_LIMIT}"),
                ))
            }
        },
    };
    if let Some(cursor) = text("cursor") {
        let cursor = Cursor::decode(&cursor).ok_or_else(|| {
            ApiError::bad_field(
                "cursor",
                "not a cursor this API gave: pass next_cursor unchanged",
            )
        })?;
        if cursor.sort != query.sort {
            return Err(ApiError::bad_field(
                "cursor",
                format!(
                    "it continues the sort {}: pass the same sort with it",
                    cursor.sort.as_str()
                ),
            ));
        }
        query.after = Some(cursor);
    }
    Ok(query)
}

/// An alert as a queue row: everything but the evidence, which the detail gives in full.
pub fn queue_item(tracked: &TrackedAlert) -> Value {
    let mut value = serde_json::to_value(tracked).unwrap_or_default();
    if let Some(object) = value.as_object_mut() {
        object.remove("evidence");
        object.insert("evidence_count".into(), json!(tracked.alert.evidence.len()));
    }
    value
}

/// `GET /api/alerts`: `{"items": [...], "next_cursor": "..." | null}`.
pub async fn list(
    State(state): State<AppState>,
    current: CurrentUser,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Json<Value>, ApiError> {
    let query = parse_query(&params, state.now())?;
    let page = state.store()?.list_queue(&current.user, &query).await?;
    Ok(Json(json!({
        "items": page.items.iter().map(queue_item).collect::<Vec<_>>(),
        "next_cursor": page.next.map(|c| c.encode()),
    })))
}
