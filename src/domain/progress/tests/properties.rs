//! Invariants of the rules, checked on generated data.

use super::*;
use proptest::prelude::*;

fn direction(decrease: bool) -> Direction {
    if decrease {
        Direction::Decrease
    } else {
        Direction::Increase
    }
}

/// A `level` goal (target `tau`) on annual figures: baseline 2020 = `b`,
/// year `year` = `v`.
fn annual_case(b: f64, v: f64, tau: f64, year: i32, target: i32, decrease: bool) -> SeriesProgress {
    let g = Goal {
        direction: direction(decrease),
        ..goal(GoalKind::Level { value: tau }, 2020, Some(target))
    };
    let s = series(
        Frequency::Annual,
        Measure::Flow,
        &[(2020, &[b]), (year, &[v])],
    );
    run(&g, &s, fresh(&s))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

proptest! {
    #[test]
    fn on_annual_data_ratio_and_score_are_the_plain_cagr_formulas(
        b in 1.0f64..1000.0, v in 1.0f64..1000.0, tau in 1.0f64..1000.0,
        target in 2022i32..2030, back in 0i32..2, decrease in any::<bool>(),
    ) {
        prop_assume!((tau - b).abs() > 1e-6);
        let year = target - back;
        let p = annual_case(b, v, tau, year, target, decrease);
        let d = if decrease { -1.0 } else { 1.0 };
        let observed = (v / b).powf(1.0 / f64::from(year - 2020)) - 1.0;
        let required = (tau / b).powf(1.0 / f64::from(target - 2020)) - 1.0;
        let r = d * observed / required.abs();
        prop_assert!(close(p.progress_ratio.unwrap(), r), "{:?} vs {r}", p.progress_ratio);
        let met = if decrease { v <= tau } else { v >= tau };
        let plain = if r >= 0.6 {
            (7.1429 * r - 4.2857).min(5.0)
        } else {
            (4.1667 * r - 2.5).max(-5.0)
        };
        let want = if met { 5.0 } else { plain };
        prop_assert!(close(p.score.unwrap(), want), "{:?} vs {want}", p.score);
    }

    #[test]
    fn the_ratio_rises_with_the_current_value_for_an_increase_and_falls_for_a_decrease(
        b in 1.0f64..1000.0, v1 in 1.0f64..1000.0, v2 in 1.0f64..1000.0,
        tau in 1.0f64..1000.0, decrease in any::<bool>(),
    ) {
        prop_assume!((tau - b).abs() > 1e-6);
        let (lo, hi) = (v1.min(v2), v1.max(v2));
        let r = |v| annual_case(b, v, tau, 2022, 2025, decrease).progress_ratio.unwrap();
        if decrease {
            prop_assert!(r(lo) >= r(hi));
        } else {
            prop_assert!(r(lo) <= r(hi));
        }
    }

    #[test]
    fn the_status_matches_the_ratios_band(
        b in 1.0f64..1000.0, v in 1.0f64..1000.0, tau in 1.0f64..1000.0,
        year in 2021i32..2026, decrease in any::<bool>(),
        low in -1.0f64..0.5, gap1 in 0.0f64..1.0, gap2 in 0.0f64..1.0,
    ) {
        prop_assume!((tau - b).abs() > 1e-6);
        let th = Thresholds { high: low + gap1 + gap2, medium: low + gap1, low };
        let g = Goal {
            direction: direction(decrease),
            ..goal(GoalKind::Level { value: tau }, 2020, Some(2025))
        };
        let s = series(Frequency::Annual, Measure::Level, &[(2020, &[b]), (year, &[v])]);
        let ind = indicator(Frequency::Annual, Measure::Level);
        let p = evaluate(&g, &ind, &s, fresh(&s), &th);
        let met = if decrease { v <= tau } else { v >= tau };
        match p.status {
            Status::TargetAchieved => prop_assert!(met),
            Status::TargetMissed => prop_assert!(!met && year == 2025),
            status => prop_assert_eq!(status, band(p.progress_ratio.unwrap(), &th)),
        }
    }

    #[test]
    fn a_projection_alone_never_reports_target_achieved(
        last in proptest::collection::vec(1.0f64..100.0, 12),
        this in proptest::collection::vec(1.0f64..100.0, 1..12),
        tau in 1.0f64..2000.0, decrease in any::<bool>(),
    ) {
        let s = series(Frequency::Monthly, Measure::Flow, &[(2020, &last), (2021, &this)]);
        let g = Goal {
            direction: direction(decrease),
            ..goal(GoalKind::Level { value: tau }, 2020, Some(2021))
        };
        let p = run(&g, &s, fresh(&s));
        prop_assert!(p.projected);
        let by_actual_figures = !decrease && p.to_date.unwrap() >= tau;
        prop_assert_eq!(p.status == Status::TargetAchieved, by_actual_figures);
    }

    #[test]
    fn moving_as_of_back_never_uses_a_later_period(
        values in proptest::collection::vec(proptest::option::weighted(0.85, 1.0f64..100.0), 48),
        days in 0i64..1700, trend in any::<bool>(), level in any::<bool>(),
    ) {
        let figures = values.iter().zip(0i32..).filter_map(|(v, i)| {
            let p = Period::new(2019 + i / 12, (i % 12 + 1) as u8, Frequency::Monthly)?;
            v.map(|v| (p, v, Basis::Period))
        });
        let measure = if level { Measure::Level } else { Measure::Flow };
        let s = Series::from_figures(Frequency::Monthly, measure, figures);
        let kind = if trend { GoalKind::Trend { limit: None } } else { GoalKind::Multiple { factor: 1.5 } };
        let g = goal(kind, 2019, Some(2022));
        let as_of = date(2019, 1, 1) + chrono::Duration::days(days);
        let p = run(&g, &s, as_of);
        if let Some(cp) = p.current_period {
            prop_assert!(cp.end_date() <= as_of, "{cp} after {as_of}");
        }
        prop_assert!(p.missing.iter().all(|m| m.end_date() <= as_of));
        if !p.is_final {
            prop_assert_ne!(p.status, Status::TargetMissed);
        }
    }
}
