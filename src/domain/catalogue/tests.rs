//! The catalogue's tests: loading, every kind of problem, lookups by id.

use super::*;
use crate::domain::Text;
use crate::domain::rules::Rules;
use chrono::NaiveDate;

const GOOD: &str = r#"
[[region]]
id = "liaoning"
name = "Liaoning"

[[indicator]]
id = "china-europe-trains"
name = "China-Europe freight trains"
unit = "trains"
frequency = "monthly"
measure = "flow"

[[goal]]
id = "liaoning-trains-2021"
title = "Trains up 10%"
region = "liaoning"
indicator = "china-europe-trains"
type = "growth"
percent = 10
target_year = 2021

[[goal]]
id = "shenyang-hub"
title = "Assembly centre"
region = "liaoning"
type = "milestone"
due = 2021-12-31
"#;

#[test]
fn loads_a_valid_catalogue_and_defaults_the_growth_baseline() {
    let cat = Catalogue::from_toml(GOOD, "c.toml").unwrap();
    let g = cat.goal("liaoning-trains-2021").unwrap();
    assert_eq!(g.baseline_year, Some(2020));
    assert_eq!(g.kind, GoalKind::Growth { percent: 10.0 });
    assert_eq!(
        cat.indicator("china-europe-trains").unwrap().due_days,
        DEFAULT_DUE_DAYS
    );
    assert_eq!(
        cat.goal("shenyang-hub").unwrap().kind,
        GoalKind::Milestone {
            due: NaiveDate::from_ymd_opt(2021, 12, 31).unwrap()
        }
    );
}

fn problems(text: &str) -> Vec<String> {
    Catalogue::from_toml(text, "c.toml")
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn reports_every_problem_with_file_entry_and_key() {
    let bad = GOOD
        .replace("percent = 10", "percnt = 10")
        .replace(
            "region = \"liaoning\"\nindicator",
            "region = \"liaoning2\"\nindicator",
        )
        .replace("due = 2021-12-31", "due = \"2021-13-01\"");
    let p = problems(&bad);
    assert!(
        p.iter()
            .any(|m| m.contains("goal \"liaoning-trains-2021\": key `percnt`")),
        "{p:?}"
    );
    assert!(
        p.iter()
            .any(|m| m.contains("goal \"shenyang-hub\": key `due`")),
        "{p:?}"
    );
    let bad = GOOD.replace(
        "region = \"liaoning\"\nindicator",
        "region = \"liaonig\"\nindicator",
    );
    let p = problems(&bad);
    assert!(
        p.iter()
            .any(|m| m
                .contains("key `region`: unknown region \"liaonig\" (did you mean \"liaoning\"?)")),
        "{p:?}"
    );
}

#[test]
fn a_type_missing_its_fields_or_with_foreign_fields_is_an_error() {
    let p = problems(&GOOD.replace("percent = 10", "factor = 2"));
    assert!(
        p.iter().any(|m| m.contains("key `percent`: missing")),
        "{p:?}"
    );
    assert!(
        p.iter()
            .any(|m| m.contains("key `factor`: does not apply to a growth goal")),
        "{p:?}"
    );
}

#[test]
fn syntax_errors_and_unknown_sections_are_reported() {
    assert_eq!(problems("[[goal]\n").len(), 1);
    let p = problems(&format!("{GOOD}\n[[regoin]]\nid = \"x\"\n"));
    assert!(
        p.iter().any(|m| m.contains("key `regoin`: unknown key")),
        "{p:?}"
    );
}

#[test]
fn control_and_bidi_characters_are_refused_except_in_quotes_where_they_are_escaped() {
    let text = GOOD
        .replace("name = \"Liaoning\"", "name = \"Liao\\u202Ening\"")
        .replace("unit = \"trains\"", "unit = \"trains\\u0007\"")
        .replace(
            "title = \"Trains up 10%\"",
            "title = \"Trains\\nup\"\nquote = \"said \\u202Eso\\n\\u0000.\"\nnote = \"two\\nlines\\tok\"",
        );
    let got = problems(&text);
    assert_eq!(
        got,
        [
            "c.toml: region \"liaoning\": key `name`: contains U+202E (a bidirectional formatting character) at character 5; remove it",
            "c.toml: indicator \"china-europe-trains\": key `unit`: contains U+0007 (a control character) at character 7; remove it",
            "c.toml: goal \"liaoning-trains-2021\": key `title`: contains U+000A (a control character) at character 7; remove it",
        ],
        "{text}"
    );
    let fixed = text
        .replace("Trains\\nup", "Trains up")
        .replace("Liao\\u202Ening", "Liaoning")
        .replace("trains\\u0007", "trains");
    let cat = Catalogue::from_toml(&fixed, "c.toml").unwrap();
    let g = cat.goal("liaoning-trains-2021").unwrap();
    assert_eq!(g.quote.as_deref(), Some("said \\u{202E}so\n\\u{0000}."));
    assert_eq!(g.note, Some(Text::from("two\nlines\tok")));
}

#[test]
fn indicator_rules_load_with_their_defaults_and_bad_bounds_are_named() {
    let cat = Catalogue::from_toml(GOOD, "c.toml").unwrap();
    let rules = cat.indicators[0].rules;
    assert_eq!(rules, Rules::default());
    assert!(
        !rules.allow_future && !rules.integer,
        "refuse open periods by default"
    );
    let ruled = GOOD.replace(
        "measure = \"flow\"\n",
        "measure = \"flow\"\nmin = 0\nmax = 5000\ninteger = true\nallow_future = true\n",
    );
    let rules = Catalogue::from_toml(&ruled, "c.toml").unwrap().indicators[0].rules;
    assert_eq!(
        rules,
        Rules {
            min: Some(0.0),
            max: Some(5000.0),
            integer: true,
            allow_future: true,
            ..Rules::default()
        }
    );
    let entry = "c.toml: indicator \"china-europe-trains\"";
    let bad = GOOD.replace(
        "measure = \"flow\"\n",
        "measure = \"flow\"\nmin = 10\nmax = 5\n",
    );
    assert_eq!(
        problems(&bad),
        [format!(
            "{entry}: key `max`: max = 5 is below min = 10: no value could be accepted"
        )]
    );
    let bad = GOOD.replace(
        "measure = \"flow\"\n",
        "measure = \"flow\"\nmax = inf\nmin = 1e16\n",
    );
    assert_eq!(
        problems(&bad),
        [
            format!(
                "{entry}: key `min`: must be a number between -1e15 and 1e15, got 10000000000000000"
            ),
            format!("{entry}: key `max`: must be a number between -1e15 and 1e15, got inf"),
        ]
    );
    assert!(
        problems(&GOOD.replace(
            "measure = \"flow\"\n",
            "measure = \"flow\"\nintegr = true\n"
        ))[0]
            .contains("key `integr`")
    );
}

#[test]
fn unit_mult_defaults_to_zero_and_is_a_small_whole_number() {
    let cat = Catalogue::from_toml(GOOD, "c.toml").unwrap();
    assert_eq!(cat.indicator("china-europe-trains").unwrap().unit_mult, 0);
    let with =
        |line: &str| GOOD.replace("measure = \"flow\"", &format!("measure = \"flow\"\n{line}"));
    for (line, want) in [
        ("unit_mult = 8", 8),
        ("unit_mult = -3", -3),
        ("unit_mult = 20", 20),
    ] {
        let cat = Catalogue::from_toml(&with(line), "c.toml").unwrap();
        assert_eq!(
            cat.indicator("china-europe-trains").unwrap().unit_mult,
            want,
            "{line}"
        );
    }
    for bad in ["21", "-21", "9999999999999"] {
        let p = problems(&with(&format!("unit_mult = {bad}")));
        assert_eq!(
            p,
            [format!(
                "c.toml: indicator \"china-europe-trains\": key `unit_mult`: {bad} is out of range \
                 (expected -20 to 20: the unit is 10^unit_mult of the base unit, 8 for \"CNY 100 million\")"
            )],
            "{bad}"
        );
    }
    for bad in ["2.5", "\"8\""] {
        let p = problems(&with(&format!("unit_mult = {bad}")));
        assert!(
            p[0].starts_with(
                "c.toml: indicator \"china-europe-trains\": key `unit_mult`: invalid type"
            ),
            "{bad}: {p:?}"
        );
    }
}

#[test]
fn slugs_are_strict() {
    for bad in ["", "A", "a b", "-a", "a-", "../x", "a/b", "a\0b"] {
        assert!(Slug::parse(bad).is_err(), "{bad:?}");
    }
    assert!(Slug::parse("china-europe-trains-2").is_ok());
}

#[test]
fn the_shipped_catalogue_is_valid() {
    let text = include_str!("../../../config/catalogue.toml");
    if let Err(problems) = Catalogue::from_toml(text, "config/catalogue.toml") {
        let list: Vec<String> = problems.iter().map(ToString::to_string).collect();
        panic!("config/catalogue.toml has problems:\n{}", list.join("\n"));
    }
}

#[test]
fn lookups_find_by_id_and_a_miss_suggests_the_closest_id_of_its_kind() {
    let cat = Catalogue::from_toml(GOOD, "c.toml").unwrap();
    assert_eq!(cat.region("liaoning").unwrap().name, Text::from("Liaoning"));
    assert_eq!(
        cat.indicator("china-europe-trains").unwrap().unit,
        Text::from("trains")
    );
    assert!(cat.goal("shenyang-hub").unwrap().is_milestone());
    let miss = cat.region("liaonig").unwrap_err();
    assert_eq!(
        miss,
        UnknownId {
            kind: IdKind::Region,
            id: "liaonig".into(),
            suggestion: Some("liaoning".into()),
        }
    );
    assert_eq!(
        miss.to_string(),
        "unknown region \"liaonig\" (did you mean \"liaoning\"?)"
    );
    // Only ids of the kind looked for are suggested.
    assert_eq!(
        cat.goal("liaoning").unwrap_err().to_string(),
        "unknown goal \"liaoning\""
    );
    assert_eq!(
        cat.indicator("china-europe-train").unwrap_err().to_string(),
        "unknown indicator \"china-europe-train\" (did you mean \"china-europe-trains\"?)"
    );
}

#[test]
fn a_long_unknown_id_or_bad_slug_makes_a_short_message() {
    let long = "x".repeat(1_000_000);
    for message in [
        UnknownId::among(IdKind::Source, &long, ["x"]).to_string(),
        Slug::parse(&long).unwrap_err().to_string(),
    ] {
        assert!(message.contains("(1000000 characters)"), "{message}");
        assert!(message.len() < 300, "{message}");
    }
    assert_eq!(
        Slug::parse("A b").unwrap_err().to_string(),
        "\"A b\" is not a valid id (lower-case letters, digits and '-', at most 64 characters)"
    );
}
