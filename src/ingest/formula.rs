//! Text cells of CSV that a spreadsheet would run as a formula, and the
//! apostrophe that stops it, put on by every CSV waymark writes and taken
//! off by CSV import, so a note survives `export` then `import` exactly.
//!
//! A cell starting with `=`, `+`, `-`, `@`, tab or CR is written with a
//! leading `'` (what spreadsheets themselves use to mark text). So that the
//! apostrophe can be taken off again without guessing, a text that already
//! starts with `'` followed by one of those characters or by another `'`
//! gets one more. Import takes one `'` off exactly those cells: a note such
//! as `'90s figures`, which no export would have prefixed, stays as it is.

use std::borrow::Cow;

fn runs_as_formula(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// Whether `text`, read from a CSV cell, carries the apostrophe [`defuse`] adds.
fn defused(text: &str) -> bool {
    text.strip_prefix('\'')
        .is_some_and(|rest| runs_as_formula(rest) || rest.starts_with('\''))
}

/// `text` as a CSV cell a spreadsheet shows as text (see the module docs).
pub(crate) fn defuse(text: &str) -> Cow<'_, str> {
    if runs_as_formula(text) || defused(text) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// The text of a CSV cell [`defuse`] wrote: its apostrophe taken off.
pub(crate) fn undefuse(cell: &str) -> &str {
    if defused(cell) { &cell[1..] } else { cell }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn formula_cells_get_an_apostrophe_and_import_takes_it_off() {
        for (text, cell) in [
            ("=1+1", "'=1+1"),
            ("-2", "'-2"),
            ("+x", "'+x"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tTab", "'\tTab"),
            ("'=1", "''=1"),
            ("''", "'''"),
            ("'90s figures", "'90s figures"),
            ("'", "'"),
            ("plain, with comma", "plain, with comma"),
            ("", ""),
        ] {
            assert_eq!(defuse(text), cell, "{text:?}");
            assert_eq!(undefuse(cell), text, "{cell:?}");
        }
    }

    proptest! {
        #[test]
        fn every_text_comes_back_and_no_cell_runs(text in "['=+@\\t\\r-]{0,3}.{0,6}") {
            let cell = defuse(&text);
            prop_assert!(!runs_as_formula(&cell));
            prop_assert_eq!(undefuse(&cell), text.as_str());
        }
    }
}
