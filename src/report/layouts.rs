//! The three series layouts of a goal chart (see `model.rs`): a flow goal in
//! its target year, a flow goal over several years, and level readings.

use super::plot::{Band, Line, LinePlot, Mark, Role, Ticks};
use super::style::{self, number};
use super::words;
use crate::domain::Lang;
use crate::domain::progress::SeriesProgress;
use crate::domain::{Frequency, Period};
use crate::t;
use std::collections::BTreeMap;

/// Values of each year by sub-period index.
fn by_year(pts: &[(Period, f64)]) -> BTreeMap<i32, BTreeMap<u8, f64>> {
    let mut years: BTreeMap<i32, BTreeMap<u8, f64>> = BTreeMap::new();
    for (per, v) in pts {
        years.entry(per.year()).or_default().insert(per.index(), *v);
    }
    years
}

/// Running totals of the leading sub-periods recorded without a gap
/// (YTD_j for j = 1..=k(Y)); a gap stops the count as in docs/progress.md.
fn leading_cumulative(year: &BTreeMap<u8, f64>) -> Vec<f64> {
    let mut out = Vec::new();
    let mut sum = 0.0;
    for j in 1u8.. {
        let Some(v) = year.get(&j) else { break };
        sum += v;
        out.push(sum);
    }
    out
}

/// Flow goal in its target year: cumulative to date against a target path
/// shaped like last year, the projection to year end, last year for reference.
pub(crate) fn in_year(
    lang: Lang,
    pts: &[(Period, f64)],
    p: &SeriesProgress,
    freq: Frequency,
    unit: &str,
    year: i32,
    dec: u8,
) -> LinePlot {
    let n = usize::from(freq.per_year());
    let years = by_year(pts);
    let empty = BTreeMap::new();
    let this = leading_cumulative(years.get(&year).unwrap_or(&empty));
    let last = leading_cumulative(years.get(&(year - 1)).unwrap_or(&empty));
    let from_zero = |cum: &[f64]| -> Vec<(f64, f64)> {
        std::iter::once((0.0, 0.0))
            .chain(cum.iter().enumerate().map(|(j, v)| ((j + 1) as f64, *v)))
            .collect()
    };
    let mut lines = Vec::new();
    let mut marks = Vec::new();
    if !last.is_empty() {
        lines.push(Line {
            legend: t!(lang, "chart-last-year", year = (year - 1).to_string()),
            role: Role::LastYear,
            points: from_zero(&last),
            dots: false,
        });
    }
    let mut hline = None;
    if let Some(tau) = p.target_value {
        // τ × YTD_j(Y−1)/A(Y−1) when last year is complete, else linear j/n.
        let seasonal = last.len() == n && last[n - 1] > 0.0;
        let path: Vec<(f64, f64)> = (0..=n)
            .map(|j| {
                let share = if seasonal {
                    if j == 0 {
                        0.0
                    } else {
                        last[j - 1] / last[n - 1]
                    }
                } else {
                    j as f64 / n as f64
                };
                (j as f64, tau * share)
            })
            .collect();
        let shape = if seasonal {
            t!(
                lang,
                "chart-seasonal-profile",
                year = (year - 1).to_string()
            )
        } else {
            t!(lang, "chart-linear")
        };
        lines.push(Line {
            legend: t!(lang, "chart-target-path", shape = shape),
            role: Role::Path,
            points: path,
            dots: false,
        });
        hline = Some((
            tau,
            t!(
                lang,
                "chart-target",
                value = style::with_unit(number(lang, tau, dec), unit)
            ),
        ));
    }
    if let (true, Some(v), Some(&last_actual)) = (p.projected, p.current_value, this.last()) {
        lines.push(Line {
            legend: t!(
                lang,
                "chart-projection-to-year-end",
                how = words::projection(lang, p)
            ),
            role: Role::Projection,
            points: vec![(this.len() as f64, last_actual), (n as f64, v)],
            dots: false,
        });
        marks.push(Mark {
            at: (n as f64, v),
            role: Role::Projection,
            label: t!(lang, "chart-projected-value", value = number(lang, v, dec)),
        });
    }
    lines.push(Line {
        legend: t!(lang, "chart-this-year", year = year.to_string()),
        role: Role::Actual,
        points: from_zero(&this),
        dots: true,
    });
    // The chance joins the projected total's label, next to its shaded range.
    let band = chance_band(lang, p, n as f64);
    if let (Some(b), Some(m)) = (&band, marks.iter_mut().find(|m| m.role == Role::Projection)) {
        m.label = format!("{} · {}", m.label, b.label);
    }
    LinePlot {
        x_label: t!(
            lang,
            "chart-x-in-year",
            unit = style::sub_period(freq),
            year = year.to_string()
        ),
        y_label: t!(lang, "chart-y-cumulative", unit = unit),
        x_range: (0.0, n as f64),
        x_ticks: Ticks::SubPeriods(freq),
        y_from_zero: true,
        lines,
        marks,
        hline,
        note: None,
        band,
    }
}

/// The range of year-end outcomes the chance rests on, at the year's end;
/// its label is the chance ("chance 3/5").
fn chance_band(lang: Lang, p: &SeriesProgress, x: f64) -> Option<Band> {
    let c = p.chance_detail();
    let [lo, hi] = c.range?;
    Some(Band {
        x,
        lo,
        hi,
        label: t!(lang, "chart-chance", fraction = c.fraction()?),
    })
}

/// Flow goal over several years: complete annual totals, the compounding path
/// from baseline to target, and the current year's projection.
pub(crate) fn annual(
    lang: Lang,
    pts: &[(Period, f64)],
    p: &SeriesProgress,
    freq: Frequency,
    unit: &str,
    dec: u8,
) -> LinePlot {
    let n = usize::from(freq.per_year());
    let totals: Vec<(f64, f64)> = by_year(pts)
        .iter()
        .filter(|(_, m)| m.len() == n && (1..=n as u8).all(|j| m.contains_key(&j)))
        .map(|(y, m)| (f64::from(*y), m.values().sum()))
        .collect();
    let mut lines = Vec::new();
    let mut marks = Vec::new();
    path_and_target(lang, p, &mut lines, &mut marks, dec);
    if let (true, Some(v), Some(cp)) = (p.projected, p.current_value, p.current_period) {
        let y = f64::from(cp.year());
        let mut pts = Vec::new();
        if let Some(prev) = totals.iter().find(|(t, _)| *t == y - 1.0) {
            pts.push(*prev);
        }
        pts.push((y, v));
        lines.push(Line {
            legend: t!(
                lang,
                "chart-year-projected",
                year = cp.year().to_string(),
                how = words::projection(lang, p)
            ),
            role: Role::Projection,
            points: pts,
            dots: false,
        });
        marks.push(Mark {
            at: (y, v),
            role: Role::Projection,
            label: t!(
                lang,
                "chart-year-projected-mark",
                year = cp.year().to_string()
            ),
        });
    }
    lines.push(Line {
        legend: t!(lang, "chart-annual-total"),
        role: Role::Actual,
        points: totals.clone(),
        dots: true,
    });
    let xs = totals
        .iter()
        .map(|(x, _)| *x)
        .chain(marks.iter().map(|m| m.at.0));
    LinePlot {
        x_label: t!(lang, "chart-x-year"),
        y_label: t!(lang, "chart-y-per-year", unit = unit),
        x_range: year_range(xs, p),
        x_ticks: Ticks::Years,
        y_from_zero: false,
        lines,
        marks,
        hline: None,
        note: None,
        band: None,
    }
}

/// Level goal: each reading at its time (Y − 1 + j/n) with the path.
pub(crate) fn readings(
    lang: Lang,
    pts: &[(Period, f64)],
    p: &SeriesProgress,
    unit: &str,
    dec: u8,
) -> LinePlot {
    let series: Vec<(f64, f64)> = pts.iter().map(|(per, v)| (per.time(), *v)).collect();
    let annual_readings = pts
        .iter()
        .all(|(per, _)| per.frequency() == Frequency::Annual);
    let mut lines = Vec::new();
    let mut marks = Vec::new();
    path_and_target(lang, p, &mut lines, &mut marks, dec);
    let dots = series.len() <= 40;
    lines.push(Line {
        legend: t!(lang, "chart-readings"),
        role: Role::Actual,
        points: series.clone(),
        dots,
    });
    let xs = series.iter().map(|(x, _)| *x);
    LinePlot {
        x_label: if annual_readings {
            t!(lang, "chart-x-year")
        } else {
            t!(lang, "chart-x-time")
        },
        y_label: unit.to_string(),
        x_range: year_range(xs, p),
        x_ticks: if annual_readings {
            Ticks::Years
        } else {
            Ticks::YearEnds
        },
        y_from_zero: false,
        lines,
        marks,
        hline: None,
        note: None,
        band: None,
    }
}

/// P(t) = b × (τ/b)^((t − B)/(T − B)) sampled from B to T, and the target marker.
fn path_and_target(
    lang: Lang,
    p: &SeriesProgress,
    lines: &mut Vec<Line>,
    marks: &mut Vec<Mark>,
    dec: u8,
) {
    let (Some(b), Some(bb), Some(tau), Some(tt)) = (
        p.baseline_value,
        p.baseline_year,
        p.target_value,
        p.target_year,
    ) else {
        return;
    };
    let (b0, t0, t1) = (b, f64::from(bb), f64::from(tt));
    if t1 <= t0 {
        return;
    }
    // Compounding needs b and τ of one sign; otherwise (rare) draw it straight.
    let compounding = b0 * tau > 0.0;
    let steps = 48;
    let path = (0..=steps)
        .map(|i| {
            let f = f64::from(i) / f64::from(steps);
            let v = if compounding {
                b0 * (tau / b0).powf(f)
            } else {
                b0 + (tau - b0) * f
            };
            (t0 + f * (t1 - t0), v)
        })
        .collect();
    let shape = if compounding {
        t!(lang, "chart-compounding")
    } else {
        t!(lang, "chart-straight")
    };
    lines.push(Line {
        legend: t!(lang, "chart-path-to-target", shape = shape),
        role: Role::Path,
        points: path,
        dots: false,
    });
    marks.push(Mark {
        at: (t1, tau),
        role: Role::Path,
        label: t!(
            lang,
            "chart-target-in-year",
            year = tt.to_string(),
            value = number(lang, tau, dec)
        ),
    });
}

/// Whole years around the data, the baseline and the target year, padded
/// half a year so end markers are not cut by the frame.
fn year_range(xs: impl Iterator<Item = f64>, p: &SeriesProgress) -> (f64, f64) {
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    let extra = [p.baseline_year, p.target_year]
        .into_iter()
        .flatten()
        .map(f64::from);
    for x in xs.chain(extra) {
        lo = lo.min(x);
        hi = hi.max(x);
    }
    if !lo.is_finite() {
        return (0.0, 1.0);
    }
    (lo.floor() - 0.5, hi.ceil() + 0.5)
}
