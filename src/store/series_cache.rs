//! Recent current figures of the series the HTTP API writes to, kept in
//! memory so that checking a batch for suspect figures does not read every
//! series' recent years back from the database for every request.
//!
//! The cache is exact or unused. It remembers the largest figure id (the
//! *epoch*) of the database state its entries reflect; revisions are
//! append-only, so that id grows with every figure anyone writes:
//!
//! - a reader first reads the current epoch; entries are used only when the
//!   cache is at least that recent, and anything missing is read from the
//!   database in one snapshot, which also tells its epoch;
//! - the figure writer, after each commit, applies what it wrote when the
//!   cache was exactly at the state before its transaction; otherwise
//!   (another process or another part of the daemon wrote in between) it
//!   empties the cache;
//! - entries read at a newer epoch than the cache's replace the cache.
//!
//! Each entry covers a series' figures from a period on (`from`, always the
//! first sub-period of a year, so year-to-date figures convert exactly).

use super::Result;
use super::Store;
use crate::domain::suspect::window_start;
use crate::domain::{Basis, Period};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

/// A series' current figures from `from` on: every one of `from`'s
/// frequency (a series whose indicator changed frequency may also hold
/// figures of another, which a window leaves out).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Window {
    pub(crate) from: Period,
    pub(crate) figures: BTreeMap<Period, (f64, Basis)>,
}

impl Window {
    /// The figures of a series as stored (none when `stored` is `None`) from
    /// `from` on, of `from`'s frequency.
    pub(crate) fn of(from: Period, stored: Option<&super::StoredSeries>) -> Window {
        let figures = stored
            .into_iter()
            .flat_map(|s| &s.figures)
            .filter(|(p, _, _)| p.frequency() == from.frequency() && *p >= from)
            .map(|(p, v, b)| (*p, (*v, *b)))
            .collect();
        Window { from, figures }
    }
}

/// Above this many figures in all, the cache starts again empty (about
/// 40 bytes each).
const MAX_FIGURES: usize = 500_000;

pub(crate) struct SeriesCache {
    inner: Mutex<Inner>,
    max_figures: usize,
}

#[derive(Default)]
struct Inner {
    /// The largest figure id of the state the entries reflect.
    epoch: i64,
    /// region → indicator → window.
    series: HashMap<String, HashMap<String, Arc<Window>>>,
    figures: usize,
}

impl Inner {
    fn reset(&mut self, epoch: i64) {
        self.epoch = epoch;
        self.series.clear();
        self.figures = 0;
    }

    fn get(&self, region: &str, indicator: &str) -> Option<&Arc<Window>> {
        self.series.get(region)?.get(indicator)
    }

    fn insert(&mut self, region: &str, indicator: &str, window: Arc<Window>, cap: usize) {
        if window.figures.len() > cap {
            return;
        }
        if self.figures + window.figures.len() > cap {
            let epoch = self.epoch;
            self.reset(epoch);
        }
        self.figures += window.figures.len();
        let old = self
            .series
            .entry(region.to_string())
            .or_default()
            .insert(indicator.to_string(), window);
        if let Some(old) = old {
            self.figures -= old.figures.len();
        }
    }
}

/// A figure as written: region, indicator, period, value, basis.
pub(crate) type Written<'a> = (&'a str, &'a str, Period, f64, Basis);

impl Default for SeriesCache {
    fn default() -> Self {
        SeriesCache::with_capacity(MAX_FIGURES)
    }
}

impl SeriesCache {
    pub(crate) fn with_capacity(max_figures: usize) -> SeriesCache {
        SeriesCache {
            inner: Mutex::new(Inner::default()),
            max_figures,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The current figures of each wanted series (region, indicator) from at
    /// least the given period on, in the order asked; a window may start
    /// earlier. Reads from the database what the cache cannot answer.
    pub(crate) async fn windows(
        &self,
        store: &Store,
        wanted: &[(&str, &str, Period)],
    ) -> Result<Vec<Arc<Window>>> {
        let epoch = store.figure_epoch().await?;
        let mut out: Vec<Option<Arc<Window>>> = vec![None; wanted.len()];
        let mut missing = Vec::new();
        {
            let inner = self.lock();
            let fresh = inner.epoch >= epoch;
            for (i, (region, indicator, from)) in wanted.iter().enumerate() {
                match inner.get(region, indicator) {
                    Some(w) if fresh && w.from <= *from => out[i] = Some(w.clone()),
                    _ => missing.push(i),
                }
            }
        }
        if !missing.is_empty() {
            let keys: Vec<(&str, &str, Period)> = missing.iter().map(|&i| wanted[i]).collect();
            let (read_at, stored) = store.current_windows(&keys).await?;
            let by_series: HashMap<(&str, &str), &super::StoredSeries> = stored
                .iter()
                .map(|s| ((s.region.as_str(), s.indicator.as_str()), s))
                .collect();
            let mut inner = self.lock();
            if inner.epoch < read_at {
                inner.reset(read_at);
            }
            let keep = inner.epoch == read_at;
            for &i in &missing {
                let (region, indicator, from) = wanted[i];
                let stored = by_series.get(&(region, indicator)).copied();
                let window = Arc::new(Window::of(from, stored));
                if keep {
                    inner.insert(region, indicator, window.clone(), self.max_figures);
                }
                out[i] = Some(window);
            }
        }
        Ok(out
            .into_iter()
            .map(|w| w.expect("every window filled"))
            .collect())
    }

    /// What the cache knows of each key's current figure, if it reflects
    /// exactly the state whose largest figure id is `epoch`: `Some(Some(..))`
    /// stored, `Some(None)` nothing stored, `None` not covered (a series or
    /// period it does not hold, or the cache is at another state).
    pub(crate) fn known(
        &self,
        epoch: i64,
        keys: &[(&str, &str, Period)],
    ) -> Vec<Option<Option<(f64, Basis)>>> {
        let inner = self.lock();
        if inner.epoch != epoch {
            return vec![None; keys.len()];
        }
        keys.iter()
            .map(|(region, indicator, period)| {
                let w = inner.get(region, indicator)?;
                let covered = *period >= w.from && period.frequency() == w.from.frequency();
                covered.then(|| w.figures.get(period).copied())
            })
            .collect()
    }

    /// After a commit that took the database from figure id `before` to
    /// `after` by writing `figures` (in order; later ones win): bring the
    /// cache along, or empty it when it did not reflect the state before.
    pub(crate) fn apply<'a>(
        &self,
        before: i64,
        after: i64,
        figures: impl IntoIterator<Item = Written<'a>>,
    ) {
        let mut inner = self.lock();
        if after == before || inner.epoch >= after {
            // Nothing written, or already read at (or past) this commit.
            return;
        }
        if inner.epoch != before {
            inner.reset(after);
            return;
        }
        inner.epoch = after;
        let mut delta: isize = 0;
        for (region, indicator, period, value, basis) in figures {
            let Some(entry) = inner
                .series
                .get_mut(region)
                .and_then(|m| m.get_mut(indicator))
            else {
                continue;
            };
            if period < entry.from || period.frequency() != entry.from.frequency() {
                continue;
            }
            let window = Arc::make_mut(entry);
            if window.figures.insert(period, (value, basis)).is_none() {
                delta += 1;
            }
            delta -= trim(window) as isize;
        }
        inner.figures = inner.figures.saturating_add_signed(delta);
        if inner.figures > self.max_figures {
            inner.reset(after);
        }
    }

    /// How many figures the cache holds, and the epoch they reflect.
    #[cfg(test)]
    pub(crate) fn size(&self) -> (usize, i64) {
        let inner = self.lock();
        (inner.figures, inner.epoch)
    }
}

/// Keep a window from growing without end as new periods arrive: once it
/// holds twice what a check of its latest period can need, drop what no
/// check of that period looks at. Returns how many figures it dropped.
fn trim(window: &mut Window) -> usize {
    let Some((&latest, _)) = window.figures.last_key_value() else {
        return 0;
    };
    let per_year = usize::from(latest.frequency().per_year());
    let span = (latest.year() - window_start(latest).year() + 1) as usize * per_year;
    if window.figures.len() <= 2 * span {
        return 0;
    }
    let start = window_start(latest);
    let kept = window.figures.split_off(&start);
    let dropped = window.figures.len();
    window.figures = kept;
    window.from = start;
    dropped
}

#[cfg(test)]
mod tests;
