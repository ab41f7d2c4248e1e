//! Any bytes as a `POST /api/observations` body (serde_json → RawRecords →
//! Validator, shared with the `json` source format): figures or an error.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;
use waymark::domain::Catalogue;

static CATALOGUE: LazyLock<Catalogue> = LazyLock::new(|| {
    Catalogue::from_toml(include_str!("../../tests/fixtures/catalogue.toml"), "catalogue.toml")
        .expect("fixture catalogue")
});

fuzz_target!(|bytes: &[u8]| {
    let _ = waymark::sources::formats::read_json(bytes, &CATALOGUE);
});
