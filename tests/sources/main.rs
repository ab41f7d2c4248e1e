//! Remote sources against local test servers (wiremock on 127.0.0.1:0):
//! each test has its own temporary database.

mod cli;
mod config;
mod failures;
mod formats;
mod harness;
#[path = "../common/rules.rs"]
mod rule_cases;
mod rules;
mod safety;
mod sdmx;
