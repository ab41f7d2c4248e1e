//! Integration tests: the built `waymark` binary against temporary databases.

mod alerts;
mod backup;
mod cjk;
mod doctor;
mod email;
mod export;
mod figures;
mod flags;
mod harness;
mod lab;
mod manual;
mod roundtrip;
#[path = "../common/rules.rs"]
mod rule_cases;
mod rules;
mod stale;
mod status;
#[path = "../reliability/workbook.rs"]
#[allow(dead_code)]
mod workbook;
