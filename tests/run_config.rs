//! The configuration of `mingjing run`: defaults, a TOML file, `MINGJING_*` variables and flags
//! in that order of precedence, and errors that name the setting.

use mingjing::run_config::{RunConfig, RunFlags};
use std::io::Write;

fn file(text: &str) -> tempfile::NamedTempFile {
    let mut file = tempfile::NamedTempFile::new().expect("temp file");
    file.write_all(text.as_bytes()).expect("write");
    file
}

fn vars(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn defaults_work_without_a_file() {
    let config = RunConfig::load(None, vars(&[]), &RunFlags::default()).expect("defaults");
    assert_eq!(config.kafka.topics.len(), 5);
    assert!(!config.kafka.topics.contains(&"cunwu.registry".to_string()));
    assert_eq!(config.kafka.registry_topic, "cunwu.registry");
    assert_eq!(config.kafka.dead_letter_topic, "cunwu.rejects");
    assert_eq!(config.kafka.alert_topic, "cunwu.alerts");
    assert_eq!(config.checkpoint_interval, "10s");
}

#[test]
fn the_file_then_the_environment_then_the_flags_win() {
    let toml = file(
        r#"
db = "postgres://file@db/mingjing"
checkpoint_interval = "30s"
[kafka]
brokers = "file:9092"
group = "file-group"
[kafka.settings]
"security.protocol" = "SASL_SSL"
[engine]
allowed_lateness = "5m"
"#,
    );
    let from_file = RunConfig::load(Some(toml.path()), vars(&[]), &RunFlags::default()).unwrap();
    assert_eq!(from_file.kafka.brokers, "file:9092");
    assert_eq!(from_file.engine.allowed_lateness, "5m");
    assert_eq!(
        from_file.kafka.extra_settings(),
        [("security.protocol".to_string(), "SASL_SSL".to_string())]
    );

    let env = vars(&[
        ("MINGJING_KAFKA_BROKERS", "env:9092"),
        ("MINGJING_DB", "postgres://env@db/mingjing"),
        ("MINGJING_ALLOWED_LATENESS", "2m"),
        ("UNRELATED", "x"),
    ]);
    let flags = RunFlags {
        brokers: Some("flag:9092".into()),
        ..RunFlags::default()
    };
    let config = RunConfig::load(Some(toml.path()), env, &flags).unwrap();
    assert_eq!(config.kafka.brokers, "flag:9092");
    assert_eq!(config.db, "postgres://env@db/mingjing");
    assert_eq!(config.kafka.group, "file-group");
    assert_eq!(config.engine.allowed_lateness, "2m");
    assert_eq!(config.checkpoint_interval, "30s");
}

#[test]
fn an_unknown_setting_in_the_file_is_named_with_its_line() {
    let toml = file("db = \"postgres://x\"\n[kafka]\nbroker = \"typo:9092\"\n");
    let error = RunConfig::load(Some(toml.path()), vars(&[]), &RunFlags::default())
        .expect_err("unknown field");
    let text = error.to_string();
    assert!(text.contains("broker"), "{text}");
    assert!(text.contains("line 3"), "{text}");
}

#[test]
fn every_bad_setting_is_reported_by_name() {
    let env = vars(&[
        ("MINGJING_KAFKA_BROKERS", " "),
        ("MINGJING_CHECKPOINT_INTERVAL", "soon"),
        ("MINGJING_ESCALATION_INTERVAL", "0s"),
        ("MINGJING_LISTEN", "everywhere"),
        ("MINGJING_ALLOWED_LATENESS", "3wd"),
    ]);
    let error = RunConfig::load(None, env, &RunFlags::default()).expect_err("invalid");
    let problems = error.problems.join("\n");
    assert!(problems.contains("kafka.brokers is empty"), "{problems}");
    assert!(
        problems.contains("checkpoint_interval \"soon\""),
        "{problems}"
    );
    assert!(
        problems.contains("escalation_interval \"0s\" is not a positive duration"),
        "{problems}"
    );
    assert!(problems.contains("listen \"everywhere\""), "{problems}");
    assert!(problems.contains("engine:"), "{problems}");
    assert_eq!(error.problems.len(), 5, "{problems}");
}

#[test]
fn the_registry_topic_is_not_a_business_topic() {
    let toml = file("[kafka]\ntopics = [\"cunwu.labor\", \"cunwu.registry\"]\n");
    let error = RunConfig::load(Some(toml.path()), vars(&[]), &RunFlags::default())
        .expect_err("registry in the group topics");
    assert!(error.to_string().contains("registry topic cunwu.registry"));
}

#[test]
fn the_shipped_container_configuration_loads() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy/mingjing.toml");
    let config = RunConfig::load(Some(&path), vars(&[]), &RunFlags::default())
        .expect("deploy/mingjing.toml is a valid configuration");
    assert_eq!(config.kafka.brokers, "kafka:9092");
    assert_eq!(config.listen, "0.0.0.0:9464");
    assert!(config.db.starts_with("postgres://"));
}

#[test]
fn checkpoint_interval_takes_milliseconds_and_refuses_zero() {
    let every = |text: &str| {
        RunConfig {
            checkpoint_interval: text.into(),
            ..RunConfig::default()
        }
        .checkpoint_every()
    };
    assert_eq!(every("500ms"), Some(std::time::Duration::from_millis(500)));
    assert_eq!(every("10s"), Some(std::time::Duration::from_secs(10)));
    assert_eq!(every("0ms"), None);
    assert_eq!(
        every("2wd"),
        None,
        "working days are not a wall-clock interval"
    );
}
