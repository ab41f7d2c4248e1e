//! What the library's unit tests share: one small catalogue covering what
//! they need, stores over temporary databases, the fixture catalogue of
//! `tests/fixtures`, and figure builders.

use crate::domain::{Catalogue, Channel, Figure, Period, Provenance, Slug};
use crate::store::Store;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// The unit tests' catalogue. Regions `a`, `b` and `r`; indicators:
/// - `m` (monthly flow) and `q` (quarterly level), in `u`: plain series;
/// - `trains`: a monthly flow bounded to 0..=5000 whole trains (indicator rules);
/// - `base` (yuan) and `hundred-million` (CNY 100 million, `unit_mult = 8`):
///   the units of an SDMX feed.
pub(crate) const CATALOGUE: &str = r#"
[[region]]
id = "a"
name = "A"
[[region]]
id = "b"
name = "B"
[[region]]
id = "r"
name = "R"

[[indicator]]
id = "m"
name = "M"
unit = "u"
frequency = "monthly"
measure = "flow"
[[indicator]]
id = "q"
name = "Q"
unit = "u"
frequency = "quarterly"
measure = "level"
[[indicator]]
id = "trains"
name = "Trains"
unit = "trains"
frequency = "monthly"
measure = "flow"
min = 0
max = 5000
integer = true
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

/// [`CATALOGUE`], loaded.
pub(crate) fn catalogue() -> Catalogue {
    Catalogue::from_toml(CATALOGUE, "t").expect("the unit tests' catalogue")
}

/// The text of `tests/fixtures/catalogue.toml`, the integration tests' catalogue.
pub(crate) fn fixture_catalogue_text() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/catalogue.toml");
    std::fs::read_to_string(path).expect("the fixture catalogue")
}

/// The fixture catalogue, loaded.
pub(crate) fn fixture_catalogue() -> Catalogue {
    Catalogue::from_toml(&fixture_catalogue_text(), "tests/fixtures/catalogue.toml").unwrap_or_else(
        |problems| {
            let list: Vec<String> = problems.iter().map(ToString::to_string).collect();
            panic!("the fixture catalogue is invalid:\n{}", list.join("\n"))
        },
    )
}

/// The database file of a test folder.
pub(crate) fn db_path(dir: &Path) -> PathBuf {
    dir.join("t.db")
}

/// The URL of [`db_path`].
pub(crate) fn db_url(dir: &Path) -> String {
    format!("sqlite://{}", db_path(dir).display())
}

/// A store over a fresh database in a temporary folder, nothing loaded.
pub(crate) async fn empty_store() -> (TempDir, Store) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let store = Store::open(&db_url(dir.path())).await.expect("open store");
    (dir, store)
}

/// A store with [`CATALOGUE`] loaded.
pub(crate) async fn store() -> (TempDir, Store) {
    store_with(CATALOGUE).await
}

/// A store with the catalogue `text` loaded.
pub(crate) async fn store_with(text: &str) -> (TempDir, Store) {
    let (dir, store) = empty_store().await;
    let cat = Catalogue::from_toml(text, "t").expect("a valid catalogue");
    store.sync_catalogue(&cat).await.expect("sync catalogue");
    (dir, store)
}

/// A figure of `value` for `period` of region `region`'s indicator `indicator`.
pub(crate) fn test_figure(region: &str, indicator: &str, period: Period, value: f64) -> Figure {
    let slug = |s: &str| Slug::parse(s).unwrap();
    Figure::new(slug(region), slug(indicator), period, value)
}

/// Figures recorded by `by` with `record`.
pub(crate) fn test_by(by: &str) -> Provenance {
    Provenance::new(by, Channel::Record)
}

/// The goals of `config/catalogue.toml` with the demo's illustrative
/// figures and milestone states (`config/demo/`), assessed as of the demo's
/// date and ready to draw in `lang`: what `waymark demo` reports.
pub(crate) async fn demo_views(lang: crate::domain::Lang) -> Vec<crate::report::GoalView> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("config");
    let text = std::fs::read_to_string(root.join("catalogue.toml")).expect("the catalogue");
    let cat = Catalogue::from_toml(&text, "config/catalogue.toml").expect("a valid catalogue");
    let (_dir, store) = store_with(&text).await;
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("demo"))
        .expect("config/demo")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "csv"))
        .filter(|p| p.file_name().is_some_and(|n| n != "milestones.csv"))
        .collect();
    files.sort();
    for f in &files {
        let figures = crate::ingest::read_file(f, &cat, None)
            .unwrap_or_else(|p| panic!("{}: {p:?}", f.display()));
        crate::record::record(
            &store,
            &cat,
            figures,
            &test_by("demo"),
            crate::record::Options::now(),
        )
        .await
        .unwrap_or_else(|e| panic!("{}: {e:?}", f.display()));
    }
    let mut states = csv::Reader::from_path(root.join("demo/milestones.csv")).expect("milestones");
    for row in states.records() {
        let row = row.expect("a row");
        let state = row[1].parse().expect("a milestone state");
        store
            .set_milestone(&row[0], state, None, "demo")
            .await
            .expect("set milestone");
    }
    // As `waymark demo` reports (cli/demo.rs, `demo_as_of`).
    let as_of = chrono::NaiveDate::from_ymd_opt(2021, 6, 30).expect("a date");
    let q = crate::assess::Query {
        as_of: Some(as_of),
        ..Default::default()
    };
    let assessed = crate::assess::assess(&store, &cat, &q, &Default::default(), as_of)
        .await
        .expect("assess");
    let flags = store
        .current_flags(&crate::assess::series_of(&assessed), None)
        .await
        .expect("flags");
    assessed
        .into_iter()
        .map(|a| crate::publish::goal_view(&cat, a, &flags, lang))
        .collect()
}
