//! Mingjing connectors: where events come from and where alerts go.
//!
//! - [`JsonLinesSource`]: events from JSON-lines files or standard input.
//! - [`SqlStore`]: alerts, rejects and checkpoints in a SQLite file or PostgreSQL.

#![warn(missing_docs)]

mod alert_row;
pub mod error;
pub mod json_lines;
mod postgres_store;
mod reject_row;
pub mod sql_store;
mod sqlite_store;

pub use error::Backend;
pub use json_lines::{JsonLinesSource, ReadProgress};
pub use sql_store::{is_postgres_url, SqlPool, SqlStore};
