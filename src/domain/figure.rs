//! A figure as every part of waymark passes it around (validated, ready to
//! record), its value and basis as operators give them, and milestone states.

use super::catalogue::Slug;
use super::echo::{ECHO_CHARS, echo};
use super::flag::Flag;
use super::invalid::Invalid;
use super::period::Period;
use super::rules::MAX_MAGNITUDE;
use std::fmt;
use std::str::FromStr;

/// One figure of a series: a value for one period, with its own status and
/// note. Who recorded it and how travel beside it, once per write
/// ([`super::Provenance`]). An import may hold a million of these: the ids
/// share the catalogue's text, so a figure is a few dozen bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub(crate) region: Slug,
    pub(crate) indicator: Slug,
    /// The period the value measures.
    pub period: Period,
    /// The value as given: a year-to-date total when `basis` is `Ytd`.
    pub(crate) value: f64,
    pub(crate) basis: Basis,
    /// The observation status, when one was given.
    pub flag: Option<Flag>,
    pub(crate) note: Option<Box<str>>,
    /// Where it was given, for messages: CSV line, sheet row or list index.
    pub(crate) line: u64,
}

impl Figure {
    /// `value` as the amount of `period`, with no flag or note.
    pub fn new(region: Slug, indicator: Slug, period: Period, value: f64) -> Figure {
        Figure {
            region,
            indicator,
            period,
            value,
            basis: Basis::Period,
            flag: None,
            note: None,
            line: 0,
        }
    }

    /// The series (region, indicator) it belongs to.
    pub(crate) fn series(&self) -> (&str, &str) {
        (self.region.as_str(), self.indicator.as_str())
    }

    /// The series and period it is for: one figure per key is current.
    pub(crate) fn key(&self) -> (&str, &str, Period) {
        (self.region.as_str(), self.indicator.as_str(), self.period)
    }

    /// Whether recording it over a current figure with this value, basis
    /// and flag changes nothing. A different flag alone is a change: a
    /// provisional figure confirmed as final is news.
    pub(crate) fn same_as(&self, value: f64, basis: Basis, flag: Option<Flag>) -> bool {
        self.value == value && self.basis == basis && self.flag == flag
    }
}

/// How a figure was given: the amount of its own period, or the total of the
/// year so far (flow indicators only; docs/progress.md "Series").
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Basis {
    /// The value of the period alone.
    #[default]
    Period,
    /// The year-to-date total up to the period's end.
    Ytd,
}

impl Basis {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Basis::Period => "period",
            Basis::Ytd => "ytd",
        }
    }
}

impl FromStr for Basis {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Invalid> {
        match s {
            "" | "period" => Ok(Basis::Period),
            "ytd" => Ok(Basis::Ytd),
            other => Err(Invalid::new(
                "bad_basis",
                format!("invalid basis {} (expected period or ytd)", echo(other)),
            )),
        }
    }
}

impl fmt::Display for Basis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Parse a figure's value: a plain decimal number (`12406`, `-3.5`, `1.2e3`)
/// within ±[`MAX_MAGNITUDE`]. Thousands separators, `NaN` and infinities are
/// rejected with a hint; the value is echoed cut short (see [`echo`]).
/// Codes: `missing`, `thousands_separator`, `out_of_range`, `not_finite`,
/// `not_a_number`.
pub(crate) fn parse_value(text: &str) -> Result<f64, Invalid> {
    let t = text.trim();
    if t.is_empty() {
        return Err(Invalid::new("missing", "missing value"));
    }
    let shown = echo(text);
    if t.contains(',') {
        let plain = t.replace(',', "");
        // Only a short value is worth spelling out again.
        let hint = if plain.chars().count() <= ECHO_CHARS {
            format!(": write {plain}")
        } else {
            String::new()
        };
        return Err(Invalid::new(
            "thousands_separator",
            format!("invalid number {shown} (no thousands separators{hint})"),
        ));
    }
    let plain = t
        .bytes()
        .all(|c| c.is_ascii_digit() || matches!(c, b'.' | b'-' | b'+' | b'e' | b'E'));
    let parsed = if plain { t.parse::<f64>().ok() } else { None };
    match parsed {
        Some(v) if v.abs() <= MAX_MAGNITUDE => Ok(v),
        // Also `1e400`, which parses as infinity.
        Some(_) => Err(Invalid::new(
            "out_of_range",
            format!(
                "invalid number {shown} (out of range: a figure must lie between -1e15 and 1e15)"
            ),
        )),
        None if t.eq_ignore_ascii_case("nan") || t.to_ascii_lowercase().contains("inf") => {
            Err(Invalid::new(
                "not_finite",
                format!("invalid number {shown} (must be a finite number)"),
            ))
        }
        None => Err(Invalid::new(
            "not_a_number",
            format!(
                "invalid number {shown} (expected a plain decimal number such as 12406 or -3.5)"
            ),
        )),
    }
}

/// A milestone's state, set by operators (`waymark milestone GOAL STATE`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum MilestoneState {
    /// Not started.
    #[default]
    Planned,
    /// Under way.
    InProgress,
    /// Achieved.
    Done,
    /// Abandoned.
    Dropped,
}

impl MilestoneState {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            MilestoneState::Planned => "planned",
            MilestoneState::InProgress => "in_progress",
            MilestoneState::Done => "done",
            MilestoneState::Dropped => "dropped",
        }
    }
}

impl FromStr for MilestoneState {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Invalid> {
        match s {
            "planned" => Ok(MilestoneState::Planned),
            "in_progress" | "in-progress" => Ok(MilestoneState::InProgress),
            "done" => Ok(MilestoneState::Done),
            "dropped" => Ok(MilestoneState::Dropped),
            other => Err(Invalid::new(
                "bad_milestone_state",
                format!(
                    "invalid milestone state {other:?} (expected planned, in_progress, done or dropped)"
                ),
            )),
        }
    }
}

impl fmt::Display for MilestoneState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_plain_decimals() {
        assert_eq!(parse_value("12406"), Ok(12406.0));
        assert_eq!(parse_value("-3.5"), Ok(-3.5));
        assert_eq!(parse_value("1.2e3"), Ok(1200.0));
        assert!(
            parse_value("12,406")
                .unwrap_err()
                .message
                .contains("no thousands separators")
        );
        assert!(parse_value("NaN").unwrap_err().message.contains("finite"));
        assert!(parse_value("inf").unwrap_err().message.contains("finite"));
        assert!(
            parse_value("-Infinity")
                .unwrap_err()
                .message
                .contains("finite")
        );
        assert!(
            parse_value("1e999")
                .unwrap_err()
                .message
                .contains("out of range")
        );
        assert_eq!(parse_value("1e15"), Ok(1e15));
        assert_eq!(parse_value("-1e15"), Ok(-1e15));
        for beyond in [
            "1.7e308",
            "-1.7e308",
            "1e400",
            "1000000000000001",
            "-1.0000001e15",
        ] {
            let e = parse_value(beyond).unwrap_err().message;
            assert!(
                e.contains(&format!("{beyond:?}")) && e.contains("out of range"),
                "{e}"
            );
        }
        assert!(parse_value("").unwrap_err().message.contains("missing"));
        assert!(parse_value("12 406").is_err());
        assert!(parse_value("0x10").is_err());
    }

    #[test]
    fn a_huge_value_is_echoed_cut_short() {
        for huge in ["7".repeat(1 << 20) + "x", "1,".repeat(1 << 19)] {
            let e = parse_value(&huge).unwrap_err().message;
            assert!(e.len() < 200, "{} bytes: {}", e.len(), &e[..200]);
            assert!(e.contains(" characters)"), "{e}");
        }
    }
}
