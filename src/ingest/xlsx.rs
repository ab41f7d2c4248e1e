//! XLSX import: the first sheet, with the same header and columns as CSV.
//!
//! Number cells are taken as numbers, text cells are parsed like CSV text,
//! and a date cell is reported rather than guessed at: Excel turns `2021-03`
//! typed into a cell into 1 March 2021, and which period that meant depends
//! on the indicator. Line numbers are sheet row numbers.

use super::header::Columns;
use super::{FigureInput, Problem, RawRecord, Validator};
use crate::domain::Catalogue;
use calamine::{Data, Reader, Xlsx};
use std::borrow::Cow;
use std::io::{Cursor, Read, Seek};
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

fn read_book<RS: Read + Seek>(
    mut book: Xlsx<RS>,
    catalogue: &Catalogue,
) -> Result<Vec<FigureInput>, Vec<Problem>> {
    let range = match book.worksheet_range_at(0) {
        None => return Err(whole("the workbook has no sheets".into())),
        Some(Err(e)) => return Err(whole(format!("cannot read the first sheet: {e}"))),
        Some(Ok(range)) => range,
    };
    let Some((first_row, first_col)) = range.start() else {
        return Err(vec![Problem::new(
            1,
            "empty sheet: expected a header row naming the columns region, indicator, period, value",
        )]);
    };
    let mut rows = range.rows();
    let header_line = u64::from(first_row) + 1;
    let header = rows.next().unwrap_or_default();
    // Trailing blank header cells are only the sheet's width, not columns.
    let width = header
        .iter()
        .rposition(|c| !matches!(c, Data::Empty))
        .map_or(0, |i| i + 1);
    let mut names = Vec::with_capacity(width);
    for (i, cell) in header[..width].iter().enumerate() {
        let cell_ref = cell_name(first_col, i, header_line);
        names.push(
            cell_text(cell, "header")
                .map_err(|m| vec![Problem::new(header_line, format!("cell {cell_ref}: {m}"))])?,
        );
    }
    let cols = Columns::from_header(names.iter().map(|n| n.as_ref()), header_line)?;

    let mut v = Validator::new(catalogue);
    let mut seen_rows = false;
    for (line, row) in (header_line + 1..).zip(rows) {
        if row.iter().all(|c| matches!(c, Data::Empty)) {
            continue;
        }
        seen_rows = true;
        if let Some(i) = row[width..].iter().position(|c| !matches!(c, Data::Empty)) {
            let cell = &row[width + i];
            let shown = cell_text(cell, "").unwrap_or_default();
            v.problem(
                line,
                format!(
                    "cell {}: {shown:?} is in a column without a header",
                    cell_name(first_col, width + i, line)
                ),
            );
            continue;
        }
        let text = |i: Option<usize>, column: &str| -> Result<Option<Cow<'_, str>>, String> {
            i.map(|i| cell_text(&row[i], column).map_err(|m| format!("column {column}: {m}")))
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
