//! Which goals to evaluate, and as of when: the one status query that the
//! CLI's flags and the HTTP API's parameters are both parsed into, with the
//! same checks and the same errors.

use crate::domain::Catalogue;
use crate::domain::catalogue::{IdKind, UnknownId};
use crate::domain::echo::echo;
use chrono::{DateTime, NaiveDate, Utc};

/// Which goals to evaluate, and as of when.
#[derive(Debug, Clone, Default)]
pub struct Query {
    /// Use only periods that ended on or before this date (default today).
    pub as_of: Option<NaiveDate>,
    /// Use each figure as it was recorded at this time (default: as it is now).
    pub known_at: Option<DateTime<Utc>>,
    /// Only this region's goals (an id of the catalogue).
    pub region: Option<String>,
    /// Only this goal (an id of the catalogue).
    pub goal: Option<String>,
}

/// A query as a shell receives it: text, not yet checked. A shell whose
/// blank values mean "not given" (a form left empty) drops them first.
#[derive(Debug, Clone, Copy, Default)]
pub struct RawQuery<'a> {
    /// A date, YYYY-MM-DD.
    pub(crate) as_of: Option<&'a str>,
    /// A time, RFC 3339.
    pub(crate) known_at: Option<&'a str>,
    /// A region id.
    pub(crate) region: Option<&'a str>,
    /// A goal id.
    pub(crate) goal: Option<&'a str>,
}

/// The parameter of a query a problem is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryParam {
    /// `as_of`
    AsOf,
    /// `known_at`
    KnownAt,
    /// `region`
    Region,
    /// `goal`
    Goal,
}

impl QueryParam {
    /// Its name as an HTTP query parameter: `as_of`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            QueryParam::AsOf => "as_of",
            QueryParam::KnownAt => "known_at",
            QueryParam::Region => "region",
            QueryParam::Goal => "goal",
        }
    }

    /// Its name as a command-line flag: `--as-of`.
    pub(crate) fn flag(self) -> &'static str {
        match self {
            QueryParam::AsOf => "--as-of",
            QueryParam::KnownAt => "--known-at",
            QueryParam::Region => "--region",
            QueryParam::Goal => "--goal",
        }
    }
}

/// Why a query does not parse. The message leaves out which parameter:
/// each shell names it its own way (`QueryParam::name`, `QueryParam::flag`).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum QueryError {
    /// `as_of` is no date.
    #[error("invalid date {} ({reason}): expected YYYY-MM-DD", echo(.text))]
    AsOf {
        /// The text given.
        text: String,
        /// Why it is no date.
        reason: chrono::ParseError,
    },
    /// `known_at` is no RFC 3339 time.
    #[error(
        "invalid time {} ({reason}): expected RFC 3339, e.g. 2021-07-01T00:00:00Z",
        echo(.text)
    )]
    KnownAt {
        /// The text given.
        text: String,
        /// Why it is no time.
        reason: chrono::ParseError,
    },
    /// `region` or `goal` names nothing in the catalogue.
    #[error(transparent)]
    Unknown(UnknownId),
}

impl QueryError {
    /// The parameter the problem is about.
    pub(crate) fn param(&self) -> QueryParam {
        match self {
            QueryError::AsOf { .. } => QueryParam::AsOf,
            QueryError::KnownAt { .. } => QueryParam::KnownAt,
            QueryError::Unknown(u) if u.kind == IdKind::Region => QueryParam::Region,
            QueryError::Unknown(_) => QueryParam::Goal,
        }
    }
}

/// A date as `as_of` takes it: YYYY-MM-DD.
pub fn parse_as_of(text: &str) -> Result<NaiveDate, QueryError> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|reason| QueryError::AsOf {
        text: text.to_string(),
        reason,
    })
}

/// A time as `known_at` takes it: RFC 3339, any offset, kept in UTC.
pub fn parse_known_at(text: &str) -> Result<DateTime<Utc>, QueryError> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|reason| QueryError::KnownAt {
            text: text.to_string(),
            reason,
        })
}

impl Query {
    /// Check `raw` against the catalogue: the first problem, parameters
    /// taken in the order as_of, known_at, region, goal.
    pub(crate) fn parse(raw: RawQuery<'_>, cat: &Catalogue) -> Result<Query, QueryError> {
        let as_of = raw.as_of.map(parse_as_of).transpose()?;
        let known_at = raw.known_at.map(parse_known_at).transpose()?;
        if let Some(r) = raw.region {
            cat.region(r).map_err(QueryError::Unknown)?;
        }
        if let Some(g) = raw.goal {
            cat.goal(g).map_err(QueryError::Unknown)?;
        }
        Ok(Query {
            as_of,
            known_at,
            region: raw.region.map(str::to_string),
            goal: raw.goal.map(str::to_string),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CATALOGUE: &str = r#"
[[region]]
id = "liaoning"
name = "Liaoning"

[[goal]]
id = "shenyang-hub"
title = "Assembly centre"
region = "liaoning"
type = "milestone"
due = 2021-12-31
"#;

    fn parse(raw: RawQuery<'_>) -> Result<Query, QueryError> {
        let cat = Catalogue::from_toml(CATALOGUE, "c.toml").unwrap();
        Query::parse(raw, &cat)
    }

    /// The problem's parameter and message.
    fn problem(raw: RawQuery<'_>) -> (&'static str, String) {
        let e = parse(raw).unwrap_err();
        (e.param().name(), e.to_string())
    }

    #[test]
    fn a_full_query_parses_into_typed_values() {
        let q = parse(RawQuery {
            as_of: Some("2021-06-30"),
            known_at: Some("2021-07-15T08:00:00+08:00"),
            region: Some("liaoning"),
            goal: Some("shenyang-hub"),
        })
        .unwrap();
        assert_eq!(q.as_of, NaiveDate::from_ymd_opt(2021, 6, 30));
        assert_eq!(
            q.known_at.unwrap().to_rfc3339(),
            "2021-07-15T00:00:00+00:00"
        );
        assert_eq!(q.region.as_deref(), Some("liaoning"));
        assert_eq!(q.goal.as_deref(), Some("shenyang-hub"));
        let empty = parse(RawQuery::default()).unwrap();
        assert!(empty.as_of.is_none() && empty.known_at.is_none());
        assert!(empty.region.is_none() && empty.goal.is_none());
    }

    #[test]
    fn each_bad_parameter_is_named_with_what_was_expected() {
        let raw = RawQuery::default();
        assert_eq!(
            problem(RawQuery {
                as_of: Some("2021-13-01"),
                ..raw
            }),
            (
                "as_of",
                "invalid date \"2021-13-01\" (input is out of range): expected YYYY-MM-DD".into()
            )
        );
        assert_eq!(
            problem(RawQuery {
                known_at: Some("yesterday"),
                ..raw
            }),
            (
                "known_at",
                "invalid time \"yesterday\" (premature end of input): expected \
                 RFC 3339, e.g. 2021-07-01T00:00:00Z"
                    .into()
            )
        );
        assert_eq!(
            problem(RawQuery {
                region: Some("liaonig"),
                ..raw
            }),
            (
                "region",
                "unknown region \"liaonig\" (did you mean \"liaoning\"?)".into()
            )
        );
        assert_eq!(
            problem(RawQuery {
                goal: Some("nope"),
                ..raw
            }),
            ("goal", "unknown goal \"nope\"".into())
        );
    }

    #[test]
    fn the_first_bad_parameter_wins_and_long_values_are_cut_short() {
        let long = "9".repeat(10_000);
        let (param, message) = problem(RawQuery {
            as_of: Some(&long),
            known_at: Some("yesterday"),
            region: Some("x"),
            goal: Some("y"),
        });
        assert_eq!(param, "as_of");
        assert!(message.contains("(10000 characters)"), "{message}");
        assert!(message.len() < 300, "{message}");
        let (param, _) = problem(RawQuery {
            region: Some("x"),
            goal: Some("y"),
            ..RawQuery::default()
        });
        assert_eq!(param, "region");
    }
}
