//! Opening a store that can't be opened gives an error that says where and why.

use mingjing_connectors::SqlStore;
use mingjing_engine::store::StoreError;

async fn open_error(location: &str) -> (String, String) {
    match SqlStore::connect(location).await {
        Ok(_) => panic!("opening {location} should fail"),
        Err(StoreError::Open { location, message }) => (location, message),
        Err(other) => panic!("expected an Open error, got {other}"),
    }
}

#[tokio::test]
async fn sqlite_path_under_a_regular_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("not-a-dir");
    std::fs::write(&file, "x").unwrap();
    let path = file.join("alerts.db");
    let (location, message) = open_error(path.to_str().unwrap()).await;
    assert_eq!(location, path.to_str().unwrap());
    assert!(message.contains("cannot open the SQLite file"), "{message}");
    assert!(message.contains("Not a directory"), "{message}");
    assert!(
        message.contains("directory must exist and be writable"),
        "{message}"
    );
}

#[tokio::test]
async fn sqlite_path_in_missing_directory() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("missing").join("alerts.db");
    let (_, message) = open_error(path.to_str().unwrap()).await;
    assert!(message.contains("No such file or directory"), "{message}");
}

#[tokio::test]
async fn sqlite_path_that_is_a_directory() {
    let dir = tempfile::tempdir().unwrap();
    let (_, message) = open_error(dir.path().to_str().unwrap()).await;
    assert!(message.contains("Is a directory"), "{message}");
}

#[cfg(unix)]
#[tokio::test]
async fn sqlite_path_in_read_only_directory() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o500)).unwrap();
    // root ignores permissions: nothing to check there.
    if std::fs::write(locked.join("probe"), "x").is_ok() {
        eprintln!("running as root: permission check skipped");
        return;
    }
    let (_, message) = open_error(locked.join("alerts.db").to_str().unwrap()).await;
    assert!(message.contains("Permission denied"), "{message}");
    assert!(message.contains("writable"), "{message}");
}

#[tokio::test]
async fn sqlite_file_that_is_not_a_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("alerts.db");
    std::fs::write(
        &path,
        "this is not a SQLite database, just some text long enough to have a header",
    )
    .unwrap();
    let (_, message) = open_error(path.to_str().unwrap()).await;
    assert!(message.contains("not a SQLite database"), "{message}");
}

#[tokio::test]
async fn sqlite_url_and_memory_work() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("by-url.db").display());
    SqlStore::connect(&url).await.unwrap().close().await;
    assert!(dir.path().join("by-url.db").exists());
    let url = format!("sqlite:{}?mode=rwc", dir.path().join("rwc.db").display());
    SqlStore::connect(&url).await.unwrap().close().await;
    assert!(dir.path().join("rwc.db").exists());
    SqlStore::connect("sqlite::memory:")
        .await
        .unwrap()
        .close()
        .await;
}

#[tokio::test]
async fn postgres_unreachable_names_host_and_hides_password() {
    let (location, message) = open_error("postgres://mingjing:s3cret@127.0.0.1:1/alerts").await;
    assert_eq!(location, "postgres://mingjing@127.0.0.1:1/alerts");
    assert!(
        message.contains("cannot connect to PostgreSQL at postgres://mingjing@127.0.0.1:1/alerts"),
        "{message}"
    );
    assert!(
        message.contains("start PostgreSQL or fix the host and port"),
        "{message}"
    );
    assert!(!message.contains("s3cret"), "{message}");
}

#[tokio::test]
async fn postgres_malformed_url() {
    let (_, message) = open_error("postgres://u:p@[bad/alerts").await;
    assert!(message.contains("malformed"), "{message}");
}
