//! The worked examples of docs/progress.md digit for digit, one test per
//! edge case, and property tests of the rules' invariants.

use super::*;
use crate::domain::catalogue::{Catalogue, Direction, Slug};
use crate::domain::figure::Basis;
use crate::domain::period::Frequency;

const LIAONING_2020: [f64; 12] = [
    60.0, 35.0, 70.0, 75.0, 80.0, 85.0, 90.0, 95.0, 90.0, 95.0, 100.0, 105.0,
];
const LIAONING_2021_H1: [f64; 6] = [70.0, 45.0, 78.0, 84.0, 88.0, 92.0];
const LIAONING_2021_H2: [f64; 6] = [90.0, 92.0, 88.0, 90.0, 95.0, 97.0];

/// Within relative 1e-9 of a value docs/progress.md gives in full.
#[track_caller]
fn exact(got: Option<f64>, want: f64) {
    let got = got.expect("a value");
    assert!(
        (got - want).abs() <= 1e-9 * want.abs().max(1.0),
        "got {got}, want {want}"
    );
}

/// Matches every digit docs/progress.md gives (`1105.827160…`, or a 6-digit
/// Open SDG figure): off by less than one unit in the last digit given.
#[track_caller]
fn digits(got: Option<f64>, given: &str) {
    let got = got.expect("a value");
    let decimals = given.split('.').nth(1).map_or(0, str::len) as i32;
    let want: f64 = given.parse().unwrap();
    assert!(
        (got - want).abs() < 10f64.powi(-decimals),
        "got {got}, want {given}…"
    );
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// The day the latest figure's period ended: judged as soon as the figures
/// are in, before the rest of the target year falls due (so never stale).
fn fresh(s: &Series) -> NaiveDate {
    s.latest().map_or(date(2020, 1, 1), |(p, _)| p.end_date())
}

fn period(s: &str) -> Period {
    s.parse().unwrap()
}

fn goal(kind: GoalKind, base: i32, target: Option<i32>) -> Goal {
    Goal {
        id: Slug::parse("g").unwrap(),
        title: "A goal".into(),
        region: Slug::parse("r").unwrap(),
        indicator: Some(Slug::parse("i").unwrap()),
        kind,
        direction: Direction::Increase,
        baseline_year: Some(base),
        baseline_value: None,
        target_year: target,
        source: None,
        quote: None,
        note: None,
    }
}

fn decreasing(g: Goal) -> Goal {
    Goal {
        direction: Direction::Decrease,
        ..g
    }
}

fn indicator(frequency: Frequency, measure: Measure) -> Indicator {
    Indicator {
        id: Slug::parse("i").unwrap(),
        name: "An indicator".into(),
        unit: "things".into(),
        frequency,
        measure,
        due_days: 20,
        decimals: 0,
        rules: Default::default(),
        unit_mult: 0,
        review: Default::default(),
    }
}

/// Figures for the leading sub-periods of `year`, as period values.
fn year_of(year: i32, frequency: Frequency, values: &[f64]) -> Vec<(Period, f64, Basis)> {
    values
        .iter()
        .zip(1u8..)
        .map(|(v, j)| (Period::new(year, j, frequency).unwrap(), *v, Basis::Period))
        .collect()
}

fn series(frequency: Frequency, measure: Measure, years: &[(i32, &[f64])]) -> Series {
    let figures = years
        .iter()
        .flat_map(|(y, values)| year_of(*y, frequency, values));
    Series::from_figures(frequency, measure, figures)
}

fn run(g: &Goal, s: &Series, as_of: NaiveDate) -> SeriesProgress {
    let ind = indicator(s.frequency(), s.measure());
    evaluate(g, &ind, s, as_of, &Thresholds::default())
}

const LIAONING_TOML: &str = r#"
[[region]]
id = "liaoning"
name = "Liaoning"

[[indicator]]
id = "china-europe-trains"
name = "China-Europe freight trains"
unit = "trains"
frequency = "monthly"
measure = "flow"

[[goal]]
id = "liaoning-trains-2021"
title = "China-Europe trains up more than 10% in 2021"
region = "liaoning"
indicator = "china-europe-trains"
type = "growth"
percent = 10
target_year = 2021
"#;

/// The Liaoning goal and indicator straight from catalogue TOML.
fn liaoning(extra: &str) -> (Goal, Indicator) {
    let cat = Catalogue::from_toml(&format!("{LIAONING_TOML}{extra}"), "c.toml").unwrap();
    (cat.goals[0].clone(), cat.indicators[0].clone())
}

fn liaoning_series(years: &[(i32, &[f64])]) -> Series {
    series(Frequency::Monthly, Measure::Flow, years)
}

fn liaoning_run(extra: &str, s: &Series) -> SeriesProgress {
    let (g, ind) = liaoning(extra);
    evaluate(&g, &ind, s, fresh(s), &Thresholds::default())
}

#[test]
fn liaoning_trains_in_june_are_projected_with_last_years_seasons() {
    let s = liaoning_series(&[(2020, &LIAONING_2020), (2021, &LIAONING_2021_H1)]);
    let p = liaoning_run("", &s);
    exact(p.target_value, 1078.0);
    exact(p.baseline_value, 980.0);
    exact(p.to_date, 457.0);
    digits(p.current_value, "1105.827160");
    digits(p.progress_ratio, "1.283950");
    digits(p.score, "4.885430");
    assert_eq!(p.status, Status::OnTrack);
    exact(p.expected_to_date, 445.5);
    digits(p.yoy_to_date, "0.128395");
    exact(p.required_per_period, 103.5);
    assert!(p.projected);
    assert_eq!(p.projection, Some(Projection::Seasonal));
    assert_eq!(p.current_period, Some(period("2021-06")));
    assert!(!p.is_final);
    assert!(p.missing.is_empty());
}

#[test]
fn liaoning_trains_with_only_a_baseline_value_are_projected_linearly() {
    let s = liaoning_series(&[(2021, &LIAONING_2021_H1)]);
    let p = liaoning_run("baseline_value = 980\n", &s);
    assert_eq!(p.projection, Some(Projection::Linear));
    exact(p.current_value, 914.0);
    digits(p.progress_ratio, "-0.673469");
    exact(p.score, -5.0);
    assert_eq!(p.status, Status::Deterioration);
    exact(p.expected_to_date, 539.0);
    assert!(
        p.missing.is_empty(),
        "a stated baseline needs no 2020 figures"
    );
}

#[test]
fn liaoning_trains_for_all_of_2021_missed_the_target() {
    let full: Vec<f64> = [LIAONING_2021_H1, LIAONING_2021_H2].concat();
    let s = liaoning_series(&[(2020, &LIAONING_2020), (2021, &full)]);
    let p = liaoning_run("", &s);
    exact(p.current_value, 1009.0);
    assert!(!p.projected);
    assert_eq!(p.status, Status::TargetMissed);
    digits(p.progress_ratio, "0.295918");
    digits(p.score, "-1.266996");
    assert!(p.is_final);
    assert_eq!(p.required_per_period, None);
    assert_eq!(p.current_period, Some(period("2021-12")));
}

#[test]
fn quarterly_multiple_goal_is_projected_from_its_first_quarter() {
    let s = series(
        Frequency::Quarterly,
        Measure::Flow,
        &[
            (2020, &[20.0, 25.0, 27.0, 28.0]),
            (2021, &[24.0, 29.0, 31.0, 31.0]),
            (2022, &[27.0]),
        ],
    );
    let g = goal(GoalKind::Multiple { factor: 2.0 }, 2020, Some(2023));
    let p = run(&g, &s, fresh(&s));
    exact(p.current_value, 129.375);
    digits(p.progress_ratio, "0.528742");
    digits(p.score, "-0.296888");
    assert_eq!(p.status, Status::LimitedProgress);
    digits(p.expected_to_date, "33.128369");
    assert_eq!(p.current_period, Some(period("2022-Q1")));
    assert_eq!(p.required_per_period, None, "2022 is not the target year");
}

/// The Open SDG annual cases, with the series read both as a flow and as a level.
fn open_sdg(current: f64, value: f64, target: i32) -> Vec<SeriesProgress> {
    [Measure::Flow, Measure::Level]
        .into_iter()
        .map(|m| {
            let s = series(
                Frequency::Annual,
                m,
                &[(2020, &[100.0]), (2022, &[current])],
            );
            let g = goal(GoalKind::Level { value }, 2020, Some(target));
            run(&g, &s, fresh(&s))
        })
        .collect()
}

#[test]
fn open_sdg_level_goal_with_limited_progress() {
    for p in open_sdg(121.0, 200.0, 2023) {
        digits(p.progress_ratio, "0.384732");
        digits(p.score, "-0.896936");
        assert_eq!(p.status, Status::LimitedProgress);
    }
}

#[test]
fn open_sdg_level_goal_exactly_on_its_path() {
    for p in open_sdg(121.0, 133.1, 2023) {
        exact(p.progress_ratio, 1.0);
        exact(p.score, 2.8572);
        assert_eq!(p.status, Status::OnTrack);
    }
}

#[test]
fn open_sdg_level_goal_going_the_wrong_way() {
    for p in open_sdg(95.0, 150.0, 2025) {
        digits(p.progress_ratio, "-0.299752");
        digits(p.score, "-3.748976");
        assert_eq!(p.status, Status::Deterioration);
    }
}

#[test]
fn a_level_read_in_june_sits_half_a_year_after_the_baseline() {
    let mut figures = year_of(2020, Frequency::Monthly, &[0.0; 12]);
    figures.retain(|(p, _, _)| p.index() == 12);
    figures[0].1 = 40.0;
    figures.push((period("2021-06"), 36.0, Basis::Period));
    let s = Series::from_figures(Frequency::Monthly, Measure::Level, figures);
    let g = decreasing(goal(GoalKind::Growth { percent: -20.0 }, 2020, Some(2022)));
    let p = run(&g, &s, fresh(&s));
    exact(p.target_value, 32.0);
    digits(p.progress_ratio, "1.799705");
    exact(p.score, 5.0);
    assert_eq!(p.status, Status::OnTrack);
    assert!(!p.projected);
    assert_eq!(p.current_period, Some(period("2021-06")));
    exact(p.to_date, 36.0);
    // P(2020.5) = 40 × 0.8^(0.5/2)
    exact(p.expected_to_date, 40.0 * 0.8f64.powf(0.25));
    assert_eq!(p.yoy_to_date, None, "no reading in June 2020");
    assert_eq!(
        p.required_per_period, None,
        "levels have no per-period need"
    );
    assert_eq!(p.missing.len(), 5, "January to May 2021 are gaps");
}

fn annual_level(b: f64, current: (i32, f64)) -> Series {
    series(
        Frequency::Annual,
        Measure::Level,
        &[(2020, &[b]), (current.0, &[current.1])],
    )
}

#[test]
fn a_baseline_of_zero_is_replaced_by_a_thousandth() {
    let s = annual_level(0.0, (2022, 5.0));
    let p = run(
        &goal(GoalKind::Level { value: 10.0 }, 2020, Some(2023)),
        &s,
        fresh(&s),
    );
    exact(p.baseline_value, 0.0);
    let want = ((5.0f64 / 0.001).powf(0.5) - 1.0) / ((10.0f64 / 0.001).powf(1.0 / 3.0) - 1.0);
    exact(p.progress_ratio, want);
    assert_eq!(p.status, Status::OnTrack);
}

#[test]
fn a_target_of_zero_is_replaced_by_a_thousandth() {
    let s = annual_level(100.0, (2022, 50.0));
    let g = decreasing(goal(GoalKind::Level { value: 0.0 }, 2020, Some(2023)));
    let p = run(&g, &s, fresh(&s));
    exact(p.target_value, 0.0);
    let want = -(0.5f64.powf(0.5) - 1.0) / (0.00001f64.powf(1.0 / 3.0) - 1.0).abs();
    exact(p.progress_ratio, want);
    assert_eq!(p.status, Status::LimitedProgress);
}

#[test]
fn a_negative_baseline_rising_towards_its_target_makes_progress() {
    let s = annual_level(-100.0, (2022, -80.0));
    let p = run(
        &goal(GoalKind::Level { value: -50.0 }, 2020, Some(2023)),
        &s,
        fresh(&s),
    );
    let want = -(0.8f64.sqrt() - 1.0) / (0.5f64.powf(1.0 / 3.0) - 1.0).abs();
    exact(p.progress_ratio, want);
    assert!(p.progress_ratio.unwrap() > 0.0);
    assert_eq!(p.status, Status::LimitedProgress);
}

#[test]
fn baseline_and_current_value_of_opposite_signs_is_not_available() {
    let s = annual_level(100.0, (2022, -20.0));
    let p = run(
        &goal(GoalKind::Level { value: 150.0 }, 2020, Some(2023)),
        &s,
        fresh(&s),
    );
    assert_eq!(p.status, Status::NotAvailable);
    assert_eq!((p.progress_ratio, p.score), (None, None));
    exact(p.current_value, -20.0);
}

#[test]
fn a_target_equal_to_the_baseline_has_no_ratio() {
    let g = goal(GoalKind::Growth { percent: 0.0 }, 2020, Some(2022));
    let judged = |s: Series| run(&g, &s, fresh(&s));
    let p = judged(annual_level(100.0, (2021, 90.0)));
    assert_eq!(p.progress_ratio, None);
    assert_eq!(p.status, Status::Deterioration);
    exact(p.score, -5.0);
    let p = judged(annual_level(100.0, (2021, 100.0)));
    assert_eq!(p.status, Status::TargetAchieved);
    exact(p.score, 5.0);
    let p = judged(annual_level(100.0, (2022, 90.0)));
    assert_eq!(p.status, Status::TargetMissed, "final year not met");
    exact(p.score, -5.0);
}

#[test]
fn a_gap_in_a_year_stops_the_count_and_is_listed() {
    let mut figures = year_of(2020, Frequency::Monthly, &LIAONING_2020);
    figures.extend(year_of(2021, Frequency::Monthly, &LIAONING_2021_H1[..2]));
    figures.push((period("2021-04"), 84.0, Basis::Period));
    let s = Series::from_figures(Frequency::Monthly, Measure::Flow, figures);
    let p = liaoning_run("", &s);
    assert_eq!(p.current_period, Some(period("2021-02")));
    exact(p.to_date, 115.0);
    assert_eq!(p.missing, vec![period("2021-03")]);
}

#[test]
fn year_to_date_figures_give_the_same_progress_as_period_values() {
    let mut figures = year_of(2020, Frequency::Monthly, &LIAONING_2020);
    let mut total = 0.0;
    for (j, v) in (1u8..).zip(LIAONING_2021_H1) {
        total += v;
        let p = Period::new(2021, j, Frequency::Monthly).unwrap();
        figures.push((p, total, Basis::Ytd));
    }
    let s = Series::from_figures(Frequency::Monthly, Measure::Flow, figures);
    let p = liaoning_run("", &s);
    exact(p.to_date, 457.0);
    digits(p.progress_ratio, "1.283950");
    assert_eq!(p.status, Status::OnTrack);
}

#[test]
fn data_after_the_target_year_is_ignored() {
    let full: Vec<f64> = [LIAONING_2021_H1, LIAONING_2021_H2].concat();
    let s = liaoning_series(&[(2020, &LIAONING_2020), (2021, &full), (2022, &[500.0])]);
    let p = liaoning_run("", &s);
    assert_eq!(p.current_period, Some(period("2021-12")));
    assert_eq!(p.status, Status::TargetMissed);
    assert!(p.missing.is_empty());
}

#[test]
fn a_baseline_year_without_data_or_baseline_value_is_not_available() {
    let s = liaoning_series(&[(2021, &LIAONING_2021_H1)]);
    let p = liaoning_run("", &s);
    assert_eq!(p.status, Status::NotAvailable);
    assert_eq!((p.baseline_value, p.target_value), (None, None));
    assert_eq!((p.progress_ratio, p.score), (None, None));
    exact(p.to_date, 457.0);
    assert_eq!(
        p.missing.len(),
        12,
        "all of 2020 is needed for the baseline"
    );
    assert_eq!(p.missing[0], period("2020-01"));
}

#[test]
fn no_time_since_the_baseline_is_not_available() {
    let s = liaoning_series(&[(2020, &LIAONING_2020), (2021, &LIAONING_2021_H1)]);
    let p = liaoning_run("", &s.clone());
    assert_eq!(p.status, Status::OnTrack);
    let (g, ind) = liaoning("");
    let p = evaluate(&g, &ind, &s, date(2020, 12, 31), &Thresholds::default());
    assert_eq!(p.status, Status::NotAvailable);
    assert_eq!(p.current_period, Some(period("2020-12")));
}

#[test]
fn an_incomplete_target_year_whose_total_already_meets_the_target_is_achieved() {
    let s = liaoning_series(&[(2020, &LIAONING_2020), (2021, &LIAONING_2021_H1)]);
    let g = goal(GoalKind::Level { value: 450.0 }, 2020, Some(2021));
    let p = run(&g, &s, fresh(&s));
    assert!(p.projected);
    assert_eq!(p.status, Status::TargetAchieved);
    exact(p.score, 5.0);
    exact(p.required_per_period, (450.0 - 457.0) / 6.0);
    let p = run(&decreasing(g), &s, fresh(&s));
    assert_ne!(p.status, Status::TargetAchieved);
}

#[test]
fn a_complete_year_before_the_target_year_can_achieve_it() {
    let s = annual_level(100.0, (2022, 210.0));
    let p = run(
        &goal(GoalKind::Level { value: 200.0 }, 2020, Some(2025)),
        &s,
        fresh(&s),
    );
    assert_eq!(p.status, Status::TargetAchieved);
    assert!(!p.is_final);
}

#[test]
fn thresholds_come_from_configuration() {
    let s = annual_level(100.0, (2022, 121.0));
    let g = goal(GoalKind::Level { value: 133.1 }, 2020, Some(2023));
    let strict = Thresholds {
        high: 1.2,
        medium: 0.6,
        low: 0.0,
    };
    let ind = indicator(Frequency::Annual, Measure::Level);
    let p = evaluate(&g, &ind, &s, fresh(&s), &strict);
    assert_eq!(p.status, Status::NeedsAcceleration);
    exact(p.score, 2.8572);
}

#[test]
fn a_trend_is_judged_by_its_pace_and_limit() {
    let s = annual_level(100.0, (2022, 100.0 * 1.008f64.powi(2)));
    let g = goal(GoalKind::Trend { limit: None }, 2020, None);
    let p = run(&g, &s, fresh(&s));
    exact(p.progress_ratio, 0.008);
    assert_eq!(p.status, Status::NeedsAcceleration);
    exact(p.score, 250.0 * 0.008 - 1.25);
    assert_eq!((p.target_value, p.expected_to_date), (None, None));
    let g = goal(GoalKind::Trend { limit: Some(80.0) }, 2020, None);
    let p = run(&g, &s, fresh(&s));
    let c = 1.0 - 0.75f64.powf(4.44);
    exact(p.score, 250.0 * 0.008 / c - 1.25);
    assert_eq!(p.status, Status::NeedsAcceleration);
}

#[test]
fn a_trend_uses_data_after_its_target_year() {
    let s = annual_level(100.0, (2024, 90.0));
    let g = decreasing(goal(GoalKind::Trend { limit: None }, 2020, Some(2022)));
    let p = run(&g, &s, fresh(&s));
    assert_eq!(p.current_period, Some(period("2024")));
    exact(p.progress_ratio, -(0.9f64.powf(0.25) - 1.0));
    assert_eq!(p.status, Status::OnTrack);
    exact(p.score, 5.0);
}

#[test]
fn json_has_the_interface_field_names() {
    let s = liaoning_series(&[(2020, &LIAONING_2020), (2021, &LIAONING_2021_H1)]);
    let json = serde_json::to_value(liaoning_run("", &s)).unwrap();
    assert_eq!(json["type"], "growth");
    assert_eq!(json["final"], false);
    assert_eq!(json["projection"], "seasonal");
    assert_eq!(json["current_period"], "2021-06");
    assert_eq!(json["status"], "on_track");
    assert_eq!(json["missing"], serde_json::json!([]));
}

mod chance;
mod milestones_and_rollup;
mod properties;
mod stale;
