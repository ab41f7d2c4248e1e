//! Which alerts fire, their labels, and fingerprints that ignore the status.

use super::*;
use crate::domain::figure::MilestoneState;
use crate::domain::progress::MilestoneProgress;
use chrono::{NaiveDate, TimeZone};

fn milestone(status: Status) -> GoalProgress {
    GoalProgress::Milestone(MilestoneProgress {
        goal: "guizhou-port".into(),
        title: "Open the inland port".into(),
        region: "guizhou".into(),
        kind: "milestone",
        due: NaiveDate::from_ymd_opt(2021, 12, 31).unwrap(),
        milestone_state: MilestoneState::InProgress,
        score: Some(-5.0),
        status,
    })
}

const WATCHED: [Status; 2] = [Status::TargetMissed, Status::Deterioration];

/// Words are the caller's: here the data itself, so a test sees it was passed on.
pub(crate) fn debug_words(about: &About) -> BTreeMap<String, String> {
    BTreeMap::from([("summary".to_string(), format!("{about:?}"))])
}

fn fire(progress: &[GoalProgress]) -> Vec<Desired> {
    firing(
        &Inputs {
            progress,
            statuses: &WATCHED,
            ..Inputs::default()
        },
        &debug_words,
    )
}

#[test]
fn a_watched_status_fires_with_the_required_labels_and_a_summary() {
    let alerts = fire(&[milestone(Status::TargetMissed)]);
    assert_eq!(alerts.len(), 1);
    let a = &alerts[0];
    for (k, v) in [
        ("alertname", "goal_status"),
        ("goal", "guizhou-port"),
        ("region", "guizhou"),
        ("indicator", ""),
        ("status", "target_missed"),
        ("severity", "critical"),
    ] {
        assert_eq!(a.labels[k], v, "label {k}");
    }
    assert_eq!(
        a.about,
        About::GoalStatus {
            goal: "guizhou-port".into(),
            title: "Open the inland port".into(),
            region: "guizhou".into(),
            status: Status::TargetMissed,
            score: Some(-5.0),
        }
    );
    assert_eq!(
        a.annotations,
        debug_words(&a.about),
        "annotated by the caller"
    );
    assert_eq!(a.fingerprint.len(), 16);
}

#[test]
fn an_unwatched_status_does_not_fire() {
    assert!(fire(&[milestone(Status::Pending)]).is_empty());
}

#[test]
fn the_fingerprint_ignores_the_status() {
    let a = &fire(&[milestone(Status::TargetMissed)])[0];
    let b = &fire(&[milestone(Status::Deterioration)])[0];
    assert_eq!(a.fingerprint, b.fingerprint);
    assert_ne!(a.labels, b.labels);
}

#[test]
fn each_kind_names_what_it_is_about() {
    let period: Period = "2021-05".parse().unwrap();
    let overdue = [OverdueFigure {
        region: "liaoning".into(),
        indicator: "china-europe-trains".into(),
        period,
        due: NaiveDate::from_ymd_opt(2021, 6, 20).unwrap(),
    }];
    let suspect = [SuspectFigure {
        region: "liaoning".into(),
        indicator: "china-europe-trains".into(),
        period,
        value: 900.0,
        reason: "a unit slip?".into(),
    }];
    let failures = [SourceFailure {
        source: "wb-trade".into(),
        error: "HTTP 503".into(),
        since: Utc.with_ymd_and_hms(2021, 7, 1, 8, 0, 0).unwrap(),
    }];
    let alerts = firing(
        &Inputs {
            overdue: &overdue,
            suspect: &suspect,
            failures: &failures,
            ..Inputs::default()
        },
        &debug_words,
    );
    let abouts: Vec<&About> = alerts.iter().map(|a| &a.about).collect();
    for want in [
        About::FigureOverdue {
            figure: overdue[0].clone(),
            goals: vec![],
        },
        About::FigureSuspect(suspect[0].clone()),
        About::SourceFailed(failures[0].clone()),
    ] {
        assert!(abouts.contains(&&want), "{abouts:?}");
    }
    let names: std::collections::BTreeSet<&str> = alerts
        .iter()
        .map(|a| a.labels["alertname"].as_str())
        .collect();
    assert_eq!(names.len(), 3);
}

#[test]
fn intervals_parse_in_days_hours_and_minutes() {
    assert_eq!(parse_interval("7d"), Ok(Duration::days(7)));
    assert_eq!(parse_interval("12h"), Ok(Duration::hours(12)));
    assert_eq!(parse_interval("30m"), Ok(Duration::minutes(30)));
    assert_eq!(parse_interval("1d12h"), Ok(Duration::hours(36)));
    for bad in ["", "7", "d", "7w", "0d", "-1d"] {
        assert!(parse_interval(bad).is_err(), "{bad:?}");
    }
}
