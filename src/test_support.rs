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
