//! The catalogue's display texts in two languages: how the file writes
//! them, what is refused and where, what is untranslated, and the shipped
//! catalogue in both languages.

use super::*;
use crate::domain::{Lang, Text};

const BILINGUAL: &str = r#"
[[region]]
id = "liaoning"
name = { en = "Liaoning", zh-CN = "辽宁" }

[[indicator]]
id = "china-europe-trains"
name = { en = "China-Europe freight trains", zh-CN = "中欧班列开行量" }
unit = { en = "trains", zh-CN = "列" }
frequency = "monthly"
measure = "flow"

[[goal]]
id = "liaoning-trains-2021"
title = { en = "China-Europe trains up more than 10% in 2021", zh-CN = "中欧班列开行量增长10%以上" }
region = "liaoning"
indicator = "china-europe-trains"
type = "growth"
percent = 10
target_year = 2021
note = { en = "Counted by the province.", zh-CN = "按全省统计。" }

[[goal]]
id = "shenyang-hub"
title = { zh-CN = "支持沈阳建设中欧班列集结中心" }
region = "liaoning"
type = "milestone"
due = 2021-12-31
quote = "support Shenyang to establish a China Europe train assembly center"
"#;

fn problems(text: &str) -> Vec<String> {
    Catalogue::from_toml(text, "c.toml")
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn texts_load_in_both_languages_and_a_missing_one_falls_back() {
    let cat = Catalogue::from_toml(BILINGUAL, "c.toml").unwrap();
    assert_eq!(cat.regions[0].name, Text::both("Liaoning", "辽宁"));
    let ind = &cat.indicators[0];
    assert_eq!(ind.unit.get(Lang::ZhCn), "列");
    assert_eq!(ind.name.get(Lang::En), "China-Europe freight trains");
    let g = cat.goal("liaoning-trains-2021").unwrap();
    assert_eq!(g.title.get(Lang::ZhCn), "中欧班列开行量增长10%以上");
    assert_eq!(g.note.as_ref().unwrap().get(Lang::ZhCn), "按全省统计。");
    // Given in Chinese only, the milestone's title is what English shows too.
    let hub = cat.goal("shenyang-hub").unwrap();
    assert_eq!(hub.title.get(Lang::En), "支持沈阳建设中欧班列集结中心");
    assert_eq!(hub.title.exact(Lang::En), None);
}

#[test]
fn a_table_written_as_dotted_keys_is_the_same_text() {
    let inline = r#"title = { en = "China-Europe trains up more than 10% in 2021", zh-CN = "中欧班列开行量增长10%以上" }"#;
    let dotted = "title.en = \"China-Europe trains up more than 10% in 2021\"\n\
                  title.zh-CN = \"中欧班列开行量增长10%以上\"";
    let cat = Catalogue::from_toml(&BILINGUAL.replace(inline, dotted), "c.toml").unwrap();
    assert_eq!(
        cat.goal("liaoning-trains-2021").unwrap().title,
        Text::both(
            "China-Europe trains up more than 10% in 2021",
            "中欧班列开行量增长10%以上"
        )
    );
    let bad = BILINGUAL.replace(inline, "title.en = \"Trains\"\ntitle.zh-TW = \"中歐班列\"");
    assert_eq!(
        problems(&bad)[0],
        "c.toml: goal \"liaoning-trains-2021\": key `title`: unknown language \"zh-TW\": \
         waymark speaks \"en\" and \"zh-CN\" in `title`"
    );
}

#[test]
fn a_bad_language_table_is_a_problem_with_its_file_entry_and_key() {
    let cases = [
        (
            r#"name = { en = "Liaoning", zh-CN = "辽宁" }"#,
            r#"name = { en = "Liaoning", fr = "Liaoning" }"#,
            "c.toml: region \"liaoning\": key `name`: unknown language \"fr\": waymark speaks \"en\" and \"zh-CN\" in `name`",
        ),
        (
            r#"unit = { en = "trains", zh-CN = "列" }"#,
            "unit = {}",
            "c.toml: indicator \"china-europe-trains\": key `unit`: an empty table: give the text as en = \"…\" and/or zh-CN = \"…\" in `unit`",
        ),
        (
            r#"title = { zh-CN = "支持沈阳建设中欧班列集结中心" }"#,
            r#"title = { zh = "支持沈阳建设中欧班列集结中心" }"#,
            "c.toml: goal \"shenyang-hub\": key `title`: language tag \"zh\": write it as \"zh-CN\" in `title`",
        ),
        (
            r#"note = { en = "Counted by the province.", zh-CN = "按全省统计。" }"#,
            "note = 3",
            "c.toml: goal \"liaoning-trains-2021\": key `note`: expected a string, or a table such as { en = \"…\", zh-CN = \"…\" } in `note`",
        ),
    ];
    for (good, bad, want) in cases {
        assert!(BILINGUAL.contains(good), "{good}");
        // An entry that cannot be read is left out, so a region's goals
        // also name an unknown region: the first problem is the cause.
        let got = problems(&BILINGUAL.replace(good, bad));
        assert_eq!(got[0], want, "{bad}: {got:#?}");
    }
}

#[test]
fn each_language_is_checked_and_a_problem_names_its_language() {
    let text = BILINGUAL
        .replace("中欧班列开行量增长", "中欧班列\\u202E开行量增长")
        .replace("zh-CN = \"列\"", "zh-CN = \" \"")
        .replace("\"按全省统计。\"", "\"按全省\\n统计。\\u0007\"")
        .replace(
            "title = { zh-CN = \"支持沈阳",
            "title = { en = \"\\u2066Hub\", zh-CN = \"支持沈阳",
        );
    assert_eq!(
        problems(&text),
        [
            "c.toml: goal \"liaoning-trains-2021\": key `title` (zh-CN): contains U+202E (a bidirectional formatting character) at character 5; remove it",
            "c.toml: goal \"liaoning-trains-2021\": key `note` (zh-CN): contains U+0007 (a control character) at character 8; remove it",
            "c.toml: goal \"shenyang-hub\": key `title` (en): contains U+2066 (a bidirectional formatting character) at character 1; remove it",
        ],
        "{text}"
    );
    // A blank unit is allowed, as it always was; a blank title is not, in
    // either language.
    let blank = BILINGUAL.replace("zh-CN = \"中欧班列开行量增长10%以上\"", "zh-CN = \"  \"");
    assert_eq!(
        problems(&blank),
        ["c.toml: goal \"liaoning-trains-2021\": key `title` (zh-CN): must not be empty"]
    );
}

#[test]
fn untranslated_texts_are_listed_by_entry_key_and_missing_language() {
    let cat = Catalogue::from_toml(BILINGUAL, "c.toml").unwrap();
    let listed: Vec<String> = cat.untranslated().iter().map(ToString::to_string).collect();
    assert_eq!(
        listed,
        ["goal \"shenyang-hub\": key `title`: no en text (the zh-CN one is shown)"]
    );
    let english = BILINGUAL
        .replace(r#"{ en = "Liaoning", zh-CN = "辽宁" }"#, r#""Liaoning""#)
        .replace(
            r#"{ en = "Counted by the province.", zh-CN = "按全省统计。" }"#,
            r#"{ en = "Counted by the province." }"#,
        );
    let cat = Catalogue::from_toml(&english, "c.toml").unwrap();
    let got: Vec<(String, &str, Lang)> = cat
        .untranslated()
        .into_iter()
        .map(|u| (u.entry, u.key, u.missing))
        .collect();
    assert_eq!(
        got,
        [
            ("region \"liaoning\"".into(), "name", Lang::ZhCn),
            ("goal \"liaoning-trains-2021\"".into(), "note", Lang::ZhCn),
            ("goal \"shenyang-hub\"".into(), "title", Lang::En),
        ]
    );
}

#[test]
fn the_shipped_catalogue_is_in_both_languages_with_the_standard_terms() {
    let text = include_str!("../../../config/catalogue.toml");
    let cat = Catalogue::from_toml(text, "config/catalogue.toml").expect("a valid catalogue");
    let untranslated: Vec<String> = cat.untranslated().iter().map(ToString::to_string).collect();
    assert!(untranslated.is_empty(), "{untranslated:#?}");
    let zh = |t: &Text| t.exact(Lang::ZhCn).unwrap().to_string();
    let region = |id: &str| zh(&cat.region(id).unwrap().name);
    for (id, name) in [
        ("liaoning", "辽宁"),
        ("zhejiang", "浙江"),
        ("guizhou", "贵州"),
        ("heilongjiang", "黑龙江"),
        ("fujian", "福建"),
        ("jilin", "吉林"),
    ] {
        assert_eq!(region(id), name, "{id}");
    }
    let indicator = |id: &str| cat.indicator(id).unwrap();
    for (id, term, unit) in [
        ("china-europe-trains", "中欧班列", "列"),
        ("import-export", "进出口总额", "亿元"),
        ("fdi", "实际使用外资", "亿美元"),
        ("cross-border-ecommerce", "跨境电子商务", "亿元"),
    ] {
        let i = indicator(id);
        assert!(zh(&i.name).contains(term), "{id}: {:?}", i.name);
        assert_eq!(zh(&i.unit), unit, "{id}");
    }
    let title = |id: &str| zh(&cat.goal(id).unwrap().title);
    assert_eq!(title("liaoning-trains-2021"), "中欧班列开行量增长10%以上");
    assert_eq!(title("guizhou-import-export-2021"), "进出口总额增长30%以上");
    assert!(title("guizhou-double-fdi").contains("实际使用外资"));
    assert!(title("guizhou-double-cross-border-ecommerce").contains("跨境电子商务"));
    // The quotes stay the source document's English words.
    let quote = cat.goal("liaoning-trains-2021").unwrap().quote.as_deref();
    assert_eq!(
        quote,
        Some("The number of China Europe trains increased by more than 10%.")
    );
}
