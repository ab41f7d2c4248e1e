//! Limits on one XML part of a workbook, checked by parsing it once, as it
//! is decompressed, with the XML reader and settings calamine uses; calamine
//! then reads the part only if it passed (see `xlsx_zip`).
//!
//! calamine holds what it reads in memory: every shared string, a cell's
//! text however many runs it is split into, and each XML event whole in a
//! buffer. So the part's unpacked size, each event, each cell and each
//! shared string, and the number of cells and shared strings are bounded
//! here, and a part that passes costs calamine bounded memory.

use quick_xml_calamine::Reader;
use quick_xml_calamine::events::Event;
use std::io::{self, BufReader, Read};

/// Why a workbook is refused before calamine reads (more of) it: the limit
/// it is over, in words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub(crate) struct Refused(pub String);

/// The longest XML event (a tag, a text), and the most XML one cell or one
/// shared string may span: a cell of Excel's 32,767 characters, every one
/// escaped, still fits.
pub(crate) const MAX_ELEMENT_BYTES: u64 = 256 * 1024;
/// Cells in a sheet: a full-height sheet (1,048,576 rows) of 8 columns.
pub(crate) const MAX_CELLS: u64 = 8 * 1_048_576;
/// Shared strings, as counted and as declared (calamine reserves room for
/// the declared number before reading any).
pub(crate) const MAX_SHARED_STRINGS: u64 = 1_048_576;

/// Slack for what the buffered reader under the XML parser read ahead.
const READ_AHEAD: usize = 8 * 1024;

/// Check one part, reading at most `max_bytes` of it and `max_elements`
/// start tags (calamine keeps an object for many of them: a style, a font);
/// the number of bytes it unpacked to, or why it is refused. A part that is
/// not well-formed is checked as far as it parses: calamine stops at the
/// same place.
pub(crate) fn check_part(
    part: impl Read,
    max_bytes: u64,
    max_elements: u64,
) -> Result<u64, Refused> {
    let budget = Budget {
        inner: part,
        total: 0,
        max_total: max_bytes,
        span: 0,
        over: None,
    };
    let mut xml = Reader::from_reader(BufReader::with_capacity(READ_AHEAD, budget));
    let config = xml.config_mut();
    // As calamine's `xml_reader` sets them, so events split the same way.
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;

    let (mut elements, mut cells, mut strings) = (0u64, 0u64, 0u64);
    // Inside a cell or shared string, whose whole XML counts as one span.
    let mut inside: Option<&'static str> = None;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let event = match xml.read_event_into(&mut buf) {
            Ok(event) => event,
            Err(_) => {
                let budget = xml.get_ref().get_ref();
                return match budget.over {
                    Some(over) => Err(Refused(over.message(max_bytes))),
                    None => Ok(budget.total),
                };
            }
        };
        match &event {
            Event::Eof => return Ok(xml.get_ref().get_ref().total),
            Event::Start(_) if elements == max_elements => {
                return Err(Refused(format!("more than {max_elements} XML elements")));
            }
            Event::Start(e) => match e.local_name().as_ref() {
                "c" => {
                    cells += 1;
                    if cells > MAX_CELLS {
                        return Err(Refused(format!("more than {MAX_CELLS} cells in a sheet")));
                    }
                    inside = Some("c");
                }
                "si" => {
                    strings += 1;
                    if strings > MAX_SHARED_STRINGS {
                        return Err(Refused(format!(
                            "more than {MAX_SHARED_STRINGS} shared strings"
                        )));
                    }
                    inside = Some("si");
                }
                "sst" => {
                    let declared = declared_count(e.attributes_raw().as_bytes());
                    if declared > MAX_SHARED_STRINGS {
                        return Err(Refused(format!(
                            "the shared strings declare {declared} strings; at most \
                             {MAX_SHARED_STRINGS} are read"
                        )));
                    }
                }
                _ => {}
            },
            Event::End(e) if inside == Some(e.local_name().into_inner()) => inside = None,
            _ => {}
        }
        if let Event::Start(_) = event {
            elements += 1;
        }
        if inside.is_none() {
            xml.get_mut().get_mut().span = 0;
        }
    }
}

/// The largest number given as `uniqueCount="N"` in a start tag's
/// attributes; 0 if none. Read from the raw text, so no spelling calamine
/// would take slips past.
fn declared_count(attrs: &[u8]) -> u64 {
    const KEY: &[u8] = b"uniqueCount";
    let mut most = 0;
    let mut rest = attrs;
    while let Some(at) = rest.windows(KEY.len()).position(|w| w == KEY) {
        rest = &rest[at + KEY.len()..];
        let value = rest
            .iter()
            .skip_while(|b| b.is_ascii_whitespace() || matches!(b, b'=' | b'"' | b'\''))
            .take_while(|b| b.is_ascii_digit());
        let n = value.fold(0u64, |n, d| {
            n.saturating_mul(10).saturating_add(u64::from(d - b'0'))
        });
        most = most.max(n);
    }
    most
}

/// Which limit reading passed.
#[derive(Debug, Clone, Copy)]
enum Over {
    Size,
    Element,
}

impl Over {
    fn message(self, max_bytes: u64) -> String {
        match self {
            Over::Size => format!("it unpacks to more than {max_bytes} bytes"),
            Over::Element => format!(
                "an XML element, cell or shared string is longer than {MAX_ELEMENT_BYTES} bytes"
            ),
        }
    }
}

/// The decompressed bytes of a part, counted in all and since the last
/// point where the parser was between elements (`span`).
struct Budget<R> {
    inner: R,
    total: u64,
    max_total: u64,
    span: u64,
    over: Option<Over>,
}

impl<R: Read> Read for Budget<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.total += n as u64;
        self.span += n as u64;
        if self.total > self.max_total {
            self.over = Some(Over::Size);
        } else if self.span > MAX_ELEMENT_BYTES + READ_AHEAD as u64 {
            self.over = Some(Over::Element);
        }
        match self.over {
            Some(_) => Err(io::Error::other("over a workbook limit")),
            None => Ok(n),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(xml: &str) -> Result<u64, Refused> {
        check_part(xml.as_bytes(), 1 << 20, u64::MAX)
    }

    #[test]
    fn a_modest_part_passes_with_its_size() {
        let sst = r#"<sst uniqueCount="2"><si><t>a</t></si><si><r><t>b</t></r></si></sst>"#;
        assert_eq!(check(sst), Ok(sst.len() as u64));
        // Not well-formed: checked as far as it goes, like calamine reads it.
        assert_eq!(check("<a><b></a></c><!x"), Ok(17));
    }

    #[test]
    fn each_limit_is_enforced_while_reading() {
        let big = "<a/>".repeat(300_000);
        assert!(
            check(&big)
                .unwrap_err()
                .0
                .contains("unpacks to more than 1048576 bytes")
        );
        let text = format!("<v>{}</v>", "x".repeat(300 * 1024));
        assert!(
            check(&text)
                .unwrap_err()
                .0
                .contains("longer than 262144 bytes")
        );
        // Many small runs in one cell add up.
        let runs = format!(
            "<c t=\"inlineStr\"><is>{}</is></c>",
            "<r><t>xx</t></r>".repeat(20_000)
        );
        assert!(check(&runs).unwrap_err().0.contains("longer than"));
        let elements = format!("<sst>{}</sst>", "<x/>".repeat(20_000));
        assert!(check(&elements).is_ok());
        let e = check_part(elements.as_bytes(), 1 << 20, 20_000).unwrap_err();
        assert_eq!(e.0, "more than 20000 XML elements");
        let declared = r#"<sst xmlns="x" count="1" uniqueCount = '100000000000'></sst>"#;
        assert!(
            check(declared)
                .unwrap_err()
                .0
                .contains("declare 100000000000 strings")
        );
    }

    #[test]
    fn cells_and_strings_are_counted() {
        assert_eq!(declared_count(b"count=\"7\" uniqueCount=\"5\""), 5);
        let many = "<c/>".repeat(MAX_CELLS as usize + 1);
        let e = check_part(many.as_bytes(), u64::MAX, u64::MAX).unwrap_err();
        assert_eq!(e.0, format!("more than {MAX_CELLS} cells in a sheet"));
    }
}
