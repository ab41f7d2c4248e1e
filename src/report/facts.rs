//! The figures of one goal as labelled lines ("Year on year", "+12.8%"),
//! in the report's language: the page shows them as a list, the digest and
//! the email's text as lines.

use super::GoalView;
use super::style::{self, percent_change, ratio, score, sub_period};
use super::words;
use crate::domain::progress::{Projection, SeriesProgress};
use crate::domain::{GoalKind, GoalProgress, Lang, Measure, Period};
use crate::{i18n, t};

/// One labelled figure of a goal ("Year on year", "+12.8%").
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Fact {
    pub(crate) label: String,
    pub(crate) value: String,
}

/// The figures of one goal, in the order the issue asks for: status, to
/// date, year on year, projected against target, required per period.
pub(crate) fn facts(lang: Lang, view: &GoalView) -> Vec<Fact> {
    let fact = |label: String, value: String| Fact { label, value };
    let status = words::status(lang, view.progress.status());
    let p = match &view.progress {
        GoalProgress::Milestone(m) => {
            return vec![
                fact(
                    t!(lang, "fact-status"),
                    t!(
                        lang,
                        "fact-status-milestone",
                        status = status,
                        score = score(lang, m.score)
                    ),
                ),
                fact(t!(lang, "fact-due"), i18n::date(lang, m.due)),
                fact(
                    t!(lang, "fact-state"),
                    words::milestone_state(lang, m.milestone_state),
                ),
            ];
        }
        GoalProgress::Series(p) => p,
    };
    let ind = view.indicator.as_ref();
    let val = |v: f64| style::value(lang, v, ind);
    let (r, s) = (ratio(lang, p.progress_ratio), score(lang, p.score));
    // A stale goal says why it is not judged right after its status.
    let status_value = match words::stale(lang, p) {
        Some(why) => t!(
            lang,
            "fact-status-stale",
            status = status,
            why = why,
            ratio = r,
            score = s
        ),
        None => t!(
            lang,
            "fact-status-series",
            status = status,
            ratio = r,
            score = s
        ),
    };
    let mut out = vec![fact(t!(lang, "fact-status"), status_value)];
    let flow = ind.is_some_and(|i| i.measure == Measure::Flow);
    if let (Some(v), Some(cp)) = (p.to_date, p.current_period) {
        let span = match cp.index() {
            1 => i18n::period(lang, cp),
            // Flow to date is the sum from the year's first sub-period.
            _ if flow => match Period::new(cp.year(), 1, cp.frequency()) {
                Some(first) => words::span(lang, first, cp),
                None => i18n::period(lang, cp),
            },
            _ => i18n::period(lang, cp),
        };
        out.push(fact(
            t!(lang, "fact-to-date"),
            t!(lang, "fact-to-date-value", value = val(v), span = span),
        ));
    }
    if let Some(y) = p.yoy_to_date {
        out.push(fact(
            t!(lang, "fact-yoy"),
            t!(lang, "fact-yoy-value", change = percent_change(lang, y)),
        ));
    }
    if let Some(v) = p.current_value {
        out.push(current_vs(lang, p, val(v), &val));
    }
    if let GoalKind::Trend { .. } = view.goal.kind {
        let words = match view.goal.direction {
            crate::domain::Direction::Increase => t!(lang, "fact-increase"),
            crate::domain::Direction::Decrease => t!(lang, "fact-decrease"),
        };
        out.push(fact(t!(lang, "fact-goal"), words));
    }
    if let Some(e) = p.expected_to_date {
        out.push(fact(t!(lang, "fact-path-expects"), val(e)));
    }
    if let (Some(r), Some(i), Some(cp)) = (p.required_per_period, ind, p.current_period) {
        let unit = sub_period(i.frequency);
        let left = u32::from(i.frequency.per_year()).saturating_sub(u32::from(cp.index()));
        let limit = if view.goal.direction.sign() < 0.0 {
            "most"
        } else {
            "least"
        };
        out.push(fact(
            t!(lang, "fact-required", unit = unit),
            t!(
                lang,
                "fact-required-value",
                limit = limit,
                value = val(r),
                unit = unit,
                left = left
            ),
        ));
    }
    let chance = p.chance_detail();
    if let (Some(met), Some([lo, hi])) = (chance.met(), chance.range) {
        out.push(fact(
            t!(lang, "fact-chance"),
            t!(
                lang,
                "fact-chance-value",
                met = met,
                years = chance.years,
                low = val(lo),
                high = val(hi)
            ),
        ));
    }
    if !p.missing.is_empty() {
        let list: Vec<String> = p.missing.iter().map(|m| i18n::period(lang, *m)).collect();
        out.push(fact(t!(lang, "fact-missing"), words::list(lang, &list)));
    }
    if let Some(list) = words::overdue(lang, p) {
        out.push(fact(t!(lang, "fact-overdue"), list));
    }
    if p.stale_since.is_some() {
        out.push(fact(t!(lang, "fact-final"), t!(lang, "fact-final-stale")));
    } else if p.is_final {
        out.push(fact(
            t!(lang, "fact-final"),
            t!(lang, "fact-final-complete"),
        ));
    }
    out
}

/// The current (or projected) value against the target, or the baseline
/// when there is no target: "1,106 trains for 2021 (seasonal projection)
/// vs target 1,078 trains in 2021".
fn current_vs(lang: Lang, p: &SeriesProgress, value: String, val: &dyn Fn(f64) -> String) -> Fact {
    let mut text = match p.current_period {
        Some(c) => t!(
            lang,
            "fact-value-for-year",
            value = value,
            year = c.year().to_string()
        ),
        None => value,
    };
    let label = match (p.projected, p.projection) {
        (true, how) => {
            text.push_str(&match how {
                Some(Projection::Seasonal) => t!(lang, "fact-how-seasonal"),
                Some(Projection::Linear) => t!(lang, "fact-how-linear"),
                None => t!(lang, "fact-how-projected"),
            });
            t!(lang, "fact-projected-vs-target")
        }
        (false, _) => t!(lang, "fact-current-vs-target"),
    };
    let label = match (
        p.target_value,
        p.target_year,
        p.baseline_value,
        p.baseline_year,
    ) {
        (Some(t), Some(ty), _, _) => {
            let year = ty.to_string();
            text.push_str(&t!(lang, "fact-vs-target", value = val(t), year = year));
            label
        }
        (None, _, Some(b), Some(by)) => {
            let year = by.to_string();
            text.push_str(&t!(lang, "fact-vs-baseline", value = val(b), year = year));
            t!(lang, "fact-current-vs-baseline")
        }
        _ => label,
    };
    Fact { label, value: text }
}
