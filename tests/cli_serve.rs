//! `mingjing serve` as an operator runs it: the API over a replayed SQLite store on a real
//! socket, escalation on the wall clock, and a clean stop on SIGTERM.

mod http_support;

use http_support::{login, request};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const APPLICATION: &str = r#"{"event_id":"e1","type":"approval.submitted","occurred_at":"2023-03-01T09:00:00+08:00","township_id":"ts-01","village_id":"vl-01","payload":{"approval_id":"ap-1","kind":"labor","subject_id":"job-1","title":"清理河道杂草 临时用工","applicant_id":"p-100"}}"#;
const CLAIM: &str = r#"{"event_id":"e2","type":"labor.claim","occurred_at":"2023-03-01T12:59:00+08:00","township_id":"ts-01","village_id":"vl-01","payload":{"claim_id":"cl-1","job_id":"job-1","work_start_date":"2023-03-01","work_end_date":"2023-03-01","lines":[{"worker_id":"p-201","amount":240.00}],"total_amount":240.00,"dispatch_slip_id":"ds-1","signatures_complete":true}}"#;

fn mingjing() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_mingjing"));
    command.current_dir(env!("CARGO_MANIFEST_DIR"));
    command
}

fn add_user(db: &str, args: &[&str]) {
    let output = mingjing()
        .args(["users", "add", "--db", db])
        .args(args)
        .env("MINGJING_PASSWORD", "s3cret-pass")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// `mingjing serve` on a free port; returns the child and the port it announced.
fn serve(db: &str) -> (Child, u16) {
    let mut child = mingjing()
        .args([
            "serve",
            "--db",
            db,
            "--listen",
            "127.0.0.1:0",
            "--escalation-interval",
            "1s",
        ])
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let mut lines = BufReader::new(stderr).lines();
    let announced = lines
        .by_ref()
        .map_while(Result::ok)
        .find(|l| l.contains("http://127.0.0.1:"))
        .expect("serve announces its address");
    let port = announced
        .split("http://127.0.0.1:")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("a port in {announced}"));
    // Keep draining stderr so that logging never blocks the server.
    std::thread::spawn(move || for _ in lines {});
    (child, port)
}

#[test]
fn serve_answers_over_a_socket_escalates_on_the_wall_clock_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    std::fs::write(&input, format!("{APPLICATION}\n{CLAIM}\n")).unwrap();
    let db = dir.path().join("m.db");
    let db = db.to_str().unwrap();
    let replayed = mingjing()
        .args(["replay", input.to_str().unwrap(), "--db", db])
        .output()
        .unwrap();
    assert!(replayed.status.success());
    add_user(db, &["--username", "city", "--role", "city_commission"]);
    add_user(
        db,
        &[
            "--username",
            "zhou",
            "--role",
            "township_commission",
            "--township",
            "ts-02",
        ],
    );

    let (mut child, port) = serve(db);
    assert_eq!(request(port, "GET", "/healthz", None, None).0, 200);
    let (status, body) = request(port, "GET", "/api/alerts", None, None);
    assert_eq!(status, 401, "{body}");

    // The replay ended at 2023-03-01 12:59, before LAB-02's acknowledge deadline (a day
    // later); on the wall clock it is long past, so serve escalates it to the city.
    let city = login(port, "city", "s3cret-pass");
    let deadline = Instant::now() + Duration::from_secs(60);
    let lab02 = loop {
        let (status, body) = request(
            port,
            "GET",
            "/api/alerts?threshold=LAB-02",
            Some(&city),
            None,
        );
        assert_eq!(status, 200, "{body}");
        let page: serde_json::Value = serde_json::from_str(&body).unwrap();
        let item = page["items"][0].clone();
        if item["route"]["target"] == "city_commission" || Instant::now() > deadline {
            break item;
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    assert_eq!(lab02["route"]["target"], "city_commission", "{lab02}");
    assert_eq!(lab02["escalations"][0]["at"], "2023-03-02T12:59:00+08:00");

    // Another township's officer does not see it, not even by its id.
    let zhou = login(port, "zhou", "s3cret-pass");
    let (_, body) = request(port, "GET", "/api/alerts", Some(&zhou), None);
    let page: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(page["items"], serde_json::json!([]), "{body}");
    let id = lab02["alert_id"].as_str().unwrap();
    let (status, _) = request(port, "GET", &format!("/api/alerts/{id}"), Some(&zhou), None);
    assert_eq!(status, 404);

    let (_, metrics) = request(port, "GET", "/metrics", None, None);
    assert!(
        metrics
            .contains(r#"mingjing_escalations_total{reason="ack_overdue",to="city_commission"}"#),
        "{metrics}"
    );
    // The open-alert gauges are recounted every 15 s: the escalated alert shows at the city.
    let counted = Instant::now() + Duration::from_secs(40);
    loop {
        let (_, metrics) = request(port, "GET", "/metrics", None, None);
        if metrics.contains(r#"mingjing_open_alerts{color="red",holder="city_commission"} 1"#) {
            break;
        }
        assert!(
            Instant::now() < counted,
            "open alerts by holder:\n{metrics}"
        );
        std::thread::sleep(Duration::from_millis(500));
    }

    let pid = child.id().to_string();
    assert!(Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap()
        .success());
    let stopped = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < stopped, "serve stops on SIGTERM");
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(status.success(), "{status:?}");
}

#[test]
fn serve_refuses_a_bad_escalation_interval_with_the_setting_named() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("m.db");
    let output = mingjing()
        .args([
            "serve",
            "--db",
            db.to_str().unwrap(),
            "--escalation-interval",
            "soon",
        ])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("--escalation-interval \"soon\""),
        "{stderr}"
    );
}
