//! Ground truth: the alerts the catalog's labor conditions imply for the generated events, one
//! JSON line per (threshold, dedup key).

use std::io::Write;

use super::json::{push_string, JsonObject};
use super::threshold::Threshold;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TruthEntry {
    pub threshold: Threshold,
    /// Values of the threshold's dedup_key members, in catalog order.
    pub key: Vec<String>,
}

impl TruthEntry {
    pub fn new(threshold: Threshold, key: Vec<String>) -> Self {
        assert_eq!(
            key.len(),
            threshold.dedup_fields().len(),
            "dedup key of {} has the wrong arity",
            threshold.code()
        );
        Self { threshold, key }
    }

    pub fn to_json(&self) -> String {
        let mut key = String::from("{");
        for (i, (name, value)) in self
            .threshold
            .dedup_fields()
            .iter()
            .zip(&self.key)
            .enumerate()
        {
            if i > 0 {
                key.push(',');
            }
            push_string(&mut key, name);
            key.push(':');
            push_string(&mut key, value);
        }
        key.push('}');
        let mut line = JsonObject::new();
        line.string("threshold_id", self.threshold.id())
            .string("threshold_code", self.threshold.code())
            .raw("dedup_key", &key);
        line.finish()
    }
}

/// Writes truth entries as they are planted, in generation order.
pub struct TruthWriter<W: Write> {
    out: W,
    pub written: u64,
}

impl<W: Write> TruthWriter<W> {
    pub fn new(out: W) -> Self {
        Self { out, written: 0 }
    }

    pub fn write(&mut self, entry: &TruthEntry) -> std::io::Result<()> {
        self.out.write_all(entry.to_json().as_bytes())?;
        self.out.write_all(b"\n")?;
        self.written += 1;
        Ok(())
    }

    pub fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truth_line_shape() {
        let entry = TruthEntry::new(
            Threshold::PayDeclaredTooSoon,
            vec!["vl-0001".into(), "cl-0000001".into()],
        );
        assert_eq!(
            entry.to_json(),
            r#"{"threshold_id":"labor.pay_declared_too_soon","threshold_code":"LAB-02","dedup_key":{"village_id":"vl-0001","claim_id":"cl-0000001"}}"#
        );
    }
}
