//! A goal long past its target year with figures missing: every output of
//! the command line says so and none judges it on a projection.

use super::status::{liaoning_env, status_json};
use crate::common::cli::Env;
use serde_json::{Value, json};

/// Judged in late 2026 with figures only to June 2021.
const LATE: [&str; 2] = ["--as-of", "2026-11-30"];

const MISSING: &str = "figures missing since 2021-07";
/// The report writes the period for people.
const REPORT_MISSING: &str = "figures missing since Jul 2021";

fn liaoning_late(env: &Env) -> Value {
    let mut args = LATE.to_vec();
    args.extend(["--goal", "liaoning-trains-2021"]);
    status_json(env, &args).remove(0)
}

#[test]
fn status_json_of_a_goal_long_past_its_target_year_is_not_available_final_and_overdue() {
    let env = liaoning_env();
    let g = liaoning_late(&env);
    assert_eq!(g["status"], "not_available", "{g}");
    assert_eq!(g["final"], true, "{g}");
    assert_eq!(
        g["overdue"],
        json!([
            "2021-07", "2021-08", "2021-09", "2021-10", "2021-11", "2021-12"
        ]),
        "{g}"
    );
    assert_eq!(g["stale_since"], "2021-07", "{g}");
    for field in [
        "progress_ratio",
        "score",
        "current_value",
        "projection",
        "required_per_period",
    ] {
        assert_eq!(g[field], Value::Null, "{field} in {g}");
    }
    assert_eq!(g["projected"], false, "{g}");
    assert_eq!(g["missing"], json!([]), "{g}");
    assert_eq!(g["to_date"], 457.0, "{g}");
    // Judged while 2021 was under way the same figures are on track, with
    // the months not yet due left out of `overdue`.
    let g = &status_json(
        &env,
        &["--as-of", "2021-08-20", "--goal", "liaoning-trains-2021"],
    )[0];
    assert_eq!(g["status"], "on_track", "{g}");
    assert_eq!(g["overdue"], json!(["2021-07"]), "{g}");
    assert_eq!(g["stale_since"], Value::Null, "{g}");
}

#[test]
fn the_status_table_says_since_when_figures_are_missing() {
    let env = liaoning_env();
    let mut args = vec!["status"];
    args.extend(LATE);
    let out = env.run(&args).ok().stdout;
    let row = out
        .lines()
        .find(|l| l.starts_with("China-Europe trains up more than 10% in 2021"))
        .unwrap_or_else(|| panic!("no Liaoning row:\n{out}"));
    assert!(row.contains(&format!("Not available: {MISSING}")), "{row}");
    assert!(!row.contains('*'), "nothing projected: {row}");
    assert!(!out.contains("On track"), "{out}");
}

#[test]
fn status_csv_has_the_overdue_periods_and_where_the_missing_figures_start() {
    let env = liaoning_env();
    let mut args = vec!["status", "--format", "csv"];
    args.extend(LATE);
    let out = env.run(&args).ok().stdout;
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let row = rows
        .iter()
        .find(|r| &r[0] == "liaoning-trains-2021")
        .unwrap();
    assert_eq!(&row[column("status")], "not_available");
    assert_eq!(&row[column("final")], "true");
    assert_eq!(
        &row[column("overdue")],
        "2021-07 2021-08 2021-09 2021-10 2021-11 2021-12"
    );
    assert_eq!(&row[column("stale_since")], "2021-07");
    // Milestones still fill their own columns.
    let port = rows.iter().find(|r| &r[0] == "guizhou-port").unwrap();
    assert_eq!(&port[column("due")], "2021-12-31");
    assert_eq!(&port[column("milestone_state")], "planned");
}

#[test]
fn a_report_long_after_the_target_year_says_figures_are_missing_in_every_file() {
    let env = liaoning_env();
    let out = env.path("late");
    let mut args = vec!["report", "--out", out.to_str().unwrap()];
    args.extend(LATE);
    env.run(&args).ok();
    let read = |name: &str| std::fs::read_to_string(out.join(name)).unwrap();
    for name in [
        "index.html",
        "summary.txt",
        "goals/liaoning-trains-2021.svg",
    ] {
        let text = read(name);
        assert!(text.contains(REPORT_MISSING), "{name}:\n{text}");
        assert!(!text.contains("On track"), "{name}:\n{text}");
    }
    let digest = read("summary.txt");
    assert!(
        digest.contains("Overdue figures: Jul 2021 to Dec 2021"),
        "{digest}"
    );
    let eml = std::fs::read(out.join("summary.eml")).unwrap();
    let msg = mail_parser::MessageParser::default().parse(&eml).unwrap();
    let text = msg.body_text(0).unwrap();
    assert!(text.contains(REPORT_MISSING), "{text}");
    assert_eq!(text.replace("\r\n", "\n").trim_end(), digest.trim_end());
    assert!(msg.body_html(0).unwrap().contains(REPORT_MISSING));
    let status: Value = serde_json::from_str(&read("status.json")).unwrap();
    let g = status
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["goal"] == "liaoning-trains-2021")
        .unwrap();
    assert_eq!(g["stale_since"], "2021-07");
}
