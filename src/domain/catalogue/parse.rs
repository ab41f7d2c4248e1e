//! Reading the catalogue TOML: the file's sections, then regions and
//! indicators (goals are `goals`' part), every problem reported at once.

use super::goals;
use super::model::{Catalogue, Indicator, Region};
use super::problems::{CatalogueProblem, Problems};
use super::raw::{RawIndicator, RawRegion};
use crate::domain::period::Frequency;
use crate::domain::review::{ReviewPolicy, RuleSeverity};
use crate::domain::rules::{MAX_MAGNITUDE, Rules};
use std::collections::HashSet;

/// Default days after a period's end before its figure is due.
pub(crate) const DEFAULT_DUE_DAYS: u32 = 20;

/// The powers of ten a unit may be of its base unit (an indicator's
/// `unit_mult`, a feed's `UNIT_MULT`): from a hundred-quintillionth to a
/// hundred quintillion, beyond any real statistic's unit.
pub(crate) const UNIT_MULT_RANGE: std::ops::RangeInclusive<i32> = -20..=20;

impl Catalogue {
    /// Parse and validate catalogue TOML. `file` names the file in problems.
    /// Every problem found is returned, not only the first.
    pub fn from_toml(text: &str, file: &str) -> Result<Catalogue, Vec<CatalogueProblem>> {
        let mut p = Problems::new(file);
        let table: toml::Table = match text.parse() {
            Ok(t) => t,
            Err(e) => {
                p.push("", None, e.to_string().trim_end().replace('\n', " "));
                return Err(p.list);
            }
        };
        let mut raw_regions = Vec::new();
        let mut raw_indicators = Vec::new();
        let mut raw_goals = Vec::new();
        for (key, value) in table {
            match key.as_str() {
                "region" => raw_regions = p.entries::<RawRegion>("region", value),
                "indicator" => raw_indicators = p.entries::<RawIndicator>("indicator", value),
                "goal" => raw_goals = p.entries("goal", value),
                other => p.push(
                    "",
                    Some(other),
                    "unknown key (expected [[region]], [[indicator]] or [[goal]])".into(),
                ),
            }
        }
        let mut cat = Catalogue {
            regions: regions(&mut p, raw_regions),
            ..Catalogue::default()
        };
        parents(&mut p, &cat);
        cat.indicators = indicators(&mut p, raw_indicators);
        cat.goals = goals::goals(&mut p, &cat, raw_goals);
        if p.list.is_empty() {
            Ok(cat)
        } else {
            Err(p.list)
        }
    }
}

/// The regions with a valid id, in the file's order.
fn regions(p: &mut Problems, raw: Vec<RawRegion>) -> Vec<Region> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for r in raw {
        let entry = format!("region {:?}", r.id);
        let Some(id) = p.slug(&entry, "id", &r.id) else {
            continue;
        };
        if !seen.insert(id.clone()) {
            p.push(&entry, Some("id"), "duplicate region id".into());
        }
        p.texts(&entry, "name", &r.name, false, false);
        let parent = r
            .parent
            .as_deref()
            .and_then(|parent| p.slug(&entry, "parent", parent));
        out.push(Region {
            id,
            name: r.name,
            parent,
        });
    }
    out
}

/// Each region's parent is a region of the catalogue.
fn parents(p: &mut Problems, cat: &Catalogue) {
    for r in &cat.regions {
        if let Some(parent) = &r.parent
            && let Err(e) = cat.region(parent.as_str())
        {
            p.push(
                &format!("region {:?}", r.id.as_str()),
                Some("parent"),
                e.to_string(),
            );
        }
    }
}

/// The indicators with a valid id and frequency, in the file's order.
fn indicators(p: &mut Problems, raw: Vec<RawIndicator>) -> Vec<Indicator> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for i in raw {
        let entry = format!("indicator {:?}", i.id);
        let Some(id) = p.slug(&entry, "id", &i.id) else {
            continue;
        };
        if !seen.insert(id.clone()) {
            p.push(&entry, Some("id"), "duplicate indicator id".into());
        }
        p.texts(&entry, "name", &i.name, false, false);
        p.texts(&entry, "unit", &i.unit, false, false);
        let frequency = match i.frequency.parse::<Frequency>() {
            Ok(f) => f,
            Err(m) => {
                p.push(&entry, Some("frequency"), m.message);
                continue;
            }
        };
        // Bad rules or an out-of-range multiplier fail the load, but the
        // indicator stays so that its goals are not also reported as
        // naming an unknown one.
        let rules = rules(p, &entry, &i).unwrap_or_default();
        let review = match i.review.as_deref().map(ReviewPolicy::parse) {
            None => ReviewPolicy::default(),
            Some(Ok(r)) => r,
            Some(Err(m)) => {
                p.push(&entry, Some("review"), m);
                ReviewPolicy::default()
            }
        };
        let raw_mult = i.unit_mult.unwrap_or(0);
        let unit_mult = i32::try_from(raw_mult)
            .ok()
            .filter(|m| UNIT_MULT_RANGE.contains(m))
            .unwrap_or_else(|| {
                p.push(
                    &entry,
                    Some("unit_mult"),
                    format!(
                        "{raw_mult} is out of range (expected {} to {}: the unit is \
                         10^unit_mult of the base unit, 8 for \"CNY 100 million\")",
                        UNIT_MULT_RANGE.start(),
                        UNIT_MULT_RANGE.end()
                    ),
                );
                0
            });
        out.push(Indicator {
            id,
            name: i.name,
            unit: i.unit,
            frequency,
            measure: i.measure,
            due_days: i.due_days.unwrap_or(DEFAULT_DUE_DAYS),
            decimals: i.decimals.unwrap_or(0),
            rules,
            unit_mult,
            review,
        });
    }
    out
}

/// An indicator's rules: bounds are finite, within what any figure may
/// be, and in order.
fn rules(p: &mut Problems, entry: &str, i: &RawIndicator) -> Option<Rules> {
    let before = p.count();
    for (key, bound) in [("min", i.min), ("max", i.max)] {
        if let Some(b) = bound
            && (b.is_nan() || b.abs() > MAX_MAGNITUDE)
        {
            p.push(
                entry,
                Some(key),
                format!("must be a number between -1e15 and 1e15, got {b}"),
            );
        }
    }
    if let (Some(min), Some(max)) = (i.min, i.max)
        && min > max
    {
        p.push(
            entry,
            Some("max"),
            format!("max = {max} is below min = {min}: no value could be accepted"),
        );
    }
    let severity = match i.rule_severity.as_deref().map(RuleSeverity::parse) {
        None => RuleSeverity::default(),
        Some(Ok(s)) => s,
        Some(Err(m)) => {
            p.push(entry, Some("rule_severity"), m);
            RuleSeverity::default()
        }
    };
    (p.count() == before).then_some(Rules {
        min: i.min,
        max: i.max,
        integer: i.integer.unwrap_or(false),
        allow_future: i.allow_future.unwrap_or(false),
        severity,
    })
}
