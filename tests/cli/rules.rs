//! Indicator rules through every command-line way in (`record`, CSV and
//! XLSX `import`): each broken rule is an error naming the value and the
//! rule, and nothing is written, not even the good figures beside it.

use crate::common::cli::Env;
use crate::common::rules::{CASES, GOOD, catalogue};
use crate::common::workbook::{row, sheet, workbook};

/// Nothing but a header: no figure was recorded.
#[track_caller]
fn assert_empty(env: &Env) {
    let export = env.export();
    assert_eq!(export.lines().count(), 1, "{export}");
}

#[test]
fn record_refuses_a_figure_that_breaks_a_rule() {
    let env = Env::with_catalogue_text(&catalogue());
    for case in CASES {
        let run = env
            .run(&[
                "record",
                "--region",
                "liaoning",
                "--indicator",
                "china-europe-trains",
                "--period",
                case.period,
                "--value",
                case.value,
            ])
            .fails(1);
        for needle in case.needles {
            assert!(run.stderr.contains(needle), "{needle}: {}", run.stderr);
        }
        assert_empty(&env);
    }
    // The rules let a figure that keeps them in.
    env.run(&[
        "record",
        "--region",
        "liaoning",
        "--indicator",
        "china-europe-trains",
        "--period",
        GOOD.0,
        "--value",
        GOOD.1,
    ])
    .ok();
    assert_eq!(env.export().lines().count(), 2);
}

#[test]
fn csv_and_xlsx_imports_refuse_the_whole_file_for_one_broken_rule() {
    let env = Env::with_catalogue_text(&catalogue());
    for case in CASES {
        let csv = format!(
            "region,indicator,period,value\n\
             liaoning,china-europe-trains,{},{}\n\
             liaoning,china-europe-trains,{},{}\n",
            GOOD.0, GOOD.1, case.period, case.value
        );
        let text = |s: &str| format!("\"{s}\"");
        let cells = |period: &str, value: &str| {
            [text("liaoning"), text("china-europe-trains"), text(period)]
                .into_iter()
                .chain([value.to_string()])
                .collect::<Vec<_>>()
        };
        let rows = [
            ["region", "indicator", "period", "value"]
                .map(text)
                .to_vec(),
            cells(GOOD.0, GOOD.1),
            cells(case.period, case.value),
        ];
        let xml: String = rows
            .iter()
            .enumerate()
            .map(|(i, cells)| {
                let cells: Vec<&str> = cells.iter().map(String::as_str).collect();
                row(i as u32 + 1, &cells)
            })
            .collect();
        let csv_path = env.write("rules.csv", &csv);
        let xlsx_path = env.path("rules.xlsx");
        std::fs::write(&xlsx_path, workbook(sheet(&xml), None, vec![])).unwrap();
        for file in [csv_path, xlsx_path] {
            let label = file.to_str().unwrap();
            let run = env.run(&["import", label]).fails(1);
            let line = format!("{label}:3: column ");
            let problem = run
                .stderr
                .lines()
                .find(|l| l.starts_with(&line))
                .unwrap_or_else(|| panic!("no problem on line 3: {}", run.stderr));
            for needle in case.needles {
                assert!(problem.contains(needle), "{needle}: {problem}");
            }
            assert!(
                run.stderr.contains("nothing was imported"),
                "{}",
                run.stderr
            );
            assert_empty(&env);
        }
    }
}
