//! stub
use super::ReportInput;
pub fn summary_eml(_input: &ReportInput, _c: &[(String, Vec<u8>)], _o: &[u8]) -> anyhow::Result<Vec<u8>> { todo!() }
