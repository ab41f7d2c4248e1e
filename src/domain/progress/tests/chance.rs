//! The chance of meeting the target: the worked example digit for digit,
//! where the rule applies and where it does not, and its invariants.

use super::*;
use crate::domain::progress::chance::{HISTORY_YEARS, MIN_YEARS};
use proptest::prelude::*;
use std::collections::BTreeMap;

/// A monthly year whose first six months add up to 100 and whose whole
/// year is `100 × ratio` (`ratio` ≥ 1.5, in whole hundredths).
fn year_with_ratio(ratio_hundredths: u32) -> Vec<f64> {
    let rest = f64::from(ratio_hundredths) - 100.0;
    vec![
        10.0,
        20.0,
        15.0,
        25.0,
        10.0,
        20.0, // YTD_6 = 100
        rest - 50.0,
        10.0,
        10.0,
        10.0,
        10.0,
        10.0,
    ]
}

/// The worked example: 2016–2020 with A / YTD_6 = 2.1, 1.9, 2.05, 1.95, 2.2
/// and YTD_6(2021) = 500 against τ = 1,000.
fn worked_example() -> (Goal, Series) {
    let ratios = [210, 190, 205, 195, 220];
    let years: Vec<(i32, Vec<f64>)> = (2016..)
        .zip(ratios)
        .map(|(y, r)| (y, year_with_ratio(r)))
        .chain([(2021, vec![80.0, 70.0, 90.0, 85.0, 95.0, 80.0])])
        .collect();
    let borrowed: Vec<(i32, &[f64])> = years.iter().map(|(y, v)| (*y, v.as_slice())).collect();
    let s = series(Frequency::Monthly, Measure::Flow, &borrowed);
    let g = goal(GoalKind::Level { value: 1000.0 }, 2020, Some(2021));
    (g, s)
}

#[test]
fn the_worked_example_digit_for_digit() {
    let (g, s) = worked_example();
    let p = run(&g, &s, date(2021, 6, 30));
    assert_eq!(p.to_date, Some(500.0));
    assert_eq!(p.chance, Some(0.6));
    assert_eq!(p.chance_years, 5);
    assert_eq!(p.projection_range, Some([950.0, 1100.0]));
    let c = p.chance_detail();
    assert_eq!(c.fraction().as_deref(), Some("3/5"));
    assert_eq!(
        c.words().as_deref(),
        Some("the target would be met in 3 of the last 5 years' patterns")
    );
    // Last year's pattern is the seasonal projection itself.
    assert_eq!(p.current_value, Some(1100.0));
    let json = serde_json::to_value(&p).unwrap();
    assert_eq!(json["chance"], 0.6);
    assert_eq!(json["chance_years"], 5);
    assert_eq!(json["projection_range"], serde_json::json!([950.0, 1100.0]));
}

#[test]
fn a_decrease_goal_counts_the_years_that_stay_at_or_under_the_target() {
    let (g, s) = worked_example();
    let p = run(&decreasing(g), &s, date(2021, 6, 30));
    // 950 and 975 stay under 1,000.
    assert_eq!(p.chance, Some(0.4));
    assert_eq!(p.chance_years, 5);
}

#[test]
fn only_the_ten_most_recent_usable_years_count() {
    // 2005–2020: sixteen usable years, the six oldest all failing.
    let mut years: Vec<(i32, Vec<f64>)> = (2005..2011).map(|y| (y, year_with_ratio(150))).collect();
    years.extend((2011..2021).map(|y| (y, year_with_ratio(250))));
    years.push((2021, vec![80.0, 70.0, 90.0, 85.0, 95.0, 80.0]));
    let borrowed: Vec<(i32, &[f64])> = years.iter().map(|(y, v)| (*y, v.as_slice())).collect();
    let s = series(Frequency::Monthly, Measure::Flow, &borrowed);
    let p = run(
        &goal(GoalKind::Level { value: 1000.0 }, 2020, Some(2021)),
        &s,
        date(2021, 6, 30),
    );
    assert_eq!((p.chance, p.chance_years), (Some(1.0), 10));
}

#[test]
fn fewer_than_three_usable_years_give_no_chance_but_count_them() {
    let (g, s) = worked_example();
    // 2016–2018 lose their first month: YTD_6 does not exist for them.
    let cut: BTreeMap<Period, f64> = s
        .values()
        .iter()
        .filter(|(p, _)| !(p.year() <= 2018 && p.index() == 1))
        .map(|(p, v)| (*p, *v))
        .collect();
    let s = Series::from_figures(
        Frequency::Monthly,
        Measure::Flow,
        cut.into_iter().map(|(p, v)| (p, v, Basis::Period)),
    );
    let p = run(&g, &s, date(2021, 6, 30));
    assert_eq!(
        (p.chance, p.chance_years, p.projection_range),
        (None, 2, None)
    );
}

#[test]
fn it_does_not_apply_outside_the_target_year_or_once_the_year_is_complete_or_stale() {
    let (g, s) = worked_example();
    // Judged in the baseline year: not the target year.
    let before = run(&g, &s, date(2020, 6, 30));
    assert_eq!((before.chance, before.chance_years), (None, 0));
    // Stale: judged long after, December 2021 never came.
    let stale = run(&g, &s, date(2026, 11, 30));
    assert!(stale.stale_since.is_some());
    assert_eq!(
        (stale.chance, stale.chance_years, stale.projection_range),
        (None, 0, None)
    );
    // A complete year is judged on its figures, with no chance.
    let mut whole = s.values().clone();
    for m in 7..=12 {
        whole.insert(Period::new(2021, m, Frequency::Monthly).unwrap(), 90.0);
    }
    let whole = Series::from_figures(
        Frequency::Monthly,
        Measure::Flow,
        whole.into_iter().map(|(p, v)| (p, v, Basis::Period)),
    );
    let done = run(&g, &whole, date(2021, 12, 31));
    assert_eq!((done.chance, done.chance_years), (None, 0));
    // A level series (stocks, balances) has no seasonal rest of year.
    let level = Series::from_figures(
        Frequency::Monthly,
        Measure::Level,
        s.values().iter().map(|(p, v)| (*p, *v, Basis::Period)),
    );
    let lv = run(&g, &level, date(2021, 6, 30));
    assert_eq!((lv.chance, lv.chance_years), (None, 0));
}

/// Random history: `years` earlier monthly years of positive figures, and
/// `k` months of the current year (2030).
fn history() -> impl Strategy<Value = (Series, u8)> {
    (
        prop::collection::vec(prop::collection::vec(1u32..1000, 12), 0..14),
        prop::collection::vec(1u32..1000, 1..12),
    )
        .prop_map(|(past, now)| {
            let first = 2030 - past.len() as i32;
            let mut figures: Vec<(Period, f64, Basis)> = Vec::new();
            for (y, values) in (first..).zip(&past) {
                let v: Vec<f64> = values.iter().map(|x| f64::from(*x)).collect();
                figures.extend(year_of(y, Frequency::Monthly, &v));
            }
            let v: Vec<f64> = now.iter().map(|x| f64::from(*x)).collect();
            figures.extend(year_of(2030, Frequency::Monthly, &v));
            let k = now.len() as u8;
            (
                Series::from_figures(Frequency::Monthly, Measure::Flow, figures),
                k,
            )
        })
}

proptest! {
    #[test]
    fn the_chance_is_a_share_and_needs_three_years(
        (s, k) in history(), tau in 0.0f64..20_000.0, increase: bool,
    ) {
        let c = chance(&s, 2030, k, s.ytd(2030, k), tau, increase);
        prop_assert_eq!(c.years, s.years_desc().len().saturating_sub(1).min(HISTORY_YEARS));
        match c.chance {
            Some(x) => {
                prop_assert!(c.years >= MIN_YEARS);
                prop_assert!((0.0..=1.0).contains(&x));
                let [lo, hi] = c.range.unwrap();
                prop_assert!(lo <= hi);
            }
            None => {
                prop_assert!(c.years < MIN_YEARS);
                prop_assert!(c.range.is_none());
            }
        }
    }

    #[test]
    fn more_to_date_never_lowers_the_chance(
        (s, k) in history(), tau in 0.0f64..20_000.0, more in 0.0f64..5_000.0,
    ) {
        let to_date = s.ytd(2030, k);
        let less = chance(&s, 2030, k, to_date, tau, true);
        let more = chance(&s, 2030, k, to_date + more, tau, true);
        prop_assert!(more.chance >= less.chance);
    }

    #[test]
    fn reaching_and_staying_under_count_each_year_once_and_ties_twice(
        (s, k) in history(), tau_pick in 0usize..20,
    ) {
        let to_date = s.ytd(2030, k);
        let up = chance(&s, 2030, k, to_date, 0.0, true);
        // Some of the time, put τ exactly on one year's outcome.
        let tau = match up.range {
            Some([lo, hi]) if tau_pick % 2 == 0 => if tau_pick % 4 == 0 { lo } else { hi },
            Some([lo, hi]) => lo + (hi - lo) * (tau_pick as f64 / 20.0),
            None => 100.0,
        };
        let up = chance(&s, 2030, k, to_date, tau, true);
        let down = chance(&s, 2030, k, to_date, tau, false);
        if let (Some(u), Some(d)) = (up.chance, down.chance) {
            let n = up.years as f64;
            let ties = (2030 - up.years as i32..2030)
                .filter(|&y| to_date * s.annual(y).unwrap() / s.ytd(y, k) == tau)
                .count() as f64;
            prop_assert_eq!((u * n).round() + (d * n).round(), n + ties);
        } else {
            prop_assert!(up.chance.is_none() && down.chance.is_none());
        }
    }

    #[test]
    fn the_range_holds_the_seasonal_projection_when_last_year_counts((s, k) in history()) {
        prop_assume!(s.annual(2029).is_some());
        let cp = current_point(&s, Some(2030)).unwrap();
        prop_assert_eq!(cp.projection, Some(Projection::Seasonal));
        let c = chance(&s, 2030, k, cp.to_date, 0.0, true);
        if let Some([lo, hi]) = c.range {
            prop_assert!(lo <= cp.value && cp.value <= hi, "{} outside [{lo}, {hi}]", cp.value);
        } else {
            prop_assert!(c.years < MIN_YEARS);
        }
    }
}

#[test]
fn a_chance_below_the_threshold_raises_goal_at_risk_and_a_higher_one_does_not() {
    use crate::domain::alerting::{About, Inputs, firing};
    let words = |_: &About| std::collections::BTreeMap::new();
    let (g, s) = worked_example();
    let p = GoalProgress::Series(run(&g, &s, date(2021, 6, 30)));
    let fire = |below: Option<f64>| {
        firing(
            &Inputs {
                progress: std::slice::from_ref(&p),
                chance_below: below,
                ..Inputs::default()
            },
            &words,
        )
    };
    // 0.6 against 0.7: at risk, with its words.
    let alerts = fire(Some(0.7));
    assert_eq!(alerts.len(), 1);
    let a = &alerts[0];
    assert_eq!(a.labels["alertname"], "goal_at_risk");
    assert_eq!(a.labels["goal"], "g");
    assert_eq!(a.labels["status"], "at_risk");
    // 3 of the last 5 years' patterns meet the target: chance 60%, below 70%.
    match &a.about {
        About::GoalAtRisk { chance, below, .. } => {
            assert_eq!((chance.met(), chance.years, *below), (Some(3), 5, 0.7));
        }
        other => panic!("{other:?}"),
    }
    // 0.6 is not below 0.6; with no threshold nothing is at risk. The
    // lifecycle resolves the alert once it no longer fires, as for every kind.
    assert!(fire(Some(0.6)).is_empty());
    assert!(fire(None).is_empty());
    // The same goal keeps its fingerprint whatever the threshold.
    assert_eq!(fire(Some(0.9))[0].fingerprint, a.fingerprint);
}
