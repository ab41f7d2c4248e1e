//! Any bytes as a CSV import against the test catalogue: figures or problems.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;
use waymark::domain::Catalogue;

static CATALOGUE: LazyLock<Catalogue> = LazyLock::new(|| {
    Catalogue::from_toml(include_str!("../../tests/fixtures/catalogue.toml"), "catalogue.toml")
        .expect("fixture catalogue")
});

fuzz_target!(|bytes: &[u8]| {
    match waymark::ingest::read_csv(bytes, &CATALOGUE, None) {
        Ok(figures) => assert!(!figures.is_empty()),
        Err(problems) => assert!(!problems.is_empty()),
    }
});
