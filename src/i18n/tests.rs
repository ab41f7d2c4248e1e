use super::*;
use crate::domain::{Frequency, Period};
use std::collections::BTreeSet;
use std::path::Path;

/// Every `t!(lang, "key"…)` key in the sources under `dir`.
fn keys_used(dir: &Path, out: &mut BTreeSet<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            keys_used(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            for (at, _) in text.match_indices("t!(") {
                let before = text[..at].chars().next_back();
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    continue; // assert!(, format!(…
                }
                // The key is the first string literal after the macro's first comma.
                let rest = &text[at + 3..];
                let Some(comma) = rest.find(',') else {
                    continue;
                };
                let after = rest[comma + 1..].trim_start();
                if let Some(lit) = after.strip_prefix('"')
                    && let Some(end) = lit.find('"')
                {
                    out.insert(lit[..end].to_string());
                }
            }
        }
    }
}

#[test]
fn both_catalogues_have_the_same_keys_and_every_key_the_code_uses() {
    let en: BTreeSet<String> = keys(SOURCES[0].1).into_iter().collect();
    let zh: BTreeSet<String> = keys(SOURCES[1].1).into_iter().collect();
    let only_en: Vec<_> = en.difference(&zh).collect();
    let only_zh: Vec<_> = zh.difference(&en).collect();
    assert!(
        only_en.is_empty(),
        "missing from locales/zh-CN.ftl: {only_en:?}"
    );
    assert!(
        only_zh.is_empty(),
        "missing from locales/en.ftl: {only_zh:?}"
    );

    let mut used = BTreeSet::new();
    keys_used(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut used,
    );
    used.remove("key"); // the macro's own documentation
    for s in Status::ALL {
        used.insert(format!("status-{}", s.as_str()));
    }
    for f in ["normal", "estimated", "provisional", "break"] {
        used.insert(format!("flag-{f}"));
    }
    for m in ["planned", "in_progress", "done", "dropped"] {
        used.insert(format!("milestone-{m}"));
    }
    let undefined: Vec<_> = used.difference(&en).collect();
    assert!(
        undefined.is_empty(),
        "used in code but in no catalogue: {undefined:?}"
    );
}

#[test]
fn every_message_parses_and_formats_without_errors_in_both_languages() {
    for (lang, source) in SOURCES {
        let resource = fluent_syntax::parser::parse(source);
        assert!(
            resource.is_ok(),
            "locales/{}.ftl: {:?}",
            lang.tag(),
            resource.err()
        );
        for key in keys(source) {
            let text = message(lang, &key, &[]);
            assert_ne!(text, key, "{}: {key}", lang.tag());
            assert!(!text.contains('\u{2068}'), "bidi isolation marks in {key}");
        }
    }
}

#[test]
fn status_words_differ_by_language() {
    assert_eq!(status(Lang::En, Status::OnTrack), "On track");
    assert_eq!(status(Lang::ZhCn, Status::OnTrack), "进展顺利");
    let zh: BTreeSet<String> = Status::ALL.iter().map(|s| status(Lang::ZhCn, *s)).collect();
    assert_eq!(zh.len(), Status::ALL.len(), "two statuses share a word");
    for s in Status::ALL {
        assert!(!status(Lang::ZhCn, s).is_ascii(), "{s:?} untranslated");
    }
}

#[test]
fn a_missing_key_shows_as_itself() {
    assert_eq!(message(Lang::ZhCn, "no-such-key", &[]), "no-such-key");
}

#[test]
fn numbers_are_grouped_and_rounded_to_the_indicator_decimals() {
    for lang in Lang::ALL {
        assert_eq!(number(lang, 1234567.891, 2), "1,234,567.89");
        assert_eq!(number(lang, -0.004, 2), "0.00");
        assert_eq!(number(lang, -1234.6, 0), "-1,235");
        assert_eq!(number(lang, 999.0, 1), "999.0");
        assert_eq!(number(lang, 1078.0, 0), "1,078");
        assert_eq!(number(lang, -1234.5, 1), "-1,234.5");
        assert_eq!(
            number(lang, 999_999_999_999_999.0, 0),
            "999,999,999,999,999"
        );
        assert_eq!(number(lang, -1.7e308, 2), "-1.7e308");
        assert_eq!(number(lang, f64::MAX, 2), "1.7976931348623157e308");
    }
}

#[test]
fn dates_and_periods_follow_the_language() {
    let d = chrono::NaiveDate::from_ymd_opt(2021, 6, 30).unwrap();
    assert_eq!(date(Lang::En, d), "2021-06-30");
    assert_eq!(date(Lang::ZhCn, d), "2021年6月30日");
    let p = |s: &str| s.parse::<Period>().unwrap();
    assert_eq!(period(Lang::En, p("2021-06")), "Jun 2021");
    assert_eq!(period(Lang::ZhCn, p("2021-06")), "2021年6月");
    assert_eq!(period(Lang::En, p("2021-Q2")), "2021 Q2");
    assert_eq!(period(Lang::ZhCn, p("2021-Q2")), "2021年第2季度");
    assert_eq!(period(Lang::ZhCn, p("2021")), "2021年");
    assert_eq!(p("2021").frequency(), Frequency::Annual);
}

#[test]
fn counts_take_the_languages_plural_forms() {
    assert_eq!(crate::t!(Lang::En, "goals-count", n = 1), "1 goal");
    assert_eq!(crate::t!(Lang::En, "goals-count", n = 19), "19 goals");
    assert_eq!(crate::t!(Lang::ZhCn, "goals-count", n = 19), "19 个目标");
}
