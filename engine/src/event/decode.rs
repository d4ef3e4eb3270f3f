//! Decoding one message (a JSON Lines line or a Kafka value) into an [`Event`], or refusing it
//! with the reason and member path of events.md §8.

use super::envelope::{raw_string, RawEnvelope};
use super::event_type::EventType;
use super::members::{check_id, parse_timestamp};
use super::payload::Payload;
use super::rejection::{RejectReason, Rejection};
use super::validate::{Validate, ValidationContext};
use super::Event;
use crate::values::{Text, MONEY_ERROR_TAG};
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;
use std::fmt::Write;

/// How to decode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DecodeOptions {
    /// The local zone of dates (§7.5), as seconds east of UTC; default `+08:00`.
    pub local_offset_seconds: i32,
}

impl Default for DecodeOptions {
    fn default() -> DecodeOptions {
        DecodeOptions { local_offset_seconds: 8 * 3600 }
    }
}

/// An accepted event and the members it had that the contract does not know.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    pub event: Event,
    /// Paths of ignored unknown members, e.g. `extra` at the top level or `payload.lines[0].note`.
    pub unknown_members: Vec<String>,
}

/// Decodes one envelope. Never panics; anything that is not a valid event is a [`Rejection`].
pub fn decode(bytes: &[u8], options: &DecodeOptions) -> Result<Decoded, Rejection> {
    let text = std::str::from_utf8(bytes).map_err(|error| Rejection::new(RejectReason::InvalidJson, format!("not UTF-8: invalid byte at offset {}", error.valid_up_to())))?;
    let first = text.bytes().find(|byte| !matches!(byte, b' ' | b'\t' | b'\n' | b'\r'));
    if first != Some(b'{') {
        return Err(Rejection::new(RejectReason::InvalidJson, "not a JSON object"));
    }
    let raw: RawEnvelope = serde_json::from_str(text).map_err(|error| Rejection::new(RejectReason::InvalidJson, error.to_string()))?;
    let event_id = raw.event_id.and_then(raw_string);
    let type_name = raw.event_type.and_then(raw_string);
    let with_context = |mut rejection: Rejection| {
        rejection.event_id = event_id.as_deref().map(str::to_string);
        rejection.event_type = type_name.as_deref().map(str::to_string);
        rejection
    };
    let envelope = check_envelope(&raw, event_id.as_deref(), type_name.as_deref()).map_err(with_context)?;
    let mut unknown_members = raw.unknown_members;
    let context = ValidationContext { occurred_at: envelope.occurred_at, local_offset_seconds: options.local_offset_seconds };
    let mut reader = PayloadReader { text: envelope.payload, context, unknown_members: &mut unknown_members };
    let payload = Payload::read(envelope.event_type, &mut reader).map_err(with_context)?;
    let event = Event {
        event_id: envelope.event_id,
        event_type: envelope.event_type,
        occurred_at: envelope.occurred_at,
        township_id: envelope.township_id,
        village_id: envelope.village_id,
        payload,
    };
    Ok(Decoded { event, unknown_members })
}

/// The envelope members after their checks; the payload still as JSON text.
struct Envelope<'a> {
    event_id: Text,
    event_type: EventType,
    occurred_at: crate::values::Timestamp,
    township_id: Text,
    village_id: Text,
    payload: &'a str,
}

fn invalid_envelope(member: &str, message: impl std::fmt::Display) -> Rejection {
    Rejection::new(RejectReason::InvalidEnvelope, format!("{member}: {message}"))
}

/// The string value of a required envelope member.
fn envelope_string<'a>(value: Option<&'a RawValue>, string: Option<&'a str>, member: &str) -> Result<&'a str, Rejection> {
    match (value, string) {
        (None, _) => Err(invalid_envelope(member, "missing member")),
        (Some(_), None) => Err(invalid_envelope(member, "expected a string")),
        (Some(_), Some(string)) => Ok(string),
    }
}

fn envelope_id(value: Option<&RawValue>, member: &str) -> Result<Text, Rejection> {
    let string = value.and_then(raw_string);
    let id = envelope_string(value, string.as_deref(), member)?;
    check_id(id).map_err(|message| invalid_envelope(member, message))?;
    Ok(Text::from(id))
}

/// Checks the envelope members in contract order, then the type, then the use of `*`.
fn check_envelope<'a>(raw: &RawEnvelope<'a>, event_id: Option<&str>, type_name: Option<&str>) -> Result<Envelope<'a>, Rejection> {
    if let Some(member) = raw.duplicate_member {
        return Err(invalid_envelope(member, "duplicate member"));
    }
    let event_id_text = envelope_string(raw.event_id, event_id, "event_id")?;
    check_id(event_id_text).map_err(|message| invalid_envelope("event_id", message))?;
    let type_name = envelope_string(raw.event_type, type_name, "type")?;
    let occurred_at_string = raw.occurred_at.and_then(raw_string);
    let occurred_at_text = envelope_string(raw.occurred_at, occurred_at_string.as_deref(), "occurred_at")?;
    let occurred_at = parse_timestamp(occurred_at_text).map_err(|message| invalid_envelope("occurred_at", message))?;
    let township_id = envelope_id(raw.township_id, "township_id")?;
    let village_id = envelope_id(raw.village_id, "village_id")?;
    let payload = match raw.payload {
        None => return Err(invalid_envelope("payload", "missing member")),
        Some(payload) if payload.get().starts_with('{') => payload.get(),
        Some(_) => return Err(invalid_envelope("payload", "expected a JSON object")),
    };
    let event_type = EventType::parse(type_name).ok_or_else(|| Rejection::new(RejectReason::UnknownType, format!("type: unknown event type {type_name:?}")))?;
    if !event_type.allows_global() {
        for (member, id) in [("township_id", &township_id), ("village_id", &village_id)] {
            if id.as_str() == "*" {
                return Err(invalid_envelope(member, format!("\"*\" is allowed only for registry.company, registry.calendar and clock.tick, not {type_name}")));
            }
        }
    }
    Ok(Envelope { event_id: Text::from(event_id_text), event_type, occurred_at, township_id, village_id, payload })
}

/// Reads the payload JSON of one event into the struct of its type.
pub(crate) struct PayloadReader<'a> {
    text: &'a str,
    context: ValidationContext,
    unknown_members: &'a mut Vec<String>,
}

impl PayloadReader<'_> {
    /// Reads the payload as `T`, recording ignored members, then checks it.
    pub(crate) fn read<T: DeserializeOwned + Validate>(&mut self) -> Result<T, Rejection> {
        let mut json = serde_json::Deserializer::from_str(self.text);
        let unknown_members = &mut *self.unknown_members;
        let read = serde_ignored::deserialize(&mut json, |path| unknown_members.push(ignored_member_path(&path)));
        let content: T = match read {
            Ok(content) => content,
            // Tracking the member path costs time, so it is done only to explain a failure.
            Err(_) => return Err(self.explain_failure::<T>()),
        };
        content.validate(&self.context).map_err(|violation| Rejection::new(RejectReason::InvalidPayload, format!("payload.{}: {}", violation.path, violation.message)))?;
        Ok(content)
    }

    fn explain_failure<T: DeserializeOwned>(&self) -> Rejection {
        let mut json = serde_json::Deserializer::from_str(self.text);
        match serde_path_to_error::deserialize::<_, T>(&mut json) {
            Err(error) => payload_rejection(&error),
            Ok(_) => Rejection::new(RejectReason::InvalidPayload, "payload: cannot be read"),
        }
    }
}

/// The path of an ignored member relative to the envelope, e.g. `payload.lines[0].note`.
fn ignored_member_path(path: &serde_ignored::Path) -> String {
    match path {
        serde_ignored::Path::Root => "payload".to_string(),
        serde_ignored::Path::Seq { parent, index } => format!("{}[{index}]", ignored_member_path(parent)),
        serde_ignored::Path::Map { parent, key } => format!("{}.{key}", ignored_member_path(parent)),
        serde_ignored::Path::Some { parent } | serde_ignored::Path::NewtypeStruct { parent } | serde_ignored::Path::NewtypeVariant { parent } => ignored_member_path(parent),
    }
}

/// The message of a JSON reading error without the position serde_json appends.
fn error_message(error: &serde_json::Error) -> String {
    let message = error.to_string();
    let position = format!(" at line {} column {}", error.line(), error.column());
    match message.strip_suffix(&position) {
        Some(bare) => bare.to_string(),
        None => message,
    }
}

/// Turns a payload reading error into `invalid_money` or `invalid_payload` naming the member.
fn payload_rejection(error: &serde_path_to_error::Error<serde_json::Error>) -> Rejection {
    let mut path = String::from("payload");
    for segment in error.path().iter() {
        match segment {
            serde_path_to_error::Segment::Seq { index } => {
                let _ = write!(path, "[{index}]");
            }
            serde_path_to_error::Segment::Map { key } => {
                path.push('.');
                path.push_str(key);
            }
            serde_path_to_error::Segment::Enum { .. } | serde_path_to_error::Segment::Unknown => {}
        }
    }
    let mut message = error_message(error.inner());
    // Struct readers report a missing or repeated member at the object; name the member instead.
    for (prefix, problem) in [("missing field `", "missing member"), ("duplicate field `", "duplicate member")] {
        if let Some(member) = message.strip_prefix(prefix).and_then(|rest| rest.strip_suffix('`')) {
            path.push('.');
            path.push_str(member);
            message = problem.to_string();
        }
    }
    if message.contains(MONEY_ERROR_TAG) {
        let money_message = message.replacen(MONEY_ERROR_TAG, "", 1);
        return Rejection::new(RejectReason::InvalidMoney, format!("{path}: {money_message}"));
    }
    Rejection::new(RejectReason::InvalidPayload, format!("{path}: {message}"))
}
