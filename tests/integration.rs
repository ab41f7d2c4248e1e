//! The integration tests: one test binary, grouped by subject, over the
//! shared kit in `common` (as ripgrep keeps its tests). Everything here is
//! real: the built `waymark` binary or the library's server on loopback,
//! temporary SQLite databases, real files.
//!
//! Run one subject with `cargo test --test integration cli::` (or `api::`,
//! `pages::`, `daemon::`, …); the tests that need more than a plain machine
//! (a browser, minutes of crashes) are `#[ignore]`d and named in README.md.

mod common;

/// Alerts: their lifecycle, the outbox, webhook and email delivery.
mod alerts;
/// The JSON API over HTTP: auth, bodies, reads, limits, the OpenAPI document.
mod api;
/// The command line: import, record, status, export, report, demo, tokens,
/// backup and restore, doctor, help, completions and man pages.
mod cli;
/// `serve` as a process and the daemon in process: jobs, backups, logs,
/// shutdown, load, crashes.
mod daemon;
/// The module graph of `src/` as a gate.
mod layers;
/// The dashboard and the entry forms, by HTTP and in a real browser.
mod pages;
/// Hostile and broken input, full disks, memory bombs, killed processes.
mod reliability;
/// Remote sources against local test servers.
mod sources;
