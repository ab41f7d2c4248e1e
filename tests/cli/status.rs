//! Goal progress through the command line: status, milestones, demo.

use crate::common::catalogue::fixture_with;
use crate::common::cli::{Env, waymark_in};
use crate::common::liaoning_csv;
use serde_json::Value;

/// The worked example imported into the fixture catalogue.
pub fn liaoning_env() -> Env {
    let env = Env::new();
    let file = env.write("liaoning.csv", &liaoning_csv());
    env.run(&["import", file.to_str().unwrap()]).ok();
    env
}

pub fn status_json(env: &Env, extra: &[&str]) -> Vec<Value> {
    let mut args = vec!["status", "--format", "json"];
    args.extend_from_slice(extra);
    let out = env.run(&args).ok().stdout;
    serde_json::from_str::<Value>(&out)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn close(a: &Value, b: f64) -> bool {
    (a.as_f64().unwrap() - b).abs() <= 1e-9 * b.abs()
}

#[test]
fn status_json_has_every_field_and_the_worked_example_numbers() {
    let env = liaoning_env();
    let goals = status_json(
        &env,
        &["--as-of", "2021-06-30", "--goal", "liaoning-trains-2021"],
    );
    assert_eq!(goals.len(), 1);
    let g = &goals[0];
    for field in [
        "goal",
        "title",
        "region",
        "indicator",
        "unit",
        "type",
        "direction",
        "baseline_year",
        "baseline_value",
        "target_year",
        "target_value",
        "current_period",
        "current_value",
        "projected",
        "projection",
        "to_date",
        "expected_to_date",
        "yoy_to_date",
        "required_per_period",
        "progress_ratio",
        "score",
        "status",
        "final",
        "missing",
    ] {
        assert!(g.get(field).is_some(), "field {field} missing in {g}");
    }
    assert!(close(&g["target_value"], 1078.0), "{g}");
    assert!(close(&g["to_date"], 457.0), "{g}");
    assert!(close(&g["required_per_period"], 103.5), "{g}");
    assert!(close(&g["expected_to_date"], 445.5), "{g}");
    assert!(
        (g["progress_ratio"].as_f64().unwrap() - 1.283950).abs() < 1e-6,
        "{g}"
    );
    assert_eq!(g["status"], "on_track");
    assert_eq!(g["projection"], "seasonal");
    assert_eq!(g["current_period"], "2021-06");
    assert_eq!(g["final"], false);
}

#[test]
fn as_of_ignores_periods_that_ended_later() {
    let env = liaoning_env();
    let g = &status_json(
        &env,
        &["--as-of", "2021-04-29", "--goal", "liaoning-trains-2021"],
    )[0];
    assert_eq!(g["current_period"], "2021-03", "{g}");
    assert!(close(&g["to_date"], 193.0), "{g}");
}

#[test]
fn known_at_reproduces_a_past_status_after_figures_were_revised() {
    let env = liaoning_env();
    let before = env
        .run(&["status", "--format", "json", "--as-of", "2021-06-30"])
        .ok()
        .stdout;
    let between = chrono::Utc::now().to_rfc3339();
    env.run(&[
        "record",
        "--region",
        "liaoning",
        "--indicator",
        "china-europe-trains",
        "--period",
        "2021-06",
        "--value",
        "2",
        "--note",
        "typo fixed later",
    ])
    .ok();
    let after = env
        .run(&["status", "--format", "json", "--as-of", "2021-06-30"])
        .ok()
        .stdout;
    assert_ne!(before, after, "the revision should change the status");
    let reproduced = env
        .run(&[
            "status",
            "--format",
            "json",
            "--as-of",
            "2021-06-30",
            "--known-at",
            &between,
        ])
        .ok()
        .stdout;
    assert_eq!(reproduced, before);
}

#[test]
fn milestone_states_are_recorded_with_history_and_change_the_status() {
    let env = Env::new();
    let pending = &status_json(&env, &["--as-of", "2021-06-30", "--goal", "guizhou-port"])[0];
    assert_eq!(pending["status"], "pending");
    assert_eq!(pending["type"], "milestone");
    let run = env
        .run(&["milestone", "guizhou-port", "in_progress", "--by", "ann"])
        .ok();
    assert!(
        run.stdout.contains("in_progress") && run.stdout.contains("ann"),
        "{}",
        run.stdout
    );
    let run = env
        .run(&[
            "milestone",
            "guizhou-port",
            "done",
            "--note",
            "opened",
            "--by",
            "bo",
        ])
        .ok();
    assert_eq!(
        run.stdout.lines().count(),
        2,
        "history lists both states: {}",
        run.stdout
    );
    let done = &status_json(&env, &["--as-of", "2021-06-30", "--goal", "guizhou-port"])[0];
    assert_eq!(done["status"], "target_achieved");
    assert_eq!(done["score"], 5.0);
    assert!(
        env.run(&["milestone", "liaoning-trains-2021", "done"])
            .fails(1)
            .stderr
            .contains("not a milestone")
    );
    assert!(
        env.run(&["milestone", "guizhou-port", "finished"])
            .fails(1)
            .stderr
            .contains("invalid milestone state")
    );
}

#[test]
fn rollup_gives_each_region_and_the_whole_catalogue() {
    let env = liaoning_env();
    let rollups = status_json(&env, &["--as-of", "2021-06-30", "--rollup"]);
    let all = rollups
        .iter()
        .find(|r| r["region"] == "*")
        .expect("a * roll-up");
    assert_eq!(all["goals"], 3);
    let liaoning = rollups.iter().find(|r| r["region"] == "liaoning").unwrap();
    assert_eq!(liaoning["status"], "on_track");
}

#[test]
fn the_table_in_a_pipe_has_words_and_no_colour_codes() {
    let env = liaoning_env();
    let out = env.run(&["status", "--as-of", "2021-06-30"]).ok().stdout;
    assert!(
        out.contains("On track") && out.contains("Milestones") && out.contains("Pending"),
        "{out}"
    );
    assert!(!out.contains('\u{1b}'), "{out:?}");
}

#[test]
fn csv_status_never_starts_a_text_cell_with_a_formula() {
    let env = Env::with_catalogue_text(&fixture_with(&[(
        "title = \"China-Europe trains up more than 10% in 2021\"",
        "title = \"=HYPERLINK(\\\"http://x\\\")\"",
    )]));
    let out = env
        .run(&["status", "--format", "csv", "--as-of", "2021-06-30"])
        .ok()
        .stdout;
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let titles: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[1].to_string())
        .collect();
    assert!(
        titles.contains(&"'=HYPERLINK(\"http://x\")".to_string()),
        "{titles:?}"
    );
}

#[test]
fn unknown_goal_or_region_filters_suggest_the_closest_id() {
    let env = Env::new();
    assert!(
        env.run(&["status", "--goal", "liaoning-trains-202"])
            .fails(1)
            .stderr
            .contains("did you mean \"liaoning-trains-2021\"")
    );
    assert!(
        env.run(&["status", "--region", "guizhu"])
            .fails(1)
            .stderr
            .contains("did you mean \"guizhou\"")
    );
}

/// The same words as `GET /api/status` gives (tests/api/status.rs), after
/// the flag's own name; `report` and `export` parse the flags alike.
#[test]
fn status_flags_that_do_not_parse_are_named_with_what_was_expected() {
    let env = Env::new();
    for (args, want) in [
        (
            &["status", "--as-of", "2021-13-01"][..],
            "--as-of: invalid date \"2021-13-01\" (input is out of range): expected YYYY-MM-DD",
        ),
        (
            &["status", "--known-at", "2021-07-01"],
            "--known-at: invalid time \"2021-07-01\" (premature end of input): expected RFC 3339, \
             e.g. 2021-07-01T00:00:00Z",
        ),
        (
            &["status", "--region", "guizhu"],
            "--region: unknown region \"guizhu\" (did you mean \"guizhou\"?)",
        ),
        (
            &["report", "--as-of", "2021-6-31"],
            "--as-of: invalid date \"2021-6-31\" (input is out of range): expected YYYY-MM-DD",
        ),
        (
            &["export", "--known-at", "July"],
            "--known-at: invalid time \"July\" (premature end of input): expected \
             RFC 3339, e.g. 2021-07-01T00:00:00Z",
        ),
    ] {
        let run = env.run(args).fails(1);
        assert_eq!(run.stderr.trim_end(), format!("error: {want}"), "{args:?}");
    }
}

/// `waymark demo ARGS…` with the repository's settings, in `dir`.
pub fn run_demo(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    let config = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("config/waymark.toml");
    let out = waymark_in(dir, &[])
        .arg("--config")
        .arg(&config)
        .arg("demo")
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

#[test]
fn the_demo_runs_end_to_end_on_its_own_database_and_starts_fresh_each_time() {
    let dir = tempfile::tempdir().unwrap();
    let run = || String::from_utf8(run_demo(dir.path(), &[]).stdout).unwrap();
    let first = run();
    for words in [
        "On track",
        "Needs acceleration",
        "Limited progress",
        "Deterioration",
        "Target achieved",
        "Pending",
    ] {
        assert!(first.contains(words), "demo shows {words}:\n{first}");
    }
    assert!(dir.path().join("waymark-demo.db").exists());
    assert!(
        !dir.path().join("waymark.db").exists(),
        "the demo never touches the default database"
    );
    let second = run();
    assert!(
        second.contains("recorded 30 new"),
        "a re-run starts fresh:\n{second}"
    );
}

#[test]
fn the_demo_writes_nothing_on_stderr() {
    // Its figures are illustrative but realistic: no warning about them, and
    // nothing else to warn about either.
    let dir = tempfile::tempdir().unwrap();
    let out = run_demo(dir.path(), &[]);
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    assert!(String::from_utf8_lossy(&out.stdout).contains("recorded 30 new"));
}

#[test]
fn the_demo_shows_a_spread_of_chances() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_demo(dir.path(), &[]);
    let status: Vec<serde_json::Value> = serde_json::from_slice(
        &std::fs::read(dir.path().join("charts/demo/status.json")).expect("the demo's status.json"),
    )
    .unwrap();
    let chance = |goal: &str| {
        let g = status.iter().find(|g| g["goal"] == goal).expect(goal);
        (g["chance"].as_f64(), g["chance_years"].as_u64())
    };
    // A high chance, a low one, and goals where it does not apply (target
    // not in the judged year, or a trend with no target value).
    assert_eq!(chance("liaoning-trains-2021"), (Some(0.8), Some(5)));
    assert_eq!(chance("guizhou-import-export-2021"), (Some(0.0), Some(5)));
    assert_eq!(chance("guizhou-double-foreign-trade"), (None, Some(0)));
    assert_eq!(chance("zhejiang-yixin-europe-trains"), (None, Some(0)));
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(
        table.contains(" 4/5 ") && table.contains(" 0/5 "),
        "{table}"
    );
}

#[test]
fn report_writes_every_file_and_its_status_json_equals_status() {
    let env = liaoning_env();
    let out = env.path("report");
    let run = env
        .run(&[
            "report",
            "--as-of",
            "2021-06-30",
            "--out",
            out.to_str().unwrap(),
        ])
        .ok();
    assert!(run.stdout.contains("index.html"), "{}", run.stdout);
    for file in [
        "index.html",
        "summary.txt",
        "summary.eml",
        "status.json",
        "overview.png",
        "overview.svg",
        "goals/liaoning-trains-2021.png",
        "goals/liaoning-trains-2021.svg",
        "goals/guizhou-port.svg",
    ] {
        assert!(out.join(file).is_file(), "{file} missing");
    }
    let status = env
        .run(&["status", "--format", "json", "--as-of", "2021-06-30"])
        .ok()
        .stdout;
    assert_eq!(
        std::fs::read_to_string(out.join("status.json"))
            .unwrap()
            .trim(),
        status.trim()
    );
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .filter_map(std::result::Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[test]
fn the_next_report_says_which_goals_changed_status() {
    let env = liaoning_env();
    let out = env.path("r1");
    env.run(&[
        "report",
        "--as-of",
        "2021-06-30",
        "--out",
        out.to_str().unwrap(),
    ])
    .ok();
    env.run(&["milestone", "guizhou-port", "done"]).ok();
    let out2 = env.path("r2");
    env.run(&[
        "report",
        "--as-of",
        "2021-06-30",
        "--out",
        out2.to_str().unwrap(),
    ])
    .ok();
    let digest = std::fs::read_to_string(out2.join("summary.txt")).unwrap();
    let changed = digest
        .lines()
        .skip_while(|l| !l.to_lowercase().contains("changed"))
        .take(4)
        .collect::<Vec<_>>()
        .join("\n");
    assert!(changed.contains("Open the inland port"), "{digest}");
}

#[test]
fn report_send_without_smtp_leaves_the_email_in_the_outbox_folder() {
    let env = liaoning_env();
    let out = env.path("sent");
    let run = env
        .run(&[
            "report",
            "--as-of",
            "2021-06-30",
            "--out",
            out.to_str().unwrap(),
            "--send",
        ])
        .ok();
    assert!(
        run.stdout.contains("email to reports@localhost: delivered"),
        "{}",
        run.stdout
    );
    let emls: Vec<_> = std::fs::read_dir(env.path("outbox"))
        .unwrap()
        .filter_map(std::result::Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
        .collect();
    assert_eq!(emls.len(), 1, "{emls:?}");
    let eml = std::fs::read(emls[0].path()).unwrap();
    assert_eq!(eml, std::fs::read(out.join("summary.eml")).unwrap());
}

#[test]
fn a_reader_that_stops_early_ends_status_quietly() {
    // `status | true`: the reader is gone before the first write; no panic
    // about a broken pipe, nothing on stderr.
    let env = liaoning_env();
    let pipe = [
        "bash",
        "-c",
        "\"$0\" \"$@\" | true; echo \"${PIPESTATUS[0]}\"",
    ];
    let out = env
        .command_under(&pipe, &["status", "--as-of", "2021-06-30"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("panicked") && !stderr.contains("Broken pipe"),
        "{stderr}"
    );
    let code = String::from_utf8_lossy(&out.stdout).trim().to_string();
    // 0 if it finished writing before `head` left, else killed by SIGPIPE.
    assert!(code == "0" || code == "141", "exit {code}");
}
