//! Regions, indicators and goals: validated on construction, loaded from the catalogue TOML.

use super::period::Frequency;
use super::rules::{MAX_MAGNITUDE, Rules};
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::sync::Arc;

/// A lower-case identifier: `a-z`, `0-9` and `-`, 1..=64 characters, not
/// starting or ending with `-`. Safe in file names, URLs and SQL keys.
///
/// The text is shared: every figure of an import names its region and
/// indicator by a clone of the catalogue's slug, which costs a counter, not
/// a copy.
#[derive(Debug, Clone, Eq)]
pub struct Slug(Arc<str>);

impl Slug {
    pub fn parse(s: &str) -> Result<Slug, String> {
        let ok_chars = s
            .bytes()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-');
        if s.is_empty() || s.len() > 64 || !ok_chars || s.starts_with('-') || s.ends_with('-') {
            return Err(format!(
                "{s:?} is not a valid id (lower-case letters, digits and '-', at most 64 characters)"
            ));
        }
        Ok(Slug(Arc::from(s)))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::borrow::Borrow<str> for Slug {
    fn borrow(&self) -> &str {
        &self.0
    }
}

// Clones of one slug share their text, so most comparisons of a large
// import's figures end at the pointer.
impl PartialEq for Slug {
    fn eq(&self, other: &Slug) -> bool {
        Arc::ptr_eq(&self.0, &other.0) || self.0 == other.0
    }
}

// By the text, as equality is: equal slugs hash alike, shared or not.
impl std::hash::Hash for Slug {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.hash(state);
    }
}

impl Ord for Slug {
    fn cmp(&self, other: &Slug) -> std::cmp::Ordering {
        if Arc::ptr_eq(&self.0, &other.0) {
            return std::cmp::Ordering::Equal;
        }
        self.0.cmp(&other.0)
    }
}

impl PartialOrd for Slug {
    fn partial_cmp(&self, other: &Slug) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl serde::Serialize for Slug {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Measure {
    Flow,
    Level,
}

impl Measure {
    pub fn as_str(self) -> &'static str {
        match self {
            Measure::Flow => "flow",
            Measure::Level => "level",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    #[default]
    Increase,
    Decrease,
}

impl Direction {
    /// d in docs/progress.md.
    pub fn sign(self) -> f64 {
        match self {
            Direction::Increase => 1.0,
            Direction::Decrease => -1.0,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Increase => "increase",
            Direction::Decrease => "decrease",
        }
    }
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Region {
    pub id: Slug,
    pub name: String,
    pub parent: Option<Slug>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Indicator {
    pub id: Slug,
    pub name: String,
    pub unit: String,
    #[serde(serialize_with = "ser_display")]
    pub frequency: Frequency,
    pub measure: Measure,
    pub due_days: u32,
    pub decimals: u8,
    /// What a figure of it must satisfy, whichever way it comes in.
    pub rules: Rules,
    /// The unit is 10^unit_mult of the base unit ("CNY 100 million": 8):
    /// a feed that states its own multiplier is scaled into it.
    pub unit_mult: i32,
}

fn ser_display<T: fmt::Display, S: serde::Serializer>(v: &T, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(v)
}

/// What a goal asks for; each variant carries exactly the fields its type needs.
#[derive(Debug, Clone, PartialEq)]
pub enum GoalKind {
    Growth { percent: f64 },
    Multiple { factor: f64 },
    Level { value: f64 },
    Trend { limit: Option<f64> },
    Milestone { due: NaiveDate },
}

impl GoalKind {
    pub fn type_name(&self) -> &'static str {
        match self {
            GoalKind::Growth { .. } => "growth",
            GoalKind::Multiple { .. } => "multiple",
            GoalKind::Level { .. } => "level",
            GoalKind::Trend { .. } => "trend",
            GoalKind::Milestone { .. } => "milestone",
        }
    }
}

/// A goal from the catalogue. For series goals `indicator` and `baseline_year`
/// are set (growth's default baseline, target_year − 1, is already applied).
#[derive(Debug, Clone, PartialEq)]
pub struct Goal {
    pub id: Slug,
    pub title: String,
    pub region: Slug,
    pub indicator: Option<Slug>,
    pub kind: GoalKind,
    pub direction: Direction,
    pub baseline_year: Option<i32>,
    pub baseline_value: Option<f64>,
    pub target_year: Option<i32>,
    pub source: Option<String>,
    pub quote: Option<String>,
    pub note: Option<String>,
}

impl Goal {
    pub fn is_milestone(&self) -> bool {
        matches!(self.kind, GoalKind::Milestone { .. })
    }

    /// The latest year whose figures count for the goal: the target year,
    /// except that a trend follows its series wherever it goes.
    pub fn last_year(&self) -> Option<i32> {
        match self.kind {
            GoalKind::Trend { .. } => None,
            _ => self.target_year,
        }
    }
}

/// One thing wrong with a catalogue file: where (file, entry, key) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogueProblem {
    pub file: String,
    /// e.g. `goal "liaoning-trains-2021"` or `goal #3`; empty for file-level problems.
    pub entry: String,
    pub key: Option<String>,
    pub message: String,
}

impl fmt::Display for CatalogueProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:", self.file)?;
        if !self.entry.is_empty() {
            write!(f, " {}:", self.entry)?;
        }
        if let Some(key) = &self.key {
            write!(f, " key `{key}`:")?;
        }
        write!(f, " {}", self.message)
    }
}

/// The validated catalogue. Entries keep the file's order.
#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    pub regions: Vec<Region>,
    pub indicators: Vec<Indicator>,
    pub goals: Vec<Goal>,
}

impl Catalogue {
    pub fn region(&self, id: &str) -> Option<&Region> {
        self.regions.iter().find(|r| r.id.as_str() == id)
    }

    pub fn indicator(&self, id: &str) -> Option<&Indicator> {
        self.indicators.iter().find(|i| i.id.as_str() == id)
    }

    pub fn goal(&self, id: &str) -> Option<&Goal> {
        self.goals.iter().find(|g| g.id.as_str() == id)
    }

    /// Parse and validate catalogue TOML. `file` names the file in problems.
    /// Every problem found is returned, not only the first.
    pub fn from_toml(text: &str, file: &str) -> Result<Catalogue, Vec<CatalogueProblem>> {
        let mut v = Validator {
            file: file.to_string(),
            problems: Vec::new(),
        };
        let table: toml::Table = match text.parse() {
            Ok(t) => t,
            Err(e) => {
                v.push("", None, e.to_string().trim_end().replace('\n', " "));
                return Err(v.problems);
            }
        };
        let mut raw_regions = Vec::new();
        let mut raw_indicators = Vec::new();
        let mut raw_goals = Vec::new();
        for (key, value) in table {
            match key.as_str() {
                "region" => raw_regions = v.entries::<RawRegion>("region", value),
                "indicator" => raw_indicators = v.entries::<RawIndicator>("indicator", value),
                "goal" => raw_goals = v.entries::<RawGoal>("goal", value),
                other => v.push(
                    "",
                    Some(other),
                    "unknown key (expected [[region]], [[indicator]] or [[goal]])".into(),
                ),
            }
        }
        let cat = v.build(raw_regions, raw_indicators, raw_goals);
        if v.problems.is_empty() {
            Ok(cat)
        } else {
            Err(v.problems)
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRegion {
    id: String,
    name: String,
    parent: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIndicator {
    id: String,
    name: String,
    unit: String,
    frequency: String,
    measure: Measure,
    due_days: Option<u32>,
    decimals: Option<u8>,
    min: Option<f64>,
    max: Option<f64>,
    integer: Option<bool>,
    allow_future: Option<bool>,
    unit_mult: Option<i64>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum DateLike {
    Date(toml::value::Datetime),
    Text(String),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGoal {
    id: String,
    title: String,
    region: String,
    indicator: Option<String>,
    #[serde(rename = "type")]
    kind: String,
    percent: Option<f64>,
    factor: Option<f64>,
    value: Option<f64>,
    limit: Option<f64>,
    due: Option<DateLike>,
    target_year: Option<i32>,
    baseline_year: Option<i32>,
    baseline_value: Option<f64>,
    direction: Option<Direction>,
    source: Option<String>,
    quote: Option<String>,
    note: Option<String>,
}

/// Default days after a period's end before its figure is due.
pub const DEFAULT_DUE_DAYS: u32 = 20;

/// The powers of ten a unit may be of its base unit (an indicator's
/// `unit_mult`, a feed's `UNIT_MULT`): from a hundred-quintillionth to a
/// hundred quintillion, beyond any real statistic's unit.
pub const UNIT_MULT_RANGE: std::ops::RangeInclusive<i32> = -20..=20;

struct Validator {
    file: String,
    problems: Vec<CatalogueProblem>,
}

impl Validator {
    fn push(&mut self, entry: &str, key: Option<&str>, message: String) {
        self.problems.push(CatalogueProblem {
            file: self.file.clone(),
            entry: entry.to_string(),
            key: key.map(str::to_string),
            message,
        });
    }

    /// Deserialize each table of an array of tables on its own so that one bad
    /// entry does not hide the problems of the others.
    fn entries<T: serde::de::DeserializeOwned>(
        &mut self,
        kind: &str,
        value: toml::Value,
    ) -> Vec<T> {
        let toml::Value::Array(items) = value else {
            self.push(
                "",
                Some(kind),
                format!("must be an array of tables ([[{kind}]])"),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, item) in items.into_iter().enumerate() {
            let label = match item.get("id").and_then(toml::Value::as_str) {
                Some(id) => format!("{kind} {id:?}"),
                None => format!("{kind} #{}", i + 1),
            };
            match item.try_into::<T>() {
                Ok(t) => out.push(t),
                Err(e) => {
                    let msg = e.to_string().trim_end().replace('\n', " ");
                    let key = backticked(&msg);
                    self.push(&label, key.as_deref(), msg);
                }
            }
        }
        out
    }

    /// Display text (a name, title, unit, note): no control or bidirectional
    /// formatting characters; `multiline` texts may hold newlines and tabs.
    fn text(&mut self, entry: &str, key: &str, value: &str, multiline: bool) {
        if let Err(m) = super::text::check(value, multiline) {
            self.push(entry, Some(key), m.message);
        }
    }

    fn slug(&mut self, entry: &str, key: &str, value: &str) -> Option<Slug> {
        Slug::parse(value)
            .map_err(|m| self.push(entry, Some(key), m))
            .ok()
    }

    fn build(
        &mut self,
        raw_regions: Vec<RawRegion>,
        raw_indicators: Vec<RawIndicator>,
        raw_goals: Vec<RawGoal>,
    ) -> Catalogue {
        let mut cat = Catalogue::default();
        let mut seen = HashSet::new();
        for r in raw_regions {
            let entry = format!("region {:?}", r.id);
            let Some(id) = self.slug(&entry, "id", &r.id) else {
                continue;
            };
            if !seen.insert(id.clone()) {
                self.push(&entry, Some("id"), "duplicate region id".into());
            }
            self.text(&entry, "name", &r.name, false);
            let parent = r
                .parent
                .as_deref()
                .and_then(|p| self.slug(&entry, "parent", p));
            cat.regions.push(Region {
                id,
                name: r.name,
                parent,
            });
        }
        let region_ids: Vec<String> = cat.regions.iter().map(|r| r.id.to_string()).collect();
        for r in &cat.regions {
            if let Some(p) = &r.parent
                && !region_ids.iter().any(|id| id == p.as_str())
            {
                let msg = unknown("region", p.as_str(), &region_ids);
                self.push(&format!("region {:?}", r.id.as_str()), Some("parent"), msg);
            }
        }

        let mut seen = HashSet::new();
        for i in raw_indicators {
            let entry = format!("indicator {:?}", i.id);
            let Some(id) = self.slug(&entry, "id", &i.id) else {
                continue;
            };
            if !seen.insert(id.clone()) {
                self.push(&entry, Some("id"), "duplicate indicator id".into());
            }
            self.text(&entry, "name", &i.name, false);
            self.text(&entry, "unit", &i.unit, false);
            let frequency = match i.frequency.parse::<Frequency>() {
                Ok(f) => f,
                Err(m) => {
                    self.push(&entry, Some("frequency"), m.message);
                    continue;
                }
            };
            // Bad rules or an out-of-range multiplier fail the load, but the
            // indicator stays so that its goals are not also reported as
            // naming an unknown one.
            let rules = self.rules(&entry, &i).unwrap_or_default();
            let raw_mult = i.unit_mult.unwrap_or(0);
            let unit_mult = i32::try_from(raw_mult)
                .ok()
                .filter(|m| UNIT_MULT_RANGE.contains(m))
                .unwrap_or_else(|| {
                    self.push(
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
            cat.indicators.push(Indicator {
                id,
                name: i.name,
                unit: i.unit,
                frequency,
                measure: i.measure,
                due_days: i.due_days.unwrap_or(DEFAULT_DUE_DAYS),
                decimals: i.decimals.unwrap_or(0),
                rules,
                unit_mult,
            });
        }
        let indicator_ids: Vec<String> = cat.indicators.iter().map(|i| i.id.to_string()).collect();

        let mut seen = HashSet::new();
        for g in raw_goals {
            let entry = format!("goal {:?}", g.id);
            let before = self.problems.len();
            let id = self.slug(&entry, "id", &g.id);
            if let Some(id) = &id
                && !seen.insert(id.clone())
            {
                self.push(&entry, Some("id"), "duplicate goal id".into());
            }
            let region = self.slug(&entry, "region", &g.region);
            if let Some(r) = &region
                && !region_ids.iter().any(|id| id == r.as_str())
            {
                self.push(
                    &entry,
                    Some("region"),
                    unknown("region", r.as_str(), &region_ids),
                );
            }
            let kind = self.goal_kind(&entry, &g);
            let indicator = match (&kind, g.indicator.as_deref()) {
                (Some(GoalKind::Milestone { .. }), Some(_)) => {
                    self.push(
                        &entry,
                        Some("indicator"),
                        "a milestone has no indicator".into(),
                    );
                    None
                }
                (Some(GoalKind::Milestone { .. }), None) | (None, _) => None,
                (Some(_), None) => {
                    self.push(
                        &entry,
                        Some("indicator"),
                        format!("missing: a {} goal needs an indicator", g.kind),
                    );
                    None
                }
                (Some(_), Some(i)) => {
                    let slug = self.slug(&entry, "indicator", i);
                    if let Some(s) = &slug
                        && !indicator_ids.iter().any(|id| id == s.as_str())
                    {
                        self.push(
                            &entry,
                            Some("indicator"),
                            unknown("indicator", s.as_str(), &indicator_ids),
                        );
                    }
                    slug
                }
            };
            let baseline_year = match (&kind, g.baseline_year, g.target_year) {
                (Some(GoalKind::Growth { .. }), None, Some(t)) => Some(t - 1),
                _ => g.baseline_year,
            };
            if let (Some(b), Some(t)) = (baseline_year, g.target_year)
                && t <= b
            {
                self.push(
                    &entry,
                    Some("target_year"),
                    format!("target_year {t} must be after baseline_year {b}"),
                );
            }
            if g.title.trim().is_empty() {
                self.push(&entry, Some("title"), "must not be empty".into());
            }
            self.text(&entry, "title", &g.title, false);
            if let Some(source) = &g.source {
                self.text(&entry, "source", source, false);
            }
            if let Some(note) = &g.note {
                self.text(&entry, "note", note, true);
            }
            if self.problems.len() > before {
                continue;
            }
            let (Some(id), Some(region), Some(kind)) = (id, region, kind) else {
                continue;
            };
            cat.goals.push(Goal {
                id,
                title: g.title,
                region,
                indicator,
                kind,
                direction: g.direction.unwrap_or_default(),
                baseline_year,
                baseline_value: g.baseline_value,
                target_year: g.target_year,
                source: g.source,
                // The source document's words stay, but any control character
                // in them becomes a visible escape before it reaches an output.
                quote: g.quote.as_deref().map(super::text::escape),
                note: g.note,
            });
        }
        cat
    }

    /// An indicator's rules: bounds are finite, within what any figure may
    /// be, and in order.
    fn rules(&mut self, entry: &str, i: &RawIndicator) -> Option<Rules> {
        let before = self.problems.len();
        for (key, bound) in [("min", i.min), ("max", i.max)] {
            if let Some(b) = bound
                && (b.is_nan() || b.abs() > MAX_MAGNITUDE)
            {
                self.push(
                    entry,
                    Some(key),
                    format!("must be a number between -1e15 and 1e15, got {b}"),
                );
            }
        }
        if let (Some(min), Some(max)) = (i.min, i.max)
            && min > max
        {
            self.push(
                entry,
                Some("max"),
                format!("max = {max} is below min = {min}: no value could be accepted"),
            );
        }
        (self.problems.len() == before).then_some(Rules {
            min: i.min,
            max: i.max,
            integer: i.integer.unwrap_or(false),
            allow_future: i.allow_future.unwrap_or(false),
        })
    }

    /// The goal's type with exactly its fields; reports missing fields and
    /// fields that do not apply to the type.
    fn goal_kind(&mut self, entry: &str, g: &RawGoal) -> Option<GoalKind> {
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
                self.push(
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
                self.push(
                    entry,
                    Some(key),
                    format!("missing: a {} goal needs `{key}`", g.kind),
                );
                ok = false;
            }
        }
        for (key, is_set) in &present {
            if *is_set && !required.contains(key) && !optional.contains(key) {
                self.push(
                    entry,
                    Some(key),
                    format!("does not apply to a {} goal", g.kind),
                );
                ok = false;
            }
        }
        let finite = |v: &mut Self, key: &str, x: Option<f64>| -> Option<f64> {
            match x {
                Some(x) if x.is_finite() => Some(x),
                Some(x) => {
                    v.push(
                        entry,
                        Some(key),
                        format!("must be a finite number, got {x}"),
                    );
                    None
                }
                None => None,
            }
        };
        let percent = finite(self, "percent", g.percent);
        let factor = finite(self, "factor", g.factor);
        let value = finite(self, "value", g.value);
        let limit = finite(self, "limit", g.limit);
        finite(self, "baseline_value", g.baseline_value);
        if let Some(f) = factor
            && f <= 0.0
        {
            self.push(entry, Some("factor"), format!("must be positive, got {f}"));
            ok = false;
        }
        if let Some(p) = percent
            && p <= -100.0
        {
            self.push(
                entry,
                Some("percent"),
                format!("must be greater than -100, got {p}"),
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
                        self.push(
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
}

/// The offending key in a serde message: named last in a type error
/// ("invalid type: floating point `2.5`, expected i64 in `unit_mult`"),
/// first otherwise ("unknown field `percnt`, expected one of …").
fn backticked(msg: &str) -> Option<String> {
    let start = match msg.rfind(" in `") {
        Some(at) => at + " in `".len(),
        None => msg.find('`')? + 1,
    };
    let len = msg[start..].find('`')?;
    Some(msg[start..start + len].to_string())
}

/// "unknown region "x"", with the closest known id when one is near.
pub fn unknown(kind: &str, value: &str, known: &[String]) -> String {
    let shown = super::echo::echo(value);
    match closest(value, known.iter().map(String::as_str)) {
        Some(best) => format!("unknown {kind} {shown} (did you mean {best:?}?)"),
        None => format!("unknown {kind} {shown}"),
    }
}

/// Past this length a text is no near miss of an id, and the edit distance
/// (length × length) would be slow to compute.
const CLOSEST_MAX_CHARS: usize = 200;

/// The candidate nearest to `value` by edit distance, if it is near enough.
pub fn closest<'a>(value: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    if value.len() > CLOSEST_MAX_CHARS {
        return None;
    }
    candidates
        .map(|c| (strsim::levenshtein(value, c), c))
        .filter(|(d, c)| *d <= (c.len().max(value.len()) / 3).max(2))
        .min()
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
[[region]]
id = "liaoning"
name = "Liaoning"

[[indicator]]
id = "china-europe-trains"
name = "China-Europe freight trains"
unit = "trains"
frequency = "monthly"
measure = "flow"

[[goal]]
id = "liaoning-trains-2021"
title = "Trains up 10%"
region = "liaoning"
indicator = "china-europe-trains"
type = "growth"
percent = 10
target_year = 2021

[[goal]]
id = "shenyang-hub"
title = "Assembly centre"
region = "liaoning"
type = "milestone"
due = 2021-12-31
"#;

    #[test]
    fn loads_a_valid_catalogue_and_defaults_the_growth_baseline() {
        let cat = Catalogue::from_toml(GOOD, "c.toml").unwrap();
        let g = cat.goal("liaoning-trains-2021").unwrap();
        assert_eq!(g.baseline_year, Some(2020));
        assert_eq!(g.kind, GoalKind::Growth { percent: 10.0 });
        assert_eq!(
            cat.indicator("china-europe-trains").unwrap().due_days,
            DEFAULT_DUE_DAYS
        );
        assert_eq!(
            cat.goal("shenyang-hub").unwrap().kind,
            GoalKind::Milestone {
                due: NaiveDate::from_ymd_opt(2021, 12, 31).unwrap()
            }
        );
    }

    fn problems(text: &str) -> Vec<String> {
        Catalogue::from_toml(text, "c.toml")
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn reports_every_problem_with_file_entry_and_key() {
        let bad = GOOD
            .replace("percent = 10", "percnt = 10")
            .replace(
                "region = \"liaoning\"\nindicator",
                "region = \"liaoning2\"\nindicator",
            )
            .replace("due = 2021-12-31", "due = \"2021-13-01\"");
        let p = problems(&bad);
        assert!(
            p.iter()
                .any(|m| m.contains("goal \"liaoning-trains-2021\": key `percnt`")),
            "{p:?}"
        );
        assert!(
            p.iter()
                .any(|m| m.contains("goal \"shenyang-hub\": key `due`")),
            "{p:?}"
        );
        let bad = GOOD.replace(
            "region = \"liaoning\"\nindicator",
            "region = \"liaonig\"\nindicator",
        );
        let p = problems(&bad);
        assert!(
            p.iter().any(|m| m
                .contains("key `region`: unknown region \"liaonig\" (did you mean \"liaoning\"?)")),
            "{p:?}"
        );
    }

    #[test]
    fn a_type_missing_its_fields_or_with_foreign_fields_is_an_error() {
        let p = problems(&GOOD.replace("percent = 10", "factor = 2"));
        assert!(
            p.iter().any(|m| m.contains("key `percent`: missing")),
            "{p:?}"
        );
        assert!(
            p.iter()
                .any(|m| m.contains("key `factor`: does not apply to a growth goal")),
            "{p:?}"
        );
    }

    #[test]
    fn syntax_errors_and_unknown_sections_are_reported() {
        assert_eq!(problems("[[goal]\n").len(), 1);
        let p = problems(&format!("{GOOD}\n[[regoin]]\nid = \"x\"\n"));
        assert!(
            p.iter().any(|m| m.contains("key `regoin`: unknown key")),
            "{p:?}"
        );
    }

    #[test]
    fn control_and_bidi_characters_are_refused_except_in_quotes_where_they_are_escaped() {
        let text = GOOD
            .replace("name = \"Liaoning\"", "name = \"Liao\\u202Ening\"")
            .replace("unit = \"trains\"", "unit = \"trains\\u0007\"")
            .replace(
                "title = \"Trains up 10%\"",
                "title = \"Trains\\nup\"\nquote = \"said \\u202Eso\\n\\u0000.\"\nnote = \"two\\nlines\\tok\"",
            );
        let got = problems(&text);
        assert_eq!(
            got,
            [
                "c.toml: region \"liaoning\": key `name`: contains U+202E (a bidirectional formatting character) at character 5; remove it",
                "c.toml: indicator \"china-europe-trains\": key `unit`: contains U+0007 (a control character) at character 7; remove it",
                "c.toml: goal \"liaoning-trains-2021\": key `title`: contains U+000A (a control character) at character 7; remove it",
            ],
            "{text}"
        );
        let fixed = text
            .replace("Trains\\nup", "Trains up")
            .replace("Liao\\u202Ening", "Liaoning")
            .replace("trains\\u0007", "trains");
        let cat = Catalogue::from_toml(&fixed, "c.toml").unwrap();
        let g = cat.goal("liaoning-trains-2021").unwrap();
        assert_eq!(g.quote.as_deref(), Some("said \\u{202E}so\n\\u{0000}."));
        assert_eq!(g.note.as_deref(), Some("two\nlines\tok"));
    }

    #[test]
    fn indicator_rules_load_with_their_defaults_and_bad_bounds_are_named() {
        let cat = Catalogue::from_toml(GOOD, "c.toml").unwrap();
        let rules = cat.indicators[0].rules;
        assert_eq!(rules, Rules::default());
        assert!(
            !rules.allow_future && !rules.integer,
            "refuse open periods by default"
        );
        let ruled = GOOD.replace(
            "measure = \"flow\"\n",
            "measure = \"flow\"\nmin = 0\nmax = 5000\ninteger = true\nallow_future = true\n",
        );
        let rules = Catalogue::from_toml(&ruled, "c.toml").unwrap().indicators[0].rules;
        assert_eq!(
            rules,
            Rules {
                min: Some(0.0),
                max: Some(5000.0),
                integer: true,
                allow_future: true
            }
        );
        let entry = "c.toml: indicator \"china-europe-trains\"";
        let bad = GOOD.replace(
            "measure = \"flow\"\n",
            "measure = \"flow\"\nmin = 10\nmax = 5\n",
        );
        assert_eq!(
            problems(&bad),
            [format!(
                "{entry}: key `max`: max = 5 is below min = 10: no value could be accepted"
            )]
        );
        let bad = GOOD.replace(
            "measure = \"flow\"\n",
            "measure = \"flow\"\nmax = inf\nmin = 1e16\n",
        );
        assert_eq!(
            problems(&bad),
            [
                format!(
                    "{entry}: key `min`: must be a number between -1e15 and 1e15, got 10000000000000000"
                ),
                format!("{entry}: key `max`: must be a number between -1e15 and 1e15, got inf"),
            ]
        );
        assert!(
            problems(&GOOD.replace(
                "measure = \"flow\"\n",
                "measure = \"flow\"\nintegr = true\n"
            ))[0]
                .contains("key `integr`")
        );
    }

    #[test]
    fn unit_mult_defaults_to_zero_and_is_a_small_whole_number() {
        let cat = Catalogue::from_toml(GOOD, "c.toml").unwrap();
        assert_eq!(cat.indicator("china-europe-trains").unwrap().unit_mult, 0);
        let with =
            |line: &str| GOOD.replace("measure = \"flow\"", &format!("measure = \"flow\"\n{line}"));
        for (line, want) in [
            ("unit_mult = 8", 8),
            ("unit_mult = -3", -3),
            ("unit_mult = 20", 20),
        ] {
            let cat = Catalogue::from_toml(&with(line), "c.toml").unwrap();
            assert_eq!(
                cat.indicator("china-europe-trains").unwrap().unit_mult,
                want,
                "{line}"
            );
        }
        for bad in ["21", "-21", "9999999999999"] {
            let p = problems(&with(&format!("unit_mult = {bad}")));
            assert_eq!(
                p,
                [format!(
                    "c.toml: indicator \"china-europe-trains\": key `unit_mult`: {bad} is out of range \
                     (expected -20 to 20: the unit is 10^unit_mult of the base unit, 8 for \"CNY 100 million\")"
                )],
                "{bad}"
            );
        }
        for bad in ["2.5", "\"8\""] {
            let p = problems(&with(&format!("unit_mult = {bad}")));
            assert!(
                p[0].starts_with(
                    "c.toml: indicator \"china-europe-trains\": key `unit_mult`: invalid type"
                ),
                "{bad}: {p:?}"
            );
        }
    }

    #[test]
    fn slugs_are_strict() {
        for bad in ["", "A", "a b", "-a", "a-", "../x", "a/b", "a\0b"] {
            assert!(Slug::parse(bad).is_err(), "{bad:?}");
        }
        assert!(Slug::parse("china-europe-trains-2").is_ok());
    }
}

#[cfg(test)]
mod shipped {
    use super::*;

    #[test]
    fn the_shipped_catalogue_is_valid() {
        let text = include_str!("../../config/catalogue.toml");
        if let Err(problems) = Catalogue::from_toml(text, "config/catalogue.toml") {
            let list: Vec<String> = problems.iter().map(ToString::to_string).collect();
            panic!("config/catalogue.toml has problems:\n{}", list.join("\n"));
        }
    }
}
