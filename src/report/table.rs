//! What a goal's chart shows, in words and numbers: the chart's `alt` text
//! with its key figures, the data table beside it on the report page, and
//! the same figures as CSV (`goals/<id>.csv` in the report folder and
//! `GET /api/goals/{id}/data.csv`).

use super::GoalView;
use super::style::{clean, number, value};
use super::words;
use crate::domain::{Flag, GoalProgress, Lang, Period};
use crate::{i18n, t};

/// The chart's `alt` text: the title, then the key figures ("2021 projected:
/// 1,106 trains of 1,078 trains target, 103%; On track").
pub(crate) fn alt_text(lang: Lang, view: &GoalView) -> String {
    let title = clean(view.goal.title.get(lang));
    let status = words::status(lang, view.progress.status());
    let p = match &view.progress {
        GoalProgress::Milestone(m) => {
            return t!(
                lang,
                "chart-alt-milestone",
                title = title,
                due = i18n::date(lang, m.due),
                state = words::milestone_state(lang, m.milestone_state),
                status = status
            );
        }
        GoalProgress::Series(p) => p,
    };
    let (Some(v), Some(cp)) = (p.current_value.filter(|v| v.is_finite()), p.current_period) else {
        return t!(lang, "chart-alt-none", title = title, status = status);
    };
    let ind = view.indicator.as_ref();
    let when = if p.projected {
        t!(lang, "chart-alt-projected", year = cp.year().to_string())
    } else {
        i18n::period(lang, cp)
    };
    let shown = value(lang, v, ind);
    match (p.target_value, p.baseline_value) {
        (Some(tau), _) if tau.is_finite() && tau != 0.0 => t!(
            lang,
            "chart-alt-target",
            title = title,
            when = when,
            value = shown,
            target = value(lang, tau, ind),
            percent = format!("{}%", number(lang, v / tau * 100.0, 0)),
            status = status
        ),
        (None, Some(b)) if b.is_finite() => t!(
            lang,
            "chart-alt-baseline",
            title = title,
            when = when,
            value = shown,
            baseline = value(lang, b, ind),
            status = status
        ),
        _ => t!(
            lang,
            "chart-alt-value",
            title = title,
            when = when,
            value = shown,
            status = status
        ),
    }
}

/// One figure of a goal's series as the page's table shows it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct DataRow {
    pub(crate) period: Period,
    pub(crate) value: f64,
    pub(crate) flag: Option<Flag>,
}

/// The figures a series goal's chart is drawn from, in period order (none for milestones).
pub(crate) fn data_rows(view: &GoalView) -> Vec<DataRow> {
    if matches!(view.progress, GoalProgress::Milestone(_)) {
        return Vec::new();
    }
    view.points
        .iter()
        .map(|(period, v)| DataRow {
            period: *period,
            value: *v,
            flag: view
                .flags
                .iter()
                .find(|(p, _)| p == period)
                .map(|(_, f)| *f),
        })
        .collect()
}

/// A data row for people: the period, the value with the indicator's
/// decimals, the flag in words (empty for a plain figure).
pub(crate) fn row_words(lang: Lang, view: &GoalView, r: &DataRow) -> [String; 3] {
    let decimals = view.indicator.as_ref().map_or(0, |i| i.decimals);
    [
        i18n::period(lang, r.period),
        number(lang, r.value, decimals),
        r.flag
            .filter(|f| *f != Flag::Normal)
            .map(|f| words::flag(lang, f))
            .unwrap_or_default(),
    ]
}

/// The goal's figures as CSV, text cells guarded against spreadsheet
/// formulas as `export` guards them. A series goal:
/// `goal,region,indicator,period,value,unit,flag` (period as written in
/// files, `2021-06`; value unrounded; flag as its code, empty when none);
/// a milestone: `goal,region,due,state,status`. The unit is the
/// catalogue's in `lang`.
pub(crate) fn data_csv(view: &GoalView, lang: Lang) -> anyhow::Result<String> {
    let cell = |s: &str| crate::ingest::defuse(&clean(s)).into_owned();
    let mut w = csv::Writer::from_writer(Vec::new());
    let goal = cell(view.goal.id.as_str());
    let region = cell(view.goal.region.as_str());
    match &view.progress {
        GoalProgress::Milestone(m) => {
            w.write_record(["goal", "region", "due", "state", "status"])?;
            w.write_record([
                goal,
                region,
                m.due.to_string(),
                m.milestone_state.as_str().to_string(),
                m.status.as_str().to_string(),
            ])?;
        }
        GoalProgress::Series(_) => {
            let (indicator, unit) = view.indicator.as_ref().map_or_else(Default::default, |i| {
                (cell(i.id.as_str()), cell(i.unit.get(lang)))
            });
            w.write_record([
                "goal",
                "region",
                "indicator",
                "period",
                "value",
                "unit",
                "flag",
            ])?;
            for r in data_rows(view) {
                w.write_record([
                    goal.clone(),
                    region.clone(),
                    indicator.clone(),
                    r.period.to_string(),
                    r.value.to_string(),
                    unit.clone(),
                    r.flag.map(|f| f.as_code().to_string()).unwrap_or_default(),
                ])?;
            }
        }
    }
    let bytes = w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(String::from_utf8(bytes)?)
}
