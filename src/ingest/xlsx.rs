//! XLSX import: the first sheet, with the same header and columns as CSV.
//!
//! Number cells are taken as numbers, text cells are parsed like CSV text,
//! and a date cell is reported rather than guessed at: Excel turns `2021-03`
//! typed into a cell into 1 March 2021, and which period that meant depends
//! on the indicator. Line numbers are sheet row numbers.
//!
//! Memory stays bounded whatever the file: the archive and each part
//! calamine reads are checked first (`xlsx_zip`, `xlsx_parts`), and the
//! sheet is streamed row by row into the validator, never held whole.

use super::header::Columns;
use super::rows::Rows;
use super::xlsx_zip::{Guarded, MAX_FILE_BYTES, Parts, Phase, SharedParts, check_outline};
use super::{Location, Numbering, Problem, RawRecord};
use crate::domain::echo::echo;
use crate::domain::{Catalogue, Figure, Invalid};
use calamine::{Data, Reader, Xlsx, XlsxError};
use std::borrow::Cow;
use std::fs::File;
use std::io::{BufReader, Cursor, Read, Seek};
use std::panic::AssertUnwindSafe;
use std::path::Path;

/// Read and validate figures from the first sheet of an `.xlsx` file.
/// A file that cannot be opened as a workbook is a problem of the file as
/// a whole.
pub fn read_xlsx(path: &Path, catalogue: &Catalogue) -> Result<Vec<Figure>, Vec<Problem>> {
    let open = || File::open(path).map(BufReader::new).map_err(unreadable);
    let len = std::fs::metadata(path).map_err(unreadable)?.len();
    if len > MAX_FILE_BYTES {
        return Err(unreadable(format!(
            "the file has {len} bytes; at most {MAX_FILE_BYTES} are read (import a larger \
             one as CSV)"
        )));
    }
    check_outline(open()?).map_err(unreadable)?;
    let parts = Parts::open(open()?).map_err(unreadable)?;
    read_book(open()?, parts, catalogue)
}

/// [`read_xlsx`] on a workbook already in memory (an upload, a fuzz input).
pub fn read_xlsx_bytes(bytes: &[u8], catalogue: &Catalogue) -> Result<Vec<Figure>, Vec<Problem>> {
    check_outline(bytes).map_err(unreadable)?;
    let parts = Parts::open(Cursor::new(bytes)).map_err(unreadable)?;
    read_book(Cursor::new(bytes), parts, catalogue)
}

fn unreadable(why: impl std::fmt::Display) -> Vec<Problem> {
    vec![Problem::new(
        Location::Whole,
        "unreadable",
        format!("cannot read spreadsheet: {why}"),
    )]
}

/// Excel's own limits. A cell reference past them means a malformed file;
/// checking them also matters because calamine 0.38 computes references with
/// unchecked arithmetic: a long one such as `ZZZZZZZZZZZZZZZZ1` panics with
/// overflow checks and wraps to a huge column without (found by the
/// reliability proptests, issue 8).
const MAX_ROWS: u32 = 1_048_576;
const MAX_COLS: u32 = 16_384;

/// One sheet row: its non-empty cells as (sheet column, value).
type Row = Vec<(u32, Data)>;

fn cell_at(row: &Row, col: u32) -> &Data {
    const EMPTY: &Data = &Data::Empty;
    row.binary_search_by_key(&col, |(c, _)| *c)
        .map_or(EMPTY, |at| &row[at].1)
}

/// Run a calamine call that may panic on a malformed file: a panic there
/// is a malformed file, not a crash (`Err(None)`).
fn calamine<T>(f: impl FnOnce() -> Result<T, XlsxError>) -> Result<T, Option<XlsxError>> {
    match std::panic::catch_unwind(AssertUnwindSafe(f)) {
        Ok(result) => result.map_err(Some),
        Err(_) => Err(None),
    }
}

/// Open the workbook from `raw` behind the guard, stream the first sheet's
/// rows into the validator, and say why when calamine or the guard stops.
fn read_book<R: Read + Seek, C: Read + Seek>(
    raw: R,
    parts: Option<SharedParts<C>>,
    catalogue: &Catalogue,
) -> Result<Vec<Figure>, Vec<Problem>> {
    // A refusal by the guard reaches calamine as an I/O error: show ours.
    let why = |e: Option<XlsxError>| {
        let refused = parts
            .as_ref()
            .and_then(|p| p.borrow().refused().map(ToString::to_string));
        match (refused, e) {
            (Some(refused), _) => refused,
            (None, Some(e)) => e.to_string(),
            (None, None) => {
                "malformed worksheet (a cell reference or value could not be read)".into()
            }
        }
    };
    let mut book: Xlsx<_> =
        calamine(|| Xlsx::new(Guarded::new(raw, parts.clone()))).map_err(|e| unreadable(why(e)))?;
    let Some(name) = book.sheet_names().first().cloned() else {
        return Err(unreadable("the workbook has no sheets"));
    };
    if let Some(p) = &parts {
        p.borrow_mut().set_phase(Phase::Sheet);
    }
    let mut reader = match calamine(|| book.worksheet_cells_reader(&name)) {
        Ok(r) => r,
        Err(Some(XlsxError::NotAWorksheet(_))) => return Err(empty_sheet()),
        Err(e) => return Err(unreadable(format!("the first sheet: {}", why(e)))),
    };
    let mut sheet = Sheet {
        v: Rows::new(catalogue, Numbering::Line),
        header: None,
        seen_rows: false,
    };
    let mut current: Option<(u32, Row)> = None;
    loop {
        let cell = calamine(|| reader.next_cell())
            .map_err(|e| unreadable(format!("the first sheet: {}", why(e))))?;
        let Some(cell) = cell else { break };
        let (r, c) = cell.get_position();
        if r >= MAX_ROWS || c >= MAX_COLS {
            return Err(unreadable(
                "a cell reference is beyond the last row or column a sheet can have",
            ));
        }
        let value = Data::from(cell.get_value().clone());
        if matches!(value, Data::Empty) {
            continue;
        }
        match &mut current {
            Some((at, row)) if *at == r => {
                // More cells than a row has columns: the same ones over and over.
                if row.len() as u32 >= MAX_COLS {
                    return Err(unreadable(format!("row {} has too many cells", r + 1)));
                }
                row.push((c, value));
            }
            Some((at, _)) if r < *at => {
                return Err(unreadable(format!(
                    "row {} comes after row {}: rows must be in order",
                    r + 1,
                    *at + 1
                )));
            }
            _ => {
                if let Some((at, row)) = current.replace((r, vec![(c, value)])) {
                    sheet.row(at, row)?;
                }
            }
        }
    }
    if let Some((at, row)) = current {
        sheet.row(at, row)?;
    }
    sheet.finish()
}

fn empty_sheet() -> Vec<Problem> {
    vec![Problem::new(
        Location::Line(1),
        "empty",
        "empty sheet: expected a header row naming the columns region, indicator, period, value",
    )]
}

/// The header row: where the columns are.
struct Header {
    line: u64,
    first_col: u32,
    /// Columns from the first header cell to the last.
    width: u32,
    cols: Columns,
}

/// Rows as they come: the first is the header, the rest go to the validator.
struct Sheet<'c> {
    v: Rows<'c>,
    header: Option<Header>,
    seen_rows: bool,
}

impl Sheet<'_> {
    /// Take one row (cells in any order; a cell given twice: the later one
    /// wins, as in calamine). A bad header ends the reading.
    fn row(&mut self, sheet_row: u32, mut row: Row) -> Result<(), Vec<Problem>> {
        row.sort_by_key(|(c, _)| *c);
        row.dedup_by(|later, earlier| {
            let same = later.0 == earlier.0;
            if same {
                std::mem::swap(&mut later.1, &mut earlier.1);
            }
            same
        });
        let line = u64::from(sheet_row) + 1;
        let Some(h) = &self.header else {
            let h = header(line, &row)?;
            self.v.revisions(h.cols.revisions);
            self.header = Some(h);
            return Ok(());
        };
        self.seen_rows = true;
        let outside = |c: u32| c < h.first_col || c >= h.first_col + h.width;
        let at = Location::Line(line);
        if let Some((col, cell)) = row.iter().find(|(c, _)| outside(*c)) {
            let shown = cell_text(cell, "").unwrap_or_default();
            self.v.problem(Problem::new(
                at,
                "cell_outside_header",
                format!(
                    "cell {}: {} is in a column without a header",
                    cell_name(*col, line),
                    echo(&shown)
                ),
            ));
            return Ok(());
        }
        let text =
            |i: Option<usize>, column: &'static str| -> Result<Option<Cow<'_, str>>, Problem> {
                i.map(|i| {
                    cell_text(cell_at(&row, h.first_col + i as u32), column)
                        .map_err(|e| Problem::new(at, e.code, e.message).in_field(column))
                })
                .transpose()
            };
        let cols = &h.cols;
        let fields = (|| {
            Ok::<_, Problem>([
                text(Some(cols.region), "region")?,
                text(Some(cols.indicator), "indicator")?,
                text(Some(cols.period), "period")?,
                text(Some(cols.value), "value")?,
                text(cols.basis, "basis")?,
                text(cols.note, "note")?,
                text(cols.flag, "flag")?,
            ])
        })();
        match fields {
            Ok([region, indicator, period, value, basis, note, flag]) => {
                let [region, indicator, period, value] =
                    [region, indicator, period, value].map(Option::unwrap_or_default);
                self.v.push(
                    line,
                    RawRecord {
                        region: &region,
                        indicator: &indicator,
                        period: &period,
                        value: &value,
                        basis: basis.as_deref(),
                        note: note.as_deref(),
                        flag: flag.as_deref(),
                    },
                );
            }
            Err(p) => self.v.problem(p),
        }
        Ok(())
    }

    fn finish(mut self) -> Result<Vec<Figure>, Vec<Problem>> {
        match &self.header {
            None => return Err(empty_sheet()),
            Some(h) if !self.seen_rows => self.v.problem(Problem::new(
                Location::Line(h.line),
                "empty",
                "no figures: the sheet has a header row but no data rows",
            )),
            Some(_) => {}
        }
        self.v.finish()
    }
}

/// The header from the sheet's first row with any cell. Trailing blank
/// header cells are only the sheet's width, not columns.
fn header(line: u64, row: &Row) -> Result<Header, Vec<Problem>> {
    let (first_col, last_col) = (row[0].0, row[row.len() - 1].0);
    let width = last_col - first_col + 1;
    let mut names = Vec::with_capacity(width as usize);
    for col in first_col..=last_col {
        names.push(cell_text(cell_at(row, col), "header").map_err(|e| {
            vec![Problem::new(
                Location::Line(line),
                e.code,
                format!("cell {}: {}", cell_name(col, line), e.message),
            )]
        })?);
    }
    let cols = Columns::from_header(names.iter().map(|n| n.as_ref()), line)?;
    Ok(Header {
        line,
        first_col,
        width,
        cols,
    })
}

/// A cell as the text a CSV field would hold. Numbers print in Rust's
/// shortest round-trip form, so a number cell's value is kept exactly. An
/// error cell is code `cell_error`, a date cell `date_cell`.
fn cell_text<'a>(cell: &'a Data, column: &str) -> Result<Cow<'a, str>, Invalid> {
    Ok(match cell {
        Data::Empty => Cow::Borrowed(""),
        Data::String(s) | Data::DurationIso(s) => Cow::Borrowed(s.as_str()),
        // Past the figures' range, in exponent form: 1.7e308, not 309 digits.
        Data::Float(f) if f.abs() >= 1e16 => Cow::Owned(format!("{f:e}")),
        Data::Float(f) => Cow::Owned(f.to_string()),
        Data::Int(i) => Cow::Owned(i.to_string()),
        Data::Bool(b) => Cow::Owned(b.to_string()),
        Data::Error(e) => return Err(Invalid::new("cell_error", format!("cell error {e}"))),
        Data::DateTime(dt) => {
            let shown = dt.as_datetime().map_or_else(
                || dt.as_f64().to_string(),
                |d| match d.time() == chrono::NaiveTime::MIN {
                    true => d.date().to_string(),
                    false => d.to_string(),
                },
            );
            return Err(date_cell(&shown, column));
        }
        Data::DateTimeIso(s) => return Err(date_cell(&echo(s).to_string(), column)),
    })
}

fn date_cell(shown: &str, column: &str) -> Invalid {
    let message = match column {
        "period" => format!(
            "date cell {shown} is not a period: format the column as text and write \
             periods as 2021, 2021-Q3 or 2021-03"
        ),
        "value" => format!("date cell {shown} is not a number"),
        _ => format!("unexpected date cell {shown}"),
    };
    Invalid::new("date_cell", message)
}

/// Spreadsheet name of a cell, e.g. `F7`.
fn cell_name(col: u32, line: u64) -> String {
    let mut n = col as usize + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!("{}{line}", String::from_utf8(letters).expect("ASCII"))
}
