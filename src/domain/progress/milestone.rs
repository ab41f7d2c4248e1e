//! Milestones and the roll-up of scores (docs/progress.md "Milestones",
//! "Roll-up").

use super::{GoalProgress, MilestoneProgress, Rollup, Status};
use crate::domain::catalogue::{Goal, GoalKind};
use crate::domain::figure::MilestoneState;
use chrono::NaiveDate;

/// Evaluate a milestone goal given its current state. A dropped milestone
/// is `not_available` even when past due: operators withdrew it, so it no
/// longer counts for or against anyone. A goal that is not a milestone
/// comes back `not_available` with `due` set to the latest date.
pub(crate) fn evaluate_milestone(
    goal: &Goal,
    state: MilestoneState,
    as_of: NaiveDate,
) -> MilestoneProgress {
    let due = match goal.kind {
        GoalKind::Milestone { due } => Some(due),
        _ => None,
    };
    let status = match (state, due) {
        (_, None) | (MilestoneState::Dropped, _) => Status::NotAvailable,
        (MilestoneState::Done, _) => Status::TargetAchieved,
        (_, Some(due)) if as_of > due => Status::TargetMissed,
        _ => Status::Pending,
    };
    let score = match status {
        Status::TargetAchieved => Some(5.0),
        Status::TargetMissed => Some(-5.0),
        _ => None,
    };
    MilestoneProgress {
        goal: goal.id.to_string(),
        title: goal.title.clone(),
        region: goal.region.to_string(),
        kind: goal.kind.type_name(),
        due: due.unwrap_or(NaiveDate::MAX),
        milestone_state: state,
        score,
        status,
    }
}

/// Roll up the goals given (already filtered to one region, or all for "*").
///
/// Band edges belong to the better band (score ≥ 2.5 is on track, ≥ 0 needs
/// acceleration, ≥ −2.5 limited progress), as with the ratio thresholds, so a
/// goal exactly on its path (score 2.8572) and a mean of exactly 0 read the
/// same way as their goal-level counterparts.
pub(crate) fn rollup(region: &str, goals: &[&GoalProgress]) -> Rollup {
    let scored: Vec<&GoalProgress> = goals
        .iter()
        .copied()
        .filter(|g| g.score().is_some())
        .collect();
    let mean = (!scored.is_empty())
        .then(|| scored.iter().filter_map(|g| g.score()).sum::<f64>() / scored.len() as f64);
    let status = match mean {
        None => Status::NotAvailable,
        Some(_) if scored.iter().all(|g| g.status() == Status::TargetAchieved) => {
            Status::TargetAchieved
        }
        Some(m) if m >= 2.5 => Status::OnTrack,
        Some(m) if m >= 0.0 => Status::NeedsAcceleration,
        Some(m) if m >= -2.5 => Status::LimitedProgress,
        Some(_) => Status::Deterioration,
    };
    Rollup {
        region: region.to_string(),
        goals: goals.len(),
        score: mean,
        status,
    }
}
