//! `GET /api/stats`: the cockpit (数字驾驶舱) of the city, a township or a village over a
//! period, counted over the alerts the user may count (`mingjing_engine::cockpit`).

use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::query_params::QueryParams;
use crate::state::AppState;
use axum::extract::{Query, State};
use axum::Json;
use mingjing_engine::cockpit::{
    compute, counted_for, may_read, CockpitQuery, CockpitScope, CockpitStats, FlagPolicy,
};
use mingjing_engine::values::Timestamp;
use std::collections::HashMap;

/// The query parameters `GET /api/stats` takes, with what each means (for the OpenAPI file).
pub const PARAMETERS: [(&str, &str); 8] = [
    ("level", "city (default), township or village"),
    (
        "id",
        "the township_id or village_id, for level township or village",
    ),
    (
        "from",
        "count alerts detected at or after this RFC 3339 instant",
    ),
    ("to", "count alerts detected before this RFC 3339 instant"),
    (
        "red_serious",
        "serious alerts that flag a village red (default 3)",
    ),
    (
        "red_overdue",
        "alerts that missed a deadline that flag a village red (default 5)",
    ),
    (
        "yellow_serious",
        "serious alerts that flag a village yellow (default 1)",
    ),
    (
        "yellow_overdue",
        "alerts that missed a deadline that flag a village yellow (default 2)",
    ),
];

/// Reads the query parameters, naming the first one that is wrong.
pub fn parse_query(
    params: &HashMap<String, String>,
    now: Timestamp,
    local_offset_seconds: i32,
) -> Result<CockpitQuery, ApiError> {
    let params = QueryParams::new(params, &PARAMETERS)?;
    let text = |name: &str| params.text(name);
    let id = || {
        text("id").map(str::to_string).ok_or_else(|| {
            ApiError::bad_field("id", "give the township_id or village_id of the level")
        })
    };
    let scope = match text("level").unwrap_or("city") {
        "city" => CockpitScope::City,
        "township" => CockpitScope::Township(id()?),
        "village" => CockpitScope::Village(id()?),
        other => {
            return Err(ApiError::bad_field(
                "level",
                format!("{other:?}: use city, township or village"),
            ))
        }
    };
    let (from, to) = (params.instant("from")?, params.instant("to")?);
    if let (Some(from), Some(to)) = (from, to) {
        if from >= to {
            return Err(ApiError::bad_field("to", "must be after from"));
        }
    }
    let mut flag = FlagPolicy::default();
    let limits = [
        ("red_serious", &mut flag.red_serious),
        ("red_overdue", &mut flag.red_overdue),
        ("yellow_serious", &mut flag.yellow_serious),
        ("yellow_overdue", &mut flag.yellow_overdue),
    ];
    for (name, limit) in limits {
        if let Some(v) = text(name) {
            *limit = v.parse().map_err(|_| {
                ApiError::bad_field(name, format!("{v:?}: use a whole number of alerts"))
            })?;
        }
    }
    flag.check()
        .map_err(|why| ApiError::BadRequest(format!("flag limits: {why}")))?;
    Ok(CockpitQuery {
        scope,
        from,
        to,
        now,
        local_offset_seconds,
        flag,
    })
}

/// `GET /api/stats`: the cockpit of the level asked, over what the user may count.
pub async fn stats(
    State(state): State<AppState>,
    current: CurrentUser,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Json<CockpitStats>, ApiError> {
    let now = state.now();
    let query = parse_query(&params, now, now.offset_seconds())?;
    if !may_read(&current.user, &query.scope) {
        return Err(ApiError::Forbidden(format!(
            "your scope ({}) does not include these statistics",
            current.user.scope_label()
        )));
    }
    let alerts = state.store()?.cockpit_alerts(&query.scope).await?;
    Ok(Json(compute(counted_for(&current.user, &alerts), &query)))
}
