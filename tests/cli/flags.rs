//! Observation status flags through the command line: the `flag` column of
//! CSV and XLSX imports and `record --flag`, shown by `history`; `M` rows
//! are gaps; a flag-only change is a revision.

use crate::common::cli::Env;
use crate::common::fixture;
use crate::common::workbook::{row, sheet, workbook};

fn history(env: &Env) -> Vec<Vec<String>> {
    let out = env
        .run(&[
            "history",
            "--region",
            "liaoning",
            "--indicator",
            "china-europe-trains",
        ])
        .ok()
        .stdout;
    out.lines()
        .map(|l| l.split_whitespace().map(str::to_string).collect())
        .collect()
}

#[test]
fn flags_from_csv_and_xlsx_and_record_show_in_history_and_m_rows_are_gaps() {
    let env = Env::new();
    let csv = env.write(
        "flags.csv",
        "region,indicator,period,value,flag\n\
         liaoning,china-europe-trains,2021-01,70,p\n\
         liaoning,china-europe-trains,2021-02,45,\n\
         liaoning,china-europe-trains,2021-03,,M\n",
    );
    let run = env.run(&["import", csv.to_str().unwrap()]).ok();
    assert!(run.stdout.contains("recorded 2 new"), "{}", run.stdout);
    // The same figures from a sheet: January's flag confirmed is a revision.
    let text = |s: &str| format!("\"{s}\"");
    let cells = |period: &str, value: &str, flag: &str| {
        let (region, ind, period, flag) = (
            text("liaoning"),
            text("china-europe-trains"),
            text(period),
            text(flag),
        );
        [region, ind, period, value.to_string(), flag]
    };
    let header = ["region", "indicator", "period", "value", "flag"].map(text);
    let rows = [
        header,
        cells("2021-01", "70", "A"),
        cells("2021-02", "45", ""),
    ];
    let xml: String = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let r: Vec<&str> = r.iter().map(String::as_str).collect();
            row(i as u32 + 1, &r)
        })
        .collect();
    let xlsx = env.path("flags.xlsx");
    std::fs::write(&xlsx, workbook(sheet(&xml), None, vec![])).unwrap();
    let run = env.run(&["import", xlsx.to_str().unwrap()]).ok();
    assert!(
        run.stdout
            .contains("recorded 0 new, 1 revised, 1 unchanged"),
        "{}",
        run.stdout
    );
    env.run(&[
        "record",
        "--region",
        "liaoning",
        "--indicator",
        "china-europe-trains",
        "--period",
        "2021-02",
        "--value",
        "45",
        "--flag",
        "e",
    ])
    .ok();
    let h = history(&env);
    assert_eq!(h[0][..4], ["period", "value", "basis", "flag"], "{h:?}");
    let flags: Vec<(&str, &str)> = h[1..]
        .iter()
        .map(|r| (r[0].as_str(), r[3].as_str()))
        .collect();
    // A revision without a flag shows an empty column: its recorded_at moves left.
    assert_eq!(flags[..2], [("2021-01", "P"), ("2021-01", "A")], "{h:?}");
    assert_eq!(h.len(), 5, "two Januaries, two Februaries: {h:?}");
    assert_eq!(h[4][3], "E", "{h:?}");
}

#[test]
fn an_unknown_flag_rejects_the_file_with_its_line_and_column() {
    let env = Env::new();
    let csv = env.write(
        "bad.csv",
        "region,indicator,period,value,flag\n\
         liaoning,china-europe-trains,2021-01,70,\n\
         liaoning,china-europe-trains,2021-02,45,provisional\n",
    );
    let label = csv.to_str().unwrap();
    let run = env.run(&["import", label]).fails(1);
    assert!(
        run.stderr.contains(&format!(
            "{label}:3: column flag: unknown flag \"provisional\""
        )),
        "{}",
        run.stderr
    );
    assert_eq!(env.export().lines().count(), 1);
}

#[test]
fn the_status_table_names_the_latest_figure_s_status_as_it_was_known() {
    let env = Env::new();
    let good = fixture("import/good.csv");
    env.run(&["import", good.to_str().unwrap()]).ok();
    let status = |extra: &[&str]| {
        let mut args = vec![
            "status",
            "--as-of",
            "2021-06-30",
            "--goal",
            "liaoning-trains-2021",
        ];
        args.extend(extra);
        env.run(&args).ok().stdout
    };
    assert!(status(&[]).contains("(2021-06)"), "{}", status(&[]));
    let before = chrono::Utc::now().to_rfc3339();
    let run = env
        .run(&[
            "record",
            "--region",
            "liaoning",
            "--indicator",
            "china-europe-trains",
            "--period",
            "2021-06",
            "--value",
            "92",
            "--flag",
            "P",
        ])
        .ok();
    assert!(run.stdout.contains("1 revised"), "{}", run.stdout);
    let now = status(&[]);
    assert!(now.contains("(2021-06, provisional)"), "{now}");
    let then = status(&["--known-at", &before]);
    assert!(then.contains("(2021-06)"), "{then}");
}
