//! [`JsonLinesSource`]: events from JSON-lines files and standard input, streamed line by line.

use mingjing_engine::source::{Batch, Position, RawRecord, Source, SourceError};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use tokio::io::{AsyncBufRead, AsyncBufReadExt, BufReader};

/// The path that means standard input.
pub const STDIN: &str = "-";

const READ_BUFFER: usize = 256 * 1024;

/// Reads the lines of several inputs, in the order given, one record per non-blank line.
///
/// Lines end in LF or CRLF; blank lines are skipped but counted, so a record's position is its
/// 1-based line number in its file. Bytes are passed on as read, valid UTF-8 or not. Files are
/// streamed, never loaded whole, and are opened only when reached.
pub struct JsonLinesSource {
    paths: Vec<String>,
    next_path: usize,
    current: Option<OpenInput>,
    progress: ReadProgress,
}

struct OpenInput {
    name: String,
    reader: Box<dyn AsyncBufRead + Send + Unpin>,
    line: u64,
}

/// How far a [`JsonLinesSource`] has read, readable from another task (for a progress bar)
/// while the source itself is busy.
#[derive(Clone, Debug)]
pub struct ReadProgress {
    read: Arc<AtomicU64>,
    total: Option<u64>,
}

impl ReadProgress {
    /// Bytes read so far, line ends included.
    pub fn bytes_read(&self) -> u64 {
        self.read.load(Ordering::Relaxed)
    }

    /// The size of all inputs, or `None` when one of them has no known size (standard input,
    /// a pipe).
    pub fn total_bytes(&self) -> Option<u64> {
        self.total
    }
}

impl JsonLinesSource {
    /// A source over `paths`, where `-` is standard input. Fails, naming the path, if a file
    /// does not exist, can't be looked at or is a directory.
    pub fn open<I, S>(paths: I) -> Result<JsonLinesSource, SourceError>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let paths: Vec<String> = paths.into_iter().map(Into::into).collect();
        let mut total = Some(0u64);
        for path in &paths {
            if path == STDIN {
                total = None;
                continue;
            }
            let metadata = std::fs::metadata(path)
                .map_err(|e| read_error(path, format!("{e}; check the path")))?;
            if metadata.is_dir() {
                return Err(read_error(
                    path,
                    "it is a directory; give the files in it instead".to_string(),
                ));
            }
            total = match total {
                Some(sum) if metadata.is_file() => Some(sum + metadata.len()),
                _ => None,
            };
        }
        Ok(JsonLinesSource {
            paths,
            next_path: 0,
            current: None,
            progress: ReadProgress {
                read: Arc::new(AtomicU64::new(0)),
                total,
            },
        })
    }

    /// The size of all inputs, or `None` when one of them has no known size (standard input).
    pub fn total_bytes(&self) -> Option<u64> {
        self.progress.total_bytes()
    }

    /// Bytes read so far, line ends included.
    pub fn bytes_read(&self) -> u64 {
        self.progress.bytes_read()
    }

    /// A handle on the progress of this source that stays valid while the source is in use.
    pub fn progress(&self) -> ReadProgress {
        self.progress.clone()
    }

    /// The input being read, opening the next one if needed; `None` once all are done.
    async fn current_input(&mut self) -> Result<Option<&mut OpenInput>, SourceError> {
        if self.current.is_none() {
            let Some(path) = self.paths.get(self.next_path) else {
                return Ok(None);
            };
            self.next_path += 1;
            let reader: Box<dyn AsyncBufRead + Send + Unpin> = if path == STDIN {
                Box::new(BufReader::with_capacity(READ_BUFFER, tokio::io::stdin()))
            } else {
                let file = tokio::fs::File::open(path).await.map_err(|e| {
                    read_error(path, format!("{e}; check the path and its permissions"))
                })?;
                Box::new(BufReader::with_capacity(READ_BUFFER, file))
            };
            self.current = Some(OpenInput {
                name: path.clone(),
                reader,
                line: 0,
            });
        }
        Ok(self.current.as_mut())
    }
}

impl Source for JsonLinesSource {
    /// Up to `max_records` records (at least one is asked for). `end` is set on the batch that
    /// reaches the end of the last input.
    async fn next_batch(&mut self, max_records: usize) -> Result<Batch, SourceError> {
        let max_records = max_records.max(1);
        let mut batch = Batch::default();
        while batch.records.len() < max_records {
            let read = self.progress.read.clone();
            let Some(input) = self.current_input().await? else {
                batch.end = true;
                break;
            };
            let mut bytes = Vec::new();
            let n = input
                .reader
                .read_until(b'\n', &mut bytes)
                .await
                .map_err(|e| {
                    read_error(
                        &input.name,
                        format!("failed after line {}: {e}", input.line),
                    )
                })?;
            if n == 0 {
                self.current = None;
                continue;
            }
            read.fetch_add(n as u64, Ordering::Relaxed);
            input.line += 1;
            if bytes.last() == Some(&b'\n') {
                bytes.pop();
                if bytes.last() == Some(&b'\r') {
                    bytes.pop();
                }
            }
            if bytes.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            batch.records.push(RawRecord {
                source: input.name.clone(),
                position: input.line,
                partition: 0,
                bytes,
            });
        }
        Ok(batch)
    }

    /// Files have nothing to commit.
    async fn commit(&mut self, _upto: &Position) -> Result<(), SourceError> {
        Ok(())
    }
}

fn read_error(path: &str, message: String) -> SourceError {
    let source_name = if path == STDIN {
        "standard input".to_string()
    } else {
        path.to_string()
    };
    SourceError::Read {
        source_name,
        message,
    }
}
