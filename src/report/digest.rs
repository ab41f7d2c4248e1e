//! stub
use super::ReportInput;
pub fn summary_text(_input: &ReportInput) -> String { String::new() }
