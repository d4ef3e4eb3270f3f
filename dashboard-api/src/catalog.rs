//! The threshold catalog as loaded (`GET /api/thresholds`): identity, kind, route and the
//! parameters with the values the running rules use.

use crate::auth::CurrentUser;
use axum::extract::State;
use axum::Json;
use mingjing_engine::RuleSet;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::state::AppState;

/// One threshold as the API lists it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CatalogEntry {
    pub id: String,
    pub code: String,
    pub category: String,
    pub name_zh: String,
    pub name_en: String,
    /// `efficiency`, `irregular` or `serious`.
    pub kind: String,
    /// `village`, `township_commission` or `dept:<code>`.
    pub route: String,
    /// Version of the script (what alerts carry as rule_version).
    pub version: String,
    /// Event types that trigger it.
    pub triggers: Vec<String>,
    /// Per trigger type, the values event fields must hold for the script to run (`when`).
    pub when: Map<String, Value>,
    /// Parameter names with their current values, in declaration order.
    pub params: Map<String, Value>,
}

/// The thresholds, in the order the rule set loaded them.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Catalog {
    pub thresholds: Vec<CatalogEntry>,
}

impl Catalog {
    /// The catalog of a loaded rule set.
    pub fn from_rules(rules: &RuleSet) -> Catalog {
        let thresholds = rules
            .thresholds
            .iter()
            .map(|t| {
                let m = &t.meta;
                CatalogEntry {
                    id: m.id.clone(),
                    code: m.code.clone(),
                    category: m.category.clone(),
                    name_zh: m.name_zh.clone(),
                    name_en: m.name_en.clone(),
                    kind: m.kind.as_str().to_string(),
                    route: m.route.clone(),
                    version: t.version.clone(),
                    triggers: m.triggers.iter().map(|e| e.as_str().to_string()).collect(),
                    when: m.when_json(),
                    params: m.params.to_json(),
                }
            })
            .collect();
        Catalog { thresholds }
    }
}

/// `GET /api/thresholds`: `{"thresholds": [...]}`. Every signed-in user may read it.
pub async fn thresholds(State(state): State<AppState>, _current: CurrentUser) -> Json<Catalog> {
    Json(state.catalog.as_ref().clone())
}
