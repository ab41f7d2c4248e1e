//! The reader end to end on small bodies: units, flags, labels, separators.

use super::{column_list, period, read_sdmx_csv};
use crate::config::SourceConfig;
use crate::domain::Figure;
use crate::domain::{Catalogue, Flag};
use crate::sources::error::SourceError;

const CATALOGUE: &str = r#"
[[region]]
id = "r"
name = "R"

[[indicator]]
id = "base"
name = "In base units"
unit = "yuan"
frequency = "monthly"
measure = "flow"

[[indicator]]
id = "hundred-million"
name = "In hundreds of millions"
unit = "CNY 100 million"
frequency = "monthly"
measure = "flow"
unit_mult = 8
"#;

const HEADER: &str = "STRUCTURE,STRUCTURE_ID,ACTION,IND,TIME_PERIOD,OBS_VALUE,UNIT_MULT,OBS_STATUS";

/// A body with one row per `(value, UNIT_MULT, OBS_STATUS)`, 2021-01 onwards.
fn body(rows: &[(&str, &str, &str)]) -> String {
    let mut text = format!("{HEADER}\n");
    for (i, (value, mult, status)) in rows.iter().enumerate() {
        text += &format!(
            "dataflow,X:DF(1.0),I,V,2021-{:02},{value},{mult},{status}\n",
            i + 1
        );
    }
    text
}

fn read(body: &str, indicator: &str) -> Result<Vec<Figure>, SourceError> {
    let cat = Catalogue::from_toml(CATALOGUE, "c.toml").unwrap();
    let source: toml::Table = format!(
        "name = \"s\"\nurl = \"http://example.org/\"\nformat = \"sdmx-csv\"\n\
         region = \"r\"\nindicator = {{ column = \"IND\", values = {{ V = \"{indicator}\" }} }}\n"
    )
    .parse()
    .unwrap();
    let source = SourceConfig::from_table(&source).unwrap();
    read_sdmx_csv(body.as_bytes(), &source, &cat)
}

/// (period, value, flag) of each figure.
fn figures(body: &str, indicator: &str) -> Vec<(String, f64, Option<Flag>)> {
    read(body, indicator)
        .unwrap_or_else(|e| panic!("{e}"))
        .into_iter()
        .map(|f| (f.period.to_string(), f.value, f.flag))
        .collect()
}

fn error(body: &str) -> String {
    read(body, "base").unwrap_err().to_string()
}

#[test]
fn unit_mult_0_3_6_9_lands_in_the_indicators_unit() {
    // The same 76.12 billion yuan, published at four multipliers.
    let b = body(&[
        ("76120000000", "0", ""),
        ("76120000", "3", ""),
        ("76120", "6", ""),
        ("76.12", "9", ""),
    ]);
    let values = |ind| {
        figures(&b, ind)
            .into_iter()
            .map(|f| f.1)
            .collect::<Vec<_>>()
    };
    assert_eq!(values("base"), [76_120_000_000.0; 4]);
    assert_eq!(values("hundred-million"), [761.2; 4]);
}

#[test]
fn the_issues_two_figures_a_thousand_times_apart_land_on_one_scale() {
    let b = body(&[("761.2", "9", ""), ("762400", "6", "")]);
    let values = |ind| {
        figures(&b, ind)
            .into_iter()
            .map(|f| f.1)
            .collect::<Vec<_>>()
    };
    assert_eq!(values("hundred-million"), [7612.0, 7624.0]);
    assert_eq!(values("base"), [761_200_000_000.0, 762_400_000_000.0]);
    // Without the column, values are taken as stated in the base unit.
    let none = body(&[("7612", "", "")])
        .replace(",UNIT_MULT", "")
        .replace("7612,,", "7612,");
    assert_eq!(figures(&none, "hundred-million")[0].1, 0.00007612);
}

#[test]
fn obs_status_is_the_flag_and_m_is_a_gap() {
    let b = body(&[
        ("1", "0", "E"),
        ("2", "0", "P"),
        ("3", "0", "p"),
        ("4", "0", "M"),
        ("5", "0", ""),
        ("6", "0", "a"),
        ("", "0", "Z"),
    ]);
    assert_eq!(
        figures(&b, "base"),
        [
            ("2021-01".into(), 1.0, Some(Flag::Estimated)),
            ("2021-02".into(), 2.0, Some(Flag::Provisional)),
            ("2021-03".into(), 3.0, Some(Flag::Provisional)),
            ("2021-05".into(), 5.0, None),
            ("2021-06".into(), 6.0, Some(Flag::Normal)),
        ],
        "M is a gap even with a value; an empty value's status is never looked at"
    );
}

#[test]
fn an_unknown_status_or_unreconcilable_unit_mult_names_the_line_and_value() {
    let e = error(&body(&[("1", "0", "E"), ("2", "0", "Q")]));
    assert!(
        e.starts_with(
            "1 problem: line 3: column OBS_STATUS: unknown flag \"Q\" (expected A normal,"
        ),
        "{e}"
    );
    for (i, bad) in ["x", "2.5", "99"].into_iter().enumerate() {
        let e = error(&body(&[("1", "0", ""), ("2", "0", ""), ("3", bad, "")]));
        assert_eq!(
            e,
            format!(
                "1 problem: line 4: column UNIT_MULT: \"{bad}\" is not a power of ten waymark can \
                 apply (expected a whole number from -20 to 20)"
            ),
            "case {i}"
        );
    }
    // Both problems of one row, and the row's period, are reported together.
    let e = error(&body(&[("1", "x", "Q")]).replace("2021-01", "2021-W01"));
    assert!(
        e.starts_with("3 problems: line 2: column OBS_STATUS"),
        "{e}"
    );
    assert!(
        e.contains("line 2: column UNIT_MULT") && e.contains("line 2: column TIME_PERIOD"),
        "{e}"
    );
}

#[test]
fn a_value_pushed_past_the_figure_bounds_is_an_error_naming_the_row() {
    let e = error(&body(&[("1", "0", ""), ("761.2", "20", "")]));
    assert_eq!(
        e,
        "1 problem: line 3: column OBS_VALUE: \"761.2\" at UNIT_MULT 20 is beyond the figure \
         bounds in the unit of indicator \"base\" (unit_mult 0): invalid number \
         \"76120000000000000000000\" (out of range: a figure must lie between -1e15 and 1e15)"
    );
    // Scaled down instead, the same text is fine.
    assert_eq!(
        figures(&body(&[("761.2", "-20", "")]), "base")[0].1,
        761.2e-20
    );
}

#[test]
fn labels_and_semicolons_read_like_the_plain_form() {
    let plain = body(&[("761.2", "9", "E"), ("762400", "6", "P")]);
    let labelled = "STRUCTURE;STRUCTURE_ID;ACTION;IND:Indicator;TIME_PERIOD:Time period or range;\
        OBS_VALUE:Observation value;UNIT_MULT:Unit multiplier;OBS_STATUS:Observation status\n\
        dataflow;X:DF(1.0): A dataflow;I;V: The indicator;2021-01;761.2;9: Billions;E: Estimated value\n\
        dataflow;X:DF(1.0): A dataflow;I;V: The indicator;2021-02;762400;6: Millions;p: Provisional\n";
    let want = figures(&plain, "hundred-million");
    assert_eq!(want[0], ("2021-01".into(), 7612.0, Some(Flag::Estimated)));
    assert_eq!(figures(labelled, "hundred-million"), want);
}

#[test]
fn a_quote_never_closed_after_a_semicolon_is_found() {
    let b = "STRUCTURE;IND;TIME_PERIOD;OBS_VALUE;COMMENT\n\
             dataflow;V;2021-01;1;\"open; never closed\n\
             dataflow;V;2021-02;2;\n";
    let e = error(b);
    assert!(
        e.starts_with("1 problem: line 2: column COMMENT: the quote opened"),
        "{e}"
    );
}

#[test]
fn the_column_list_in_a_message_is_bounded() {
    let short = csv::StringRecord::from(vec!["TIME_PERIOD", "OBS_VALUE"]);
    assert_eq!(column_list(&short), "\"TIME_PERIOD\", \"OBS_VALUE\"");
    let long = "X".repeat(100_000);
    let hostile = csv::StringRecord::from(vec![long.as_str(); 1000]);
    let shown = column_list(&hostile);
    assert!(shown.len() < 3000, "{} bytes", shown.len());
    assert!(shown.ends_with("… (1000 in all)"), "{shown:.100}");
}

#[test]
fn sdmx_time_periods_become_waymark_periods() {
    for (sdmx, waymark) in [
        ("2021", Some("2021")),
        ("2021-A1", Some("2021")),
        ("2021-Q3", Some("2021-Q3")),
        ("2021-03", Some("2021-03")),
        ("2021-M03", Some("2021-03")),
        ("2021-03-15", None),
        ("2021-W05", None),
        ("2021-S1", None),
        ("21", None),
    ] {
        assert_eq!(period(sdmx).as_deref(), waymark, "{sdmx}");
    }
}
