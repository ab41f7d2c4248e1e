//! A figure's observation status, as SDMX codes them: normal, estimated,
//! provisional or a break in the series. `M` (missing) is no status of a
//! figure: a row marked so is a gap, and the reader decides what that means.

use super::echo::echo;
use super::invalid::Invalid;
use std::fmt;

/// SDMX observation status of a figure (`OBS_STATUS`); no flag means a normal value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Flag {
    /// `A`
    Normal,
    /// `E`
    Estimated,
    /// `P`
    Provisional,
    /// `B`
    Break,
}

impl Flag {
    /// A status code in either case; `Ok(None)` for an empty text and for
    /// `M`, which callers tell apart with [`Flag::is_missing`] first.
    pub(crate) fn parse(text: &str) -> Result<Option<Flag>, Invalid> {
        let code = text.trim();
        if code.is_empty() || Flag::is_missing(code) {
            return Ok(None);
        }
        match code.to_ascii_uppercase().as_str() {
            "A" => Ok(Some(Flag::Normal)),
            "E" => Ok(Some(Flag::Estimated)),
            "P" => Ok(Some(Flag::Provisional)),
            "B" => Ok(Some(Flag::Break)),
            _ => Err(Invalid::new(
                "bad_flag",
                format!(
                    "unknown flag {} (expected A normal, E estimated, P provisional, B break in \
                     series, or M missing)",
                    echo(text)
                ),
            )),
        }
    }

    /// Whether `text` is `M`: the observation is missing, so there is no figure.
    pub(crate) fn is_missing(text: &str) -> bool {
        text.trim().eq_ignore_ascii_case("m")
    }

    /// The upper-case code, as stored.
    pub(crate) fn as_code(self) -> &'static str {
        match self {
            Flag::Normal => "A",
            Flag::Estimated => "E",
            Flag::Provisional => "P",
            Flag::Break => "B",
        }
    }
}

impl fmt::Display for Flag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_code())
    }
}

impl serde::Serialize for Flag {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_parse_in_either_case_and_missing_is_a_gap_not_a_flag() {
        for (text, want) in [
            ("A", Flag::Normal),
            ("e", Flag::Estimated),
            (" p ", Flag::Provisional),
            ("B", Flag::Break),
        ] {
            assert_eq!(Flag::parse(text), Ok(Some(want)), "{text:?}");
            assert_eq!(Flag::parse(want.as_code()), Ok(Some(want)));
        }
        assert_eq!(Flag::parse(""), Ok(None));
        assert_eq!(Flag::parse("  "), Ok(None));
        for m in ["M", "m", " M "] {
            assert!(Flag::is_missing(m));
            assert_eq!(Flag::parse(m), Ok(None));
        }
        assert!(!Flag::is_missing("A") && !Flag::is_missing(""));
        for bad in ["X", "AE", "provisional", "Ä"] {
            let e = Flag::parse(bad).unwrap_err().message;
            assert!(
                e.contains(&format!("{bad:?}")) && e.contains("expected A"),
                "{e}"
            );
        }
    }
}
