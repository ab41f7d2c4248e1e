//! Warnings for figures about to be recorded that look wrong (a unit slip, an
//! outlier; crate::domain::suspect): shown by `import` and `record`, in the
//! HTTP API's `warnings` and on the entry page, never a reason to reject.
//!
//! A check of a figure looks only at its series' recent years
//! ([`suspect::window_start`]), so only those are read, through the
//! [`Target`] the figures are going to. At most [`MAX_WARNINGS`] are kept,
//! the first by line, and the rest counted: a million-row file of slips
//! should not make a million lines, nor hold them all in memory.

use super::Target;
use crate::domain::{Catalogue, Figure, Measure, Period, Slug, series, suspect};
use crate::store::{self, Window};
use std::collections::{BTreeMap, BinaryHeap, HashMap};

/// At most this many warnings are kept (as many as problems are shown).
pub(crate) const MAX_WARNINGS: usize = crate::ingest::MAX_PROBLEMS;

/// One suspect figure.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub(crate) struct FigureWarning {
    /// The figure's line (CSV line, sheet row or JSON index).
    pub(crate) line: u64,
    pub(crate) column: &'static str,
    pub(crate) value: f64,
    /// What looks wrong, without the column.
    pub(crate) message: String,
}

impl FigureWarning {
    /// The words with the column in front, as import and record print
    /// them: `column value: 5 for … looks wrong: …`.
    pub(crate) fn text(&self) -> String {
        format!("column {}: {}", self.column, self.message)
    }
}

/// The first [`MAX_WARNINGS`] warnings by line, and how many more there were.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Warnings {
    pub(crate) shown: Vec<FigureWarning>,
    pub(crate) more: usize,
}

impl Warnings {
    pub(crate) fn is_empty(&self) -> bool {
        self.shown.is_empty()
    }

    /// Add the warning for a figure breaking a rule of `warn` severity,
    /// keeping the first [`MAX_WARNINGS`] by line.
    pub(super) fn add_rule(&mut self, f: &Figure, message: String) {
        let w = FigureWarning {
            line: f.line,
            column: "value",
            value: f.value,
            message,
        };
        let at = self.shown.partition_point(|x| x.line <= w.line);
        self.shown.insert(at, w);
        if self.shown.len() > MAX_WARNINGS {
            self.shown.pop();
            self.more += 1;
        }
    }

    /// `… and N more suspect figures`, when some were left out.
    pub(crate) fn summary(&self) -> Option<String> {
        let plural = if self.more == 1 { "" } else { "s" };
        (self.more > 0).then(|| format!("… and {} more suspect figure{plural}", self.more))
    }
}

/// Each suspect figure's key (region, indicator, period) with why it looks wrong.
pub(super) type Suspects = HashMap<(Slug, Slug, Period), String>;

/// Check `figures` against their series as stored, with the new figures in
/// place: the first warnings, and every suspect figure.
pub(super) async fn check<T: Target>(
    target: &T,
    cat: &Catalogue,
    figures: &[Figure],
) -> store::Result<(Warnings, Suspects)> {
    let wanted = windows_wanted(figures);
    if wanted.is_empty() {
        return Ok((Warnings::default(), Suspects::new()));
    }
    let windows = target.windows(&wanted).await?;
    let by_series: BTreeMap<(&str, &str), &Window> = wanted
        .iter()
        .zip(&windows)
        .map(|((r, i, _), w)| ((*r, *i), w.as_ref()))
        .collect();
    Ok(check_figures(cat, figures, |series| {
        by_series.get(&series).copied()
    }))
}

/// Each series the figures touch, with the first period any of its checks
/// looks at.
fn windows_wanted(figures: &[Figure]) -> Vec<(&str, &str, Period)> {
    let mut from: BTreeMap<(&str, &str), Period> = BTreeMap::new();
    for f in figures {
        let start = suspect::window_start(f.period);
        from.entry(f.series())
            .and_modify(|p| *p = (*p).min(start))
            .or_insert(start);
    }
    from.into_iter().map(|((r, i), p)| (r, i, p)).collect()
}

/// Check every figure against its series' stored window (from
/// `stored(series)`, which starts at or before the figure's window) with the
/// new figures in place. Each series is converted to period values once.
fn check_figures<'s>(
    cat: &Catalogue,
    figures: &[Figure],
    stored: impl Fn((&str, &str)) -> Option<&'s Window>,
) -> (Warnings, Suspects) {
    let mut by_series: BTreeMap<(&str, &str), Vec<&Figure>> = BTreeMap::new();
    for f in figures {
        by_series.entry(f.series()).or_default().push(f);
    }
    let mut kept = Kept::default();
    for (series, mut new) in by_series {
        let Ok(ind) = cat.indicator(series.1) else {
            continue;
        };
        new.sort_by_key(|f| f.period);
        // Only the stretch the checks look at: from the earliest window's
        // start to the latest new period.
        let (Some(first), Some(last)) = (new.first(), new.last()) else {
            continue;
        };
        let (from, to) = (suspect::window_start(first.period), last.period);
        let stored = stored(series)
            .into_iter()
            .flat_map(|w| w.figures.range(from..=to))
            .map(|(p, (v, b))| (*p, *v, *b));
        let given = merge(stored, new.iter().map(|f| (f.period, f.value, f.basis)))
            .filter(|(p, _, _)| p.frequency() == ind.frequency);
        // Period values in a dense array from `from` on.
        let per_year = i64::from(ind.frequency.per_year());
        let offset =
            |p: Period| i64::from(p.year() - from.year()) * per_year + i64::from(p.index()) - 1;
        let mut values = vec![None; usize::try_from(offset(to) + 1).unwrap_or(0)];
        let mut put = |p: Period, v: f64| {
            if let Some(slot) = usize::try_from(offset(p))
                .ok()
                .and_then(|i| values.get_mut(i))
            {
                *slot = Some(v);
            }
        };
        match ind.measure {
            Measure::Flow => series::period_values_of(given).for_each(|(p, v)| put(p, v)),
            Measure::Level => given.for_each(|(p, v, _)| put(p, v)),
        }
        let get = |p: Period| {
            if p.frequency() != ind.frequency {
                return None;
            }
            usize::try_from(offset(p))
                .ok()
                .and_then(|i| values.get(i).copied().flatten())
        };
        for f in new {
            let Some(value) = get(f.period) else {
                continue;
            };
            if let Some(s) = suspect::check_with(get, f.period, value) {
                kept.all.insert(
                    (f.region.clone(), f.indicator.clone(), f.period),
                    s.reason.clone(),
                );
                kept.add(f, s.reason);
            }
        }
    }
    let all = std::mem::take(&mut kept.all);
    (kept.into_warnings(), all)
}

/// The warnings with the smallest lines, in a bounded max-heap.
#[derive(Default)]
struct Kept<'f> {
    heap: BinaryHeap<Suspect<'f>>,
    total: usize,
    /// Every suspect figure, for holding them for review.
    all: Suspects,
}

struct Suspect<'f> {
    figure: &'f Figure,
    reason: String,
}

impl Suspect<'_> {
    fn key(&self) -> (u64, &str, &str, Period) {
        let f = self.figure;
        (f.line, f.region.as_str(), f.indicator.as_str(), f.period)
    }
}

impl PartialEq for Suspect<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}

impl Eq for Suspect<'_> {}

impl PartialOrd for Suspect<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Suspect<'_> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.key().cmp(&other.key())
    }
}

impl<'f> Kept<'f> {
    fn add(&mut self, figure: &'f Figure, reason: String) {
        self.total += 1;
        self.heap.push(Suspect { figure, reason });
        if self.heap.len() > MAX_WARNINGS {
            self.heap.pop();
        }
    }

    fn into_warnings(self) -> Warnings {
        let shown: Vec<FigureWarning> = self
            .heap
            .into_sorted_vec()
            .into_iter()
            .map(|s| warning(s.figure, &s.reason))
            .collect();
        Warnings {
            more: self.total - shown.len(),
            shown,
        }
    }
}

/// The warning for figure `f`, suspect for `reason`.
fn warning(f: &Figure, reason: &str) -> FigureWarning {
    FigureWarning {
        line: f.line,
        column: "value",
        value: f.value,
        message: format!(
            "{} for {} {} {} looks wrong: {reason}",
            f.value, f.region, f.indicator, f.period,
        ),
    }
}

/// Two period-ordered runs of figures as one, `b`'s figure winning where
/// both have a period.
fn merge<T>(
    a: impl Iterator<Item = (Period, f64, T)>,
    b: impl Iterator<Item = (Period, f64, T)>,
) -> impl Iterator<Item = (Period, f64, T)> {
    let mut a = a.peekable();
    let mut b = b.peekable();
    std::iter::from_fn(move || match (a.peek(), b.peek()) {
        (Some(x), Some(y)) if x.0 < y.0 => a.next(),
        (Some(x), Some(y)) if x.0 == y.0 => {
            a.next();
            b.next()
        }
        (Some(_), None) => a.next(),
        _ => b.next(),
    })
}
