//! Integration tests: the built `waymark` binary against temporary databases.

mod alerts;
mod backup;
mod cjk;
mod doctor;
mod email;
mod export;
mod figures;
mod harness;
mod lab;
mod manual;
mod roundtrip;
mod stale;
mod status;
