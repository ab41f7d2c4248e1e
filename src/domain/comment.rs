//! Comments (check-ins) and the notes kept with milestone changes: a few
//! words with an author and a time, about a goal or about one figure (a
//! region × indicator × period). What they may hold is checked here, once,
//! whichever door they come through (the command line, the API, the pages).

use super::catalogue::{IdKind, UnknownId};
use super::{Catalogue, Period};
use chrono::{DateTime, Utc};

/// The longest comment or milestone note kept, in characters.
pub(crate) const TEXT_MAX_CHARS: usize = 2000;

/// What a comment is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Subject {
    /// A goal of the catalogue (its id).
    Goal(String),
    /// One figure: a region's indicator in one period.
    Figure {
        /// The region's id.
        region: String,
        /// The indicator's id.
        indicator: String,
        /// The figure's period.
        period: Period,
    },
}

impl Subject {
    /// The region whose people may write about it: the goal's, or the figure's.
    pub(crate) fn region<'c>(&'c self, cat: &'c Catalogue) -> Option<&'c str> {
        match self {
            Subject::Goal(g) => cat.goal(g).ok().map(|g| g.region.as_str()),
            Subject::Figure { region, .. } => Some(region),
        }
    }

    /// Whether the comment belongs under goal `goal`: it is about the goal,
    /// or about a figure of the goal's series.
    pub(crate) fn concerns(&self, goal: &super::Goal) -> bool {
        match self {
            Subject::Goal(g) => g == goal.id.as_str(),
            Subject::Figure {
                region, indicator, ..
            } => {
                goal.region.as_str() == region
                    && goal.indicator.as_ref().map(|i| i.as_str()) == Some(indicator.as_str())
            }
        }
    }
}

/// A stored comment.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Comment {
    /// Its number, in the order comments were recorded.
    pub(crate) id: i64,
    /// What it is about.
    pub(crate) subject: Subject,
    /// The words, as checked by [`text`].
    pub(crate) text: String,
    /// Who wrote it: an operator's name or a token's.
    pub(crate) author: String,
    /// When it was recorded.
    pub(crate) recorded_at: DateTime<Utc>,
}

/// One problem with one field of a comment or milestone change, named as
/// the API names the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FieldProblem {
    /// `goal`, `region`, `indicator`, `period`, `text`, `state` or `note`.
    pub(crate) field: &'static str,
    /// What kind of problem, for programs: `missing`, `too_long`, …
    pub(crate) code: &'static str,
    /// In words, naming the value at fault.
    pub(crate) message: String,
}

impl FieldProblem {
    fn new(field: &'static str, code: &'static str, message: impl Into<String>) -> FieldProblem {
        FieldProblem {
            field,
            code,
            message: message.into(),
        }
    }
}

/// What someone asked a comment to be about, as given.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct RawSubject<'a> {
    /// A goal's id.
    pub(crate) goal: Option<&'a str>,
    /// A figure's region, indicator and period.
    pub(crate) region: Option<&'a str>,
    /// See `region`.
    pub(crate) indicator: Option<&'a str>,
    /// See `region`.
    pub(crate) period: Option<&'a str>,
}

fn given(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|s| !s.is_empty())
}

fn unknown(field: &'static str, e: UnknownId) -> FieldProblem {
    FieldProblem::new(field, "unknown_id", e.to_string())
}

/// The subject named by `raw`: either a goal, or a region, indicator and
/// period (the period matching the indicator's frequency); every problem
/// names its field.
pub(crate) fn subject(cat: &Catalogue, raw: RawSubject<'_>) -> Result<Subject, Vec<FieldProblem>> {
    let (goal, region, indicator, period) = (
        given(raw.goal),
        given(raw.region),
        given(raw.indicator),
        given(raw.period),
    );
    if let Some(g) = goal {
        let mut problems = Vec::new();
        for (field, v) in [
            ("region", region),
            ("indicator", indicator),
            ("period", period),
        ] {
            if v.is_some() {
                problems.push(FieldProblem::new(
                    field,
                    "goal_or_figure",
                    format!("{field} goes with a figure, not with a goal: give a goal, or a region, indicator and period"),
                ));
            }
        }
        match cat.goal(g) {
            Ok(_) if problems.is_empty() => return Ok(Subject::Goal(g.to_string())),
            Ok(_) => {}
            Err(e) => problems.push(unknown("goal", e)),
        }
        return Err(problems);
    }
    if region.is_none() && indicator.is_none() && period.is_none() {
        return Err(vec![FieldProblem::new(
            "goal",
            "missing",
            "say what the comment is about: a goal, or a region, indicator and period",
        )]);
    }
    let mut problems = Vec::new();
    let mut need = |field: &'static str, v: Option<&str>| {
        if v.is_none() {
            problems.push(FieldProblem::new(
                field,
                "missing",
                format!(
                    "missing {field}: a comment on a figure names its region, indicator and period"
                ),
            ));
        }
    };
    need("region", region);
    need("indicator", indicator);
    need("period", period);
    if let Some(r) = region
        && let Err(e) = cat.region(r)
    {
        problems.push(unknown("region", e));
    }
    let ind = indicator.and_then(|i| match cat.indicator(i) {
        Ok(ind) => Some(ind),
        Err(e) => {
            problems.push(unknown("indicator", e));
            None
        }
    });
    let parsed = period.and_then(|p| match p.parse::<Period>() {
        Ok(p) => Some(p),
        Err(e) => {
            problems.push(FieldProblem::new("period", "bad_period", e.to_string()));
            None
        }
    });
    if let (Some(p), Some(ind)) = (parsed, ind)
        && p.frequency() != ind.frequency
    {
        problems.push(FieldProblem::new(
            "period",
            "wrong_frequency",
            format!(
                "period {:?} does not match indicator {:?}, which is {} (write periods like {})",
                p.to_string(),
                ind.id.as_str(),
                ind.frequency,
                ind.frequency.example()
            ),
        ));
    }
    match (region, indicator, parsed) {
        (Some(r), Some(i), Some(p)) if problems.is_empty() => Ok(Subject::Figure {
            region: r.to_string(),
            indicator: i.to_string(),
            period: p,
        }),
        _ => Err(problems),
    }
}

/// A comment's words: trimmed, line ends made `\n`, at most
/// [`TEXT_MAX_CHARS`] characters, no control characters but line ends and
/// tabs. `field` names it in a problem (`text`, `note`).
pub(crate) fn text(field: &'static str, raw: &str) -> Result<String, FieldProblem> {
    let text = raw.replace("\r\n", "\n").replace('\r', "\n");
    let text = text.trim();
    if text.is_empty() {
        return Err(FieldProblem::new(
            field,
            "missing",
            format!("missing {field}: write a few words"),
        ));
    }
    let chars = text.chars().count();
    if chars > TEXT_MAX_CHARS {
        return Err(FieldProblem::new(
            field,
            "too_long",
            format!(
                "{field} is {chars} characters long; at most {TEXT_MAX_CHARS} are kept: shorten it"
            ),
        ));
    }
    if let Some(c) = text
        .chars()
        .find(|c| c.is_control() && !matches!(c, '\n' | '\t'))
    {
        return Err(FieldProblem::new(
            field,
            "control_character",
            format!("{field} holds the control character {c:?}; remove it"),
        ));
    }
    Ok(text.to_string())
}

/// An optional note (a milestone change's): none when blank, else as [`text`].
pub(crate) fn note(raw: Option<&str>) -> Result<Option<String>, FieldProblem> {
    match raw.map(str::trim) {
        None | Some("") => Ok(None),
        Some(n) => text("note", n).map(Some),
    }
}

/// The milestone goal `id` names: a miss suggests the closest milestone.
pub(crate) fn milestone<'c>(cat: &'c Catalogue, id: &str) -> Result<&'c super::Goal, UnknownId> {
    cat.goal(id).map_err(|_| {
        let milestones = cat.goals.iter().filter(|g| g.is_milestone());
        UnknownId::among(IdKind::Milestone, id, milestones.map(|g| g.id.as_str()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_trimmed_bounded_and_clean() {
        assert_eq!(text("text", "  ok\r\nfine ").unwrap(), "ok\nfine");
        assert_eq!(text("text", " \n ").unwrap_err().code, "missing");
        let long = "字".repeat(TEXT_MAX_CHARS + 1);
        let e = text("text", &long).unwrap_err();
        assert_eq!((e.field, e.code), ("text", "too_long"));
        assert!(e.message.contains("2001 characters"), "{}", e.message);
        assert!(text("text", &"字".repeat(TEXT_MAX_CHARS)).is_ok());
        assert_eq!(
            text("note", "a\u{0}b").unwrap_err().code,
            "control_character"
        );
        assert_eq!(note(Some("  ")).unwrap(), None);
    }

    #[test]
    fn a_subject_is_a_goal_or_a_whole_figure() {
        let cat = crate::test_support::fixture_catalogue();
        let goal = cat.goals[0].id.as_str();
        let g = subject(
            &cat,
            RawSubject {
                goal: Some(goal),
                ..RawSubject::default()
            },
        );
        assert_eq!(g, Ok(Subject::Goal(goal.to_string())));
        let both = subject(
            &cat,
            RawSubject {
                goal: Some(goal),
                region: Some("liaoning"),
                ..RawSubject::default()
            },
        )
        .unwrap_err();
        assert_eq!(both[0].field, "region");
        let partial = subject(
            &cat,
            RawSubject {
                region: Some("liaoning"),
                ..RawSubject::default()
            },
        )
        .unwrap_err();
        let fields: Vec<_> = partial.iter().map(|p| p.field).collect();
        assert_eq!(fields, ["indicator", "period"]);
        let wrong = subject(
            &cat,
            RawSubject {
                region: Some("liaoning"),
                indicator: Some("china-europe-trains"),
                period: Some("2021-Q1"),
                ..RawSubject::default()
            },
        )
        .unwrap_err();
        assert_eq!(
            (wrong[0].field, wrong[0].code),
            ("period", "wrong_frequency")
        );
        assert_eq!(
            subject(&cat, RawSubject::default()).unwrap_err()[0].code,
            "missing"
        );
    }
}
