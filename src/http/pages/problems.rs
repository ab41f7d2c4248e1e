//! What the entry page says about figures it could not record, or recorded
//! with a doubt, in the reader's language: the structure (line, field,
//! the text as given) comes from the typed problem, the words from the
//! catalogue, one message per problem code.

use super::words;
use crate::domain::Lang;
use crate::http::error::FieldError;
use crate::record::{FigureWarning, Warnings};
use crate::{i18n, t};

/// A problem in words; `pasted` when it is about a pasted CSV, whose line
/// is then named (the form's own fields need none).
pub(crate) fn problem(lang: Lang, e: &FieldError, pasted: bool) -> String {
    let line = e.index.filter(|_| pasted).map(|i| i as u64);
    if e.code == "more" {
        // The count left out is the summary's value.
        let n = e.value.as_deref().and_then(|v| v.parse::<u64>().ok());
        return at_line(
            lang,
            line,
            t!(lang, "page-problem-more", n = n.unwrap_or(0)),
        );
    }
    let words = code_words(lang, e.code, e.expected.as_deref());
    let text = match (e.field.as_deref(), e.value.as_deref()) {
        (Some(field), Some(value)) => t!(
            lang,
            "page-problem-field-value",
            field = words::field(lang, field),
            value = shown(value),
            words = words
        ),
        (Some(field), None) => t!(
            lang,
            "page-problem-field",
            field = words::field(lang, field),
            words = words
        ),
        (None, Some(value)) => t!(
            lang,
            "page-problem-value",
            value = shown(value),
            words = words
        ),
        (None, None) => words,
    };
    at_line(lang, line, text)
}

/// The text as given, with what would not show (line breaks, control
/// characters) written as escapes, so the reader sees where it is.
fn shown(value: &str) -> String {
    value
        .chars()
        .map(|c| {
            if c.is_control() {
                c.escape_debug().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// What a problem code means, in words, with what would do instead where
/// the problem says it. A code the page never meets in practice (a
/// source's own) still reads as a problem with the entry.
fn code_words(lang: Lang, code: &str, expected: Option<&str>) -> String {
    // A bound is a number: written as the language writes numbers.
    let bound = || match expected.map(|e| (e, e.parse::<f64>())) {
        Some((_, Ok(v))) => figure(lang, v),
        Some((e, Err(_))) => e.to_string(),
        None => "–".into(),
    };
    match (code, expected) {
        ("unknown_region", Some(s)) => {
            t!(lang, "page-problem-unknown_region-suggest", expected = s)
        }
        ("unknown_indicator", Some(s)) => {
            t!(lang, "page-problem-unknown_indicator-suggest", expected = s)
        }
        ("wrong_frequency", Some(s)) => t!(lang, "page-problem-wrong_frequency", expected = s),
        ("rule_min", _) => t!(lang, "page-problem-rule_min", expected = bound()),
        ("rule_max", _) => t!(lang, "page-problem-rule_max", expected = bound()),
        _ => plain_words(lang, code),
    }
}

/// What a problem code means when nothing more is known.
fn plain_words(lang: Lang, code: &str) -> String {
    match code {
        "missing" => t!(lang, "page-problem-missing"),
        "unknown_region" => t!(lang, "page-problem-unknown_region"),
        "unknown_indicator" => t!(lang, "page-problem-unknown_indicator"),
        "bad_period" => t!(lang, "page-problem-bad_period"),
        "wrong_frequency" => t!(lang, "page-problem-wrong_frequency-plain"),
        "not_a_number" => t!(lang, "page-problem-not_a_number"),
        "thousands_separator" => t!(lang, "page-problem-thousands_separator"),
        "not_finite" => t!(lang, "page-problem-not_finite"),
        "out_of_range" => t!(lang, "page-problem-out_of_range"),
        "bad_basis" => t!(lang, "page-problem-bad_basis"),
        "ytd_on_level" => t!(lang, "page-problem-ytd_on_level"),
        "bad_flag" => t!(lang, "page-problem-bad_flag"),
        "rule_integer" => t!(lang, "page-problem-rule_integer"),
        "rule_future" => t!(lang, "page-problem-rule_future"),
        "multiline" => t!(lang, "page-problem-multiline"),
        "control_character" => t!(lang, "page-problem-control_character"),
        "too_long" => t!(lang, "page-problem-too_long"),
        "conflict" => t!(lang, "page-problem-conflict"),
        "ytd_falls" => t!(lang, "page-problem-ytd_falls"),
        "empty" => t!(lang, "page-problem-empty"),
        "missing_header" => t!(lang, "page-problem-missing_header"),
        "missing_column" => t!(lang, "page-problem-missing_column"),
        "unknown_column" => t!(lang, "page-problem-unknown_column"),
        "duplicate_column" => t!(lang, "page-problem-duplicate_column"),
        "unnamed_column" => t!(lang, "page-problem-unnamed_column"),
        "field_count" => t!(lang, "page-problem-field_count"),
        "unclosed_quote" => t!(lang, "page-problem-unclosed_quote"),
        "row_too_long" => t!(lang, "page-problem-row_too_long"),
        "too_many_rows" => t!(lang, "page-problem-too_many_rows"),
        "not_utf8" => t!(lang, "page-problem-not_utf8"),
        _ => t!(lang, "page-problem-other"),
    }
}

/// A figure recorded but worth a second look, in words; `pasted` when it
/// came from a pasted CSV, whose line is then named.
pub(crate) fn suspect(lang: Lang, w: &FigureWarning, pasted: bool) -> String {
    let text = t!(
        lang,
        "page-enter-suspect",
        field = words::field(lang, w.column),
        value = figure(lang, w.value)
    );
    at_line(lang, pasted.then_some(w.line), text)
}

/// `text` at line `line` of a pasted CSV, if it is about one.
fn at_line(lang: Lang, line: Option<u64>, text: String) -> String {
    match line {
        Some(n) => t!(lang, "page-problem-line", line = n, problem = text),
        None => text,
    }
}

/// A figure as stored, every digit kept, grouped as the language writes
/// numbers.
fn figure(lang: Lang, v: f64) -> String {
    // The shortest text that reads back as `v` has just the decimals it needs.
    let decimals = v.to_string().split_once('.').map_or(0, |(_, f)| f.len());
    i18n::number(lang, v, u8::try_from(decimals).unwrap_or(u8::MAX))
}

/// The count of suspect figures left unnamed, if any.
pub(crate) fn suspects_more(lang: Lang, w: &Warnings) -> Option<String> {
    (w.more > 0).then(|| t!(lang, "page-enter-suspects-more", n = w.more))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(field: Option<&str>, code: &'static str, value: Option<&str>) -> FieldError {
        FieldError {
            index: Some(3),
            field: field.map(String::from),
            code,
            message: "the import's own words".into(),
            value: value.map(String::from),
            expected: None,
        }
    }

    #[test]
    fn the_words_come_from_the_catalogue_and_the_value_as_given() {
        let e = error(Some("value"), "not_a_number", Some("12x"));
        assert_eq!(
            problem(Lang::ZhCn, &e, true),
            "第 3 行：数值“12x”：不是有效的数字（应写成 12406 或 -3.5 这样的数）"
        );
        assert_eq!(
            problem(Lang::En, &e, false),
            "Value \"12x\": not a number (write a plain decimal such as 12406 or -3.5)"
        );
        let e = error(None, "unknown_column", Some("valeu"));
        assert_eq!(problem(Lang::ZhCn, &e, true), "第 3 行：未知的列：“valeu”");
        let e = error(Some("period"), "missing", None);
        assert_eq!(problem(Lang::ZhCn, &e, false), "期间：未填写");
    }

    #[test]
    fn control_characters_in_a_value_show_as_escapes() {
        let e = error(Some("note"), "control_character", Some("a\u{7}b\nc"));
        let text = problem(Lang::En, &e, false);
        assert!(text.contains("\"a\\u{7}b\\nc\""), "{text}");
    }

    #[test]
    fn a_code_without_words_of_its_own_still_reads_as_a_problem() {
        let e = error(Some("OBS_STATUS"), "unknown_code", Some("Q"));
        assert_eq!(
            problem(Lang::ZhCn, &e, false),
            "OBS_STATUS“Q”：无法记录此项"
        );
    }
}
