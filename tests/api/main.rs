//! Integration tests of the HTTP server: real HTTP on loopback against a
//! real SQLite database, one temporary database and port per test.

mod auth;
mod bad_bodies;
mod browser;
mod catalogue;
mod charts;
mod connections;
mod daemon;
mod daemon_process;
mod flags;
mod harness;
mod limits;
mod pages;
#[path = "../common/rules.rs"]
mod rule_cases;
mod rules;
mod security;
mod status;
mod writes;
