//! End-to-end benchmark of `mingjing run` through a real broker (tansu) and PostgreSQL:
//! throughput catching up a backlog, set against the broker's raw consume rate, and the
//! latency from producing an event to its alert being durable, at a steady live rate.
//!
//! ```sh
//! cargo bench -p mingjing-benches --bench end_to_end
//! ```
//!
//! Needs `tansu` on PATH (DESIGN.md, "Kafka in tests") and PostgreSQL on 127.0.0.1:5432 with
//! trust auth (or `MINGJING_TEST_POSTGRES_URL`). Sizes: `MINGJING_BENCH_PARTITIONS` (2),
//! `MINGJING_BENCH_VILLAGES` (120), `MINGJING_BENCH_DAYS` (120), `MINGJING_BENCH_RATE` (5000
//! events/s); for the run `MINGJING_BENCH_CHECKPOINT_INTERVAL` (`1s`), and
//! `MINGJING_BENCH_FETCH_WAIT_MS` (librdkafka's `fetch.wait.max.ms`, here 10) for the run and
//! the raw consumer. The log of `mingjing run` goes to `<target>/end_to_end/mingjing-run.log`.

#[path = "../../connectors/tests/kafka_support/mod.rs"]
mod kafka_support;

use chrono::Duration as EventSpan;
use kafka_support::{create_topic, Broker};
use mingjing_benches::consume_phases::{consume_phases, PhaseTotals};
use mingjing_benches::end_to_end::{
    alert_latencies, closing_tick, event_time_speed, generate_city, split_after_day, AlertLatency,
    AlertMessage, CityEvent, Percentiles,
};
use mingjing_connectors::BUSINESS_TOPICS;
use rdkafka::config::ClientConfig;
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::error::KafkaError;
use rdkafka::message::Timestamp;
use rdkafka::producer::{DeliveryFuture, FutureProducer, FutureRecord};
use rdkafka::{Message, Offset, TopicPartitionList};
use serde_json::Value;
use sqlx::{Connection, PgConnection, Row};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::str::FromStr;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const GROUP: &str = "bench";
const REGISTRY_TOPIC: &str = "cunwu.registry";
const ALERT_TOPIC: &str = "cunwu.alerts";
const REJECT_TOPIC: &str = "cunwu.rejects";
/// `mingjing run`'s default allowed lateness: events are applied once event time passes them
/// by this much.
const ALLOWED_LATENESS_MINUTES: i64 = 10;
const BACKLOG_SHARE: f64 = 0.8;
const CITY_SEED: u64 = 5;
const ANOMALY_RATE: f64 = 0.05;
const POLL_EVERY: Duration = Duration::from_millis(100);
/// Live events go out in a small batch every `PACE_EVERY`.
const PACE_EVERY: Duration = Duration::from_millis(10);
const CATCH_UP_LIMIT: Duration = Duration::from_secs(600);

/// (topic, partition) → the offset after its last message.
type Ends = BTreeMap<(String, i32), u64>;

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        println!(
            "end_to_end: skipped; it needs tansu and PostgreSQL, run it with \
             `cargo bench -p mingjing-benches --bench end_to_end`"
        );
        return;
    }
    let settings = Settings::from_env();
    let binary = build_release_binary();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let summary = runtime.block_on(run_benchmark(&settings, &binary));
    summary.print(&settings);
}

/// What to measure, from `MINGJING_BENCH_*`.
struct Settings {
    partitions: i32,
    villages: u32,
    days: u32,
    /// Live events per second.
    rate: u32,
    /// `MINGJING_CHECKPOINT_INTERVAL` of the run.
    checkpoint_interval: String,
    /// librdkafka `fetch.wait.max.ms` for the run and the raw consumer. tansu 0.6 sleeps half of
    /// it (or all of it below 250 ms) on every fetch, even one that found records, where Kafka
    /// answers as soon as records are there; with librdkafka's 500 the benchmark would measure
    /// that sleep (about 490 ms of every alert's latency), so it runs with 10.
    fetch_wait_ms: u32,
}

impl Settings {
    fn from_env() -> Settings {
        Settings {
            partitions: env_or("MINGJING_BENCH_PARTITIONS", 2),
            villages: env_or("MINGJING_BENCH_VILLAGES", 120),
            days: env_or("MINGJING_BENCH_DAYS", 120),
            rate: env_or("MINGJING_BENCH_RATE", 5000),
            checkpoint_interval: std::env::var("MINGJING_BENCH_CHECKPOINT_INTERVAL")
                .unwrap_or_else(|_| "1s".into()),
            fetch_wait_ms: env_or("MINGJING_BENCH_FETCH_WAIT_MS", 10),
        }
    }
}

fn env_or<T: FromStr>(name: &str, default: T) -> T {
    env_opt(name).unwrap_or(default)
}

fn env_opt<T: FromStr>(name: &str) -> Option<T> {
    let text = std::env::var(name).ok()?;
    Some(
        text.parse()
            .unwrap_or_else(|_| panic!("{name}={text:?} is not a valid number")),
    )
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("benches/ sits in the workspace")
        .to_path_buf()
}

fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => workspace_root().join(dir),
        None => workspace_root().join("target"),
    }
}

/// `cargo build --release --bin mingjing`: the benchmark measures the binary users run.
fn build_release_binary() -> PathBuf {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    println!("building the release binary (cargo build --release --bin mingjing)…");
    let status = Command::new(cargo)
        .args(["build", "--release", "--bin", "mingjing"])
        .current_dir(workspace_root())
        .status()
        .expect("cargo runs");
    assert!(
        status.success(),
        "cargo build --release --bin mingjing failed"
    );
    target_dir().join("release").join("mingjing")
}

/// Everything measured, for the summary.
struct Summary {
    load_at_start: String,
    backlog_events: usize,
    ceiling: ConsumeRate,
    catch_up: CatchUp,
    streamed: Streamed,
    latencies: Vec<AlertLatency>,
    alert_timestamps: String,
    /// Rows of `alerts`, distinct alert ids on the alert topic, and messages there.
    stored_alerts: i64,
    /// The size of every partition's saved state, together.
    checkpoint_bytes: i64,
    /// What the run wrote: checkpoints saved, bytes of bases and of deltas (from /metrics).
    checkpoint_writes: Option<CheckpointWrites>,
    /// The consuming loop's phases through the backlog, from process start (from /metrics).
    backlog_phases: Vec<PhaseTotals>,
    /// The consuming loop's phases while the live events streamed (from /metrics).
    streaming_phases: Vec<PhaseTotals>,
    published_alerts: usize,
    alert_messages: usize,
    lateness_wait_ms: f64,
    peak_rss_kib: Option<u64>,
    exit: ExitStatus,
    log: PathBuf,
}

async fn run_benchmark(settings: &Settings, binary: &Path) -> Summary {
    let load_at_start = load_average();
    let broker = Broker::start();
    create_topics(&broker.address, settings.partitions).await;
    let producer = producer(&broker.address);

    let city = split_after_day(
        generate_city(settings.villages, settings.days, CITY_SEED, ANOMALY_RATE),
        BACKLOG_SHARE,
    );
    println!(
        "city: {} backlog events, {} live events; load average at start {load_at_start}",
        city.backlog.len(),
        city.tail.len()
    );
    let mut ends = empty_ends(settings.partitions);
    produce_backlog(&producer, &city.backlog, &mut ends).await;
    let backlog_ends = ends.clone();
    let ceiling =
        raw_consume_rate(&broker.address, city.backlog.len(), settings.fetch_wait_ms).await;
    println!(
        "broker raw consume: {:.0} msg/s ({} messages, {:.2} s first to last; {:.2} s with the group join)",
        ceiling.per_second(),
        ceiling.messages,
        ceiling.reading.as_secs_f64(),
        ceiling.with_join.as_secs_f64()
    );

    let database = Database::create().await;
    let log = target_dir().join("end_to_end").join("mingjing-run.log");
    let mut run = RunProcess::start(binary, &broker.address, &database.url, settings, &log);
    let mut checkpoints = Checkpoints::connect(&database.url).await;
    let catch_up = catch_up(&mut run, &mut checkpoints, &backlog_ends).await;
    println!(
        "checkpoints at the backlog's ends {:.2} s after start",
        catch_up.to_checkpoint.as_secs_f64()
    );

    let mut live = city.tail.clone();
    live.push(closing_tick(
        &city.tail,
        EventSpan::minutes(ALLOWED_LATENESS_MINUTES),
    ));
    let phases_before_stream = run.consume_phases().await;
    let streamed = stream_live(&producer, &live, settings.rate, &mut run, &mut ends).await;
    println!(
        "streamed {} live events in {:.2} s ({:.0} events/s)",
        live.len(),
        streamed.seconds,
        streamed.rate()
    );
    wait_caught_up(&mut run, &mut checkpoints, &ends, CATCH_UP_LIMIT).await;
    let peak_rss_kib = run.peak_rss_kib();
    let checkpoint_writes = run.checkpoint_writes().await;
    let streaming_phases = run
        .consume_phases()
        .await
        .iter()
        .map(|later| later.since(phases_before_stream.iter().find(|p| p.phase == later.phase)))
        .collect();
    let exit = run.terminate();
    let stored_alerts = checkpoints.stored_alerts().await;
    let checkpoint_bytes = checkpoints.state_bytes().await;
    checkpoints.close().await;
    database.drop().await;

    let (messages, alert_timestamps) = read_alert_topic(&broker.address).await;
    let published_alerts = messages
        .iter()
        .filter_map(|m| m.alert["alert_id"].as_str())
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    let latencies = alert_latencies(&messages, &streamed.produced_ms);
    let speed = event_time_speed(&city.tail, streamed.rate());
    Summary {
        load_at_start,
        backlog_events: city.backlog.len(),
        ceiling,
        catch_up,
        streamed,
        latencies,
        alert_timestamps,
        stored_alerts,
        checkpoint_bytes,
        checkpoint_writes,
        backlog_phases: phases_before_stream,
        streaming_phases,
        published_alerts,
        alert_messages: messages.len(),
        lateness_wait_ms: (ALLOWED_LATENESS_MINUTES * 60_000) as f64 / speed,
        peak_rss_kib,
        exit,
        log,
    }
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "unknown".into())
}

async fn create_topics(brokers: &str, partitions: i32) {
    for topic in BUSINESS_TOPICS {
        create_topic(brokers, topic, partitions).await;
    }
    for topic in [REGISTRY_TOPIC, REJECT_TOPIC, ALERT_TOPIC] {
        create_topic(brokers, topic, 1).await;
    }
}

/// Every topic `mingjing run` reads.
fn input_topic_names() -> Vec<&'static str> {
    BUSINESS_TOPICS
        .into_iter()
        .chain([REGISTRY_TOPIC])
        .collect()
}

/// Every topic `mingjing run` reads, with its partition count.
fn input_topics(business_partitions: i32) -> Vec<(&'static str, i32)> {
    input_topic_names()
        .into_iter()
        .map(|t| {
            (
                t,
                if t == REGISTRY_TOPIC {
                    1
                } else {
                    business_partitions
                },
            )
        })
        .collect()
}

/// The producer both phases use. All producers of a city share librdkafka's default
/// partitioner, so a village lands in the same partition number of every business topic.
fn producer(brokers: &str) -> FutureProducer {
    ClientConfig::new()
        .set("bootstrap.servers", brokers)
        .set("enable.idempotence", "true")
        .set("linger.ms", "5")
        .create()
        .expect("a Kafka producer")
}

async fn produce_backlog(producer: &FutureProducer, backlog: &[CityEvent], ends: &mut Ends) {
    let started = Instant::now();
    for chunk in backlog.chunks(5_000) {
        let deliveries: Vec<_> = chunk
            .iter()
            .map(|event| {
                let record = FutureRecord::to(event.topic)
                    .key(&event.key)
                    .payload(&event.line);
                let delivery = producer
                    .send_result(record)
                    .map_err(|(e, _)| e)
                    .expect("the producer queues a backlog message");
                (event.topic, delivery)
            })
            .collect();
        record_deliveries(deliveries, ends).await;
    }
    println!(
        "produced the backlog in {:.2} s",
        started.elapsed().as_secs_f64()
    );
}

/// Every input partition, at offset 0.
fn empty_ends(partitions: i32) -> Ends {
    input_topics(partitions)
        .into_iter()
        .flat_map(|(topic, count)| (0..count).map(move |p| ((topic.to_string(), p), 0)))
        .collect()
}

/// Waits for each message to be on the broker and moves its partition's end past it.
///
/// The ends come from the delivery reports, not from the broker's watermarks: tansu 0.6
/// answers ListOffsets(latest) with the base offset of the newest record batch plus one, short
/// of the end whenever that batch holds more than one record.
async fn record_deliveries(deliveries: Vec<(&'static str, DeliveryFuture)>, ends: &mut Ends) {
    for (topic, delivery) in deliveries {
        let (partition, offset) = delivery
            .await
            .expect("the producer is alive")
            .map_err(|(e, _)| e)
            .unwrap_or_else(|e| panic!("the broker refused a message for {topic}: {e}"));
        let end = ends.entry((topic.to_string(), partition)).or_insert(0);
        *end = (*end).max(offset as u64 + 1);
    }
}

/// How fast a plain consumer reads the backlog: what no consumer of this broker can beat.
struct ConsumeRate {
    messages: usize,
    /// From the first message to the last.
    reading: Duration,
    /// From subscribing to the last message.
    with_join: Duration,
}

impl ConsumeRate {
    fn per_second(&self) -> f64 {
        self.messages as f64 / self.reading.as_secs_f64()
    }
}

async fn raw_consume_rate(brokers: &str, expected: usize, fetch_wait_ms: u32) -> ConsumeRate {
    let brokers = brokers.to_string();
    tokio::task::spawn_blocking(move || {
        let mut config = ClientConfig::new();
        config
            .set("bootstrap.servers", &brokers)
            .set("group.id", "bench-raw-consume")
            .set("auto.offset.reset", "earliest")
            .set("enable.auto.commit", "false")
            .set("fetch.wait.max.ms", fetch_wait_ms.to_string());
        let consumer: BaseConsumer = config.create().expect("a Kafka consumer");
        consumer
            .subscribe(&input_topic_names())
            .expect("subscribing to the input topics");
        let subscribed = Instant::now();
        let mut first = None;
        let mut messages = 0;
        while messages < expected {
            assert!(
                subscribed.elapsed() < Duration::from_secs(300),
                "the raw consumer read {messages} of {expected} backlog messages in 300 s"
            );
            match consumer.poll(POLL_EVERY) {
                Some(Ok(_)) => {
                    first.get_or_insert_with(Instant::now);
                    messages += 1;
                }
                Some(Err(error)) => println!("raw consumer: {error}"),
                None => {}
            }
        }
        ConsumeRate {
            messages,
            reading: first.map_or(Duration::ZERO, |f| f.elapsed()),
            with_join: subscribed.elapsed(),
        }
    })
    .await
    .expect("the raw consumer")
}

/// A throwaway PostgreSQL database.
struct Database {
    admin_url: String,
    name: String,
    url: String,
}

impl Database {
    async fn create() -> Database {
        let admin_url = std::env::var("MINGJING_TEST_POSTGRES_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
        let name = format!("mingjing_bench_{}_{}", std::process::id(), now_ms());
        let mut admin = Self::admin(&admin_url).await;
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&mut admin)
            .await
            .unwrap_or_else(|e| panic!("cannot create the database {name}: {e}"));
        let base = admin_url
            .rsplit_once('/')
            .map_or(admin_url.as_str(), |(base, _)| base);
        Database {
            url: format!("{base}/{name}"),
            admin_url,
            name,
        }
    }

    async fn admin(url: &str) -> PgConnection {
        PgConnection::connect(url).await.unwrap_or_else(|e| {
            panic!("PostgreSQL at {url} (set MINGJING_TEST_POSTGRES_URL to use another): {e}")
        })
    }

    async fn drop(self) {
        let mut admin = Self::admin(&self.admin_url).await;
        if let Err(error) = sqlx::query(&format!("DROP DATABASE {}", self.name))
            .execute(&mut admin)
            .await
        {
            println!("the database {} was left behind: {error}", self.name);
        }
    }
}

/// The `mingjing run` under test, logging to a file, killed if still running when dropped.
struct RunProcess {
    child: Child,
    started: Instant,
    metrics_address: String,
    log: PathBuf,
}

impl RunProcess {
    fn start(
        binary: &Path,
        brokers: &str,
        db: &str,
        settings: &Settings,
        log: &Path,
    ) -> RunProcess {
        let listen = format!("127.0.0.1:{}", free_port());
        std::fs::create_dir_all(log.parent().expect("the log sits in a directory"))
            .expect("creating the log directory");
        let log_file = std::fs::File::create(log)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", log.display()));
        let mut command = Command::new(binary);
        command
            .args(["run", "--brokers", brokers, "--group", GROUP, "--db", db])
            .args(["--listen", &listen]);
        let config = log.with_file_name("mingjing-run.toml");
        std::fs::write(
            &config,
            format!(
                "[kafka.settings]\n\"fetch.wait.max.ms\" = \"{}\"\n",
                settings.fetch_wait_ms
            ),
        )
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", config.display()));
        command.arg("--config").arg(config);
        let child = command
            .env(
                "MINGJING_CHECKPOINT_INTERVAL",
                &settings.checkpoint_interval,
            )
            .env("MINGJING_LOG", "info")
            .env("MINGJING_RULES", workspace_root().join("rules"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log_file)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", binary.display()));
        RunProcess {
            child,
            started: Instant::now(),
            metrics_address: listen,
            log: log.to_path_buf(),
        }
    }

    /// Stops the benchmark with the log if the process has ended.
    fn fail_if_exited(&mut self) {
        if let Ok(Some(status)) = self.child.try_wait() {
            panic!(
                "mingjing run exited with {status}; its log ({}):\n{}",
                self.log.display(),
                std::fs::read_to_string(&self.log).unwrap_or_default()
            );
        }
    }

    /// `mingjing_events_applied_total` from /metrics, if it answers within a second.
    async fn events_applied(&self) -> Option<u64> {
        metric_value(&self.get_metrics().await?, "mingjing_events_applied_total ").map(|v| v as u64)
    }

    /// Checkpoints saved and the bytes written so far, from /metrics.
    async fn checkpoint_writes(&self) -> Option<CheckpointWrites> {
        let response = self.get_metrics().await?;
        let value = |series: &str| metric_value(&response, series);
        Some(CheckpointWrites {
            saved: value("mingjing_checkpoints_total ")? as u64,
            base_bytes: value(r#"mingjing_checkpoint_bytes_total{kind="base"} "#).unwrap_or(0.0),
            delta_bytes: value(r#"mingjing_checkpoint_bytes_total{kind="delta"} "#).unwrap_or(0.0),
        })
    }

    /// The consuming loop's phase histograms so far, from /metrics (none if it does not answer).
    async fn consume_phases(&self) -> Vec<PhaseTotals> {
        self.get_metrics()
            .await
            .map(|metrics| consume_phases(&metrics))
            .unwrap_or_default()
    }

    /// The /metrics text, if it answers within a second.
    async fn get_metrics(&self) -> Option<String> {
        tokio::time::timeout(Duration::from_secs(1), self.read_metrics())
            .await
            .ok()?
    }

    async fn read_metrics(&self) -> Option<String> {
        let mut stream = tokio::net::TcpStream::connect(&self.metrics_address)
            .await
            .ok()?;
        stream
            .write_all(b"GET /metrics HTTP/1.0\r\nHost: localhost\r\n\r\n")
            .await
            .ok()?;
        let mut response = String::new();
        stream.read_to_string(&mut response).await.ok()?;
        Some(response)
    }

    /// VmHWM: the most resident memory the process has had.
    fn peak_rss_kib(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
    }

    /// SIGTERM, then waits up to 60 s for it to finish its work and exit.
    fn terminate(mut self) -> ExitStatus {
        Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        let asked = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("waiting for mingjing run") {
                return status;
            }
            assert!(
                asked.elapsed() < Duration::from_secs(60),
                "mingjing run did not stop within 60 s of SIGTERM; log: {}",
                self.log.display()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for RunProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What a run wrote to its checkpoints.
struct CheckpointWrites {
    saved: u64,
    base_bytes: f64,
    delta_bytes: f64,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free loopback port")
        .port()
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("the clock is after 1970")
        .as_millis() as i64
}

/// The run's database: its `checkpoints` and `alerts` tables.
struct Checkpoints {
    connection: PgConnection,
}

impl Checkpoints {
    async fn connect(url: &str) -> Checkpoints {
        Checkpoints {
            connection: Database::admin(url).await,
        }
    }

    /// Business partition → (topic, partition) → next offset, of every row of the group.
    /// Empty until `mingjing run` has created the table.
    async fn read(&mut self) -> BTreeMap<String, Ends> {
        let rows = sqlx::query(
            "SELECT partition_key, offsets FROM checkpoints WHERE partition_key LIKE $1",
        )
        .bind(format!("{GROUP}/%"))
        .fetch_all(&mut self.connection)
        .await
        .unwrap_or_default();
        rows.iter()
            .map(|row| {
                let key: String = row.get(0);
                let offsets: String = row.get(1);
                (key, parse_offsets(&offsets))
            })
            .collect()
    }

    /// Every business partition's checkpoint has its business inputs and the registry at
    /// `ends`.
    async fn at(&mut self, ends: &Ends) -> bool {
        let rows = self.read().await;
        let business_partitions: Vec<i32> = ends
            .keys()
            .filter(|(t, _)| t != REGISTRY_TOPIC)
            .map(|(_, p)| *p)
            .collect();
        business_partitions.iter().all(|p| {
            rows.get(&format!("{GROUP}/{p}")).is_some_and(|row| {
                ends.iter()
                    .filter(|((t, partition), _)| t == REGISTRY_TOPIC || partition == p)
                    .all(|(tp, end)| row.get(tp) == Some(end))
            })
        })
    }

    /// Rows of the `alerts` table.
    async fn stored_alerts(&mut self) -> i64 {
        sqlx::query_scalar("SELECT count(*) FROM alerts")
            .fetch_one(&mut self.connection)
            .await
            .unwrap_or_else(|e| panic!("cannot count the stored alerts: {e}"))
    }

    /// The size of the saved states (bases and the deltas after them), all partitions together.
    async fn state_bytes(&mut self) -> i64 {
        sqlx::query_scalar(
            "SELECT (SELECT coalesce(sum(length(state)), 0) FROM checkpoints)::BIGINT \
                  + (SELECT coalesce(sum(length(state)), 0) FROM checkpoint_deltas)::BIGINT",
        )
        .fetch_one(&mut self.connection)
        .await
        .unwrap_or_else(|e| panic!("cannot measure the checkpoints: {e}"))
    }

    async fn close(self) {
        let _ = self.connection.close().await;
    }
}

fn parse_offsets(json: &str) -> Ends {
    let points: Vec<Value> = serde_json::from_str(json)
        .unwrap_or_else(|e| panic!("checkpoint offsets are not the documented JSON ({e}): {json}"));
    points
        .iter()
        .filter_map(|p| {
            Some((
                (
                    p["topic"].as_str()?.to_string(),
                    p["partition"].as_i64()? as i32,
                ),
                p["next_offset"].as_u64()?,
            ))
        })
        .collect()
}

/// How long the backlog took, from starting the process.
struct CatchUp {
    /// To the first event applied: connecting, joining the group, reading the registry.
    to_first_applied: Option<Duration>,
    /// To the last backlog event applied, as /metrics shows (to within one poll).
    to_last_applied: Option<Duration>,
    /// To checkpoints at the ends: durable, but up to one checkpoint interval late.
    to_checkpoint: Duration,
}

async fn catch_up(run: &mut RunProcess, checkpoints: &mut Checkpoints, ends: &Ends) -> CatchUp {
    let mut to_first_applied = None;
    let mut to_last_applied = None;
    let mut applied_before = 0;
    loop {
        if let Some(applied) = run.events_applied().await {
            if applied > applied_before {
                to_first_applied.get_or_insert_with(|| run.started.elapsed());
                to_last_applied = Some(run.started.elapsed());
                applied_before = applied;
            }
        }
        if checkpoints.at(ends).await {
            return CatchUp {
                to_first_applied,
                to_last_applied,
                to_checkpoint: run.started.elapsed(),
            };
        }
        run.fail_if_exited();
        assert!(
            run.started.elapsed() < CATCH_UP_LIMIT,
            "not caught up within {CATCH_UP_LIMIT:?}: checkpoints {:?}, ends {ends:?}",
            checkpoints.read().await
        );
        tokio::time::sleep(POLL_EVERY).await;
    }
}

async fn wait_caught_up(
    run: &mut RunProcess,
    checkpoints: &mut Checkpoints,
    ends: &Ends,
    limit: Duration,
) {
    let started = Instant::now();
    while !checkpoints.at(ends).await {
        run.fail_if_exited();
        assert!(
            started.elapsed() < limit,
            "not caught up within {limit:?}: checkpoints {:?}, ends {ends:?}",
            checkpoints.read().await
        );
        tokio::time::sleep(POLL_EVERY).await;
    }
}

/// The live events as produced.
struct Streamed {
    /// event_id → produce time (ms since the epoch, also the message timestamp).
    produced_ms: HashMap<String, i64>,
    events: usize,
    started_ms: i64,
    seconds: f64,
}

impl Streamed {
    fn rate(&self) -> f64 {
        self.events as f64 / self.seconds
    }
}

/// Produces `live` at `rate` events/s in a small batch every `PACE_EVERY`, each message
/// stamped with its produce time.
async fn stream_live(
    producer: &FutureProducer,
    live: &[CityEvent],
    rate: u32,
    run: &mut RunProcess,
    ends: &mut Ends,
) -> Streamed {
    let mut produced_ms = HashMap::with_capacity(live.len());
    let mut deliveries = Vec::with_capacity(live.len());
    let mut pace = tokio::time::interval(PACE_EVERY);
    let started = Instant::now();
    let started_ms = now_ms();
    let mut sent = 0;
    while sent < live.len() {
        pace.tick().await;
        // Catch up to the schedule rather than one batch per tick, so a late wake-up does not
        // lower the rate.
        let due = ((started.elapsed().as_secs_f64() * f64::from(rate)) as usize).min(live.len());
        for event in &live[sent..due.max(sent)] {
            let at = now_ms();
            let record = FutureRecord::to(event.topic)
                .key(&event.key)
                .payload(&event.line)
                .timestamp(at);
            let delivery = producer.send_result(record).map_err(|(e, _)| e).unwrap_or_else(|e| {
                panic!("the producer refused a live message ({e}); try a lower MINGJING_BENCH_RATE")
            });
            deliveries.push((event.topic, delivery));
            produced_ms.insert(event.event_id.clone(), at);
        }
        sent = due.max(sent);
        run.fail_if_exited();
    }
    let seconds = started.elapsed().as_secs_f64();
    record_deliveries(deliveries, ends).await;
    Streamed {
        produced_ms,
        events: live.len(),
        started_ms,
        seconds,
    }
}

/// Every message of the alert topic, and which kind of timestamp they carry. Reads to the end
/// the fetch responses report (partition EOF); ListOffsets is not to be trusted on tansu 0.6.
async fn read_alert_topic(brokers: &str) -> (Vec<AlertMessage>, String) {
    let brokers = brokers.to_string();
    tokio::task::spawn_blocking(move || {
        let consumer: BaseConsumer = ClientConfig::new()
            .set("bootstrap.servers", &brokers)
            .set("group.id", "bench-alert-reader")
            .set("enable.auto.commit", "false")
            .set("enable.partition.eof", "true")
            .create()
            .expect("a Kafka consumer");
        let mut assignment = TopicPartitionList::new();
        assignment
            .add_partition_offset(ALERT_TOPIC, 0, Offset::Beginning)
            .expect("an assignment");
        consumer
            .assign(&assignment)
            .expect("assigning the alert topic");
        let mut messages = Vec::new();
        let mut kinds = BTreeMap::new();
        let started = Instant::now();
        loop {
            assert!(
                started.elapsed() < Duration::from_secs(120),
                "the alert topic was not read to its end in 120 s ({} messages)",
                messages.len()
            );
            let message = match consumer.poll(POLL_EVERY) {
                None => continue,
                Some(Err(KafkaError::PartitionEOF(_))) => break,
                Some(Err(error)) => panic!("reading the alert topic: {error}"),
                Some(Ok(message)) => message,
            };
            let (kind, timestamp_ms) = match message.timestamp() {
                Timestamp::CreateTime(ms) => ("CreateTime", Some(ms)),
                Timestamp::LogAppendTime(ms) => ("LogAppendTime", Some(ms)),
                Timestamp::NotAvailable => ("no timestamp", None),
            };
            *kinds.entry(kind).or_insert(0) += 1;
            let alert = message
                .payload()
                .and_then(|p| serde_json::from_slice::<Value>(p).ok());
            if let (Some(timestamp_ms), Some(alert)) = (timestamp_ms, alert) {
                messages.push(AlertMessage {
                    timestamp_ms,
                    alert,
                });
            }
        }
        let kinds: Vec<String> = kinds.iter().map(|(k, n)| format!("{n} {k}")).collect();
        (messages, kinds.join(", "))
    })
    .await
    .expect("reading the alert topic")
}

impl Summary {
    fn print(&self, settings: &Settings) {
        let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
        let ceiling = self.ceiling.per_second();
        println!();
        println!(
            "end-to-end (machine: {cores} cores, shared; load average {} at start) partitions={} villages={} days={} fetch.wait.max.ms={}",
            self.load_at_start,
            settings.partitions,
            settings.villages,
            settings.days,
            settings.fetch_wait_ms
        );
        println!(
            "broker raw consume  : {ceiling:.0} msg/s (ceiling: first to last message; {:.0} msg/s from subscribing)",
            self.ceiling.messages as f64 / self.ceiling.with_join.as_secs_f64()
        );
        let catch_up = &self.catch_up;
        let line = |label: &str, seconds: f64, how: &str| {
            let rate = self.backlog_events as f64 / seconds;
            let colon = if label.is_empty() { ' ' } else { ':' };
            println!(
                "{label:<20}{colon} {rate:.0} events/s  (Y/X = {:.2}; {how}, {seconds:.2} s)",
                rate / ceiling
            );
        };
        line(
            "mingjing run",
            catch_up.to_checkpoint.as_secs_f64(),
            "process start to checkpoints at the ends",
        );
        if let (Some(first), Some(last)) = (catch_up.to_first_applied, catch_up.to_last_applied) {
            line(
                "",
                last.as_secs_f64(),
                "process start to last event applied, /metrics",
            );
            line(
                "",
                (last - first).as_secs_f64(),
                "first to last event applied: flattering, the consumer prefetched during start-up",
            );
            println!(
                "{:<21} start-up (process start to first event applied): {:.2} s",
                "",
                first.as_secs_f64()
            );
        }
        self.print_latency();
        print_phases("consume loop through the backlog", &self.backlog_phases);
        print_phases("consume loop while streaming", &self.streaming_phases);
        println!(
            "checkpoint state: {:.1} MiB for {} partitions, saved every {}",
            self.checkpoint_bytes as f64 / (1024.0 * 1024.0),
            settings.partitions,
            settings.checkpoint_interval
        );
        if let Some(writes) = &self.checkpoint_writes {
            let mib = |bytes: f64| bytes / (1024.0 * 1024.0);
            println!(
                "checkpoints written: {} saves, {:.1} MiB of bases, {:.1} MiB of deltas",
                writes.saved,
                mib(writes.base_bytes),
                mib(writes.delta_bytes)
            );
        }
        match self.peak_rss_kib {
            Some(kib) => println!("peak RSS: {:.0} MiB", kib as f64 / 1024.0),
            None => println!("peak RSS: unknown (no /proc/PID/status)"),
        }
        println!(
            "SIGTERM: {} (log: {})",
            if self.exit.success() {
                "exit 0".to_string()
            } else {
                format!("{} — not a clean stop", self.exit)
            },
            self.log.display()
        );
    }

    /// Median latency in each quarter of the stream: rising quarters mean the run fell behind
    /// the rate, flat ones a fixed delay.
    fn print_latency_over_the_stream(&self) {
        let quarter_ms = (self.streamed.seconds * 1000.0 / 4.0).max(1.0);
        let quarter_of = |l: &AlertLatency| {
            (((l.produced_ms - self.streamed.started_ms) as f64 / quarter_ms) as usize).min(3)
        };
        let medians: Vec<String> = (0..4)
            .map(|q| {
                let in_quarter = self.latencies.iter().filter(|l| quarter_of(l) == q);
                Percentiles::of(in_quarter.map(|l| l.latency_ms))
                    .map_or("-".to_string(), |p| format!("{} ms (n={})", p.p50, p.count))
            })
            .collect();
        println!("  p50 by quarter of the stream: {}", medians.join(", "));
    }

    fn print_latency(&self) {
        let rate = self.streamed.rate();
        match Percentiles::of(self.latencies.iter().map(|l| l.latency_ms)) {
            Some(p) => println!(
                "latency produce→durable alert: n={} p50={} ms p99={} ms max={} ms at {rate:.0} events/s",
                p.count, p.p50, p.p99, p.max
            ),
            None => println!("latency produce→durable alert: no alert had live evidence"),
        }
        let direct = self.latencies.iter().filter(|l| !l.detected_after_evidence);
        if let Some(p) = Percentiles::of(direct.map(|l| l.latency_ms)) {
            println!(
                "  raised by their latest evidence: n={} p50={} ms p99={} ms max={} ms (the rest came from timers or later events)",
                p.count, p.p50, p.p99, p.max
            );
        }
        self.print_latency_over_the_stream();
        println!(
            "  includes the {ALLOWED_LATENESS_MINUTES} min event-time lateness buffer: events are applied once later events \
             move event time past them; at this rate about {:.0} ms of real time on average",
            self.lateness_wait_ms
        );
        println!(
            "  alerts: {} stored, {} distinct on {ALERT_TOPIC} in {} messages ({}){}",
            self.stored_alerts,
            self.published_alerts,
            self.alert_messages,
            self.alert_timestamps,
            if self.stored_alerts == self.published_alerts as i64 {
                ""
            } else {
                " — the topic and the table disagree"
            }
        );
    }
}

/// The value of the first sample in a /metrics text whose line starts with `series`.
fn metric_value(metrics: &str, series: &str) -> Option<f64> {
    metrics
        .lines()
        .find_map(|l| l.strip_prefix(series))
        .and_then(|v| v.trim().parse().ok())
}

/// Where the consuming loop's time went (from /metrics): an alert waits for the round its
/// event arrived in and for that round's flush, so a long round shows in the p99.
fn print_phases(title: &str, phases: &[PhaseTotals]) {
    if phases.is_empty() {
        return;
    }
    println!("{title} (from /metrics):");
    for phase in phases {
        let longest = match phase.longest_at_most() {
            Some(bound) => format!("≤ {:.1} ms", bound * 1000.0),
            None if phase.rounds == 0 => "-".to_string(),
            None => "over every bucket".to_string(),
        };
        println!(
            "  {:<10} {:>7.2} s in {:>6} rounds, longest {longest}, {} over 100 ms",
            phase.phase,
            phase.seconds,
            phase.rounds,
            phase.rounds_over(0.1),
        );
    }
}
