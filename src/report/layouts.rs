//! The three series layouts of a goal chart (see `model.rs`): a flow goal in
//! its target year, a flow goal over several years, and level readings.

use super::plot::{Band, Line, LinePlot, Mark, Role, Ticks};
use super::style::{self, number};
use crate::domain::progress::{Projection, SeriesProgress};
use crate::domain::{Frequency, Period};
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

fn projection_word(p: &SeriesProgress) -> &'static str {
    match p.projection {
        Some(Projection::Seasonal) => "seasonal",
        Some(Projection::Linear) => "linear",
        None => "projected",
    }
}

/// Flow goal in its target year: cumulative to date against a target path
/// shaped like last year, the projection to year end, last year for reference.
pub(crate) fn in_year(
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
            legend: format!("{} (cumulative)", year - 1),
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
            format!("{} seasonal profile", year - 1)
        } else {
            "linear".to_string()
        };
        lines.push(Line {
            legend: format!("Target path ({shape})"),
            role: Role::Path,
            points: path,
            dots: false,
        });
        hline = Some((
            tau,
            format!("Target {}", style::with_unit(number(tau, dec), unit)),
        ));
    }
    if let (true, Some(v), Some(&last_actual)) = (p.projected, p.current_value, this.last()) {
        lines.push(Line {
            legend: format!("Projection to year end ({})", projection_word(p)),
            role: Role::Projection,
            points: vec![(this.len() as f64, last_actual), (n as f64, v)],
            dots: false,
        });
        marks.push(Mark {
            at: (n as f64, v),
            role: Role::Projection,
            label: format!("Projected {}", number(v, dec)),
        });
    }
    lines.push(Line {
        legend: format!("{year} to date (cumulative)"),
        role: Role::Actual,
        points: from_zero(&this),
        dots: true,
    });
    // The chance joins the projected total's label, next to its shaded range.
    let band = chance_band(p, n as f64);
    if let (Some(b), Some(m)) = (&band, marks.iter_mut().find(|m| m.role == Role::Projection)) {
        m.label = format!("{} · {}", m.label, b.label);
    }
    LinePlot {
        x_label: format!(
            "{} of {year} (cumulative to its end)",
            capitalised(style::sub_period_word(freq))
        ),
        y_label: format!("{unit}, cumulative"),
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
fn chance_band(p: &SeriesProgress, x: f64) -> Option<Band> {
    let c = p.chance_detail();
    let [lo, hi] = c.range?;
    Some(Band {
        x,
        lo,
        hi,
        label: format!("chance {}", c.fraction()?),
    })
}

/// Flow goal over several years: complete annual totals, the compounding path
/// from baseline to target, and the current year's projection.
pub(crate) fn annual(
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
    path_and_target(p, &mut lines, &mut marks, dec);
    if let (true, Some(v), Some(cp)) = (p.projected, p.current_value, p.current_period) {
        let y = f64::from(cp.year());
        let mut pts = Vec::new();
        if let Some(prev) = totals.iter().find(|(t, _)| *t == y - 1.0) {
            pts.push(*prev);
        }
        pts.push((y, v));
        lines.push(Line {
            legend: format!("{} projected ({})", cp.year(), projection_word(p)),
            role: Role::Projection,
            points: pts,
            dots: false,
        });
        marks.push(Mark {
            at: (y, v),
            role: Role::Projection,
            label: format!("{} projected", cp.year()),
        });
    }
    lines.push(Line {
        legend: "Annual total (complete years)".to_string(),
        role: Role::Actual,
        points: totals.clone(),
        dots: true,
    });
    let xs = totals
        .iter()
        .map(|(x, _)| *x)
        .chain(marks.iter().map(|m| m.at.0));
    LinePlot {
        x_label: "Year".to_string(),
        y_label: format!("{unit} per year"),
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
pub(crate) fn readings(pts: &[(Period, f64)], p: &SeriesProgress, unit: &str, dec: u8) -> LinePlot {
    let series: Vec<(f64, f64)> = pts.iter().map(|(per, v)| (per.time(), *v)).collect();
    let annual_readings = pts
        .iter()
        .all(|(per, _)| per.frequency() == Frequency::Annual);
    let mut lines = Vec::new();
    let mut marks = Vec::new();
    path_and_target(p, &mut lines, &mut marks, dec);
    let dots = series.len() <= 40;
    lines.push(Line {
        legend: "Readings".to_string(),
        role: Role::Actual,
        points: series.clone(),
        dots,
    });
    let xs = series.iter().map(|(x, _)| *x);
    LinePlot {
        x_label: if annual_readings {
            "Year"
        } else {
            "Time of reading"
        }
        .to_string(),
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
fn path_and_target(p: &SeriesProgress, lines: &mut Vec<Line>, marks: &mut Vec<Mark>, dec: u8) {
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
        "compounding"
    } else {
        "straight"
    };
    lines.push(Line {
        legend: format!("Path to target ({shape})"),
        role: Role::Path,
        points: path,
        dots: false,
    });
    marks.push(Mark {
        at: (t1, tau),
        role: Role::Path,
        label: format!("Target {tt}: {}", number(tau, dec)),
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

fn capitalised(word: &str) -> String {
    let mut c = word.chars();
    c.next().map_or(String::new(), |f| {
        f.to_uppercase().collect::<String>() + c.as_str()
    })
}
