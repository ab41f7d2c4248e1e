//! CSV output never starts a text cell with `=`, `+`, `-`, `@`, tab or CR
//! (a spreadsheet would run it as a formula), while numbers, negative ones
//! included, stay plain numbers.

use crate::common::catalogue::Builder;
use crate::common::cli::Env;

/// Titles, units and a region name that a spreadsheet would execute. (Tab,
/// CR and newline are refused in catalogue text; notes may start with a tab.)
const HOSTILE: [&str; 5] = [
    "=HYPERLINK(\\\"http://evil.example/\\\",\\\"click\\\")",
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "=1+1 =2+2",
];

fn catalogue() -> String {
    let mut cat = Builder::new()
        .region("r", "=1+1")
        .indicator("balance", "-balance", "=A1", "monthly", "level")
        .indicator("flow", "+flow", "@unit", "monthly", "flow");
    for (i, title) in HOSTILE.iter().enumerate() {
        let id = format!("g{i}");
        // Level goals with negative targets on a negative series; growth goals on the flow.
        cat = if i % 2 == 0 {
            let terms = "indicator = \"balance\"\ntype = \"level\"\nvalue = -3.5\n\
                         baseline_year = 2020\ntarget_year = 2021\ndirection = \"decrease\"";
            cat.goal(&id, title, "r", terms)
        } else {
            cat.growth(&id, title, ("r", "flow"), -5, 2021)
        };
    }
    cat.goal(
        "m",
        "-milestone",
        "r",
        "type = \"milestone\"\ndue = 2021-12-31",
    )
    .build()
}

fn hostile_env() -> Env {
    // The catalogue is kept beside the settings, named by a relative path:
    // it resolves against the settings file's folder.
    // Its synthetic series would be held as suspect: recorded unreviewed.
    let text = catalogue().replace("measure = \"", "review = \"never\"\nmeasure = \"");
    let env = Env::with_catalogue_text(&text);
    let mut csv = String::from("region,indicator,period,value,note\n");
    for m in 1..=12 {
        csv += &format!(
            "r,balance,2020-{m:02},-{}.5,=cmd|' /C calc'!A0\n",
            10 - m / 2
        );
        csv += &format!("r,flow,2020-{m:02},{},+1\n", 100 + m);
    }
    for m in 1..=6 {
        csv += &format!("r,balance,2021-{m:02},-{m}.25,@x\n");
        csv += &format!("r,flow,2021-{m:02},{},\"\tTab first\"\n", 90 + m);
    }
    let file = env.write("hostile.csv", &csv);
    env.run(&["import", file.to_str().unwrap()]).ok();
    env
}

/// A plain decimal number as a spreadsheet reads it: `-3.5`, `12`, `1e-7`.
fn is_plain_number(cell: &str) -> bool {
    let digits = cell.strip_prefix('-').unwrap_or(cell);
    digits.starts_with(|c: char| c.is_ascii_digit())
        && digits
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '-' | '+'))
        && cell.parse::<f64>().is_ok_and(f64::is_finite)
}

/// Every cell of `text` as CSV, after unquoting, with its row and column.
fn cells(text: &str) -> Vec<(usize, String, String)> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    let mut out = Vec::new();
    for (row, rec) in rdr.records().enumerate() {
        for (col, cell) in rec.unwrap().iter().enumerate() {
            out.push((row + 1, header[col].clone(), cell.to_string()));
        }
    }
    out
}

/// No cell a spreadsheet would run: any cell starting with a formula
/// character is a plain number. Returns how many negative numbers were seen.
#[track_caller]
fn assert_no_formulas(text: &str) -> usize {
    let mut negatives = 0;
    for (row, col, cell) in cells(text) {
        if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
            assert!(
                is_plain_number(&cell),
                "row {row} column {col}: {cell:?} would run as a formula\n{text}"
            );
            negatives += 1;
        }
    }
    negatives
}

#[test]
fn status_csv_defuses_hostile_titles_and_units_and_keeps_negative_numbers_numeric() {
    let env = hostile_env();
    let out = env
        .run(&["status", "--as-of", "2021-06-30", "--format", "csv"])
        .ok()
        .stdout;
    let negatives = assert_no_formulas(&out);
    assert!(negatives >= 4, "expected negative numbers in\n{out}");
    let all = cells(&out);
    let titles: Vec<&str> = all
        .iter()
        .filter(|(_, col, _)| col == "title")
        .map(|(_, _, c)| c.as_str())
        .collect();
    assert_eq!(titles.len(), HOSTILE.len() + 1);
    for t in &titles {
        assert!(t.starts_with('\''), "title {t:?} not defused");
    }
    // A negative value is written bare, not quoted and not prefixed.
    let value = |goal: &str, col: &str| {
        let row = all
            .iter()
            .find(|(_, c, v)| c == "goal" && v == goal)
            .unwrap()
            .0;
        all.iter()
            .find(|(r, c, _)| *r == row && c == col)
            .unwrap()
            .2
            .clone()
    };
    assert_eq!(value("g0", "target_value"), "-3.5");
    assert_eq!(value("g0", "current_value"), "-6.25");
    assert!(out.contains(",-3.5,"), "{out}");
    let units: Vec<String> = all
        .iter()
        .filter(|(_, c, v)| c == "unit" && !v.is_empty())
        .map(|(_, _, v)| v.clone())
        .collect();
    assert!(units.iter().all(|u| u.starts_with('\'')), "{units:?}");

    let rollup = env
        .run(&[
            "status",
            "--as-of",
            "2021-06-30",
            "--rollup",
            "--format",
            "csv",
        ])
        .ok()
        .stdout;
    assert_no_formulas(&rollup);
}

#[test]
fn export_csv_keeps_negative_values_as_bare_numbers_and_ids_as_slugs() {
    let env = hostile_env();
    let out = env.export();
    let negatives = assert_no_formulas(&out);
    assert_eq!(negatives, 18, "{out}");
    assert!(
        out.contains("r,balance,2021-06,-6.25,period,'@x,\n"),
        "{out}"
    );
    for (row, col, cell) in cells(&out) {
        if col == "value" {
            assert!(is_plain_number(&cell), "row {row}: value {cell:?}");
        }
    }
}
