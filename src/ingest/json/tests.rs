//! JSON import: exact numbers, every problem with its item and field, and
//! bounds on what one item may hold.

use super::*;
use crate::test_support::fixture_catalogue;

fn read(text: &str) -> Result<Vec<Figure>, Vec<String>> {
    read_json(text.as_bytes(), &fixture_catalogue(), None)
        .map_err(|ps| ps.iter().map(ToString::to_string).collect())
}

const ROW: &str = r#""region":"liaoning","indicator":"china-europe-trains""#;

#[test]
fn numbers_are_read_as_written_to_the_bit() {
    // Values serde_json's own float parser is not exact for, and tiny ones.
    let values: [f64; 6] = [
        0.1 + 0.2,
        5e-324,
        2.2250738585072014e-308,
        999999999999999.9,
        123_456.789_012_345_67,
        -0.000001,
    ];
    let items: Vec<String> = values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let v = serde_json::to_string(v).unwrap();
            format!(r#"{{{ROW},"period":"2021-{:02}","value":{v},"basis":null,"note":null,"flag":null}}"#, i + 1)
        })
        .collect();
    let figures = read(&format!("\u{feff}[\n{}\n]\n", items.join(",\n"))).unwrap();
    let got: Vec<u64> = figures.iter().map(|f| f.value.to_bits()).collect();
    let want: Vec<u64> = values.iter().map(|v| v.to_bits()).collect();
    assert_eq!(got, want);
    assert_eq!(figures[0].line, 1);
    // A number as text, a year-to-date basis and a note with a line break.
    let one = read(&format!(
        r#"[{{{ROW},"period":"2021-03","value":" 1.5e2 ","basis":"ytd","note":"a,\"b\"\nc"}}]"#
    ))
    .unwrap();
    assert_eq!(
        (one[0].value, one[0].basis, one[0].note.as_deref()),
        (150.0, crate::domain::Basis::Ytd, Some("a,\"b\"\nc"))
    );
}

#[test]
fn every_problem_names_its_item_and_field() {
    let text = format!(
        r#"[
        {{{ROW},"period":"2021-01","value":1,"nots":"x"}},
        {{{ROW},"period":2021,"value":true,"note":["x"]}},
        {{{ROW},"period":"2021-02","value":1,"value":2}},
        "a row",
        {{"region":"liaonig","indicator":"china-europe-trains","period":"2021-03","value":3}},
        {{{ROW},"period":"2021-01","value":4,"flag":"X"}},
        {{{ROW},"period":"2021-04","value":5}},
        {{{ROW},"period":"2021-04","value":6}}
        ]"#
    );
    assert_eq!(
        read(&text).unwrap_err(),
        [
            "1: unknown field \"nots\" (expected region, indicator, period, value, basis, note or flag); did you mean \"note\"?",
            "2: column period: expected a text, got the number 2021",
            "2: column value: expected a number, got true",
            "2: column note: expected a text, got a list",
            "3: column value: given twice in one item",
            "4: expected an object with region, indicator, period and value, got the text \"a row\"",
            "5: column region: unknown region \"liaonig\" (did you mean \"liaoning\"?)",
            "6: column flag: unknown flag \"X\" (expected A normal, E estimated, P provisional, B break in series, or M missing)",
            "8: column value: 6 conflicts with 5 in item 7 for liaoning china-europe-trains 2021-04",
        ]
    );
}

#[test]
fn a_file_that_is_not_a_list_of_figures_is_refused_whole() {
    let first = |text: &str| read(text).unwrap_err().remove(0);
    assert_eq!(first("[]"), "0: no figures: the list is empty");
    assert_eq!(
        first(r#" {"observations": []}"#),
        "0: expected a list of figures ([{\"region\": …, \"indicator\": …, \"period\": …, \"value\": …}, …]), got an object"
    );
    assert!(first("12").ends_with("got a number"), "{}", first("12"));
    let e = first(&format!(r#"[{{{ROW},"period":"2021-01","value":1}} {{"#));
    assert!(
        e.starts_with("2: not valid JSON: expected `,` or `]` at line 1"),
        "{e}"
    );
    let e = first(&format!(r#"[{{{ROW},"period":"2021-01","value":1}}] x"#));
    assert!(
        e.starts_with("0: not valid JSON after the list: trailing characters"),
        "{e}"
    );
    assert!(
        first("").starts_with("1: not valid JSON: EOF"),
        "{}",
        first("")
    );
}

#[test]
fn an_item_is_bounded_so_a_text_left_open_cannot_fill_memory() {
    let open = format!(
        r#"[{{{ROW},"period":"2021-01","value":1,"note":"{}"#,
        "x".repeat(10 * MAX_ROW_BYTES as usize)
    );
    let bar = ProgressBar::hidden();
    let problems = read_json(open.as_bytes(), &fixture_catalogue(), Some(&bar)).unwrap_err();
    assert_eq!(
        problems[0].to_string(),
        format!("1: longer than {MAX_ROW_BYTES} bytes: is a list or text left open?")
    );
    assert!(
        bar.position() <= MAX_ROW_BYTES + 64 * 1024,
        "{}",
        bar.position()
    );
    // Many items of that size are fine: the bound is per item.
    let note = "y".repeat(1_000);
    let items: Vec<String> = (1..=12)
        .map(|m| format!(r#"{{{ROW},"period":"2021-{m:02}","value":{m},"note":"{note}"}}"#))
        .collect();
    assert_eq!(read(&format!("[{}]", items.join(","))).unwrap().len(), 12);
}

#[test]
fn a_file_of_revisions_keeps_the_last_of_each_figure() {
    let item = |period: &str, value: u32| {
        format!(
            r#"{{{ROW},"period":"{period}","value":{value},"recorded_at":"2021-07-01T00:00:00Z","recorded_by":"a","source":"record"}}"#
        )
    };
    let text = format!(
        "[{}]",
        [item("2021-01", 1), item("2021-01", 2), item("2021-02", 3)].join(",")
    );
    let got: Vec<(u64, f64)> = read(&text)
        .unwrap()
        .iter()
        .map(|f| (f.line, f.value))
        .collect();
    assert_eq!(got, [(2, 2.0), (3, 3.0)]);
    // Without recorded_at, the revision fields are unknown.
    let plain = format!(r#"[{{{ROW},"period":"2021-01","value":1,"source":"x"}}]"#);
    assert!(read(&plain).unwrap_err()[0].starts_with("1: unknown field \"source\""));
}

proptest::proptest! {
    /// Broken JSON, cut exports and random bytes: problems, never a panic,
    /// and never a problem past the items the file could hold.
    #[test]
    fn any_bytes_give_figures_or_problems(
        cut in 0usize..400,
        noise in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..40),
    ) {
        let good = format!(
            r#"[{{{ROW},"period":"2021-01","value":1,"note":"a\n\"b\""}},{{{ROW},"period":"2021-02","value":-2.5e3}}]"#
        );
        let mut bytes = good.as_bytes()[..cut.min(good.len())].to_vec();
        let most = 3 + noise.len() as u64;
        bytes.extend(noise);
        if let Err(problems) = read_json(bytes.as_slice(), &fixture_catalogue(), None) {
            proptest::prop_assert!(!problems.is_empty());
            proptest::prop_assert!(problems.iter().all(|p| p.at.number() <= most), "{:?}", problems);
        }
    }
}
