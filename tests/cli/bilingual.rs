//! A catalogue in two languages through the real binary: `catalogue check`
//! lists what is untranslated without failing, and a text given in Chinese
//! only is what the English outputs show.

use crate::common::catalogue::{Builder, fixture_with};
use crate::common::cli::Env;
use crate::common::liaoning_csv;
use std::path::Path;

const TRAINS_ZH: &str = "中欧班列开行量增长10%以上";

/// The fixture catalogue with some texts in both languages, the Liaoning
/// trains goal's title in Chinese only, and the rest in English only.
fn partly_translated() -> String {
    fixture_with(&[
        (
            "name = \"Liaoning\"",
            "name = { en = \"Liaoning\", zh-CN = \"辽宁\" }",
        ),
        (
            "name = \"China-Europe freight trains\"\nunit = \"trains\"",
            "name.en = \"China-Europe freight trains\"\nname.zh-CN = \"中欧班列开行量\"\n\
             unit = { en = \"trains\", zh-CN = \"列\" }",
        ),
        (
            "title = \"China-Europe trains up more than 10% in 2021\"",
            &format!("title = {{ zh-CN = \"{TRAINS_ZH}\" }}"),
        ),
        (
            "title = \"Open the inland port\"",
            "title = { en = \"Open the inland port\", zh-CN = \"建成内陆港\" }",
        ),
    ])
}

/// The lines of `catalogue check` that list untranslated texts.
fn listed(stdout: &str) -> Vec<&str> {
    stdout
        .lines()
        .filter_map(|l| l.strip_prefix("  "))
        .collect()
}

#[test]
fn catalogue_check_lists_untranslated_texts_and_still_succeeds() {
    let env = Env::with_catalogue_text(&partly_translated());
    let run = env.run(&["catalogue", "check"]).ok();
    let mut lines = run.stdout.lines();
    assert!(
        lines.next().unwrap().starts_with("settings "),
        "{}",
        run.stdout
    );
    assert!(
        lines
            .next()
            .unwrap()
            .ends_with(": ok (4 regions, 5 indicators, 3 goals)"),
        "{}",
        run.stdout
    );
    // 3 regions, 4 indicators × (name, unit), 2 goal titles.
    assert_eq!(
        lines.next(),
        Some("untranslated texts: 13 (not errors: each is shown in the language it has)"),
        "{}",
        run.stdout
    );
    let listed = listed(&run.stdout);
    assert_eq!(listed.len(), 13, "{}", run.stdout);
    for line in [
        "region \"china\": key `name`: no zh-CN text (the en one is shown)",
        "indicator \"import-export\": key `unit`: no zh-CN text (the en one is shown)",
        "goal \"liaoning-trains-2021\": key `title`: no en text (the zh-CN one is shown)",
        "goal \"zhejiang-trade-double\": key `title`: no zh-CN text (the en one is shown)",
    ] {
        assert!(listed.contains(&line), "{line}\n{}", run.stdout);
    }
    for translated in [
        "region \"liaoning\"",
        "\"china-europe-trains\"",
        "\"guizhou-port\"",
    ] {
        assert!(
            !listed.iter().any(|l| l.starts_with(translated)),
            "{translated} is translated:\n{}",
            run.stdout
        );
    }
    assert_eq!(run.stderr, "", "nothing is a problem");
}

#[test]
fn a_text_in_chinese_only_is_what_the_english_outputs_show() {
    let env = Env::with_catalogue_text(&partly_translated());
    let csv = env.write("liaoning.csv", &liaoning_csv());
    env.run(&["import", csv.to_str().unwrap()]).ok();
    let as_of = ["--as-of", "2021-06-30", "--goal", "liaoning-trains-2021"];
    let table = env.run(&[&["status"][..], &as_of].concat()).ok().stdout;
    assert!(table.contains(TRAINS_ZH), "{table}");
    assert!(table.contains(" trains "), "the English unit: {table}");
    let json = env
        .run(&[&["status", "--format", "json"][..], &as_of].concat())
        .ok()
        .stdout;
    let goals: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(goals[0]["title"], TRAINS_ZH, "{json}");
    assert_eq!(goals[0]["unit"], "trains", "{json}");
}

#[test]
fn the_shipped_catalogue_has_no_untranslated_text() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let env = Env::with_catalogue(&root.join("config/catalogue.toml"));
    let run = env.run(&["catalogue", "check"]).ok();
    assert!(
        run.stdout
            .ends_with("untranslated texts: none (every display text is in en and zh-CN)\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_long_untranslated_list_is_cut_short_and_counted() {
    let mut cat = Builder::new();
    for i in 0..130 {
        cat = cat.region(&format!("r{i}"), &format!("Region {i}"));
    }
    let env = Env::with_catalogue_text(&cat.build());
    let run = env.run(&["catalogue", "check"]).ok();
    let listed = listed(&run.stdout);
    assert_eq!(listed.len(), 101, "{}", run.stdout);
    assert_eq!(
        listed[0],
        "region \"r0\": key `name`: no zh-CN text (the en one is shown)"
    );
    assert_eq!(listed[100], "… and 30 more untranslated texts");
}
