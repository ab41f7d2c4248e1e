//! The HTML pages over real HTTP on loopback: the dashboard, sign-in and
//! the entry forms, as a browser posts them; each in the reader's language;
//! and in a real browser (ignored unless chromium and chromedriver are
//! installed).

mod auth;
mod browser;
mod dashboard;
mod entry;
mod goal;
mod language;
mod rules;
mod security;
