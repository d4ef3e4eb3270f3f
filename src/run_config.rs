//! The production configuration of `mingjing run`: a TOML file, then `MINGJING_*` environment
//! variables, then command-line flags, each overriding the one before. Every problem names the
//! setting and where it came from.

use mingjing_connectors::KafkaConfig;
use mingjing_engine::values::ParamDuration;
use mingjing_engine::EngineConfig;
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::time::Duration;

/// Everything `mingjing run` needs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RunConfig {
    pub kafka: KafkaConfig,
    /// Database URL of the alert, checkpoint and reject store (PostgreSQL in production).
    pub db: String,
    /// How often each partition's state and offsets are checkpointed (`10s`).
    pub checkpoint_interval: String,
    /// How often alerts whose acknowledge or close deadline has passed on the wall clock are
    /// escalated (`30s`).
    pub escalation_interval: String,
    /// Address of the API, `/healthz`, `/readyz` and `/metrics`.
    pub listen: String,
    pub engine: EngineConfig,
}

impl Default for RunConfig {
    fn default() -> Self {
        RunConfig {
            kafka: KafkaConfig::default(),
            db: "postgres://postgres@127.0.0.1:5432/mingjing".into(),
            checkpoint_interval: "10s".into(),
            escalation_interval: "30s".into(),
            listen: "127.0.0.1:9464".into(),
            engine: EngineConfig::default(),
        }
    }
}

/// The settings the command line can give (`None`: not given).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RunFlags {
    pub brokers: Option<String>,
    pub group: Option<String>,
    pub db: Option<String>,
    pub listen: Option<String>,
}

/// A configuration that cannot be used, with every reason.
#[derive(Debug, thiserror::Error)]
#[error("invalid configuration:\n  {}", .problems.join("\n  "))]
pub struct ConfigError {
    pub problems: Vec<String>,
}

/// The environment variables read, and the setting each overrides.
pub const ENVIRONMENT: [(&str, &str); 7] = [
    ("MINGJING_KAFKA_BROKERS", "kafka.brokers"),
    ("MINGJING_KAFKA_GROUP", "kafka.group"),
    ("MINGJING_DB", "db"),
    ("MINGJING_LISTEN", "listen"),
    ("MINGJING_CHECKPOINT_INTERVAL", "checkpoint_interval"),
    ("MINGJING_ESCALATION_INTERVAL", "escalation_interval"),
    ("MINGJING_ALLOWED_LATENESS", "engine.allowed_lateness"),
];

impl RunConfig {
    /// Reads `file` (if any), applies the environment `variables` and then `flags`, and checks
    /// the result.
    pub fn load(
        file: Option<&Path>,
        variables: impl IntoIterator<Item = (String, String)>,
        flags: &RunFlags,
    ) -> Result<RunConfig, ConfigError> {
        let mut config = match file {
            Some(path) => RunConfig::from_file(path)?,
            None => RunConfig::default(),
        };
        for (name, value) in variables {
            config.set_from_environment(&name, value);
        }
        let given = [
            (&flags.brokers, &mut config.kafka.brokers),
            (&flags.group, &mut config.kafka.group),
            (&flags.db, &mut config.db),
            (&flags.listen, &mut config.listen),
        ];
        for (flag, setting) in given {
            if let Some(value) = flag {
                *setting = value.clone();
            }
        }
        let problems = config.problems();
        if problems.is_empty() {
            Ok(config)
        } else {
            Err(ConfigError { problems })
        }
    }

    fn from_file(path: &Path) -> Result<RunConfig, ConfigError> {
        let shown = path.display();
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            problems: vec![format!("cannot read the configuration file {shown}: {e}")],
        })?;
        toml::from_str(&text).map_err(|e| ConfigError {
            problems: vec![format!("{shown}: {}", e.to_string().trim_end())],
        })
    }

    fn set_from_environment(&mut self, name: &str, value: String) {
        let setting = match name {
            "MINGJING_KAFKA_BROKERS" => &mut self.kafka.brokers,
            "MINGJING_KAFKA_GROUP" => &mut self.kafka.group,
            "MINGJING_DB" => &mut self.db,
            "MINGJING_LISTEN" => &mut self.listen,
            "MINGJING_CHECKPOINT_INTERVAL" => &mut self.checkpoint_interval,
            "MINGJING_ESCALATION_INTERVAL" => &mut self.escalation_interval,
            "MINGJING_ALLOWED_LATENESS" => &mut self.engine.allowed_lateness,
            _ => return,
        };
        *setting = value;
    }

    /// The checkpoint interval on the wall clock (`500ms`, `10s`, `1m`); None if unreadable.
    pub fn checkpoint_every(&self) -> Option<Duration> {
        wall_interval(&self.checkpoint_interval)
    }

    /// The escalation sweep's interval on the wall clock; None if unreadable.
    pub fn escalation_every(&self) -> Option<Duration> {
        wall_interval(&self.escalation_interval)
    }

    fn problems(&self) -> Vec<String> {
        let mut problems = self.kafka.problems();
        if self.db.trim().is_empty() {
            problems
                .push("db is empty: give a database URL (--db, MINGJING_DB or db = \"…\")".into());
        }
        if let Err(e) = self.listen.parse::<std::net::SocketAddr>() {
            problems.push(format!("listen {:?} is not host:port ({e})", self.listen));
        }
        let intervals = [
            ("checkpoint_interval", &self.checkpoint_interval),
            ("escalation_interval", &self.escalation_interval),
        ];
        for (setting, text) in intervals {
            if wall_interval(text).is_none() {
                problems.push(format!(
                    "{setting} {text:?} is not a positive duration such as \"10s\" or \"500ms\""
                ));
            }
        }
        if let Err(e) = self.engine.time_settings() {
            problems.push(format!("engine: {e}"));
        }
        problems
    }
}

/// A positive interval on the wall clock: `500ms`, or a catalog duration (`10s`, `1m`, `2h`).
pub fn wall_interval(text: &str) -> Option<Duration> {
    let text = text.trim();
    let nanos = match text.strip_suffix("ms") {
        Some(millis) => millis.parse::<i64>().ok()?.checked_mul(1_000_000)?,
        None => ParamDuration::parse(text).ok()?.exact_nanos()?,
    };
    (nanos > 0).then(|| Duration::from_nanos(nanos.unsigned_abs()))
}
