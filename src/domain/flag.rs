//! A figure's flag: its observation status in SDMX's codes (estimated,
//! provisional…). The one list of accepted codes, for feeds and imports alike.

use super::echo::echo;
use std::fmt;
use std::str::FromStr;

/// An observation status. `Missing` never reaches a stored figure: a row
/// flagged missing is a gap (see [`Flag::is_gap`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(into = "&'static str", try_from = "String")]
pub enum Flag {
    /// `A`: a normal value.
    Normal,
    /// `E`: estimated.
    Estimated,
    /// `P`: provisional, expected to be revised.
    Provisional,
    /// `B`: a break in the series (the method or coverage changed here).
    Break,
    /// `M`: missing; the row holds no figure.
    Missing,
}

impl Flag {
    pub const ALL: [Flag; 5] = [
        Flag::Normal,
        Flag::Estimated,
        Flag::Provisional,
        Flag::Break,
        Flag::Missing,
    ];

    /// The upper-case code a flag is stored and shown as.
    pub fn code(self) -> &'static str {
        match self {
            Flag::Normal => "A",
            Flag::Estimated => "E",
            Flag::Provisional => "P",
            Flag::Break => "B",
            Flag::Missing => "M",
        }
    }

    /// What the code means, in words for a reader.
    pub fn meaning(self) -> &'static str {
        match self {
            Flag::Normal => "normal",
            Flag::Estimated => "estimated",
            Flag::Provisional => "provisional",
            Flag::Break => "break in series",
            Flag::Missing => "missing",
        }
    }

    /// Whether a row with this flag is a gap: no figure is stored for it.
    pub fn is_gap(self) -> bool {
        self == Flag::Missing
    }

    /// An optional flag column's cell: empty is no flag; the code is
    /// accepted in either case (`p` is `P`).
    pub fn parse_optional(text: &str) -> Result<Option<Flag>, String> {
        let t = text.trim();
        if t.is_empty() {
            Ok(None)
        } else {
            t.parse().map(Some)
        }
    }
}

impl FromStr for Flag {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let t = s.trim();
        Flag::ALL
            .into_iter()
            .find(|f| t.eq_ignore_ascii_case(f.code()))
            .ok_or_else(|| {
                let known: Vec<String> = Flag::ALL
                    .iter()
                    .map(|f| format!("{} {}", f.code(), f.meaning()))
                    .collect();
                format!(
                    "unknown flag {} (expected one of: {})",
                    echo(t),
                    known.join(", ")
                )
            })
    }
}

impl fmt::Display for Flag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl From<Flag> for &'static str {
    fn from(f: Flag) -> &'static str {
        f.code()
    }
}

impl TryFrom<String> for Flag {
    type Error = String;
    fn try_from(s: String) -> Result<Flag, String> {
        s.parse()
    }
}

#[cfg(test)]
mod tests {
    use super::Flag;

    #[test]
    fn codes_are_accepted_in_either_case_and_shown_upper_case() {
        for (text, flag) in [
            ("A", Flag::Normal),
            ("e", Flag::Estimated),
            ("p", Flag::Provisional),
            (" P ", Flag::Provisional),
            ("b", Flag::Break),
            ("M", Flag::Missing),
        ] {
            let parsed: Flag = text.parse().unwrap();
            assert_eq!(parsed, flag, "{text:?}");
            assert_eq!(parsed.to_string(), text.trim().to_ascii_uppercase());
        }
        assert_eq!(Flag::parse_optional("  "), Ok(None));
        assert_eq!(Flag::parse_optional("p"), Ok(Some(Flag::Provisional)));
        assert!(Flag::ALL.iter().filter(|f| f.is_gap()).eq([&Flag::Missing]));
    }

    #[test]
    fn an_unknown_code_names_the_value_and_the_accepted_list() {
        for bad in ["X", "EE", "estimated", "Ｅ"] {
            let e = bad.parse::<Flag>().unwrap_err();
            assert!(e.starts_with(&format!("unknown flag {bad:?}")), "{e}");
            assert!(
                e.ends_with("A normal, E estimated, P provisional, B break in series, M missing)"),
                "{e}"
            );
        }
        let long = "Z".repeat(10_000);
        assert!(long.parse::<Flag>().unwrap_err().len() < 300);
    }

    #[test]
    fn json_carries_the_code() {
        assert_eq!(serde_json::to_string(&Flag::Estimated).unwrap(), "\"E\"");
        let back: Flag = serde_json::from_str("\"p\"").unwrap();
        assert_eq!(back, Flag::Provisional);
        assert!(serde_json::from_str::<Flag>("\"Q\"").is_err());
    }
}
