//! A catalogue in Chinese through the real binary: `report` on a machine
//! with no CJK font installed draws the titles with glyphs (the binary
//! carries its font), in the chart files and in the email's inline images.
//!
//! Two titles of the same length that differ only in their hanzi give the
//! same pixels when every hanzi is drawn as the same missing-glyph box.

use crate::common::catalogue::Builder;
use crate::common::cli::{Env, Run};
use crate::common::images;
use image::RgbImage;
use std::fmt::Write as _;

fn catalogue() -> String {
    let mut cat = Builder::new().indicator("trains", "中欧班列开行量", "列", "monthly", "flow");
    for (id, region, title) in [
        ("liaoning", "辽宁", "中欧班列开行量增长10%以上"),
        ("guizhou", "贵州", "外贸进出口总额增长10%以上"),
    ] {
        cat =
            cat.region(id, region)
                .growth(&format!("{id}-trains"), title, (id, "trains"), 10, 2021);
    }
    cat.build()
}

fn figures() -> String {
    let mut csv = String::from("region,indicator,period,value\n");
    for region in ["liaoning", "guizhou"] {
        for (year, months) in [(2020, 12), (2021, 6)] {
            for m in 1..=months {
                writeln!(csv, "{region},trains,{year}-{m:02},{}", 60 + 3 * m).unwrap();
            }
        }
    }
    csv
}

/// The title band of a goal chart (above the status line).
fn title_band(png: &[u8]) -> RgbImage {
    let img = images::png(png).unwrap().to_rgb8();
    image::imageops::crop_imm(&img, 0, 0, img.width(), 42).to_image()
}

#[test]
fn a_chinese_catalogue_reports_with_glyphs_in_pngs_and_the_email() {
    let env = Env::with_catalogue_text(&catalogue());
    let csv = env.write("figures.csv", &figures());
    env.run(&["import", csv.to_str().unwrap()]).ok();
    let out = env.path("report");
    env.run(&[
        "report",
        "--as-of",
        "2021-06-30",
        "--out",
        out.to_str().unwrap(),
    ])
    .ok();

    let read = |name: &str| std::fs::read(out.join(name)).unwrap();
    let (a, b) = (
        read("goals/liaoning-trains.png"),
        read("goals/guizhou-trains.png"),
    );
    let (ta, tb) = (title_band(&a), title_band(&b));
    let background = *ta.get_pixel(ta.width() - 2, 2);
    assert!(ta.pixels().filter(|p| **p != background).count() > 200);
    assert!(ta != tb, "the two titles draw the same pixels: boxes");

    let svg = String::from_utf8(read("goals/liaoning-trains.svg")).unwrap();
    assert!(svg.contains("中欧班列开行量增长10%以上") && svg.contains("Noto Sans SC"));

    let eml = read("summary.eml");
    let msg = mail_parser::MessageParser::default().parse(&eml).unwrap();
    let inline: Vec<&[u8]> = msg
        .attachments()
        .map(mail_parser::MessagePart::contents)
        .collect();
    assert!(inline.contains(&a.as_slice()) && inline.contains(&b.as_slice()));
    assert!(inline.contains(&read("overview.png").as_slice()));
    let text = msg.body_text(0).unwrap();
    assert!(text.contains("中欧班列开行量增长10%以上"), "{text}");
}

fn mixed_env() -> Env {
    let mut toml = catalogue();
    toml.push_str(
        "[[region]]\nid = \"zhejiang\"\nname = \"Zhejiang\"\n\
         [[goal]]\nid = \"zhejiang-trains\"\n\
         title = \"China-Europe freight trains from Zhejiang up by more than a tenth in 2021\"\n\
         region = \"zhejiang\"\nindicator = \"trains\"\ntype = \"growth\"\npercent = 10\n\
         target_year = 2021\n",
    );
    let env = Env::with_catalogue_text(&toml);
    let csv = env.write("figures.csv", &figures());
    env.run(&["import", csv.to_str().unwrap()]).ok();
    env
}

/// Every goal row of `table` has its region and status cells at the header's
/// display columns (`headers`: the goal, region and status headings).
fn assert_lined_up(table: &str, [goal, region_h, status_h]: [&str; 3]) {
    let width = |s: &str| unicode_width::UnicodeWidthStr::width(s);
    let header = table
        .lines()
        .find(|l| l.starts_with(goal) && l.contains(region_h) && l.contains(status_h))
        .unwrap_or_else(|| panic!("no header row: {table}"));
    let column = |name: &str| width(&header[..header.find(name).unwrap()]);
    let (region_at, status_at) = (column(region_h), column(status_h));
    let rows: Vec<&str> = table
        .lines()
        .filter(|l| l.contains("-trains") || l.contains("增长") || l.contains("Zhejiang"))
        .collect();
    assert_eq!(rows.len(), 3, "{table}");
    for row in rows {
        let at = |cell: &str| width(&row[..row.rfind(cell).unwrap()]);
        let region = ["辽宁", "贵州", "Zhejiang"]
            .into_iter()
            .find(|r| row.contains(r));
        assert_eq!(at(region.unwrap()), region_at, "{table}");
        // The status cell is the last: it starts right at the header's column.
        let mut used = 0;
        let start = row
            .char_indices()
            .find(|(_, c)| {
                let here = used;
                used += width(c.encode_utf8(&mut [0; 4]));
                here == status_at
            })
            .map_or_else(
                || panic!("no character at column {status_at}: {table}"),
                |(i, _)| i,
            );
        assert!(
            row[..start].ends_with("  ") && !row[start..].starts_with(' '),
            "{table}"
        );
    }
    // The long Latin title is cut at its column width with an ellipsis.
    assert!(table.contains("…"), "{table}");
}

#[test]
fn the_status_table_lines_up_chinese_and_latin_rows_by_display_column() {
    let env = mixed_env();
    let table = env.run(&["status", "--as-of", "2021-06-30"]).ok().stdout;
    assert_lined_up(&table, ["goal", "region", "status"]);
    let table = env
        .run(&["status", "--as-of", "2021-06-30", "--lang", "zh-CN"])
        .ok()
        .stdout;
    assert_lined_up(&table, ["目标", "地区", "状态"]);
}

#[test]
fn status_speaks_chinese_with_lang_or_the_ui_setting() {
    let env = mixed_env();
    let english = [
        "On track",
        "Needs acceleration",
        "Target achieved",
        "Limited progress",
        "Goal progress",
        "projected",
        "region",
    ];
    let by_flag = env
        .run(&["--lang", "zh-CN", "status", "--as-of", "2021-06-30"])
        .ok()
        .stdout;
    let by_env = Run::of(
        env.command(&["status", "--as-of", "2021-06-30"])
            .env("WAYMARK_UI__LANGUAGE", "zh-CN"),
    )
    .ok()
    .stdout;
    assert_eq!(by_flag, by_env);
    assert!(
        by_flag.starts_with("目标进展（截至2021年6月30日）"),
        "{by_flag}"
    );
    for word in english {
        assert!(!by_flag.contains(word), "{word:?} in:\n{by_flag}");
    }
    assert!(
        ["进展顺利", "需要加快", "已实现目标", "进展有限", "出现倒退"]
            .iter()
            .any(|w| by_flag.contains(w)),
        "{by_flag}"
    );
    let history = env
        .run(&[
            "--lang",
            "zh-CN",
            "history",
            "--region",
            "liaoning",
            "--indicator",
            "trains",
        ])
        .ok()
        .stdout;
    assert!(
        history.starts_with("期间") && history.contains("录入人"),
        "{history}"
    );
    // --lang wins over the setting; an unknown language is refused by name.
    let en = Run::of(
        env.command(&["status", "--as-of", "2021-06-30", "--lang", "en"])
            .env("WAYMARK_UI__LANGUAGE", "zh-CN"),
    )
    .ok()
    .stdout;
    assert!(en.starts_with("Goal progress as of 2021-06-30"), "{en}");
    let bad = env.run(&["status", "--lang", "fr"]).fails(2);
    assert!(
        bad.stderr.contains("\"en\" and \"zh-CN\""),
        "{}",
        bad.stderr
    );
}
