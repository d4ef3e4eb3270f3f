//! Reading JSON bodies so that a refusal names the field that was wrong.

use crate::error::ApiError;
use serde::de::DeserializeOwned;

/// Parses a JSON body; an empty body reads as `{}`.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let bytes: &[u8] = if bytes.iter().all(u8::is_ascii_whitespace) {
        b"{}"
    } else {
        bytes
    };
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
        let path = e.path().to_string();
        let field = if path == "." {
            "body".to_string()
        } else {
            path
        };
        ApiError::bad_field(
            &field,
            format!(
                "{}: send a JSON object as documented in /api/openapi.json",
                e.inner()
            ),
        )
    })
}

/// A required text field: present and not blank.
pub fn required(value: Option<String>, field: &str) -> Result<String, ApiError> {
    value
        .filter(|v| !v.trim().is_empty())
        .ok_or_else(|| ApiError::bad_field(field, "is required"))
}
