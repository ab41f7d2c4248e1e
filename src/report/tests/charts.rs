use super::assert_well_formed;
use crate::domain::Lang;
use crate::report::fixtures::{self, HOSTILE};
use crate::report::{GOAL_CHART_SIZE, GoalView, goal_chart, overview_chart};
use std::path::PathBuf;

fn hostile_views() -> Vec<GoalView> {
    fixtures::all_views()
        .into_iter()
        .map(|mut v| {
            v.goal.title = format!("{HOSTILE} {}", v.goal.title.get(Lang::En)).into();
            v.region_name = HOSTILE.to_string();
            if let Some(i) = v.indicator.as_mut() {
                i.unit = "<u>&\u{7}".into();
            }
            v
        })
        .collect()
}

/// Set `WAYMARK_CHART_DUMP=/some/dir` to look at the rendered charts.
fn dump(name: &str, bytes: &[u8]) {
    if let Some(dir) = std::env::var_os("WAYMARK_CHART_DUMP") {
        std::fs::write(PathBuf::from(dir).join(name), bytes).unwrap();
    }
}

#[test]
fn every_svg_is_well_formed_xml_even_with_hostile_titles_and_region_names() {
    let views = hostile_views();
    for v in &views {
        let chart = goal_chart(v, Lang::En, 800, 500).unwrap();
        assert_well_formed(&chart.svg);
        assert!(
            !chart.svg.contains("<script"),
            "raw tag from a title in {}",
            v.goal.id
        );
        assert!(
            chart.svg.contains("&lt;script&gt;"),
            "the title is drawn, escaped"
        );
        assert!(chart.svg.contains("العربية"), "right-to-left text is kept");
        dump(&format!("hostile-{}.svg", v.goal.id), chart.svg.as_bytes());
        dump(&format!("hostile-{}.png", v.goal.id), &chart.png);
    }
    let overview = overview_chart(&views, Lang::En, 800, 400).unwrap();
    assert_well_formed(&overview.svg);
    assert!(!overview.svg.contains("<script"));
}

#[test]
fn pngs_decode_at_the_requested_size_and_show_text_in_the_title_area() {
    let views = fixtures::all_views();
    let (w, h) = GOAL_CHART_SIZE;
    for v in &views {
        let chart = goal_chart(v, Lang::En, w, h).unwrap();
        dump(&format!("{}.png", v.goal.id), &chart.png);
        dump(&format!("{}.svg", v.goal.id), chart.svg.as_bytes());
        let img = image::load_from_memory(&chart.png).unwrap().to_rgb8();
        assert_eq!(img.dimensions(), (w, h), "{}", v.goal.id);
        let background = *img.get_pixel(w - 2, 2);
        let inked = (16..400)
            .flat_map(|x| (12..36).map(move |y| (x, y)))
            .filter(|&(x, y)| *img.get_pixel(x, y) != background)
            .count();
        assert!(
            inked > 200,
            "title of {} drawn: {inked} inked pixels",
            v.goal.id
        );
    }
    let overview = overview_chart(&views, Lang::En, 800, 420).unwrap();
    dump("overview.png", &overview.png);
    let img = image::load_from_memory(&overview.png).unwrap();
    assert_eq!((img.width(), img.height()), (800, 420));
}

#[test]
fn the_same_view_renders_the_same_bytes() {
    let v = fixtures::liaoning("Trains", "Liaoning");
    let a = goal_chart(&v, Lang::En, 640, 400).unwrap();
    let b = goal_chart(&v, Lang::En, 640, 400).unwrap();
    assert_eq!(a.svg, b.svg);
    assert_eq!(a.png, b.png);
}

/// The golden SVG pins the Liaoning chart. When a change to the chart is
/// intended, regenerate it and review the diff before committing:
///
/// ```text
/// UPDATE_GOLDEN=1 CARGO_TARGET_DIR=/work/main/target cargo test --lib report::tests::charts::the_liaoning_chart_matches_its_golden_svg
/// ```
#[test]
fn the_liaoning_chart_matches_its_golden_svg() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/golden/liaoning-trains-2021.svg");
    let v = fixtures::liaoning("China-Europe trains up more than 10% in 2021", "Liaoning");
    let svg = goal_chart(&v, Lang::En, 800, 500).unwrap().svg;
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &svg).unwrap();
    }
    let golden = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run with UPDATE_GOLDEN=1 to create it)",
            path.display()
        )
    });
    assert!(
        svg == golden,
        "the chart differs from {}; if the change is intended, rerun with UPDATE_GOLDEN=1 and review the diff",
        path.display()
    );
}

#[test]
fn odd_figures_still_give_a_chart_instead_of_an_error() {
    use crate::domain::GoalProgress;
    let mut views = Vec::new();
    let mut v = fixtures::liaoning("NaN and infinity", "X");
    if let GoalProgress::Series(p) = &mut v.progress {
        p.current_value = Some(f64::NAN);
        p.target_value = Some(f64::INFINITY);
    }
    views.push(v);
    let mut v = fixtures::quarterly_multiple();
    for (_, x) in &mut v.points {
        *x *= 1e11;
    }
    if let GoalProgress::Series(p) = &mut v.progress {
        p.baseline_value = Some(-5.0);
        p.target_value = Some(2e13);
        p.current_value = Some(1.3e13);
    }
    views.push(v);
    let mut v = fixtures::annual_level();
    v.points.truncate(1);
    views.push(v);
    let mut v = fixtures::trend();
    v.points.clear();
    views.push(v);
    let mut v = fixtures::trend();
    v.indicator = None;
    views.push(v);
    for v in &views {
        let chart = goal_chart(v, Lang::En, 800, 500)
            .unwrap_or_else(|e| panic!("{}: {e:#}", v.goal.title.get(Lang::En)));
        assert_well_formed(&chart.svg);
        dump(&format!("odd-{}.png", v.goal.id), &chart.png);
    }
    assert_well_formed(&overview_chart(&[], Lang::En, 800, 260).unwrap().svg);
}

#[test]
fn the_overview_of_a_thousand_goals_fits_the_largest_chart() {
    let views: Vec<GoalView> = (0..1000)
        .map(|i| fixtures::liaoning(&format!("Goal {i}"), "Liaoning"))
        .collect();
    let height = crate::report::overview_height(views.len());
    assert!(height <= 8000);
    let chart = crate::report::overview_chart(&views, Lang::En, 800, height).expect("renders");
    let png = image::load_from_memory(&chart.png).unwrap();
    assert_eq!((png.width(), png.height()), (800, height));
}
