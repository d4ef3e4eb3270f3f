//! [`check_cluster`]: before `mingjing run` starts consuming, the cluster is asked whether it
//! is reachable and holds every configured topic, so a bad setting fails at once by name.

use crate::kafka_config::KafkaConfig;
use rdkafka::config::ClientConfig;
use rdkafka::consumer::{BaseConsumer, Consumer};
use std::collections::BTreeMap;
use std::time::Duration;

/// What the cluster holds for the configured topics.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClusterLayout {
    /// Partitions of each business topic (all equal).
    pub business_partitions: usize,
}

/// Checks that the brokers answer and that every configured topic exists; business topics must
/// have one partition count, because partition N of each holds the same villages. Every
/// problem names its setting.
pub fn check_cluster(config: &KafkaConfig, wait: Duration) -> Result<ClusterLayout, Vec<String>> {
    let mut client = ClientConfig::new();
    client.set("bootstrap.servers", &config.brokers);
    for (key, value) in &config.settings {
        client.set(key, value);
    }
    let consumer: BaseConsumer = client.create().map_err(|e| {
        vec![format!(
            "kafka.settings: the Kafka client refuses them: {e}"
        )]
    })?;
    let metadata = consumer.fetch_metadata(None, wait).map_err(|e| {
        vec![format!(
            "kafka.brokers {:?}: no broker answered within {}s ({e}); check the address, and \
             kafka.settings (security.protocol, sasl.*) if the cluster needs a login",
            config.brokers,
            wait.as_secs()
        )]
    })?;
    let partitions: BTreeMap<&str, usize> = metadata
        .topics()
        .iter()
        .filter(|t| t.error().is_none())
        .map(|t| (t.name(), t.partitions().len()))
        .collect();
    let mut problems = Vec::new();
    let mut missing = |setting: &str, topic: &str| {
        if !partitions.contains_key(topic) {
            problems.push(format!(
                "{setting}: the topic {topic} does not exist on {}",
                config.brokers
            ));
        }
    };
    for topic in &config.topics {
        missing("kafka.topics", topic);
    }
    missing("kafka.registry_topic", &config.registry_topic);
    missing("kafka.dead_letter_topic", &config.dead_letter_topic);
    missing("kafka.alert_topic", &config.alert_topic);
    let counts: BTreeMap<&str, usize> = config
        .topics
        .iter()
        .filter_map(|t| partitions.get(t.as_str()).map(|n| (t.as_str(), *n)))
        .collect();
    let mut distinct: Vec<usize> = counts.values().copied().collect();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.len() > 1 {
        let listed: Vec<String> = counts.iter().map(|(t, n)| format!("{t} {n}")).collect();
        problems.push(format!(
            "kafka.topics: the business topics must have one partition count, keyed by \
             village_id, so that partition N of each holds the same villages; they have {}",
            listed.join(", ")
        ));
    }
    if problems.is_empty() {
        Ok(ClusterLayout {
            business_partitions: distinct.first().copied().unwrap_or(0),
        })
    } else {
        Err(problems)
    }
}
