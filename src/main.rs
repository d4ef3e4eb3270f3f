//! The `mingjing` command.

use clap::Parser;
use mingjing::cli::{run, Cli};

// Every event allocates its strings and is freed at expiry; mimalloc does both faster than the
// system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    mingjing::allocator::keep_freed_memory_longer();
    let cli = Cli::parse();
    mingjing::cli::logging::init(cli.log_json, cli.verbose);
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("错误 error: {error:#}");
            std::process::ExitCode::from(2)
        }
    }
}
