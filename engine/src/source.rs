//! Where events come from. Kafka, JSON-lines files and tests implement `Source`.

use std::future::Future;

/// One undecoded input record with where it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawRecord {
    /// File name (`-` for standard input) or topic.
    pub source: String,
    /// 1-based line number in a file, or the Kafka offset.
    pub position: u64,
    /// Kafka partition; 0 for files.
    pub partition: i32,
    /// The bytes of the line or message, without the line end.
    pub bytes: Vec<u8>,
}

/// The next records of a source. An empty batch with `end` set means the input is exhausted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Batch {
    pub records: Vec<RawRecord>,
    pub end: bool,
}

/// A point up to which input has been durably processed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Position {
    /// (source, partition, next position to read) triples.
    pub offsets: Vec<(String, i32, u64)>,
}

/// Failure to read input.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("cannot read {source_name}: {message}")]
    Read {
        source_name: String,
        message: String,
    },
}

/// A source of raw events, read in batches. `commit` tells it that everything before the
/// position is durable (files ignore it; Kafka commits offsets).
pub trait Source: Send {
    fn next_batch(
        &mut self,
        max_records: usize,
    ) -> impl Future<Output = Result<Batch, SourceError>> + Send;
    fn commit(&mut self, upto: &Position) -> impl Future<Output = Result<(), SourceError>> + Send;
}

/// A source over records held in memory, for tests.
pub struct MemorySource {
    records: std::collections::VecDeque<RawRecord>,
}

impl MemorySource {
    /// Lines of JSON, numbered from 1, from a source called `memory`.
    pub fn from_lines<I: IntoIterator<Item = S>, S: Into<String>>(lines: I) -> MemorySource {
        let records = lines
            .into_iter()
            .enumerate()
            .map(|(i, line)| RawRecord {
                source: "memory".into(),
                position: i as u64 + 1,
                partition: 0,
                bytes: line.into().into_bytes(),
            })
            .collect();
        MemorySource { records }
    }
}

impl Source for MemorySource {
    async fn next_batch(&mut self, max_records: usize) -> Result<Batch, SourceError> {
        let take = max_records.min(self.records.len());
        let records: Vec<RawRecord> = self.records.drain(..take).collect();
        let end = self.records.is_empty();
        Ok(Batch { records, end })
    }

    async fn commit(&mut self, _upto: &Position) -> Result<(), SourceError> {
        Ok(())
    }
}
