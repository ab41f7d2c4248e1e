//! The command line: the built `waymark` binary run in a temporary folder
//! with its own settings and database.

mod backup;
mod bilingual;
mod cjk;
mod comments;
mod doctor;
mod export;
mod figures;
mod flags;
mod lang;
mod manual;
mod review;
mod roundtrip;
mod rules;
mod stale;
mod status;
mod tokens;
