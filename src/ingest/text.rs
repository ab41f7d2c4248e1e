//! What a field's text may hold: every field but the note is one line
//! without control characters; a note may span lines but is bounded.
//!
//! These rules sit in the [`super::Validator`], so a CSV row, a sheet cell,
//! a JSON body, `record` and a pulled figure all obey them. In CSV they also
//! catch a quote left open mid-file: the rows it swallows end up inside a
//! field as line breaks.

use crate::domain::Invalid;
use crate::domain::echo::echo;

/// The longest note, in characters: a remark on a figure, not a document.
pub(crate) const MAX_NOTE_CHARS: usize = 2_000;

/// An error when `text` (a region, indicator, period, value or basis)
/// spans lines (code `multiline`) or holds a control character other than
/// tab (`control_character`). A trailing carriage return is the end of a
/// CRLF line, not part of the field.
pub(super) fn one_line(text: &str) -> Result<(), Invalid> {
    let trimmed = text.trim();
    if text.contains('\n') || trimmed.contains('\r') {
        return Err(Invalid::new(
            "multiline",
            format!(
                "{} spans lines; only a note may hold line breaks (is a quote left open?)",
                echo(text)
            ),
        ));
    }
    match control(trimmed, |_, _| false) {
        Some((at, c)) => Err(control_message(trimmed, at, c, "")),
        None => Ok(()),
    }
}

/// An error when a note (trimmed) is over [`MAX_NOTE_CHARS`] (code
/// `too_long`) or holds a control character other than line break and tab
/// (`control_character`).
pub(super) fn note(note: &str) -> Result<(), Invalid> {
    if note.chars().nth(MAX_NOTE_CHARS).is_some() {
        // Past ECHO_CHARS, so the echo gives the length too.
        return Err(Invalid::new(
            "too_long",
            format!(
                "too long (at most {MAX_NOTE_CHARS} characters): {}",
                echo(note)
            ),
        ));
    }
    // A CR before LF is the line end of a CRLF file.
    let allowed = |c: char, next: Option<char>| c == '\n' || (c == '\r' && next == Some('\n'));
    match control(note, allowed) {
        Some((at, c)) => Err(control_message(
            note,
            at,
            c,
            "; a note may hold line breaks and tabs",
        )),
        None => Ok(()),
    }
}

/// The first control character other than tab that `allowed` does not
/// excuse, with its position in characters from 1.
fn control(text: &str, allowed: impl Fn(char, Option<char>) -> bool) -> Option<(usize, char)> {
    let mut chars = text.chars().peekable();
    let mut at = 0;
    while let Some(c) = chars.next() {
        at += 1;
        if c.is_control() && c != '\t' && !allowed(c, chars.peek().copied()) {
            return Some((at, c));
        }
    }
    None
}

fn control_message(text: &str, at: usize, c: char, hint: &str) -> Invalid {
    Invalid::new(
        "control_character",
        format!(
            "{} holds the control character U+{:04X} at character {at}{hint}",
            echo(text),
            u32::from(c)
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_one_line_without_control_characters() {
        assert_eq!(one_line(" guizhou\r"), Ok(()));
        assert_eq!(one_line("a\tb"), Ok(()));
        let e = one_line("2021-01,10,\"customs\nguizhou")
            .unwrap_err()
            .message;
        assert!(
            e.starts_with("\"2021-01,10,\\\"customs\\nguizhou\" spans lines"),
            "{e}"
        );
        assert!(
            one_line("guizhou\n")
                .unwrap_err()
                .message
                .contains("spans lines")
        );
        assert!(
            one_line("a\rb")
                .unwrap_err()
                .message
                .contains("spans lines")
        );
        assert_eq!(
            one_line("gui\u{7}zhou").unwrap_err().message,
            "\"gui\\u{7}zhou\" holds the control character U+0007 at character 4"
        );
        assert!(one_line("a\u{85}b").unwrap_err().message.contains("U+0085"));
        let codes = ["a\nb", "a\u{7}b"].map(|t| one_line(t).unwrap_err().code);
        assert_eq!(codes, ["multiline", "control_character"]);
    }

    #[test]
    fn notes_are_bounded_and_may_span_lines() {
        assert_eq!(note("first line\nsecond\r\nthird\twith tab"), Ok(()));
        assert_eq!(note(&"长".repeat(MAX_NOTE_CHARS)), Ok(()));
        let e = note(&"长".repeat(MAX_NOTE_CHARS + 1)).unwrap_err().message;
        assert!(
            e.starts_with("too long (at most 2000 characters): \"长长")
                && e.ends_with("(2001 characters)"),
            "{e}"
        );
        assert!(e.len() < 400, "{e}");
        let e = note("ok\rnot ok").unwrap_err().message;
        assert!(e.contains("U+000D at character 3"), "{e}");
        assert!(
            note("a\0b")
                .unwrap_err()
                .message
                .contains("U+0000 at character 2")
        );
        let codes =
            [note(&"x".repeat(MAX_NOTE_CHARS + 1)), note("a\0b")].map(|r| r.unwrap_err().code);
        assert_eq!(codes, ["too_long", "control_character"]);
    }
}
