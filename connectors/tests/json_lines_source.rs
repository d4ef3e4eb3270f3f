//! JsonLinesSource: line ends, blank lines, several files, errors, standard input.

use mingjing_connectors::JsonLinesSource;
use mingjing_engine::source::{RawRecord, Source, SourceError};
use std::io::Write;
use std::path::{Path, PathBuf};

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path: PathBuf = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_str().unwrap().to_string()
}

/// Everything the source yields, reading in batches of `batch`; checks the end flag protocol.
async fn read_all(source: &mut JsonLinesSource, batch: usize) -> Vec<RawRecord> {
    let mut records = Vec::new();
    loop {
        let next = source.next_batch(batch).await.unwrap();
        assert!(next.records.len() <= batch);
        records.extend(next.records);
        if next.end {
            let after = source.next_batch(batch).await.unwrap();
            assert!(
                after.end && after.records.is_empty(),
                "an exhausted source stays exhausted"
            );
            return records;
        }
    }
}

fn lines(records: &[RawRecord]) -> Vec<(String, u64, String)> {
    records
        .iter()
        .map(|r| {
            (
                r.source.clone(),
                r.position,
                String::from_utf8_lossy(&r.bytes).into_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn crlf_and_lf_line_ends_are_stripped() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "a.jsonl",
        b"{\"a\":1}\r\n{\"b\":2}\n{\"c\":\"x\\r\"}\r\n{\"d\":4}",
    );
    let mut source = JsonLinesSource::open([path.clone()]).unwrap();
    let records = read_all(&mut source, 100).await;
    assert_eq!(
        lines(&records),
        [
            (path.clone(), 1, r#"{"a":1}"#.to_string()),
            (path.clone(), 2, r#"{"b":2}"#.to_string()),
            (path.clone(), 3, r#"{"c":"x\r"}"#.to_string()),
            (path.clone(), 4, r#"{"d":4}"#.to_string()),
        ]
    );
    assert!(records.iter().all(|r| r.partition == 0));
}

#[tokio::test]
async fn blank_lines_are_skipped_but_counted() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "a.jsonl",
        b"\n{\"a\":1}\n   \t\r\n\r\n\n{\"b\":2}\n\n",
    );
    let mut source = JsonLinesSource::open([path.as_str()]).unwrap();
    let records = read_all(&mut source, 100).await;
    let positions: Vec<u64> = records.iter().map(|r| r.position).collect();
    assert_eq!(positions, [2, 6]);
}

#[tokio::test]
async fn files_are_read_in_order_each_numbered_from_one() {
    let dir = tempfile::tempdir().unwrap();
    let first = write(dir.path(), "2.jsonl", b"a1\na2\na3\n");
    let second = write(dir.path(), "1.jsonl", b"");
    let third = write(dir.path(), "3.jsonl", b"\nc2\r\nc3");
    let mut source = JsonLinesSource::open([&first, &second, &third].map(String::as_str)).unwrap();
    assert_eq!(source.total_bytes(), Some(9 + 7));
    let progress = source.progress();
    // Batches of 2 cross the file boundaries.
    let records = read_all(&mut source, 2).await;
    let got: Vec<(String, u64, String)> = lines(&records);
    assert_eq!(
        got,
        [
            (first.clone(), 1, "a1".to_string()),
            (first.clone(), 2, "a2".to_string()),
            (first.clone(), 3, "a3".to_string()),
            (third.clone(), 2, "c2".to_string()),
            (third.clone(), 3, "c3".to_string()),
        ]
    );
    assert_eq!(source.bytes_read(), 16);
    assert_eq!(progress.bytes_read(), 16);
}

#[tokio::test]
async fn invalid_utf8_passes_through() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "a.jsonl", b"{\"a\":\"\xff\xfe\"}\n");
    let mut source = JsonLinesSource::open([path]).unwrap();
    let records = read_all(&mut source, 10).await;
    assert_eq!(records[0].bytes, b"{\"a\":\"\xff\xfe\"}");
}

#[tokio::test]
async fn missing_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let present = write(dir.path(), "a.jsonl", b"{}\n");
    let missing = dir
        .path()
        .join("missing.jsonl")
        .to_str()
        .unwrap()
        .to_string();
    let Err(SourceError::Read {
        source_name,
        message,
    }) = JsonLinesSource::open([present, missing.clone()])
    else {
        panic!("a missing file must be refused");
    };
    assert_eq!(source_name, missing);
    assert!(message.contains("No such file"), "{message}");
}

#[tokio::test]
async fn file_removed_before_it_is_reached_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let first = write(dir.path(), "a.jsonl", b"{}\n");
    let second = write(dir.path(), "b.jsonl", b"{}\n");
    let mut source = JsonLinesSource::open([first, second.clone()]).unwrap();
    std::fs::remove_file(&second).unwrap();
    let batch = source.next_batch(1).await.unwrap();
    assert_eq!(batch.records.len(), 1);
    let err = source.next_batch(1).await.unwrap_err();
    assert!(err.to_string().contains(&second), "{err}");
}

#[tokio::test]
async fn directory_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let err = JsonLinesSource::open([dir.path().to_str().unwrap()])
        .err()
        .expect("a directory must be refused");
    assert!(err.to_string().contains("directory"), "{err}");
}

#[tokio::test]
async fn stdin_has_no_known_size() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "a.jsonl", b"{}\n");
    assert_eq!(
        JsonLinesSource::open([path.as_str(), "-"])
            .unwrap()
            .total_bytes(),
        None
    );
    assert_eq!(
        JsonLinesSource::open([path.as_str()])
            .unwrap()
            .total_bytes(),
        Some(3)
    );
    let mut empty = JsonLinesSource::open(Vec::<String>::new()).unwrap();
    let batch = empty.next_batch(10).await.unwrap();
    assert!(batch.end && batch.records.is_empty());
}

const CHILD: &str = "MINGJING_JSON_LINES_STDIN_CHILD";

/// Half of `stdin_is_read_when_the_path_is_a_dash`: run again as a child with stdin piped.
#[tokio::test]
async fn stdin_child() {
    if std::env::var(CHILD).is_err() {
        return;
    }
    let mut source = JsonLinesSource::open(["-"]).unwrap();
    for record in read_all(&mut source, 2).await {
        println!(
            "record|{}|{}|{}",
            record.source,
            record.position,
            String::from_utf8_lossy(&record.bytes)
        );
    }
}

#[test]
fn stdin_is_read_when_the_path_is_a_dash() {
    let mut child = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["stdin_child", "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD, "1")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"{\"a\":1}\r\n\n{\"b\":2}\n{\"c\":3}")
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    // libtest may print "test stdin_child ... " on the same line as the first record.
    let records: Vec<&str> = stdout
        .lines()
        .filter_map(|l| l.find("record|").map(|at| &l[at..]))
        .collect();
    assert_eq!(
        records,
        [
            "record|-|1|{\"a\":1}",
            "record|-|3|{\"b\":2}",
            "record|-|4|{\"c\":3}"
        ]
    );
}
