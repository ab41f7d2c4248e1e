//! Recording figures: the one way a figure gets in, whichever door it comes
//! through (`record`, `import`, `POST /api/observations`, the entry pages, a
//! pull). Each door reads its own input into validated [`Figure`]s and then
//! calls `record`, which checks the indicators' rules once more (so no
//! door can skip them), looks for suspect figures, and writes all or nothing.
//! The doors only format what it returns.

pub(crate) mod review;
mod warnings;

use warnings::MAX_WARNINGS;
pub(crate) use warnings::{FigureWarning, Warnings};

use crate::domain::{Catalogue, Figure, Period, Provenance};
use crate::ingest::{Numbering, Problem};
use crate::store::{self, ForReview, Store, StoredSeries, Window, WriteSummary};
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

    /// Write `figures` and keep `reviews` for review (held ones are not
    /// among `figures`), all or nothing; `dry_run` only counts what would
    /// change.
    fn write(
        &self,
        figures: Vec<Figure>,
        reviews: Vec<ForReview>,
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
    /// The figures held for review (or confirmed at once), with why: the
    /// first [`MAX_WARNINGS`] by line.
    pub(crate) held: Vec<HeldFigure>,
}

/// A figure that went to review as it was recorded.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct HeldFigure {
    /// Its line (CSV line, sheet row or JSON index).
    pub(crate) line: u64,
    pub(crate) region: String,
    pub(crate) indicator: String,
    pub(crate) period: Period,
    pub(crate) value: f64,
    /// Why it was held.
    pub(crate) why: String,
    /// Whether the one who entered it confirmed it at once.
    pub(crate) confirmed: bool,
}

/// Which held figures the one entering them confirms at once, and why.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) enum Confirm {
    /// None: every figure that needs review is held.
    #[default]
    None,
    /// Every one, with this reason (`--confirm REASON`).
    All(String),
    /// Those at these lines (a JSON body's `confirm` of an item), each with its reason.
    Lines(HashMap<u64, String>),
}

impl Confirm {
    fn reason(&self, line: u64) -> Option<String> {
        match self {
            Confirm::None => None,
            Confirm::All(r) => Some(r.clone()),
            Confirm::Lines(m) => m.get(&line).cloned(),
        }
    }
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

/// Record `figures` on behalf of `provenance`, all or nothing, holding
/// none back for review unconfirmed (see [`record_reviewed`]).
pub(crate) async fn record<T: Target>(
    target: &T,
    catalogue: &Catalogue,
    figures: Vec<Figure>,
    provenance: &Provenance,
    options: Options,
) -> Result<Recorded, RecordError> {
    record_reviewed(
        target,
        catalogue,
        figures,
        provenance,
        options,
        &Confirm::None,
    )
    .await
}

/// Record `figures` on behalf of `provenance`, all or nothing. A figure
/// equal to its current one (value, basis and flag) changes nothing; one
/// that differs only in its flag is a revision (a provisional figure
/// becoming final matters). A figure its indicator's `review` setting holds
/// (by default: a suspect one, or one breaking a rule of `warn` severity)
/// is held for review and not recorded as a revision, unless `confirm`
/// gives a reason for it: then it is recorded and kept as confirmed.
pub(crate) async fn record_reviewed<T: Target>(
    target: &T,
    catalogue: &Catalogue,
    figures: Vec<Figure>,
    provenance: &Provenance,
    options: Options,
    confirm: &Confirm,
) -> Result<Recorded, RecordError> {
    crate::ingest::check_rules(catalogue, &figures, options.today, options.numbering)
        .map_err(RecordError::Invalid)?;
    let (mut warnings, suspects) = warnings::check(target, catalogue, &figures).await?;
    let mut write = Vec::with_capacity(figures.len());
    let mut reviews = Vec::new();
    for f in figures {
        let Ok(ind) = catalogue.indicator(f.indicator.as_str()) else {
            write.push(f);
            continue;
        };
        let doubts = ind.rules.doubts(ind.id.as_str(), f.value);
        let suspect = suspects.get(&(f.region.clone(), f.indicator.clone(), f.period));
        let mut why: Vec<String> = doubts.iter().map(|b| b.message.clone()).collect();
        if let Some(s) = suspect {
            why.push(format!(
                "{} for {} {} {} looks wrong: {s}",
                f.value, f.region, f.indicator, f.period
            ));
        }
        if !ind.review.holds(!why.is_empty()) {
            write.extend(std::iter::once(f));
            continue;
        }
        if why.is_empty() {
            why.push(format!(
                "indicator {:?} has every figure reviewed (review = \"always\")",
                ind.id.as_str()
            ));
        }
        // A broken warn rule is a warning too, like a suspect figure.
        for b in &doubts {
            warnings.add_rule(&f, b.message.clone());
        }
        let confirmed = confirm.reason(f.line);
        let review = store::ForReview {
            figure: f.clone(),
            why: why.join("; "),
            confirmed,
        };
        if review.confirmed.is_some() {
            write.push(f);
        }
        reviews.push(review);
    }
    let mut held: Vec<HeldFigure> = reviews
        .iter()
        .map(|r| HeldFigure {
            line: r.figure.line,
            region: r.figure.region.to_string(),
            indicator: r.figure.indicator.to_string(),
            period: r.figure.period,
            value: r.figure.value,
            why: r.why.clone(),
            confirmed: r.confirmed.is_some(),
        })
        .collect();
    held.sort_by_key(|h| h.line);
    held.truncate(MAX_WARNINGS);
    let would_hold = reviews.iter().filter(|r| r.confirmed.is_none()).count();
    let mut summary = target
        .write(write, reviews, provenance, options.dry_run)
        .await?;
    if options.dry_run {
        summary.held = would_hold;
    }
    Ok(Recorded {
        summary,
        warnings,
        held,
    })
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
        reviews: Vec<ForReview>,
        provenance: &Provenance,
        dry_run: bool,
    ) -> store::Result<WriteSummary> {
        self.write_figures_reviewed(&figures, &reviews, provenance, dry_run)
            .await
    }
}

#[cfg(test)]
mod tests;
