//! Turning sqlx failures into [`StoreError`]s that say what went wrong and what to do.
//!
//! The connectors report through the engine's boundary errors ([`StoreError`],
//! `SourceError`), so this crate needs no error enum of its own.

use mingjing_engine::store::StoreError;

/// Which database a store talks to, for wording errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// SQLite, the embedded default.
    Sqlite,
    /// PostgreSQL, for production.
    Postgres,
}

/// A failure to open the store at `location` (already stripped of any password).
pub(crate) fn open_error(backend: Backend, location: &str, error: &sqlx::Error) -> StoreError {
    let message = match backend {
        Backend::Sqlite => format!("cannot open the SQLite file: {}", describe(backend, error)),
        Backend::Postgres => format!(
            "cannot connect to PostgreSQL at {location}: {}",
            describe(backend, error)
        ),
    };
    StoreError::Open {
        location: location.to_string(),
        message,
    }
}

/// A failure to apply the schema migrations.
pub(crate) fn migrate_error(location: &str, error: &sqlx::migrate::MigrateError) -> StoreError {
    use sqlx::migrate::MigrateError;
    let hint = match error {
        MigrateError::VersionMissing(_) => {
            "; the database was set up by a newer mingjing: run that version, or use a new database"
        }
        MigrateError::VersionMismatch(_) => {
            "; an applied migration differs from this build's: the schema was edited by hand, use a new database"
        }
        _ => "",
    };
    StoreError::Open {
        location: location.to_string(),
        message: format!("cannot set up the schema: {error}{hint}"),
    }
}

/// A failure of one store operation.
pub(crate) fn operation_error(
    backend: Backend,
    operation: &'static str,
    error: &sqlx::Error,
) -> StoreError {
    StoreError::Operation {
        operation,
        message: describe(backend, error),
    }
}

/// The error text followed by what to do about it, when we know.
fn describe(backend: Backend, error: &sqlx::Error) -> String {
    let hint = hint(backend, error);
    if hint.is_empty() {
        error.to_string()
    } else {
        format!("{error}; {hint}")
    }
}

fn hint(backend: Backend, error: &sqlx::Error) -> &'static str {
    match error {
        sqlx::Error::Io(io) => match (backend, io.kind()) {
            (Backend::Postgres, std::io::ErrorKind::ConnectionRefused) => {
                "nothing listens there: start PostgreSQL or fix the host and port in the URL"
            }
            (Backend::Postgres, _) => "check that PostgreSQL is running and reachable",
            (Backend::Sqlite, std::io::ErrorKind::PermissionDenied) => {
                "check that the file and its directory are writable by this user"
            }
            (Backend::Sqlite, _) => "check the path: its directory must exist and be writable",
        },
        sqlx::Error::PoolTimedOut => {
            "no database connection became free in time: the database may be down or overloaded"
        }
        sqlx::Error::Tls(_) => "check the sslmode in the URL and the server's TLS setup",
        sqlx::Error::Configuration(_) => {
            "fix the store URL (sqlite:PATH, postgres://USER@HOST:PORT/DB or a file path)"
        }
        sqlx::Error::Database(db) => match backend {
            Backend::Sqlite => sqlite_hint(db.code().as_deref()),
            Backend::Postgres => postgres_hint(db.code().as_deref()),
        },
        _ => "",
    }
}

fn sqlite_hint(code: Option<&str>) -> &'static str {
    // sqlx reports the extended result code; the primary code is its low byte.
    let primary = code.and_then(|c| c.parse::<i32>().ok()).map(|c| c & 0xff);
    match primary {
        Some(5) | Some(6) => "another program holds the SQLite file locked: wait for it or stop it",
        Some(8) => "the SQLite file or its directory is read-only: check permissions",
        Some(10) => "a disk read or write failed: check the disk",
        Some(11) | Some(26) => "the file is not a SQLite database or is damaged: use another path",
        Some(13) => "the disk is full: free space",
        Some(14) => "check that the directory exists and that the file and directory are writable",
        _ => "",
    }
}

fn postgres_hint(code: Option<&str>) -> &'static str {
    match code {
        Some("28P01") | Some("28000") => {
            "authentication failed: check the user and password in the URL"
        }
        Some("3D000") => "the database does not exist: create it (createdb NAME) or fix the URL",
        Some("42501") => "the user lacks a privilege: grant it or use another user",
        Some("53100") => "the database server's disk is full",
        Some("53300") => {
            "the server has too many connections: raise max_connections or use fewer instances"
        }
        Some("57P01") | Some("57P02") | Some("57P03") => {
            "the server is shutting down or starting: retry later"
        }
        _ => "",
    }
}
