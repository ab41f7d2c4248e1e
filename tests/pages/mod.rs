//! The HTML pages over real HTTP on loopback: the dashboard, sign-in and
//! the entry forms, as a browser posts them; and once in a real browser
//! (ignored unless chromium and chromedriver are installed).

mod auth;
mod browser;
mod dashboard;
mod entry;
mod rules;
mod security;
