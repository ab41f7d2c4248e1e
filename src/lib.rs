//! waymark: track stated goals against the figures that measure them.
//!
//! The modules stand in four layers. Each imports only from its own layer
//! and the ones below, and no modules import each other in a loop, nor do
//! two files of one folder (`tests/layers` checks both):
//!
//! - core: `domain`, `i18n` (periods, the catalogue, series, the progress rules; the interface's words in English and Chinese; pure)
//! - adapters: `store`, `ingest`, `report`, `config` (the database, files in, charts and pages out, settings)
//! - services: `assess`, `publish`, `record`, `tokens`, `alerts`, `sources`, `schedule` (what waymark does with them)
//! - shells: `http`, `cli`, `daemon` (the ways in: the server, the command line, the daemon's start-up, jobs and shutdown)

pub mod alerts;
pub mod assess;
pub mod cli;
pub mod config;
pub mod daemon;
pub mod domain;
pub mod http;
pub mod i18n;
pub mod ingest;
pub mod publish;
pub mod record;
pub mod report;
pub mod schedule;
pub mod sources;
pub mod store;
pub mod tokens;

#[cfg(test)]
pub(crate) mod test_support;
