//! spec/progress.md, exactly: each goal's current point, projection, ratio,
//! score and status, the extra figures, milestones and the roll-up.

use super::catalogue::{Goal, Indicator};
use super::figure::MilestoneState;
use super::period::Period;
use super::series::Series;
use chrono::NaiveDate;
use serde::Serialize;

/// A goal's status. The order is the display order (best first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    TargetAchieved,
    OnTrack,
    NeedsAcceleration,
    LimitedProgress,
    Deterioration,
    TargetMissed,
    Pending,
    NotAvailable,
}

impl Status {
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
    pub fn as_str(self) -> &'static str {
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

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|st| st.as_str() == s)
    }
}

/// Status thresholds on the ratio R (spec defaults 0.95 / 0.6 / 0).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    pub high: f64,
    pub medium: f64,
    pub low: f64,
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
pub enum Projection {
    Seasonal,
    Linear,
}

/// Progress of a goal measured by a series (all types but milestone).
/// Serialises to the fields of `status --format json` (interface.md).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeriesProgress {
    pub goal: String,
    pub title: String,
    pub region: String,
    pub indicator: String,
    pub unit: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub direction: &'static str,
    pub baseline_year: Option<i32>,
    pub baseline_value: Option<f64>,
    pub target_year: Option<i32>,
    pub target_value: Option<f64>,
    pub current_period: Option<Period>,
    pub current_value: Option<f64>,
    pub projected: bool,
    pub projection: Option<Projection>,
    pub to_date: Option<f64>,
    pub expected_to_date: Option<f64>,
    pub yoy_to_date: Option<f64>,
    pub required_per_period: Option<f64>,
    pub progress_ratio: Option<f64>,
    pub score: Option<f64>,
    pub status: Status,
    #[serde(rename = "final")]
    pub is_final: bool,
    pub missing: Vec<Period>,
}

/// Progress of a milestone goal.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MilestoneProgress {
    pub goal: String,
    pub title: String,
    pub region: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub due: NaiveDate,
    pub milestone_state: MilestoneState,
    pub score: Option<f64>,
    pub status: Status,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum GoalProgress {
    Series(SeriesProgress),
    Milestone(MilestoneProgress),
}

impl GoalProgress {
    pub fn goal(&self) -> &str {
        match self {
            GoalProgress::Series(s) => &s.goal,
            GoalProgress::Milestone(m) => &m.goal,
        }
    }
    pub fn region(&self) -> &str {
        match self {
            GoalProgress::Series(s) => &s.region,
            GoalProgress::Milestone(m) => &m.region,
        }
    }
    pub fn status(&self) -> Status {
        match self {
            GoalProgress::Series(s) => s.status,
            GoalProgress::Milestone(m) => m.status,
        }
    }
    pub fn score(&self) -> Option<f64> {
        match self {
            GoalProgress::Series(s) => s.score,
            GoalProgress::Milestone(m) => m.score,
        }
    }
}

/// A region's (or, with region `"*"`, the whole catalogue's) roll-up.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rollup {
    pub region: String,
    pub goals: usize,
    pub score: Option<f64>,
    pub status: Status,
}

/// Evaluate a series goal as of `as_of` (only periods ended by then count).
/// `series` holds the goal's region × indicator figures (as known at the
/// chosen time); it is restricted to `as_of` here.
pub fn evaluate(
    goal: &Goal,
    indicator: &Indicator,
    series: &Series,
    as_of: NaiveDate,
    thresholds: &Thresholds,
) -> SeriesProgress {
    todo!("{goal:?} {indicator:?} {series:?} {as_of} {thresholds:?}")
}

/// Evaluate a milestone goal given its current state.
pub fn evaluate_milestone(
    goal: &Goal,
    state: MilestoneState,
    as_of: NaiveDate,
) -> MilestoneProgress {
    todo!("{goal:?} {state} {as_of}")
}

/// Roll up the goals given (already filtered to one region, or all for "*").
pub fn rollup(region: &str, goals: &[&GoalProgress]) -> Rollup {
    todo!("{region} {}", goals.len())
}
