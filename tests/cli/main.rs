//! Integration tests: the built `waymark` binary against temporary databases.

mod alerts;
mod cjk;
mod email;
mod figures;
mod harness;
mod lab;
mod stale;
mod status;
