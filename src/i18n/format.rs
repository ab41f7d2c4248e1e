//! Numbers, dates and periods as each language writes them.
//!
//! Both languages group thousands with `,` and write the decimal point as
//! `.` (as Chinese official statistics do); they differ in dates and
//! periods: `2021-06-30` and `June 2021` against `2021年6月30日` and
//! `2021年6月`.

use crate::domain::{Frequency, Lang, Period};
use chrono::{Datelike, NaiveDate};

/// `1234567.891` with 2 decimals → `1,234,567.89`. From 10^15 on (no
/// plausible figure, but one a database can hold) in the shortest exact
/// scientific form, `1.7e308`, rather than hundreds of digits.
pub(crate) fn number(_lang: Lang, v: f64, decimals: u8) -> String {
    if !v.is_finite() || v.abs() >= 1e15 {
        return format!("{v:e}");
    }
    let s = format!("{:.*}", usize::from(decimals), v.abs());
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s.as_str(), None),
    };
    let mut out = String::with_capacity(s.len() + s.len() / 3 + 1);
    // "-0" after rounding reads as a sign error; only a non-zero result keeps its minus.
    if v < 0.0 && s.bytes().any(|b| (b'1'..=b'9').contains(&b)) {
        out.push('-');
    }
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// A calendar date: `2021-06-30` in English text, `2021年6月30日` in Chinese.
pub(crate) fn date(lang: Lang, d: NaiveDate) -> String {
    match lang {
        Lang::En => d.format("%Y-%m-%d").to_string(),
        Lang::ZhCn => format!("{}年{}月{}日", d.year(), d.month(), d.day()),
    }
}

/// A period for people: `2021`, `2021 Q2`, `Jun 2021` in English;
/// `2021年`, `2021年第2季度`, `2021年6月` in Chinese. (Files and the API keep
/// the period's code, `2021-06`.)
pub(crate) fn period(lang: Lang, p: Period) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (y, i) = (p.year(), p.index());
    match (lang, p.frequency()) {
        (Lang::En, Frequency::Annual) => y.to_string(),
        (Lang::En, Frequency::Quarterly) => format!("{y} Q{i}"),
        (Lang::En, Frequency::Monthly) => format!("{} {y}", MONTHS[usize::from(i) - 1]),
        (Lang::ZhCn, Frequency::Annual) => format!("{y}年"),
        (Lang::ZhCn, Frequency::Quarterly) => format!("{y}年第{i}季度"),
        (Lang::ZhCn, Frequency::Monthly) => format!("{y}年{i}月"),
    }
}
