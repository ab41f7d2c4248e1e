//! HTML pages (maud, so every text is escaped): the dashboard at `/` and the
//! figure entry page at `/enter` with its login, CSV upload and logout.

pub mod dashboard;
pub mod enter;
pub mod layout;
pub mod login;
