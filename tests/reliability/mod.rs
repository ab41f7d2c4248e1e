//! Reliability (issue 8): hostile input, output safety, concurrent writers,
//! a full disk and crashes while rendering; memory bombs (issue 12). The
//! long crash checks are `#[ignore]`d or live in `scripts/`; README.md names
//! the command for each.

mod bombs;
mod concurrency;
mod disk_full;
mod formula_injection;
mod output_paths;
mod parsers;
mod read_only;
mod render_crash;
