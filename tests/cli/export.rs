//! `export` through the command line: the demo's year-to-date figures keep
//! their basis (issue 13), revisions come out in history order and import
//! back, notes keep formula characters, and XLSX and JSON read back.

use crate::common::cli::Env;
use crate::common::fixture;
use calamine::{Data, Reader, Xlsx, open_workbook};
use std::path::{Path, PathBuf};

/// The repository's catalogue with the demo's figures imported (not its
/// milestone states: they are not figures, and `export` writes figures).
fn demo_env() -> Env {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let env = Env::with_catalogue(&root.join("config/catalogue.toml"));
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("config/demo"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "csv"))
        .filter(|p| p.file_name().is_some_and(|n| n != "milestones.csv"))
        .collect();
    files.sort();
    for f in files {
        env.run(&["import", f.to_str().unwrap()]).ok();
    }
    env
}

fn db(env: &Env, name: &str) -> String {
    format!("sqlite://{}", env.path(name).display())
}

/// `export ARGS` written to `name` in the test folder.
fn export_to(env: &Env, args: &[&str], name: &str) -> PathBuf {
    let out = env.command(&[&["export"], args].concat()).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let file = env.path(name);
    std::fs::write(&file, out.stdout).unwrap();
    file
}

#[test]
fn the_demo_year_to_date_goal_keeps_its_status_after_export_and_import() {
    let env = demo_env();
    let file = export_to(&env, &[], "e.csv");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.contains("guizhou,import-export,2021-06,279.2,ytd,"),
        "the year-to-date total as stored:\n{text}"
    );
    let fresh = db(&env, "fresh.db");
    env.run(&["--db", &fresh, "init"]).ok();
    env.run(&["--db", &fresh, "import", file.to_str().unwrap()])
        .ok();
    let table = |db: &[&str]| {
        let args = [db, &["status", "--as-of", "2021-06-30"]].concat();
        env.run(&args).ok().stdout
    };
    let again = table(&["--db", &fresh]);
    let guizhou = again
        .lines()
        .find(|l| l.contains("up more than 30% in 2021"))
        .unwrap();
    assert!(
        guizhou.contains("643.0 / 662.0") && guizhou.contains("Needs acceleration"),
        "{again}"
    );
    assert_eq!(again, table(&[]));
    let json = |db: &[&str]| {
        let args = [db, &["status", "--as-of", "2021-06-30", "--format", "json"]].concat();
        env.run(&args).ok().stdout
    };
    assert_eq!(json(&["--db", &fresh]), json(&[]));
}

#[test]
fn revisions_come_out_in_history_order_and_import_back_to_the_current_figures() {
    let env = Env::new();
    let record = |period: &str, value: &str, by: &str, note: &str| {
        env.run(&[
            "record",
            "--region",
            "liaoning",
            "--indicator",
            "china-europe-trains",
            "--period",
            period,
            "--value",
            value,
            &format!("--by={by}"),
            &format!("--note={note}"),
        ])
        .ok();
    };
    record("2021-02", "20", "alice", "first");
    record(
        "2021-01",
        "10",
        "=HYPERLINK(\"x\")",
        "=1+1, \"quoted\"\nnext line",
    );
    let between = chrono::Utc::now().to_rfc3339();
    record("2021-01", "11", "bob", "'=already quoted");
    record("2021-01", "12.5", "carol", "-3");

    let revisions = std::fs::read_to_string(export_to(&env, &["--revisions"], "r.csv")).unwrap();
    let mut rdr = csv::Reader::from_reader(revisions.as_bytes());
    assert_eq!(
        rdr.headers().unwrap(),
        vec![
            "region",
            "indicator",
            "period",
            "value",
            "basis",
            "note",
            "flag",
            "recorded_at",
            "recorded_by",
            "source",
            "review"
        ]
    );
    let rows: Vec<Vec<String>> = rdr
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    let cells = |i: usize| -> Vec<&str> { rows.iter().map(|r| r[i].as_str()).collect() };
    // history's order: by period, then oldest first.
    assert_eq!(cells(3), ["10", "11", "12.5", "20"]);
    assert_eq!(
        cells(5),
        [
            "'=1+1, \"quoted\"\nnext line",
            "''=already quoted",
            "'-3",
            "first"
        ]
    );
    assert_eq!(cells(8), ["'=HYPERLINK(\"x\")", "bob", "carol", "alice"]);
    assert!(cells(9).iter().all(|s| *s == "record"), "{revisions}");

    let current = env.export();
    for format in ["csv", "json", "xlsx"] {
        let file = export_to(
            &env,
            &["--revisions", "--format", format],
            &format!("r.{format}"),
        );
        let fresh = db(&env, &format!("{format}.db"));
        let run = env
            .run(&["--db", &fresh, "import", file.to_str().unwrap()])
            .ok();
        assert!(run.stdout.contains("recorded 2 new"), "{}", run.stdout);
        assert_eq!(env.run(&["--db", &fresh, "export"]).ok().stdout, current);
    }
    // Every revision known at a time, and only those.
    let then = env
        .run(&["export", "--revisions", "--known-at", &between])
        .ok()
        .stdout;
    let known: Vec<csv::StringRecord> = csv::Reader::from_reader(then.as_bytes())
        .records()
        .map(Result::unwrap)
        .collect();
    assert_eq!(known.len(), 2, "{then}");
    assert!(!then.contains("bob"), "{then}");
}

#[test]
fn an_xlsx_export_is_a_workbook_with_numbers_as_numbers_and_periods_as_text() {
    let env = Env::new();
    env.run(&["import", fixture("import/good.csv").to_str().unwrap()])
        .ok();
    for (args, sheet_name, width) in [
        (&[][..], "figures", 7),
        (&["--revisions"][..], "revisions", 11),
    ] {
        let file = export_to(&env, &[args, &["--format", "xlsx"]].concat(), "e.xlsx");
        let mut book: Xlsx<_> = open_workbook(&file).unwrap();
        assert_eq!(book.sheet_names(), [sheet_name]);
        let range = book.worksheet_range(sheet_name).unwrap();
        let rows: Vec<&[Data]> = range.rows().collect();
        assert_eq!(rows[0].len(), width);
        assert_eq!(rows[0][3], Data::String("value".into()));
        assert_eq!(rows.len(), env.export().lines().count());
        for row in &rows[1..] {
            assert!(matches!(row[2], Data::String(_)), "{row:?}");
            assert!(matches!(row[3], Data::Float(_)), "{row:?}");
        }
    }
}

#[test]
fn a_json_file_imports_all_or_nothing_with_problems_by_item_and_field() {
    let env = Env::new();
    let bad = env.write(
        "bad.json",
        r#"[
          {"region": "liaoning", "indicator": "china-europe-trains", "period": "2021-01", "value": 70},
          {"region": "liaoning", "indicator": "china-europe-trains", "period": "2021-02", "value": "7O"},
          {"region": "liaoning", "indicator": "china-europe-trains", "period": "2021-03", "valeu": 1}
        ]"#,
    );
    let run = env.run(&["import", bad.to_str().unwrap()]).fails(1);
    let label = bad.to_str().unwrap();
    let problems: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(
        problems[..3],
        [
            format!(
                "{label}: item 2: column value: invalid number \"7O\" (expected a plain decimal number such as 12406 or -3.5)"
            ),
            format!(
                "{label}: item 3: unknown field \"valeu\" (expected region, indicator, period, value, basis, note or flag); did you mean \"value\"?"
            ),
            format!("error: {label}: 2 problem(s); nothing was imported"),
        ]
    );
    assert_eq!(env.export().lines().count(), 1, "nothing was imported");
    let empty = env.write("empty.json", "{}");
    let run = env.run(&["import", empty.to_str().unwrap()]).fails(1);
    assert!(
        run.stderr
            .starts_with(&format!("{}: expected a list of figures", empty.display())),
        "{}",
        run.stderr
    );
}
