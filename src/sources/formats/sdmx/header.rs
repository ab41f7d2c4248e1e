//! The SDMX-CSV header line: the field separator a message uses, and its
//! columns found by component id whether or not they carry labels.

use crate::domain::Invalid;
use std::collections::HashMap;

/// The separators accepted after the first column's term.
const SEPARATORS: &[u8] = b",;\t|";

/// The field separator of a message. SDMX-CSV 2.0 allows others than the
/// comma (`;` where the comma is the decimal mark) and fixes it as the
/// character right after the first column's term: `STRUCTURE` (perhaps with
/// a `[…]` sub-field separator) or, in version 1, `DATAFLOW`. A header
/// without either term is read as comma-separated, and then fails on the
/// columns it lacks. Anything else after the term is code `bad_separator`.
pub(super) fn separator(body: &[u8]) -> Result<u8, Invalid> {
    let start = body
        .iter()
        .position(|b| !matches!(b, b'\r' | b'\n'))
        .unwrap_or(body.len());
    let first = &body[start..];
    let (quoted, first) = match first.strip_prefix(b"\"") {
        Some(rest) => (true, rest),
        None => (false, first),
    };
    let Some((term, mut rest)) = [&b"STRUCTURE"[..], b"DATAFLOW"]
        .into_iter()
        .find_map(|t| first.strip_prefix(t).map(|rest| (t, rest)))
    else {
        return Ok(b',');
    };
    if let Some(bracketed) = rest.strip_prefix(b"[") {
        // One sub-field separator, perhaps written with a few bytes (UTF-8).
        match bracketed.iter().take(8).position(|&b| b == b']') {
            Some(end) => rest = &bracketed[end + 1..],
            None => {
                return Err(Invalid::new(
                    "bad_separator",
                    format!("header: {} opens a [ that is not closed", show(term)),
                ));
            }
        }
    }
    if quoted {
        rest = rest.strip_prefix(b"\"").unwrap_or(rest);
    }
    match rest.first() {
        Some(b) if SEPARATORS.contains(b) => Ok(*b),
        None | Some(b'\r' | b'\n') => Ok(b','),
        Some(_) => {
            let next: String = String::from_utf8_lossy(&rest[..rest.len().min(4)])
                .chars()
                .take(1)
                .collect();
            Err(Invalid::new(
                "bad_separator",
                format!(
                    "header: the first column {} is followed by {next:?}, not a field \
                     separator (expected , ; tab or |)",
                    show(term)
                ),
            ))
        }
    }
}

fn show(term: &[u8]) -> &str {
    std::str::from_utf8(term).unwrap_or("?")
}

/// A component's id in a header or a coded cell: `REF_AREA: Reference area`
/// (`labels=both`) is `REF_AREA`. Ids never hold a colon.
pub(super) fn id(text: &str) -> &str {
    text.split(':').next().unwrap_or_default().trim()
}

/// The header's columns by component id.
pub(super) struct Columns<'h> {
    index: HashMap<&'h str, usize>,
    /// The header carries labels, so coded cells do too (`CN_LN: Liaoning`).
    labelled: bool,
}

impl<'h> Columns<'h> {
    pub(super) fn new(header: &'h csv::StringRecord) -> Self {
        Columns {
            index: header.iter().enumerate().map(|(i, h)| (id(h), i)).collect(),
            labelled: header.iter().any(|h| h.contains(':')),
        }
    }

    /// The column of a component, named by its id (a label after `:` is
    /// ignored, so a setting may copy a labelled header).
    pub(super) fn find(&self, name: &str) -> Option<usize> {
        self.index.get(id(name)).copied()
    }

    /// A cell as given, trimmed: values and periods.
    pub(super) fn text(rec: &csv::StringRecord, at: Option<usize>) -> &str {
        at.and_then(|i| rec.get(i)).map_or("", str::trim)
    }

    /// A coded cell (a dimension, a status, a multiplier): its code without
    /// the label a labelled message adds.
    pub(super) fn code<'r>(&self, rec: &'r csv::StringRecord, at: Option<usize>) -> &'r str {
        let cell = Self::text(rec, at);
        if self.labelled { id(cell) } else { cell }
    }
}

#[cfg(test)]
mod tests {
    use super::{Columns, id, separator};

    #[test]
    fn the_separator_is_the_character_after_the_first_term() {
        for (body, want) in [
            (&b"STRUCTURE,STRUCTURE_ID,ACTION"[..], b','),
            (b"STRUCTURE;STRUCTURE_ID;ACTION", b';'),
            (b"STRUCTURE[|];STRUCTURE_ID", b';'),
            (b"STRUCTURE[\xC2\xA6]\tSTRUCTURE_ID", b'\t'),
            (b"\"STRUCTURE\";\"STRUCTURE_ID\"", b';'),
            (b"\r\n\nDATAFLOW;REF_AREA", b';'),
            (b"DATAFLOW|REF_AREA", b'|'),
            // Not SDMX's first column: read as CSV, failing on the columns.
            (b"REF_AREA;TIME_PERIOD", b','),
            (b"STRUCTURE\r\n", b','),
            (b"", b','),
        ] {
            assert_eq!(
                separator(body),
                Ok(want),
                "{:?}",
                String::from_utf8_lossy(body)
            );
        }
        let e = separator(b"STRUCTURE:Structure;STRUCTURE_ID")
            .unwrap_err()
            .message;
        assert_eq!(
            e,
            "header: the first column STRUCTURE is followed by \":\", not a field separator (expected , ; tab or |)"
        );
        let e = separator(b"STRUCTURE[;;;;;;;;;;;;;,STRUCTURE_ID")
            .unwrap_err()
            .message;
        assert_eq!(e, "header: STRUCTURE opens a [ that is not closed");
    }

    #[test]
    fn labelled_headers_and_cells_are_found_by_id() {
        assert_eq!(id("TIME_PERIOD:Time period or range"), "TIME_PERIOD");
        assert_eq!(id("REF_AREA: Reference area"), "REF_AREA");
        assert_eq!(id(" OBS_VALUE "), "OBS_VALUE");
        let header = csv::StringRecord::from(vec![
            "STRUCTURE",
            "REF_AREA: Reference area",
            "OBS_STATUS:Observation status",
        ]);
        let row =
            csv::StringRecord::from(vec!["dataflow", " CN_LN: Liaoning ", "E: Estimated value"]);
        let c = Columns::new(&header);
        assert_eq!(c.find("REF_AREA"), Some(1));
        assert_eq!(c.find("REF_AREA: anything"), Some(1));
        assert_eq!(c.find("OBS_STATUS"), Some(2));
        assert_eq!(c.find("OBS_VALUE"), None);
        assert_eq!(c.code(&row, Some(1)), "CN_LN");
        assert_eq!(c.code(&row, Some(2)), "E");
        assert_eq!(Columns::text(&row, Some(1)), "CN_LN: Liaoning");
        assert_eq!(c.code(&row, None), "");

        // Without labels in the header, a colon in a cell is part of its code.
        let plain = csv::StringRecord::from(vec!["STRUCTURE", "REF_AREA"]);
        let c = Columns::new(&plain);
        assert_eq!(c.code(&row, Some(1)), "CN_LN: Liaoning");
    }
}
