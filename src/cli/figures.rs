//! Figures in and out: `record`, `import`, `history` (`export` is in
//! export.rs). Suspect figures (crate::domain::suspect) are recorded with a
//! warning on stderr.

use super::{Context, operator, table};
use crate::domain::{Catalogue, Channel, Provenance};
use crate::ingest::{self, Location, Numbering, Problem, RawRecord, Validator};
use crate::record::{self, Confirm, HeldFigure, Options, RecordError, Recorded};
use crate::store::{Store, WriteSummary};
use crate::t;
use anyhow::{Result, anyhow, bail};
use clap::Args;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
pub(crate) struct RecordArgs {
    /// The region's id in the catalogue, e.g. liaoning
    #[arg(long)]
    region: String,
    /// The indicator's id in the catalogue, e.g. china-europe-trains
    #[arg(long)]
    indicator: String,
    /// 2021, 2021-Q3 or 2021-03
    #[arg(long)]
    period: String,
    /// The figure, in the indicator's unit (a decimal number; may be negative)
    #[arg(long, allow_hyphen_values = true)]
    value: String,
    /// The value is the year-to-date total (flow indicators)
    #[arg(long)]
    ytd: bool,
    /// A note kept with the figure, e.g. where it comes from
    #[arg(long)]
    note: Option<String>,
    /// Observation status: A normal, E estimated, P provisional, B break in series
    #[arg(long)]
    flag: Option<String>,
    /// Who records it (default: the login name)
    #[arg(long)]
    by: Option<String>,
    /// Should the figure be held for review (suspect), record it at once,
    /// confirmed for this reason
    #[arg(long, value_name = "REASON")]
    confirm: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct ImportArgs {
    /// A .csv, .xlsx or .json file (what `export` writes)
    file: PathBuf,
    /// Check only; write nothing
    #[arg(long)]
    dry_run: bool,
    /// Who records it (default: the login name)
    #[arg(long)]
    by: Option<String>,
    /// Record the figures that would be held for review at once, confirmed for this reason
    #[arg(long, value_name = "REASON")]
    confirm: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct HistoryArgs {
    /// The region's id in the catalogue
    #[arg(long)]
    region: String,
    /// The indicator's id in the catalogue
    #[arg(long)]
    indicator: String,
    /// Only this period (2021, 2021-Q3 or 2021-03); default: every period
    #[arg(long)]
    period: Option<String>,
}

pub(crate) fn print_summary(what: &str, s: WriteSummary, dry_run: bool) {
    let verb = if dry_run { "would record" } else { "recorded" };
    let held = if s.held == 0 {
        String::new()
    } else if dry_run {
        format!("; would hold {} for review", s.held)
    } else {
        format!("; {} held for review (waymark review list)", s.held)
    };
    println!(
        "{what}: {verb} {} new, {} revised, {} unchanged{held}",
        s.new, s.revised, s.unchanged
    );
}

/// The reason given with `--confirm`, or none; an empty one is refused.
fn confirm(reason: Option<String>) -> Result<Confirm> {
    match reason {
        None => Ok(Confirm::None),
        Some(r) if r.trim().is_empty() => {
            bail!(
                "--confirm: give the reason the figures are right, e.g. \"confirmed with the customs office\""
            )
        }
        Some(r) => Ok(Confirm::All(r.trim().to_string())),
    }
}

/// Each held (or confirmed) figure on stderr, with why.
fn print_held(label: &str, held: &[HeldFigure]) -> std::io::Result<()> {
    let mut err = std::io::stderr().lock();
    for h in held {
        let what = if h.confirmed {
            "confirmed"
        } else {
            "held for review"
        };
        writeln!(
            err,
            "{what}: {label}:{}: {} {} {} = {}: {}",
            h.line, h.region, h.indicator, h.period, h.value, h.why
        )?;
    }
    Ok(())
}

pub(crate) async fn record(ctx: &Context, a: RecordArgs) -> Result<()> {
    let (store, cat) = ctx.open().await?;
    let mut v = Validator::new(&cat, Numbering::Line);
    let basis = if a.ytd { "ytd" } else { "period" };
    v.push(
        1,
        RawRecord {
            region: &a.region,
            indicator: &a.indicator,
            period: &a.period,
            value: &a.value,
            basis: Some(basis),
            note: a.note.as_deref(),
            flag: a.flag.as_deref(),
        },
    );
    let one_line = |problems: Vec<Problem>| {
        let messages: Vec<_> = problems.iter().map(Problem::text).collect();
        anyhow::anyhow!("{}", messages.join("; "))
    };
    let figures = v.finish().map_err(one_line)?;
    // The value as read, not as typed: the text may be any length.
    let value = figures.first().map_or(0.0, |f| f.value);
    let by = Provenance::new(operator(a.by), Channel::Record);
    let confirm = confirm(a.confirm)?;
    let recorded =
        record::record_reviewed(&store, &cat, figures, &by, Options::now(), &confirm).await;
    let recorded = match recorded {
        Ok(r) => r,
        Err(RecordError::Invalid(problems)) => return Err(one_line(problems)),
        Err(RecordError::Failed(e)) => return Err(e.into()),
    };
    for w in &recorded.warnings.shown {
        eprintln!("warning: --value {value}: {}", w.text());
    }
    print_held("--value", &recorded.held)?;
    print_summary(
        &format!("{} {} {}", a.region, a.indicator, a.period),
        recorded.summary,
        false,
    );
    store.close().await;
    Ok(())
}

pub(crate) async fn import(ctx: &Context, a: ImportArgs) -> Result<()> {
    let (store, cat) = ctx.open().await?;
    let confirm = confirm(a.confirm)?;
    let summary = import_path(&store, &cat, &a.file, &operator(a.by), a.dry_run, &confirm).await?;
    print_summary(&a.file.display().to_string(), summary, a.dry_run);
    store.close().await;
    Ok(())
}

/// Read, validate and record one file, all or nothing. Problems go to
/// stderr as `FILE:LINE: message` (`FILE: item N: message` for JSON), then
/// warnings as `warning: FILE:LINE: message`.
pub(crate) async fn import_path(
    store: &Store,
    cat: &Catalogue,
    path: &Path,
    by: &str,
    dry_run: bool,
    confirm: &Confirm,
) -> Result<WriteSummary> {
    let label = path.display().to_string();
    let bar = progress_bar(path);
    let read = ingest::read_file(path, cat, bar.as_ref());
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let name = path
        .file_name()
        .map_or(label.clone(), |n| n.to_string_lossy().into_owned());
    let by = Provenance::new(by, Channel::Import(name));
    let json = ingest::is_json(path);
    let options = Options {
        dry_run,
        numbering: if json {
            Numbering::Item
        } else {
            Numbering::Line
        },
        ..Options::now()
    };
    let recorded = match read {
        Ok(figures) => record::record_reviewed(store, cat, figures, &by, options, confirm).await,
        Err(problems) => Err(RecordError::Invalid(problems)),
    };
    let Recorded {
        summary,
        warnings,
        held,
    } = match recorded {
        Ok(r) => r,
        Err(RecordError::Invalid(problems)) => {
            let mut err = std::io::stderr().lock();
            for p in &problems {
                let text = p.text();
                match p.at {
                    Location::Line(line) => writeln!(err, "{label}:{line}: {text}")?,
                    Location::Whole if !json => writeln!(err, "{label}:0: {text}")?,
                    Location::Whole => writeln!(err, "{label}: {text}")?,
                    at => writeln!(err, "{label}: {at}: {text}")?,
                }
            }
            bail!(
                "{label}: {} problem(s); nothing was imported",
                problems.len()
            );
        }
        Err(RecordError::Failed(e)) => return Err(e.into()),
    };
    let mut err = std::io::stderr().lock();
    for w in &warnings.shown {
        writeln!(err, "warning: {label}:{}: {}", w.line, w.text())?;
    }
    if let Some(more) = warnings.summary() {
        writeln!(err, "warning: {label}: {more}")?;
    }
    drop(err);
    print_held(&label, &held)?;
    Ok(summary)
}

/// A bar for large files when a person is watching stderr; none otherwise.
fn progress_bar(path: &std::path::Path) -> Option<indicatif::ProgressBar> {
    const LARGE: u64 = 256 * 1024;
    let len = std::fs::metadata(path).ok()?.len();
    if len < LARGE || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(len);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{msg} [{bar:30}] {bytes}/{total_bytes} ({eta})")
            .ok()?
            .progress_chars("=> "),
    );
    bar.set_message("importing");
    Some(bar)
}

pub(crate) async fn history(ctx: &Context, a: HistoryArgs) -> Result<()> {
    let (store, cat) = ctx.open().await?;
    cat.region(&a.region)
        .map_err(|e| anyhow!("--region: {e}"))?;
    cat.indicator(&a.indicator)
        .map_err(|e| anyhow!("--indicator: {e}"))?;
    let revisions = store
        .history(&a.region, &a.indicator, a.period.as_deref())
        .await?;
    let lang = ctx.lang;
    let rows: Vec<Vec<String>> = revisions
        .iter()
        .map(|r| {
            vec![
                r.period.clone(),
                r.value.to_string(),
                r.basis.clone(),
                table::clean(r.flag.as_deref().unwrap_or("")),
                r.recorded_at.clone(),
                table::clean(&r.recorded_by),
                table::clean(r.note.as_deref().unwrap_or("")),
                review_cell(lang, r),
            ]
        })
        .collect();
    let headers = [
        t!(lang, "cli-history-period"),
        t!(lang, "cli-history-value"),
        t!(lang, "cli-history-basis"),
        t!(lang, "cli-history-flag"),
        t!(lang, "cli-history-recorded-at"),
        t!(lang, "cli-history-recorded-by"),
        t!(lang, "cli-history-note"),
        t!(lang, "cli-history-review"),
    ];
    print!(
        "{}",
        table::render(
            &headers.each_ref().map(String::as_str),
            &rows,
            &[false, true, false, false, false, false, false, false]
        )
    );
    store.close().await;
    Ok(())
}

/// A revision's review, as `history` shows it: the state, who decided and why.
fn review_cell(lang: crate::domain::Lang, r: &crate::store::Revision) -> String {
    let Some(state) = r.review.as_deref() else {
        return String::new();
    };
    let word = match state {
        "held" => t!(lang, "review-state-held"),
        "accepted" => t!(lang, "review-state-accepted"),
        "rejected" => t!(lang, "review-state-rejected"),
        "confirmed" => t!(lang, "review-state-confirmed"),
        other => other.to_string(),
    };
    let mut out = word;
    if let Some(by) = &r.reviewed_by {
        out.push_str(&format!(" ({by})"));
    }
    let why = r.review_reason.as_deref().or(r.review_why.as_deref());
    if let Some(why) = why {
        out.push_str(": ");
        out.push_str(why);
    }
    table::clean(&out)
}
