//! Any text as a catalogue: loads, or lists at least one problem.
#![no_main]

use libfuzzer_sys::fuzz_target;
use waymark::domain::Catalogue;

fuzz_target!(|text: &str| {
    if let Err(problems) = Catalogue::from_toml(text, "fuzz.toml") {
        assert!(!problems.is_empty());
    }
});
