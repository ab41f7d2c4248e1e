//! Recording figures: the one way a figure gets in, whichever door it comes
//! through (`record`, `import`, `POST /api/observations`, the entry pages, a
//! pull). Each door reads its own input into validated [`Figure`]s and then
//! calls `record`, which checks the indicators' rules once more (so no
//! door can skip them), looks for suspect figures, and writes all or nothing.
//! The doors only format what it returns.

mod warnings;

#[cfg(test)]
use warnings::MAX_WARNINGS;
pub(crate) use warnings::{FigureWarning, Warnings};

use crate::domain::{Catalogue, Figure, Period, Provenance};
use crate::ingest::{Numbering, Problem};
use crate::store::{self, Store, StoredSeries, Window, WriteSummary};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;

/// Where figures go: straight into the store (the command line, pulls), or
/// through the daemon's group-commit writer (the API and the pages).
pub(crate) trait Target {
    /// The current figures of each series (region, indicator) from at least
    /// the given period on, one window per series, in the order asked.
    fn windows(
        &self,
        wanted: &[(&str, &str, Period)],
    ) -> impl Future<Output = store::Result<Vec<Arc<Window>>>> + Send;

    /// Write `figures`, all or nothing; `dry_run` only counts what would change.
    fn write(
        &self,
        figures: Vec<Figure>,
        provenance: &Provenance,
        dry_run: bool,
    ) -> impl Future<Output = store::Result<WriteSummary>> + Send;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Options {
    /// Check and count, write nothing.
    pub(crate) dry_run: bool,
    /// The date (UTC) a period must have ended by, for indicators that
    /// refuse periods not yet over.
    pub(crate) today: NaiveDate,
    /// What a figure's `line` counts, for the problems' locations.
    pub(crate) numbering: Numbering,
}

impl Options {
    /// A real write as of the clock's date, of figures numbered by line.
    pub(crate) fn now() -> Options {
        Options {
            dry_run: false,
            today: today(),
            numbering: Numbering::Line,
        }
    }
}

/// Today's date in UTC: a period must have ended by then (see [`Options::today`]).
pub(crate) fn today() -> NaiveDate {
    crate::ingest::today()
}

/// What a write did, and the figures worth a second look.
#[derive(Debug)]
pub(crate) struct Recorded {
    pub(crate) summary: WriteSummary,
    pub(crate) warnings: Warnings,
}

#[derive(Debug, thiserror::Error)]
pub(crate) enum RecordError {
    /// Figures that break their indicator's rules (or name no indicator of
    /// the catalogue); nothing was written.
    #[error("{} invalid figure(s); nothing was written", .0.len())]
    Invalid(Vec<Problem>),
    /// The store could not read or write; nothing was written.
    #[error(transparent)]
    Failed(#[from] store::Error),
}

/// Record `figures` on behalf of `provenance`, all or nothing. A figure
/// equal to its current one (value, basis and flag) changes nothing; one
/// that differs only in its flag is a revision (a provisional figure
/// becoming final matters). Suspect figures are recorded all the same,
/// with a warning: a person should look, not be blocked.
pub(crate) async fn record<T: Target>(
    target: &T,
    catalogue: &Catalogue,
    figures: Vec<Figure>,
    provenance: &Provenance,
    options: Options,
) -> Result<Recorded, RecordError> {
    crate::ingest::check_rules(catalogue, &figures, options.today, options.numbering)
        .map_err(RecordError::Invalid)?;
    let warnings = warnings::check(target, catalogue, &figures).await?;
    let summary = target.write(figures, provenance, options.dry_run).await?;
    Ok(Recorded { summary, warnings })
}

impl Target for Store {
    async fn windows(&self, wanted: &[(&str, &str, Period)]) -> store::Result<Vec<Arc<Window>>> {
        let (_, stored) = self.current_windows(wanted).await?;
        let by_series: HashMap<(&str, &str), &StoredSeries> = stored
            .iter()
            .map(|s| ((s.region.as_str(), s.indicator.as_str()), s))
            .collect();
        Ok(wanted
            .iter()
            .map(|(region, indicator, from)| {
                let series = by_series.get(&(*region, *indicator)).copied();
                Arc::new(Window::of(*from, series))
            })
            .collect())
    }

    async fn write(
        &self,
        figures: Vec<Figure>,
        provenance: &Provenance,
        dry_run: bool,
    ) -> store::Result<WriteSummary> {
        self.write_figures(&figures, provenance, dry_run).await
    }
}

#[cfg(test)]
mod tests;
