//! Test data: the worked examples of docs/progress.md as hand-built views
//! (the progress numbers are docs/progress.md's, not computed here), plus hostile text.

use super::*;
use crate::domain::progress::{MilestoneProgress, Projection, SeriesProgress};
use crate::domain::{Direction, Frequency, GoalKind, Measure, MilestoneState, Slug};

pub(crate) const HOSTILE: &str =
    "<script>alert('x')</script> & \"quotes\" \u{7}\u{1b}[31m العربية עברית";

pub(crate) fn slug(s: &str) -> Slug {
    Slug::parse(s).unwrap()
}

pub(crate) fn indicator(
    id: &str,
    unit: &str,
    frequency: Frequency,
    measure: Measure,
    decimals: u8,
) -> Indicator {
    Indicator {
        id: slug(id),
        name: format!("{id} name").into(),
        unit: unit.into(),
        frequency,
        measure,
        due_days: 20,
        decimals,
        rules: Default::default(),
        unit_mult: 0,
        review: Default::default(),
    }
}

pub(crate) fn goal(
    id: &str,
    title: &str,
    kind: GoalKind,
    baseline: Option<i32>,
    target: Option<i32>,
) -> Goal {
    Goal {
        id: slug(id),
        title: title.into(),
        region: slug("liaoning"),
        indicator: (!matches!(kind, GoalKind::Milestone { .. })).then(|| slug("ind")),
        kind,
        direction: Direction::Increase,
        baseline_year: baseline,
        baseline_value: None,
        target_year: target,
        source: Some("opening-up-2021".into()),
        quote: Some("The number of trains increased by more than 10%.".into()),
        note: None,
    }
}

fn blank(g: &Goal, ind: &Indicator, status: Status) -> SeriesProgress {
    SeriesProgress {
        goal: g.id.to_string(),
        title: g.title.clone(),
        region: g.region.to_string(),
        indicator: ind.id.to_string(),
        unit: ind.unit.clone(),
        kind: g.kind.type_name(),
        direction: g.direction.as_str(),
        baseline_year: g.baseline_year,
        baseline_value: None,
        target_year: g.target_year,
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
        status,
        is_final: false,
        missing: vec![],
        overdue: vec![],
        chance: None,
        chance_years: 0,
        projection_range: None,
        stale_since: None,
    }
}

fn monthly(year: i32, values: &[f64]) -> Vec<(Period, f64)> {
    values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            (
                Period::new(year, i as u8 + 1, Frequency::Monthly).unwrap(),
                *v,
            )
        })
        .collect()
}

fn p(s: &str) -> Period {
    s.parse().unwrap()
}

/// Liaoning trains, growth 10% in 2021, figures to June 2021 (on track, seasonal).
pub(crate) fn liaoning(title: &str, region_name: &str) -> GoalView {
    let ind = indicator(
        "china-europe-trains",
        "trains",
        Frequency::Monthly,
        Measure::Flow,
        0,
    );
    let g = goal(
        "liaoning-trains-2021",
        title,
        GoalKind::Growth { percent: 10.0 },
        Some(2020),
        Some(2021),
    );
    let mut points = monthly(
        2020,
        &[60., 35., 70., 75., 80., 85., 90., 95., 90., 95., 100., 105.],
    );
    points.extend(monthly(2021, &[70., 45., 78., 84., 88., 92.]));
    let progress = SeriesProgress {
        baseline_value: Some(980.0),
        target_value: Some(1078.0),
        current_period: Some(p("2021-06")),
        current_value: Some(1105.827160493827),
        projected: true,
        projection: Some(Projection::Seasonal),
        to_date: Some(457.0),
        expected_to_date: Some(445.5),
        yoy_to_date: Some(0.128395061728395),
        required_per_period: Some(103.5),
        progress_ratio: Some(1.283950617283951),
        score: Some(4.885430),
        ..blank(&g, &ind, Status::OnTrack)
    };
    GoalView {
        goal: g,
        region_name: region_name.into(),
        indicator: Some(ind),
        progress: GoalProgress::Series(progress),
        points,
        flags: Vec::new(),
    }
}

/// The Liaoning goal with figures to June 2021, judged by the progress rules
/// as of 2026-11-30: stale, so not available and never projected.
pub(crate) fn stale_liaoning() -> GoalView {
    let mut v = liaoning("China-Europe trains up more than 10% in 2021", "Liaoning");
    let ind = v.indicator.clone().expect("a series goal");
    let series = crate::domain::Series::from_figures(
        ind.frequency,
        ind.measure,
        v.points
            .iter()
            .map(|(p, x)| (*p, *x, crate::domain::Basis::Period)),
    );
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let progress = crate::domain::progress::evaluate(
        &v.goal,
        &ind,
        &series,
        as_of,
        &crate::domain::Thresholds::default(),
    );
    v.progress = GoalProgress::Series(progress);
    v
}

/// Quarterly flow, multiple ×2 from 2020 to 2023, 2022 projected (limited progress).
pub(crate) fn quarterly_multiple() -> GoalView {
    let ind = indicator("fdi", "USD m", Frequency::Quarterly, Measure::Flow, 1);
    let g = goal(
        "fdi-double-2023",
        "Double FDI by 2023",
        GoalKind::Multiple { factor: 2.0 },
        Some(2020),
        Some(2023),
    );
    let q = |y, i, v| (Period::new(y, i, Frequency::Quarterly).unwrap(), v);
    let points = vec![
        q(2020, 1, 20.),
        q(2020, 2, 25.),
        q(2020, 3, 27.),
        q(2020, 4, 28.),
        q(2021, 1, 24.),
        q(2021, 2, 29.),
        q(2021, 3, 31.),
        q(2021, 4, 31.),
        q(2022, 1, 27.),
    ];
    let progress = SeriesProgress {
        baseline_value: Some(100.0),
        target_value: Some(200.0),
        current_period: Some(p("2022-Q1")),
        current_value: Some(129.375),
        projected: true,
        projection: Some(Projection::Seasonal),
        to_date: Some(27.0),
        expected_to_date: Some(33.128369),
        yoy_to_date: Some(27.0 / 24.0 - 1.0),
        progress_ratio: Some(0.528742),
        score: Some(-0.296888),
        missing: vec![p("2022-Q2")],
        ..blank(&g, &ind, Status::LimitedProgress)
    };
    GoalView {
        goal: g,
        region_name: "Liaoning".into(),
        indicator: Some(ind),
        progress: GoalProgress::Series(progress),
        points,
        flags: Vec::new(),
    }
}

/// Annual level goal 200 in 2023 from 100 in 2020 (Open SDG case).
pub(crate) fn annual_level() -> GoalView {
    let ind = indicator("parks", "%", Frequency::Annual, Measure::Level, 1);
    let g = goal(
        "parks-2023",
        "Industrial parks share reaches 200",
        GoalKind::Level { value: 200.0 },
        Some(2020),
        Some(2023),
    );
    let points = vec![(p("2020"), 100.0), (p("2021"), 110.0), (p("2022"), 121.0)];
    let progress = SeriesProgress {
        baseline_value: Some(100.0),
        target_value: Some(200.0),
        current_period: Some(p("2022")),
        current_value: Some(121.0),
        to_date: Some(121.0),
        expected_to_date: Some(158.74),
        yoy_to_date: Some(0.1),
        progress_ratio: Some(0.384732),
        score: Some(-0.896936),
        ..blank(&g, &ind, Status::LimitedProgress)
    };
    GoalView {
        goal: g,
        region_name: "China".into(),
        indicator: Some(ind),
        progress: GoalProgress::Series(progress),
        points,
        flags: Vec::new(),
    }
}

/// Monthly level trend goal (decrease), deteriorating.
pub(crate) fn trend() -> GoalView {
    let ind = indicator(
        "clearance-hours",
        "hours",
        Frequency::Monthly,
        Measure::Level,
        1,
    );
    let mut g = goal(
        "clearance-faster",
        "Customs clearance keeps getting faster",
        GoalKind::Trend { limit: None },
        Some(2020),
        None,
    );
    g.direction = Direction::Decrease;
    let mut points = monthly(
        2020,
        &[
            40., 39.5, 39., 38.2, 38., 37.5, 37.9, 38.4, 38.8, 39.1, 39.4, 40.,
        ],
    );
    points.extend(monthly(2021, &[40.5, 41.0, 41.2]));
    let progress = SeriesProgress {
        baseline_value: Some(40.0),
        current_period: Some(p("2021-03")),
        current_value: Some(41.2),
        to_date: Some(41.2),
        progress_ratio: Some(-0.12),
        score: Some(-5.0),
        ..blank(&g, &ind, Status::Deterioration)
    };
    GoalView {
        goal: g,
        region_name: "Dalian".into(),
        indicator: Some(ind),
        progress: GoalProgress::Series(progress),
        points,
        flags: Vec::new(),
    }
}

pub(crate) fn milestone() -> GoalView {
    let due = NaiveDate::from_ymd_opt(2021, 12, 31).unwrap();
    let g = goal(
        "shenyang-hub",
        "Shenyang assembly centre opens",
        GoalKind::Milestone { due },
        None,
        None,
    );
    let progress = MilestoneProgress {
        goal: g.id.to_string(),
        title: g.title.clone(),
        region: g.region.to_string(),
        kind: "milestone",
        due,
        milestone_state: MilestoneState::InProgress,
        score: None,
        status: Status::Pending,
    };
    GoalView {
        goal: g,
        region_name: "Shenyang".into(),
        indicator: None,
        progress: GoalProgress::Milestone(progress),
        points: vec![],
        flags: Vec::new(),
    }
}

pub(crate) fn all_views() -> Vec<GoalView> {
    vec![
        liaoning("China-Europe trains up more than 10% in 2021", "Liaoning"),
        quarterly_multiple(),
        annual_level(),
        trend(),
        milestone(),
    ]
}

pub(crate) fn input(views: Vec<GoalView>) -> ReportInput {
    ReportInput {
        lang: Lang::En,
        as_of: NaiveDate::from_ymd_opt(2021, 7, 31).unwrap(),
        known_at: None,
        generated_at: DateTime::parse_from_rfc3339("2021-08-01T08:00:00Z")
            .unwrap()
            .with_timezone(&Utc),
        views,
        attention: Attention {
            changed: vec![StatusChange {
                title: "Double FDI by 2023".into(),
                from: Some(Status::NeedsAcceleration),
                to: Status::LimitedProgress,
            }],
            overdue: vec![Overdue {
                region: "Liaoning".into(),
                indicator: "Foreign direct investment".into(),
                period: p("2022-Q2"),
                due: NaiveDate::from_ymd_opt(2022, 7, 20).unwrap(),
            }],
            alerts: vec!["clearance-faster: deterioration since 2021-03".into()],
        },
        status_json: "[{\"goal\":\"liaoning-trains-2021\"}]\n".into(),
        comments: Vec::new(),
        email: EmailSettings {
            from: "waymark <waymark@localhost>".into(),
            to: vec!["reports@localhost".into()],
        },
    }
}
