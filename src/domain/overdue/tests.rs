//! Due dates, overdue periods of a series and their wording.

use super::*;
use crate::domain::catalogue::{Direction, GoalKind, Measure, Slug};
use crate::domain::figure::Basis;
use crate::domain::period::Frequency;

fn period(s: &str) -> Period {
    s.parse().unwrap()
}

fn periods(list: &[&str]) -> Vec<Period> {
    list.iter().map(|p| period(p)).collect()
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn indicator(frequency: Frequency, due_days: u32) -> Indicator {
    Indicator {
        id: Slug::parse("trains").unwrap(),
        name: "Trains".into(),
        unit: "trains".into(),
        frequency,
        measure: Measure::Flow,
        due_days,
        decimals: 0,
        rules: Default::default(),
        unit_mult: 0,
        review: Default::default(),
    }
}

fn goal(kind: GoalKind, target: Option<i32>) -> Goal {
    Goal {
        id: Slug::parse("g").unwrap(),
        title: "A goal".into(),
        region: Slug::parse("liaoning").unwrap(),
        indicator: Some(Slug::parse("trains").unwrap()),
        kind,
        direction: Direction::Increase,
        baseline_year: Some(2020),
        baseline_value: None,
        target_year: target,
        source: None,
        quote: None,
        note: None,
    }
}

fn series(frequency: Frequency, recorded: &[&str]) -> Series {
    Series::from_figures(
        frequency,
        Measure::Flow,
        recorded.iter().map(|p| (period(p), 1.0, Basis::Period)),
    )
}

#[test]
fn a_figure_is_due_its_due_days_after_the_period_ends() {
    let ind = indicator(Frequency::Monthly, 20);
    assert_eq!(due_date(period("2021-06"), &ind), date(2021, 7, 20));
    assert_eq!(due_date(period("2021-12"), &ind), date(2022, 1, 20));
    let ind = indicator(Frequency::Quarterly, 45);
    assert_eq!(due_date(period("2021-Q4"), &ind), date(2022, 2, 14));
}

#[test]
fn a_due_date_beyond_the_calendar_is_never_reached() {
    let ind = indicator(Frequency::Annual, u32::MAX);
    assert_eq!(due_date(period("9999"), &ind), NaiveDate::MAX);
    let g = goal(GoalKind::Level { value: 1.0 }, Some(2021));
    assert_eq!(
        overdue(
            &g,
            &ind,
            &series(Frequency::Annual, &[]),
            date(9999, 12, 31)
        ),
        vec![]
    );
}

#[test]
fn overdue_figures_name_their_region_indicator_period_and_due_date() {
    let ind = indicator(Frequency::Quarterly, 45);
    let g = goal(GoalKind::Multiple { factor: 2.0 }, Some(2021));
    let s = series(Frequency::Quarterly, &["2020-Q1", "2020-Q2", "2020-Q4"]);
    let got = overdue(&g, &ind, &s, date(2021, 5, 15));
    assert_eq!(
        got,
        vec![
            OverdueFigure {
                region: "liaoning".into(),
                indicator: "trains".into(),
                period: period("2020-Q3"),
                due: date(2020, 11, 14),
            },
            OverdueFigure {
                region: "liaoning".into(),
                indicator: "trains".into(),
                period: period("2021-Q1"),
                due: date(2021, 5, 15),
            },
        ]
    );
}

#[test]
fn a_goal_with_a_target_year_needs_nothing_after_it_and_a_trend_needs_everything() {
    let ind = indicator(Frequency::Annual, 90);
    let s = series(Frequency::Annual, &["2020"]);
    let today = date(2026, 6, 1);
    let target = goal(GoalKind::Level { value: 2.0 }, Some(2022));
    let got: Vec<Period> = overdue_periods(&target, &ind, &s, today)
        .into_iter()
        .map(|(p, _)| p)
        .collect();
    assert_eq!(got, periods(&["2021", "2022"]));
    let trend = goal(GoalKind::Trend { limit: None }, Some(2022));
    let got: Vec<Period> = overdue_periods(&trend, &ind, &s, today)
        .into_iter()
        .map(|(p, _)| p)
        .collect();
    assert_eq!(got, periods(&["2021", "2022", "2023", "2024", "2025"]));
}

#[test]
fn periods_are_named_in_runs() {
    assert_eq!(period_runs(&[], 6), "");
    assert_eq!(period_runs(&periods(&["2021-07"]), 6), "2021-07");
    assert_eq!(
        period_runs(
            &periods(&["2020-03", "2021-07", "2021-08", "2021-09", "2021-12"]),
            6
        ),
        "2020-03, 2021-07 to 2021-09, 2021-12"
    );
    // Runs cross year ends, in every frequency.
    assert_eq!(
        period_runs(&periods(&["2021-Q4", "2022-Q1", "2022-Q3"]), 6),
        "2021-Q4 to 2022-Q1, 2022-Q3"
    );
    assert_eq!(
        period_runs(&periods(&["2019", "2020", "2021"]), 6),
        "2019 to 2021"
    );
}

#[test]
fn a_long_list_of_periods_is_cut_and_counted() {
    // Every other month of ten years: 60 runs of one month each.
    let every_other: Vec<Period> =
        std::iter::successors(Some(period("2012-01")), |p| p.next().and_then(Period::next))
            .take(60)
            .collect();
    let words = period_runs(&every_other, 3);
    assert_eq!(words, "2012-01, 2012-03, 2012-05, and 57 more");
    // A run counts all its periods.
    let list = periods(&["2020-01", "2020-02", "2020-03", "2020-05", "2020-07"]);
    assert_eq!(period_runs(&list, 1), "2020-01 to 2020-03, and 2 more");
    assert_eq!(
        period_runs(&list, 3),
        "2020-01 to 2020-03, 2020-05, 2020-07"
    );
}
