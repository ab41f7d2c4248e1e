//! Tests of the rendered outputs (charts, page, digest, email, the report
//! directory), on the hand-built views in `fixtures.rs`.

mod charts;
mod chinese;
mod extremes;
mod glyphs;
mod model;
mod outputs;
mod readable;
mod stale;
mod writing;

use quick_xml::events::Event;

/// Panics unless `xml` is well-formed XML 1.0: only allowed characters, one
/// root, balanced tags, attributes and entity references that parse.
pub(crate) fn assert_well_formed(xml: &str) {
    let bad = xml.chars().find(|c| {
        (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
    });
    assert_eq!(bad, None, "character not allowed in XML");
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    let (mut depth, mut roots) = (0usize, 0usize);
    loop {
        let event = reader
            .read_event()
            .unwrap_or_else(|e| panic!("not well-formed at byte {}: {e}", reader.error_position()));
        match event {
            Event::Eof => break,
            Event::Start(ref e) | Event::Empty(ref e) if depth == 0 && roots > 0 => {
                panic!(
                    "second root element <{}>",
                    String::from_utf8_lossy(e.name().as_ref())
                )
            }
            Event::Start(ref e) | Event::Empty(ref e) => {
                for attr in e.attributes() {
                    let attr = attr.expect("attribute parses");
                    attr.unescape_value().expect("attribute value unescapes");
                }
                if depth == 0 {
                    roots += 1;
                }
                if matches!(event, Event::Start(_)) {
                    depth += 1;
                }
            }
            Event::End(_) => depth -= 1,
            Event::GeneralRef(r) => {
                let known = ["lt", "gt", "amp", "quot", "apos"];
                let name = r.decode().expect("utf-8");
                assert!(
                    known.contains(&name.as_ref())
                        || r.resolve_char_ref().expect("char ref").is_some(),
                    "unknown entity &{name};"
                );
            }
            Event::Text(t) => {
                t.decode().expect("utf-8 text");
            }
            _ => {}
        }
    }
    assert_eq!(depth, 0, "unclosed elements");
    assert_eq!(roots, 1, "exactly one root element");
}
