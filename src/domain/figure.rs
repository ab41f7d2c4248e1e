//! A figure's value and basis as operators give them, and milestone states.

use std::fmt;
use std::str::FromStr;

/// How a figure was given: the amount of its own period, or the total of the
/// year so far (flow indicators only; spec/progress.md "Series").
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Basis {
    #[default]
    Period,
    Ytd,
}

impl Basis {
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::Period => "period",
            Basis::Ytd => "ytd",
        }
    }
}

impl FromStr for Basis {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "" | "period" => Ok(Basis::Period),
            "ytd" => Ok(Basis::Ytd),
            other => Err(format!("invalid basis {other:?} (expected period or ytd)")),
        }
    }
}

impl fmt::Display for Basis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Parse a figure's value: a plain decimal number (`12406`, `-3.5`, `1.2e3`).
/// Thousands separators, `NaN` and infinities are rejected with a hint.
pub fn parse_value(text: &str) -> Result<f64, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("missing value".into());
    }
    if t.contains(',') {
        return Err(format!(
            "invalid number {text:?} (no thousands separators: write {})",
            t.replace(',', "")
        ));
    }
    let plain = t
        .bytes()
        .all(|c| c.is_ascii_digit() || matches!(c, b'.' | b'-' | b'+' | b'e' | b'E'));
    let parsed = if plain { t.parse::<f64>().ok() } else { None };
    match parsed {
        Some(v) if v.is_finite() => Ok(v),
        Some(_) => Err(format!("invalid number {text:?} (too large)")),
        None if t.eq_ignore_ascii_case("nan") || t.to_ascii_lowercase().contains("inf") => {
            Err(format!("invalid number {text:?} (must be a finite number)"))
        }
        None => Err(format!(
            "invalid number {text:?} (expected a plain decimal number such as 12406 or -3.5)"
        )),
    }
}

/// A milestone's state, set by operators (`waymark milestone GOAL STATE`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum MilestoneState {
    #[default]
    Planned,
    InProgress,
    Done,
    Dropped,
}

impl MilestoneState {
    pub fn as_str(self) -> &'static str {
        match self {
            MilestoneState::Planned => "planned",
            MilestoneState::InProgress => "in_progress",
            MilestoneState::Done => "done",
            MilestoneState::Dropped => "dropped",
        }
    }
}

impl FromStr for MilestoneState {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "planned" => Ok(MilestoneState::Planned),
            "in_progress" | "in-progress" => Ok(MilestoneState::InProgress),
            "done" => Ok(MilestoneState::Done),
            "dropped" => Ok(MilestoneState::Dropped),
            other => Err(format!(
                "invalid milestone state {other:?} (expected planned, in_progress, done or dropped)"
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
                .contains("no thousands separators")
        );
        assert!(parse_value("NaN").unwrap_err().contains("finite"));
        assert!(parse_value("inf").unwrap_err().contains("finite"));
        assert!(parse_value("-Infinity").unwrap_err().contains("finite"));
        assert!(parse_value("1e999").unwrap_err().contains("too large"));
        assert!(parse_value("").unwrap_err().contains("missing"));
        assert!(parse_value("12 406").is_err());
        assert!(parse_value("0x10").is_err());
    }
}
