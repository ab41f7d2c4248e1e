//! Figure import: reading CSV, XLSX and JSON files of figures and validating
//! them against the catalogue, all or nothing.
//!
//! Every format turns its rows into `RawRecord`s (text fields) and feeds them
//! to one `Validator` (files through `rows`, which also handles files of
//! revisions), so CSV, XLSX, JSON and the HTTP JSON body give the same
//! messages, and obey the same indicator rules (`min`, `max`, `integer`,
//! `allow_future`). A file is either entirely valid (`Ok(figures)`) or rejected with
//! every problem found (`Err(problems)`, sorted by line, capped at
//! `MAX_PROBLEMS` plus one summary line).
//!
//! Each [`Problem`] has a [`Location`]: a physical line (header = 1) for
//! CSV, a sheet row for XLSX, an item number (from 1) for JSON, or the file
//! as a whole when it cannot be read at all (missing file, unsupported
//! extension, not a spreadsheet), so callers need only one path for "print
//! the problems and exit 1". It also has the field it is about, a short
//! code and the words; each caller formats the location its own way.

mod csv;
mod csv_scan;
mod formula;
mod header;
mod json;
mod problem;
mod problems;
mod rows;
mod text;
mod validate;
mod xlsx;
mod xlsx_parts;
mod xlsx_zip;

#[cfg(test)]
mod tests;

pub use self::csv::read_csv;
pub(crate) use self::csv_scan::{CsvScan, unclosed_quote};
#[cfg(test)]
use self::csv_scan::{MAX_HEADER_BYTES, MAX_ROW_BYTES};
pub(crate) use self::formula::{defuse, undefuse};
pub(crate) use self::json::read_json;
pub use self::problem::{Field, Location, Numbering, Problem};
pub(crate) use self::validate::{Validator, check_rules};
pub use self::xlsx::{read_xlsx, read_xlsx_bytes};

use crate::domain::{Catalogue, Figure};
use chrono::NaiveDate;
use std::path::Path;

/// At most this many problems are reported; the rest are summarised in one
/// more line so a million-row bad file does not print a million lines.
pub(crate) const MAX_PROBLEMS: usize = 100;

/// Today's date in UTC: an indicator that refuses periods not yet over
/// (`allow_future = false`, the default) takes periods that ended before it.
pub(crate) fn today() -> NaiveDate {
    chrono::Utc::now().date_naive()
}

/// One record as text fields, before validation. `basis`/`note`/`flag` are
/// `None` when the input has no such column.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct RawRecord<'a> {
    pub(crate) region: &'a str,
    pub(crate) indicator: &'a str,
    pub(crate) period: &'a str,
    pub(crate) value: &'a str,
    pub(crate) basis: Option<&'a str>,
    pub(crate) note: Option<&'a str>,
    /// An observation status (`A`, `E`, `P`, `B`); `M` makes the record a gap.
    pub(crate) flag: Option<&'a str>,
}

/// Whether [`read_file`] reads `path` as JSON, whose problems are numbered
/// by item rather than by line.
pub(crate) fn is_json(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

/// Read a `.csv`, `.xlsx` or `.json` file (by extension, case-insensitive).
///
/// Not being able to read the file at all (missing, unreadable, other
/// extension, not a spreadsheet) is reported as a [`Problem`] of the file as
/// a whole ([`Location::Whole`]) rather than a separate error type: the
/// caller prints it and exits 1 like for any other invalid file. `progress` advances by bytes read (CSV
/// and JSON; XLSX files are small and read in one go).
pub(crate) fn read_file(
    path: &Path,
    catalogue: &Catalogue,
    progress: Option<&indicatif::ProgressBar>,
) -> Result<Vec<Figure>, Vec<Problem>> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some(ext @ ("csv" | "json")) => {
            let file = std::fs::File::open(path).map_err(|e| {
                vec![Problem::new(
                    Location::Whole,
                    "unreadable",
                    format!("cannot open file: {e}"),
                )]
            })?;
            match ext {
                "csv" => read_csv(file, catalogue, progress),
                _ => read_json(file, catalogue, progress),
            }
        }
        Some("xlsx") => read_xlsx(path, catalogue),
        other => Err(vec![Problem::new(
            Location::Whole,
            "unsupported_file",
            format!(
                "unsupported file type {:?} (expected .csv, .xlsx or .json)",
                other.map(|e| format!(".{e}")).unwrap_or_default()
            ),
        )]),
    }
}
