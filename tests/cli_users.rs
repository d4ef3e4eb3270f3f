//! `mingjing users` as an administrator runs it: passwords from the environment or a piped
//! line, the errors a typo gets, listing and disabling.

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// Runs `mingjing users ARGS` with `stdin` piped in and MINGJING_PASSWORD set or unset.
fn users(args: &[&str], password_variable: Option<&str>, stdin: &str) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_mingjing"));
    command
        .arg("users")
        .args(args)
        .env_remove("MINGJING_PASSWORD")
        .env_remove("MINGJING_DB")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(password) = password_variable {
        command.env("MINGJING_PASSWORD", password);
    }
    let mut child = command.spawn().unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Asserts the command failed with a message containing `expected`.
fn fails_with(output: Output, expected: &str) {
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(expected),
        "wanted {expected:?} in: {stderr}"
    );
}

#[test]
fn users_are_added_listed_and_disabled_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("users.db");
    let db = db.to_str().unwrap();

    fails_with(users(&["list", "--db", db], None, ""), "no store at --db");

    let added = users(
        &[
            "add",
            "--db",
            db,
            "--username",
            "zhou",
            "--role",
            "township_commission",
            "--township",
            "tw-1",
        ],
        Some("明镜高悬-2025"),
        "",
    );
    assert!(added.status.success(), "{}", text(&added.stderr));
    assert!(text(&added.stdout).contains("added user zhou (township_commission, township tw-1)"));
    let piped = users(
        &[
            "add",
            "--db",
            db,
            "--username",
            "li",
            "--role",
            "department",
            "--township",
            "tw-1",
            "--dept",
            "civil",
        ],
        None,
        "piped password\r\nsecond line ignored\n",
    );
    assert!(piped.status.success(), "{}", text(&piped.stderr));

    fails_with(
        users(&["add", "--db", db, "--username", "x", "--role", "admin"], None, "password-1\n"),
        "unknown role admin: use one of city_commission, township_commission, department, village, rule_author, ops",
    );
    fails_with(
        users(
            &["add", "--db", db, "--username", "x", "--role", "village"],
            None,
            "password-1\n",
        ),
        "role village needs a village (--village)",
    );
    fails_with(
        users(
            &[
                "add",
                "--db",
                db,
                "--username",
                "x",
                "--role",
                "department",
                "--township",
                "tw-1",
                "--dept",
                "finance",
            ],
            None,
            "password-1\n",
        ),
        "unknown department finance",
    );
    fails_with(
        users(
            &["add", "--db", db, "--username", "zhou", "--role", "ops"],
            None,
            "password-1\n",
        ),
        "a user named zhou already exists",
    );
    fails_with(
        users(
            &["add", "--db", db, "--username", "y", "--role", "ops"],
            None,
            "",
        ),
        "no password",
    );
    let flag = users(
        &[
            "add",
            "--db",
            db,
            "--username",
            "y",
            "--role",
            "ops",
            "--password",
            "p",
        ],
        None,
        "",
    );
    assert!(!flag.status.success(), "a password flag must not exist");

    let disabled = users(&["disable", "--db", db, "--username", "li"], None, "");
    assert!(disabled.status.success(), "{}", text(&disabled.stderr));
    fails_with(
        users(&["disable", "--db", db, "--username", "nobody"], None, ""),
        "no user named nobody",
    );

    let listed = users(&["list", "--db", db], None, "");
    assert!(listed.status.success(), "{}", text(&listed.stderr));
    let rows: Vec<Vec<String>> = text(&listed.stdout)
        .lines()
        .skip(1)
        .filter(|l| !l.starts_with('共'))
        .map(|l| l.split_whitespace().map(str::to_string).collect())
        .collect();
    assert_eq!(
        rows,
        [
            [
                "li",
                "department",
                "disabled",
                "township",
                "tw-1,",
                "dept",
                "civil"
            ]
            .map(String::from)
            .to_vec(),
            ["zhou", "township_commission", "active", "township", "tw-1"]
                .map(String::from)
                .to_vec(),
        ]
    );

    // The passwords are those given, without the line ending of the piped one.
    let store_location = db.to_string();
    tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(async move {
            use mingjing_engine::users::{UserError, UserStore};
            let store = mingjing_connectors::SqlStore::connect(&store_location)
                .await
                .unwrap();
            let now =
                mingjing_engine::values::Timestamp::parse("2025-03-01T09:00:00+08:00").unwrap();
            assert!(store.login("zhou", "明镜高悬-2025", now, 60).await.is_ok());
            assert!(matches!(
                store.login("li", "piped password", now, 60).await,
                Err(UserError::Disabled(_))
            ));
            assert!(matches!(
                store.login("li", "piped password\r", now, 60).await,
                Err(UserError::BadCredentials)
            ));
            store.close().await;
        });
}
