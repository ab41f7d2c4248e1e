//! Figures in and out through the command line: import, record, export, history.

use crate::common::catalogue::fixture_text;
use crate::common::cli::Env;
use crate::common::fixture;

#[test]
fn every_bad_file_is_rejected_whole_with_its_exact_problems_and_nothing_changes() {
    let env = Env::new();
    env.run(&["import", fixture("import/good.csv").to_str().unwrap()])
        .ok();
    let before = env.export();
    let mut dir: Vec<_> = std::fs::read_dir(fixture("import/bad"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "csv"))
        .collect();
    dir.sort();
    assert!(
        dir.len() >= 20,
        "the bad-input corpus has {} files",
        dir.len()
    );
    for file in dir {
        let expected_path = file.with_extension("expected");
        let expected = std::fs::read_to_string(&expected_path).unwrap();
        let label = file.to_str().unwrap();
        let run = env.run(&["import", label]).fails(1);
        let want: Vec<String> = expected.lines().map(|l| format!("{label}:{l}")).collect();
        let got: Vec<&str> = run
            .stderr
            .lines()
            .filter(|l| !l.starts_with("error:"))
            .collect();
        assert_eq!(got, want, "problems for {label}");
        assert!(
            run.stderr.lines().last().unwrap().starts_with("error:"),
            "{}",
            run.stderr
        );
        assert_eq!(
            env.export(),
            before,
            "export changed after rejecting {label}"
        );
    }
}

#[test]
fn reimporting_the_same_file_changes_nothing() {
    let env = Env::new();
    let good = fixture("import/good.csv");
    let first = env.run(&["import", good.to_str().unwrap()]).ok();
    assert!(
        first.stdout.contains(" 0 revised, 0 unchanged"),
        "{}",
        first.stdout
    );
    let export = env.export();
    let again = env.run(&["import", good.to_str().unwrap()]).ok();
    assert!(
        again.stdout.contains("recorded 0 new, 0 revised,"),
        "{}",
        again.stdout
    );
    assert_eq!(env.export(), export);
}

#[test]
fn dry_run_checks_without_writing() {
    let env = Env::new();
    let run = env
        .run(&[
            "import",
            fixture("import/good.csv").to_str().unwrap(),
            "--dry-run",
        ])
        .ok();
    assert!(run.stdout.contains("would record"), "{}", run.stdout);
    assert_eq!(
        env.export().trim(),
        "region,indicator,period,value,basis,note,flag"
    );
}

#[test]
fn an_xlsx_file_imports_like_a_csv() {
    let env = Env::new();
    let run = env
        .run(&["import", fixture("import/good.xlsx").to_str().unwrap()])
        .ok();
    assert!(
        run.stdout.contains("recorded") && !run.stdout.contains("recorded 0 new"),
        "{}",
        run.stdout
    );
    assert!(env.export().lines().count() > 1);
}

#[test]
fn a_bad_xlsx_sheet_is_rejected_with_row_numbers() {
    let env = Env::new();
    let file = fixture("import/bad_sheet.xlsx");
    let run = env.run(&["import", file.to_str().unwrap()]).fails(1);
    let label = file.to_str().unwrap();
    assert!(
        run.stderr
            .lines()
            .any(|l| l.starts_with(&format!("{label}:"))),
        "{}",
        run.stderr
    );
    assert_eq!(
        env.export().trim(),
        "region,indicator,period,value,basis,note,flag"
    );
}

#[test]
fn a_revision_keeps_the_old_value_in_history_and_known_at_shows_it() {
    let env = Env::new();
    let rec = |v: &str, by: &str| {
        env.run(&[
            "record",
            "--region",
            "liaoning",
            "--indicator",
            "china-europe-trains",
            "--period",
            "2021-03",
            "--value",
            v,
            "--by",
            by,
            "--note",
            "first count",
        ])
        .ok()
    };
    assert!(rec("78", "alice").stdout.contains("1 new"));
    let between = chrono::Utc::now().to_rfc3339();
    assert!(rec("87", "bob").stdout.contains("1 revised"));
    assert!(rec("87", "bob").stdout.contains("1 unchanged"));
    assert!(
        env.export()
            .contains("liaoning,china-europe-trains,2021-03,87")
    );
    let old = env.run(&["export", "--known-at", &between]).ok().stdout;
    assert!(
        old.contains("liaoning,china-europe-trains,2021-03,78"),
        "{old}"
    );
    let history = env
        .run(&[
            "history",
            "--region",
            "liaoning",
            "--indicator",
            "china-europe-trains",
        ])
        .ok()
        .stdout;
    let lines: Vec<&str> = history.lines().collect();
    assert_eq!(lines.len(), 3, "{history}");
    assert!(
        lines[1].contains("78") && lines[1].contains("alice"),
        "{history}"
    );
    assert!(
        lines[2].contains("87") && lines[2].contains("bob"),
        "{history}"
    );
}

#[test]
fn record_rejects_bad_input_with_the_field_and_value() {
    let env = Env::new();
    let run = env
        .run(&[
            "record",
            "--region",
            "liaonig",
            "--indicator",
            "china-europe-trains",
            "--period",
            "2021-03",
            "--value",
            "5",
        ])
        .fails(1);
    assert!(
        run.stderr.contains("did you mean \"liaoning\""),
        "{}",
        run.stderr
    );
    let run = env
        .run(&[
            "record",
            "--region",
            "liaoning",
            "--indicator",
            "china-europe-trains",
            "--period",
            "2021-Q1",
            "--value",
            "5",
        ])
        .fails(1);
    assert!(run.stderr.contains("2021-Q1"), "{}", run.stderr);
    let run = env
        .run(&[
            "record",
            "--region",
            "liaoning",
            "--indicator",
            "china-europe-trains",
            "--period",
            "2021-01",
            "--value",
            "12,406",
        ])
        .fails(1);
    assert!(
        run.stderr.contains("thousands separators"),
        "{}",
        run.stderr
    );
}

#[test]
fn export_json_has_the_same_figures() {
    let env = Env::new();
    env.run(&["import", fixture("import/good.csv").to_str().unwrap()])
        .ok();
    let csv_rows = env.export().lines().count() - 1;
    let json: serde_json::Value =
        serde_json::from_str(&env.run(&["export", "--format", "json"]).ok().stdout).unwrap();
    assert_eq!(json.as_array().unwrap().len(), csv_rows);
}

#[test]
fn catalogue_problems_name_the_file_the_goal_and_the_key() {
    let text = fixture_text();
    let broken = text.replacen("type = \"growth\"", "type = \"growth\"\npercnt = 5", 1);
    let env = Env::with_catalogue_file("broken.toml", &broken);
    let run = env.run(&["catalogue", "check"]).fails(1);
    assert!(
        run.stderr.contains("broken.toml: goal") && run.stderr.contains("key `percnt`"),
        "{}",
        run.stderr
    );
    assert!(env.run(&["init"]).fails(1).stderr.contains("key `percnt`"));
}

#[test]
fn catalogue_check_names_control_and_bidi_characters_in_display_text() {
    let text = fixture_text();
    // TOML escapes, so the file itself stays plain ASCII.
    let broken = text.replacen(
        "type = \"growth\"",
        "type = \"growth\"\nnote = \"a\\u001B[31mred\"",
        1,
    );
    let at = broken.find("title = \"").unwrap() + "title = \"".len();
    let broken = format!("{}\\u202E{}", &broken[..at], &broken[at..]);
    let env = Env::with_catalogue_file("hostile.toml", &broken);
    let run = env.run(&["catalogue", "check"]).fails(1);
    assert!(
        run.stderr.contains(
            "key `title`: contains U+202E (a bidirectional formatting character) at character 1"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("key `note`: contains U+001B (a control character) at character 2"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_misspelled_environment_variable_is_an_error() {
    let env = Env::new();
    let out = env
        .command(&["catalogue", "check"])
        .env("WAYMARK_DATABSE__URL", "x")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean WAYMARK_DATABASE__URL"));
}

#[test]
fn a_usage_error_exits_2() {
    Env::new().run(&["import"]).fails(2);
    Env::new().run(&["frobnicate"]).fails(2);
}

#[test]
fn a_goal_removed_from_the_catalogue_is_archived_with_its_history() {
    let text = fixture_text();
    let env = Env::with_catalogue_text(&text);
    env.run(&["init"]).ok();
    // Drop the last goal entry.
    let cut = text.rfind("[[goal]]").unwrap();
    env.write("catalogue.toml", &text[..cut]);
    let run = env.run(&["init"]).ok();
    assert!(run.stdout.contains("archived goal"), "{}", run.stdout);
}

#[test]
fn importing_a_suspect_figure_holds_it_with_a_warning_naming_file_line_column_and_value() {
    let env = Env::with_catalogue_text(&crate::common::catalogue::reviewed());
    let mut csv = String::from("region,indicator,period,value\n");
    let months = [60, 35, 70, 75, 80, 85, 90, 95, 90, 95, 100, 105];
    for (m, v) in months.iter().enumerate() {
        csv.push_str(&format!(
            "liaoning,china-europe-trains,2020-{:02},{v}\n",
            m + 1
        ));
    }
    // March 2021 typed with an extra zero: ten times March 2020.
    csv.push_str("liaoning,china-europe-trains,2021-01,70\n");
    csv.push_str("liaoning,china-europe-trains,2021-02,45\n");
    csv.push_str("liaoning,china-europe-trains,2021-03,700\n");
    let file = env.write("figures.csv", &csv);
    let label = file.to_str().unwrap();
    let run = env.run(&["import", label]).ok();
    assert!(
        run.stdout
            .contains("recorded 14 new, 0 revised, 0 unchanged; 1 held for review"),
        "{}",
        run.stdout
    );
    let warnings: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("warning:"))
        .collect();
    assert_eq!(warnings.len(), 1, "{}", run.stderr);
    let w = warnings[0];
    assert!(
        w.starts_with(&format!(
            "warning: {label}:16: column value: 700 for liaoning china-europe-trains 2021-03"
        )),
        "{w}"
    );
    assert!(w.contains("unit slip"), "{w}");
    assert!(
        run.stderr.contains(&format!(
            "held for review: {label}:16: liaoning china-europe-trains 2021-03 = 700: "
        )),
        "{}",
        run.stderr
    );
    // Held: not among the current figures until someone accepts it.
    assert!(!env.export().contains("2021-03"), "{}", env.export());

    // `record` warns the same way.
    let run = env
        .run(&[
            "record",
            "--region",
            "liaoning",
            "--indicator",
            "china-europe-trains",
            "--period",
            "2021-04",
            "--value",
            "7.5",
            "--confirm",
            "the line was closed for two weeks",
        ])
        .ok();
    assert!(
        run.stderr.contains(
            "warning: --value 7.5: column value: 7.5 for liaoning china-europe-trains 2021-04"
        ),
        "{}",
        run.stderr
    );
    // Confirmed at once: recorded, and kept as confirmed.
    assert!(run.stdout.contains("recorded 1 new"), "{}", run.stdout);
    assert!(
        env.export()
            .contains("liaoning,china-europe-trains,2021-04,7.5")
    );
}

#[test]
fn record_refuses_values_beyond_1e15_and_echoes_a_huge_one_cut_short() {
    let env = Env::new();
    let record = |value: &str, note: &str| {
        env.run(&[
            "record",
            "--region",
            "liaoning",
            "--indicator",
            "china-europe-trains",
            "--period",
            "2021-03",
            "--value",
            value,
            "--note",
            note,
        ])
    };
    for value in ["1.7e308", "-1.7e308", "1e400", "1000000000000001"] {
        let run = record(value, "").fails(1);
        assert!(
            run.stderr.contains(&format!(
                "column value: invalid number \"{value}\" (out of range"
            )),
            "{}",
            run.stderr
        );
    }
    let run = record(&"9".repeat(100_000), "").fails(1);
    assert!(run.stderr.len() < 300, "{}", run.stderr);
    assert!(run.stderr.contains("(100000 characters)"), "{}", run.stderr);
    let run = record("5", &"n".repeat(2001)).fails(1);
    assert!(
        run.stderr
            .contains("column note: too long (at most 2000 characters)"),
        "{}",
        run.stderr
    );
    let run = record("5", "bell\u{7}").fails(1);
    assert!(run.stderr.contains("U+0007"), "{}", run.stderr);
    assert!(!env.export().contains("liaoning"));
    record("1e15", "the largest figure there may be").ok();
}
