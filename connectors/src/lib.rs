//! Mingjing connectors: where events come from and where alerts go.
//!
//! - [`JsonLinesSource`]: events from JSON-lines files or standard input.
//! - [`KafkaSource`]: events from Kafka topics through a consumer group; [`DeadLetters`]
//!   and [`AlertTopic`]: refused messages and alerts back to Kafka.
//! - [`SqlStore`]: alerts, rejects and checkpoints in a SQLite file or PostgreSQL.

#![warn(missing_docs)]

mod alert_row;
mod checkpoint_queries;
pub mod checkpoints;
mod cockpit;
pub mod error;
pub mod json_lines;
pub mod kafka_alert_topic;
pub mod kafka_config;
pub mod kafka_dead_letters;
pub mod kafka_group;
mod kafka_polling;
pub mod kafka_preflight;
mod kafka_producer;
pub mod kafka_registry;
pub mod kafka_source;
mod lifecycle;
mod lifecycle_queries;
mod lifecycle_rows;
mod passwords;
mod postgres_store;
mod queue_queries;
mod reject_row;
pub mod sql_store;
mod sqlite_store;
mod user_queries;
mod user_rows;
mod users;

pub use checkpoints::StoredCheckpoint;
pub use error::Backend;
pub use json_lines::{JsonLinesSource, ReadProgress};
pub use kafka_alert_topic::{AlertTopic, ALERT_TOPIC};
pub use kafka_config::{KafkaConfig, BUSINESS_TOPICS};
pub use kafka_dead_letters::{DeadLetters, DEAD_LETTER_TOPIC};
pub use kafka_group::{AssignmentListener, GroupConsumer, OffsetCommitter, TopicPartition};
pub use kafka_preflight::{check_cluster, ClusterLayout};
pub use kafka_registry::RegistryReader;
pub use kafka_source::{KafkaSettings, KafkaSource};
pub use sql_store::{is_postgres_url, SqlPool, SqlStore};
