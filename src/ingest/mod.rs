//! Figure import: reading CSV, XLSX and JSON files of figures and validating
//! them against the catalogue, all or nothing.
//!
//! Every format turns its rows into [`RawRecord`]s (text fields) and feeds them
//! to one [`Validator`] (files through `rows`, which also handles files of
//! revisions), so CSV, XLSX, JSON and the HTTP JSON body give the same
//! messages. A file is either entirely valid (`Ok(figures)`) or rejected with
//! every problem found (`Err(problems)`, sorted by line, capped at
//! [`MAX_PROBLEMS`] plus one summary line).
//!
//! Problems print as `LINE: message`; the caller adds `FILE:` in front.
//! Line numbers are physical lines (header = 1) for CSV, sheet rows for
//! XLSX and item numbers (from 1) for JSON. Line 0 means the file as a whole could not be read (missing file,
//! unsupported extension, not a spreadsheet), so callers need only one path
//! for "print the problems and exit 1".

mod csv;
mod csv_scan;
mod formula;
mod header;
mod json;
mod rows;
mod text;
mod validate;
mod xlsx;
mod xlsx_parts;
mod xlsx_zip;

#[cfg(test)]
mod tests;

pub use self::csv::read_csv;
pub use self::csv_scan::{CsvScan, MAX_HEADER_BYTES, MAX_ROW_BYTES, unclosed_quote};
pub use self::formula::{defuse, undefuse};
pub use self::json::read_json;
pub use self::text::MAX_NOTE_CHARS;
pub use self::validate::Validator;
pub use self::xlsx::{read_xlsx, read_xlsx_bytes};

use crate::domain::catalogue::{Indicator, Region};
use crate::domain::{Basis, Catalogue, Flag, Period};
use std::fmt;
use std::path::Path;

/// At most this many problems are reported; the rest are summarised in one
/// more line so a million-row bad file does not print a million lines.
pub const MAX_PROBLEMS: usize = 100;

/// One validated figure. `region`/`indicator` index `catalogue.regions` /
/// `catalogue.indicators`: an import may hold a million of these, so they
/// stay small and carry no strings but the optional note.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureInput {
    /// Where the figure came from (CSV line, sheet row, or JSON index).
    pub line: u64,
    pub region: u32,
    pub indicator: u32,
    pub period: Period,
    /// The value as given: a year-to-date total when `basis` is `Ytd`.
    pub value: f64,
    pub basis: Basis,
    pub note: Option<String>,
    /// The observation status a feed gave (SDMX `OBS_STATUS`); `None` from
    /// formats without one. Not stored yet: a pull drops it when recording.
    pub flag: Option<Flag>,
}

impl FigureInput {
    /// The series and period this figure is for; unique within a validated import.
    pub fn key(&self) -> (u32, u32, Period) {
        (self.region, self.indicator, self.period)
    }

    /// The figure's region. Panics if `catalogue` is not the one it was validated against.
    pub fn region<'c>(&self, catalogue: &'c Catalogue) -> &'c Region {
        &catalogue.regions[self.region as usize]
    }

    /// The figure's indicator. Panics if `catalogue` is not the one it was validated against.
    pub fn indicator<'c>(&self, catalogue: &'c Catalogue) -> &'c Indicator {
        &catalogue.indicators[self.indicator as usize]
    }

    pub fn region_id<'c>(&self, catalogue: &'c Catalogue) -> &'c str {
        self.region(catalogue).id.as_str()
    }

    pub fn indicator_id<'c>(&self, catalogue: &'c Catalogue) -> &'c str {
        self.indicator(catalogue).id.as_str()
    }
}

/// One problem with an import. Displays as `LINE: message`; messages about a
/// field start with `column NAME: ` (see [`Problem::column`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: u64,
    pub message: String,
}

impl Problem {
    pub fn new(line: u64, message: impl Into<String>) -> Problem {
        Problem {
            line,
            message: message.into(),
        }
    }

    /// The column a problem is about (`region`, `value`, ...), if it is about
    /// one field: lets the HTTP API fill its `field` without a second format.
    pub fn column(&self) -> Option<&str> {
        let rest = self.message.strip_prefix("column ")?;
        let end = rest.find(':')?;
        Some(&rest[..end])
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.line, self.message)
    }
}

impl std::error::Error for Problem {}

/// One record as text fields, before validation. `basis`/`note` are `None`
/// when the file has no such column.
#[derive(Debug, Clone, Copy, Default)]
pub struct RawRecord<'a> {
    pub region: &'a str,
    pub indicator: &'a str,
    pub period: &'a str,
    pub value: &'a str,
    pub basis: Option<&'a str>,
    pub note: Option<&'a str>,
}

/// Whether [`read_file`] reads `path` as JSON, whose problems are numbered
/// by item rather than by line.
pub fn is_json(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

/// Read a `.csv`, `.xlsx` or `.json` file (by extension, case-insensitive).
///
/// Not being able to read the file at all (missing, unreadable, other
/// extension, not a spreadsheet) is reported as a [`Problem`] at line 0 rather
/// than a separate error type: the caller prints `FILE:0: message` and exits 1
/// like for any other invalid file. `progress` advances by bytes read (CSV
/// and JSON; XLSX files are small and read in one go).
pub fn read_file(
    path: &Path,
    catalogue: &Catalogue,
    progress: Option<&indicatif::ProgressBar>,
) -> Result<Vec<FigureInput>, Vec<Problem>> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some(ext @ ("csv" | "json")) => {
            let file = std::fs::File::open(path)
                .map_err(|e| vec![Problem::new(0, format!("cannot open file: {e}"))])?;
            match ext {
                "csv" => read_csv(file, catalogue, progress),
                _ => read_json(file, catalogue, progress),
            }
        }
        Some("xlsx") => read_xlsx(path, catalogue),
        other => Err(vec![Problem::new(
            0,
            format!(
                "unsupported file type {:?} (expected .csv, .xlsx or .json)",
                other.map(|e| format!(".{e}")).unwrap_or_default()
            ),
        )]),
    }
}
