//! Any text as a period: parses or is rejected, and what parses round-trips.
#![no_main]

use libfuzzer_sys::fuzz_target;
use waymark::domain::Period;

fuzz_target!(|text: &str| {
    if let Ok(p) = text.parse::<Period>() {
        assert_eq!(p.to_string().parse::<Period>(), Ok(p));
    }
});
