//! The one list of `/api` routes: the router is built from it and the OpenAPI document is
//! checked against it.

use crate::state::AppState;
use crate::{actions, alert_detail, auth, catalog, cockpit, openapi, queue};
use axum::http::Method;
use axum::routing::{get, post, MethodRouter};

/// One API route: its method, its path template (axum's `{param}` syntax, as OpenAPI writes
/// it) and its handler.
pub struct ApiRoute {
    pub method: Method,
    pub path: &'static str,
    pub handler: MethodRouter<AppState>,
}

fn route(method: Method, path: &'static str, handler: MethodRouter<AppState>) -> ApiRoute {
    ApiRoute {
        method,
        path,
        handler,
    }
}

/// Every `/api` route.
pub fn api_routes() -> Vec<ApiRoute> {
    vec![
        route(Method::POST, "/api/login", post(auth::login)),
        route(Method::POST, "/api/logout", post(auth::logout)),
        route(Method::GET, "/api/me", get(auth::me)),
        route(Method::GET, "/api/alerts", get(queue::list)),
        route(
            Method::GET,
            "/api/alerts/{alert_id}",
            get(alert_detail::detail),
        ),
        route(
            Method::POST,
            "/api/alerts/{alert_id}/acknowledge",
            post(actions::acknowledge),
        ),
        route(
            Method::POST,
            "/api/alerts/{alert_id}/dispose",
            post(actions::dispose),
        ),
        route(
            Method::POST,
            "/api/alerts/{alert_id}/comment",
            post(actions::comment),
        ),
        route(
            Method::POST,
            "/api/alerts/{alert_id}/reassign",
            post(actions::reassign),
        ),
        route(
            Method::POST,
            "/api/alerts/{alert_id}/reopen",
            post(actions::reopen),
        ),
        route(Method::GET, "/api/stats", get(cockpit::stats)),
        route(Method::GET, "/api/thresholds", get(catalog::thresholds)),
        route(Method::GET, "/api/openapi.json", get(openapi::serve)),
    ]
}
