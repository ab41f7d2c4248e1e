//! Joins the store and the domain: loads every series in one pass and
//! evaluates each goal with docs/progress.md's rules. The one place that
//! status, report and the HTTP API get their numbers from.

use crate::domain::overdue::{OverdueFigure, overdue};
use crate::domain::progress::{self, GoalProgress, Rollup, Thresholds};
use crate::domain::{Basis, Catalogue, Goal, Period, Series};
use crate::store::Store;
use anyhow::Result;
use chrono::NaiveDate;
use std::collections::{BTreeSet, HashMap};

mod query;

pub use query::{Query, QueryError, QueryParam, RawQuery, parse_as_of, parse_known_at};

/// A series' stored figures: period, value as given, basis.
type RawSeries = Vec<(Period, f64, Basis)>;

/// Up to this many series are read one by one instead of all at once.
const FEW_SERIES: usize = 32;

/// One goal with its progress and the series it was computed from.
#[derive(Debug, Clone)]
pub struct Assessed {
    /// The goal as the catalogue defines it.
    pub goal: Goal,
    /// Its progress under the rules of docs/progress.md.
    pub progress: GoalProgress,
    /// Period values of the goal's series up to the as-of date (empty for milestones).
    pub points: Vec<(Period, f64)>,
}

/// Evaluate the catalogue's goals (filtered by `q`) in catalogue order.
pub async fn assess(
    store: &Store,
    cat: &Catalogue,
    q: &Query,
    thresholds: &Thresholds,
    today: NaiveDate,
) -> Result<Vec<Assessed>> {
    let as_of = q.as_of.unwrap_or(today);
    let goals: Vec<&Goal> = cat
        .goals
        .iter()
        .filter(|g| q.region.as_deref().is_none_or(|r| g.region.as_str() == r))
        .filter(|g| q.goal.as_deref().is_none_or(|id| g.id.as_str() == id))
        .collect();
    let wanted: BTreeSet<(&str, &str)> = goals
        .iter()
        .filter_map(|g| Some((g.region.as_str(), g.indicator.as_ref()?.as_str())))
        .collect();
    let mut raw: HashMap<(String, String), RawSeries> = HashMap::new();
    if q.known_at.is_none() && wanted.len() <= FEW_SERIES {
        // A filtered view of today's figures: a keyed read per series beats
        // reading every series in the database.
        for (region, indicator) in &wanted {
            let figures = store.current_series_of(region, indicator).await?;
            raw.insert((region.to_string(), indicator.to_string()), figures);
        }
    } else {
        for s in store.current_series(q.known_at).await? {
            if wanted.contains(&(s.region.as_str(), s.indicator.as_str())) {
                raw.insert((s.region, s.indicator), s.figures);
            }
        }
    }
    let states = store.milestone_states(q.known_at).await?;
    let mut out = Vec::with_capacity(goals.len());
    for goal in goals {
        let assessed = match &goal.indicator {
            None => {
                let state = states.get(goal.id.as_str()).copied().unwrap_or_default();
                let p = progress::evaluate_milestone(goal, state, as_of);
                Assessed {
                    goal: goal.clone(),
                    progress: GoalProgress::Milestone(p),
                    points: Vec::new(),
                }
            }
            Some(ind_id) => {
                let indicator = cat
                    .indicator(ind_id.as_str())
                    .expect("catalogue validated the indicator");
                let figures = raw
                    .get(&(goal.region.to_string(), ind_id.to_string()))
                    .cloned()
                    .unwrap_or_default();
                let series = Series::from_figures(indicator.frequency, indicator.measure, figures);
                let p = progress::evaluate(goal, indicator, &series, as_of, thresholds);
                let points = series
                    .as_of(as_of)
                    .values()
                    .iter()
                    .map(|(p, v)| (*p, *v))
                    .collect();
                Assessed {
                    goal: goal.clone(),
                    progress: GoalProgress::Series(p),
                    points,
                }
            }
        };
        out.push(assessed);
    }
    Ok(out)
}

/// Roll-ups per region (in catalogue order of first appearance) and for all goals ("*").
/// The series (region, indicator) the assessed goals are judged on, once each.
pub(crate) fn series_of(assessed: &[Assessed]) -> Vec<(&str, &str)> {
    let mut out: Vec<(&str, &str)> = assessed
        .iter()
        .filter_map(|a| match &a.progress {
            GoalProgress::Series(s) => Some((s.region.as_str(), s.indicator.as_str())),
            GoalProgress::Milestone(_) => None,
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

pub(crate) fn rollups(assessed: &[Assessed]) -> Vec<Rollup> {
    let mut regions: Vec<&str> = Vec::new();
    for a in assessed {
        if !regions.contains(&a.goal.region.as_str()) {
            regions.push(a.goal.region.as_str());
        }
    }
    let mut out: Vec<Rollup> = regions
        .iter()
        .map(|r| {
            let goals: Vec<&GoalProgress> = assessed
                .iter()
                .filter(|a| a.goal.region.as_str() == *r)
                .map(|a| &a.progress)
                .collect();
            progress::rollup(r, &goals)
        })
        .collect();
    let all: Vec<&GoalProgress> = assessed.iter().map(|a| &a.progress).collect();
    out.push(progress::rollup("*", &all));
    out
}

/// Figures the assessed goals need that were due by `today` and are missing
/// (what the `figure_overdue` alert reports), each once even when several goals share a series.
pub(crate) fn overdue_figures(
    cat: &Catalogue,
    assessed: &[Assessed],
    today: NaiveDate,
) -> BTreeSet<OverdueFigure> {
    let mut out = BTreeSet::new();
    for a in assessed {
        let Some(ind) = a
            .goal
            .indicator
            .as_ref()
            .and_then(|i| cat.indicator(i.as_str()).ok())
        else {
            continue;
        };
        let points = a.points.iter().map(|(p, v)| (*p, *v, Basis::Period));
        let series = Series::from_figures(ind.frequency, ind.measure, points);
        out.extend(overdue(&a.goal, ind, &series, today));
    }
    out
}
