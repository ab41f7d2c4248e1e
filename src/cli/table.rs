//! Plain aligned text tables for people reading a terminal. Widths are
//! display columns, not characters: a Chinese character (East Asian wide)
//! takes two columns, so rows of mixed Chinese and Latin text line up.

use unicode_width::UnicodeWidthChar;

/// How many terminal columns `text` takes (control characters none;
/// [`clean`] them first).
pub(crate) fn width(text: &str) -> usize {
    text.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// Render rows as columns separated by two spaces; numbers are right-aligned
/// when `right[i]` is set.
pub(crate) fn render(header: &[&str], rows: &[Vec<String>], right: &[bool]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(width(cell));
        }
    }
    let mut out = String::new();
    let mut line = |cells: &mut dyn Iterator<Item = &str>| {
        let mut text = String::new();
        for (i, cell) in cells.enumerate() {
            let pad = widths[i].saturating_sub(width(cell));
            if i > 0 {
                text.push_str("  ");
            }
            if right.get(i).copied().unwrap_or(false) {
                text.push_str(&" ".repeat(pad));
                text.push_str(cell);
            } else {
                text.push_str(cell);
                text.push_str(&" ".repeat(pad));
            }
        }
        out.push_str(text.trim_end());
        out.push('\n');
    };
    line(&mut header.iter().copied());
    for row in rows {
        line(&mut row.iter().map(String::as_str));
    }
    out
}

/// Strip control characters so user text cannot move the cursor or recolour a terminal.
pub(crate) fn clean(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// A text cell for CSV that a spreadsheet will not run as a formula
/// (crate::ingest::formula): the same guard `export` writes and `import` reads.
pub(crate) fn csv_text(text: &str) -> String {
    crate::ingest::defuse(text).into_owned()
}

/// At most `max` display columns, ending in "…" when cut. A wide character
/// that would straddle the limit is left out whole, never split.
pub(crate) fn truncate(text: &str, max: usize) -> String {
    if width(text) <= max {
        return text.to_string();
    }
    let room = max.saturating_sub(1); // "…" takes one column
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > room {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn wide_characters_count_two_columns() {
        assert_eq!(width("Liaoning"), 8);
        assert_eq!(width("辽宁"), 4);
        assert_eq!(width("中欧班列 trains，"), 17);
    }

    #[test]
    fn mixed_rows_line_up_at_the_same_display_column() {
        let rows = vec![
            vec!["辽宁".to_string(), "On track".to_string()],
            vec!["Liaoning".to_string(), "需加快".to_string()],
            vec!["贵州 Guizhou".to_string(), "x".to_string()],
        ];
        let text = render(&["region", "status"], &rows, &[false, false]);
        let starts: Vec<usize> = text
            .lines()
            .map(|l| {
                let cell = &rows_cell(l);
                width(&l[..l.find(cell.as_str()).unwrap()])
            })
            .collect();
        assert!(starts.windows(2).all(|w| w[0] == w[1]), "{text}");

        fn rows_cell(line: &str) -> String {
            line.rsplit("  ").next().unwrap().trim().to_string()
        }
    }

    #[test]
    fn a_cut_ends_at_a_column_boundary_with_an_ellipsis() {
        assert_eq!(truncate("中欧班列开行量增长", 7), "中欧班…");
        assert_eq!(truncate("中欧班列开行量增长", 8), "中欧班…");
        assert_eq!(truncate("ab中欧", 4), "ab…");
        assert_eq!(truncate("short", 9), "short");
    }

    proptest! {
        #[test]
        fn a_cut_text_never_exceeds_its_columns(text in "[a-z中欧班列，。 ]{0,40}", max in 1usize..30) {
            let cut = truncate(&text, max);
            prop_assert!(width(&cut) <= max, "{cut:?} is {} columns", width(&cut));
            if width(&text) <= max {
                prop_assert_eq!(cut, text);
            } else {
                prop_assert!(cut.ends_with('…'));
                prop_assert!(text.starts_with(cut.trim_end_matches('…')));
            }
        }
    }
}
