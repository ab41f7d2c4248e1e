//! Milestone states and the roll-up of scores.

use super::*;
use crate::domain::figure::MilestoneState;

fn milestone() -> Goal {
    Goal {
        indicator: None,
        baseline_year: None,
        ..goal(
            GoalKind::Milestone {
                due: date(2021, 12, 31),
            },
            2020,
            None,
        )
    }
}

fn state_on(state: MilestoneState, as_of: NaiveDate) -> MilestoneProgress {
    evaluate_milestone(&milestone(), state, as_of)
}

#[test]
fn a_done_milestone_is_achieved_even_after_its_due_date() {
    for as_of in [date(2021, 6, 1), date(2022, 6, 1)] {
        let m = state_on(MilestoneState::Done, as_of);
        assert_eq!((m.status, m.score), (Status::TargetAchieved, Some(5.0)));
    }
}

#[test]
fn an_open_milestone_is_pending_until_due_then_missed() {
    for state in [MilestoneState::Planned, MilestoneState::InProgress] {
        let m = state_on(state, date(2021, 12, 31));
        assert_eq!(
            (m.status, m.score),
            (Status::Pending, None),
            "due day itself"
        );
        let m = state_on(state, date(2022, 1, 1));
        assert_eq!((m.status, m.score), (Status::TargetMissed, Some(-5.0)));
    }
}

#[test]
fn a_dropped_milestone_is_not_available_before_and_after_due() {
    for as_of in [date(2021, 6, 1), date(2022, 6, 1)] {
        let m = state_on(MilestoneState::Dropped, as_of);
        assert_eq!((m.status, m.score), (Status::NotAvailable, None));
    }
}

#[test]
fn a_milestone_reports_its_due_date_state_and_type() {
    let m = state_on(MilestoneState::InProgress, date(2021, 6, 1));
    assert_eq!(m.due, date(2021, 12, 31));
    assert_eq!(m.kind, "milestone");
    let json = serde_json::to_value(&m).unwrap();
    assert_eq!(json["milestone_state"], "in_progress");
    assert_eq!(json["due"], "2021-12-31");
}

fn scored(score: Option<f64>, status: Status) -> GoalProgress {
    GoalProgress::Milestone(MilestoneProgress {
        score,
        status,
        ..state_on(MilestoneState::Planned, date(2021, 1, 1))
    })
}

fn roll(goals: &[GoalProgress]) -> Rollup {
    rollup("r", &goals.iter().collect::<Vec<_>>())
}

#[test]
fn rollup_is_the_mean_of_the_scores_that_exist() {
    let r = roll(&[
        scored(Some(5.0), Status::TargetAchieved),
        scored(Some(2.8572), Status::OnTrack),
        scored(None, Status::Pending),
        scored(Some(-1.0), Status::LimitedProgress),
    ]);
    assert_eq!(r.goals, 4);
    exact(r.score, (5.0 + 2.8572 - 1.0) / 3.0);
    assert_eq!(r.status, Status::NeedsAcceleration);
    assert_eq!(r.region, "r");
}

#[test]
fn rollup_is_achieved_when_every_scored_goal_is() {
    let r = roll(&[
        scored(Some(5.0), Status::TargetAchieved),
        scored(None, Status::NotAvailable),
    ]);
    assert_eq!(r.status, Status::TargetAchieved);
    let r = roll(&[
        scored(Some(5.0), Status::TargetAchieved),
        scored(Some(5.0), Status::OnTrack),
    ]);
    assert_eq!(r.status, Status::OnTrack);
}

#[test]
fn rollup_band_edges_belong_to_the_better_band() {
    let band = |s: f64| roll(&[scored(Some(s), Status::OnTrack)]).status;
    assert_eq!(band(2.5), Status::OnTrack);
    assert_eq!(band(2.4999), Status::NeedsAcceleration);
    assert_eq!(band(0.0), Status::NeedsAcceleration);
    assert_eq!(band(-0.0001), Status::LimitedProgress);
    assert_eq!(band(-2.5), Status::LimitedProgress);
    assert_eq!(band(-2.5001), Status::Deterioration);
}

#[test]
fn rollup_without_scores_is_not_available() {
    let r = roll(&[scored(None, Status::Pending)]);
    assert_eq!(
        (r.score, r.status, r.goals),
        (None, Status::NotAvailable, 1)
    );
    let r = roll(&[]);
    assert_eq!(
        (r.score, r.status, r.goals),
        (None, Status::NotAvailable, 0)
    );
}
