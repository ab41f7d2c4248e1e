//! An id that names nothing known, with the closest known id as a
//! suggestion: the one message every lookup by id gives, whichever shell or
//! input the id came from.

use crate::domain::echo::echo;
use std::fmt;

/// What an id was meant to name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum IdKind {
    /// A region of the catalogue.
    Region,
    /// An indicator of the catalogue.
    Indicator,
    /// A goal of the catalogue.
    Goal,
    /// A milestone goal of the catalogue (the suggestion is one too).
    Milestone,
    /// A remote source of the settings.
    Source,
}

impl IdKind {
    /// The word messages use: `region`, `indicator`, …
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            IdKind::Region => "region",
            IdKind::Indicator => "indicator",
            IdKind::Goal => "goal",
            IdKind::Milestone => "milestone",
            IdKind::Source => "source",
        }
    }
}

impl fmt::Display for IdKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An id that names nothing known. Shown as `unknown region "liaonig" (did
/// you mean "liaoning"?)`, the id cut short when it is long.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownId {
    /// What the id was meant to name.
    pub(crate) kind: IdKind,
    /// The id as given.
    pub(crate) id: String,
    /// The closest known id, when one is near enough to be what was meant.
    pub(crate) suggestion: Option<String>,
}

impl UnknownId {
    /// `id` is none of `known`; the nearest of them, if near, is the suggestion.
    pub(crate) fn among<'a>(
        kind: IdKind,
        id: &str,
        known: impl IntoIterator<Item = &'a str>,
    ) -> UnknownId {
        UnknownId {
            kind,
            id: id.to_string(),
            suggestion: closest(id, known.into_iter()).map(str::to_string),
        }
    }
}

impl fmt::Display for UnknownId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown {} {}", self.kind, echo(&self.id))?;
        match &self.suggestion {
            Some(best) => write!(f, " (did you mean {best:?}?)"),
            None => Ok(()),
        }
    }
}

impl std::error::Error for UnknownId {}

/// Past this length a text is no near miss of an id, and the edit distance
/// (length × length) would be slow to compute.
const CLOSEST_MAX_CHARS: usize = 200;

/// The candidate nearest to `value` by edit distance, if it is near enough.
pub(crate) fn closest<'a>(
    value: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> Option<&'a str> {
    if value.len() > CLOSEST_MAX_CHARS {
        return None;
    }
    candidates
        .map(|c| (strsim::levenshtein(value, c), c))
        .filter(|(d, c)| *d <= (c.len().max(value.len()) / 3).max(2))
        .min()
        .map(|(_, c)| c)
}
