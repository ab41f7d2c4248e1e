//! Charts of any finite values (and NaN, infinities) finish, in bounded time,
//! with a valid PNG and SVG: values near ±f64::MAX once made the axis range
//! overflow and plotters' tick search spin forever.

use super::assert_well_formed;
use crate::domain::GoalProgress;
use crate::domain::Lang;
use crate::report::fixtures;
use crate::report::{Chart, Drawer, GOAL_CHART_SIZE, GoalView, goal_chart};
use proptest::prelude::*;
use std::time::Duration;

/// Each chart is drawn under a deadline: a hang fails the test instead of
/// stalling it. A safety net only: a chart takes well under a second.
fn draw(v: &GoalView) -> Chart {
    static DRAWER: std::sync::OnceLock<Drawer> = std::sync::OnceLock::new();
    let drawer = DRAWER.get_or_init(|| Drawer::new(4, Duration::from_secs(120)));
    let (w, h) = GOAL_CHART_SIZE;
    let view = v.clone();
    let chart = drawer
        .run("a chart of extreme values", move || {
            goal_chart(&view, Lang::En, w, h)
        })
        .unwrap_or_else(|e| panic!("{e:#} for {:?}", v.points));
    let img = image::load_from_memory_with_format(&chart.png, image::ImageFormat::Png)
        .expect("the PNG decodes");
    assert_eq!((img.width(), img.height()), (w, h));
    assert_well_formed(&chart.svg);
    chart
}

/// One view of each chart layout: in-year flow, annual flow, level readings, trend.
fn layouts() -> Vec<GoalView> {
    vec![
        fixtures::liaoning("Extremes", "Liaoning"),
        fixtures::quarterly_multiple(),
        fixtures::annual_level(),
        fixtures::trend(),
    ]
}

/// `v` with its figures replaced by `values` (cycled) and its progress
/// numbers set to `progress` (current, target, baseline).
fn with_values(mut v: GoalView, values: &[f64], progress: [Option<f64>; 3]) -> GoalView {
    if !values.is_empty() {
        for (i, (_, x)) in v.points.iter_mut().enumerate() {
            *x = values[i % values.len()];
        }
    }
    if let GoalProgress::Series(p) = &mut v.progress {
        [p.current_value, p.target_value, p.baseline_value] = progress;
    }
    v
}

#[test]
fn values_near_f64_max_of_both_signs_are_drawn_with_labels_in_scientific_notation() {
    let m = 1.7e308;
    for v in layouts() {
        let v = with_values(v, &[m, -m, 1.0], [Some(m), Some(-m), Some(m)]);
        let chart = draw(&v);
        assert!(chart.svg.contains("e308"), "{}: {}", v.goal.id, chart.svg);
        assert!(!chart.svg.contains("inf"), "{}", v.goal.id);
    }
}

#[test]
fn tiny_flat_single_and_mixed_series_are_drawn() {
    let tiny = f64::from_bits(1);
    let cases: [&[f64]; 8] = [
        &[tiny, 2.0 * tiny, -tiny],
        &[f64::MIN_POSITIVE],
        &[5.0],
        &[0.0],
        &[f64::MAX, -f64::MAX],
        &[1e15, -1e-15, 3.0],
        &[f64::NAN, f64::INFINITY, f64::NEG_INFINITY],
        &[1.0, 1.0 + f64::EPSILON],
    ];
    for values in cases {
        for v in layouts() {
            draw(&with_values(v, values, [None, None, None]));
        }
        let mut single = with_values(fixtures::annual_level(), values, [None, None, None]);
        single.points.truncate(1);
        draw(&single);
    }
}

/// Any f64, with the extremes and specials drawn often.
fn value() -> impl Strategy<Value = f64> {
    prop_oneof![
        2 => any::<f64>(),
        1 => -1e4f64..1e4,
        2 => prop::sample::select(vec![
            f64::MAX, -f64::MAX, 1.7e308, -1.7e308, 1e300, f64::MIN_POSITIVE,
            f64::from_bits(1), 0.0, 1e15, f64::NAN, f64::INFINITY,
        ]),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn any_figures_give_a_valid_png_and_svg_in_bounded_time(
        layout in 0usize..4,
        values in prop::collection::vec(value(), 1..8),
        progress in prop::array::uniform3(prop::option::of(value())),
    ) {
        draw(&with_values(layouts().swap_remove(layout), &values, progress));
    }
}
