//! Decoding one message (a JSON Lines line or a Kafka value) into an [`Event`], or refusing it
//! with the reason and member path of events.md §8.

use super::envelope::{raw_string, EnvelopeSeed, PayloadJson, RawEnvelope};
use super::event_type::EventType;
use super::ignored::DetectIgnored;
use super::members::{check_id, parse_timestamp};
use super::payload::Payload;
use super::rejection::{RejectReason, Rejection};
use super::validate::ValidationContext;
use super::Event;
use crate::values::{Text, Timestamp, MONEY_ERROR_TAG};
use serde::de::DeserializeSeed;
use serde_json::value::RawValue;
use std::cell::Cell;
use std::fmt::Write;

/// How to decode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DecodeOptions {
    /// The local zone of dates (§7.5), as seconds east of UTC; default `+08:00`.
    pub local_offset_seconds: i32,
}

impl Default for DecodeOptions {
    fn default() -> DecodeOptions {
        DecodeOptions {
            local_offset_seconds: 8 * 3600,
        }
    }
}

/// An accepted event and the members it had that the contract does not know.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    /// The accepted event.
    pub event: Event,
    /// Paths of ignored unknown members, e.g. `extra` at the top level or `payload.lines[0].note`;
    /// top-level members first, each group in order of appearance.
    pub unknown_members: Vec<String>,
}

/// Decodes one envelope. Never panics; anything that is not a valid event is a [`Rejection`].
pub fn decode(bytes: &[u8], options: &DecodeOptions) -> Result<Decoded, Rejection> {
    let text = std::str::from_utf8(bytes).map_err(|error| {
        Rejection::new(
            RejectReason::InvalidJson,
            format!("not UTF-8: invalid byte at offset {}", error.valid_up_to()),
        )
    })?;
    let first = text
        .bytes()
        .find(|byte| !matches!(byte, b' ' | b'\t' | b'\n' | b'\r'));
    if first != Some(b'{') {
        return Err(Rejection::new(
            RejectReason::InvalidJson,
            "not a JSON object",
        ));
    }
    match decode_in_one_pass(text, options) {
        Some(decoded) => Ok(decoded),
        None => decode_with_explanation(text, options),
    }
}

/// The common case: one pass over the text, the payload read as soon as the type is known, no
/// member paths kept. `None` when anything is off (including ignored payload members, which
/// must be named); [`decode_with_explanation`] then decides.
fn decode_in_one_pass(text: &str, options: &DecodeOptions) -> Option<Decoded> {
    let ignored = Cell::new(false);
    let mut json = serde_json::Deserializer::from_str(text);
    let mut raw = EnvelopeSeed {
        stream_payload: Some(&ignored),
    }
    .deserialize(&mut json)
    .ok()?;
    json.end().ok()?;
    let unknown_members = std::mem::take(&mut raw.unknown_members);
    let event_id = raw.event_id.and_then(raw_string);
    let type_name = raw.event_type.and_then(raw_string);
    let envelope = check_envelope(raw, event_id.as_deref(), type_name.as_deref()).ok()?;
    let payload = match envelope.payload {
        PayloadSource::Read(payload) => payload,
        PayloadSource::Text(payload_text) => Payload::deserialize_typed(
            envelope.head.event_type,
            DetectIgnored::new(
                &mut serde_json::Deserializer::from_str(payload_text),
                &ignored,
            ),
        )
        .ok()?,
    };
    if ignored.get() {
        return None;
    }
    payload
        .validate(&envelope.head.validation_context(options))
        .ok()?;
    Some(Decoded {
        event: envelope.head.into_event(payload),
        unknown_members,
    })
}

/// Decodes with the checks in contract order and member paths kept, so that a rejection says
/// what is wrong where, and ignored payload members are named.
fn decode_with_explanation(text: &str, options: &DecodeOptions) -> Result<Decoded, Rejection> {
    let mut json = serde_json::Deserializer::from_str(text);
    let read = EnvelopeSeed {
        stream_payload: None,
    }
    .deserialize(&mut json)
    .and_then(|raw| json.end().map(|()| raw));
    let mut raw =
        read.map_err(|error| Rejection::new(RejectReason::InvalidJson, error.to_string()))?;
    let mut unknown_members = std::mem::take(&mut raw.unknown_members);
    let event_id = raw.event_id.and_then(raw_string);
    let type_name = raw.event_type.and_then(raw_string);
    let with_context = |mut rejection: Rejection| {
        rejection.event_id = event_id.as_deref().map(str::to_string);
        rejection.event_type = type_name.as_deref().map(str::to_string);
        rejection
    };
    let envelope =
        check_envelope(raw, event_id.as_deref(), type_name.as_deref()).map_err(with_context)?;
    let payload_text = match envelope.payload {
        PayloadSource::Text(payload_text) => payload_text,
        PayloadSource::Read(_) => {
            return Err(with_context(Rejection::new(
                RejectReason::InvalidPayload,
                "payload: cannot be read",
            )))
        }
    };
    let payload = read_payload(envelope.head.event_type, payload_text, &mut unknown_members)
        .map_err(with_context)?;
    payload
        .validate(&envelope.head.validation_context(options))
        .map_err(|violation| {
            with_context(Rejection::new(
                RejectReason::InvalidPayload,
                format!("payload.{}: {}", violation.path, violation.message),
            ))
        })?;
    Ok(Decoded {
        event: envelope.head.into_event(payload),
        unknown_members,
    })
}

/// Where the payload stands after the envelope check.
enum PayloadSource<'a> {
    /// The JSON object text, not yet read.
    Text(&'a str),
    /// Read in the envelope pass, not yet validated.
    Read(Payload),
}

/// The envelope members other than the payload, checked.
struct EnvelopeHead {
    event_id: Text,
    event_type: EventType,
    occurred_at: Timestamp,
    township_id: Text,
    village_id: Text,
}

impl EnvelopeHead {
    fn validation_context(&self, options: &DecodeOptions) -> ValidationContext {
        ValidationContext {
            occurred_at: self.occurred_at,
            local_offset_seconds: options.local_offset_seconds,
        }
    }

    fn into_event(self, payload: Payload) -> Event {
        Event {
            event_id: self.event_id,
            event_type: self.event_type,
            occurred_at: self.occurred_at,
            township_id: self.township_id,
            village_id: self.village_id,
            payload,
        }
    }
}

/// The envelope after its checks.
struct Envelope<'a> {
    head: EnvelopeHead,
    payload: PayloadSource<'a>,
}

fn invalid_envelope(member: &str, message: impl std::fmt::Display) -> Rejection {
    Rejection::new(
        RejectReason::InvalidEnvelope,
        format!("{member}: {message}"),
    )
}

/// The string value of a required envelope member.
fn envelope_string<'a>(
    value: Option<&'a RawValue>,
    string: Option<&'a str>,
    member: &str,
) -> Result<&'a str, Rejection> {
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
/// `event_id` and `type_name` are the strings of those members, when they are strings.
fn check_envelope<'a>(
    raw: RawEnvelope<'a>,
    event_id: Option<&str>,
    type_name: Option<&str>,
) -> Result<Envelope<'a>, Rejection> {
    if let Some(member) = raw.duplicate_member {
        return Err(invalid_envelope(member, "duplicate member"));
    }
    let event_id = envelope_string(raw.event_id, event_id, "event_id")?;
    check_id(event_id).map_err(|message| invalid_envelope("event_id", message))?;
    let type_name = envelope_string(raw.event_type, type_name, "type")?;
    let occurred_at_string = raw.occurred_at.and_then(raw_string);
    let occurred_at_text = envelope_string(
        raw.occurred_at,
        occurred_at_string.as_deref(),
        "occurred_at",
    )?;
    let occurred_at = parse_timestamp(occurred_at_text)
        .map_err(|message| invalid_envelope("occurred_at", message))?;
    let township_id = envelope_id(raw.township_id, "township_id")?;
    let village_id = envelope_id(raw.village_id, "village_id")?;
    let payload = match raw.payload {
        None => return Err(invalid_envelope("payload", "missing member")),
        Some(PayloadJson::Raw(payload)) if payload.get().starts_with('{') => {
            PayloadSource::Text(payload.get())
        }
        Some(PayloadJson::Raw(_)) => {
            return Err(invalid_envelope("payload", "expected a JSON object"))
        }
        Some(PayloadJson::Read(payload)) => PayloadSource::Read(payload),
    };
    let event_type = EventType::parse(type_name).ok_or_else(|| {
        Rejection::new(
            RejectReason::UnknownType,
            format!("type: unknown event type {type_name:?}"),
        )
    })?;
    if !event_type.allows_global() {
        for (member, id) in [("township_id", &township_id), ("village_id", &village_id)] {
            if id.as_str() == "*" {
                return Err(invalid_envelope(member, format!("\"*\" is allowed only for registry.company, registry.calendar and clock.tick, not {type_name}")));
            }
        }
    }
    Ok(Envelope {
        head: EnvelopeHead {
            event_id: Text::from(event_id),
            event_type,
            occurred_at,
            township_id,
            village_id,
        },
        payload,
    })
}

/// Reads the payload object text of an event of `event_type`, naming ignored members in
/// `unknown_members`. Member paths are tracked only to explain a failure, as that costs time.
fn read_payload(
    event_type: EventType,
    text: &str,
    unknown_members: &mut Vec<String>,
) -> Result<Payload, Rejection> {
    let mut json = serde_json::Deserializer::from_str(text);
    let mut note_ignored =
        |path: serde_ignored::Path| unknown_members.push(ignored_member_path(&path));
    if let Ok(payload) = Payload::deserialize_typed(
        event_type,
        serde_ignored::Deserializer::new(&mut json, &mut note_ignored),
    ) {
        return Ok(payload);
    }
    let mut track = serde_path_to_error::Track::new();
    let mut json = serde_json::Deserializer::from_str(text);
    match Payload::deserialize_typed(
        event_type,
        serde_path_to_error::Deserializer::new(&mut json, &mut track),
    ) {
        Err(error) => Err(payload_rejection(&track.path(), &error)),
        Ok(_) => Err(Rejection::new(
            RejectReason::InvalidPayload,
            "payload: cannot be read",
        )),
    }
}

/// The path of an ignored member relative to the envelope, e.g. `payload.lines[0].note`.
fn ignored_member_path(path: &serde_ignored::Path) -> String {
    match path {
        serde_ignored::Path::Root => "payload".to_string(),
        serde_ignored::Path::Seq { parent, index } => {
            format!("{}[{index}]", ignored_member_path(parent))
        }
        serde_ignored::Path::Map { parent, key } => {
            format!("{}.{key}", ignored_member_path(parent))
        }
        serde_ignored::Path::Some { parent }
        | serde_ignored::Path::NewtypeStruct { parent }
        | serde_ignored::Path::NewtypeVariant { parent } => ignored_member_path(parent),
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
fn payload_rejection(
    member_path: &serde_path_to_error::Path,
    error: &serde_json::Error,
) -> Rejection {
    let mut path = String::from("payload");
    for segment in member_path.iter() {
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
    let mut message = error_message(error);
    // Struct readers report a missing or repeated member at the object; name the member instead.
    for (prefix, problem) in [
        ("missing field `", "missing member"),
        ("duplicate field `", "duplicate member"),
    ] {
        if let Some(member) = message
            .strip_prefix(prefix)
            .and_then(|rest| rest.strip_suffix('`'))
        {
            path.push('.');
            path.push_str(member);
            message = problem.to_string();
        }
    }
    if message.contains(MONEY_ERROR_TAG) {
        let money_message = message.replacen(MONEY_ERROR_TAG, "", 1);
        return Rejection::new(
            RejectReason::InvalidMoney,
            format!("{path}: {money_message}"),
        );
    }
    Rejection::new(RejectReason::InvalidPayload, format!("{path}: {message}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const LINES: [&str; 4] = [
        r#"{"event_id":"ev-1","type":"labor.claim","occurred_at":"2022-04-25T11:30:00+08:00","township_id":"ts-01","village_id":"vl-0107","payload":{"claim_id":"cl-5521","job_id":"job-2022-041","work_start_date":"2022-04-25","work_end_date":"2022-04-25","lines":[{"worker_id":"p-10401","amount":240.00},{"worker_id":"p-10402","amount":210.00}],"total_amount":450.00,"dispatch_slip_id":"ds-3301","signatures_complete":true}}"#,
        r#"{"payload":{"approval_id":"ap-9001","kind":"project","subject_id":"prj-2022-009","title":"t","applicant_id":"p-10233","amount":93400.00,"location":{"lat":30.27415,"lon":120.15515},"tender_method":"public_tender","via_trading_centre":true},"event_id":"ev-2","type":"approval.submitted","occurred_at":"2022-04-25T09:30:00+08:00","township_id":"ts-01","village_id":"vl-0107"}"#,
        r#"{"event_id":"ev-3","type":"registry.person","occurred_at":"2022-01-02T09:00:00+08:00","township_id":"ts-01","village_id":"vl-0107","extra":1,"payload":{"person_id":"p-10401","name":"张三","household_id":"hh-001","is_member":true,"resident":false,"bank_accounts":[],"labor_pools":[{"village_id":"vl-0107","approved_on":"2021-03-01","annual_cap":20000.00}]}}"#,
        r#"{"event_id":"ev-4","type":"clock.tick","occurred_at":"2022-05-07T00:00:00+08:00","township_id":"*","village_id":"*","payload":{}}"#,
    ];

    #[test]
    fn both_paths_agree_on_the_examples() {
        let options = DecodeOptions::default();
        for line in LINES {
            let fast = decode_in_one_pass(line, &options).expect(line);
            assert_eq!(Ok(fast), decode_with_explanation(line, &options));
        }
        let with_unknown = LINES[0].replace(r#""amount":240.00"#, r#""amount":240.00,"note":"x""#);
        assert_eq!(decode_in_one_pass(&with_unknown, &options), None);
        assert_eq!(
            decode_with_explanation(&with_unknown, &options)
                .unwrap()
                .unknown_members,
            ["payload.lines[0].note"]
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 600, failure_persistence: None, ..ProptestConfig::default() })]

        /// Whatever the one-pass reader accepts, the explaining reader accepts identically.
        #[test]
        fn the_one_pass_reader_accepts_only_what_the_explaining_reader_accepts(index in 0..LINES.len(), at in any::<usize>(), insert in prop::sample::select(vec!["", "1", ",\"x\":1", "}", "\"", " ", "-", "0", ".5", "null", "[]", "{}"]), delete in 0..3usize) {
            let line = LINES[index];
            let boundaries: Vec<usize> = line.char_indices().map(|(position, _)| position).collect();
            let start = boundaries[at % boundaries.len()];
            let end = boundaries.get(at % boundaries.len() + delete).copied().unwrap_or(line.len());
            let mutated = format!("{}{insert}{}", &line[..start], &line[end..]);
            let options = DecodeOptions::default();
            if let Some(fast) = decode_in_one_pass(&mutated, &options) {
                prop_assert_eq!(Ok(fast), decode_with_explanation(&mutated, &options));
            }
        }
    }
}
