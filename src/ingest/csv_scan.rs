//! The bytes under a CSV parser: where quotes open and close, how long each
//! row is, and how far into the file the header ends.
//!
//! The csv crate reads a quote that is never closed to the end of the input
//! without complaint (the rows after it become part of one field), and it
//! buffers a record of any length (a 2 GB file without a line break is one
//! 2 GB record). [`CsvScan`] follows the parser's quoting rules byte by byte
//! as it hands the bytes on, so both are caught: the first at the end of the
//! input, the second before the parser holds more than [`MAX_ROW_BYTES`].

use super::{Field, Location, Problem};
use std::io::{self, Read};

/// The longest row (a record, with any quoted line breaks) read. A figure
/// with a note of 2,000 characters is far below it, so only a broken file
/// (a quote left open, binary data) gets near it.
pub(crate) const MAX_ROW_BYTES: u64 = 64 * 1024;

/// The header row must end within this many bytes of the start of the input:
/// a file without one is refused after reading this far, whatever its size.
pub(crate) const MAX_HEADER_BYTES: u64 = 16 * 1024;

/// The problem when the record just read ended inside a quote the input
/// never closed ([`CsvScan::unclosed_quote`]): it swallowed the rest of the
/// file. `field` names the field the quote opened; `None` is the header.
pub(crate) fn unclosed_quote(at: Location, field: Option<Field>) -> Problem {
    const NEVER_CLOSED: &str = "the quote opened on this line is never closed, so every line \
        after it would be read into this one field (close it; a quote inside quoted text is \
        written twice: \"\")";
    match field {
        Some(field) => Problem::new(at, "unclosed_quote", NEVER_CLOSED).in_field(field),
        None => Problem::new(at, "unclosed_quote", format!("header: {NEVER_CLOSED}")),
    }
}

/// Where the parser is, as far as quoting goes (csv-core's states, less
/// those that only matter for comments and escapes, which are off).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    FieldStart,
    Unquoted,
    Quoted,
    /// A quote inside a quoted field: the end of the field, or the first of `""`.
    QuoteInQuoted,
}

/// Why the scan stopped the reading.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Stop {
    LongRow { line: u64, quote: Option<u64> },
    NoHeader { quote: Option<u64> },
}

/// A reader that tracks CSV quoting and bounds row and header size; see the
/// module docs. Reading fails (an I/O error) once a limit is passed;
/// [`CsvScan::problem`] then says which and where.
pub(crate) struct CsvScan<R> {
    inner: R,
    /// '\r' ends a record as well as '\n' (the csv crate's default terminator).
    cr_ends_rows: bool,
    /// The field separator the parser is given (a comma unless set).
    delimiter: u8,
    state: State,
    /// The physical line (from 1) of the next byte.
    line: u64,
    /// The line the current row started on, and its length so far.
    row_line: u64,
    row_bytes: u64,
    row_has_text: bool,
    /// The line where the quoted field now open (if any) started.
    quote_line: u64,
    offset: u64,
    /// A row with something other than white space has ended.
    header_seen: bool,
    eof: bool,
    stop: Option<Stop>,
}

impl<R: Read> CsvScan<R> {
    /// For a reader whose records end at '\n' only.
    pub(crate) fn new(inner: R) -> Self {
        Self::with_cr(inner, false)
    }

    /// For the csv crate's default terminator ('\r', '\n' or both).
    pub(crate) fn crlf(inner: R) -> Self {
        Self::with_cr(inner, true)
    }

    fn with_cr(inner: R, cr_ends_rows: bool) -> Self {
        CsvScan {
            inner,
            cr_ends_rows,
            delimiter: b',',
            state: State::FieldStart,
            line: 1,
            row_line: 1,
            row_bytes: 0,
            row_has_text: false,
            quote_line: 0,
            offset: 0,
            header_seen: false,
            eof: false,
            stop: None,
        }
    }

    /// Follow a parser whose fields are separated by `delimiter`.
    pub(crate) fn with_delimiter(mut self, delimiter: u8) -> Self {
        self.delimiter = delimiter;
        self
    }

    /// The line where a quoted field opened that the input ended inside:
    /// the last record read swallowed every line after it.
    pub(crate) fn unclosed_quote(&self) -> Option<u64> {
        (self.eof && self.state == State::Quoted).then_some(self.quote_line)
    }

    /// Why reading failed, when a limit stopped it.
    pub(crate) fn problem(&self) -> Option<Problem> {
        let open = |quote: &Option<u64>| match quote {
            Some(at) => format!(" (the quote opened on line {at} is never closed)"),
            None => String::new(),
        };
        const ROW: &str = "a row is one figure, with a note of at most 2000 characters";
        Some(match self.stop.as_ref()? {
            // Most likely the quote is never closed: point at it.
            Stop::LongRow {
                quote: Some(at), ..
            } => Problem::new(
                Location::Line(*at),
                "row_too_long",
                format!(
                    "a quoted field opens on this line and runs past {MAX_ROW_BYTES} bytes: \
                     is the quote never closed? ({ROW})"
                ),
            ),
            Stop::LongRow { line, quote: None } => Problem::new(
                Location::Line(*line),
                "row_too_long",
                format!("row longer than {MAX_ROW_BYTES} bytes ({ROW})"),
            ),
            // At line 1, where the header belongs, however many blank lines came first.
            Stop::NoHeader { quote } => Problem::new(
                Location::Line(1),
                "missing_header",
                format!(
                    "missing header row: none in the first {MAX_HEADER_BYTES} bytes (the first \
                     line must name the columns region, indicator, period, value){}",
                    open(quote)
                ),
            ),
        })
    }

    fn step(&mut self, b: u8) {
        self.offset += 1;
        self.row_bytes += 1;
        if self.row_bytes == 1 {
            self.row_line = self.line;
        }
        let ends_row = b == b'\n' || (self.cr_ends_rows && b == b'\r');
        self.state = match (self.state, b) {
            (State::Quoted, b'"') => State::QuoteInQuoted,
            (State::Quoted, _) => State::Quoted,
            (State::FieldStart | State::QuoteInQuoted, b'"') => {
                if self.state == State::FieldStart {
                    self.quote_line = self.line;
                }
                self.row_has_text = true;
                State::Quoted
            }
            (_, b) if b == self.delimiter => {
                self.row_has_text = true;
                State::FieldStart
            }
            _ if ends_row => {
                self.header_seen |= self.row_has_text;
                self.row_has_text = false;
                self.row_bytes = 0;
                State::FieldStart
            }
            _ => {
                self.row_has_text |= !b.is_ascii_whitespace();
                State::Unquoted
            }
        };
        if b == b'\n' {
            self.line += 1;
        }
        let quote = (self.state == State::Quoted).then_some(self.quote_line);
        if !self.header_seen && self.offset > MAX_HEADER_BYTES {
            self.stop = Some(Stop::NoHeader { quote });
        } else if self.row_bytes > MAX_ROW_BYTES {
            let line = self.row_line;
            self.stop = Some(Stop::LongRow { line, quote });
        }
    }
}

impl<R: Read> Read for CsvScan<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let stopped = || io::Error::other("CSV row or header over its size limit");
        if self.stop.is_some() {
            return Err(stopped());
        }
        let n = self.inner.read(buf)?;
        if n == 0 {
            self.eof = !buf.is_empty();
            return Ok(0);
        }
        for (i, &b) in buf[..n].iter().enumerate() {
            self.step(b);
            if self.stop.is_some() {
                // Hand on what came before the limit (complete rows are still
                // checked); the next read fails. Never `Ok(0)`: that is the end.
                return if i == 0 { Err(stopped()) } else { Ok(i) };
            }
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan_all(text: &[u8], cr: bool) -> CsvScan<&[u8]> {
        let mut scan = CsvScan::with_cr(text, cr);
        let mut sink = Vec::new();
        let _ = scan.read_to_end(&mut sink);
        scan
    }

    #[test]
    fn an_unclosed_quote_is_found_where_it_opened() {
        let text = b"a,b\n1,\"x\n2,3\n";
        assert_eq!(scan_all(text, false).unclosed_quote(), Some(2));
        for closed in [
            &b"a,b\n1,\"x\ny\"\n2,3\n"[..],
            b"a,b\n1,\"x \"\"quoted\"\" y\"\n",
            b"a,b\n1,x\"y\n",
            b"a,b\n1,\"\"\n",
            b"a,b\r\n1,\"x\"\r\n",
        ] {
            assert_eq!(scan_all(closed, false).unclosed_quote(), None, "{closed:?}");
        }
        assert_eq!(
            scan_all(b"a,\"b\r\n1,2\r\n", true).unclosed_quote(),
            Some(1)
        );
    }

    #[test]
    fn quotes_open_after_the_separator_the_parser_uses() {
        let text = b"a;b\n1;\"x\n2;3\n";
        let scan = |d: u8| {
            let mut scan = CsvScan::new(&text[..]).with_delimiter(d);
            let _ = scan.read_to_end(&mut Vec::new());
            scan.unclosed_quote()
        };
        assert_eq!(scan(b';'), Some(2));
        assert_eq!(scan(b','), None, "after a comma only");
    }

    #[test]
    fn a_long_row_stops_the_reading_at_its_limit() {
        let mut text = b"a,b\n1,2\n".to_vec();
        text.extend(std::iter::repeat_n(b'x', 100_000));
        let mut scan = CsvScan::new(text.as_slice());
        let mut sink = Vec::new();
        assert!(scan.read_to_end(&mut sink).is_err());
        assert_eq!(sink.len() as u64, 8 + MAX_ROW_BYTES);
        let p = scan.problem().unwrap();
        assert_eq!(p.at, Location::Line(3));
        assert!(p.message.starts_with("row longer than 65536 bytes"), "{p}");

        let mut open = b"a,b\n1,2\n3,\"x\n".to_vec();
        open.extend(std::iter::repeat_n(b'y', 100_000));
        let p = scan_all(&open, false).problem().unwrap();
        assert_eq!(p.at, Location::Line(3));
        assert!(p.message.contains("is the quote never closed?"), "{p}");
    }

    #[test]
    fn the_header_must_come_early() {
        let blank = vec![b'\n'; MAX_HEADER_BYTES as usize + 10];
        let scan = scan_all(&blank, false);
        assert!(
            scan.problem()
                .unwrap()
                .message
                .starts_with("missing header row")
        );
        let quoted = [&b"\"region,indicator\n"[..], &[b'x'; 20_000]].concat();
        let p = scan_all(&quoted, false).problem().unwrap();
        assert_eq!(p.at, Location::Line(1));
        assert!(
            p.message
                .ends_with("(the quote opened on line 1 is never closed)"),
            "{p}"
        );
    }
}
