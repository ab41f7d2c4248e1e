//! Chinese text in the charts: drawn with glyphs in PNG (the embedded font),
//! named with Chinese font families in SVG and in the pages' CSS.
//!
//! A font without a character draws the same box (or nothing) for every
//! missing one, so two texts of the same length that differ only in those
//! characters give identical pixels: differing pixels mean real glyphs.

use crate::domain::Lang;
use crate::report::fixtures;
use crate::report::fonts::{FALLBACK_FAMILY, FAMILY, PAGE_FONT_RULE, family_for};
use crate::report::{GoalView, goal_chart, overview_chart, write_report};
use image::RgbImage;

/// The pixels of a rectangle of a PNG.
fn crop(png: &[u8], (x, y, w, h): (u32, u32, u32, u32)) -> RgbImage {
    let img = image::load_from_memory(png).unwrap().to_rgb8();
    image::imageops::crop_imm(&img, x, y, w, h).to_image()
}

/// A goal chart's title band (above the status line), 800 px wide.
const TITLE_AREA: (u32, u32, u32, u32) = (0, 0, 800, 42);

fn chart_with_title(title: &str) -> GoalView {
    fixtures::liaoning(title, "辽宁")
}

fn title_pixels(title: &str) -> RgbImage {
    crop(
        &goal_chart(&chart_with_title(title), Lang::En, 800, 500)
            .unwrap()
            .png,
        TITLE_AREA,
    )
}

/// Pixels that are not the background (white).
fn inked(img: &RgbImage) -> usize {
    img.pixels().filter(|p| p.0 != [255, 255, 255]).count()
}

#[track_caller]
fn assert_drawn_differently(a: &str, b: &str, pixels: impl Fn(&str) -> RgbImage) {
    assert_eq!(a.chars().count(), b.chars().count(), "same length");
    let (pa, pb) = (pixels(a), pixels(b));
    assert!(
        inked(&pa) > 200 && inked(&pb) > 200,
        "{a} / {b}: text drawn"
    );
    assert!(
        pa != pb,
        "{a} and {b} give the same pixels: boxes instead of glyphs"
    );
}

#[test]
fn chinese_titles_of_the_same_length_draw_different_pixels() {
    // Same Latin, digits and positions; only the hanzi differ.
    assert_drawn_differently(
        "辽宁：中欧班列开行量增长10%以上",
        "贵州：外贸进出口总额增长10%以上",
        title_pixels,
    );
    // Only full-width punctuation differs.
    assert_drawn_differently(
        "中欧班列，开行量。（一）",
        "中欧班列；开行量！【一】",
        title_pixels,
    );
}

#[test]
fn text_only_dejavu_has_is_drawn_with_dejavu() {
    assert_eq!(family_for("China-Europe trains"), FAMILY);
    assert_eq!(family_for("辽宁 Liaoning，中欧班列"), FAMILY);
    assert_eq!(family_for("עברית"), FALLBACK_FAMILY);
    // Hebrew letters are not in the Chinese font: with it they would all be boxes.
    assert_drawn_differently("עברית", "שלומי", title_pixels);
}

#[test]
fn the_overview_draws_chinese_goal_titles_with_glyphs() {
    let label_column = |title: &str| {
        let chart = overview_chart(&[chart_with_title(title)], Lang::En, 800, 260).unwrap();
        // Left of the bars (34% of the width), below the header.
        crop(&chart.png, (0, 80, 270, 140))
    };
    assert_drawn_differently("中欧班列开行量增长", "外贸进出口总额增长", label_column);
}

#[test]
fn the_email_inlines_the_same_chinese_charts_as_the_files() {
    let mut guizhou = fixtures::liaoning("贵州：外贸进出口总额增长10%以上", "贵州");
    guizhou.goal.id = fixtures::slug("guizhou-trade-2021");
    let views = vec![
        fixtures::liaoning("辽宁：中欧班列开行量增长10%以上", "辽宁"),
        guizhou,
    ];
    let tmp = tempfile::tempdir().unwrap();
    write_report(tmp.path(), &fixtures::input(views)).unwrap();
    let read = |name: &str| std::fs::read(tmp.path().join(name)).unwrap();
    let (a, b) = (
        read("goals/liaoning-trains-2021.png"),
        read("goals/guizhou-trade-2021.png"),
    );
    assert!(
        crop(&a, TITLE_AREA) != crop(&b, TITLE_AREA),
        "boxes in the titles"
    );

    let eml = read("summary.eml");
    let msg = mail_parser::MessageParser::default().parse(&eml).unwrap();
    let inline: Vec<&[u8]> = msg.attachments().map(|p| p.contents()).collect();
    for (name, png) in [("liaoning", &a), ("guizhou", &b)] {
        assert!(
            inline.contains(&png.as_slice()),
            "the email inlines the {name} chart as drawn"
        );
    }
    assert!(
        inline.contains(&read("overview.png").as_slice()),
        "the email inlines the overview"
    );
}

#[test]
fn svg_text_and_page_css_name_chinese_font_families() {
    let svg = goal_chart(&chart_with_title("辽宁：中欧班列"), Lang::En, 800, 500)
        .unwrap()
        .svg;
    let family = r#"font-family="Noto Sans SC, Noto Sans CJK SC, Source Han Sans SC"#;
    assert!(svg.contains(family), "{}", &svg[..600.min(svg.len())]);
    assert!(svg.contains("辽宁：中欧班列"));
    for name in ["Microsoft YaHei", "PingFang SC", "sans-serif"] {
        assert!(
            FAMILY.contains(name) && PAGE_FONT_RULE.contains(name),
            "{name}"
        );
    }
    let html = crate::report::index_html(&fixtures::input(vec![chart_with_title("辽宁")]));
    assert!(html.contains(PAGE_FONT_RULE), "the report page's CSS");
}
