//! The input event contract (events.md): the typed event, its 35 types and payloads, and the
//! decoder that turns one JSON envelope into an [`Event`] or a [`Rejection`].

mod decode;
mod enums;
mod envelope;
mod event_type;
mod field;
pub mod field_names;
mod ignored;
mod members;
mod payload;
mod record_key;
mod rejection;
mod validate;

pub use decode::{decode, DecodeOptions, Decoded};
pub use enums::*;
pub use event_type::{
    EventType, TOPIC_APPROVALS, TOPIC_BUSINESS, TOPIC_FINANCE, TOPIC_LABOR, TOPIC_REGISTRY,
    TOPIC_SUPERVISION,
};
pub use payload::*;
pub use record_key::RECORD_KEY_SEPARATOR;
pub use rejection::{RejectReason, Rejection};

use crate::values::{Text, Timestamp};
use serde::Serialize;
use std::hash::{Hash, Hasher};

/// One accepted event: the envelope of events.md §2 and its typed payload (§6).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Event {
    /// Unique over the deployment; the idempotency key.
    pub event_id: Text,
    /// One of the 35 types of §5; decides the payload variant.
    #[serde(rename = "type")]
    pub event_type: EventType,
    /// Event time.
    pub occurred_at: Timestamp,
    /// Township of the village, or `*` for global records.
    pub township_id: Text,
    /// Village, or `*` for global records.
    pub village_id: Text,
    /// Type-specific members.
    pub payload: Payload,
}

impl Event {
    /// True for a registry event whose payload has `"deleted": true` (events.md §7.6).
    pub fn is_deletion(&self) -> bool {
        self.payload.deleted() == Some(true)
    }

    /// `start_at` and `end_at` of a record that spans time (labor.attendance).
    pub fn time_span(&self) -> Option<(Timestamp, Timestamp)> {
        match &self.payload {
            Payload::LaborAttendance(p) => Some((p.start_at, p.end_at)),
            _ => None,
        }
    }

    /// A hash of the whole typed content (envelope and payload) that is the same on every run,
    /// for telling apart duplicate `event_id`s whose content differs (events.md §7.7).
    pub fn content_hash(&self) -> u64 {
        let mut hasher = rustc_hash::FxHasher::default();
        self.hash(&mut hasher);
        hasher.finish()
    }

    /// The event as accepted: the envelope members and `payload`, absent optional members
    /// omitted, money as JSON numbers with two fraction digits.
    pub fn to_json(&self) -> serde_json::Value {
        // Every member serializes to a JSON string, number, boolean, array or string-keyed object.
        serde_json::to_value(self).expect("an event always serializes to JSON")
    }
}
