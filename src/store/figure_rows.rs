//! Current figures as the store reads them, one row each or a series at a
//! time: what the revision table, the folded table and its unfolded tail
//! are all read into.

use crate::domain::{Basis, Period};

/// The current revision of one (region, indicator, period).
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct CurrentFigure {
    pub region: String,
    pub indicator: String,
    pub period: String,
    pub value: f64,
    pub basis: String,
    /// The observation status code (`A`, `E`, `P`, `B`), if one was given.
    pub flag: Option<String>,
}

/// One series' current figures as stored (year-to-date figures not yet converted).
#[derive(Debug, Clone, PartialEq)]
pub struct StoredSeries {
    pub region: String,
    pub indicator: String,
    pub figures: Vec<(Period, f64, Basis)>,
}
