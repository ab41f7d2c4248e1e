use super::*;
use plotters::coord::ranged1d::Ranged;
use plotters::coord::types::RangedCoordf64;
use proptest::prelude::*;
use std::time::Duration;

fn axis(ys: &[f64], from_zero: bool) -> ValueAxis {
    ValueAxis::over(ys.iter().copied(), from_zero)
}

/// plotters' own tick search over the axis range (8 labels, as the chart
/// asks), on a thread: a hang fails the test instead of stalling it.
fn ticks(a: &ValueAxis) -> Vec<f64> {
    let (lo, hi) = (a.lo, a.hi);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(RangedCoordf64::from(lo..hi).key_points(8usize));
    });
    // A safety net only: the search takes microseconds.
    rx.recv_timeout(Duration::from_secs(60))
        .unwrap_or_else(|_| panic!("plotters' tick search on {lo}..{hi} did not finish"))
}

/// What every axis must satisfy, whatever the values.
fn check(ys: &[f64], from_zero: bool) {
    let a = axis(ys, from_zero);
    assert!(a.lo.is_finite() && a.hi.is_finite(), "{a:?}");
    assert!(a.lo < a.hi && (a.hi - a.lo).is_finite(), "{a:?}");
    for y in ys.iter().filter(|y| y.is_finite()) {
        let d = scale(*y, -a.shift);
        assert!(a.lo <= d && d <= a.hi, "{y} drawn at {d}, outside {a:?}");
    }
    let t = ticks(&a);
    assert!(
        (2..=12).contains(&t.len()),
        "{} ticks on {a:?}: {t:?}",
        t.len()
    );
    let labels: Vec<String> = t.iter().map(|y| a.label(Lang::En, *y)).collect();
    for l in &labels {
        assert!(
            !l.is_empty() && l.chars().count() <= 24,
            "label {l:?} on {a:?}"
        );
        assert!(!l.contains("inf") && !l.contains("NaN"), "label {l:?}");
    }
    let mut distinct = labels.clone();
    distinct.dedup();
    assert_eq!(
        distinct.len(),
        labels.len(),
        "labels repeat on {a:?}: {labels:?}"
    );
}

#[test]
fn ordinary_figures_keep_the_range_they_always_had() {
    let a = axis(&[0.0, 50.0, 100.0], true);
    assert_eq!((a.shift, a.lo, a.hi), (0, 0.0, 114.0));
    let a = axis(&[90.0, 110.0], false);
    assert_eq!((a.shift, a.lo, a.hi), (0, 90.0 - 1.6, 110.0 + 2.8));
    assert_eq!(a.label(Lang::En, 100.0), "100");
    let a = axis(&[2e9, 3e10], false);
    assert_eq!(a.label(Lang::En, 2e10), "20B");
    assert_eq!(a.label(Lang::ZhCn, 2e10), "200亿");
}

#[test]
fn values_near_f64_max_of_both_signs_get_a_finite_axis_and_readable_labels() {
    for ys in [
        vec![1.7e308, -1.7e308],
        vec![f64::MAX, -f64::MAX, 0.0],
        vec![1.7e308],
        vec![1.0, 1.7e308],
    ] {
        check(&ys, false);
        check(&ys, true);
    }
    let a = axis(&[1.7e308, -1.7e308], false);
    assert!(a.shift > 0);
    let labels: Vec<String> = ticks(&a).iter().map(|y| a.label(Lang::En, *y)).collect();
    assert!(labels.iter().any(|l| l.ends_with("e308")), "{labels:?}");
    assert!(labels.iter().any(|l| l.starts_with('-')), "{labels:?}");
}

#[test]
fn tiny_and_subnormal_values_are_spread_over_the_axis() {
    let tiny = f64::from_bits(1); // the smallest subnormal, about 4.9e-324
    for ys in [
        vec![tiny, 2.0 * tiny],
        vec![tiny],
        vec![-tiny, tiny],
        vec![1e-20, 3e-20],
        vec![f64::MIN_POSITIVE, 1e-300],
        vec![1.0, 1.0 + f64::EPSILON],
    ] {
        check(&ys, false);
    }
    let a = axis(&[1e-20, 3e-20], false);
    let labels: Vec<String> = ticks(&a).iter().map(|y| a.label(Lang::En, *y)).collect();
    assert!(labels.contains(&"2.0e-20".to_string()), "{labels:?}");
}

#[test]
fn flat_and_empty_series_get_a_range_around_them() {
    check(&[], false);
    check(&[0.0, 0.0], true);
    check(&[5.0; 30], false);
    check(&[-1e300; 3], false);
    check(&[f64::NAN, f64::INFINITY], false);
    assert_eq!(axis(&[f64::NAN], false), axis(&[], false));
}

/// Any f64, with the extremes and specials drawn often.
fn value() -> impl Strategy<Value = f64> {
    prop_oneof![
        3 => any::<f64>(),
        1 => -1e6f64..1e6,
        1 => prop::sample::select(vec![
            f64::MAX, -f64::MAX, 1.7e308, -1.7e308, f64::MIN_POSITIVE,
            f64::from_bits(1), -f64::from_bits(1), 0.0, -0.0, 1e300, 1e-300,
            f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 1e15, 1e13,
        ]),
        1 => any::<f64>().prop_map(|v| v * 1e-300),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    #[test]
    fn any_values_give_a_finite_axis_with_a_few_distinct_short_labels(
        ys in prop::collection::vec(value(), 0..12),
        from_zero in any::<bool>(),
    ) {
        check(&ys, from_zero);
    }

    #[test]
    fn values_close_together_give_distinct_labels(
        base in value(),
        gaps in prop::collection::vec(0.0f64..1.0, 1..6),
        width in -320i32..300,
    ) {
        prop_assume!(base.is_finite());
        let ys: Vec<f64> = gaps.iter().map(|g| base + g * 10f64.powi(width)).collect();
        check(&ys, false);
    }
}
