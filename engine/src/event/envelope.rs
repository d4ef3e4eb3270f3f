//! The envelope of events.md §2 as read from the JSON text, before its members are checked:
//! each member is kept as its raw JSON text, so reading it checks the syntax of the whole message
//! without building any value.

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::fmt;

/// The envelope members, each as raw JSON, and the names of the other top-level members.
#[derive(Default)]
pub(crate) struct RawEnvelope<'a> {
    pub event_id: Option<&'a RawValue>,
    pub event_type: Option<&'a RawValue>,
    pub occurred_at: Option<&'a RawValue>,
    pub township_id: Option<&'a RawValue>,
    pub village_id: Option<&'a RawValue>,
    pub payload: Option<&'a RawValue>,
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

impl MemberName {
    fn contract_name(&self) -> &'static str {
        match self {
            MemberName::EventId => "event_id",
            MemberName::Type => "type",
            MemberName::OccurredAt => "occurred_at",
            MemberName::TownshipId => "township_id",
            MemberName::VillageId => "village_id",
            MemberName::Payload => "payload",
            MemberName::Other(_) => "",
        }
    }
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

impl<'de: 'a, 'a> Deserialize<'de> for RawEnvelope<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EnvelopeVisitor;

        impl<'de> Visitor<'de> for EnvelopeVisitor {
            type Value = RawEnvelope<'de>;

            fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
                formatter.write_str("a JSON object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawEnvelope<'de>, A::Error> {
                let mut envelope = RawEnvelope::default();
                while let Some(name) = map.next_key::<MemberName>()? {
                    let slot = match &name {
                        MemberName::EventId => &mut envelope.event_id,
                        MemberName::Type => &mut envelope.event_type,
                        MemberName::OccurredAt => &mut envelope.occurred_at,
                        MemberName::TownshipId => &mut envelope.township_id,
                        MemberName::VillageId => &mut envelope.village_id,
                        MemberName::Payload => &mut envelope.payload,
                        MemberName::Other(other) => {
                            envelope.unknown_members.push(other.clone());
                            map.next_value::<IgnoredAny>()?;
                            continue;
                        }
                    };
                    let value = map.next_value::<&'de RawValue>()?;
                    if slot.replace(value).is_some() && envelope.duplicate_member.is_none() {
                        envelope.duplicate_member = Some(name.contract_name());
                    }
                }
                Ok(envelope)
            }
        }

        deserializer.deserialize_map(EnvelopeVisitor)
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
        let envelope: RawEnvelope = serde_json::from_str(text).unwrap();
        assert_eq!(envelope.payload.map(RawValue::get), Some(r#"{"x":1}"#));
        assert_eq!(envelope.unknown_members, ["extra"]);
        assert_eq!(envelope.duplicate_member, Some("type"));
        assert_eq!(envelope.event_id.and_then(raw_string).as_deref(), Some("e\"1"));
        assert_eq!(envelope.occurred_at.map(RawValue::get), None);
        let number = serde_json::from_str::<&RawValue>("12").unwrap();
        assert_eq!(raw_string(number), None);
    }
}
