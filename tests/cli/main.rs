//! Integration tests: the built `waymark` binary against temporary databases.

mod figures;
mod harness;
mod status;
