//! waymark: track stated goals against the figures that measure them.

pub mod alerts;
pub mod app;
pub mod assess;
pub mod cli;
pub mod config;
pub mod daemon;
pub mod domain;
pub mod http;
pub mod ingest;
pub mod publish;
pub mod record;
pub mod report;
pub mod schedule;
pub mod sources;
pub mod store;
