//! Readers for the value types of events.md §3 that need more than the value type's own serde:
//! ids, optional strings (empty means absent), integers with ranges, and dates, periods and
//! timestamps read without copying the string. Used with `#[serde(deserialize_with = ...)]`.

use crate::values::{Date, Period, Text, Timestamp};
use serde::de::value::MapAccessDeserializer;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;
use std::marker::PhantomData;

/// Longest id, in characters.
pub(crate) const MAX_ID_CHARS: usize = 128;

/// Years the engine can place in time: timestamps are nanoseconds since 1970 in an `i64`. The
/// margin lets any zone offset be applied, and keeps the start of every accepted date, and of
/// every quarter, an instant the engine can compute with.
const SUPPORTED_YEARS: std::ops::RangeInclusive<u32> = 1678..=2261;

/// Refuses a value whose leading four digits are a year outside [`SUPPORTED_YEARS`].
fn check_year(text: &str, kind: &str) -> Result<(), String> {
    let year = text.get(0..4).and_then(|digits| digits.parse::<u32>().ok());
    if year.is_some_and(|year| !SUPPORTED_YEARS.contains(&year)) {
        return Err(format!(
            "{kind} outside the years {}–{}: {text:?}",
            SUPPORTED_YEARS.start(),
            SUPPORTED_YEARS.end()
        ));
    }
    Ok(())
}

/// Checks the id rules of §3: 1–128 characters, no leading or trailing white space.
pub(crate) fn check_id(text: &str) -> Result<(), String> {
    if text.is_empty() {
        return Err("id is empty".to_string());
    }
    if text.len() > MAX_ID_CHARS && text.chars().count() > MAX_ID_CHARS {
        return Err(format!("id is longer than {MAX_ID_CHARS} characters"));
    }
    let starts_blank = text.chars().next().is_some_and(char::is_whitespace);
    let ends_blank = text.chars().next_back().is_some_and(char::is_whitespace);
    if starts_blank || ends_blank {
        return Err(format!("id has leading or trailing white space: {text:?}"));
    }
    Ok(())
}

/// Parses a timestamp (§3), refusing years the engine cannot represent.
pub(crate) fn parse_timestamp(text: &str) -> Result<Timestamp, String> {
    check_year(text, "timestamp")?;
    Timestamp::parse(text)
}

/// Parses a period `YYYYQn` (§3), refusing years the engine cannot represent.
pub(crate) fn parse_period(text: &str) -> Result<Period, String> {
    check_year(text, "period")?;
    Period::parse(text)
}

/// Parses a date `YYYY-MM-DD` as [`Date::parse`] does, without its general-purpose format parser
/// (which dominated payload reading), refusing years the engine cannot represent.
pub(crate) fn parse_date(text: &str) -> Result<Date, String> {
    let bytes = text.as_bytes();
    let shape_ok = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, byte)| {
            if i == 4 || i == 7 {
                *byte == b'-'
            } else {
                byte.is_ascii_digit()
            }
        });
    if !shape_ok {
        return Err(format!("not a date YYYY-MM-DD: {text:?}"));
    }
    let number = |range: std::ops::Range<usize>| {
        bytes
            .get(range)
            .unwrap_or_default()
            .iter()
            .fold(0u32, |value, digit| value * 10 + u32::from(digit - b'0'))
    };
    check_year(text, "date")?;
    let year = i32::try_from(number(0..4)).unwrap_or(0);
    chrono::NaiveDate::from_ymd_opt(year, number(5..7), number(8..10))
        .map(Date)
        .ok_or_else(|| format!("not a calendar date: {text:?}"))
}

/// Reads a JSON string and converts it, without copying it first.
struct StrVisitor<T> {
    expecting: &'static str,
    convert: fn(&str) -> Result<T, String>,
}

impl<T> Visitor<'_> for StrVisitor<T> {
    type Value = T;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str(self.expecting)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<T, E> {
        (self.convert)(text).map_err(E::custom)
    }
}

fn read_str<'de, D: Deserializer<'de>, T>(
    deserializer: D,
    expecting: &'static str,
    convert: fn(&str) -> Result<T, String>,
) -> Result<T, D::Error> {
    deserializer.deserialize_str(StrVisitor { expecting, convert })
}

/// A required id.
struct IdValue(Text);

impl<'de> Deserialize<'de> for IdValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        read_str(deserializer, "a string (id)", |text| {
            check_id(text).map(|()| IdValue(Text::from(text)))
        })
    }
}

impl From<IdValue> for Text {
    fn from(value: IdValue) -> Text {
        value.0
    }
}

/// An optional id that is present; the empty string means absent.
struct OptionalIdValue(Option<Text>);

impl<'de> Deserialize<'de> for OptionalIdValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        read_str(deserializer, "a string (id)", |text| {
            if text.is_empty() {
                Ok(OptionalIdValue(None))
            } else {
                check_id(text).map(|()| OptionalIdValue(Some(Text::from(text))))
            }
        })
    }
}

/// Any string.
struct TextValue(Text);

impl<'de> Deserialize<'de> for TextValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        read_str(deserializer, "a string", |text| {
            Ok(TextValue(Text::from(text)))
        })
    }
}

impl From<TextValue> for Text {
    fn from(value: TextValue) -> Text {
        value.0
    }
}

/// Reads a JSON array whose elements are read as `W` and kept as `Text`.
struct TextSeqVisitor<W>(PhantomData<W>);

impl<'de, W: Deserialize<'de> + Into<Text>> Visitor<'de> for TextSeqVisitor<W> {
    type Value = Vec<Text>;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("an array")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<Text>, A::Error> {
        let mut values = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(value) = seq.next_element::<W>()? {
            values.push(value.into());
        }
        Ok(values)
    }
}

/// An array of ids.
struct IdList(Vec<Text>);

impl<'de> Deserialize<'de> for IdList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_seq(TextSeqVisitor::<IdValue>(PhantomData))
            .map(IdList)
    }
}

/// An array of strings.
struct TextList(Vec<Text>);

impl<'de> Deserialize<'de> for TextList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_seq(TextSeqVisitor::<TextValue>(PhantomData))
            .map(TextList)
    }
}

/// A JSON number without fraction part or exponent that fits an `i64`.
struct IntegerValue(i64);

impl<'de> Deserialize<'de> for IntegerValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_i64(IntegerVisitor)
            .map(IntegerValue)
    }
}

struct IntegerVisitor;

impl Visitor<'_> for IntegerVisitor {
    type Value = i64;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("an integer")
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<i64, E> {
        Ok(value)
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<i64, E> {
        i64::try_from(value).map_err(|_| E::custom(format!("integer out of range: {value}")))
    }

    // The JSON reader hands over numbers with a fraction part or an exponent, and integers
    // beyond 64 bits, as floating point.
    fn visit_f64<E: de::Error>(self, value: f64) -> Result<i64, E> {
        Err(E::custom(format!(
            "not an integer (fraction part, exponent or out of range): {value}"
        )))
    }
}

fn at_least(value: i64, minimum: i64) -> Result<i64, String> {
    if value < minimum {
        Err(format!("must be ≥ {minimum}, got {value}"))
    } else {
        Ok(value)
    }
}

/// A date `YYYY-MM-DD`.
struct DateValue(Date);

impl<'de> Deserialize<'de> for DateValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        read_str(deserializer, "a string (date YYYY-MM-DD)", |text| {
            parse_date(text).map(DateValue)
        })
    }
}

/// A timestamp (RFC 3339 with seconds and offset).
struct TimestampValue(Timestamp);

impl<'de> Deserialize<'de> for TimestampValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        read_str(deserializer, "a string (RFC 3339 timestamp)", |text| {
            parse_timestamp(text).map(TimestampValue)
        })
    }
}

/// A period `YYYYQn`.
struct PeriodValue(Period);

impl<'de> Deserialize<'de> for PeriodValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        read_str(deserializer, "a string (period YYYYQn)", |text| {
            parse_period(text).map(PeriodValue)
        })
    }
}

/// An object member read only from a JSON object; derived struct readers would also take an
/// array of the members in order, which the contract does not allow.
struct Object<T>(T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Object<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_map(ObjectVisitor(PhantomData))
            .map(Object)
    }
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::deserialize(MapAccessDeserializer::new(map))
    }
}

/// A required object.
pub(crate) fn object<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor(PhantomData))
}

/// An optional object.
pub(crate) fn opt_object<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    Ok(Option::<Object<T>>::deserialize(deserializer)?.map(|object| object.0))
}

/// A required array of objects.
pub(crate) fn objects<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Vec<T>, D::Error> {
    Ok(Vec::<Object<T>>::deserialize(deserializer)?
        .into_iter()
        .map(|object| object.0)
        .collect())
}

/// An optional array of objects.
pub(crate) fn opt_objects<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<Vec<T>>, D::Error> {
    Ok(Option::<Vec<Object<T>>>::deserialize(deserializer)?
        .map(|objects| objects.into_iter().map(|object| object.0).collect()))
}

/// A required id.
pub(crate) fn id<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Text, D::Error> {
    IdValue::deserialize(deserializer).map(|value| value.0)
}

/// An optional id: absent, `null` and `""` are `None`.
pub(crate) fn opt_id<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Text>, D::Error> {
    Ok(Option::<OptionalIdValue>::deserialize(deserializer)?.and_then(|value| value.0))
}

/// A required array of ids.
pub(crate) fn ids<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<Text>, D::Error> {
    IdList::deserialize(deserializer).map(|list| list.0)
}

/// An optional array of ids.
pub(crate) fn opt_ids<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Vec<Text>>, D::Error> {
    Ok(Option::<IdList>::deserialize(deserializer)?.map(|list| list.0))
}

/// A required string (the empty string is a string).
pub(crate) fn text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Text, D::Error> {
    TextValue::deserialize(deserializer).map(|value| value.0)
}

/// An optional string: absent, `null` and `""` are `None`.
pub(crate) fn opt_text<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Text>, D::Error> {
    Ok(Option::<TextValue>::deserialize(deserializer)?
        .map(|value| value.0)
        .filter(|text| !text.is_empty()))
}

/// An optional array of strings.
pub(crate) fn opt_texts<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Vec<Text>>, D::Error> {
    Ok(Option::<TextList>::deserialize(deserializer)?.map(|list| list.0))
}

/// A required integer of any value.
pub(crate) fn integer<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    IntegerValue::deserialize(deserializer).map(|value| value.0)
}

/// A required integer ≥ 0.
pub(crate) fn non_negative_integer<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<i64, D::Error> {
    at_least(integer(deserializer)?, 0).map_err(de::Error::custom)
}

/// A required integer ≥ 1.
pub(crate) fn positive_integer<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<i64, D::Error> {
    at_least(integer(deserializer)?, 1).map_err(de::Error::custom)
}

/// An optional integer ≥ 1.
pub(crate) fn opt_positive_integer<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<i64>, D::Error> {
    match Option::<IntegerValue>::deserialize(deserializer)? {
        Some(value) => at_least(value.0, 1).map(Some).map_err(de::Error::custom),
        None => Ok(None),
    }
}

/// A required date.
pub(crate) fn date<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
    DateValue::deserialize(deserializer).map(|value| value.0)
}

/// An optional date.
pub(crate) fn opt_date<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Date>, D::Error> {
    Ok(Option::<DateValue>::deserialize(deserializer)?.map(|value| value.0))
}

/// A required timestamp.
pub(crate) fn timestamp<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Timestamp, D::Error> {
    TimestampValue::deserialize(deserializer).map(|value| value.0)
}

/// An optional timestamp.
pub(crate) fn opt_timestamp<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Timestamp>, D::Error> {
    Ok(Option::<TimestampValue>::deserialize(deserializer)?.map(|value| value.0))
}

/// A required period.
pub(crate) fn period<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Period, D::Error> {
    PeriodValue::deserialize(deserializer).map(|value| value.0)
}

/// An optional period.
pub(crate) fn opt_period<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Period>, D::Error> {
    Ok(Option::<PeriodValue>::deserialize(deserializer)?.map(|value| value.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_follow_the_contract() {
        assert!(check_id("p-10233").is_ok());
        assert!(check_id("*").is_ok());
        assert!(check_id(&"户".repeat(128)).is_ok());
        assert!(check_id(&"户".repeat(129)).is_err());
        assert!(check_id("").is_err());
        assert!(check_id(" p-1").is_err());
        assert!(check_id("p-1\u{3000}").is_err());
    }

    #[test]
    fn dates_parse_like_the_value_type() {
        for text in [
            "2022-04-25",
            "2024-02-29",
            "1678-01-01",
            "2261-12-31",
            "2023-02-29",
            "2022-13-01",
            "2022-00-10",
            "2022-04-31",
            "2022-4-25",
            "2022/04/25",
            "+022-04-25",
            "2022-04-25 ",
            "２０２２-04-25",
        ] {
            assert_eq!(parse_date(text).ok(), Date::parse(text).ok(), "{text}");
        }
    }

    #[test]
    fn dates_and_periods_outside_the_supported_years_are_refused() {
        assert!(parse_date("1677-12-31").is_err());
        assert!(parse_date("2262-01-01").is_err());
        assert!(parse_period("0000Q1").is_err());
        assert!(parse_period("2261Q4").is_ok());
    }

    #[test]
    fn timestamps_outside_the_representable_years_are_refused() {
        assert!(parse_timestamp("2262-04-11T23:47:16.854775807-23:59").is_err());
        assert!(parse_timestamp("1677-09-21T00:12:43Z").is_err());
        assert!(parse_timestamp("2261-12-31T23:59:59-23:59").is_ok());
    }

    #[derive(serde::Deserialize, Debug)]
    struct Sample {
        #[serde(default, deserialize_with = "opt_id")]
        maybe: Option<Text>,
        #[serde(deserialize_with = "positive_integer")]
        count: i64,
    }

    #[test]
    fn optional_ids_and_integers() {
        let sample: Sample = serde_json::from_str(r#"{"maybe":"","count":3}"#).unwrap();
        assert_eq!(sample.maybe, None);
        assert_eq!(sample.count, 3);
        let sample: Sample = serde_json::from_str(r#"{"maybe":null,"count":1}"#).unwrap();
        assert_eq!(sample.maybe, None);
        let sample: Sample = serde_json::from_str(r#"{"count":1}"#).unwrap();
        assert_eq!(sample.maybe, None);
        assert!(serde_json::from_str::<Sample>(r#"{"maybe":" x","count":1}"#).is_err());
        for bad in ["0", "1.0", "1e2", "-3", "\"2\"", "99999999999999999999"] {
            let line = format!(r#"{{"count":{bad}}}"#);
            assert!(serde_json::from_str::<Sample>(&line).is_err(), "{line}");
        }
    }
}
