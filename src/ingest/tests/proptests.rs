//! Property tests: any valid row round-trips through CSV, and no input,
//! however broken, makes the reader panic.

use super::super::*;
use crate::domain::{Basis, Figure, Frequency, Measure, Period};
use crate::test_support::fixture_catalogue;
use proptest::prelude::*;

/// A valid row as (region index, indicator index, period, value, basis, note).
type Row = (usize, usize, Period, f64, Basis, Option<String>);

fn valid_row() -> impl Strategy<Value = Row> {
    (
        0usize..4,
        0usize..5,
        // Periods that have ended: the fixture's indicators refuse the rest.
        1000i32..=2025,
        1u8..=12,
        // Within the figures' range (±1e15), the rest folded into it.
        any::<f64>()
            .prop_filter("finite", |v| v.is_finite())
            .prop_map(|v| if v.abs() > 1e15 { v % 1e15 } else { v }),
        any::<bool>(),
        proptest::option::of(any::<String>()),
    )
        .prop_map(|(r, i, year, j, value, ytd, note)| {
            let cat = fixture_catalogue();
            let ind = &cat.indicators[i];
            let n = ind.frequency.per_year();
            let period = Period::new(year, (j - 1) % n + 1, ind.frequency).expect("in range");
            let basis = if ytd && ind.measure == Measure::Flow {
                Basis::Ytd
            } else {
                Basis::Period
            };
            (r, i, period, value, basis, note)
        })
}

fn to_csv(rows: &[Row], exponent: bool) -> Vec<u8> {
    let cat = fixture_catalogue();
    let mut w = ::csv::Writer::from_writer(Vec::new());
    w.write_record(["note", "basis", "value", "period", "indicator", "region"])
        .unwrap();
    for (r, i, period, value, basis, note) in rows {
        let value = if exponent {
            format!("{value:e}")
        } else {
            value.to_string()
        };
        // As CSV export writes it: with the formula guard import takes off.
        w.write_record([
            &defuse(note.as_deref().unwrap_or("")),
            basis.as_str(),
            &value,
            &period.to_string(),
            cat.indicators[*i].id.as_str(),
            cat.regions[*r].id.as_str(),
        ])
        .unwrap();
    }
    w.into_inner().unwrap()
}

proptest! {
    #[test]
    fn any_valid_row_round_trips(row in valid_row(), exponent in any::<bool>()) {
        let cat = fixture_catalogue();
        let text = to_csv(std::slice::from_ref(&row), exponent);
        let figures = read_csv(text.as_slice(), &cat, None)
            .map_err(|p| TestCaseError::fail(format!("{p:?}")))?;
        let (r, i, period, value, basis, note) = row;
        let note = note.as_deref().map(str::trim).filter(|n| !n.is_empty()).map(Box::from);
        let (region, indicator) = (cat.regions[r].id.clone(), cat.indicators[i].id.clone());
        prop_assert_eq!(
            figures,
            vec![Figure { line: 2, basis, note, ..Figure::new(region, indicator, period, value) }]
        );
    }

    #[test]
    fn distinct_valid_rows_all_come_back_sorted(
        rows in proptest::collection::vec(valid_row(), 0..40)
    ) {
        let cat = fixture_catalogue();
        // Period basis only: random year-to-date totals would rightly be rejected
        // when they go down.
        let mut rows: Vec<Row> = rows.into_iter().map(|mut r| { r.4 = Basis::Period; r }).collect();
        let key = |r: &Row| (cat.regions[r.0].id.as_str(), cat.indicators[r.1].id.as_str(), r.2);
        rows.sort_by(|a, b| key(a).cmp(&key(b)));
        rows.dedup_by(|a, b| key(a) == key(b));
        let text = to_csv(&rows, false);
        match read_csv(text.as_slice(), &cat, None) {
            Ok(figures) => {
                let keys: Vec<_> = figures.iter().map(Figure::key).collect();
                let want: Vec<_> = rows.iter().map(key).collect();
                prop_assert_eq!(keys, want);
            }
            Err(p) => prop_assert!(
                rows.is_empty() && p.len() == 1 && p[0].message.starts_with("no figures"),
                "{:?}", p
            ),
        }
    }

    #[test]
    fn garbage_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let cat = fixture_catalogue();
        if let Err(problems) = read_csv(bytes.as_slice(), &cat, None) {
            prop_assert!(!problems.is_empty());
        }
    }

    #[test]
    fn garbage_rows_never_panic_and_lines_stay_in_the_file(
        body in "[a-z0-9,\"\r\n .Q-]{0,300}"
    ) {
        let cat = fixture_catalogue();
        let text = format!("region,indicator,period,value,basis\n{body}");
        let physical = text.lines().count() as u64 + 1;
        if let Err(problems) = read_csv(text.as_bytes(), &cat, None) {
            prop_assert!(!problems.is_empty() && problems.len() <= MAX_PROBLEMS + 1);
            for p in &problems {
                let line = p.at.number();
                prop_assert!(line >= 1 && line <= physical, "{} beyond {}", p, physical);
                prop_assert!(!p.message.is_empty());
            }
        }
    }
}

#[test]
fn frequencies_cover_the_catalogue() {
    // valid_row relies on the fixture catalogue having every frequency.
    let cat = fixture_catalogue();
    for f in [Frequency::Monthly, Frequency::Quarterly, Frequency::Annual] {
        assert!(cat.indicators.iter().any(|i| i.frequency == f), "{f}");
    }
}
