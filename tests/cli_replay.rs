//! The `mingjing` command as a user runs it: replay with bad lines, the summary, the rejects
//! file and table, and listing the stored alerts.

use std::process::Command;

fn mingjing() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_mingjing"));
    command.current_dir(env!("CARGO_MANIFEST_DIR"));
    command
}

const APPLICATION: &str = r#"{"event_id":"e1","type":"approval.submitted","occurred_at":"2023-03-01T09:00:00+08:00","township_id":"ts-01","village_id":"vl-01","payload":{"approval_id":"ap-1","kind":"labor","subject_id":"job-1","title":"清理河道杂草 临时用工","applicant_id":"p-100"}}"#;
const CLAIM: &str = r#"{"event_id":"e2","type":"labor.claim","occurred_at":"2023-03-01T12:59:00+08:00","township_id":"ts-01","village_id":"vl-01","payload":{"claim_id":"cl-1","job_id":"job-1","work_start_date":"2023-03-01","work_end_date":"2023-03-01","lines":[{"worker_id":"p-201","amount":240.00}],"total_amount":240.00,"dispatch_slip_id":"ds-1","signatures_complete":true}}"#;
const BAD_MONEY: &str = r#"{"event_id":"e3","type":"labor.claim","occurred_at":"2023-03-01T13:00:00+08:00","township_id":"ts-01","village_id":"vl-01","payload":{"claim_id":"cl-2","job_id":"job-1","work_start_date":"2023-03-01","work_end_date":"2023-03-01","lines":[{"worker_id":"p-201","amount":240.005}],"total_amount":240.00,"dispatch_slip_id":"ds-1","signatures_complete":true}}"#;

#[test]
fn replay_keeps_bad_lines_with_reasons_and_stores_alerts() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    std::fs::write(&input, format!("{APPLICATION}\r\nnot json\n\n{BAD_MONEY}\n{CLAIM}\n{{\"event_id\":\"x\",\"type\":\"nope\",\"occurred_at\":\"2023-03-01T09:00:00Z\",\"township_id\":\"t\",\"village_id\":\"v\",\"payload\":{{}}}}\n")).unwrap();
    let db = dir.path().join("m.db");
    let out = dir.path().join("alerts.jsonl");
    let rejects = dir.path().join("rejects.jsonl");
    let output = mingjing()
        .args([
            "replay",
            input.to_str().unwrap(),
            "--db",
            db.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--rejects",
            rejects.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let summary = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{summary}");
    assert!(
        summary.contains("invalid_json")
            && summary.contains("invalid_money")
            && summary.contains("unknown_type"),
        "{summary}"
    );
    assert!(summary.contains("LAB-02"), "{summary}");
    let lab02 = summary.lines().find(|l| l.contains("LAB-02")).unwrap();
    assert!(
        lab02.contains("(evaluated ") && lab02.contains(" µs each)"),
        "each threshold's line says how often it ran and what one call cost: {lab02}"
    );

    let kept: Vec<serde_json::Value> = std::fs::read_to_string(&rejects)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let reasons: Vec<(&str, &str)> = kept
        .iter()
        .map(|r| {
            (
                r["reason"].as_str().unwrap(),
                r["position"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        reasons,
        [
            ("invalid_json", "2"),
            ("invalid_money", "4"),
            ("unknown_type", "6")
        ]
    );
    assert!(
        kept[1]["detail"]
            .as_str()
            .unwrap()
            .contains("payload.lines[0].amount"),
        "{}",
        kept[1]
    );

    let alerts = std::fs::read_to_string(&out).unwrap();
    assert!(alerts.contains("\"threshold_code\":\"LAB-02\""), "{alerts}");

    let listed = mingjing()
        .args(["alerts", "--db", db.to_str().unwrap(), "--json"])
        .output()
        .unwrap();
    let listed = String::from_utf8_lossy(&listed.stdout);
    let lab02: Vec<&str> = listed
        .lines()
        .filter(|l| l.contains("\"LAB-02\""))
        .collect();
    assert_eq!(lab02.len(), 1, "{listed}");
    let alert: serde_json::Value = serde_json::from_str(lab02[0]).unwrap();
    assert_eq!(alert["color"], "red");
    assert_eq!(alert["route"]["target"], "township_commission");
    assert_eq!(alert["ack_deadline"], "2023-03-02T12:59:00+08:00");
    assert_eq!(
        alert["dedup_key"],
        serde_json::json!({"village_id": "vl-01", "claim_id": "cl-1"})
    );
}

#[test]
fn replaying_twice_into_one_store_does_not_duplicate_alerts() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    std::fs::write(&input, format!("{APPLICATION}\n{CLAIM}\n")).unwrap();
    let db = dir.path().join("m.db");
    let mut listings = Vec::new();
    for _ in 0..2 {
        let status = mingjing()
            .args([
                "replay",
                input.to_str().unwrap(),
                "--db",
                db.to_str().unwrap(),
            ])
            .output()
            .unwrap();
        assert!(status.status.success());
        let listed = mingjing()
            .args(["alerts", "--db", db.to_str().unwrap(), "--json"])
            .output()
            .unwrap();
        listings.push(String::from_utf8_lossy(&listed.stdout).into_owned());
    }
    // LAB-02 (claim 3h59m after the application) and LAB-05 (worker in no pool), once each.
    assert_eq!(listings[0].lines().count(), 2, "{}", listings[0]);
    assert_eq!(listings[0], listings[1]);
}

/// The LAB-02 alert of APPLICATION + CLAIM as stored after replaying up to a clock tick at
/// `tick_at`, and the replay's summary.
fn lab02_after_tick(tick_at: &str) -> (serde_json::Value, String) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    let tick = format!(
        r#"{{"event_id":"t1","type":"clock.tick","occurred_at":"{tick_at}","township_id":"*","village_id":"*","payload":{{}}}}"#
    );
    std::fs::write(&input, format!("{APPLICATION}\n{CLAIM}\n{tick}\n")).unwrap();
    let db = dir.path().join("m.db");
    let output = mingjing()
        .args([
            "replay",
            input.to_str().unwrap(),
            "--db",
            db.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let summary = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "{summary}");
    let listed = mingjing()
        .args(["alerts", "--db", db.to_str().unwrap(), "--json"])
        .output()
        .unwrap();
    let listed = String::from_utf8_lossy(&listed.stdout).into_owned();
    let line = listed
        .lines()
        .find(|l| l.contains("\"LAB-02\""))
        .unwrap_or_else(|| panic!("LAB-02 stored: {listed}"));
    (serde_json::from_str(line).unwrap(), summary)
}

#[test]
fn replay_escalates_on_event_time_once_a_deadline_has_passed() {
    // LAB-02 is serious: the township commission must acknowledge by 2023-03-02 12:59:00.
    let (at_deadline, summary) = lab02_after_tick("2023-03-02T12:59:00+08:00");
    assert_eq!(at_deadline["route"]["target"], "township_commission");
    assert_eq!(at_deadline["escalations"], serde_json::json!([]));
    let before_count = escalation_count(&summary);

    let (after, summary) = lab02_after_tick("2023-03-02T12:59:01+08:00");
    assert_eq!(after["route"]["target"], "city_commission", "{after}");
    let escalations = after["escalations"].as_array().unwrap();
    assert_eq!(escalations.len(), 1, "{after}");
    assert_eq!(escalations[0]["at"], "2023-03-02T12:59:00+08:00");
    assert_eq!(escalations[0]["reason"], "ack_overdue");
    assert_eq!(escalations[0]["from"]["target"], "township_commission");
    // The city commission gets a fresh day from the missed deadline.
    assert_eq!(after["ack_deadline"], "2023-03-03T12:59:00+08:00");
    assert_eq!(escalation_count(&summary), before_count + 1, "{summary}");
}

/// The number on the summary's escalations line.
fn escalation_count(summary: &str) -> u64 {
    let line = summary
        .lines()
        .find(|l| l.contains("escalations"))
        .unwrap_or_else(|| panic!("an escalations line: {summary}"));
    line.split_whitespace()
        .find_map(|word| word.parse().ok())
        .unwrap_or_else(|| panic!("a count: {line}"))
}

#[test]
fn rules_check_and_test_succeed_on_the_shipped_rules() {
    let check = mingjing().args(["rules", "check"]).output().unwrap();
    let text = String::from_utf8_lossy(&check.stdout);
    assert!(check.status.success(), "{text}");
    assert!(
        text.contains("LAB-02") && text.contains("min_gap=\"4h\""),
        "{text}"
    );
    // A trigger with `when` conditions shows them.
    assert!(
        text.contains("[finance.payment(purpose=allowance)]"),
        "{text}"
    );
    let test = mingjing().args(["rules", "test"]).output().unwrap();
    let text = String::from_utf8_lossy(&test.stdout);
    assert!(test.status.success(), "{text}");
    assert!(text.contains(" passed, 0 failed"), "{text}");
}

#[test]
fn a_broken_rules_directory_is_refused_with_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bad.rhai"),
        "const THRESHOLD = #{};\nfn on_event(ev, cx) {\n  let = 1;\n}\n",
    )
    .unwrap();
    let output = mingjing()
        .args(["rules", "check", "--rules", dir.path().to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let text = String::from_utf8_lossy(&output.stderr);
    assert!(text.contains("bad.rhai:3:"), "{text}");
}

#[test]
fn every_subcommand_has_help() {
    for args in [
        vec!["--help"],
        vec!["replay", "--help"],
        vec!["alerts", "--help"],
        vec!["rules", "check", "--help"],
        vec!["rules", "test", "--help"],
        vec!["generate", "--help"],
        vec!["demo", "--help"],
    ] {
        let output = mingjing().args(&args).output().unwrap();
        assert!(
            output.status.success() && !output.stdout.is_empty(),
            "{args:?}"
        );
    }
}
