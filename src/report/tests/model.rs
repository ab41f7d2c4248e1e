//! The chart model against docs/progress.md's worked examples.
use crate::domain::Frequency;
use crate::domain::Lang;
use crate::report::GoalView;
use crate::report::fixtures;
use crate::report::model::*;
use crate::report::plot::*;

fn lines(view: &GoalView) -> LinePlot {
    match plot(view, Lang::En).body {
        Body::Lines(l) => l,
        Body::Card(c) => panic!("expected a plot, got a card {c:?}"),
    }
}

fn line(plot: &LinePlot, role: Role) -> &Line {
    plot.lines
        .iter()
        .find(|l| l.role == role)
        .unwrap_or_else(|| panic!("no {role:?} line"))
}

#[test]
fn the_in_year_target_path_follows_last_years_profile_through_expected_to_date() {
    let p = lines(&fixtures::liaoning("Trains", "Liaoning"));
    assert_eq!(p.x_ticks, Ticks::SubPeriods(Frequency::Monthly));
    let path = &line(&p, Role::Path).points;
    // docs/progress.md: expected_to_date = τ × YTD_6(2020)/A(2020) = 445.5.
    assert!((path[6].1 - 445.5).abs() < 1e-9, "{:?}", path[6]);
    assert!((path[12].1 - 1078.0).abs() < 1e-9);
    assert_eq!(line(&p, Role::Actual).points.last(), Some(&(6.0, 457.0)));
    assert_eq!(line(&p, Role::LastYear).points.last(), Some(&(12.0, 980.0)));
    let proj = &line(&p, Role::Projection).points;
    assert_eq!(proj[0], (6.0, 457.0));
    assert_eq!(proj[1].0, 12.0);
    assert_eq!(p.hline.as_ref().map(|h| h.0), Some(1078.0));
}

#[test]
fn without_a_complete_last_year_the_in_year_path_is_linear() {
    let mut v = fixtures::liaoning("Trains", "Liaoning");
    v.points.retain(|(per, _)| per.year() == 2021);
    let p = lines(&v);
    let path = line(&p, Role::Path);
    assert!(path.legend.contains("linear"));
    assert!((path.points[6].1 - 539.0).abs() < 1e-9);
}

#[test]
fn a_multi_year_goal_shows_complete_years_the_compounding_path_and_the_projection() {
    let p = lines(&fixtures::quarterly_multiple());
    assert_eq!(
        line(&p, Role::Actual).points,
        vec![(2020.0, 100.0), (2021.0, 115.0)]
    );
    let path = &line(&p, Role::Path).points;
    let at = |t: f64| path.iter().find(|(x, _)| (x - t).abs() < 1e-9).unwrap().1;
    // P(2022) = 100 × 2^(2/3)
    assert!((at(2022.0) - 100.0 * 2f64.powf(2.0 / 3.0)).abs() < 1e-9);
    assert_eq!(
        line(&p, Role::Projection).points,
        vec![(2021.0, 115.0), (2022.0, 129.375)]
    );
}

#[test]
fn level_readings_sit_at_the_end_of_their_period_and_trends_state_their_direction() {
    let p = lines(&fixtures::trend());
    assert_eq!(p.x_ticks, Ticks::YearEnds);
    assert_eq!(line(&p, Role::Actual).points[5], (2020.0 - 1.0 + 0.5, 37.5));
    assert_eq!(p.note.as_deref(), Some("Goal: ↓ decrease"));
    assert_eq!(p.hline.as_ref().map(|h| h.0), Some(40.0));
    assert!(
        p.lines.iter().all(|l| l.role != Role::Path),
        "a trend has no path"
    );
}

#[test]
fn milestones_get_a_card_with_due_date_and_state() {
    let pl = plot(&fixtures::milestone(), Lang::En);
    assert!(pl.subtitle.contains("Pending"));
    match pl.body {
        Body::Card(lines) => {
            assert_eq!(lines, ["Milestone due 2021-12-31", "State: in progress"])
        }
        Body::Lines(_) => panic!("a milestone has no series"),
    }
}

#[test]
fn the_in_year_plot_shades_the_chances_range_at_the_years_end_and_labels_it() {
    let mut v = fixtures::liaoning("Trains", "Liaoning");
    assert!(lines(&v).band.is_none(), "no chance, no band");
    if let crate::domain::GoalProgress::Series(p) = &mut v.progress {
        p.chance = Some(0.6);
        p.chance_years = 5;
        p.projection_range = Some([950.0, 1100.0]);
    }
    let p = lines(&v);
    let band = p.band.as_ref().expect("a band");
    assert_eq!((band.x, band.lo, band.hi), (12.0, 950.0, 1100.0));
    assert_eq!(band.label, "chance 3/5");
    let projected = p.marks.iter().find(|m| m.role == Role::Projection).unwrap();
    assert!(
        projected.label.ends_with(" · chance 3/5"),
        "{}",
        projected.label
    );
    // The value axis holds the whole range.
    let axis = crate::report::axis::ValueAxis::new(&p);
    assert!(axis.lo <= 950.0 && axis.hi >= 1100.0);
}

#[test]
fn the_subtitle_names_the_current_years_estimated_and_provisional_figures() {
    use crate::domain::Flag;
    let p = |s: &str| s.parse::<crate::domain::Period>().unwrap();
    let mut v = fixtures::liaoning("Trains", "Liaoning");
    let plain = plot(&v, Lang::En).subtitle;
    // Normal figures and last year's flags are no news.
    v.flags = vec![
        (p("2020-12"), Flag::Estimated),
        (p("2021-02"), Flag::Normal),
    ];
    assert_eq!(plot(&v, Lang::En).subtitle, plain);
    v.flags.push((p("2021-06"), Flag::Provisional));
    assert_eq!(
        plot(&v, Lang::En).subtitle,
        format!("{plain} · Jun 2021 provisional")
    );
    v.flags.splice(
        1..1,
        [(p("2021-03"), Flag::Break), (p("2021-04"), Flag::Estimated)],
    );
    assert_eq!(
        plot(&v, Lang::En).subtitle,
        format!("{plain} · Apr 2021 estimated, Jun 2021 provisional (+1 more flagged)")
    );
}
