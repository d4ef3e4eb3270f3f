//! A deserializer wrapper that only notes *whether* a member was ignored. It lets the common case
//! (no unknown members) skip `serde_ignored`, which builds a path string for every member read;
//! when something was ignored the decoder reads again with `serde_ignored` to name it.

use serde::de::{DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, Visitor};
use std::cell::Cell;
use std::fmt;

/// Wraps a deserializer and sets `ignored` when any value below it is skipped.
pub(crate) struct DetectIgnored<'f, D> {
    inner: D,
    ignored: &'f Cell<bool>,
}

impl<'f, D> DetectIgnored<'f, D> {
    pub fn new(inner: D, ignored: &'f Cell<bool>) -> Self {
        DetectIgnored { inner, ignored }
    }
}

macro_rules! forward_deserialize {
    ($($method:ident),* $(,)?) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
                self.inner.$method(Watch { inner: visitor, ignored: self.ignored })
            }
        )*
    };
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for DetectIgnored<'_, D> {
    type Error = D::Error;

    forward_deserialize!(
        deserialize_any,
        deserialize_bool,
        deserialize_i8,
        deserialize_i16,
        deserialize_i32,
        deserialize_i64,
        deserialize_i128,
        deserialize_u8,
        deserialize_u16,
        deserialize_u32,
        deserialize_u64,
        deserialize_u128,
        deserialize_f32,
        deserialize_f64,
        deserialize_char,
        deserialize_str,
        deserialize_string,
        deserialize_bytes,
        deserialize_byte_buf,
        deserialize_option,
        deserialize_unit,
        deserialize_seq,
        deserialize_map,
        deserialize_identifier,
    );

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.inner.deserialize_unit_struct(
            name,
            Watch {
                inner: visitor,
                ignored: self.ignored,
            },
        )
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.inner.deserialize_newtype_struct(
            name,
            Watch {
                inner: visitor,
                ignored: self.ignored,
            },
        )
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.inner.deserialize_tuple(
            len,
            Watch {
                inner: visitor,
                ignored: self.ignored,
            },
        )
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.inner.deserialize_tuple_struct(
            name,
            len,
            Watch {
                inner: visitor,
                ignored: self.ignored,
            },
        )
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.inner.deserialize_struct(
            name,
            fields,
            Watch {
                inner: visitor,
                ignored: self.ignored,
            },
        )
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.inner.deserialize_enum(
            name,
            variants,
            Watch {
                inner: visitor,
                ignored: self.ignored,
            },
        )
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.ignored.set(true);
        self.inner.deserialize_ignored_any(visitor)
    }

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }
}

/// A visitor that wraps what it is handed (nested values) in [`DetectIgnored`].
struct Watch<'f, V> {
    inner: V,
    ignored: &'f Cell<bool>,
}

macro_rules! forward_visit {
    ($($method:ident($type:ty)),* $(,)?) => {
        $(
            fn $method<E: serde::de::Error>(self, value: $type) -> Result<V::Value, E> {
                self.inner.$method(value)
            }
        )*
    };
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Watch<'_, V> {
    type Value = V::Value;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        self.inner.expecting(formatter)
    }

    forward_visit!(
        visit_bool(bool),
        visit_i8(i8),
        visit_i16(i16),
        visit_i32(i32),
        visit_i64(i64),
        visit_i128(i128),
        visit_u8(u8),
        visit_u16(u16),
        visit_u32(u32),
        visit_u64(u64),
        visit_u128(u128),
        visit_f32(f32),
        visit_f64(f64),
        visit_char(char),
        visit_str(&str),
        visit_borrowed_str(&'de str),
        visit_string(String),
        visit_bytes(&[u8]),
        visit_borrowed_bytes(&'de [u8]),
        visit_byte_buf(Vec<u8>),
    );

    fn visit_none<E: serde::de::Error>(self) -> Result<V::Value, E> {
        self.inner.visit_none()
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<V::Value, E> {
        self.inner.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<V::Value, D::Error> {
        self.inner
            .visit_some(DetectIgnored::new(deserializer, self.ignored))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<V::Value, D::Error> {
        self.inner
            .visit_newtype_struct(DetectIgnored::new(deserializer, self.ignored))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.inner.visit_seq(WatchSeq {
            inner: seq,
            ignored: self.ignored,
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.inner.visit_map(WatchMap {
            inner: map,
            ignored: self.ignored,
        })
    }

    // No payload member is a serde enum with content (contract enums are plain strings), so
    // enum contents are not watched.
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        self.inner.visit_enum(data)
    }
}

/// Wraps the deserializer of each value a seed reads.
struct WatchSeed<'f, S> {
    inner: S,
    ignored: &'f Cell<bool>,
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for WatchSeed<'_, S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<S::Value, D::Error> {
        self.inner
            .deserialize(DetectIgnored::new(deserializer, self.ignored))
    }
}

struct WatchSeq<'f, A> {
    inner: A,
    ignored: &'f Cell<bool>,
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for WatchSeq<'_, A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, A::Error> {
        self.inner.next_element_seed(WatchSeed {
            inner: seed,
            ignored: self.ignored,
        })
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

struct WatchMap<'f, A> {
    inner: A,
    ignored: &'f Cell<bool>,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for WatchMap<'_, A> {
    type Error = A::Error;

    // Member names are identifiers: reading one never skips anything.
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        self.inner.next_key_seed(seed)
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, A::Error> {
        self.inner.next_value_seed(WatchSeed {
            inner: seed,
            ignored: self.ignored,
        })
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize)]
    #[allow(dead_code)]
    struct Outer {
        lines: Vec<Inner>,
        maybe: Option<Inner>,
    }

    #[derive(Deserialize)]
    #[allow(dead_code)]
    struct Inner {
        amount: crate::values::Money,
    }

    fn ignores(text: &str) -> bool {
        let ignored = Cell::new(false);
        let mut json = serde_json::Deserializer::from_str(text);
        Outer::deserialize(DetectIgnored::new(&mut json, &ignored)).unwrap();
        ignored.get()
    }

    #[test]
    fn notices_members_skipped_at_any_depth() {
        assert!(!ignores(
            r#"{"lines":[{"amount":1.50}],"maybe":{"amount":2}}"#
        ));
        assert!(ignores(r#"{"lines":[],"maybe":null,"extra":1}"#));
        assert!(ignores(
            r#"{"lines":[{"amount":1.50,"note":"x"}],"maybe":null}"#
        ));
        assert!(ignores(r#"{"lines":[],"maybe":{"amount":2,"x":{}}}"#));
    }
}
