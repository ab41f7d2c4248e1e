//! The command line: the built `waymark` binary run in a temporary folder
//! with its own settings and database.

mod cjk;
mod export;
mod figures;
mod flags;
mod roundtrip;
mod rules;
mod stale;
mod status;
mod tokens;
