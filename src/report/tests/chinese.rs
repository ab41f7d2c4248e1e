//! The report in Chinese: the page, digest, email and charts say every word
//! of their own in zh-CN (catalogue texts stay as the catalogue gives them).

use crate::domain::{Lang, Status};
use crate::i18n;
use crate::report::fixtures;
use crate::report::{GoalView, ReportInput, goal_chart, index_html, overview_chart};
use crate::report::{summary_eml, summary_text};
use image::RgbImage;
use quick_xml::events::Event;

fn chinese_input() -> ReportInput {
    let mut input = fixtures::input(fixtures::all_views());
    input.lang = Lang::ZhCn;
    input
}

/// The report's own English words that take no argument (headings, labels,
/// fixed sentences) and every status: none may show in a Chinese report.
fn english_words() -> Vec<String> {
    let en = i18n::SOURCES[0].1;
    let mut words: Vec<String> = i18n::keys(en)
        .into_iter()
        .filter(|k| {
            ["report-", "fact-", "chart-", "overview-"]
                .iter()
                .any(|p| k.starts_with(p))
        })
        .map(|k| i18n::message(Lang::En, &k, &[]))
        // Messages with arguments leave their placeholders unfilled.
        .filter(|m| !m.contains('{') && m.trim().len() > 4)
        .collect();
    words.extend(Status::ALL.map(|s| i18n::status(Lang::En, s)));
    words
}

/// The page after its style sheet: its text and attributes (alt texts
/// included), where no English word of the report may be.
fn after_style(html: &str) -> &str {
    html.split("</style>").nth(1).unwrap_or(html)
}

#[track_caller]
fn assert_no_english(text: &str) {
    for w in english_words() {
        assert!(!text.contains(&w), "English {w:?} in:\n{text}");
    }
}

#[test]
fn the_chinese_page_is_marked_zh_cn_and_has_no_english_headings_or_status_words() {
    let html = index_html(&chinese_input());
    assert!(html.contains(r#"<html lang="zh-CN">"#), "{}", &html[..200]);
    let text = after_style(&html).to_string();
    assert_no_english(&text);
    for words in [
        "目标进展报告（截至2021年7月31日）",
        "需要关注",
        "总览",
        "进展顺利",
        "进展有限",
        "出现倒退",
        "同比",
        "累计至今",
        "2021年1月至2021年6月",
        "较上期报告状态有变化",
        "Double FDI by 2023：需要加快 → 进展有限",
    ] {
        assert!(text.contains(words), "{words:?} missing from:\n{text}");
    }
    // The English report is unchanged in this respect.
    assert!(index_html(&fixtures::input(fixtures::all_views())).contains(r#"<html lang="en">"#));
}

#[test]
fn the_chinese_digest_words_figures_periods_and_dates_in_chinese() {
    let text = summary_text(&chinese_input());
    assert_no_english(&text);
    for words in [
        "目标进展报告（截至2021年7月31日）",
        "生成时间：2021年8月1日 08:00（UTC）。",
        "共 5 个目标：进展顺利 1 个、进展有限 2 个、出现倒退 1 个、待定 1 个",
        "需要关注",
        "预测值与目标值：2021年 1,106 trains（按季节规律预测），目标为2021年 1,078 trains",
        "剩余各月需完成：每月至少 104 trains（还剩 6 个月）",
        "缺少的数据：2022年第2季度",
        "进度：推进中",
        "图表：goals/liaoning-trains-2021.png",
    ] {
        assert!(text.contains(words), "{words:?} missing from:\n{text}");
    }
}

#[test]
fn the_chinese_email_subject_is_rfc_2047_encoded_and_reads_back_as_chinese() {
    let input = chinese_input();
    let eml = summary_eml(&input, &[], &[], &[]).unwrap();
    let head_end = eml
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a header section");
    let head = std::str::from_utf8(&eml[..head_end]).unwrap();
    assert!(head.is_ascii(), "raw 8-bit bytes in the headers:\n{head}");
    let subject_line = head
        .lines()
        .find(|l| l.starts_with("Subject:"))
        .expect("a Subject header");
    assert!(
        subject_line.to_ascii_lowercase().contains("=?utf-8?"),
        "not an encoded word: {subject_line}"
    );
    let msg = mail_parser::MessageParser::default()
        .parse(&eml)
        .expect("parses");
    assert_eq!(
        msg.subject(),
        Some("目标进展报告（截至2021年7月31日）：1 项进展顺利，3 项需要关注")
    );
    let html = msg.body_html(0).expect("an HTML part");
    assert!(html.contains(r#"<html lang="zh-CN">"#));
    assert!(msg.body_text(0).expect("a text part").contains("需要关注"));
}

fn crop(png: &[u8], (x, y, w, h): (u32, u32, u32, u32)) -> RgbImage {
    let img = image::load_from_memory(png).unwrap().to_rgb8();
    image::imageops::crop_imm(&img, x, y, w, h).to_image()
}

/// Set `WAYMARK_CHART_DUMP=/some/dir` to look at the charts.
fn dump(name: &str, bytes: &[u8]) {
    if let Some(dir) = std::env::var_os("WAYMARK_CHART_DUMP") {
        std::fs::write(std::path::PathBuf::from(dir).join(name), bytes).unwrap();
    }
}

#[test]
fn a_chinese_goal_chart_differs_from_the_english_one_in_its_captions_and_legend() {
    // The same Chinese title in both: only the chart's own words differ.
    let v = fixtures::liaoning("中欧班列开行量增长10%以上", "辽宁");
    let (zh, en) = (
        goal_chart(&v, Lang::ZhCn, 800, 500).unwrap(),
        goal_chart(&v, Lang::En, 800, 500).unwrap(),
    );
    dump("zh-liaoning.png", &zh.png);
    dump("en-liaoning.png", &en.png);
    let title = (0, 0, 800, 42);
    assert!(crop(&zh.png, title) == crop(&en.png, title), "same title");
    for (what, area) in [
        ("subtitle", (40, 42, 760, 24)),
        ("legend", (0, 68, 800, 40)),
        ("x axis caption", (90, 470, 700, 30)),
    ] {
        assert!(
            crop(&zh.png, area) != crop(&en.png, area),
            "the {what} is the same in both languages"
        );
    }
    let overview = overview_chart(&fixtures::all_views(), Lang::ZhCn, 800, 400).unwrap();
    dump("zh-overview.png", &overview.png);
    dump("zh-overview.svg", overview.svg.as_bytes());
}

/// The text of every `<text>` element of an SVG, unescaped.
fn svg_texts(svg: &str) -> Vec<String> {
    let mut reader = quick_xml::Reader::from_str(svg);
    let (mut out, mut inside) = (Vec::new(), false);
    loop {
        match reader.read_event().unwrap() {
            Event::Eof => break,
            Event::Start(e) if e.name().as_ref() == b"text" => {
                inside = true;
                out.push(String::new());
            }
            Event::End(e) if e.name().as_ref() == b"text" => inside = false,
            Event::Text(t) if inside => {
                out.last_mut().unwrap().push_str(&t.decode().unwrap());
            }
            Event::GeneralRef(r) if inside => {
                let c = r.resolve_char_ref().unwrap().or_else(|| {
                    let name = r.decode().unwrap();
                    quick_xml::escape::resolve_predefined_entity(&name)
                        .and_then(|s| s.chars().next())
                });
                out.last_mut().unwrap().push(c.expect("a known entity"));
            }
            _ => {}
        }
    }
    out.iter().map(|t| t.trim().to_string()).collect()
}

#[test]
fn the_chinese_svg_carries_its_words_as_escaped_utf8_text() {
    let mut v: GoalView = fixtures::liaoning("班列 <增长> & 目标", "辽宁");
    v.goal.title = "班列 <增长> & 目标".into();
    let svg = goal_chart(&v, Lang::ZhCn, 800, 500).unwrap().svg;
    super::assert_well_formed(&svg);
    assert!(
        svg.contains("班列 &lt;增长&gt; &amp; 目标"),
        "escaped as UTF-8"
    );
    let texts = svg_texts(&svg);
    for words in [
        "班列 <增长> & 目标",
        "目标路径（2020年季节规律）",
        "全年预测（按季节规律）",
        "2021年累计至今",
        "2021年各月（累计至期末）",
        "目标值 1,078 trains",
        "1月",
        "12月",
    ] {
        assert!(
            texts.iter().any(|t| t.contains(words)),
            "{words:?} is no <text>: {texts:?}"
        );
    }
    let subtitle = texts
        .iter()
        .find(|t| t.starts_with("辽宁"))
        .unwrap_or_else(|| panic!("no subtitle in {texts:?}"));
    assert_eq!(subtitle, "辽宁 · 进展顺利 · 进度比 1.28 · 得分 4.9");
}
