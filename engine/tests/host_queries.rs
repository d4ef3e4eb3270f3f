//! The questions a rule asks the host in one call: spans that overlap a window, time within a
//! day, sums of list amounts in a date range, looking into a record's lists, and parameters.

mod support;

use mingjing_engine::EngineConfig;
use support::*;

fn attendance(id: &str, village: &str, worker: &str, start: &str, end: &str) -> String {
    line(
        id,
        "labor.attendance",
        end,
        &format!(
            r#"{{"attendance_id":"{id}","job_id":"job-1","worker_id":"{worker}","start_at":"{start}","end_at":"{end}"}}"#
        ),
    )
    .replace("\"vl-01\"", &format!("\"{village}\""))
}

fn claim(id: &str, village: &str, first_day: &str, lines: &[(&str, &str)]) -> String {
    let items: Vec<String> = lines
        .iter()
        .map(|(worker, amount)| format!(r#"{{"worker_id":"{worker}","amount":{amount}}}"#))
        .collect();
    let fen: i64 = lines
        .iter()
        .map(|(_, amount)| amount.replace('.', "").parse::<i64>().unwrap())
        .sum();
    let total = format!("{}.{:02}", fen / 100, fen % 100);
    line(
        id,
        "labor.claim",
        &format!("{first_day}T20:00:00+08:00"),
        &format!(
            r#"{{"claim_id":"{id}","job_id":"job-1","work_start_date":"{first_day}","work_end_date":"{first_day}","lines":[{}],"total_amount":{total},"dispatch_slip_id":"d","signatures_complete":true}}"#,
            items.join(",")
        ),
    )
    .replace("\"vl-01\"", &format!("\"{village}\""))
}

/// A rule that reports, for every trigger, the answer `expression` gives.
fn reporter(trigger: &str, params: &str, expression: &str) -> String {
    script(
        "ASK-01",
        ("efficiency", "village"),
        &format!("\"{trigger}\""),
        r#""village_id", "event""#,
        params,
        &format!(
            "fn on_event(ev, cx) {{ cx.emit(#{{ key: #{{ event: ev.event_id }}, message: `${{{expression}}}` }}); }}"
        ),
    )
}

fn answer_for(lines: &[String], rule: String) -> Vec<(String, String)> {
    let mut pipeline = run(rules(&[("ask", rule)]), &EngineConfig::default(), lines);
    pipeline.finish();
    assert!(
        pipeline.take_rejects().is_empty(),
        "every test event is valid"
    );
    assert_eq!(pipeline.stats().rule_errors, vec![0], "no rule errors");
    messages_by(&pipeline, "event")
}

#[test]
fn overlapping_spans_are_counted_within_the_village_and_touching_ones_are_not() {
    let lines = vec![
        attendance(
            "a1",
            "vl-01",
            "w",
            "2023-03-01T08:00:00+08:00",
            "2023-03-01T12:00:00+08:00",
        ),
        // Starts exactly when a1 ends: touching, not overlapping.
        attendance(
            "a2",
            "vl-01",
            "w",
            "2023-03-01T12:00:00+08:00",
            "2023-03-01T13:00:00+08:00",
        ),
        // Another village's record of the same worker is out of scope.
        attendance(
            "x1",
            "vl-02",
            "w",
            "2023-03-01T12:30:00+08:00",
            "2023-03-01T14:00:00+08:00",
        ),
        attendance(
            "a3",
            "vl-01",
            "w",
            "2023-03-01T12:30:00+08:00",
            "2023-03-01T15:00:00+08:00",
        ),
    ];
    let rule = reporter(
        "labor.attendance",
        "",
        r#"cx.count_overlapping("labor.attendance", "worker_id", ev.worker_id, ev.start_at, ev.end_at)"#,
    );
    assert_eq!(
        answer_for(&lines, rule),
        [
            ("a1".into(), "1".into()),
            ("a2".into(), "1".into()),
            ("a3".into(), "2".into()),
            ("x1".into(), "1".into()),
        ]
    );
}

#[test]
fn time_within_a_day_clips_each_span_to_the_local_day() {
    let lines = vec![
        // 22:00 on the 1st to 02:00 on the 2nd: two hours on each day.
        attendance(
            "n1",
            "vl-01",
            "w",
            "2023-03-01T22:00:00+08:00",
            "2023-03-02T02:00:00+08:00",
        ),
        attendance(
            "n2",
            "vl-01",
            "w",
            "2023-03-02T08:00:00+08:00",
            "2023-03-02T17:30:00+08:00",
        ),
    ];
    let rule = reporter(
        "labor.attendance",
        "",
        r#"minutes(cx.time_within("labor.attendance", "worker_id", ev.worker_id, date(ev.end_at)))"#,
    );
    assert_eq!(
        answer_for(&lines, rule),
        [
            ("n1".into(), "120".into()),
            ("n2".into(), (120 + 570).to_string()),
        ]
    );
}

#[test]
fn sum_in_adds_only_the_matching_lines_of_records_in_the_date_range() {
    let lines = vec![
        claim("c-old", "vl-01", "2022-12-31", &[("w", "1000.00")]),
        claim(
            "c1",
            "vl-01",
            "2023-01-01",
            &[("w", "100.10"), ("v", "5.00")],
        ),
        claim("c2", "vl-01", "2023-06-30", &[("v", "7.00"), ("w", "0.90")]),
        claim("c-other", "vl-02", "2023-07-01", &[("w", "50.00")]),
        claim("c3", "vl-01", "2023-12-31", &[("w", "9.00")]),
    ];
    let rule = reporter(
        "labor.claim",
        "",
        r#"cx.sum_in("labor.claim", "lines.worker_id", "w", "lines.amount", "work_start_date", date("2023-01-01"), date("2023-12-31"))"#,
    );
    let seen = answer_for(&lines, rule);
    // Each answer is the sum over the claims live when that claim was applied.
    assert_eq!(
        seen,
        [
            ("c-old".into(), "0.00元".into()),
            ("c-other".into(), "50.00元".into()),
            ("c1".into(), "100.10元".into()),
            ("c2".into(), "101.00元".into()),
            ("c3".into(), "110.00元".into()),
        ]
    );
}

#[test]
fn a_record_answers_what_its_lists_hold() {
    let lines = vec![claim(
        "c1",
        "vl-01",
        "2023-03-01",
        &[("w", "1.00"), ("v", "2.00"), ("w", "3.00")],
    )];
    let rule = reporter(
        "labor.claim",
        "",
        r#"ev.distinct("lines.worker_id")}|${ev.includes("lines.worker_id", "v")}|${ev.includes("lines.worker_id", "u")}|${ev.item("lines.worker_id", "w").amount}|${ev.item("lines.worker_id", "u") == ()}|${ev.includes("claim_id", "c1")"#,
    );
    assert_eq!(
        answer_for(&lines, rule),
        [(
            "c1".into(),
            r#"["w", "v"]|true|false|1.00元|true|true"#.into()
        )]
    );
}

#[test]
fn parameters_read_by_name_and_a_missing_one_is_a_counted_error() {
    let lines = vec![claim("c1", "vl-01", "2023-03-01", &[("w", "1.00")])];
    let declares = reporter(
        "labor.claim",
        "cap: money(20000), days: 3",
        "cx.params.cap}/${cx.params.days",
    );
    let lacks = script(
        "ASK-02",
        ("efficiency", "village"),
        r#""labor.claim""#,
        r#""village_id", "event""#,
        "",
        r#"fn on_event(ev, cx) { cx.emit(#{ key: #{ event: ev.event_id }, message: `${cx.params.cap}` }); }"#,
    );
    let mut pipeline = run(
        rules(&[("declares", declares), ("lacks", lacks)]),
        &EngineConfig::default(),
        &lines,
    );
    pipeline.finish();
    assert_eq!(
        messages_by(&pipeline, "event"),
        [("c1".into(), "20,000.00元/3".into())]
    );
    assert_eq!(pipeline.stats().rule_errors, vec![0, 1]);
}

#[test]
fn records_are_found_by_a_period_and_by_an_item_of_a_plain_list() {
    let lines = vec![
        line(
            "d1",
            "disclosure.published",
            "2023-04-10T09:00:00+08:00",
            r#"{"disclosure_id":"d1","category":"finance","period":"2023Q1","items":[],"income_total":10.00,"expense_total":5.00}"#,
        ),
        line(
            "m1",
            "meeting.resolved",
            "2023-04-11T09:00:00+08:00",
            r#"{"resolution_id":"m1","meeting_type":"villager_reps","procedure":"five_step","subject_ids":["prj-1","ct-2"],"passed":true,"expected_attendees":30,"present_attendees":25,"title":"道路工程"}"#,
        ),
        submitted("s1", "2023-04-12T09:00:00+08:00", "a1", "payment"),
    ];
    let rule = reporter(
        "approval.submitted",
        "",
        r#"cx.find("disclosure.published", "period", "2023Q1").len()}|${cx.find("disclosure.published", "period", "2023Q2").len()}|${cx.find("meeting.resolved", "subject_ids", "ct-2").len()}|${cx.find("meeting.resolved", "subject_ids", "prj-9").len()"#,
    );
    assert_eq!(answer_for(&lines, rule), [("s1".into(), "1|0|1|0".into())]);
}

#[test]
fn find_in_by_occurrence_reads_both_bounds_inclusively_in_the_village_only() {
    let at = |time: &str| format!("2023-03-01T{time}:00+08:00");
    let lines = vec![
        attendance("a1", "vl-01", "w", &at("08:00"), &at("12:00")),
        attendance("a2", "vl-01", "w", &at("12:00"), &at("13:00")),
        attendance("x1", "vl-02", "w", &at("12:30"), &at("14:00")),
        attendance("a3", "vl-01", "w", &at("13:30"), &at("15:00")),
        // Beyond the allowed lateness, so applied at once, after a2 (13:00) is already known.
        attendance("a4", "vl-01", "w", &at("09:00"), &at("12:30")),
    ];
    let rule = reporter(
        "labor.attendance",
        "",
        r#"join(cx.find_in("labor.attendance", "worker_id", ev.worker_id, "occurred_at", ev.start_at, ev.end_at).map(|a| a.attendance_id), ",")"#,
    );
    assert_eq!(
        answer_for(&lines, rule),
        [
            ("a1".into(), "a1".into()),
            ("a2".into(), "a1,a2".into()),
            ("a3".into(), "a3".into()),
            ("a4".into(), "a1,a4".into()),
            ("x1".into(), "x1".into()),
        ]
    );
}

#[test]
fn find_in_and_sum_in_by_local_days_take_whole_days_in_the_local_calendar() {
    let lines = vec![
        claim("c-before", "vl-01", "2022-12-31", &[("w", "1.00")]),
        // 16:30 UTC on 31 December 2022 is 00:30 on 1 January 2023 in the village.
        line(
            "c-new-year",
            "labor.claim",
            "2022-12-31T16:30:00Z",
            r#"{"claim_id":"c-new-year","job_id":"job-1","work_start_date":"2022-12-31","work_end_date":"2022-12-31","lines":[{"worker_id":"w","amount":10.00}],"total_amount":10.00,"dispatch_slip_id":"d","signatures_complete":true}"#,
        ),
        line(
            "c-last-second",
            "labor.claim",
            "2023-12-31T23:59:59+08:00",
            r#"{"claim_id":"c-last-second","job_id":"job-1","work_start_date":"2023-12-31","work_end_date":"2023-12-31","lines":[{"worker_id":"w","amount":100.00}],"total_amount":100.00,"dispatch_slip_id":"d","signatures_complete":true}"#,
        ),
        claim("c-after", "vl-01", "2024-01-01", &[("w", "1000.00")]),
    ];
    let rule = reporter(
        "labor.claim",
        "",
        r#"join(cx.find_in("labor.claim", "job_id", "job-1", "occurred_at", date(2023, 1, 1), date(2023, 12, 31)).map(|c| c.claim_id), ",")}|${cx.sum_in("labor.claim", "lines.worker_id", "w", "lines.amount", "occurred_at", date(2023, 1, 1), date(2023, 12, 31))"#,
    );
    let seen = answer_for(&lines, rule);
    assert_eq!(
        seen,
        [
            ("c-after".into(), "c-new-year,c-last-second|110.00元".into()),
            ("c-before".into(), "|0.00元".into()),
            (
                "c-last-second".into(),
                "c-new-year,c-last-second|110.00元".into()
            ),
            ("c-new-year".into(), "c-new-year|10.00元".into()),
        ]
    );
}

#[test]
fn a_date_that_does_not_exist_is_a_counted_rule_error() {
    let lines = vec![claim("c1", "vl-01", "2023-02-01", &[("w", "1.00")])];
    let rule = reporter("labor.claim", "", "date(2023, 2, 29)");
    let mut pipeline = run(rules(&[("ask", rule)]), &EngineConfig::default(), &lines);
    pipeline.finish();
    assert_eq!(pipeline.stats().rule_errors, vec![1]);
    assert!(messages_by(&pipeline, "event").is_empty());
}
