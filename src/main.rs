//! The `waymark` command: parse the command line, start tracing, run.

use clap::Parser;
use std::io::IsTerminal as _;
use std::process::ExitCode;
use std::time::Duration;

/// How long a finished command waits for blocking tasks left running.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

fn main() -> ExitCode {
    let cli = waymark::cli::Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("WAYMARK_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn,sqlx::query=error")),
        )
        .with_writer(std::io::stderr)
        // Colour codes only for a person at a terminal, not in log files or journals.
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: starting the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let outcome = runtime.block_on(waymark::cli::run(cli));
    // The command is done. Dropping the runtime would wait, without limit,
    // for any blocking task still running (a stuck one would keep a stopped
    // daemon alive forever); give such tasks a moment, then leave them.
    runtime.shutdown_timeout(SHUTDOWN_GRACE);
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
