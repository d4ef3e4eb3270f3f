//! The mapping between a [`RejectedRecord`] and a row of the `rejects` table.

use mingjing_engine::store::RejectedRecord;

/// One row of `rejects` as read back.
#[derive(sqlx::FromRow)]
pub(crate) struct RejectRow {
    source: String,
    position: String,
    reason: String,
    detail: String,
    event_id: Option<String>,
    raw: Vec<u8>,
}

impl RejectRow {
    pub(crate) fn into_record(self) -> RejectedRecord {
        let raw = String::from_utf8(self.raw)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        RejectedRecord {
            source: self.source,
            position: self.position,
            reason: self.reason,
            detail: self.detail,
            event_id: self.event_id,
            raw,
        }
    }
}

/// PostgreSQL text can't hold NUL, which refused input may contain: it becomes U+FFFD in the
/// text columns (the raw bytes keep it, in bytea).
pub(crate) fn without_nul(text: &str) -> String {
    text.replace('\0', "\u{FFFD}")
}
