//! What a goal's chart shows, as plain data: which lines, markers and labels.
//! Kept apart from the drawing so the choices (docs/progress.md's paths and
//! projections) can be read and tested without pixels.
//!
//! Every chart has the goal's title and a subtitle with the region, the status
//! in words (next to its colour swatch), the ratio and the score. Below it:
//!
//! - flow goal whose current year is its target year (monthly or quarterly):
//!   cumulative figures of the year to date; the target path τ × YTD_j(Y−1) /
//!   A(Y−1) (linear j/n when last year is incomplete); a dashed projection
//!   from the last figure to the projected year total; last year's cumulative
//!   line in grey; the target as a labelled horizontal line; where the year
//!   would end in each of the last years' patterns, shaded at the year's end
//!   and labelled with the chance of meeting the target ("chance 3/5").
//! - other flow goals: complete annual totals A(Y); the compounding path
//!   P(t) = b × (τ/b)^((t − B)/(T − B)); the current year's projection as a
//!   dashed segment and a hollow marker; the target as a labelled marker.
//! - level goals: the readings at t = Y − 1 + j/n, the same path and target.
//! - trend goals: as above without path or target, plus the baseline as a
//!   labelled line and the direction ("Goal: ↑ increase") in the corner.
//! - stale goals (target year over, figures incomplete): the layout their
//!   figures call for, never a projection; the subtitle says since when
//!   figures are missing.
//! - milestones (and series goals with no figures yet): a card with the
//!   status in words on its colour, the due date and the state, so that every
//!   goal has a PNG and an SVG.

use super::GoalView;
use super::layouts::{annual, in_year, readings};
use super::plot::{Body, LinePlot, Plot, Role};
use super::style::{clean, number, ratio, score};
use super::words;
use crate::domain::progress::SeriesProgress;
use crate::domain::{Flag, Frequency, GoalKind, GoalProgress, Lang, Measure, Period};
use crate::{i18n, t};

/// What the goal's chart shows (see the module docs), worded in `lang`.
pub(crate) fn plot(view: &GoalView, lang: Lang) -> Plot {
    let title = clean(view.goal.title.get(lang));
    let status = view.progress.status();
    let status_words = words::status(lang, status);
    let region = clean(&view.region_name);
    match &view.progress {
        GoalProgress::Milestone(m) => Plot {
            title,
            subtitle: [
                region,
                status_words,
                t!(lang, "chart-score", score = score(lang, m.score)),
            ]
            .join(" · "),
            status,
            body: Body::Card(vec![
                t!(lang, "chart-milestone-due", date = i18n::date(lang, m.due)),
                t!(
                    lang,
                    "chart-milestone-state",
                    state = words::milestone_state(lang, m.milestone_state)
                ),
            ]),
            lang,
        },
        GoalProgress::Series(p) => {
            // Next to the status, so a narrow chart that cuts the line keeps it.
            let mut parts = vec![region, status_words];
            parts.extend(words::stale(lang, p));
            parts.push(t!(
                lang,
                "chart-ratio",
                ratio = ratio(lang, p.progress_ratio)
            ));
            parts.push(t!(lang, "chart-score", score = score(lang, p.score)));
            parts.extend(flag_words(lang, view, p));
            let subtitle = parts.join(" · ");
            let mut body = series_body(lang, view, p)
                .unwrap_or_else(|| Body::Card(vec![t!(lang, "chart-no-figures")]));
            if let Body::Lines(l) = &mut body {
                drop_non_finite(l);
                if p.stale_since.is_some() {
                    // Its year is over: what the figures would have become is no news.
                    l.lines.retain(|line| line.role != Role::Projection);
                    l.marks.retain(|m| m.role != Role::Projection);
                }
            }
            Plot {
                title,
                subtitle,
                status,
                body,
                lang,
            }
        }
    }
}

/// The figures of the current point's year that are not plain published
/// values ("May 2021 estimated, Jun 2021 provisional"), the newest two, so
/// a reader knows what the status rests on may still move.
fn flag_words(lang: Lang, view: &GoalView, p: &SeriesProgress) -> Option<String> {
    const SHOWN: usize = 2;
    let year = p.current_period?.year();
    let flagged: Vec<String> = view
        .flags
        .iter()
        .filter(|(period, flag)| period.year() == year && *flag != Flag::Normal)
        .map(|(period, flag)| {
            t!(
                lang,
                "chart-flagged",
                period = i18n::period(lang, *period),
                flag = words::flag(lang, *flag)
            )
        })
        .collect();
    let more = flagged.len().checked_sub(SHOWN).filter(|n| *n > 0);
    let shown = words::list(lang, &flagged[flagged.len().saturating_sub(SHOWN)..]);
    match (shown.is_empty(), more) {
        (true, _) => None,
        (false, None) => Some(shown),
        (false, Some(n)) => Some(t!(lang, "chart-more-flagged", shown = shown, n = n)),
    }
}

fn series_body(lang: Lang, view: &GoalView, p: &SeriesProgress) -> Option<Body> {
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
    let unit = clean(ind.unit.get(lang));
    let current_year = p.current_period.map(Period::year);
    let trend = matches!(view.goal.kind, GoalKind::Trend { .. });
    let plot = match ind.measure {
        Measure::Flow
            if !trend
                && freq != Frequency::Annual
                && current_year.is_some()
                && current_year == p.target_year =>
        {
            in_year(lang, &pts, p, freq, &unit, current_year?, ind.decimals)
        }
        Measure::Flow => annual(lang, &pts, p, freq, &unit, ind.decimals),
        Measure::Level => readings(lang, &pts, p, &unit, ind.decimals),
    };
    let mut plot = plot;
    if trend {
        plot.note = Some(match view.goal.direction {
            crate::domain::Direction::Increase => t!(lang, "chart-goal-increase"),
            crate::domain::Direction::Decrease => t!(lang, "chart-goal-decrease"),
        });
        if let (Some(b), Some(by)) = (p.baseline_value, p.baseline_year) {
            let label = t!(
                lang,
                "chart-baseline",
                year = by.to_string(),
                value = number(lang, b, ind.decimals)
            );
            plot.hline = Some((b, label));
        }
    }
    Some(Body::Lines(plot))
}

/// Progress figures come from division and powers (a zero baseline, a
/// negative ratio): a NaN or infinity would wreck the axis range, so such
/// points are not drawn rather than failing the whole chart.
fn drop_non_finite(plot: &mut LinePlot) {
    let ok = |(x, y): &(f64, f64)| x.is_finite() && y.is_finite();
    for l in &mut plot.lines {
        l.points.retain(ok);
    }
    plot.lines.retain(|l| !l.points.is_empty());
    plot.marks.retain(|m| ok(&m.at));
    if plot.hline.as_ref().is_some_and(|h| !h.0.is_finite()) {
        plot.hline = None;
    }
}
