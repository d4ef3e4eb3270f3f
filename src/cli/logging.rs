//! Structured logs on standard error (tracing), plain or JSON.

use tracing_subscriber::EnvFilter;

/// Starts logging. `MINGJING_LOG` (or `RUST_LOG`) overrides the level.
pub fn init(json: bool, verbose: bool) {
    let default = if verbose { "info" } else { "warn" };
    let filter = EnvFilter::try_from_env("MINGJING_LOG")
        .or_else(|_| EnvFilter::try_from_default_env())
        .unwrap_or_else(|_| EnvFilter::new(default));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = if json {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
}
