//! The JSON API over real HTTP on loopback, against a real SQLite
//! database: one temporary database and port per test.

mod auth;
mod bad_bodies;
mod catalogue;
mod charts;
mod comments;
mod connections;
mod flags;
mod limits;
mod milestones;
mod review;
mod rules;
mod security;
mod status;
mod writes;
