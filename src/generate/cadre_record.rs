//! A `registry.cadre` payload as the generator's ledgers read it back from the written stream.

use chrono::NaiveDate;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct CadreRecord {
    pub person_id: String,
    pub role: String,
    pub term_start: Option<NaiveDate>,
    pub term_end: Option<NaiveDate>,
    pub allowance_monthly: Option<serde_json::Number>,
    #[serde(default)]
    pub deleted: bool,
}
