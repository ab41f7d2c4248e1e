//! CSV import: UTF-8 (a byte-order mark is accepted), comma-separated, a
//! header row naming the columns in any order.
//!
//! Built for big files: one reused [`ByteRecord`], UTF-8 checked per field
//! without copying, and nothing allocated per row except an optional note.
//! Memory stays bounded whatever the input: [`CsvScan`] refuses a row past
//! [`super::MAX_ROW_BYTES`] and a header that has not ended after
//! [`super::MAX_HEADER_BYTES`], and a file has at most [`MAX_ROWS`] rows.

use super::csv_scan::{CsvScan, unclosed_quote};
use super::header::Columns;
use super::rows::Rows;
use super::{Field, Location, Numbering, Problem, RawRecord};
use crate::domain::echo::echo;
use crate::domain::{Catalogue, Figure};
use csv::ByteRecord;
use indicatif::ProgressBar;
use std::io::Read;

/// The most data rows one file may have: twenty times what the import
/// benchmark reads, and a bound on the memory the validated figures take.
pub(crate) const MAX_ROWS: u64 = 20_000_000;

type Rdr<'p, R> = csv::Reader<CsvScan<Counting<'p, R>>>;

/// Read and validate figures from CSV text. `progress` advances by bytes read.
pub fn read_csv(
    reader: impl Read,
    catalogue: &Catalogue,
    progress: Option<&ProgressBar>,
) -> Result<Vec<Figure>, Vec<Problem>> {
    let mut rdr = csv::ReaderBuilder::new()
        // The header is read as a plain record so its line and bytes are ours to check.
        .has_headers(false)
        // Rows of the wrong length are reported, not fatal, so later rows are still checked.
        .flexible(true)
        // Records end at '\n' only, so each one consumes its line end and the
        // reader's line count gives physical lines (see `start_line`); a '\r'
        // of CRLF stays at the end of the last field, where trimming drops it.
        .terminator(::csv::Terminator::Any(b'\n'))
        .buffer_capacity(64 * 1024)
        .from_reader(CsvScan::new(Counting {
            inner: reader,
            progress,
            last: None,
            done: false,
        }));
    let mut rec = ByteRecord::new();

    match read_record(&mut rdr, &mut rec) {
        Ok(true) => {}
        Ok(false) => {
            return Err(vec![Problem::new(
                Location::Line(1),
                "empty",
                "empty file: expected a header row naming the columns region, indicator, period, value",
            )]);
        }
        Err(e) => return Err(vec![read_error(&rdr, &e)]),
    }
    if let Some(at) = rdr.get_ref().unclosed_quote() {
        return Err(vec![unclosed_quote(Location::Line(at), None)]);
    }
    let header_line = start_line(&rdr, &rec);
    let mut names = Vec::with_capacity(rec.len());
    for i in 0..rec.len() {
        match std::str::from_utf8(&rec[i]) {
            Ok(name) => names.push(name),
            Err(e) => {
                let what = format!("header column {}", i + 1);
                return Err(vec![not_utf8(&rec, header_line, i, &e, Some(&what))]);
            }
        }
    }
    let cols = Columns::from_header(names, header_line)?;

    let mut v = Rows::new(catalogue, Numbering::Line);
    v.revisions(cols.revisions);
    let mut rows = 0u64;
    loop {
        match read_record(&mut rdr, &mut rec) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                v.problem(read_error(&rdr, &e));
                break;
            }
        }
        rows += 1;
        if rows > MAX_ROWS {
            let line = start_line(&rdr, &rec);
            v.problem(Problem::new(
                Location::Line(line),
                "too_many_rows",
                format!("more than {MAX_ROWS} rows: split the file and import the parts"),
            ));
            break;
        }
        if let Some(at) = rdr.get_ref().unclosed_quote() {
            // The open quote began the record's last field.
            let field = column_name(&cols, rec.len().saturating_sub(1));
            v.problem(unclosed_quote(Location::Line(at), Some(field)));
            break;
        }
        let line = start_line(&rdr, &rec);
        if rec.len() != cols.width {
            v.problem(field_count(line, rec.len(), cols.width));
            continue;
        }
        match fields(&rec, line, &cols) {
            Ok(raw) => v.push(line, raw),
            Err(p) => v.problem(p),
        }
    }
    if rows == 0 && !v.has_problems() {
        v.problem(Problem::new(
            Location::Line(header_line),
            "empty",
            "no figures: the file has a header row but no data rows",
        ));
    }
    v.finish()
}

/// The next record that is not a blank line. csv skips empty lines itself;
/// with '\n' as the only terminator a CRLF blank line is a lone "\r" field.
fn read_record<R: Read>(rdr: &mut ::csv::Reader<R>, rec: &mut ByteRecord) -> ::csv::Result<bool> {
    loop {
        if !rdr.read_byte_record(rec)? {
            return Ok(false);
        }
        if !(rec.len() == 1 && rec[0].iter().all(u8::is_ascii_whitespace)) {
            return Ok(true);
        }
    }
}

/// The physical line a record starts on. Every record ends with a consumed
/// '\n' (`Counting` supplies one at the end of the input if missing), so the
/// reader is one line past the record's last line; newlines inside quoted
/// fields are still in the record. (`ByteRecord::position` is no use here: it
/// is where reading began, before any skipped blank lines.)
fn start_line<R: Read>(rdr: &::csv::Reader<R>, rec: &ByteRecord) -> u64 {
    let inside = rec.as_slice().iter().filter(|&&b| b == b'\n').count() as u64;
    rdr.position().line().saturating_sub(1 + inside)
}

fn read_error<R: Read>(rdr: &Rdr<'_, R>, e: &csv::Error) -> Problem {
    rdr.get_ref().problem().unwrap_or_else(|| {
        Problem::new(
            Location::Line(rdr.position().line()),
            "unreadable",
            format!("cannot read file: {e}"),
        )
    })
}

fn field_count(line: u64, got: usize, want: usize) -> Problem {
    let fields = if got == 1 { "field" } else { "fields" };
    let hint = if got > want {
        " (quote a text with commas; numbers take no thousands separators)"
    } else {
        ""
    };
    Problem::new(
        Location::Line(line),
        "field_count",
        format!("row has {got} {fields} but the header has {want}{hint}"),
    )
}

/// The record's fields as text, or the first field that is not UTF-8.
fn fields<'r>(rec: &'r ByteRecord, line: u64, cols: &Columns) -> Result<RawRecord<'r>, Problem> {
    let text = |i: usize| -> Result<&'r str, Problem> {
        std::str::from_utf8(&rec[i]).map_err(|e| {
            let column = column_name(cols, i);
            not_utf8(rec, line, i, &e, None).in_field(column)
        })
    };
    // Every field is checked, also those of no known column, so a bad byte
    // is always reported where it is.
    for i in 0..rec.len() {
        text(i)?;
    }
    Ok(RawRecord {
        region: text(cols.region)?,
        indicator: text(cols.indicator)?,
        period: text(cols.period)?,
        value: text(cols.value)?,
        basis: cols.basis.map(text).transpose()?,
        note: cols.note.map(text).transpose()?.map(super::undefuse),
        flag: cols.flag.map(text).transpose()?,
    })
}

/// The name of field `i`: the column import reads there, or its number
/// from 1 (a column of a file of revisions that import passes over).
fn column_name(cols: &Columns, i: usize) -> Field {
    let named = [
        (Some(cols.region), "region"),
        (Some(cols.indicator), "indicator"),
        (Some(cols.period), "period"),
        (Some(cols.value), "value"),
        (cols.basis, "basis"),
        (cols.note, "note"),
        (cols.flag, "flag"),
    ];
    named.iter().find(|(at, _)| *at == Some(i)).map_or_else(
        || Field::Owned((i + 1).to_string()),
        |(_, name)| Field::Borrowed(name),
    )
}

/// Where the bad bytes are (a quoted field may span lines) and a message
/// showing the field as far as it can be shown, starting with `what` the
/// field is unless the caller names it as the problem's field.
fn not_utf8(
    rec: &ByteRecord,
    line: u64,
    i: usize,
    e: &std::str::Utf8Error,
    what: Option<&str>,
) -> Problem {
    let field = &rec[i];
    let bad = e.valid_up_to();
    let newlines = |b: &[u8]| b.iter().filter(|&&c| c == b'\n').count() as u64;
    let before: u64 = (0..i).map(|j| newlines(&rec[j])).sum::<u64>() + newlines(&field[..bad]);
    let shown = String::from_utf8_lossy(field);
    let words = format!(
        "not valid UTF-8 (byte 0x{:02X} in {}); save the file as UTF-8",
        field[bad],
        echo(&shown)
    );
    let message = match what {
        Some(what) => format!("{what}: {words}"),
        None => words,
    };
    Problem::new(Location::Line(line + before), "not_utf8", message)
}

/// Counts bytes into the progress bar as the CSV reader pulls them, and
/// ends a last line that lacks its '\n' with one (not counted as progress).
struct Counting<'p, R> {
    inner: R,
    progress: Option<&'p ProgressBar>,
    /// The last byte read, to know whether the input ended with '\n'.
    last: Option<u8>,
    done: bool,
}

impl<R: Read> Read for Counting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.done || buf.is_empty() {
            return Ok(0);
        }
        let n = self.inner.read(buf)?;
        if n == 0 {
            self.done = true;
            if self.last.is_some_and(|b| b != b'\n') {
                buf[0] = b'\n';
                return Ok(1);
            }
            return Ok(0);
        }
        self.last = Some(buf[n - 1]);
        if let Some(p) = self.progress {
            p.inc(n as u64);
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::fixture_catalogue;

    fn problem_lines(text: &str) -> Vec<u64> {
        read_csv(text.as_bytes(), &fixture_catalogue(), None)
            .unwrap_err()
            .iter()
            .map(|p| p.at.number())
            .collect()
    }

    #[test]
    fn lines_are_physical_whatever_the_line_ends() {
        let bad = "liaoning,china-europe-trains,2021-13,1";
        let ok = "liaoning,china-europe-trains,2021-01,1";
        let note = "liaoning,china-europe-trains,2021-02,1,\"a\nb\"";
        for nl in ["\n", "\r\n"] {
            let rows = [
                "",
                "region,indicator,period,value,note",
                "",
                &format!("{ok},"),
                note,
                "",
                "  ",
                &format!("{bad},"),
            ];
            let text = rows.join(nl);
            assert_eq!(problem_lines(&text), [9], "{text:?}");
            assert_eq!(problem_lines(&(text.clone() + nl)), [9], "{text:?}");
        }
    }

    #[test]
    fn a_byte_order_mark_is_accepted() {
        let text =
            "\u{feff}region,indicator,period,value\nliaoning,china-europe-trains,2021-01,1\n";
        let figures = read_csv(text.as_bytes(), &fixture_catalogue(), None).unwrap();
        assert_eq!(figures.len(), 1);
    }
}
