//! The `waymark` command: parse the command line, run, report the outcome.

use clap::Parser;
use std::process::ExitCode;
use std::time::Duration;

/// How long a finished command waits for blocking tasks left running.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

fn main() -> ExitCode {
    // Logging starts in cli::run, once the settings say in which format.
    let cli = waymark::cli::Cli::parse();
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
