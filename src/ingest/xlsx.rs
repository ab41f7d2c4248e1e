//! XLSX import: the first sheet, with the same header and columns as CSV.
//!
//! Number cells are taken as numbers, text cells are parsed like CSV text,
//! and a date cell is reported rather than guessed at: Excel turns `2021-03`
//! typed into a cell into 1 March 2021, and which period that meant depends
//! on the indicator. Line numbers are sheet row numbers.

use super::header::Columns;
use super::{FigureInput, Problem, RawRecord, Validator};
use crate::domain::Catalogue;
use calamine::{Data, Reader, Xlsx, XlsxError};
use std::borrow::Cow;
use std::io::{Cursor, Read, Seek};
use std::panic::AssertUnwindSafe;
use std::path::Path;

/// Read and validate figures from the first sheet of an `.xlsx` file.
/// A file that cannot be opened as a workbook is a problem at line 0.
pub fn read_xlsx(path: &Path, catalogue: &Catalogue) -> Result<Vec<FigureInput>, Vec<Problem>> {
    let book: Xlsx<_> = calamine::open_workbook(path)
        .map_err(|e| whole(format!("cannot read spreadsheet: {e}")))?;
    read_book(book, catalogue)
}

/// [`read_xlsx`] on a workbook already in memory (an upload, a fuzz input).
pub fn read_xlsx_bytes(
    bytes: &[u8],
    catalogue: &Catalogue,
) -> Result<Vec<FigureInput>, Vec<Problem>> {
    let book = Xlsx::new(Cursor::new(bytes))
        .map_err(|e| whole(format!("cannot read spreadsheet: {e}")))?;
    read_book(book, catalogue)
}

fn whole(msg: String) -> Vec<Problem> {
    vec![Problem::new(0, msg)]
}

/// Excel's own limits. A cell reference past them means a malformed file;
/// checking them also matters because calamine 0.38 computes references with
/// unchecked arithmetic: a long one such as `ZZZZZZZZZZZZZZZZ1` panics with
/// overflow checks and wraps to a huge column without, and calamine's own
/// `Range` then tries to allocate terabytes for the sheet (found by the
/// reliability proptests, issue 8).
const MAX_ROWS: u32 = 1_048_576;
const MAX_COLS: u32 = 16_384;

/// One sheet row: its non-empty cells as (column offset from the sheet's
/// first column, value), sorted by column. Sparse, so memory follows the
/// cells in the file, not the sheet's extent.
type Row = Vec<(usize, Data)>;

fn cell_at(row: &Row, i: usize) -> &Data {
    const EMPTY: &Data = &Data::Empty;
    row.binary_search_by_key(&i, |(c, _)| *c)
        .map_or(EMPTY, |at| &row[at].1)
}

/// The first sheet's non-empty cells, checked against Excel's limits, as
/// (first row, first column, rows by sheet row number).
#[allow(clippy::type_complexity)]
fn read_rows<RS: Read + Seek>(
    book: &mut Xlsx<RS>,
) -> Result<Option<(u32, u32, Vec<(u32, Row)>)>, Vec<Problem>> {
    let Some(name) = book.sheet_names().first().cloned() else {
        return Err(whole("the workbook has no sheets".into()));
    };
    // A panic inside calamine on a malformed file is a malformed file.
    let read = std::panic::catch_unwind(AssertUnwindSafe(|| {
        let mut reader = match book.worksheet_cells_reader(&name) {
            Ok(r) => r,
            Err(XlsxError::NotAWorksheet(_)) => return Ok(Vec::new()),
            Err(e) => return Err(format!("cannot read the first sheet: {e}")),
        };
        let mut cells = Vec::new();
        while let Some(cell) = reader
            .next_cell()
            .map_err(|e| format!("cannot read the first sheet: {e}"))?
        {
            let (row, col) = cell.get_position();
            if row >= MAX_ROWS || col >= MAX_COLS {
                return Err(
                    "cannot read spreadsheet: a cell reference is beyond the last row or column \
                     a sheet can have"
                        .into(),
                );
            }
            let value = Data::from(cell.get_value().clone());
            if !matches!(value, Data::Empty) {
                cells.push((row, col, value));
            }
        }
        Ok(cells)
    }));
    let mut cells = match read {
        Ok(Ok(cells)) => cells,
        Ok(Err(msg)) => return Err(whole(msg)),
        Err(_) => {
            return Err(whole(
                "cannot read spreadsheet: malformed worksheet (a cell reference or value could not be read)"
                    .into(),
            ));
        }
    };
    let (Some(first_row), Some(first_col)) = (
        cells.iter().map(|c| c.0).min(),
        cells.iter().map(|c| c.1).min(),
    ) else {
        return Ok(None);
    };
    cells.sort_by_key(|c| (c.0, c.1));
    let mut rows: Vec<(u32, Row)> = Vec::new();
    for (r, c, value) in cells {
        let offset = (c - first_col) as usize;
        match rows.last_mut() {
            Some((at, row)) if *at == r => {
                // A cell given twice: the later one wins, as in calamine.
                match row.last_mut() {
                    Some(last) if last.0 == offset => last.1 = value,
                    _ => row.push((offset, value)),
                }
            }
            _ => rows.push((r, vec![(offset, value)])),
        }
    }
    Ok(Some((first_row, first_col, rows)))
}

fn read_book<RS: Read + Seek>(
    mut book: Xlsx<RS>,
    catalogue: &Catalogue,
) -> Result<Vec<FigureInput>, Vec<Problem>> {
    let Some((first_row, first_col, rows)) = read_rows(&mut book)? else {
        return Err(vec![Problem::new(
            1,
            "empty sheet: expected a header row naming the columns region, indicator, period, value",
        )]);
    };
    let mut rows = rows.into_iter();
    let header_line = u64::from(first_row) + 1;
    let header = rows.next().map(|(_, row)| row).unwrap_or_default();
    // Trailing blank header cells are only the sheet's width, not columns.
    let width = header.last().map_or(0, |(c, _)| c + 1);
    let mut names = Vec::with_capacity(width);
    for i in 0..width {
        let cell_ref = cell_name(first_col, i, header_line);
        names.push(
            cell_text(cell_at(&header, i), "header")
                .map_err(|m| vec![Problem::new(header_line, format!("cell {cell_ref}: {m}"))])?,
        );
    }
    let cols = Columns::from_header(names.iter().map(|n| n.as_ref()), header_line)?;

    let mut v = Validator::new(catalogue);
    let mut seen_rows = false;
    // Rows hold only non-empty cells, so every row here has at least one.
    for (sheet_row, row) in rows {
        let line = u64::from(sheet_row) + 1;
        seen_rows = true;
        if let Some((at, cell)) = row.iter().find(|(c, _)| *c >= width) {
            let shown = cell_text(cell, "").unwrap_or_default();
            v.problem(
                line,
                format!(
                    "cell {}: {shown:?} is in a column without a header",
                    cell_name(first_col, *at, line)
                ),
            );
            continue;
        }
        let text = |i: Option<usize>, column: &str| -> Result<Option<Cow<'_, str>>, String> {
            i.map(|i| {
                cell_text(cell_at(&row, i), column).map_err(|m| format!("column {column}: {m}"))
            })
            .transpose()
        };
        let fields = (|| {
            Ok::<_, String>([
                text(Some(cols.region), "region")?,
                text(Some(cols.indicator), "indicator")?,
                text(Some(cols.period), "period")?,
                text(Some(cols.value), "value")?,
                text(cols.basis, "basis")?,
                text(cols.note, "note")?,
            ])
        })();
        match fields {
            Ok([region, indicator, period, value, basis, note]) => {
                let [region, indicator, period, value] =
                    [region, indicator, period, value].map(Option::unwrap_or_default);
                v.push(
                    line,
                    RawRecord {
                        region: &region,
                        indicator: &indicator,
                        period: &period,
                        value: &value,
                        basis: basis.as_deref(),
                        note: note.as_deref(),
                    },
                );
            }
            Err(msg) => v.problem(line, msg),
        }
    }
    if !seen_rows {
        v.problem(
            header_line,
            "no figures: the sheet has a header row but no data rows",
        );
    }
    v.finish()
}

/// A cell as the text a CSV field would hold. Numbers print in Rust's
/// shortest round-trip form, so a number cell's value is kept exactly.
fn cell_text<'a>(cell: &'a Data, column: &str) -> Result<Cow<'a, str>, String> {
    Ok(match cell {
        Data::Empty => Cow::Borrowed(""),
        Data::String(s) | Data::DurationIso(s) => Cow::Borrowed(s.as_str()),
        // Past the figures' range, in exponent form: 1.7e308, not 309 digits.
        Data::Float(f) if f.abs() >= 1e16 => Cow::Owned(format!("{f:e}")),
        Data::Float(f) => Cow::Owned(f.to_string()),
        Data::Int(i) => Cow::Owned(i.to_string()),
        Data::Bool(b) => Cow::Owned(b.to_string()),
        Data::Error(e) => return Err(format!("cell error {e}")),
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
        Data::DateTimeIso(s) => return Err(date_cell(s, column)),
    })
}

fn date_cell(shown: &str, column: &str) -> String {
    match column {
        "period" => format!(
            "date cell {shown} is not a period: format the column as text and write \
             periods as 2021, 2021-Q3 or 2021-03"
        ),
        "value" => format!("date cell {shown} is not a number"),
        _ => format!("unexpected date cell {shown}"),
    }
}

/// Spreadsheet name of a cell, e.g. `F7`.
fn cell_name(first_col: u32, offset: usize, line: u64) -> String {
    let mut n = first_col as usize + offset + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!("{}{line}", String::from_utf8(letters).expect("ASCII"))
}
