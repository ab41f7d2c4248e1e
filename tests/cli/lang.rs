//! The report's language through the real binary: `--lang` for `demo` and
//! `report`, else `[ui] language`. The page, the digest, the email and the
//! charts are all worded in it.

use super::status::{liaoning_env, run_demo};
use mail_parser::MessageParser;
use std::path::Path;

/// Every status in English words: none may show in a Chinese report.
const ENGLISH_STATUSES: [&str; 8] = [
    "Target achieved",
    "On track",
    "Needs acceleration",
    "Limited progress",
    "Deterioration",
    "Target missed",
    "Pending",
    "Not available",
];

/// The page after its style sheet: its text and attributes (alt texts
/// included), where no English word of the report may be.
fn after_style(html: &str) -> &str {
    html.split("</style>").nth(1).unwrap_or(html)
}

/// The report folder `out` is worded in Chinese throughout.
#[track_caller]
fn assert_chinese_report(out: &Path) {
    let read = |name: &str| std::fs::read(out.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let html = String::from_utf8(read("index.html")).unwrap();
    assert!(html.contains(r#"<html lang="zh-CN">"#), "{}", &html[..200]);
    let text = after_style(&html).to_string();
    for english in
        ENGLISH_STATUSES
            .iter()
            .chain(&["Needs attention", "Overview", "waymark report as of"])
    {
        assert!(!text.contains(english), "{english:?} in the page:\n{text}");
    }
    for chinese in [
        "目标进展报告（截至2021年6月30日）",
        "需要关注",
        "总览",
        "进展顺利",
    ] {
        assert!(text.contains(chinese), "{chinese:?} missing:\n{text}");
    }

    let digest = String::from_utf8(read("summary.txt")).unwrap();
    assert!(
        digest.starts_with("目标进展报告（截至2021年6月30日）"),
        "{digest}"
    );
    assert!(
        digest.contains("需要关注") && digest.contains("状态："),
        "{digest}"
    );

    let eml = read("summary.eml");
    let msg = MessageParser::default()
        .parse(&eml)
        .expect("the email parses");
    let subject = msg.subject().expect("a subject");
    assert!(
        subject.starts_with("目标进展报告（截至2021年6月30日）："),
        "{subject}"
    );
    assert!(msg.body_html(0).unwrap().contains(r#"lang="zh-CN""#));

    let overview = String::from_utf8(read("overview.svg")).unwrap();
    assert!(overview.contains("目标得分"), "the overview's title");
}

#[test]
fn demo_with_lang_zh_cn_writes_the_whole_report_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_demo(dir.path(), &["--lang", "zh-CN"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("打开报告："), "{stdout}");
    let folder = dir.path().join("charts/demo");
    assert_chinese_report(&folder);
    // Every goal's chart, its legend and axes included, in Chinese.
    let svg = std::fs::read_to_string(folder.join("goals/liaoning-trains-2021.svg")).unwrap();
    for words in ["2021年累计至今", "目标路径", "1月"] {
        assert!(svg.contains(words), "{words:?} not in the chart");
    }
    assert!(!svg.contains("to date (cumulative)"));
}

#[test]
fn report_follows_ui_language_and_lang_overrides_it() {
    let env = liaoning_env();
    env.settings("[ui]\nlanguage = \"zh-CN\"\n");
    let zh = env.path("zh");
    let args = |out: &Path| {
        vec![
            "report".to_string(),
            "--as-of".into(),
            "2021-06-30".into(),
            "--out".into(),
            out.to_str().unwrap().to_string(),
        ]
    };
    let run = |extra: &[&str], out: &Path| {
        let mut a: Vec<String> = extra.iter().map(std::string::ToString::to_string).collect();
        a.extend(args(out));
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        env.run(&a).ok()
    };
    let printed = run(&[], &zh).stdout;
    assert!(printed.contains("截至2021年6月30日的报告"), "{printed}");
    assert_chinese_report(&zh);

    let en = env.path("en");
    run(&["--lang", "en"], &en);
    let html = std::fs::read_to_string(en.join("index.html")).unwrap();
    assert!(html.contains(r#"<html lang="en">"#));
    assert!(html.contains("waymark report as of 2021-06-30"));
}
