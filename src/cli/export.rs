//! `export`: figures out with every column `import` reads, as CSV, JSON or
//! XLSX, so that importing the output into an empty database gives back the
//! same figures, to the bit. Rows are streamed from the database to stdout.

mod sinks;

use super::Context;
use crate::assess::parse_known_at;
use crate::store::{ExportRow, Store};
use anyhow::{Result, anyhow, bail};
use chrono::{DateTime, Utc};
use clap::{Args, ValueEnum};
use std::io::{IsTerminal, Write};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ExportFormat {
    Csv,
    Json,
    Xlsx,
}

#[derive(Debug, Args)]
pub(crate) struct ExportArgs {
    /// Output: csv (the import format), json, or xlsx (binary: redirect it to a file)
    #[arg(long, value_enum, default_value = "csv")]
    format: ExportFormat,
    /// Figures as they were recorded at this time (RFC 3339)
    #[arg(long, value_name = "TS")]
    known_at: Option<String>,
    /// Every revision, oldest first, with when, by whom and how it was recorded
    #[arg(long)]
    revisions: bool,
}

/// One cell of an exported row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Cell<'a> {
    Text(&'a str),
    Number(f64),
    Empty,
}

impl<'a> Cell<'a> {
    fn text(text: Option<&'a str>) -> Cell<'a> {
        text.map_or(Cell::Empty, Cell::Text)
    }
}

/// A column: its name (the header, the JSON key) and its cell in a row.
pub(crate) struct Column {
    pub(crate) name: &'static str,
    pub(crate) cell: fn(&ExportRow) -> Cell<'_>,
}

/// Every column `export` writes, in order: the one list the CSV, JSON and
/// XLSX writers all use, so a new column is added here and nowhere else.
/// The first [`CURRENT`] are what `import` reads; the rest are written with
/// `--revisions` only.
pub(crate) const COLUMNS: [Column; 11] = [
    Column {
        name: "region",
        cell: |r| Cell::Text(&r.region),
    },
    Column {
        name: "indicator",
        cell: |r| Cell::Text(&r.indicator),
    },
    Column {
        name: "period",
        cell: |r| Cell::Text(&r.period),
    },
    Column {
        name: "value",
        cell: |r| Cell::Number(r.value),
    },
    Column {
        name: "basis",
        cell: |r| Cell::Text(&r.basis),
    },
    Column {
        name: "note",
        cell: |r| Cell::text(r.note.as_deref()),
    },
    Column {
        name: "flag",
        cell: |r| Cell::text(r.flag.as_deref()),
    },
    Column {
        name: "recorded_at",
        cell: |r| Cell::Text(&r.recorded_at),
    },
    Column {
        name: "recorded_by",
        cell: |r| Cell::Text(&r.recorded_by),
    },
    Column {
        name: "source",
        cell: |r| Cell::Text(&r.source),
    },
    Column {
        name: "review",
        cell: |r| Cell::text(r.review.as_deref()),
    },
];

/// How many of [`COLUMNS`] a plain (not `--revisions`) export writes.
pub(crate) const CURRENT: usize = 7;

/// The columns of an export.
pub(crate) fn columns(revisions: bool) -> &'static [Column] {
    if revisions {
        &COLUMNS
    } else {
        &COLUMNS[..CURRENT]
    }
}

pub(crate) async fn export(ctx: &Context, a: ExportArgs) -> Result<()> {
    if a.format == ExportFormat::Xlsx && std::io::stdout().is_terminal() {
        bail!(
            "--format xlsx writes a binary workbook: send it to a file, \
             e.g. `waymark export --format xlsx > figures.xlsx`"
        );
    }
    let known_at = a
        .known_at
        .as_deref()
        .map(parse_known_at)
        .transpose()
        .map_err(|e| anyhow!("{}: {e}", e.param().flag()))?;
    let (store, _) = ctx.open().await?;
    let written = write(&store, known_at, a.revisions, a.format, std::io::stdout()).await;
    store.close().await;
    match written {
        // The reader has read enough (`waymark export | head`): nothing failed.
        Err(e) if broken_pipe(&e) => Ok(()),
        other => other.map(drop),
    }
}

/// Whether writing failed because the reading end of stdout was closed.
/// The writers wrap the I/O error in their own without always giving it
/// as the source, so each is asked.
fn broken_pipe(e: &anyhow::Error) -> bool {
    use std::io::ErrorKind::BrokenPipe;
    e.chain().any(|c| {
        let io = c.downcast_ref::<std::io::Error>().map(|e| e.kind());
        let json = c
            .downcast_ref::<serde_json::Error>()
            .and_then(|e| e.io_error_kind());
        let csv = c.downcast_ref::<csv::Error>().and_then(|e| match e.kind() {
            csv::ErrorKind::Io(io) => Some(io.kind()),
            _ => None,
        });
        [io, json, csv].contains(&Some(BrokenPipe))
    })
}

/// Export to `out` (see [`Store::export_figures`] for which rows, in which
/// order); the number of rows written.
pub(crate) async fn write<W: Write + Send>(
    store: &Store,
    known_at: Option<DateTime<Utc>>,
    revisions: bool,
    format: ExportFormat,
    out: W,
) -> Result<u64> {
    let mut sink = sinks::Sink::new(format, columns(revisions), revisions, out)?;
    let rows = store
        .export_figures(known_at, revisions, |row| sink.row(&row))
        .await?;
    sink.finish()?;
    Ok(rows)
}
