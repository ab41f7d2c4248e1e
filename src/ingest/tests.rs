//! Fixture tests: every bad file under tests/fixtures/import/bad/ must give
//! exactly the lines of its `.expected` sibling, and the good files must give
//! the figures listed here.
//!
//! `WAYMARK_BLESS=1 cargo test --lib ingest` rewrites the `.expected` files
//! from the current output; review the diff before committing it.

use super::*;
use crate::domain::Flag;
use crate::test_support::{fixture_catalogue, fixture_catalogue_text};
use std::path::PathBuf;

mod proptests;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn lines(problems: &[Problem]) -> Vec<String> {
    problems.iter().map(ToString::to_string).collect()
}

/// One line per figure, easy to read in a test failure.
fn render(figures: &[Figure]) -> Vec<String> {
    figures
        .iter()
        .map(|f| {
            format!(
                "{} {} {} {} {} {} {:?}",
                f.line,
                f.region,
                f.indicator,
                f.period,
                f.value,
                f.basis,
                f.note.as_deref().unwrap_or("")
            )
        })
        .collect()
}

#[test]
fn bad_fixtures_give_exactly_the_expected_problems() {
    let cat = fixture_catalogue();
    let dir = fixtures().join("import/bad");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("bad fixture folder")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    files.sort();
    assert!(files.len() >= 22, "only {} bad fixtures", files.len());
    let bless = std::env::var_os("WAYMARK_BLESS").is_some();
    let mut failures = Vec::new();
    for file in &files {
        let got = match read_file(file, &cat, None) {
            Ok(figures) => vec![format!("accepted {} figures", figures.len())],
            Err(problems) => lines(&problems),
        };
        let expected_path = file.with_extension("expected");
        if bless {
            std::fs::write(&expected_path, got.join("\n") + "\n").expect("write .expected");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path)
            .unwrap_or_else(|e| panic!("{}: {e}", expected_path.display()));
        let expected: Vec<&str> = expected.lines().collect();
        if got != expected {
            failures.push(format!(
                "{}:\n  expected:\n    {}\n  got:\n    {}",
                file.display(),
                expected.join("\n    "),
                got.join("\n    ")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// good.csv (and good.xlsx, row for row) sorted by region, indicator and
/// period; line 20 repeats line 16 and is counted once.
const GOOD: &str = "\
32 china trade-share 2019 35.7 period \"World Bank, NE.TRD.GNFS.ZS\"
33 china trade-share 2020 34.5 period \"the \\\"provisional\\\" figure\"
37 guizhou china-europe-trains 2021-04 0 period \"no trains, line closed\"
28 guizhou fdi-actual 2021-Q1 120.5 period \"\"
29 guizhou fdi-actual 2021-Q2 130 period \"\"
30 guizhou fdi-actual 2021-Q3 120 period \"\"
2 liaoning china-europe-trains 2020-01 60 period \"\"
3 liaoning china-europe-trains 2020-02 35 period \"\"
4 liaoning china-europe-trains 2020-03 70 period \"\"
5 liaoning china-europe-trains 2020-04 75 period \"\"
6 liaoning china-europe-trains 2020-05 80 period \"\"
7 liaoning china-europe-trains 2020-06 85 period \"\"
8 liaoning china-europe-trains 2020-07 90 period \"\"
9 liaoning china-europe-trains 2020-08 95 period \"\"
10 liaoning china-europe-trains 2020-09 90 period \"\"
11 liaoning china-europe-trains 2020-10 95 period \"\"
12 liaoning china-europe-trains 2020-11 100 period \"\"
13 liaoning china-europe-trains 2020-12 105 period \"\"
14 liaoning china-europe-trains 2021-01 70 period \"\"
15 liaoning china-europe-trains 2021-02 45 period \"\"
16 liaoning china-europe-trains 2021-03 78 period \"\"
17 liaoning china-europe-trains 2021-04 84 period \"\"
18 liaoning china-europe-trains 2021-05 88 period \"\"
19 liaoning china-europe-trains 2021-06 92 period \"\"
34 zhejiang ecommerce-shops 2021-01 1520 period \"\"
35 zhejiang ecommerce-shops 2021-02 1580 period \"\"
36 zhejiang ecommerce-shops 2021-03 1610 period \"\"
31 zhejiang fdi-actual 2021-Q1 -12.5 period \"net disinvestment, as published\"
27 zhejiang import-export 2020-12 2710.4 period \"\"
21 zhejiang import-export 2021-01 2900.5 ytd \"year to date\"
22 zhejiang import-export 2021-02 5100 ytd \"year to date\"
23 zhejiang import-export 2021-03 8000.25 ytd \"year to date\"
24 zhejiang import-export 2021-04 10950 ytd \"year to date\"
25 zhejiang import-export 2021-05 14000 ytd \"year to date\"
26 zhejiang import-export 2021-06 17100 ytd \"year to date\"";

#[test]
fn good_csv_gives_the_expected_figures() {
    let cat = fixture_catalogue();
    let figures = read_file(&fixtures().join("import/good.csv"), &cat, None)
        .unwrap_or_else(|p| panic!("{:#?}", lines(&p)));
    assert_eq!(render(&figures), GOOD.lines().collect::<Vec<_>>());
}

#[test]
fn good_xlsx_gives_the_same_figures_as_good_csv() {
    let cat = fixture_catalogue();
    let figures = read_file(&fixtures().join("import/good.xlsx"), &cat, None)
        .unwrap_or_else(|p| panic!("{:#?}", lines(&p)));
    assert_eq!(render(&figures), GOOD.lines().collect::<Vec<_>>());
}

#[test]
fn bad_sheet_reports_every_bad_row_by_sheet_row() {
    let cat = fixture_catalogue();
    let problems = read_file(&fixtures().join("import/bad_sheet.xlsx"), &cat, None).unwrap_err();
    assert_eq!(lines(&problems), BAD_SHEET.lines().collect::<Vec<_>>());
}

const BAD_SHEET: &str = "\
3: column region: unknown region \"liaonig\" (did you mean \"liaoning\"?)
4: column period: date cell 2021-03-01 is not a period: format the column as text and write periods as 2021, 2021-Q3 or 2021-03
6: column value: invalid number \"12,406\" (no thousands separators: write 12406)
7: column basis: \"ytd\" does not apply to indicator \"ecommerce-shops\", a level (year-to-date totals are for flow indicators)
8: column period: period \"2021-Q2\" does not match indicator \"import-export\", which is monthly (write periods like 2021-03)
9: cell F9: \"stray\" is in a column without a header
10: column value: missing value";

#[test]
fn file_level_problems_are_at_line_zero() {
    let cat = fixture_catalogue();
    let missing = read_file(Path::new("/nonexistent/figures.csv"), &cat, None).unwrap_err();
    assert_eq!(missing.len(), 1);
    assert!(missing[0].to_string().starts_with("0: cannot open file: "));
    let other = read_file(Path::new("figures.txt"), &cat, None).unwrap_err();
    assert_eq!(
        lines(&other),
        ["0: unsupported file type \".txt\" (expected .csv, .xlsx or .json)"]
    );
    let not_a_book = read_file(&fixtures().join("import/good.csv"), &cat, None);
    assert!(not_a_book.is_ok());
    let tmp = tempfile::Builder::new().suffix(".XLSX").tempfile().unwrap();
    std::fs::write(tmp.path(), "region,indicator,period,value\n").unwrap();
    let p = read_file(tmp.path(), &cat, None).unwrap_err();
    assert!(
        p[0].to_string().starts_with("0: cannot read spreadsheet"),
        "{p:?}"
    );
}

#[test]
fn progress_advances_by_the_bytes_read() {
    let cat = fixture_catalogue();
    let text = std::fs::read(fixtures().join("import/good.csv")).unwrap();
    let bar = indicatif::ProgressBar::hidden();
    read_csv(text.as_slice(), &cat, Some(&bar)).unwrap();
    assert_eq!(bar.position(), text.len() as u64);
}

#[test]
fn a_problem_shows_its_field_in_front_of_its_words() {
    let p = Problem::new(Location::Line(3), "unknown_region", "unknown region \"x\"")
        .in_field("region");
    assert_eq!(p.text(), "column region: unknown region \"x\"");
    assert_eq!(p.to_string(), "3: column region: unknown region \"x\"");
    let whole = Problem::new(Location::Whole, "empty", "empty file");
    assert_eq!((whole.text().as_ref(), &whole.field), ("empty file", &None));
    assert_eq!(whole.to_string(), "0: empty file");
}

#[test]
fn validator_serves_other_formats_too() {
    // The HTTP body feeds records directly, numbered by their index.
    let cat = fixture_catalogue();
    let mut v = Validator::new(&cat, Numbering::Index);
    let rec = RawRecord {
        region: "liaoning",
        indicator: "china-europe-trains",
        period: "2021-01",
        value: "70",
        ..RawRecord::default()
    };
    v.push(0, rec);
    v.push(1, RawRecord { value: "71", ..rec });
    let problems = v.finish().unwrap_err();
    assert_eq!(
        lines(&problems),
        [
            "1: column value: 71 conflicts with 70 at index 0 for liaoning china-europe-trains 2021-01"
        ]
    );
    let p = &problems[0];
    assert_eq!(
        (p.at, p.field.as_deref(), p.code),
        (Location::Index(1), Some("value"), "conflict")
    );
}

/// An endless input: `head`, then `fill` bytes; counts what was read. It
/// fails past 64 MiB, so a reader that does not stop fails the test rather
/// than filling the machine's memory.
struct Endless {
    head: std::io::Cursor<Vec<u8>>,
    fill: u8,
    read: u64,
}

impl std::io::Read for Endless {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.read > 64 << 20 {
            return Err(std::io::Error::other(
                "read 64 MiB: the reader never stopped",
            ));
        }
        let mut n = self.head.read(buf)?;
        if n == 0 {
            buf.fill(self.fill);
            n = buf.len();
        }
        self.read += n as u64;
        Ok(n)
    }
}

fn endless(head: &str, fill: u8) -> Endless {
    Endless {
        head: std::io::Cursor::new(head.as_bytes().to_vec()),
        fill,
        read: 0,
    }
}

/// What the CSV reader may hold beyond a limit: its own buffer.
const SLACK: u64 = 64 * 1024;

#[test]
fn a_file_without_a_header_is_refused_after_the_first_kilobytes() {
    let cat = fixture_catalogue();
    for fill in [0u8, b'\n', b' '] {
        let mut input = endless("", fill);
        let problems = read_csv(&mut input, &cat, None).unwrap_err();
        assert_eq!(
            lines(&problems),
            [
                "1: missing header row: none in the first 16384 bytes (the first line must \
              name the columns region, indicator, period, value)"
            ],
            "fill {fill}"
        );
        assert!(
            input.read <= MAX_HEADER_BYTES + SLACK,
            "read {}",
            input.read
        );
    }
}

#[test]
fn an_endless_row_is_refused_at_the_row_limit() {
    let cat = fixture_catalogue();
    let head = "region,indicator,period,value,note\nliaoning,china-europe-trains,2021-01,70,\n";
    let mut input = endless(head, b'7');
    let problems = read_csv(&mut input, &cat, None).unwrap_err();
    assert_eq!(
        lines(&problems),
        [
            "3: row longer than 65536 bytes (a row is one figure, with a note of at most 2000 \
          characters)"
        ]
    );
    assert!(
        input.read <= MAX_ROW_BYTES + 2 * SLACK,
        "read {}",
        input.read
    );

    // An open quote: every later byte would join the field.
    let mut input = endless(
        &format!("{head}liaoning,china-europe-trains,2021-02,7,\"x\n"),
        b'y',
    );
    let problems = read_csv(&mut input, &cat, None).unwrap_err();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].to_string().starts_with(
            "3: a quoted field opens on this line and runs past 65536 bytes: is the quote \
             never closed?"
        ),
        "{problems:?}"
    );
}

#[test]
fn an_unclosed_quote_fails_every_way_the_csv_reader_is_used() {
    let text = std::fs::read_to_string(fixtures().join("import/bad/unclosed_quote.csv")).unwrap();
    let cat = fixture_catalogue();
    // `import` and the entry page's paste read with `read_csv`; a CSV source too.
    let problems = read_csv(text.as_bytes(), &cat, None).unwrap_err();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].at, Location::Line(2));
    assert!(
        problems[0]
            .text()
            .starts_with("column note: the quote opened on this line")
    );
    let pulled = crate::sources::formats::read_csv(text.as_bytes(), &cat).unwrap_err();
    assert!(
        pulled
            .to_string()
            .contains("line 2: column note: the quote opened on this line"),
        "{pulled}"
    );
}

#[test]
fn a_huge_value_gives_a_message_of_bounded_length() {
    let cat = fixture_catalogue();
    // Just under the row limit: the value itself is echoed, cut short.
    let value = "1".repeat(MAX_ROW_BYTES as usize - 100) + "x";
    let text =
        format!("region,indicator,period,value\nliaoning,china-europe-trains,2021-01,{value}\n");
    let problems = read_csv(text.as_bytes(), &cat, None).unwrap_err();
    let shown = lines(&problems).join("\n");
    assert!(shown.len() < 300, "{} bytes: {shown:.300}", shown.len());
    assert!(
        shown.contains(&format!(
            "{}…\" ({} characters)",
            "1".repeat(50),
            value.len()
        )),
        "{shown}"
    );
}

/// The fixture catalogue with the trains bounded to 0..=5000 whole trains.
fn ruled_catalogue() -> Catalogue {
    let text = fixture_catalogue_text().replace(
        "unit = \"trains\"\n",
        "unit = \"trains\"\nmin = 0\nmax = 5000\ninteger = true\n",
    );
    Catalogue::from_toml(&text, "ruled.toml").expect("catalogue with rules")
}

#[test]
fn a_broken_rule_is_a_problem_of_its_row_reported_with_the_others() {
    let cat = ruled_catalogue();
    let today = "2021-04-01".parse().unwrap();
    let mut v = Validator::as_of(&cat, Numbering::Line, today);
    let row = |period, value| RawRecord {
        region: "liaoning",
        indicator: "china-europe-trains",
        period,
        value,
        ..RawRecord::default()
    };
    v.push(2, row("2021-02", "45"));
    v.push(3, row("2021-03", "12.5"));
    v.push(4, row("2021-04", "5001"));
    v.push(
        5,
        RawRecord {
            region: "liaonig",
            ..row("2021-01", "-1")
        },
    );
    // A period of the wrong frequency is that problem only: it has no end to judge.
    v.push(6, row("2021", "1"));
    assert_eq!(
        lines(&v.finish().unwrap_err()),
        [
            "3: column value: 12.5 is not a whole number; indicator \"china-europe-trains\" \
             counts in whole numbers (integer = true)",
            "4: column value: 5001 is above 5000, the largest value indicator \
             \"china-europe-trains\" accepts (max = 5000)",
            "4: column period: 2021-04 has not ended yet (its last day is 2021-04-30); indicator \
             \"china-europe-trains\" takes figures only for periods that have ended \
             (allow_future = false)",
            "5: column region: unknown region \"liaonig\" (did you mean \"liaoning\"?)",
            "5: column value: -1 is below 0, the smallest value indicator \"china-europe-trains\" \
             accepts (min = 0)",
            "6: column period: period \"2021\" does not match indicator \"china-europe-trains\", \
             which is monthly (write periods like 2021-03)",
        ]
    );
    // A day later March is over, and a whole number of trains is taken.
    let mut v = Validator::as_of(&cat, Numbering::Line, today);
    v.push(3, row("2021-03", "12"));
    assert_eq!(v.finish().unwrap().len(), 1);
    // `check_rules` holds figures built elsewhere to the same rules.
    let figure = Figure {
        line: 9,
        ..Figure::new(
            cat.regions[1].id.clone(),
            cat.indicators[0].id.clone(),
            "2021-03".parse().unwrap(),
            0.5,
        )
    };
    let problems = check_rules(&cat, &[figure], today, Numbering::Line).unwrap_err();
    assert!(
        lines(&problems)[0].starts_with("9: column value: 0.5 is not a whole number"),
        "{problems:?}"
    );
}

#[test]
fn flags_are_read_in_either_case_and_m_makes_a_gap() {
    let cat = fixture_catalogue();
    let text = "region,indicator,period,value,flag\n\
        liaoning,china-europe-trains,2021-01,70,p\n\
        liaoning,china-europe-trains,2021-02,45,\n\
        liaoning,china-europe-trains,2021-03,,M\n\
        liaoning,china-europe-trains,2021-04,anything,m\n\
        liaoning,china-europe-trains,2021-05,88,B\n";
    let figures = read_csv(text.as_bytes(), &cat, None).unwrap();
    let got: Vec<(String, Option<Flag>)> = figures
        .iter()
        .map(|f| (f.period.to_string(), f.flag))
        .collect();
    assert_eq!(
        got,
        [
            ("2021-01".to_string(), Some(Flag::Provisional)),
            ("2021-02".to_string(), None),
            ("2021-05".to_string(), Some(Flag::Break)),
        ]
    );
    // A gap's ids and period are still checked; an unknown code is refused;
    // the same figure twice with two flags is a conflict.
    let bad = "region,indicator,period,value,flag\n\
        liaonig,china-europe-trains,2021-03,,M\n\
        liaoning,china-europe-trains,2021-04,1,X\n\
        liaoning,china-europe-trains,2021-05,1,E\n\
        liaoning,china-europe-trains,2021-05,1,\n\
        liaoning,china-europe-trains,2021-06,1,\"P\u{7}\"\n";
    let problems = read_csv(bad.as_bytes(), &cat, None).unwrap_err();
    assert_eq!(
        lines(&problems),
        [
            "2: column region: unknown region \"liaonig\" (did you mean \"liaoning\"?)",
            "3: column flag: unknown flag \"X\" (expected A normal, E estimated, P provisional, \
             B break in series, or M missing)",
            "5: column flag: no flag conflicts with E on line 4 for liaoning china-europe-trains \
             2021-05",
            "6: column flag: \"P\\u{7}\" holds the control character U+0007 at character 2",
        ]
    );
    let codes: Vec<_> = problems
        .iter()
        .map(|p| (p.field.as_deref(), p.code))
        .collect();
    assert_eq!(
        codes,
        [
            (Some("region"), "unknown_region"),
            (Some("flag"), "bad_flag"),
            (Some("flag"), "conflict"),
            (Some("flag"), "control_character"),
        ]
    );
}

#[test]
fn check_rules_names_an_unknown_id_with_its_code_place_and_the_closest_id() {
    let cat = fixture_catalogue();
    let today = chrono::NaiveDate::from_ymd_opt(2022, 1, 1).unwrap();
    let slug = |s: &str| crate::domain::Slug::parse(s).unwrap();
    let figure = |line, region: &str, indicator: &str| Figure {
        line,
        ..Figure::new(
            slug(region),
            slug(indicator),
            "2021-03".parse().unwrap(),
            5.0,
        )
    };
    let figures = [
        figure(4, "liaonig", "china-europe-trains"),
        figure(7, "liaoning", "china-europe-train"),
    ];
    let problems = check_rules(&cat, &figures, today, Numbering::Item).unwrap_err();
    assert_eq!(
        lines(&problems),
        [
            "4: column region: unknown region \"liaonig\" (did you mean \"liaoning\"?)",
            "7: column indicator: unknown indicator \"china-europe-train\" \
             (did you mean \"china-europe-trains\"?)",
        ]
    );
    let parts: Vec<_> = problems
        .iter()
        .map(|p| (p.at, p.field.as_deref(), p.code))
        .collect();
    assert_eq!(
        parts,
        [
            (Location::Item(4), Some("region"), "unknown_region"),
            (Location::Item(7), Some("indicator"), "unknown_indicator"),
        ]
    );
}
