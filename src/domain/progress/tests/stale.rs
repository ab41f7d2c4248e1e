//! Overdue periods and stale goals: a goal whose target year should be
//! complete but is not is never judged on a projection.

use super::*;

fn periods(list: &[&str]) -> Vec<Period> {
    list.iter().map(|p| period(p)).collect()
}

/// Every month from `from` to `to`, both included.
fn months(from: &str, to: &str) -> Vec<Period> {
    let to = period(to);
    std::iter::successors(Some(period(from)), |p| p.next())
        .take_while(|p| *p <= to)
        .collect()
}

fn liaoning_h1() -> Series {
    liaoning_series(&[(2020, &LIAONING_2020), (2021, &LIAONING_2021_H1)])
}

/// The Liaoning goal straight from the catalogue, judged on `as_of`.
fn liaoning_on(s: &Series, as_of: NaiveDate) -> SeriesProgress {
    let (g, ind) = liaoning("");
    evaluate(&g, &ind, s, as_of, &Thresholds::default())
}

/// What every stale goal shows, whatever its status.
#[track_caller]
fn assert_settled_without_projection(p: &SeriesProgress) {
    assert!(p.is_final, "a stale goal is final");
    assert!(p.stale_since.is_some());
    assert!(!p.projected && p.projection.is_none(), "{p:?}");
    assert_eq!(p.required_per_period, None);
    assert!(
        p.overdue.contains(&p.stale_since.unwrap()),
        "the period figures are missing since is overdue: {p:?}"
    );
}

#[test]
fn liaoning_judged_in_november_2026_with_figures_to_june_2021_is_not_available() {
    let p = liaoning_on(&liaoning_h1(), date(2026, 11, 30));
    assert_eq!(p.status, Status::NotAvailable);
    assert_eq!((p.progress_ratio, p.score), (None, None));
    assert_eq!(p.overdue, months("2021-07", "2021-12"));
    assert_eq!(p.stale_since, Some(period("2021-07")));
    assert_eq!(p.current_value, None, "no projected value");
    assert_eq!(p.expected_to_date, None);
    assert_settled_without_projection(&p);
    // The actual figures stay.
    exact(p.to_date, 457.0);
    assert_eq!(p.current_period, Some(period("2021-06")));
    exact(p.target_value, 1078.0);
    assert!(p.missing.is_empty(), "no gap up to the latest figure");
    let json = serde_json::to_value(&p).unwrap();
    assert_eq!(json["status"], "not_available");
    assert_eq!(json["final"], true);
    assert_eq!(json["stale_since"], "2021-07");
    assert_eq!(
        json["overdue"],
        serde_json::json!([
            "2021-07", "2021-08", "2021-09", "2021-10", "2021-11", "2021-12"
        ])
    );
    assert_eq!(p.stale_words().unwrap(), "figures missing since 2021-07");
    assert_eq!(p.overdue_words().unwrap(), "2021-07 to 2021-12");
}

#[test]
fn the_goal_turns_stale_on_the_day_its_last_figure_falls_due() {
    // December 2021 ends on the 31st; due 20 days later, on 20 January 2022.
    let s = liaoning_h1();
    let g = goal(GoalKind::Growth { percent: 10.0 }, 2020, Some(2021));
    let before = run(&g, &s, date(2022, 1, 19));
    assert_eq!(before.status, Status::OnTrack);
    assert!(before.projected && !before.is_final);
    assert_eq!(before.stale_since, None);
    assert_eq!(before.overdue, months("2021-07", "2021-11"));
    let on = run(&g, &s, date(2022, 1, 20));
    assert_eq!(on.status, Status::NotAvailable);
    assert_eq!(on.overdue, months("2021-07", "2021-12"));
    assert_settled_without_projection(&on);
}

#[test]
fn a_period_is_overdue_from_its_due_date_on() {
    let s = liaoning_h1();
    let g = goal(GoalKind::Growth { percent: 10.0 }, 2020, Some(2021));
    // July ends on the 31st and is due on 20 August.
    assert_eq!(run(&g, &s, date(2021, 8, 19)).overdue, vec![]);
    assert_eq!(
        run(&g, &s, date(2021, 8, 20)).overdue,
        periods(&["2021-07"])
    );
    let ind = Indicator {
        due_days: 0,
        ..indicator(Frequency::Monthly, Measure::Flow)
    };
    let p = evaluate(&g, &ind, &s, date(2021, 7, 31), &Thresholds::default());
    assert_eq!(p.overdue, periods(&["2021-07"]), "due the day it ends");
}

#[test]
fn a_stale_goal_whose_recorded_figures_meet_the_target_stays_achieved() {
    // 457 trains from January to June already exceed a target of 450.
    let g = goal(GoalKind::Level { value: 450.0 }, 2020, Some(2021));
    let p = run(&g, &liaoning_h1(), date(2026, 11, 30));
    assert_eq!(p.status, Status::TargetAchieved);
    exact(p.score, 5.0);
    assert_eq!(p.progress_ratio, None, "its ratio came from a projection");
    assert_eq!(p.current_value, None);
    assert_settled_without_projection(&p);
    assert_eq!(p.overdue, months("2021-07", "2021-12"));
}

#[test]
fn a_gap_in_the_target_year_makes_the_goal_stale_since_the_gap() {
    let mut full: Vec<f64> = [LIAONING_2021_H1, LIAONING_2021_H2].concat();
    full.truncate(12);
    let mut figures = year_of(2020, Frequency::Monthly, &LIAONING_2020);
    figures.extend(year_of(2021, Frequency::Monthly, &full));
    figures.retain(|(p, _, _)| *p != period("2021-03"));
    let s = Series::from_figures(Frequency::Monthly, Measure::Flow, figures);
    let g = goal(GoalKind::Growth { percent: 10.0 }, 2020, Some(2021));
    let p = run(&g, &s, date(2022, 6, 30));
    assert_eq!(p.status, Status::NotAvailable);
    assert_eq!(p.stale_since, Some(period("2021-03")));
    assert_eq!(p.overdue, periods(&["2021-03"]));
    assert_eq!(p.missing, periods(&["2021-03"]));
    assert_eq!(p.current_period, Some(period("2021-02")));
    assert_settled_without_projection(&p);
    // Once March arrives the year is complete and judged as usual.
    let mut figures: Vec<_> = s
        .values()
        .iter()
        .map(|(p, v)| (*p, *v, Basis::Period))
        .collect();
    figures.push((period("2021-03"), 78.0, Basis::Period));
    let s = Series::from_figures(Frequency::Monthly, Measure::Flow, figures);
    let p = run(&g, &s, date(2022, 6, 30));
    assert_eq!(p.status, Status::TargetMissed);
    assert_eq!((p.stale_since, p.overdue.len()), (None, 0));
}

#[test]
fn figures_missing_for_years_are_missing_since_the_first_of_them() {
    let g = goal(GoalKind::Growth { percent: 10.0 }, 2020, Some(2021));
    let s = liaoning_series(&[(2020, &LIAONING_2020[..10])]);
    let p = run(&g, &s, date(2022, 6, 30));
    assert_eq!(p.stale_since, Some(period("2020-11")));
    assert_eq!(p.overdue, months("2020-11", "2021-12"));
    assert_eq!(p.status, Status::NotAvailable);
    let nothing = liaoning_series(&[]);
    let p = run(&g, &nothing, date(2022, 6, 30));
    assert_eq!(p.stale_since, Some(period("2020-01")));
    assert_eq!(p.overdue, months("2020-01", "2021-12"));
    assert!(p.is_final);
}

#[test]
fn a_level_goal_is_stale_without_its_target_years_last_reading() {
    let quarterly = |readings: &[(&str, f64)]| {
        Series::from_figures(
            Frequency::Quarterly,
            Measure::Level,
            readings.iter().map(|(p, v)| (period(p), *v, Basis::Period)),
        )
    };
    let g = decreasing(goal(GoalKind::Level { value: 30.0 }, 2020, Some(2021)));
    let s = quarterly(&[("2020-Q4", 40.0), ("2021-Q2", 36.0)]);
    // 2021-Q4 ends on 31 December and is due 20 January 2022.
    let p = run(&g, &s, date(2022, 1, 20));
    assert_eq!(p.status, Status::NotAvailable);
    assert_eq!(p.stale_since, Some(period("2021-Q3")));
    assert_eq!(
        p.overdue,
        periods(&[
            "2020-Q1", "2020-Q2", "2020-Q3", "2021-Q1", "2021-Q3", "2021-Q4"
        ]),
        "from the baseline year's first period"
    );
    exact(p.current_value, 36.0);
    assert_settled_without_projection(&p);
    let p = run(&g, &s, date(2022, 1, 19));
    assert_eq!(
        p.status,
        Status::NeedsAcceleration,
        "not yet due: judged on the reading"
    );
    // A reading meeting the target keeps the goal achieved when stale.
    let s = quarterly(&[("2020-Q4", 40.0), ("2021-Q3", 29.0)]);
    let p = run(&g, &s, date(2023, 1, 1));
    assert_eq!((p.status, p.score), (Status::TargetAchieved, Some(5.0)));
    assert_eq!(p.stale_since, Some(period("2021-Q4")));
    assert!(p.is_final);
}

#[test]
fn a_quarterly_goal_lists_its_overdue_quarters_and_goes_stale_after_its_last() {
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
    let p = run(&g, &s, date(2022, 7, 19));
    assert_eq!((p.overdue.len(), p.status), (0, Status::LimitedProgress));
    let p = run(&g, &s, date(2022, 7, 20));
    assert_eq!(p.overdue, periods(&["2022-Q2"]));
    assert_eq!(
        p.status,
        Status::LimitedProgress,
        "overdue alone is not stale"
    );
    let p = run(&g, &s, date(2024, 1, 20));
    assert_eq!(p.status, Status::NotAvailable);
    assert_eq!(p.stale_since, Some(period("2022-Q2")));
    assert_eq!(p.overdue.first(), Some(&period("2022-Q2")));
    assert_eq!(p.overdue.last(), Some(&period("2023-Q4")));
    assert_eq!(p.overdue.len(), 7);
    assert_eq!(p.overdue_words().unwrap(), "2022-Q2 to 2023-Q4");
}

#[test]
fn an_annual_goal_goes_stale_when_its_target_years_figure_is_due() {
    let s = series(
        Frequency::Annual,
        Measure::Flow,
        &[(2020, &[100.0]), (2022, &[121.0])],
    );
    let g = goal(GoalKind::Level { value: 200.0 }, 2020, Some(2023));
    let p = run(&g, &s, date(2024, 1, 19));
    assert_eq!(p.status, Status::LimitedProgress);
    assert_eq!(p.overdue, periods(&["2021"]));
    let p = run(&g, &s, date(2024, 1, 20));
    assert_eq!(p.status, Status::NotAvailable);
    assert_eq!(p.overdue, periods(&["2021", "2023"]));
    assert_eq!(p.stale_since, Some(period("2023")));
    exact(p.current_value, 121.0);
    assert_settled_without_projection(&p);
}

#[test]
fn a_trend_is_never_stale_and_its_overdue_periods_run_up_to_the_as_of_date() {
    let s = series(
        Frequency::Annual,
        Measure::Level,
        &[(2020, &[100.0]), (2022, &[110.0])],
    );
    for target in [None, Some(2021)] {
        let g = goal(GoalKind::Trend { limit: None }, 2020, target);
        let p = run(&g, &s, date(2026, 6, 30));
        assert_eq!(p.overdue, periods(&["2021", "2023", "2024", "2025"]));
        assert_eq!(p.stale_since, None);
        assert!(!p.is_final);
        assert_eq!(p.status, Status::OnTrack);
    }
}

#[test]
fn a_stated_baseline_value_needs_no_figures_of_the_baseline_year() {
    let s = liaoning_series(&[(2021, &LIAONING_2021_H1)]);
    let p = liaoning_run("baseline_value = 980\n", &s);
    assert_eq!(p.overdue, vec![]);
    let (g, ind) = liaoning("baseline_value = 980\n");
    let p = evaluate(&g, &ind, &s, date(2022, 2, 1), &Thresholds::default());
    assert_eq!(p.overdue, months("2021-07", "2021-12"));
    assert_eq!(p.status, Status::NotAvailable);
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn kind(i: u8) -> GoalKind {
        match i {
            0 => GoalKind::Growth { percent: 10.0 },
            1 => GoalKind::Multiple { factor: 1.5 },
            2 => GoalKind::Level { value: 60.0 },
            _ => GoalKind::Trend { limit: None },
        }
    }

    proptest! {
        #[test]
        fn overdue_periods_are_due_missing_and_complete_and_stale_goals_are_never_judged_on_a_projection(
            values in proptest::collection::vec(proptest::option::weighted(0.8, 1.0f64..100.0), 48),
            quarterly in any::<bool>(), level in any::<bool>(), kind_index in 0u8..4,
            decrease in any::<bool>(), days in 0i64..2400, due_days in 0u32..120,
        ) {
            let frequency = if quarterly { Frequency::Quarterly } else { Frequency::Monthly };
            let n = i32::from(frequency.per_year());
            let figures = values.iter().zip(0i32..).filter_map(|(v, i)| {
                let p = Period::new(2019 + i / n, (i % n + 1) as u8, frequency)?;
                v.map(|v| (p, v, Basis::Period))
            });
            let measure = if level { Measure::Level } else { Measure::Flow };
            let s = Series::from_figures(frequency, measure, figures);
            let g = Goal {
                direction: if decrease { Direction::Decrease } else { Direction::Increase },
                ..goal(kind(kind_index), 2019, Some(2021))
            };
            let ind = Indicator { due_days, ..indicator(frequency, measure) };
            let as_of = date(2019, 1, 1) + chrono::Duration::days(days);
            let p = evaluate(&g, &ind, &s, as_of, &Thresholds::default());

            let trend = kind_index == 3;
            let due = |q: Period| crate::domain::overdue::due_date(q, &ind);
            // Overdue: in order, due by as-of, without a figure, within the goal's years ...
            prop_assert!(p.overdue.windows(2).all(|w| w[0] < w[1]));
            for q in &p.overdue {
                prop_assert!(due(*q) <= as_of, "{q} not yet due on {as_of}");
                prop_assert!(s.get(*q).is_none(), "{q} has a figure");
                prop_assert!(q.year() >= 2019 && (trend || q.year() <= 2021));
            }
            // ... and every such period is listed.
            let first = Period::new(2019, 1, frequency).unwrap();
            let expected = std::iter::successors(Some(first), |q| q.next())
                .take_while(|q| due(*q) <= as_of && (trend || q.year() <= 2021))
                .filter(|q| s.get(*q).is_none())
                .count();
            prop_assert_eq!(p.overdue.len(), expected);

            let last_due = due(Period::new(2021, frequency.per_year(), frequency).unwrap());
            match p.stale_since {
                Some(since) => {
                    prop_assert!(!trend && last_due <= as_of);
                    prop_assert!(matches!(p.status, Status::NotAvailable | Status::TargetAchieved),
                        "stale goal judged {:?}", p.status);
                    prop_assert!(p.is_final && !p.projected && p.projection.is_none());
                    prop_assert_eq!(p.required_per_period, None);
                    prop_assert!(p.overdue.contains(&since));
                    if p.status == Status::NotAvailable {
                        prop_assert_eq!((p.progress_ratio, p.score), (None, None));
                    }
                }
                None => prop_assert!(trend || last_due > as_of || s.as_of(as_of).is_complete(2021)),
            }
        }
    }
}
