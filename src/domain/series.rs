//! A series of period values built from stored figures: year-to-date
//! conversion, annual values A(Y), YTD_k(Y), leading counts k(Y) and gaps.
//! (spec/progress.md, "Series")

use super::catalogue::Measure;
use super::figure::Basis;
use super::period::{Frequency, Period};
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// One series (region × indicator) as period values.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    frequency: Frequency,
    measure: Measure,
    /// Period values (year-to-date figures already converted).
    values: BTreeMap<Period, f64>,
}

impl Series {
    /// Build from current figures as stored. Figures whose period does not
    /// match `frequency` are ignored. A `ytd` figure becomes the difference
    /// from the previous sub-period's year-to-date total (its own value for
    /// the first sub-period); a `ytd` figure whose previous sub-period is
    /// missing cannot be converted and is left out (a gap).
    pub fn from_figures(
        frequency: Frequency,
        measure: Measure,
        figures: impl IntoIterator<Item = (Period, f64, Basis)>,
    ) -> Series {
        todo!(
            "progress helper: {frequency:?} {measure:?} {}",
            figures.into_iter().count()
        )
    }

    /// Only the periods that ended on or before `as_of`.
    pub fn as_of(&self, as_of: NaiveDate) -> Series {
        todo!("{as_of}")
    }

    pub fn frequency(&self) -> Frequency {
        self.frequency
    }

    pub fn measure(&self) -> Measure {
        self.measure
    }

    /// Period values in order.
    pub fn values(&self) -> &BTreeMap<Period, f64> {
        &self.values
    }
}
