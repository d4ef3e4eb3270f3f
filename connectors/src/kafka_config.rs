//! [`KafkaConfig`]: the Kafka part of the production configuration.

use crate::kafka_source::KafkaSettings;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::time::Duration;

/// The business topics of events.md §5; `cunwu.registry` is read apart, in full.
pub const BUSINESS_TOPICS: [&str; 5] = [
    "cunwu.approvals",
    "cunwu.labor",
    "cunwu.finance",
    "cunwu.business",
    "cunwu.supervision",
];

/// Where the cluster is and which topics to use.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct KafkaConfig {
    /// `host:port` list of brokers.
    pub brokers: String,
    /// Consumer group of the instances that share the partitions.
    pub group: String,
    /// Business topics, consumed through the group.
    pub topics: Vec<String>,
    /// The registry topic, read in full by every instance.
    pub registry_topic: String,
    /// Where refused messages go.
    pub dead_letter_topic: String,
    /// Where alerts are published.
    pub alert_topic: String,
    /// Further librdkafka settings (`security.protocol`, `sasl.username`, …).
    pub settings: BTreeMap<String, String>,
}

impl Default for KafkaConfig {
    fn default() -> Self {
        KafkaConfig {
            brokers: "127.0.0.1:9092".into(),
            group: "mingjing".into(),
            topics: BUSINESS_TOPICS.iter().map(|t| t.to_string()).collect(),
            registry_topic: "cunwu.registry".into(),
            dead_letter_topic: crate::DEAD_LETTER_TOPIC.into(),
            alert_topic: crate::ALERT_TOPIC.into(),
            settings: BTreeMap::new(),
        }
    }
}

impl KafkaConfig {
    /// What is wrong with the settings, naming each one (`kafka.brokers is empty`).
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let mut require = |name: &str, value: &str| {
            if value.trim().is_empty() {
                problems.push(format!("kafka.{name} is empty"));
            }
        };
        require("brokers", &self.brokers);
        require("group", &self.group);
        require("registry_topic", &self.registry_topic);
        require("dead_letter_topic", &self.dead_letter_topic);
        require("alert_topic", &self.alert_topic);
        if self.topics.is_empty() {
            problems.push("kafka.topics lists no topic".into());
        }
        if self.topics.contains(&self.registry_topic) {
            problems.push(format!(
                "kafka.topics must not list the registry topic {} (every instance reads it in full)",
                self.registry_topic
            ));
        }
        if let Some(strategy) = self.settings.get("partition.assignment.strategy") {
            if strategy.trim() != "range" {
                problems.push(format!(
                    "kafka.settings.\"partition.assignment.strategy\" = {strategy:?}: only \"range\" gives \
                     one instance partition N of every business topic, which a village's rules need"
                ));
            }
        }
        problems
    }

    /// The consumer settings of the business topics.
    pub fn source_settings(&self, poll_wait: Duration) -> KafkaSettings {
        KafkaSettings {
            brokers: self.brokers.clone(),
            group_id: self.group.clone(),
            topics: self.topics.clone(),
            extra: self.extra_settings(),
            poll_wait,
        }
    }

    /// The further librdkafka settings, for producers too.
    pub fn extra_settings(&self) -> Vec<(String, String)> {
        self.settings
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }
}
