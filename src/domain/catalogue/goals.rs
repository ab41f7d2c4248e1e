//! The catalogue's goals: each type with exactly its fields, naming a region
//! and (for series goals) an indicator the catalogue has.

use super::model::{Catalogue, Goal, GoalKind, Slug};
use super::problems::Problems;
use super::raw::{DateLike, RawGoal};
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashSet};

/// The valid goals, in the file's order; `cat` holds the regions and
/// indicators already read. A goal with any problem is left out.
pub(super) fn goals(p: &mut Problems, cat: &Catalogue, raw: Vec<RawGoal>) -> Vec<Goal> {
    let mut seen = HashSet::new();
    raw.into_iter()
        .filter_map(|g| goal(p, cat, &mut seen, g))
        .collect()
}

/// One goal, unless it has a problem; a new id goes into `seen`.
fn goal(p: &mut Problems, cat: &Catalogue, seen: &mut HashSet<Slug>, g: RawGoal) -> Option<Goal> {
    let entry = format!("goal {:?}", g.id);
    let before = p.count();
    let id = p.slug(&entry, "id", &g.id);
    if let Some(id) = &id
        && !seen.insert(id.clone())
    {
        p.push(&entry, Some("id"), "duplicate goal id".into());
    }
    let region = p.slug(&entry, "region", &g.region);
    if let Some(r) = &region
        && let Err(e) = cat.region(r.as_str())
    {
        p.push(&entry, Some("region"), e.to_string());
    }
    let kind = goal_kind(p, &entry, &g);
    let indicator = indicator(p, cat, &entry, &g, kind.as_ref());
    let baseline_year = match (&kind, g.baseline_year, g.target_year) {
        (Some(GoalKind::Growth { .. }), None, Some(t)) => Some(t - 1),
        _ => g.baseline_year,
    };
    if let (Some(b), Some(t)) = (baseline_year, g.target_year)
        && t <= b
    {
        p.push(
            &entry,
            Some("target_year"),
            format!("target_year {t} must be after baseline_year {b}"),
        );
    }
    p.texts(&entry, "title", &g.title, false, true);
    if let Some(source) = &g.source {
        p.text(&entry, "source", source, false);
    }
    if let Some(note) = &g.note {
        p.texts(&entry, "note", note, true, false);
    }
    if p.count() > before {
        return None;
    }
    Some(Goal {
        id: id?,
        title: g.title,
        region: region?,
        indicator,
        kind: kind?,
        direction: g.direction.unwrap_or_default(),
        baseline_year,
        baseline_value: g.baseline_value,
        target_year: g.target_year,
        source: g.source,
        // The source document's words stay, but any control character
        // in them becomes a visible escape before it reaches an output.
        quote: g.quote.as_deref().map(crate::domain::text::escape),
        note: g.note,
    })
}

/// A series goal's indicator: given, and one of the catalogue's; a milestone has none.
fn indicator(
    p: &mut Problems,
    cat: &Catalogue,
    entry: &str,
    g: &RawGoal,
    kind: Option<&GoalKind>,
) -> Option<Slug> {
    match (kind, g.indicator.as_deref()) {
        (Some(GoalKind::Milestone { .. }), Some(_)) => {
            p.push(
                entry,
                Some("indicator"),
                "a milestone has no indicator".into(),
            );
            None
        }
        (Some(GoalKind::Milestone { .. }), None) | (None, _) => None,
        (Some(_), None) => {
            p.push(
                entry,
                Some("indicator"),
                format!("missing: a {} goal needs an indicator", g.kind),
            );
            None
        }
        (Some(_), Some(i)) => {
            let slug = p.slug(entry, "indicator", i);
            if let Some(s) = &slug
                && let Err(e) = cat.indicator(s.as_str())
            {
                p.push(entry, Some("indicator"), e.to_string());
            }
            slug
        }
    }
}

/// The goal's type with exactly its fields; reports missing fields and
/// fields that do not apply to the type.
fn goal_kind(p: &mut Problems, entry: &str, g: &RawGoal) -> Option<GoalKind> {
    let present: BTreeMap<&str, bool> = BTreeMap::from([
        ("percent", g.percent.is_some()),
        ("factor", g.factor.is_some()),
        ("value", g.value.is_some()),
        ("limit", g.limit.is_some()),
        ("due", g.due.is_some()),
        ("target_year", g.target_year.is_some()),
        ("baseline_year", g.baseline_year.is_some()),
        ("baseline_value", g.baseline_value.is_some()),
        ("direction", g.direction.is_some()),
    ]);
    let (required, optional): (&[&str], &[&str]) = match g.kind.as_str() {
        "growth" => (
            &["percent", "target_year"],
            &["baseline_year", "baseline_value", "direction"],
        ),
        "multiple" => (
            &["factor", "baseline_year", "target_year"],
            &["baseline_value", "direction"],
        ),
        "level" => (
            &["value", "baseline_year", "target_year"],
            &["baseline_value", "direction"],
        ),
        "trend" => (
            &["baseline_year"],
            &["limit", "target_year", "baseline_value", "direction"],
        ),
        "milestone" => (&["due"], &[]),
        other => {
            p.push(
                entry,
                Some("type"),
                format!("unknown goal type {other:?} (expected growth, multiple, level, trend or milestone)"),
            );
            return None;
        }
    };
    let mut ok = true;
    for key in required {
        if !present[key] {
            p.push(
                entry,
                Some(key),
                format!("missing: a {} goal needs `{key}`", g.kind),
            );
            ok = false;
        }
    }
    for (key, is_set) in &present {
        if *is_set && !required.contains(key) && !optional.contains(key) {
            p.push(
                entry,
                Some(key),
                format!("does not apply to a {} goal", g.kind),
            );
            ok = false;
        }
    }
    let finite = |p: &mut Problems, key: &str, x: Option<f64>| -> Option<f64> {
        match x {
            Some(x) if x.is_finite() => Some(x),
            Some(x) => {
                p.push(
                    entry,
                    Some(key),
                    format!("must be a finite number, got {x}"),
                );
                None
            }
            None => None,
        }
    };
    let percent = finite(p, "percent", g.percent);
    let factor = finite(p, "factor", g.factor);
    let value = finite(p, "value", g.value);
    let limit = finite(p, "limit", g.limit);
    finite(p, "baseline_value", g.baseline_value);
    if let Some(f) = factor
        && f <= 0.0
    {
        p.push(entry, Some("factor"), format!("must be positive, got {f}"));
        ok = false;
    }
    if let Some(pc) = percent
        && pc <= -100.0
    {
        p.push(
            entry,
            Some("percent"),
            format!("must be greater than -100, got {pc}"),
        );
        ok = false;
    }
    let due = match &g.due {
        None => None,
        Some(d) => {
            let text = match d {
                DateLike::Date(dt) => dt.to_string(),
                DateLike::Text(s) => s.clone(),
            };
            match NaiveDate::parse_from_str(&text, "%Y-%m-%d") {
                Ok(date) => Some(date),
                Err(_) => {
                    p.push(
                        entry,
                        Some("due"),
                        format!("expected a date YYYY-MM-DD, got {text:?}"),
                    );
                    ok = false;
                    None
                }
            }
        }
    };
    if !ok {
        return None;
    }
    Some(match g.kind.as_str() {
        "growth" => GoalKind::Growth { percent: percent? },
        "multiple" => GoalKind::Multiple { factor: factor? },
        "level" => GoalKind::Level { value: value? },
        "trend" => GoalKind::Trend { limit },
        _ => GoalKind::Milestone { due: due? },
    })
}
