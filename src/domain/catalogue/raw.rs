//! The catalogue file's entries as TOML gives them, before any check: each
//! `[[region]]`, `[[indicator]]` and `[[goal]]` table, unknown keys refused.
//! Display texts are [`Text`]: a plain string or a table of language tags.

use super::model::{Direction, Measure};
use crate::domain::lang::Text;
use serde::Deserialize;

/// A `[[region]]` table.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRegion {
    pub(super) id: String,
    pub(super) name: Text,
    pub(super) parent: Option<String>,
}

/// An `[[indicator]]` table.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawIndicator {
    pub(super) id: String,
    pub(super) name: Text,
    pub(super) unit: Text,
    pub(super) frequency: String,
    pub(super) measure: Measure,
    pub(super) due_days: Option<u32>,
    pub(super) decimals: Option<u8>,
    pub(super) min: Option<f64>,
    pub(super) max: Option<f64>,
    pub(super) integer: Option<bool>,
    pub(super) allow_future: Option<bool>,
    pub(super) unit_mult: Option<i64>,
    pub(super) review: Option<String>,
    pub(super) rule_severity: Option<String>,
}

/// A goal's `due`: a TOML date, or text that should hold one.
#[derive(Deserialize)]
#[serde(untagged)]
pub(super) enum DateLike {
    Date(toml::value::Datetime),
    Text(String),
}

/// A `[[goal]]` table: every type's fields, checked against its `type` later.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawGoal {
    pub(super) id: String,
    pub(super) title: Text,
    pub(super) region: String,
    pub(super) indicator: Option<String>,
    #[serde(rename = "type")]
    pub(super) kind: String,
    pub(super) percent: Option<f64>,
    pub(super) factor: Option<f64>,
    pub(super) value: Option<f64>,
    pub(super) limit: Option<f64>,
    pub(super) due: Option<DateLike>,
    pub(super) target_year: Option<i32>,
    pub(super) baseline_year: Option<i32>,
    pub(super) baseline_value: Option<f64>,
    pub(super) direction: Option<Direction>,
    pub(super) source: Option<String>,
    pub(super) quote: Option<String>,
    pub(super) note: Option<Text>,
}
