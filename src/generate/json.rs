//! Minimal JSON writing for event payloads: objects built member by member, money as exact
//! literals with two fraction digits.

use std::fmt::Write;

/// Money in fen (cents of a yuan).
pub type Fen = i64;

/// Whole yuan as fen.
pub const fn yuan(y: i64) -> Fen {
    y * 100
}

/// A JSON object under construction.
#[derive(Debug)]
pub struct JsonObject {
    buf: String,
    empty: bool,
}

impl Default for JsonObject {
    fn default() -> Self {
        Self::new()
    }
}

impl JsonObject {
    pub fn new() -> Self {
        let mut buf = String::with_capacity(160);
        buf.push('{');
        Self { buf, empty: true }
    }

    fn key(&mut self, key: &str) {
        if !self.empty {
            self.buf.push(',');
        }
        self.empty = false;
        push_string(&mut self.buf, key);
        self.buf.push(':');
    }

    pub fn string(&mut self, key: &str, value: &str) -> &mut Self {
        self.key(key);
        push_string(&mut self.buf, value);
        self
    }

    pub fn money(&mut self, key: &str, fen: Fen) -> &mut Self {
        self.key(key);
        push_money(&mut self.buf, fen);
        self
    }

    pub fn integer(&mut self, key: &str, value: i64) -> &mut Self {
        self.key(key);
        let _ = write!(self.buf, "{value}");
        self
    }

    pub fn boolean(&mut self, key: &str, value: bool) -> &mut Self {
        self.key(key);
        self.buf.push_str(if value { "true" } else { "false" });
        self
    }

    pub fn null(&mut self, key: &str) -> &mut Self {
        self.key(key);
        self.buf.push_str("null");
        self
    }

    /// A member whose value is already JSON text.
    pub fn raw(&mut self, key: &str, json: &str) -> &mut Self {
        self.key(key);
        self.buf.push_str(json);
        self
    }

    pub fn strings(&mut self, key: &str, values: &[String]) -> &mut Self {
        self.key(key);
        self.buf.push('[');
        for (i, v) in values.iter().enumerate() {
            if i > 0 {
                self.buf.push(',');
            }
            push_string(&mut self.buf, v);
        }
        self.buf.push(']');
        self
    }

    pub fn finish(mut self) -> String {
        self.buf.push('}');
        self.buf
    }
}

/// JSON array text of already-encoded elements.
pub fn array(elements: &[String]) -> String {
    let mut out = String::with_capacity(elements.iter().map(|e| e.len() + 1).sum::<usize>() + 2);
    out.push('[');
    for (i, e) in elements.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(e);
    }
    out.push(']');
    out
}

/// Appends `s` as a JSON string literal.
pub fn push_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Appends a money literal: yuan with exactly two fraction digits, no exponent.
pub fn push_money(out: &mut String, fen: Fen) {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    let _ = write!(out, "{sign}{}.{:02}", abs / 100, abs % 100);
}

#[cfg(test)]
pub fn money_text(fen: Fen) -> String {
    let mut out = String::new();
    push_money(&mut out, fen);
    out
}

/// A decimal number with `scale` fraction digits from its scaled integer value.
pub fn decimal_text(scaled: i64, scale: u32) -> String {
    let factor = 10_i64.pow(scale);
    let sign = if scaled < 0 { "-" } else { "" };
    let abs = scaled.unsigned_abs();
    format!(
        "{sign}{}.{:0width$}",
        abs / factor as u64,
        abs % factor as u64,
        width = scale as usize
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_has_two_fraction_digits() {
        assert_eq!(money_text(240_000), "2400.00");
        assert_eq!(money_text(9_999_999), "99999.99");
        assert_eq!(money_text(5), "0.05");
    }

    #[test]
    fn object_members_and_escaping() {
        let mut o = JsonObject::new();
        o.string("a", "x\"y\\")
            .money("m", 12_345)
            .boolean("b", false)
            .strings("s", &["p".to_string()]);
        let text = o.finish();
        assert_eq!(text, r#"{"a":"x\"y\\","m":123.45,"b":false,"s":["p"]}"#);
        let parsed: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(parsed["a"], "x\"y\\");
    }

    #[test]
    fn decimals_keep_their_scale() {
        assert_eq!(decimal_text(29_312_345, 6), "29.312345");
        assert_eq!(decimal_text(135, 2), "1.35");
    }
}
