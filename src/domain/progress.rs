//! docs/progress.md, exactly: each goal's current point, projection, ratio,
//! score and status, the extra figures, milestones and the roll-up.
//!
//! The arithmetic lives in `progress/score.rs` (re-exported here), the choice
//! and projection of the current point in `progress/current.rs`, the status
//! rules in `progress/judge.rs`, stale goals in `progress/stale.rs`,
//! milestones and the roll-up in `progress/milestone.rs`; this module puts
//! them together per goal.
//! Pure functions only: the callers fetch figures and pass a [`Series`].

mod chance;
mod current;
mod judge;
mod milestone;
mod score;
mod stale;
#[cfg(test)]
mod tests;

pub(crate) use chance::{Chance, chance};
pub(crate) use current::{CurrentPoint, current_point};
pub(crate) use milestone::{evaluate_milestone, rollup};
#[cfg(test)]
use score::band;

use judge::{Judgement, Line, judge_trend};

use super::catalogue::{Goal, GoalKind, Indicator, Measure};
use super::figure::MilestoneState;
use super::lang::Text;
use super::overdue::overdue_periods;
#[cfg(test)]
use super::overdue::period_runs;
use super::period::Period;
use super::series::Series;
use chrono::NaiveDate;
use serde::Serialize;

/// A goal's status. The order is the display order (best first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The target is met.
    TargetAchieved,
    /// On course to meet the target.
    OnTrack,
    /// Moving the right way, but too slowly.
    NeedsAcceleration,
    /// Barely moving toward the target.
    LimitedProgress,
    /// Moving away from the target.
    Deterioration,
    /// The target year is over and the target was not met.
    TargetMissed,
    /// Too early to say: no figures of the target year yet.
    Pending,
    /// Not enough figures to judge.
    NotAvailable,
}

impl Status {
    /// Every status, from best to worst.
    pub const ALL: [Status; 8] = [
        Status::TargetAchieved,
        Status::OnTrack,
        Status::NeedsAcceleration,
        Status::LimitedProgress,
        Status::Deterioration,
        Status::TargetMissed,
        Status::Pending,
        Status::NotAvailable,
    ];

    /// The JSON name, e.g. `needs_acceleration`.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Status::TargetAchieved => "target_achieved",
            Status::OnTrack => "on_track",
            Status::NeedsAcceleration => "needs_acceleration",
            Status::LimitedProgress => "limited_progress",
            Status::Deterioration => "deterioration",
            Status::TargetMissed => "target_missed",
            Status::Pending => "pending",
            Status::NotAvailable => "not_available",
        }
    }

    /// The status in words, for people.
    pub fn label(self) -> &'static str {
        match self {
            Status::TargetAchieved => "Target achieved",
            Status::OnTrack => "On track",
            Status::NeedsAcceleration => "Needs acceleration",
            Status::LimitedProgress => "Limited progress",
            Status::Deterioration => "Deterioration",
            Status::TargetMissed => "Target missed",
            Status::Pending => "Pending",
            Status::NotAvailable => "Not available",
        }
    }

    pub(crate) fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|st| st.as_str() == s)
    }
}

/// Status thresholds on the ratio R (defaults 0.95 / 0.6 / 0, as Open SDG uses).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    pub(crate) high: f64,
    pub(crate) medium: f64,
    pub(crate) low: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            high: 0.95,
            medium: 0.6,
            low: 0.0,
        }
    }
}

/// How an incomplete year was projected to a full year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Projection {
    Seasonal,
    Linear,
}

/// Progress of a goal measured by a series (all types but milestone).
/// Serialises to the fields of `status --format json` (docs/formats.md, "Status output").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeriesProgress {
    pub(crate) goal: String,
    #[serde(serialize_with = "crate::domain::lang::serialize_en")]
    pub(crate) title: Text,
    pub(crate) region: String,
    pub(crate) indicator: String,
    #[serde(serialize_with = "crate::domain::lang::serialize_en")]
    pub(crate) unit: Text,
    #[serde(rename = "type")]
    pub(crate) kind: &'static str,
    pub(crate) direction: &'static str,
    pub(crate) baseline_year: Option<i32>,
    pub(crate) baseline_value: Option<f64>,
    pub(crate) target_year: Option<i32>,
    pub(crate) target_value: Option<f64>,
    pub(crate) current_period: Option<Period>,
    pub(crate) current_value: Option<f64>,
    pub(crate) projected: bool,
    pub(crate) projection: Option<Projection>,
    pub(crate) to_date: Option<f64>,
    pub(crate) expected_to_date: Option<f64>,
    pub(crate) yoy_to_date: Option<f64>,
    pub(crate) required_per_period: Option<f64>,
    pub(crate) progress_ratio: Option<f64>,
    pub(crate) score: Option<f64>,
    pub(crate) status: Status,
    #[serde(rename = "final")]
    pub(crate) is_final: bool,
    pub(crate) missing: Vec<Period>,
    /// Periods whose figure was due by the as-of date and is missing.
    pub(crate) overdue: Vec<Period>,
    /// The share of earlier years' patterns in which the rest of this year
    /// meets the target (see [`chance()`]); null where it does not apply.
    pub(crate) chance: Option<f64>,
    /// How many earlier years that share rests on (0 where it does not apply).
    pub(crate) chance_years: usize,
    /// The lowest and highest full-year outcome of those patterns.
    pub(crate) projection_range: Option<[f64; 2]>,
    /// Set when the goal is stale: its target year should be complete and
    /// is not; the first period whose missing figure keeps it incomplete.
    pub(crate) stale_since: Option<Period>,
}

/// Runs of overdue periods named in a view before the rest are only counted.
pub(crate) const OVERDUE_RUNS_SHOWN: usize = 6;

impl SeriesProgress {
    /// For a stale goal, what every view says instead of a projection:
    /// "figures missing since 2021-07".
    #[cfg(test)]
    pub(crate) fn stale_words(&self) -> Option<String> {
        self.stale_since
            .map(|p| format!("figures missing since {p}"))
    }

    /// The chance as computed, for its wording (`Chance::words`).
    pub(crate) fn chance_detail(&self) -> Chance {
        Chance {
            chance: self.chance,
            years: self.chance_years,
            range: self.projection_range,
        }
    }

    /// The overdue periods in a few words ("2021-07 to 2021-12"), if any.
    #[cfg(test)]
    pub(crate) fn overdue_words(&self) -> Option<String> {
        (!self.overdue.is_empty()).then(|| period_runs(&self.overdue, OVERDUE_RUNS_SHOWN))
    }
}

/// Progress of a milestone goal.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MilestoneProgress {
    pub(crate) goal: String,
    #[serde(serialize_with = "crate::domain::lang::serialize_en")]
    pub(crate) title: Text,
    pub(crate) region: String,
    #[serde(rename = "type")]
    pub(crate) kind: &'static str,
    pub(crate) due: NaiveDate,
    pub(crate) milestone_state: MilestoneState,
    pub(crate) score: Option<f64>,
    pub(crate) status: Status,
}

/// One goal's progress, whichever kind of goal it is.
// Most goals are series goals, so boxing the larger variant would cost an
// allocation for the common case to save memory on the rare one; and other
// modules construct and match this enum as it is.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum GoalProgress {
    /// An indicator-based goal.
    Series(SeriesProgress),
    /// A milestone goal.
    Milestone(MilestoneProgress),
}

impl GoalProgress {
    pub(crate) fn goal(&self) -> &str {
        match self {
            GoalProgress::Series(s) => &s.goal,
            GoalProgress::Milestone(m) => &m.goal,
        }
    }
    pub(crate) fn region(&self) -> &str {
        match self {
            GoalProgress::Series(s) => &s.region,
            GoalProgress::Milestone(m) => &m.region,
        }
    }
    pub(crate) fn status(&self) -> Status {
        match self {
            GoalProgress::Series(s) => s.status,
            GoalProgress::Milestone(m) => m.status,
        }
    }
    pub(crate) fn score(&self) -> Option<f64> {
        match self {
            GoalProgress::Series(s) => s.score,
            GoalProgress::Milestone(m) => m.score,
        }
    }
}

/// A region's (or, with region `"*"`, the whole catalogue's) roll-up.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Rollup {
    pub(crate) region: String,
    pub(crate) goals: usize,
    pub(crate) score: Option<f64>,
    pub(crate) status: Status,
}

/// Evaluate a series goal as of `as_of` (only periods ended by then count).
/// `series` holds the goal's region × indicator figures (as known at the
/// chosen time); it is restricted to `as_of` here. A milestone goal given
/// here comes back `not_available` (use [`evaluate_milestone`]).
pub(crate) fn evaluate(
    goal: &Goal,
    indicator: &Indicator,
    series: &Series,
    as_of: NaiveDate,
    thresholds: &Thresholds,
) -> SeriesProgress {
    let mut out = skeleton(goal, indicator);
    if goal.is_milestone() {
        return out;
    }
    let series = goal_window(goal, series, as_of);
    let b = baseline(goal, &series);
    let tau = target_value(&goal.kind, b);
    out.baseline_value = b;
    out.target_value = tau;
    out.is_final = goal.target_year.is_some_and(|t| series.is_complete(t));
    out.missing = missing(goal, &series);
    out.overdue = overdue_periods(goal, indicator, &series, as_of)
        .into_iter()
        .map(|(p, _)| p)
        .collect();
    let stale = goal
        .last_year()
        .and_then(|t| stale::stale_since(t, indicator, &series, as_of, &out.overdue));
    judge_series(&mut out, goal, &series, thresholds);
    if let Some(since) = stale {
        stale::settle(&mut out, since);
    }
    out
}

/// Everything that comes from the current point: the value, ratio, score,
/// status and the extra figures, as the rules give them for a goal that
/// is not stale.
fn judge_series(out: &mut SeriesProgress, goal: &Goal, series: &Series, thresholds: &Thresholds) {
    let Some(cp) = current_point(series, goal.last_year()) else {
        return;
    };
    describe_current(out, series, &cp);
    let (Some(b), Some(base)) = (out.baseline_value, goal.baseline_year) else {
        return;
    };
    let judged = match (&goal.kind, out.target_value, goal.target_year) {
        (GoalKind::Trend { limit }, _, _) => judge_trend(goal, b, base, *limit, &cp),
        (_, Some(tau), Some(target)) => {
            let goal_line = Line {
                b,
                tau,
                base,
                target,
            };
            add_extras(out, series, &goal_line, &cp);
            add_chance(out, goal, series, &goal_line, &cp);
            goal_line.judge(goal, &cp, out.is_final, series.measure(), thresholds)
        }
        _ => Judgement::not_available(),
    };
    out.progress_ratio = judged.ratio;
    out.score = judged.score;
    out.status = judged.status;
}

/// The baseline b actually used: the goal's `baseline_value`, else A(B).
pub(crate) fn baseline(goal: &Goal, series: &Series) -> Option<f64> {
    goal.baseline_value
        .or_else(|| goal.baseline_year.and_then(|y| series.annual(y)))
}

/// τ for a goal with baseline `b` (`None` for trends and milestones, and
/// for relative goals without a baseline).
pub(crate) fn target_value(kind: &GoalKind, b: Option<f64>) -> Option<f64> {
    match kind {
        GoalKind::Growth { percent } => b.map(|b| b * (1.0 + percent / 100.0)),
        GoalKind::Multiple { factor } => b.map(|b| b * factor),
        GoalKind::Level { value } => Some(*value),
        GoalKind::Trend { .. } | GoalKind::Milestone { .. } => None,
    }
}

/// The series as the goal sees it: up to `as_of`, and up to the target year.
fn goal_window(goal: &Goal, series: &Series, as_of: NaiveDate) -> Series {
    let cut = series.as_of(as_of);
    match goal.last_year() {
        Some(year) => cut.up_to_year(year),
        None => cut,
    }
}

fn skeleton(goal: &Goal, indicator: &Indicator) -> SeriesProgress {
    SeriesProgress {
        goal: goal.id.to_string(),
        title: goal.title.clone(),
        region: goal.region.to_string(),
        indicator: indicator.id.to_string(),
        unit: indicator.unit.clone(),
        kind: goal.kind.type_name(),
        direction: goal.direction.as_str(),
        baseline_year: goal.baseline_year,
        baseline_value: None,
        target_year: goal.target_year,
        target_value: None,
        current_period: None,
        current_value: None,
        projected: false,
        projection: None,
        to_date: None,
        expected_to_date: None,
        yoy_to_date: None,
        required_per_period: None,
        progress_ratio: None,
        score: None,
        status: Status::NotAvailable,
        is_final: false,
        missing: Vec::new(),
        overdue: Vec::new(),
        chance: None,
        chance_years: 0,
        projection_range: None,
        stale_since: None,
    }
}

/// Gaps from the baseline to the latest figure the goal can use. The latest
/// figure, not the current point: a flow's current point stops at a gap, and
/// the gap is exactly what operators need to see. The baseline needs all of
/// year B for a flow but only B's last reading for a level; when the goal
/// states its baseline value, B's figures are not needed at all.
fn missing(goal: &Goal, series: &Series) -> Vec<Period> {
    let (Some((last, _)), Some((first, _))) = (series.latest(), series.values().first_key_value())
    else {
        return Vec::new();
    };
    let n = series.per_year();
    let from = match (goal.baseline_year, goal.baseline_value, series.measure()) {
        (Some(y), None, Measure::Flow) => Period::new(y, 1, series.frequency()),
        (Some(y), None, Measure::Level) => Period::new(y, n, series.frequency()),
        (Some(y), Some(_), _) => Period::new(y + 1, 1, series.frequency()),
        (None, _, _) => Some(*first),
    };
    from.map(|from| series.gaps(from, last)).unwrap_or_default()
}

fn describe_current(out: &mut SeriesProgress, series: &Series, cp: &CurrentPoint) {
    out.current_period = Some(cp.period);
    out.current_value = Some(cp.value);
    out.projected = cp.is_projected();
    out.projection = cp.projection;
    out.to_date = Some(cp.to_date);
    out.yoy_to_date = yoy_to_date(series, cp);
}

/// Growth over the same part of last year: YTD_k(Y) / YTD_k(Y−1) − 1 for a
/// flow (last year's part must be complete and positive), the reading over
/// the one a year earlier − 1 for a level.
fn yoy_to_date(series: &Series, cp: &CurrentPoint) -> Option<f64> {
    let earlier = match series.measure() {
        Measure::Flow => series
            .ytd_checked(cp.year - 1, cp.counted())
            .filter(|x| *x > 0.0)?,
        Measure::Level => series.get(cp.period.year_before()?)?,
    };
    let yoy = cp.to_date / earlier - 1.0;
    yoy.is_finite().then_some(yoy)
}

/// The chance of meeting the target: for a flow goal judged in its target
/// year while that year is incomplete (a stale goal loses it again).
fn add_chance(
    out: &mut SeriesProgress,
    goal: &Goal,
    series: &Series,
    line: &Line,
    cp: &CurrentPoint,
) {
    if series.measure() != Measure::Flow || cp.year != line.target || !cp.is_projected() {
        return;
    }
    let increase = goal.direction == super::catalogue::Direction::Increase;
    let c = chance(
        series,
        cp.year,
        cp.counted(),
        cp.to_date,
        line.tau,
        increase,
    );
    out.chance = c.chance;
    out.chance_years = c.years;
    out.projection_range = c.range;
}

/// `expected_to_date` and `required_per_period`, which need τ.
fn add_extras(out: &mut SeriesProgress, series: &Series, line: &Line, cp: &CurrentPoint) {
    // A projected year is compared at its share of the full-year path value.
    let (t, share) = match cp.share {
        Some(s) => (f64::from(cp.year), s),
        None => (cp.time, 1.0),
    };
    out.expected_to_date = line.at(t).map(|p| p * share);
    let n = series.per_year();
    let k = cp.counted();
    if series.measure() == Measure::Flow && cp.year == line.target && cp.is_projected() {
        out.required_per_period = Some((line.tau - cp.to_date) / f64::from(n - k));
    }
}
