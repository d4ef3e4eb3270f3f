//! The envelope of events.md §2 as read from the JSON text, before its members are checked:
//! each member is kept as its raw JSON text, so reading it checks the syntax of the whole message
//! without building any value. The payload may instead be read in the same pass, when the type
//! came before it.

use super::event_type::EventType;
use super::ignored::DetectIgnored;
use super::payload::Payload;
use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::cell::Cell;
use std::fmt;

/// The payload member as read.
pub(crate) enum PayloadJson<'a> {
    /// The JSON text, to be read once the envelope is checked.
    Raw(&'a RawValue),
    /// Already read as the payload of the type that preceded it (not yet validated).
    Read(Payload),
}

/// The envelope members, each as raw JSON, and the names of the other top-level members.
#[derive(Default)]
pub(crate) struct RawEnvelope<'a> {
    pub event_id: Option<&'a RawValue>,
    pub event_type: Option<&'a RawValue>,
    pub occurred_at: Option<&'a RawValue>,
    pub township_id: Option<&'a RawValue>,
    pub village_id: Option<&'a RawValue>,
    pub payload: Option<PayloadJson<'a>>,
    /// Names of members that are not envelope members, in order of appearance.
    pub unknown_members: Vec<String>,
    /// The first envelope member that appeared twice.
    pub duplicate_member: Option<&'static str>,
}

/// The name of a top-level member.
enum MemberName {
    EventId,
    Type,
    OccurredAt,
    TownshipId,
    VillageId,
    Payload,
    Other(String),
}

impl<'de> Deserialize<'de> for MemberName {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NameVisitor;

        impl Visitor<'_> for NameVisitor {
            type Value = MemberName;

            fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
                formatter.write_str("a member name")
            }

            fn visit_str<E: de::Error>(self, name: &str) -> Result<MemberName, E> {
                Ok(match name {
                    "event_id" => MemberName::EventId,
                    "type" => MemberName::Type,
                    "occurred_at" => MemberName::OccurredAt,
                    "township_id" => MemberName::TownshipId,
                    "village_id" => MemberName::VillageId,
                    "payload" => MemberName::Payload,
                    other => MemberName::Other(other.to_string()),
                })
            }
        }

        deserializer.deserialize_identifier(NameVisitor)
    }
}

/// Reads a [`RawEnvelope`]. With `stream_payload`, a payload that follows a known `type` is read
/// at once, and the cell notes whether it had members that were ignored.
pub(crate) struct EnvelopeSeed<'f> {
    pub stream_payload: Option<&'f Cell<bool>>,
}

impl<'de> DeserializeSeed<'de> for EnvelopeSeed<'_> {
    type Value = RawEnvelope<'de>;

    fn deserialize<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<RawEnvelope<'de>, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for EnvelopeSeed<'_> {
    type Value = RawEnvelope<'de>;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawEnvelope<'de>, A::Error> {
        let mut envelope = RawEnvelope::default();
        let mut streamed_type = None;
        while let Some(name) = map.next_key::<MemberName>()? {
            let (slot, member) = match name {
                MemberName::EventId => (&mut envelope.event_id, "event_id"),
                MemberName::Type => (&mut envelope.event_type, "type"),
                MemberName::OccurredAt => (&mut envelope.occurred_at, "occurred_at"),
                MemberName::TownshipId => (&mut envelope.township_id, "township_id"),
                MemberName::VillageId => (&mut envelope.village_id, "village_id"),
                MemberName::Payload => {
                    let payload = match (self.stream_payload, streamed_type) {
                        (Some(ignored), Some(event_type)) if envelope.payload.is_none() => {
                            PayloadJson::Read(map.next_value_seed(PayloadSeed {
                                event_type,
                                ignored,
                            })?)
                        }
                        _ => PayloadJson::Raw(map.next_value()?),
                    };
                    if envelope.payload.replace(payload).is_some() {
                        envelope.duplicate_member.get_or_insert("payload");
                    }
                    continue;
                }
                MemberName::Other(other) => {
                    envelope.unknown_members.push(other);
                    map.next_value::<IgnoredAny>()?;
                    continue;
                }
            };
            let value = map.next_value::<&'de RawValue>()?;
            if member == "type" && self.stream_payload.is_some() {
                streamed_type = raw_string(value).and_then(|name| EventType::parse(&name));
            }
            if slot.replace(value).is_some() {
                envelope.duplicate_member.get_or_insert(member);
            }
        }
        Ok(envelope)
    }
}

/// Reads the payload object of a known type, noting ignored members.
struct PayloadSeed<'f> {
    event_type: EventType,
    ignored: &'f Cell<bool>,
}

impl<'de> DeserializeSeed<'de> for PayloadSeed<'_> {
    type Value = Payload;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Payload, D::Error> {
        Payload::deserialize_typed(
            self.event_type,
            DetectIgnored::new(deserializer, self.ignored),
        )
    }
}

/// The string a raw JSON value holds, or `None` when it is not a string. Borrows the text when
/// it has no escapes.
pub(crate) fn raw_string(raw: &RawValue) -> Option<Cow<'_, str>> {
    let text = raw.get();
    let inner = text.strip_prefix('"')?.strip_suffix('"')?;
    if inner.contains('\\') {
        serde_json::from_str::<String>(text).ok().map(Cow::Owned)
    } else {
        Some(Cow::Borrowed(inner))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_members_raw_and_lists_the_others() {
        let text = r#"{"type":"clock.tick","extra":[1,{"a":2}],"payload":{"x":1},"event_id":"e\"1","type":"again"}"#;
        let envelope = EnvelopeSeed {
            stream_payload: None,
        }
        .deserialize(&mut serde_json::Deserializer::from_str(text))
        .unwrap();
        assert!(
            matches!(envelope.payload, Some(PayloadJson::Raw(raw)) if raw.get() == r#"{"x":1}"#)
        );
        assert_eq!(envelope.unknown_members, ["extra"]);
        assert_eq!(envelope.duplicate_member, Some("type"));
        assert_eq!(
            envelope.event_id.and_then(raw_string).as_deref(),
            Some("e\"1")
        );
        assert_eq!(envelope.occurred_at.map(RawValue::get), None);
        let number = serde_json::from_str::<&RawValue>("12").unwrap();
        assert_eq!(raw_string(number), None);
    }

    #[test]
    fn reads_a_payload_that_follows_its_type_in_the_same_pass() {
        let ignored = Cell::new(false);
        let text = r#"{"type":"clock.tick","payload":{},"event_id":"e1"}"#;
        let envelope = EnvelopeSeed {
            stream_payload: Some(&ignored),
        }
        .deserialize(&mut serde_json::Deserializer::from_str(text))
        .unwrap();
        assert!(matches!(
            envelope.payload,
            Some(PayloadJson::Read(Payload::ClockTick))
        ));
        assert!(!ignored.get());
        let text = r#"{"payload":{"now":1},"type":"clock.tick"}"#;
        let envelope = EnvelopeSeed {
            stream_payload: Some(&ignored),
        }
        .deserialize(&mut serde_json::Deserializer::from_str(text))
        .unwrap();
        assert!(matches!(envelope.payload, Some(PayloadJson::Raw(_))));
        let text = r#"{"type":"clock.tick","payload":{"now":1}}"#;
        EnvelopeSeed {
            stream_payload: Some(&ignored),
        }
        .deserialize(&mut serde_json::Deserializer::from_str(text))
        .unwrap();
        assert!(ignored.get());
    }
}
