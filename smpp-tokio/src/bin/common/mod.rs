//! What both command lines do the same way: parse flags, set up logging, start a runtime.

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;
use tracing_subscriber::EnvFilter;

/// Parses the command line; on `--help`/`--version` (exit 0) or bad usage (exit 64,
/// EX_USAGE: 1 and 2 mean something else to the programs) returns the exit code instead.
pub fn parse<T: Parser>() -> Result<T, ExitCode> {
    T::try_parse().map_err(|e| {
        let _ = e.print();
        ExitCode::from(if e.use_stderr() { 64 } else { 0 })
    })
}

/// Library logging to stderr: warnings with `quiet`, then info, debug, trace with each
/// `-v`; `RUST_LOG` wins when set.
pub fn init_logging(quiet: bool, verbose: u8, timestamps: bool) {
    let default = match (quiet, verbose) {
        (true, _) => "warn",
        (false, 0) => "info",
        (false, 1) => "debug",
        _ => "trace",
    };
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default));
    let fmt = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal());
    if timestamps {
        fmt.init();
    } else {
        fmt.without_time().init();
    }
}

/// A multi-threaded runtime, or the exit code after saying why there is none.
pub fn runtime(program: &str) -> Result<tokio::runtime::Runtime, ExitCode> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| {
            eprintln!("{program}: cannot start the runtime: {e}");
            ExitCode::FAILURE
        })
}
