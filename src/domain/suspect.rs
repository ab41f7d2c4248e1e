//! Suspect figures: a new value that looks like a typing or unit slip rather
//! than a real movement. Used by alert evaluation, by `import`/`record`
//! warnings and by the HTTP API's `warnings`. A suspicion is a warning, never
//! a rejection: real shocks happen, and a person should look.
//!
//! Two tests, both on year-on-year comparisons so that ordinary seasonality
//! (a February dip every year) is compared with itself and never flagged:
//!
//! 1. Unit slip: the value is about 10×, 100× or 1000× (or a tenth, …) of the
//!    same period a year earlier.
//! 2. Outlier: the modified z-score (Iglewicz and Hoaglin: 0.6745·(x − median)/MAD)
//!    of its year-on-year change, against the year-on-year changes of the 24
//!    periods before it (fewer where figures are missing), is above 3.5; and
//!    the change is as far from the median of the latest three changes.
//!
//! The second condition is there because growth drifts. A young series has
//! only one year of changes in its window, all comparing the same two years,
//! and a fast-growing one rarely keeps its pace: after +73% in one year, +19%
//! the next is ordinary, and it arrives month by month. Against one year's
//! changes alone such a slowdown looks like a slip; against the latest changes
//! it is a continuing movement. A slip is far from both.
//!
//! A check therefore reads only the figures from [`window_start`] to the
//! period itself, which lets a caller load just that window of a long series.
//!
//! Monthly January and February are compared as one two-month total (the
//! practice of China's statistics bureau): the Spring Festival moves between
//! the two months, so each alone swings by half from one year to the next.

use super::period::{Frequency, Period};
use std::collections::BTreeMap;

/// Above this modified z-score a change is an outlier (Iglewicz and Hoaglin's threshold).
pub(crate) const Z_THRESHOLD: f64 = 3.5;
/// How many past year-on-year changes make the reference.
pub(crate) const HISTORY: usize = 24;
/// Fewer past changes than this say too little about the series to judge by.
pub(crate) const MIN_HISTORY: usize = 12;
/// How many of the latest changes say where the series' growth stands now.
const LATEST: usize = 3;
/// A floor under the spread of past changes (2 percentage points): a series
/// whose changes were all nearly equal would otherwise flag any movement.
const MIN_SPREAD: f64 = 0.02;
/// An outlier must also differ from the usual change by this much (25
/// percentage points): with two years of history the MAD itself is noisy, and
/// a smaller move is not what a slip looks like.
const MIN_JUMP: f64 = 0.25;
/// How close log10 of the ratio must be to a whole number for a unit slip:
/// ±0.2 accepts 6.3×..15.8× for "10×", which no ordinary year-on-year swing reaches.
const SLIP_TOLERANCE: f64 = 0.2;

/// Why a figure looks wrong, as one sentence for people.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub(crate) struct Suspicion {
    pub(crate) reason: String,
}

/// The first period a check of `period` looks at: the start of the year that
/// holds the year-before of the earliest compared period (so year-to-date
/// figures in the window convert exactly). For monthly periods three years
/// back, for quarterly seven, for annual twenty-five.
pub(crate) fn window_start(period: Period) -> Period {
    let per_year = usize::from(period.frequency().per_year());
    let years = (HISTORY + per_year).div_ceil(per_year) as i32;
    let year = (period.year() - years).max(Period::MIN_YEAR);
    Period::new(year, 1, period.frequency()).expect("a valid first sub-period")
}

/// Check `value` for `period` against the other values of its series
/// (`series_values` may already contain `period`; that entry is ignored).
/// Only values from [`window_start`]`(period)` up to `period` are looked at.
pub(crate) fn check(
    series_values: &BTreeMap<Period, f64>,
    period: Period,
    value: f64,
) -> Option<Suspicion> {
    check_with(|p| series_values.get(&p).copied(), period, value)
}

/// [`check`] over any way of looking a period's value up (`get` may also
/// answer for `period`; that answer is ignored).
pub(crate) fn check_with(
    get: impl Fn(Period) -> Option<f64>,
    period: Period,
    value: f64,
) -> Option<Suspicion> {
    if !value.is_finite() {
        return None;
    }
    let values = Values {
        stored: &get,
        period,
        value,
    };
    if let Some(s) = unit_slip(&values, period, value) {
        return Some(s);
    }
    outlier(&values, period)
}

/// The series with `value` in place for `period`, without copying it.
struct Values<'a> {
    stored: &'a dyn Fn(Period) -> Option<f64>,
    period: Period,
    value: f64,
}

impl Values<'_> {
    fn get(&self, p: Period) -> Option<f64> {
        if p == self.period {
            Some(self.value)
        } else {
            (self.stored)(p)
        }
    }
}

fn unit_slip(values: &Values, period: Period, value: f64) -> Option<Suspicion> {
    let before = period.year_before()?;
    let prev = values.get(before)?;
    if prev == 0.0 || value == 0.0 || (prev < 0.0) != (value < 0.0) {
        return None;
    }
    let log = (value / prev).log10();
    let k = log.round();
    if k == 0.0 || (log - k).abs() > SLIP_TOLERANCE {
        return None;
    }
    let factor = 10f64.powi(k.abs() as i32);
    let relation = if k > 0.0 {
        format!("about {factor}×")
    } else {
        format!("about 1/{factor} of")
    };
    Some(Suspicion {
        reason: format!(
            "{period} value {value} is {relation} the {before} figure ({prev}): a unit slip?"
        ),
    })
}

fn outlier(values: &Values, period: Period) -> Option<Suspicion> {
    let x = change(values, period)?;
    // On the stack: this runs for every figure of an import.
    let mut buf = [0.0; HISTORY];
    let mut n = 0;
    let mut p = period;
    for _ in 0..HISTORY {
        let Some(before) = p.prev() else { break };
        p = before;
        if let Some(c) = change(values, p) {
            buf[n] = c;
            n += 1;
        }
    }
    if n < MIN_HISTORY {
        return None;
    }
    // The history runs from the latest change back; the medians reorder it.
    let mut latest = [0.0; LATEST];
    latest.copy_from_slice(&buf[..LATEST]);
    let now = median(&mut latest);
    let history = &mut buf[..n];
    let m = median(history);
    let mut dev = [0.0; HISTORY];
    let deviations = &mut dev[..n];
    for (d, c) in deviations.iter_mut().zip(history.iter()) {
        *d = (c - m).abs();
    }
    let mad = median(deviations);
    // With MAD = 0 (more than half the changes identical) fall back to the
    // mean absolute deviation, scaled to match (1.2533 = sqrt(pi/2)), and
    // never below MIN_SPREAD.
    let z_from = |centre: f64| {
        if mad > 0.0 {
            0.6745 * (x - centre) / mad.max(MIN_SPREAD * 0.6745)
        } else {
            let mean_ad = deviations.iter().sum::<f64>() / deviations.len() as f64;
            (x - centre) / (1.2533 * mean_ad).max(MIN_SPREAD)
        }
    };
    let far_from =
        |centre: f64| z_from(centre).abs() > Z_THRESHOLD && (x - centre).abs() >= MIN_JUMP;
    if !(far_from(m) && far_from(now)) {
        return None;
    }
    let z = z_from(m);
    Some(Suspicion {
        reason: format!(
            "{} changed {} on a year earlier, far outside this series' usual \
             year-on-year changes (median {}, latest {}, modified z-score {z:.1})",
            compared(period),
            percent(x),
            percent(m),
            percent(now)
        ),
    })
}

/// The year-on-year change of `period` as a fraction of the earlier value's
/// size. Monthly January has none of its own (February carries the
/// two-month total); February compares Jan+Feb.
fn change(values: &Values, period: Period) -> Option<f64> {
    let monthly = period.frequency() == Frequency::Monthly;
    let (now, then) = match (monthly, period.index()) {
        (true, 1) => return None,
        (true, 2) => {
            let jan = period.prev()?;
            let now = values.get(jan)? + values.get(period)?;
            let then = values.get(jan.year_before()?)? + values.get(period.year_before()?)?;
            (now, then)
        }
        _ => (values.get(period)?, values.get(period.year_before()?)?),
    };
    if then == 0.0 {
        return None;
    }
    let c = (now - then) / then.abs();
    c.is_finite().then_some(c)
}

/// What [`change`] compares for `period`, in words.
fn compared(period: Period) -> String {
    match (period.frequency(), period.index(), period.prev()) {
        (Frequency::Monthly, 2, Some(jan)) => format!("{jan}..{period} together"),
        _ => period.to_string(),
    }
}

/// The median of `xs` (reordered in place).
fn median(xs: &mut [f64]) -> f64 {
    let n = xs.len();
    let (lower, mid, _) = xs.select_nth_unstable_by(n / 2, f64::total_cmp);
    let mid = *mid;
    if n % 2 == 1 {
        mid
    } else {
        // The largest of the lower half is the other middle value.
        let below = lower.iter().copied().max_by(f64::total_cmp).unwrap_or(mid);
        (below + mid) / 2.0
    }
}

fn percent(x: f64) -> String {
    format!("{:+.0}%", x * 100.0)
}

#[cfg(test)]
mod tests;
