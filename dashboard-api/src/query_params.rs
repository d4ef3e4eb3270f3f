//! Query parameters as the API reads them: names outside the route's list refused, blank
//! values taken as absent, instants parsed as RFC 3339; every error names the parameter.

use crate::error::ApiError;
use mingjing_engine::values::Timestamp;
use std::collections::HashMap;

/// The parameters of one request, checked against the names its route takes.
pub struct QueryParams<'a> {
    params: &'a HashMap<String, String>,
}

impl<'a> QueryParams<'a> {
    /// Refuses the first parameter not among `known` (name, description), listing the known.
    pub fn new(
        params: &'a HashMap<String, String>,
        known: &[(&str, &str)],
    ) -> Result<QueryParams<'a>, ApiError> {
        if let Some(unknown) = params
            .keys()
            .find(|k| !known.iter().any(|(name, _)| name == k))
        {
            let names: Vec<&str> = known.iter().map(|(n, _)| *n).collect();
            return Err(ApiError::bad_field(
                unknown,
                format!("unknown parameter: use {}", names.join(", ")),
            ));
        }
        Ok(QueryParams { params })
    }

    /// The trimmed value of `name`; None when absent or blank.
    pub fn text(&self, name: &str) -> Option<&'a str> {
        self.params
            .get(name)
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
    }

    /// The instant `name` gives, if any.
    pub fn instant(&self, name: &str) -> Result<Option<Timestamp>, ApiError> {
        self.text(name)
            .map(|v| {
                Timestamp::parse(v).map_err(|_| {
                    ApiError::bad_field(
                        name,
                        format!(
                            "{v:?} is not an RFC 3339 instant such as 2025-03-01T00:00:00+08:00"
                        ),
                    )
                })
            })
            .transpose()
    }
}
