//! The command line: one file per group of commands, each command a small function.

mod alerts;
mod catalogue;
mod demo;
mod export;
mod figures;
mod jobs;
mod pull;
mod report;
mod serve;
mod status;
mod table;
mod token;

use crate::config::Settings;
use crate::store::Store;
use anyhow::Result;
use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "waymark",
    version,
    about = "Track stated goals against the figures that measure them"
)]
pub struct Cli {
    /// Settings file (default: $WAYMARK_CONFIG, else config/waymark.toml)
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Database URL for this command, e.g. sqlite://other.db
    #[arg(long, global = true, value_name = "URL")]
    pub db: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create or migrate the database and load the catalogue
    Init,
    /// Record one figure
    Record(figures::RecordArgs),
    /// Import figures from a CSV, XLSX or JSON file, all or nothing
    Import(figures::ImportArgs),
    /// Print current figures (or every revision) with every column import reads
    Export(export::ExportArgs),
    /// Every revision of a series: who recorded what, when
    History(figures::HistoryArgs),
    /// Goal progress: status, ratio, score and projection (docs/progress.md)
    Status(status::StatusArgs),
    /// Set a milestone's state: planned, in_progress, done or dropped
    Milestone(status::MilestoneArgs),
    /// Render the report: charts, page, digest and email
    Report(report::ReportArgs),
    /// Everything end to end on a separate demo database with illustrative figures
    Demo(demo::DemoArgs),
    /// Fetch configured remote sources once, now
    Pull(pull::PullArgs),
    /// Active alerts; `alerts evaluate` evaluates once now and delivers
    Alerts(alerts::AlertsArgs),
    /// Each schedule, its next run and its recent runs
    Jobs(jobs::JobsArgs),
    /// The goal catalogue
    #[command(subcommand)]
    Catalogue(catalogue::CatalogueCommand),
    /// The daemon: HTTP server (and scheduled jobs) until SIGINT/SIGTERM
    Serve(serve::ServeArgs),
    /// API tokens: create, list, revoke
    #[command(subcommand)]
    Token(token::TokenCommand),
}

/// What every command starts from: the settings and the database to use.
pub struct Context {
    pub settings: Settings,
    pub db_url: String,
}

impl Context {
    /// Today in the configured time zone: the default `--as-of`.
    pub fn today(&self) -> chrono::NaiveDate {
        chrono::Utc::now()
            .with_timezone(&self.settings.tz())
            .date_naive()
    }

    /// Open the database, migrate it and load the catalogue into it.
    pub async fn open(&self) -> Result<(Store, crate::domain::Catalogue)> {
        let cat = catalogue::load(&self.settings)?;
        let store = Store::open(&self.db_url).await?;
        store.sync_catalogue(&cat).await?;
        Ok((store, cat))
    }
}

pub async fn run(cli: Cli) -> Result<()> {
    fail_writes_past_file_size_limit();
    let env: Vec<(String, String)> = std::env::vars().collect();
    let settings = Settings::load(cli.config.as_deref(), &env)?;
    let db_url = cli
        .db
        .clone()
        .unwrap_or_else(|| settings.database.url.clone());
    let ctx = Context { settings, db_url };
    if matches!(
        cli.command,
        Command::Status(_) | Command::History(_) | Command::Demo(_) | Command::Jobs(_)
    ) {
        end_quietly_when_the_reader_goes();
    }
    match cli.command {
        Command::Init => catalogue::init(&ctx).await,
        Command::Record(args) => figures::record(&ctx, args).await,
        Command::Import(args) => figures::import(&ctx, args).await,
        Command::Export(args) => export::export(&ctx, args).await,
        Command::History(args) => figures::history(&ctx, args).await,
        Command::Status(args) => status::status(&ctx, args).await,
        Command::Milestone(args) => status::milestone(&ctx, args).await,
        Command::Report(args) => report::report(&ctx, args).await,
        Command::Demo(args) => demo::demo(ctx, args).await,
        Command::Pull(args) => pull::run(&ctx, args).await,
        Command::Alerts(args) => alerts::run(&ctx, args).await,
        Command::Jobs(args) => jobs::jobs(&ctx, args).await,
        Command::Catalogue(cmd) => catalogue::run(&ctx, cmd),
        Command::Serve(args) => serve::serve(ctx, args).await,
        Command::Token(cmd) => token::run(&ctx, cmd).await,
    }
}

/// Who is recording: `--by`, else the login name, else "cli".
fn operator(by: Option<String>) -> String {
    by.or_else(|| std::env::var("USER").ok())
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "cli".into())
}

/// `waymark status | head`: once `head` has read enough and closed the pipe,
/// the next write to stdout fails with EPIPE, which `println!` turns into a
/// panic. Commands that only print what they read (and `demo`, whose writes
/// are each one transaction) end silently instead, as other Unix tools do,
/// with the default SIGPIPE disposition. Commands that record something
/// (`token create`, `import`) keep the error, so nothing they did goes
/// unreported; `export` handles a closed pipe itself.
fn end_quietly_when_the_reader_goes() {
    // SAFETY: SIG_DFL installs no handler code; it runs before any thread
    // that could set SIGPIPE's disposition concurrently.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// Under a file-size limit (`ulimit -f`, RLIMIT_FSIZE) the kernel kills a
/// process whose write would pass it with SIGXFSZ, so an import would die
/// without a word. Ignored, the write fails with EFBIG instead: SQLite rolls
/// the transaction back and the store says the disk may be full or the file
/// too large. (`serve` also logs each such write: it installs its own
/// handler, crate::daemon::survive_file_size_limit.)
fn fail_writes_past_file_size_limit() {
    // SAFETY: SIG_IGN installs no handler code; nothing else in this process
    // sets SIGXFSZ's disposition concurrently (this runs first).
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
}
