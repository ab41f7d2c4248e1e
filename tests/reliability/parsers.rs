//! Arbitrary input never panics any parser: the CI-run counterpart of the
//! cargo-fuzz targets in `fuzz/` (which need a nightly compiler to run).
//! Each parser gets both random bytes and mutations of a valid input, so the
//! cases reach past the first syntax check.

use proptest::prelude::*;
use waymark::domain::{Catalogue, Period};
use waymark::ingest::{read_csv, read_xlsx_bytes};
use waymark::sources::formats::read_json;

const CATALOGUE: &str = include_str!("../fixtures/catalogue.toml");
const GOOD_CSV: &[u8] = include_bytes!("../fixtures/import/good.csv");
const GOOD_XLSX: &[u8] = include_bytes!("../fixtures/import/good.xlsx");
const GOOD_JSON: &[u8] = include_bytes!("../fixtures/sources/observations.json");

fn catalogue() -> Catalogue {
    Catalogue::from_toml(CATALOGUE, "catalogue.toml").expect("fixture catalogue")
}

/// `seed` with a few bytes overwritten, inserted or removed at random places.
fn mutated(seed: &'static [u8]) -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec((any::<u16>(), any::<u8>(), 0u8..3), 1..8).prop_map(move |edits| {
        let mut b = seed.to_vec();
        for (at, byte, kind) in edits {
            let i = usize::from(at) % (b.len() + 1);
            match kind {
                0 if i < b.len() => b[i] = byte,
                1 => b.insert(i, byte),
                _ if i < b.len() => {
                    b.remove(i);
                }
                _ => b.push(byte),
            }
        }
        b
    })
}

fn bytes_or(seed: &'static [u8]) -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![prop::collection::vec(any::<u8>(), 0..512), mutated(seed)]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_text_as_a_period_parses_or_is_rejected(text in ".{0,16}|[0-9Q-]{0,12}") {
        if let Ok(p) = text.parse::<Period>() {
            // Whatever parses prints back as something that parses to the same.
            prop_assert_eq!(p.to_string().parse::<Period>().unwrap(), p);
        }
    }

    #[test]
    fn any_bytes_as_a_csv_import_are_figures_or_problems(bytes in bytes_or(GOOD_CSV)) {
        let cat = catalogue();
        match read_csv(bytes.as_slice(), &cat, None) {
            Ok(figures) => prop_assert!(!figures.is_empty()),
            Err(problems) => prop_assert!(!problems.is_empty()),
        }
    }

    #[test]
    fn any_bytes_as_an_xlsx_import_are_figures_or_problems(bytes in bytes_or(GOOD_XLSX)) {
        let cat = catalogue();
        match read_xlsx_bytes(&bytes, &cat) {
            Ok(figures) => prop_assert!(!figures.is_empty()),
            Err(problems) => prop_assert!(!problems.is_empty()),
        }
    }

    #[test]
    fn any_text_as_a_catalogue_loads_or_lists_problems(bytes in bytes_or(CATALOGUE.as_bytes())) {
        let text = String::from_utf8_lossy(&bytes);
        if let Err(problems) = Catalogue::from_toml(&text, "fuzz.toml") {
            prop_assert!(!problems.is_empty());
        }
    }

    #[test]
    fn any_bytes_as_an_observations_body_are_figures_or_an_error(bytes in bytes_or(GOOD_JSON)) {
        let cat = catalogue();
        let _ = read_json(&bytes, &cat);
    }
}

/// Found by the proptest above: calamine 0.38 computes a cell reference's
/// column with unchecked arithmetic, so an over-long reference such as
/// `ZZZZZZZZZZZZZZZZ1` overflows (a panic in builds with overflow checks).
#[test]
fn a_workbook_with_an_overlong_cell_reference_is_a_problem_not_a_panic() {
    let bytes = include_bytes!("../fixtures/import/overlong_cell_ref.xlsx");
    let problems = read_xlsx_bytes(bytes, &catalogue()).unwrap_err();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].at, waymark::ingest::Location::Whole);
    assert!(
        problems[0].message.starts_with("cannot read spreadsheet"),
        "{problems:?}"
    );
}
