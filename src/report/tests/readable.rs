//! Charts a reader can read (issue 16): labels clear of points and of each
//! other (checked from the layout, not pixels), titles wrapped rather than
//! cut, tick labels large enough, regions on the overview's rows, one
//! timeline for the milestones, alt texts with the key figures, and the
//! report page's contents and data tables.

use super::assert_well_formed;
use crate::domain::{GoalProgress, Lang};
use crate::report::charts::LINE_PER_EM;
use crate::report::fixtures::{self, input};
use crate::report::timeline::{Timeline, timeline_height};
use crate::report::{
    GoalView, alt_text, chart_size, data_csv, goal_chart, goal_chart_layout, index_html,
    milestone_timeline, overview_chart,
};
use crate::test_support::demo_views;

/// Set `WAYMARK_CHART_DUMP=/some/dir` to look at the rendered charts.
fn dump(name: &str, bytes: &[u8]) {
    if let Some(dir) = std::env::var_os("WAYMARK_CHART_DUMP") {
        std::fs::write(std::path::PathBuf::from(dir).join(name), bytes).unwrap();
    }
}

fn assert_clean_layouts(views: &[GoalView], lang: Lang) -> usize {
    let mut labels = 0;
    for v in views {
        let (w, h) = chart_size(v);
        let layout = goal_chart_layout(v, lang, w, h).unwrap();
        let overlaps = layout.overlaps();
        assert!(
            overlaps.is_empty(),
            "{} ({lang:?}): {overlaps:#?}",
            v.goal.id
        );
        labels += layout.labels.len();
    }
    labels
}

#[tokio::test]
async fn no_label_overlaps_another_label_or_a_data_point_on_the_demo_goals() {
    for lang in Lang::ALL {
        let views = demo_views(lang).await;
        assert_eq!(views.len(), 19, "the demo's goals");
        let labels = assert_clean_layouts(&views, lang);
        // Not vacuous: the demo's charts do place labels (targets, projections, states).
        assert!(labels >= 19, "{lang:?}: only {labels} labels placed");
        for v in &views {
            let (w, h) = chart_size(v);
            let chart = goal_chart(v, lang, w, h).unwrap();
            dump(
                &format!("demo-{}-{}.png", lang.tag(), v.goal.id),
                &chart.png,
            );
        }
        let timeline = milestone_timeline(&views, lang, None, 800)
            .unwrap()
            .unwrap();
        dump(
            &format!("demo-{}-milestones.png", lang.tag()),
            &timeline.png,
        );
        let h = crate::report::overview_height(views.len());
        let overview = overview_chart(&views, lang, 800, h).unwrap();
        dump(&format!("demo-{}-overview.png", lang.tag()), &overview.png);
    }
}

#[test]
fn no_label_overlaps_on_the_worked_examples_at_any_usual_size() {
    let views = fixtures::all_views();
    for lang in Lang::ALL {
        assert_clean_layouts(&views, lang);
        for (w, h) in [(640, 400), (1200, 700), (400, 300)] {
            for v in &views {
                let layout = goal_chart_layout(v, lang, w, h).unwrap();
                assert!(layout.overlaps().is_empty(), "{} at {w}×{h}", v.goal.id);
            }
        }
    }
    // The Liaoning chart labels its projection and its target, each off its points.
    let v = fixtures::liaoning("Trains", "Liaoning");
    let layout = goal_chart_layout(&v, Lang::En, 800, 500).unwrap();
    let texts: Vec<&str> = layout.labels.iter().map(|l| l.text.as_str()).collect();
    assert!(
        texts.iter().any(|t| t.starts_with("Projected 1,106")),
        "{texts:?}"
    );
    assert!(
        texts.iter().any(|t| t.starts_with("Target 1,078")),
        "{texts:?}"
    );
    assert_eq!(
        layout.points.len(),
        7,
        "six monthly dots and the projection marker"
    );
    assert!(layout.dropped.is_empty(), "{:?}", layout.dropped);
}

/// The text of every `<text>` element of an SVG, in order.
fn svg_texts(svg: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = svg;
    while let Some(i) = rest.find("<text") {
        let after = &rest[i..];
        let Some(open) = after.find('>') else { break };
        let Some(close) = after.find("</text>") else {
            break;
        };
        let text = after[open + 1..close].trim();
        out.push(text.replace("&apos;", "'").replace("&#39;", "'"));
        rest = &after[close..];
    }
    out
}

#[test]
fn long_titles_wrap_to_two_lines_and_are_cut_only_past_them() {
    let english = "China-Europe freight trains from Liaoning's ports and inland hubs up by more than ten per cent in 2021 against the 2020 total";
    let chinese = "辽宁省中欧班列开行量比上年增长百分之十以上，沈阳、大连、营口等枢纽城市集结中心建设取得明显进展并形成稳定运营能力";
    for (lang, title) in [(Lang::En, english), (Lang::ZhCn, chinese)] {
        let v = fixtures::liaoning(title, "Liaoning");
        let svg = goal_chart(&v, lang, 800, 500).unwrap().svg;
        assert_well_formed(&svg);
        let texts = svg_texts(&svg);
        // The first two texts are the title's lines; together they are the whole title.
        let joined = if lang == Lang::En {
            format!("{} {}", texts[0], texts[1])
        } else {
            format!("{}{}", texts[0], texts[1])
        };
        assert_eq!(joined, title, "{texts:?}");
        assert!(!svg.contains('…'), "nothing cut: {:?}", &texts[..2]);
    }
    // Past two lines: the second ends in an ellipsis, the first is whole.
    let v = fixtures::liaoning(&chinese.repeat(2), "Liaoning");
    let texts = svg_texts(&goal_chart(&v, Lang::ZhCn, 800, 500).unwrap().svg);
    assert!(
        texts[1].ends_with('…') && !texts[0].ends_with('…'),
        "{texts:?}"
    );
    assert!(chinese.starts_with(&texts[0]), "{texts:?}");
}

/// The em in pixels of every text of an SVG, in the SVG and in the PNG
/// drawn with it: plotters writes `font-size` as its size ÷ 1.24, and the
/// PNG's em is the size ÷ the font's line height per em.
fn font_sizes(svg: &str) -> Vec<(f64, f64)> {
    svg.split("font-size=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next()?.parse::<f64>().ok())
        .map(|svg_px| (svg_px, svg_px * 1.24 / LINE_PER_EM))
        .collect()
}

#[test]
fn every_text_of_every_chart_is_at_least_12_px_and_ticks_13_at_800_wide() {
    let views = fixtures::all_views();
    for lang in Lang::ALL {
        let mut svgs = Vec::new();
        for v in &views {
            let (w, h) = chart_size(v);
            svgs.push(goal_chart(v, lang, w, h).unwrap().svg);
        }
        svgs.push(overview_chart(&views, lang, 800, 420).unwrap().svg);
        svgs.push(
            milestone_timeline(&views, lang, None, 800)
                .unwrap()
                .unwrap()
                .svg,
        );
        for svg in &svgs {
            let sizes = font_sizes(svg);
            assert!(!sizes.is_empty());
            for (in_svg, in_png) in sizes {
                assert!(in_svg >= 12.0 && in_png >= 11.99, "{in_svg} / {in_png} px");
            }
        }
        // The Liaoning chart's month ticks are drawn at 13 px.
        let liaoning = &svgs[0];
        let tick = if lang == Lang::En { "Mar" } else { "3月" };
        let at = liaoning
            .find(&format!(">\n{tick}\n<"))
            .or_else(|| liaoning.find(&format!(">{tick}<")))
            .expect("a month tick");
        let element = &liaoning[liaoning[..at].rfind("<text").unwrap()..at];
        let (_, png_px) = font_sizes(element)[0];
        assert!((png_px - 13.0).abs() < 0.01, "{element}");
    }
    // Narrower charts keep 12 px.
    let v = fixtures::liaoning("Trains", "Liaoning");
    let svg = goal_chart(&v, Lang::En, 400, 300).unwrap().svg;
    assert!(font_sizes(&svg).iter().all(|(_, png)| *png >= 11.99));
}

#[test]
fn the_line_height_per_em_is_the_embedded_fonts() {
    use ab_glyph::Font;
    use plotters::style::FontStyle;
    let face = crate::report::fonts::face(crate::report::fonts::FAMILY, FontStyle::Normal).unwrap();
    let f = &face.font;
    let per_em = f64::from(f.height_unscaled()) / f64::from(f.units_per_em().unwrap());
    assert!((per_em - LINE_PER_EM).abs() < 1e-3, "{per_em}");
}

#[test]
fn the_overview_names_each_rows_region_labels_its_axis_and_counts_every_status() {
    let mut views = fixtures::all_views();
    // Two goals with one title, told apart by their regions.
    let mut other = fixtures::liaoning("China-Europe trains up more than 10% in 2021", "Zhejiang");
    other.goal.id = fixtures::slug("zhejiang-trains-2021");
    views.push(other);
    for lang in Lang::ALL {
        let svg = overview_chart(
            &views,
            lang,
            800,
            crate::report::overview_height(views.len()),
        )
        .unwrap()
        .svg;
        let texts = svg_texts(&svg);
        for region in ["Liaoning", "Zhejiang", "China", "Dalian", "Shenyang"] {
            assert!(texts.iter().any(|t| t == region), "{region}: {texts:?}");
        }
        let (axis, counts) = match lang {
            Lang::En => (
                "Score: -5",
                [
                    "2 on track",
                    "2 limited progress",
                    "1 deterioration",
                    "1 pending",
                ],
            ),
            Lang::ZhCn => (
                "得分：-5",
                [
                    "进展顺利 2 个",
                    "进展有限 2 个",
                    "出现倒退 1 个",
                    "待定 1 个",
                ],
            ),
        };
        assert!(texts.iter().any(|t| t.starts_with(axis)), "{texts:?}");
        let subtitle = texts
            .iter()
            .find(|t| t.contains(counts[0]))
            .unwrap_or_else(|| panic!("{texts:?}"));
        for c in counts {
            assert!(subtitle.contains(c), "{c} in {subtitle}");
        }
    }
}

#[tokio::test]
async fn the_milestones_are_one_timeline_with_a_row_for_each() {
    let views = demo_views(Lang::En).await;
    let milestones = views
        .iter()
        .filter(|v| matches!(v.progress, GoalProgress::Milestone(_)))
        .count();
    assert_eq!(milestones, 12, "the catalogue's milestone goals");
    let as_of = chrono::NaiveDate::from_ymd_opt(2021, 6, 30);
    let t = Timeline::all(&views, Lang::En, as_of).unwrap();
    let layout = crate::report::charts::layout_of(&t, 800, timeline_height(milestones)).unwrap();
    assert_eq!(layout.points.len(), milestones, "one marker per milestone");
    assert!(layout.overlaps().is_empty(), "{:#?}", layout.overlaps());
    assert!(layout.dropped.is_empty(), "{:?}", layout.dropped);
    // Each row labelled with its state, plus the as-of line's label.
    assert_eq!(layout.labels.len(), milestones + 1);
    assert!(
        timeline_height(milestones) < 800,
        "compact: {}",
        timeline_height(12)
    );
    let chart = milestone_timeline(&views, Lang::ZhCn, as_of, 800)
        .unwrap()
        .unwrap();
    assert_well_formed(&chart.svg);
    assert!(chart.svg.contains("里程碑"));
    // No milestone, no timeline; one milestone's own chart is that row alone, compact.
    assert!(
        milestone_timeline(&views[..0], Lang::En, None, 800)
            .unwrap()
            .is_none()
    );
    let one = views
        .iter()
        .find(|v| matches!(v.progress, GoalProgress::Milestone(_)))
        .unwrap();
    let (w, h) = chart_size(one);
    assert_eq!((w, h), (800, timeline_height(1)));
    let layout = goal_chart_layout(one, Lang::En, w, h).unwrap();
    assert_eq!(layout.points.len(), 1);
    assert_eq!(layout.labels.len(), 1, "{layout:?}");
}

#[test]
fn alt_texts_state_the_key_figures_in_the_language() {
    let v = fixtures::liaoning("China-Europe trains up more than 10% in 2021", "Liaoning");
    assert_eq!(
        alt_text(Lang::En, &v),
        "China-Europe trains up more than 10% in 2021. 2021 projected: 1,106 trains of \
         1,078 trains target, 103%; On track"
    );
    let zh = alt_text(Lang::ZhCn, &v);
    assert!(
        zh.contains("2021年预计") && zh.contains("103%") && zh.contains("进展顺利"),
        "{zh}"
    );
    let trend = alt_text(Lang::En, &fixtures::trend());
    assert!(
        trend.contains("Mar 2021: 41.2 hours, baseline 40.0 hours; Deterioration"),
        "{trend}"
    );
    let m = alt_text(Lang::En, &fixtures::milestone());
    assert!(m.contains("due 2021-12-31, in progress; Pending"), "{m}");
}

#[test]
fn the_report_page_has_contents_linking_every_goal_and_a_table_beside_each_chart() {
    let views = fixtures::all_views();
    for lang in Lang::ALL {
        let mut inp = input(views.clone());
        inp.lang = lang;
        let html = index_html(&inp);
        let nav = &html[html.find("<nav id=\"contents\"").expect("contents")..];
        let nav = &nav[..nav.find("</nav>").unwrap()];
        for v in &views {
            let id = v.goal.id.as_str();
            assert!(nav.contains(&format!("href=\"#goal-{id}\"")), "{id}");
            assert!(html.contains(&format!("id=\"goal-{id}\"")), "{id}");
        }
        assert!(nav.contains("href=\"#milestones\""));
        // The timeline once; no per-milestone chart.
        assert!(html.contains("srcset=\"milestones.svg\""));
        assert!(!html.contains("goals/shenyang-hub.svg"));
        // Each series chart: alt text with figures, a data table, a CSV link.
        for v in views
            .iter()
            .filter(|v| matches!(v.progress, GoalProgress::Series(_)))
        {
            let id = v.goal.id.as_str();
            let section = &html[html.find(&format!("id=\"goal-{id}\"")).unwrap()..];
            let section = &section[..section.find("</section>").unwrap()];
            assert!(section.contains("<table>"), "{id}");
            assert!(
                section.contains(&format!("href=\"goals/{id}.csv\"")),
                "{id}"
            );
            let alt = maud::html! { (alt_text(lang, v)) }.into_string();
            assert!(section.contains(&format!("alt=\"{alt}\"")), "{id}: {alt}");
        }
    }
    let html = index_html(&input(views));
    // Liaoning's provisional figure would say so; June 2021's value is grouped as people read it.
    assert!(
        html.contains("<td>Jun 2021</td><td class=\"num\">92</td>"),
        "figures table"
    );
}

#[test]
fn the_figures_as_csv_are_unrounded_with_flags_and_defused_text() {
    let mut v = fixtures::liaoning("Trains", "Liaoning");
    v.flags = vec![("2021-06".parse().unwrap(), crate::domain::Flag::Provisional)];
    if let Some(i) = v.indicator.as_mut() {
        i.unit = "=HYPERLINK(\"http://x\")".into();
    }
    v.points[0].1 = 60.25;
    let csv = data_csv(&v, Lang::En).unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("goal,region,indicator,period,value,unit,flag")
    );
    assert_eq!(
        lines.next(),
        Some(
            "liaoning-trains-2021,liaoning,china-europe-trains,2020-01,60.25,\"'=HYPERLINK(\"\"http://x\"\")\","
        )
    );
    assert!(
        csv.contains(",2021-06,92,\"'=HYPERLINK(\"\"http://x\"\")\",P\n"),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), 1 + v.points.len());
    let m = data_csv(&fixtures::milestone(), Lang::En).unwrap();
    assert_eq!(
        m,
        "goal,region,due,state,status\nshenyang-hub,liaoning,2021-12-31,in_progress,pending\n"
    );
}
