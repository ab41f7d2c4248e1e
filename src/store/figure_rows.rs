//! Current figures as the store reads them, one row each or a series at a
//! time: what the revision table, the folded table and its unfolded tail
//! are all read into.

use crate::domain::{Basis, Period};

/// The current revision of one (region, indicator, period).
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct CurrentFigure {
    /// Region id.
    pub region: String,
    /// Indicator id.
    pub indicator: String,
    /// Period as written (`2021-06`).
    pub period: String,
    /// The value as stored.
    pub value: f64,
    pub(crate) basis: String,
    /// The observation status code (`A`, `E`, `P`, `B`), if one was given.
    pub flag: Option<String>,
}

/// One series' current figures as stored (year-to-date figures not yet converted).
#[derive(Debug, Clone, PartialEq)]
pub struct StoredSeries {
    pub(crate) region: String,
    pub(crate) indicator: String,
    pub(crate) figures: Vec<(Period, f64, Basis)>,
}
