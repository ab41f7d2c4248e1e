//! HTML pages (maud, so every text is escaped): the dashboard at `/` and the
//! figure entry page at `/enter` with its login, CSV upload and logout.

pub mod dashboard;
pub mod enter;
pub mod layout;
pub mod login;
// Sessions belong to authentication, beside the bearer tokens; named here
// too for the entry page, which reads them as `super::session`.
pub use super::session;
