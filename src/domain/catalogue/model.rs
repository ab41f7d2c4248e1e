//! The catalogue's model: regions, indicators and goals as the rest of the
//! program sees them (valid by construction, see `parse`), and lookups by id.

use super::unknown::{IdKind, UnknownId};
use crate::domain::lang::Text;
use crate::domain::period::Frequency;
use crate::domain::review::ReviewPolicy;
use crate::domain::rules::Rules;
use chrono::NaiveDate;
use serde::Deserialize;
use std::fmt;
use std::sync::Arc;

/// A lower-case identifier: `a-z`, `0-9` and `-`, 1..=64 characters, not
/// starting or ending with `-`. Safe in file names, URLs and SQL keys.
///
/// The text is shared: every figure of an import names its region and
/// indicator by a clone of the catalogue's slug, which costs a counter, not
/// a copy.
#[derive(Debug, Clone, Eq)]
pub struct Slug(Arc<str>);

impl Slug {
    /// The slug `s` is, or why it is none.
    pub fn parse(s: &str) -> Result<Slug, InvalidSlug> {
        let ok_chars = s
            .bytes()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-');
        if s.is_empty() || s.len() > 64 || !ok_chars || s.starts_with('-') || s.ends_with('-') {
            return Err(InvalidSlug(s.to_string()));
        }
        Ok(Slug(Arc::from(s)))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A text that is no [`Slug`]; shown cut short, so a huge value makes a short message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{} is not a valid id (lower-case letters, digits and '-', at most 64 characters)",
    crate::domain::echo::echo(.0)
)]
pub struct InvalidSlug(pub String);

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::borrow::Borrow<str> for Slug {
    fn borrow(&self) -> &str {
        &self.0
    }
}

// Clones of one slug share their text, so most comparisons of a large
// import's figures end at the pointer.
impl PartialEq for Slug {
    fn eq(&self, other: &Slug) -> bool {
        Arc::ptr_eq(&self.0, &other.0) || self.0 == other.0
    }
}

// By the text, as equality is: equal slugs hash alike, shared or not.
impl std::hash::Hash for Slug {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.hash(state);
    }
}

impl Ord for Slug {
    fn cmp(&self, other: &Slug) -> std::cmp::Ordering {
        if Arc::ptr_eq(&self.0, &other.0) {
            return std::cmp::Ordering::Equal;
        }
        self.0.cmp(&other.0)
    }
}

impl PartialOrd for Slug {
    fn partial_cmp(&self, other: &Slug) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl serde::Serialize for Slug {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// How an indicator's figures add up over a year: a flow's periods sum to
/// the year's total, a level is a reading at a point in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Measure {
    /// Counted per period and summed over the year (trains, trade).
    Flow,
    /// A stock read at a point in time; the year's value is its last period.
    Level,
}

impl Measure {
    /// The name the catalogue file uses.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Measure::Flow => "flow",
            Measure::Level => "level",
        }
    }
}

/// Which way a goal wants its figures to go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// More is better.
    #[default]
    Increase,
    /// Less is better.
    Decrease,
}

impl Direction {
    /// d in docs/progress.md.
    pub(crate) fn sign(self) -> f64 {
        match self {
            Direction::Increase => 1.0,
            Direction::Decrease => -1.0,
        }
    }

    /// The name the catalogue file uses.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Direction::Increase => "increase",
            Direction::Decrease => "decrease",
        }
    }
}

/// A region goals and figures belong to; `parent` is another region of the catalogue.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Region {
    pub(crate) id: Slug,
    #[serde(serialize_with = "crate::domain::lang::serialize_en")]
    pub(crate) name: Text,
    pub(crate) parent: Option<Slug>,
}

/// A statistic reported per region, with its unit, frequency and rules.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Indicator {
    pub(crate) id: Slug,
    #[serde(serialize_with = "crate::domain::lang::serialize_en")]
    pub(crate) name: Text,
    #[serde(serialize_with = "crate::domain::lang::serialize_en")]
    pub(crate) unit: Text,
    #[serde(serialize_with = "ser_display")]
    pub(crate) frequency: Frequency,
    pub(crate) measure: Measure,
    pub(crate) due_days: u32,
    pub(crate) decimals: u8,
    /// What a figure of it must satisfy, whichever way it comes in.
    pub(crate) rules: Rules,
    /// The unit is 10^unit_mult of the base unit ("CNY 100 million": 8):
    /// a feed that states its own multiplier is scaled into it.
    pub(crate) unit_mult: i32,
    /// Which of its figures wait for a second person before they count.
    pub(crate) review: ReviewPolicy,
}

fn ser_display<T: fmt::Display, S: serde::Serializer>(v: &T, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(v)
}

/// What a goal asks for; each variant carries exactly the fields its type needs.
#[derive(Debug, Clone, PartialEq)]
pub enum GoalKind {
    /// Grow the indicator by `percent` over the baseline year.
    Growth {
        /// The growth asked for, in percent.
        percent: f64,
    },
    /// Multiply the indicator by `factor` over the baseline year.
    Multiple {
        /// The multiple asked for (2 for "double").
        factor: f64,
    },
    /// Reach `value` in the target year.
    Level {
        /// The level asked for, in the indicator's unit.
        value: f64,
    },
    /// Keep moving in the goal's direction, optionally up to `limit`.
    Trend {
        /// A value past which the trend no longer needs to go.
        limit: Option<f64>,
    },
    /// A task done by a date, with no indicator.
    Milestone {
        /// The date it is due.
        due: NaiveDate,
    },
}

impl GoalKind {
    /// The `type` the catalogue file gives the goal.
    pub(crate) fn type_name(&self) -> &'static str {
        match self {
            GoalKind::Growth { .. } => "growth",
            GoalKind::Multiple { .. } => "multiple",
            GoalKind::Level { .. } => "level",
            GoalKind::Trend { .. } => "trend",
            GoalKind::Milestone { .. } => "milestone",
        }
    }
}

/// A goal from the catalogue. For series goals `indicator` and `baseline_year`
/// are set (growth's default baseline, target_year − 1, is already applied).
#[derive(Debug, Clone, PartialEq)]
pub struct Goal {
    /// The goal's id (a slug).
    pub id: Slug,
    pub(crate) title: Text,
    /// The region the goal is about.
    pub region: Slug,
    pub(crate) indicator: Option<Slug>,
    pub(crate) kind: GoalKind,
    pub(crate) direction: Direction,
    pub(crate) baseline_year: Option<i32>,
    pub(crate) baseline_value: Option<f64>,
    pub(crate) target_year: Option<i32>,
    pub(crate) source: Option<String>,
    pub(crate) quote: Option<String>,
    pub(crate) note: Option<Text>,
}

impl Goal {
    /// Whether the goal is a milestone (judged by its state, not by figures).
    pub(crate) fn is_milestone(&self) -> bool {
        matches!(self.kind, GoalKind::Milestone { .. })
    }

    /// The latest year whose figures count for the goal: the target year,
    /// except that a trend follows its series wherever it goes.
    pub(crate) fn last_year(&self) -> Option<i32> {
        match self.kind {
            GoalKind::Trend { .. } => None,
            _ => self.target_year,
        }
    }
}

/// The validated catalogue. Entries keep the file's order.
#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    pub(crate) regions: Vec<Region>,
    /// Every indicator, in file order.
    pub indicators: Vec<Indicator>,
    /// Every goal, in file order.
    pub goals: Vec<Goal>,
}

impl Catalogue {
    /// The region with this id, or an error naming the closest known one.
    pub(crate) fn region(&self, id: &str) -> Result<&Region, UnknownId> {
        find(IdKind::Region, id, &self.regions, |r| &r.id)
    }

    /// The indicator with this id, or an error naming the closest known one.
    pub(crate) fn indicator(&self, id: &str) -> Result<&Indicator, UnknownId> {
        find(IdKind::Indicator, id, &self.indicators, |i| &i.id)
    }

    /// The goal with this id, or an error naming the closest known one.
    pub(crate) fn goal(&self, id: &str) -> Result<&Goal, UnknownId> {
        find(IdKind::Goal, id, &self.goals, |g| &g.id)
    }
}

/// The first entry whose id is `id`. The suggestion is looked for only on a
/// miss, so a hit costs the scan and nothing more.
fn find<'a, T>(
    kind: IdKind,
    id: &str,
    entries: &'a [T],
    id_of: impl Fn(&T) -> &Slug,
) -> Result<&'a T, UnknownId> {
    match entries.iter().find(|e| id_of(e).as_str() == id) {
        Some(e) => Ok(e),
        None => Err(UnknownId::among(
            kind,
            id,
            entries.iter().map(|e| id_of(e).as_str()),
        )),
    }
}
