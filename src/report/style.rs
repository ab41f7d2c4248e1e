//! Shared presentation: the status palette, text clean-up and number
//! formatting, so charts, page, digest and email say the same thing the same way.

use super::words::not_available;
use crate::domain::{Frequency, Indicator, Lang, Status};
use plotters::style::RGBColor;

/// One colour per status, from the Okabe–Ito palette (distinguishable with
/// the common colour-vision deficiencies). Colour is never the only cue: the
/// status is always written out too.
pub(crate) fn status_colour(s: Status) -> (u8, u8, u8) {
    match s {
        Status::TargetAchieved => (0, 114, 178),     // blue
        Status::OnTrack => (0, 158, 115),            // bluish green
        Status::NeedsAcceleration => (240, 228, 66), // yellow
        Status::LimitedProgress => (230, 159, 0),    // orange
        Status::Deterioration => (213, 94, 0),       // vermillion
        Status::TargetMissed => (204, 121, 167),     // reddish purple
        Status::Pending => (86, 180, 233),           // sky blue
        Status::NotAvailable => (153, 153, 153),     // grey
    }
}

pub(crate) fn rgb((r, g, b): (u8, u8, u8)) -> RGBColor {
    RGBColor(r, g, b)
}

/// `#rrggbb` for CSS.
pub(crate) fn css_hex((r, g, b): (u8, u8, u8)) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// Black or white, whichever reads better on the given background (WCAG
/// relative luminance; the yellow and sky blue need black, the blue white).
pub(crate) fn text_on((r, g, b): (u8, u8, u8)) -> (u8, u8, u8) {
    let lin = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let l = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    // Contrast with black (l+0.05)/0.05 vs with white 1.05/(l+0.05): equal at l ≈ 0.179.
    if l > 0.179 {
        (0, 0, 0)
    } else {
        (255, 255, 255)
    }
}

/// Statuses that put a goal on the "off track" list.
pub(crate) fn is_off_track(s: Status) -> bool {
    matches!(
        s,
        Status::NeedsAcceleration
            | Status::LimitedProgress
            | Status::Deterioration
            | Status::TargetMissed
    )
}

/// Text as user-supplied strings arrive (titles, region names) made safe to
/// draw and to put in XML: control characters dropped (XML 1.0 forbids most
/// of them and they have no glyph), line breaks and tabs turned into spaces,
/// the two non-characters XML forbids dropped. Escaping of `<>&"'` is left to
/// the SVG backend and maud, which do it.
pub(crate) fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\t' | '\n' | '\r' => out.push(' '),
            c if c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Shorten `text` with a trailing `…` until `fits` accepts it.
pub(crate) fn truncate_to(text: &str, fits: impl Fn(&str) -> bool) -> String {
    if fits(text) {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    // Binary search on the number of characters kept.
    let (mut lo, mut hi) = (0, chars.len());
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        let candidate: String = chars[..mid]
            .iter()
            .collect::<String>()
            .trim_end()
            .to_string()
            + "…";
        if fits(&candidate) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    chars[..lo]
        .iter()
        .collect::<String>()
        .trim_end()
        .to_string()
        + "…"
}

/// Whether a line may break before `c` and after `prev` without a space:
/// between ideographs (and other wide characters), but never before closing
/// punctuation nor after opening punctuation.
fn breaks_between(prev: char, c: char) -> bool {
    use unicode_width::UnicodeWidthChar;
    let wide = |c: char| c.width().unwrap_or(0) > 1;
    const NO_START: &str = "，。、；：！？）》」』】〕〉”’…·%,.;:!?)]}";
    const NO_END: &str = "（《「『【〔〈“‘([{";
    (wide(prev) || wide(c)) && !NO_START.contains(c) && !NO_END.contains(prev)
}

/// `text` in at most `max_lines` lines that each satisfy `fits`: broken at
/// spaces, or between wide characters (hanzi need no spaces); a word wider
/// than a line is broken where it must. Only text past the last line is
/// cut, with a trailing `…`.
pub(crate) fn wrap(text: &str, max_lines: usize, fits: impl Fn(&str) -> bool) -> Vec<String> {
    let mut lines = Vec::new();
    let mut rest = text.trim();
    while lines.len() + 1 < max_lines && !fits(rest) {
        let chars: Vec<(usize, char)> = rest.char_indices().collect();
        // Byte offsets where the line may end (the rest starts there).
        let breaks: Vec<usize> = chars
            .windows(2)
            .filter(|w| w[1].1 == ' ' || (w[0].1 != ' ' && breaks_between(w[0].1, w[1].1)))
            .map(|w| w[1].0)
            .collect();
        let longest = |cuts: &[usize]| cuts.iter().rev().copied().find(|&b| fits(&rest[..b]));
        let cut = longest(&breaks).or_else(|| {
            // One word wider than the line: break inside it.
            let all: Vec<usize> = chars.iter().skip(1).map(|(i, _)| *i).collect();
            longest(&all)
        });
        let Some(cut) = cut else { break };
        lines.push(rest[..cut].trim_end().to_string());
        rest = rest[cut..].trim_start();
    }
    if !rest.is_empty() || lines.is_empty() {
        lines.push(truncate_to(rest, &fits));
    }
    lines
}

/// A figure for people, grouped and rounded to the indicator's decimals
/// (see [`crate::i18n::number`]).
pub(crate) fn number(lang: Lang, v: f64, decimals: u8) -> String {
    crate::i18n::number(lang, v, decimals)
}

/// A value with the indicator's decimals and unit: `1,078 trains`, `12.5%`.
pub(crate) fn value(lang: Lang, v: f64, indicator: Option<&Indicator>) -> String {
    match indicator {
        Some(i) => with_unit(number(lang, v, i.decimals), i.unit.get(lang)),
        None => number(lang, v, 0),
    }
}

pub(crate) fn with_unit(n: String, unit: &str) -> String {
    let unit = clean(unit);
    match unit.as_str() {
        "" => n,
        "%" => n + "%",
        u => format!("{n} {u}"),
    }
}

/// A change as a signed percentage: `0.128395` → `+12.8%`.
pub(crate) fn percent_change(lang: Lang, r: f64) -> String {
    let p = r * 100.0;
    let body = number(lang, p, 1);
    if body.starts_with('-') || body.trim_start_matches(['0', '.']).is_empty() {
        format!("{body}%")
    } else {
        format!("+{body}%")
    }
}

pub(crate) fn ratio(lang: Lang, r: Option<f64>) -> String {
    r.map_or_else(|| not_available(lang), |r| number(lang, r, 2))
}

pub(crate) fn score(lang: Lang, s: Option<f64>) -> String {
    s.map_or_else(|| not_available(lang), |s| number(lang, s, 1))
}

/// "month", "quarter", "year": the sub-period a frequency counts in, as
/// the catalogue's messages select their words by.
pub(crate) fn sub_period(f: Frequency) -> &'static str {
    match f {
        Frequency::Monthly => "month",
        Frequency::Quarterly => "quarter",
        Frequency::Annual => "year",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_carry_their_sign() {
        for lang in Lang::ALL {
            assert_eq!(percent_change(lang, 0.128395), "+12.8%");
            assert_eq!(percent_change(lang, -0.05), "-5.0%");
            assert_eq!(percent_change(lang, 0.0), "0.0%");
        }
    }

    #[test]
    fn control_characters_are_dropped_and_line_breaks_become_spaces() {
        assert_eq!(clean("a\u{7}b\u{1b}[31mc\nd"), "ab[31mc d");
        assert_eq!(clean("<b> & \"q\" 'x' العربية"), "<b> & \"q\" 'x' العربية");
    }

    #[test]
    fn truncation_keeps_as_much_as_fits_and_marks_the_cut() {
        let t = truncate_to("abcdefghij", |s| s.chars().count() <= 5);
        assert_eq!(t, "abcd…");
        assert_eq!(truncate_to("abc", |s| s.len() <= 5), "abc");
    }

    #[test]
    fn titles_wrap_at_spaces_or_between_hanzi_and_are_cut_only_past_the_last_line() {
        let fits = |s: &str| s.chars().count() <= 12;
        assert_eq!(
            wrap("China-Europe trains up more than 10%", 2, fits),
            ["China-Europe", "trains up m…"]
        );
        assert_eq!(wrap("short", 2, fits), ["short"]);
        assert_eq!(
            wrap("one two three four", 3, fits),
            ["one two", "three four"]
        );
        let cjk = |s: &str| s.chars().count() <= 6;
        // No line starts with a comma; nothing is lost before the last line.
        assert_eq!(
            wrap("辽宁中欧班列，开行量增长百分之十以上", 2, cjk),
            ["辽宁中欧班", "列，开行量…"]
        );
        assert_eq!(
            wrap("Supercalifragilistic", 2, fits),
            ["Supercalifra", "gilistic"]
        );
    }

    #[test]
    fn every_status_has_its_own_colour() {
        let mut colours: Vec<_> = Status::ALL.iter().map(|s| status_colour(*s)).collect();
        colours.sort();
        colours.dedup();
        assert_eq!(colours.len(), Status::ALL.len());
        assert_eq!(text_on(status_colour(Status::NeedsAcceleration)), (0, 0, 0));
        assert_eq!(
            text_on(status_colour(Status::TargetAchieved)),
            (255, 255, 255)
        );
    }
}
