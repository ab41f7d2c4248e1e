//! The command line: one file per group of commands, each command a small function.

mod alerts;
mod backup;
mod catalogue;
mod comment;
mod demo;
mod doctor;
mod export;
mod figures;
mod jobs;
pub(crate) mod logging;
mod manual;
mod pull;
mod report;
mod review;
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
    about = "Track stated goals against the figures that measure them",
    after_help = "Examples:\n  waymark demo\n  waymark --config /etc/waymark/waymark.toml doctor"
)]
/// The command line: global options and one command.
pub struct Cli {
    /// Settings file (default: $WAYMARK_CONFIG, else config/waymark.toml)
    #[arg(long, global = true, value_name = "PATH")]
    pub(crate) config: Option<PathBuf>,
    /// Database URL for this command, e.g. sqlite://other.db
    #[arg(long, global = true, value_name = "URL")]
    pub(crate) db: Option<String>,
    /// Language of tables, reports and messages: en or zh-CN (default: [ui] language)
    #[arg(long, global = true, value_name = "LANG", env = "WAYMARK_LANG")]
    pub(crate) lang: Option<crate::domain::Lang>,
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Create or migrate the database and load the catalogue
    #[command(after_help = "Examples:\n  waymark init\n  waymark --db sqlite://other.db init")]
    Init,
    /// Record one figure
    #[command(
        after_help = "Examples:\n  waymark record --region liaoning --indicator china-europe-trains --period 2021-03 --value 78\n  waymark record --region guizhou --indicator import-export --period 2021-06 --value 310.5 --ytd --note \"customs\""
    )]
    Record(figures::RecordArgs),
    /// Import figures from a CSV, XLSX or JSON file, all or nothing
    #[command(
        after_help = "Examples:\n  waymark import figures.csv --dry-run\n  waymark import 2021-q2.xlsx --by \"statistics bureau\""
    )]
    Import(figures::ImportArgs),
    /// Print current figures (or every revision) with every column import reads
    #[command(
        after_help = "Examples:\n  waymark export > figures.csv\n  waymark export --revisions --format json > revisions.json"
    )]
    Export(export::ExportArgs),
    /// Every revision of a series: who recorded what, when
    #[command(
        after_help = "Examples:\n  waymark history --region liaoning --indicator china-europe-trains\n  waymark history --region liaoning --indicator china-europe-trains --period 2021-03"
    )]
    History(figures::HistoryArgs),
    /// Goal progress: status, ratio, score and projection (docs/progress.md)
    #[command(
        after_help = "Examples:\n  waymark status --as-of 2021-06-30\n  waymark status --region liaoning --format json"
    )]
    Status(status::StatusArgs),
    /// Set a milestone's state: planned, in_progress, done or dropped
    #[command(
        after_help = "Examples:\n  waymark milestone zhejiang-yrd-train-assembly-centre in_progress\n  waymark milestone zhejiang-silk-road-pilot-plan done --note \"opened 1 July\""
    )]
    Milestone(status::MilestoneArgs),
    /// A comment (check-in) on a goal or on one figure, with author and time
    #[command(
        after_help = "Examples:\n  waymark comment --goal liaoning-trains-2021 --text \"June figure confirmed with customs\"\n  waymark comment --region liaoning --indicator china-europe-trains --period 2021-05 --text \"two trains cancelled\" --by ana"
    )]
    Comment(comment::CommentArgs),
    /// Render the report: charts, page, digest and email
    #[command(
        after_help = "Examples:\n  waymark report --out charts/2021-06\n  waymark report --as-of 2021-06-30 --send"
    )]
    Report(report::ReportArgs),
    /// Everything end to end on a separate demo database with illustrative figures
    #[command(after_help = "Examples:\n  waymark demo\n  waymark demo --out /tmp/demo")]
    Demo(demo::DemoArgs),
    /// Fetch configured remote sources once, now
    #[command(after_help = "Examples:\n  waymark pull\n  waymark pull nbs-trade")]
    Pull(pull::PullArgs),
    /// Active alerts; `alerts evaluate` evaluates once now and delivers
    #[command(after_help = "Examples:\n  waymark alerts --format json\n  waymark alerts evaluate")]
    Alerts(alerts::AlertsArgs),
    /// Each schedule, its next run and its recent runs
    #[command(after_help = "Examples:\n  waymark jobs\n  waymark jobs --format json --runs 20")]
    Jobs(jobs::JobsArgs),
    /// The goal catalogue
    #[command(subcommand, after_help = "Examples:\n  waymark catalogue check")]
    Catalogue(catalogue::CatalogueCommand),
    /// The daemon: HTTP server (and scheduled jobs) until SIGINT/SIGTERM
    #[command(
        after_help = "Examples:\n  waymark serve\n  WAYMARK_LOG=info WAYMARK_LOG_FORMAT=json waymark serve"
    )]
    Serve(serve::ServeArgs),
    /// API tokens: create, list, revoke
    #[command(
        subcommand,
        after_help = "Examples:\n  waymark token create ana --role operator --region liaoning\n  waymark token list"
    )]
    Token(token::TokenCommand),
    /// Write a consistent copy of the database (safe while `serve` writes) and check it
    #[command(
        after_help = "Examples:\n  waymark backup /var/backups/waymark/waymark-2021-06-30.db\n  waymark --db sqlite:///srv/waymark/waymark.db backup copy.db"
    )]
    Backup(backup::BackupArgs),
    /// Replace the database with a checked copy, keeping the old one beside it
    #[command(
        after_help = "Examples:\n  systemctl stop waymark && waymark restore /var/backups/waymark/waymark-2021-06-30.db\n  waymark --db sqlite://fresh.db restore copy.db"
    )]
    Restore(backup::RestoreArgs),
    /// Check settings, database, disk, folders, SMTP, webhooks, sources and schedules
    #[command(
        after_help = "Examples:\n  waymark doctor\n  waymark --config /etc/waymark/waymark.toml doctor --min-free 10G"
    )]
    Doctor(doctor::DoctorArgs),
    /// Print a shell completion script (bash, zsh, fish or powershell)
    #[command(
        after_help = "Examples:\n  waymark completions bash > /etc/bash_completion.d/waymark\n  waymark completions zsh > \"${fpath[1]}/_waymark\""
    )]
    Completions(manual::CompletionsArgs),
    /// Write roff man pages, one per command, into a folder
    #[command(
        after_help = "Examples:\n  waymark man /usr/local/share/man/man1\n  waymark man pages && man ./pages/waymark-backup.1"
    )]
    Man(manual::ManArgs),
    /// Figures held for review: list them, accept or reject one
    #[command(
        subcommand,
        after_help = "Examples:\n  waymark review list\n  waymark review accept 12 --reason \"confirmed with the customs office\"\n  waymark review reject 13 --reason \"a typing slip\""
    )]
    Review(review::ReviewCommand),
}

/// What every command starts from: the settings and the database to use.
pub(crate) struct Context {
    pub(crate) settings: Settings,
    pub(crate) db_url: String,
    /// The language of what this command prints: `--lang`, else `[ui] language`.
    pub(crate) lang: crate::domain::Lang,
}

impl Context {
    /// Today in the configured time zone: the default `--as-of`.
    pub(crate) fn today(&self) -> chrono::NaiveDate {
        chrono::Utc::now()
            .with_timezone(&self.settings.tz())
            .date_naive()
    }

    /// Open the database, migrate it and load the catalogue into it.
    pub(crate) async fn open(&self) -> Result<(Store, crate::domain::Catalogue)> {
        let cat = catalogue::load(&self.settings)?;
        let store = Store::open(&self.db_url).await?;
        store.sync_catalogue(&cat).await?;
        Ok((store, cat))
    }
}

/// Run one command line to its end; the binary's whole `main`.
pub async fn run(cli: Cli) -> Result<()> {
    // Generated from the command line's definition alone: no settings needed.
    match cli.command {
        Command::Completions(args) => return manual::completions(args),
        Command::Man(args) => return manual::man(args),
        // Loads the settings itself: a problem there is one of its findings.
        Command::Doctor(args) => {
            logging::init(crate::config::LogFormat::Text);
            return doctor::run(cli.config, cli.db, args).await;
        }
        _ => {}
    }
    fail_writes_past_file_size_limit();
    let env: Vec<(String, String)> = std::env::vars().collect();
    let settings = Settings::load(cli.config.as_deref(), &env)?;
    logging::init(settings.log.format()?);
    let db_url = cli
        .db
        .clone()
        .unwrap_or_else(|| settings.database.url.clone());
    let lang = cli.lang.unwrap_or(settings.ui.language);
    let ctx = Context {
        settings,
        db_url,
        lang,
    };
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
        Command::Comment(args) => comment::comment(&ctx, args).await,
        Command::Report(args) => report::report(&ctx, args).await,
        Command::Demo(args) => demo::demo(ctx, args).await,
        Command::Pull(args) => pull::run(&ctx, args).await,
        Command::Alerts(args) => alerts::run(&ctx, args).await,
        Command::Jobs(args) => jobs::jobs(&ctx, args).await,
        Command::Catalogue(cmd) => catalogue::run(&ctx, cmd),
        Command::Serve(args) => serve::serve(ctx, args).await,
        Command::Token(cmd) => token::run(&ctx, cmd).await,
        Command::Backup(args) => backup::backup(&ctx, args).await,
        Command::Restore(args) => backup::restore(&ctx, args).await,
        Command::Review(cmd) => review::run(&ctx, cmd).await,
        Command::Completions(_) | Command::Man(_) | Command::Doctor(_) => {
            unreachable!("handled before the settings load")
        }
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
    // The handler runs the signal's default action (end the process), as if
    // SIGPIPE had never been ignored; failing to install it only leaves the
    // error path in place.
    let always = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
    let _ = signal_hook::flag::register_conditional_default(signal_hook::consts::SIGPIPE, always);
}

/// Under a file-size limit (`ulimit -f`, RLIMIT_FSIZE) the kernel kills a
/// process whose write would pass it with SIGXFSZ, so an import would die
/// without a word. Ignored, the write fails with EFBIG instead: SQLite rolls
/// the transaction back and the store says the disk may be full or the file
/// too large. (`serve` also logs each such write: it installs its own
/// handler, crate::daemon::survive_file_size_limit.)
fn fail_writes_past_file_size_limit() {
    // A handler that only sets a flag: the signal no longer ends the
    // process, so the write returns EFBIG.
    let seen = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let _ = signal_hook::flag::register(signal_hook::consts::SIGXFSZ, seen);
}
