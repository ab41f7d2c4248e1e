//! The three export formats, each written a row at a time from the same
//! column list. Numbers are always written in the shortest form that reads
//! back as the same double, never rounded to a number of decimals.

use super::{Cell, Column, ExportFormat};
use crate::store::ExportRow;
use anyhow::{Context, Result};
use rust_xlsxwriter::{Workbook, XlsxError};
use std::io::{BufWriter, Write};

// One sink per export, made once: its size does not matter.
#[allow(clippy::large_enum_variant)]
pub(crate) enum Sink<W: Write + Send> {
    /// Text cells carry the formula guard that CSV import takes off again.
    Csv(csv::Writer<W>, &'static [Column]),
    /// A list of objects, one per line, keyed by column name; an empty cell is `null`.
    Json(Json<W>),
    Xlsx(Xlsx<W>),
}

pub(crate) struct Json<W: Write> {
    out: BufWriter<W>,
    columns: &'static [Column],
    rows: u64,
}

/// One sheet written through a temporary file (rust_xlsxwriter's constant
/// memory mode), so memory stays flat however many rows; the workbook is
/// zipped to `out` at the end, so nothing is written if a row fails.
pub(crate) struct Xlsx<W> {
    book: Workbook,
    columns: &'static [Column],
    /// The next sheet row (0 is the header).
    row: u32,
    out: W,
}

impl<W: Write + Send> Sink<W> {
    /// A sink with its header (if the format has one) written.
    pub(crate) fn new(
        format: ExportFormat,
        columns: &'static [Column],
        revisions: bool,
        out: W,
    ) -> Result<Sink<W>> {
        Ok(match format {
            ExportFormat::Csv => {
                let mut w = csv::Writer::from_writer(out);
                w.write_record(columns.iter().map(|c| c.name))?;
                Sink::Csv(w, columns)
            }
            ExportFormat::Json => Sink::Json(Json {
                out: BufWriter::new(out),
                columns,
                rows: 0,
            }),
            ExportFormat::Xlsx => {
                let mut book = Workbook::new();
                let sheet = book.add_worksheet_with_constant_memory()?;
                sheet.set_name(if revisions { "revisions" } else { "figures" })?;
                for (col, c) in (0u16..).zip(columns) {
                    sheet.write_string(0, col, c.name)?;
                }
                Sink::Xlsx(Xlsx {
                    book,
                    columns,
                    row: 1,
                    out,
                })
            }
        })
    }

    pub(crate) fn row(&mut self, row: &ExportRow) -> Result<()> {
        match self {
            Sink::Csv(w, columns) => {
                for c in *columns {
                    match (c.cell)(row) {
                        Cell::Text(t) => w.write_field(crate::ingest::defuse(t).as_bytes())?,
                        Cell::Number(v) => w.write_field(number(v))?,
                        Cell::Empty => w.write_field("")?,
                    }
                }
                w.write_record(None::<&[u8]>)?;
                Ok(())
            }
            Sink::Json(j) => j.row(row),
            Sink::Xlsx(x) => x.row(row),
        }
    }

    pub(crate) fn finish(self) -> Result<()> {
        match self {
            Sink::Csv(mut w, _) => Ok(w.flush()?),
            Sink::Json(mut j) => {
                let end: &[u8] = if j.rows == 0 { b"[]\n" } else { b"\n]\n" };
                j.out.write_all(end)?;
                Ok(j.out.flush()?)
            }
            Sink::Xlsx(Xlsx { mut book, out, .. }) => {
                book.save_to_writer(BufWriter::new(out))
                    .context("writing the workbook")?;
                Ok(())
            }
        }
    }
}

impl<W: Write> Json<W> {
    fn row(&mut self, row: &ExportRow) -> Result<()> {
        let out = &mut self.out;
        out.write_all(if self.rows == 0 { b"[\n{" } else { b",\n{" })?;
        for (i, c) in self.columns.iter().enumerate() {
            if i > 0 {
                out.write_all(b",")?;
            }
            serde_json::to_writer(&mut *out, c.name)?;
            out.write_all(b":")?;
            match (c.cell)(row) {
                Cell::Text(t) => serde_json::to_writer(&mut *out, t)?,
                // serde_json writes the shortest form that reads back the same.
                Cell::Number(v) => serde_json::to_writer(&mut *out, &v)?,
                Cell::Empty => out.write_all(b"null")?,
            }
        }
        out.write_all(b"}")?;
        self.rows += 1;
        Ok(())
    }
}

impl<W> Xlsx<W> {
    fn row(&mut self, row: &ExportRow) -> Result<()> {
        let sheet = self.book.worksheet_from_index(0)?;
        let at = self.row;
        for (col, c) in (0u16..).zip(self.columns) {
            let written = match (c.cell)(row) {
                Cell::Text(t) => sheet.write_string(at, col, t).map(drop),
                Cell::Number(v) => sheet.write_number(at, col, v).map(drop),
                Cell::Empty => Ok(()),
            };
            written.map_err(|e| match e {
                XlsxError::RowColumnLimitError => anyhow::anyhow!(
                    "a sheet holds at most {} rows of figures: export this many as CSV or JSON",
                    at - 1
                ),
                e => anyhow::anyhow!(
                    "{} {} {} column {}: {e}",
                    row.region,
                    row.indicator,
                    row.period,
                    c.name
                ),
            })?;
        }
        self.row += 1;
        Ok(())
    }
}

/// The shortest text that reads back as `v`: plain digits, or an exponent
/// for tiny magnitudes that would otherwise take hundreds of zeros.
pub(crate) fn number(v: f64) -> String {
    if v != 0.0 && v.abs() < 1e-6 {
        format!("{v:e}")
    } else {
        v.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn numbers_read_back_to_the_same_bits(bits in any::<u64>()) {
            let v = f64::from_bits(bits);
            prop_assume!(v.is_finite() && v.abs() <= 1e15);
            let text = number(v);
            prop_assert_eq!(text.parse::<f64>().unwrap().to_bits(), v.to_bits(), "{}", text);
            prop_assert!(text.len() <= 32, "{}", text);
        }
    }
}
