//! stub
use super::ReportInput;
pub fn index_html(_input: &ReportInput) -> String { String::new() }
