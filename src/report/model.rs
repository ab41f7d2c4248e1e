//! What a goal's chart shows, as plain data: which lines, markers and labels.
//! Kept apart from the drawing so the choices (spec/progress.md's paths and
//! projections) can be read and tested without pixels.

use super::GoalView;
use super::style::{self, clean, number, ratio, score};
use crate::domain::progress::{Projection, SeriesProgress};
use crate::domain::{Frequency, GoalKind, GoalProgress, Measure, Period, Status};
use std::collections::BTreeMap;

/// A whole chart: heading plus either a plot or a text card.
#[derive(Debug, Clone)]
pub(crate) struct Plot {
    pub title: String,
    /// Region, status in words, ratio and score.
    pub subtitle: String,
    pub status: Status,
    pub body: Body,
}

#[derive(Debug, Clone)]
pub(crate) enum Body {
    Lines(LinePlot),
    /// Milestones and goals without figures: a few lines of text.
    Card(Vec<String>),
}

#[derive(Debug, Clone)]
pub(crate) struct LinePlot {
    pub x_label: String,
    pub y_label: String,
    pub x_range: (f64, f64),
    pub x_ticks: Ticks,
    /// Start the value axis at zero (cumulative totals do).
    pub y_from_zero: bool,
    pub lines: Vec<Line>,
    pub marks: Vec<Mark>,
    /// A horizontal reference line (the target, or a trend's baseline) and its label.
    pub hline: Option<(f64, String)>,
    /// Extra words in the plot's corner (a trend goal's direction).
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Ticks {
    /// 0..=n sub-periods of one year; labels Jan…Dec or Q1…Q4.
    SubPeriods(Frequency),
    /// Whole years, one value per year.
    Years,
    /// Whole years on the spec's time axis (t = Y is the end of year Y), for
    /// readings within the year: labelled "Dec 2020" so June 2021 (t = 2020.5)
    /// visibly sits between Dec 2020 and Dec 2021.
    YearEnds,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Actual,
    Projection,
    Path,
    LastYear,
}

#[derive(Debug, Clone)]
pub(crate) struct Line {
    pub legend: String,
    pub role: Role,
    pub points: Vec<(f64, f64)>,
    /// Dots on the data points (sparse series only).
    pub dots: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct Mark {
    pub at: (f64, f64),
    pub role: Role,
    pub label: String,
}

pub(crate) fn plot(view: &GoalView) -> Plot {
    let title = clean(&view.goal.title);
    let status = view.progress.status();
    let region = clean(&view.region_name);
    match &view.progress {
        GoalProgress::Milestone(m) => Plot {
            title,
            subtitle: format!("{region} · {} · score {}", status.label(), score(m.score)),
            status,
            body: Body::Card(vec![
                format!("Milestone due {}", m.due),
                format!("State: {}", m.milestone_state.as_str().replace('_', " ")),
            ]),
        },
        GoalProgress::Series(p) => {
            let subtitle = format!(
                "{region} · {} · ratio {} · score {}",
                status.label(),
                ratio(p.progress_ratio),
                score(p.score)
            );
            let body = series_body(view, p).unwrap_or_else(|| {
                Body::Card(vec!["No figures recorded yet for this goal.".to_string()])
            });
            Plot {
                title,
                subtitle,
                status,
                body,
            }
        }
    }
}

fn series_body(view: &GoalView, p: &SeriesProgress) -> Option<Body> {
    let ind = view.indicator.as_ref()?;
    let freq = ind.frequency;
    let pts: Vec<(Period, f64)> = view
        .points
        .iter()
        .copied()
        .filter(|(per, v)| per.frequency() == freq && v.is_finite())
        .collect();
    if pts.is_empty() {
        return None;
    }
    let unit = clean(&ind.unit);
    let current_year = p.current_period.map(Period::year);
    let trend = matches!(view.goal.kind, GoalKind::Trend { .. });
    let plot = match ind.measure {
        Measure::Flow
            if !trend
                && freq != Frequency::Annual
                && current_year.is_some()
                && current_year == p.target_year =>
        {
            in_year(&pts, p, freq, &unit, current_year?, ind.decimals)
        }
        Measure::Flow => annual(&pts, p, freq, &unit, ind.decimals),
        Measure::Level => readings(&pts, p, &unit, ind.decimals),
    };
    let mut plot = plot;
    if trend {
        plot.note = Some(match view.goal.direction {
            crate::domain::Direction::Increase => "Goal: ↑ increase".to_string(),
            crate::domain::Direction::Decrease => "Goal: ↓ decrease".to_string(),
        });
        if let (Some(b), Some(by)) = (p.baseline_value, p.baseline_year) {
            plot.hline = Some((b, format!("Baseline {by}: {}", number(b, ind.decimals))));
        }
    }
    Some(Body::Lines(plot))
}

/// Values of each year by sub-period index.
fn by_year(pts: &[(Period, f64)]) -> BTreeMap<i32, BTreeMap<u8, f64>> {
    let mut years: BTreeMap<i32, BTreeMap<u8, f64>> = BTreeMap::new();
    for (per, v) in pts {
        years.entry(per.year()).or_default().insert(per.index(), *v);
    }
    years
}

/// Running totals of the leading sub-periods recorded without a gap
/// (YTD_j for j = 1..=k(Y)); a gap stops the count as in spec/progress.md.
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
fn in_year(
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
    }
}

/// Flow goal over several years: complete annual totals, the compounding path
/// from baseline to target, and the current year's projection.
fn annual(
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
    }
}

/// Level goal: each reading at its time (Y − 1 + j/n) with the path.
fn readings(pts: &[(Period, f64)], p: &SeriesProgress, unit: &str, dec: u8) -> LinePlot {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures;

    fn lines(view: &GoalView) -> LinePlot {
        match plot(view).body {
            Body::Lines(l) => l,
            Body::Card(c) => panic!("expected a plot, got a card {c:?}"),
        }
    }

    fn line(plot: &LinePlot, role: Role) -> &Line {
        plot.lines
            .iter()
            .find(|l| l.role == role)
            .unwrap_or_else(|| panic!("no {role:?} line"))
    }

    #[test]
    fn the_in_year_target_path_follows_last_years_profile_through_expected_to_date() {
        let p = lines(&fixtures::liaoning("Trains", "Liaoning"));
        assert_eq!(p.x_ticks, Ticks::SubPeriods(Frequency::Monthly));
        let path = &line(&p, Role::Path).points;
        // spec/progress.md: expected_to_date = τ × YTD_6(2020)/A(2020) = 445.5.
        assert!((path[6].1 - 445.5).abs() < 1e-9, "{:?}", path[6]);
        assert!((path[12].1 - 1078.0).abs() < 1e-9);
        assert_eq!(line(&p, Role::Actual).points.last(), Some(&(6.0, 457.0)));
        assert_eq!(line(&p, Role::LastYear).points.last(), Some(&(12.0, 980.0)));
        let proj = &line(&p, Role::Projection).points;
        assert_eq!(proj[0], (6.0, 457.0));
        assert_eq!(proj[1].0, 12.0);
        assert_eq!(p.hline.as_ref().map(|h| h.0), Some(1078.0));
    }

    #[test]
    fn without_a_complete_last_year_the_in_year_path_is_linear() {
        let mut v = fixtures::liaoning("Trains", "Liaoning");
        v.points.retain(|(per, _)| per.year() == 2021);
        let p = lines(&v);
        let path = line(&p, Role::Path);
        assert!(path.legend.contains("linear"));
        assert!((path.points[6].1 - 539.0).abs() < 1e-9);
    }

    #[test]
    fn a_multi_year_goal_shows_complete_years_the_compounding_path_and_the_projection() {
        let p = lines(&fixtures::quarterly_multiple());
        assert_eq!(
            line(&p, Role::Actual).points,
            vec![(2020.0, 100.0), (2021.0, 115.0)]
        );
        let path = &line(&p, Role::Path).points;
        let at = |t: f64| path.iter().find(|(x, _)| (x - t).abs() < 1e-9).unwrap().1;
        // P(2022) = 100 × 2^(2/3)
        assert!((at(2022.0) - 100.0 * 2f64.powf(2.0 / 3.0)).abs() < 1e-9);
        assert_eq!(
            line(&p, Role::Projection).points,
            vec![(2021.0, 115.0), (2022.0, 129.375)]
        );
    }

    #[test]
    fn level_readings_sit_at_the_end_of_their_period_and_trends_state_their_direction() {
        let p = lines(&fixtures::trend());
        assert_eq!(p.x_ticks, Ticks::YearEnds);
        assert_eq!(line(&p, Role::Actual).points[5], (2020.0 - 1.0 + 0.5, 37.5));
        assert_eq!(p.note.as_deref(), Some("Goal: ↓ decrease"));
        assert_eq!(p.hline.as_ref().map(|h| h.0), Some(40.0));
        assert!(
            p.lines.iter().all(|l| l.role != Role::Path),
            "a trend has no path"
        );
    }

    #[test]
    fn milestones_get_a_card_with_due_date_and_state() {
        let pl = plot(&fixtures::milestone());
        assert!(pl.subtitle.contains("Pending"));
        match pl.body {
            Body::Card(lines) => {
                assert_eq!(lines, ["Milestone due 2021-12-31", "State: in progress"])
            }
            Body::Lines(_) => panic!("a milestone has no series"),
        }
    }
}
