//! Row-level and cross-row validation of figures, shared by every input format.
//!
//! Rows are checked as they arrive (catalogue ids, period syntax and
//! frequency, value, basis, flag, and the indicator's rules);
//! [`Validator::finish`] then sorts the figures and checks what needs the
//! whole file: conflicting duplicates and year-to-date totals that go down.
//! A row flagged `M` (missing) is a gap: its ids and period are checked, and
//! no figure comes of it.

use super::problems::Problems;
use super::{Location, Numbering, Problem, RawRecord, text};
use crate::domain::catalogue::{IdKind, UnknownId};
use crate::domain::figure::parse_value;
use crate::domain::rules::Broken;
use crate::domain::{Basis, Catalogue, Figure, Flag, Indicator, Invalid, Measure, Period, Slug};
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};

/// Collects figures and problems for one import (see the module docs).
pub(crate) struct Validator<'c> {
    catalogue: &'c Catalogue,
    /// What the record numbers given to [`Validator::push`] count.
    numbering: Numbering,
    /// Built once so each row costs two hash lookups and no allocation.
    regions: HashMap<&'c str, &'c Slug>,
    indicators: HashMap<&'c str, &'c Indicator>,
    /// Periods must have ended before this date, unless an indicator allows otherwise.
    today: NaiveDate,
    figures: Vec<Figure>,
    problems: Problems,
}

impl<'c> Validator<'c> {
    /// A validator for figures recorded today (UTC, [`super::today`]),
    /// whose records are numbered by `numbering`.
    pub(crate) fn new(catalogue: &'c Catalogue, numbering: Numbering) -> Self {
        Validator::as_of(catalogue, numbering, super::today())
    }

    /// A validator for figures recorded on `today`: periods must have ended before it.
    pub(crate) fn as_of(catalogue: &'c Catalogue, numbering: Numbering, today: NaiveDate) -> Self {
        Validator {
            catalogue,
            numbering,
            regions: catalogue
                .regions
                .iter()
                .map(|r| (r.id.as_str(), &r.id))
                .collect(),
            indicators: indicator_index(catalogue),
            today,
            figures: Vec::new(),
            problems: Problems::default(),
        }
    }

    /// Validate record `n` (counted as the validator's [`Numbering`] says)
    /// given as text fields; problems are collected inside, valid figures
    /// kept for [`Validator::finish`]. Fields are trimmed; every problem of
    /// the record is reported, not only the first.
    pub(crate) fn push(&mut self, n: u64, rec: RawRecord<'_>) {
        let at = self.numbering.at(n);
        let before = self.problems.total;
        // Broken text (a swallowed row, a control character) says nothing
        // useful about ids or numbers: report only that.
        if !self.text_is_sound(at, &rec) {
            return;
        }
        let cat = self.catalogue;
        let region = self.regions.get(rec.region.trim()).copied().or_else(|| {
            let ids = cat.regions.iter().map(|r| r.id.as_str());
            self.problems
                .add(at, || id_problem(at, IdKind::Region, rec.region, ids));
            None
        });
        let ind = self
            .indicators
            .get(rec.indicator.trim())
            .copied()
            .or_else(|| {
                let ids = cat.indicators.iter().map(|i| i.id.as_str());
                self.problems
                    .add(at, || id_problem(at, IdKind::Indicator, rec.indicator, ids));
                None
            });

        let period_text = rec.period.trim();
        let period = match period_text.parse::<Period>() {
            Ok(p) => Some(p),
            Err(_) if period_text.is_empty() => {
                self.problems.add(at, || {
                    Problem::new(at, "missing", "missing period").in_field("period")
                });
                None
            }
            Err(e) => {
                self.problems.add(at, || {
                    Problem::new(at, "bad_period", e.to_string())
                        .in_field("period")
                        .with_value(period_text)
                });
                None
            }
        };
        if let (Some(p), Some(ind)) = (period, ind)
            && p.frequency() != ind.frequency
        {
            self.problems.add(at, || {
                let message = format!(
                    "period {:?} does not match indicator {:?}, which is {} (write periods like {})",
                    period_text,
                    ind.id.as_str(),
                    ind.frequency,
                    ind.frequency.example()
                );
                Problem::new(at, "wrong_frequency", message)
                    .in_field("period")
                    .with_value(period_text)
                    .expecting(ind.frequency.example())
            });
        }
        // A missing observation is a gap: nothing to parse or store.
        if rec.flag.is_some_and(Flag::is_missing) {
            return;
        }

        let value = parse_value(rec.value)
            .map_err(|e| self.problems.add(at, || invalid(at, "value", rec.value, e)))
            .ok();

        let basis_text = rec.basis.unwrap_or("").trim();
        let basis = basis_text
            .parse::<Basis>()
            .map_err(|e| {
                self.problems
                    .add(at, || invalid(at, "basis", basis_text, e))
            })
            .ok();
        if let (Some(Basis::Ytd), Some(ind)) = (basis, ind)
            && ind.measure == Measure::Level
        {
            self.problems.add(at, || {
                let message = format!(
                    "{basis_text:?} does not apply to indicator {:?}, a level \
                     (year-to-date totals are for flow indicators)",
                    ind.id.as_str()
                );
                Problem::new(at, "ytd_on_level", message)
                    .in_field("basis")
                    .with_value(basis_text)
            });
        }
        let flag_text = rec.flag.unwrap_or("");
        let flag = Flag::parse(flag_text)
            .map_err(|e| self.problems.add(at, || invalid(at, "flag", flag_text, e)))
            .ok();
        if let (Some(ind), Some(period), Some(value)) = (ind, period, value)
            && period.frequency() == ind.frequency
        {
            for b in ind.rules.check(ind.id.as_str(), period, value, self.today) {
                let given = if b.field == "period" {
                    rec.period
                } else {
                    rec.value
                };
                self.problems
                    .add(at, || broken(at, b).with_value(given.trim()));
            }
        }

        if self.problems.total != before {
            return;
        }
        if let (Some(region), Some(ind), Some(period), Some(value), Some(basis), Some(flag)) =
            (region, ind, period, value, basis, flag)
        {
            let note = rec.note.map(str::trim).filter(|n| !n.is_empty());
            self.figures.push(Figure {
                region: region.clone(),
                indicator: ind.id.clone(),
                period,
                value,
                basis,
                flag,
                note: note.map(Box::from),
                line: n,
            });
        }
    }

    /// Report every field that breaks the rules of [`text`]; `false` if any does.
    fn text_is_sound(&mut self, at: Location, rec: &RawRecord<'_>) -> bool {
        let before = self.problems.total;
        let fields = [
            ("region", Some(rec.region)),
            ("indicator", Some(rec.indicator)),
            ("period", Some(rec.period)),
            ("value", Some(rec.value)),
            ("basis", rec.basis),
            ("flag", rec.flag),
        ];
        for (column, field) in fields {
            if let Some(text) = field
                && let Err(e) = text::one_line(text)
            {
                self.problems.add(at, || invalid(at, column, text, e));
            }
        }
        if let Some(note) = rec.note
            && let Err(e) = text::note(note.trim())
        {
            self.problems
                .add(at, || invalid(at, "note", note.trim(), e));
        }
        self.problems.total == before
    }

    /// Report a problem found outside [`Validator::push`] (header, field
    /// count, encoding), so it is sorted and capped with the others.
    pub(crate) fn problem(&mut self, problem: Problem) {
        self.problems.add(problem.at, || problem);
    }

    /// Whether any problem has been reported so far.
    pub(crate) fn has_problems(&self) -> bool {
        self.problems.total > 0
    }

    /// Cross-row checks, then the figures (sorted by region, indicator,
    /// period; a figure given twice with the same value, basis and flag is
    /// kept once, with the first one's line and note) or every problem
    /// sorted by line.
    pub(crate) fn finish(self) -> Result<Vec<Figure>, Vec<Problem>> {
        let Validator {
            mut figures,
            mut problems,
            numbering,
            ..
        } = self;
        // Sorting finds duplicates without a map of keys; `line` makes the
        // order total, so the first occurrence leads each run of equal keys.
        figures.sort_unstable_by(|a, b| (a.key(), a.line).cmp(&(b.key(), b.line)));
        figures.dedup_by(|later, first| {
            if later.key() != first.key() {
                return false;
            }
            let at = numbering.at(later.line);
            let conflict = |field: &'static str,
                            later: &dyn std::fmt::Display,
                            earlier: &dyn std::fmt::Display| {
                let message = format!(
                    "{later} conflicts with {earlier} {} for {} {} {}",
                    numbering.at(first.line).phrase(),
                    first.region,
                    first.indicator,
                    first.period
                );
                Problem::new(at, "conflict", message)
                    .in_field(field)
                    .with_value(later.to_string())
            };
            // A different basis makes the values incomparable: report only that.
            if later.basis != first.basis {
                problems.add(at, || conflict("basis", &later.basis, &first.basis));
            } else if later.value != first.value {
                problems.add(at, || conflict("value", &later.value, &first.value));
            } else if later.flag != first.flag {
                let code = |f: Option<Flag>| f.map_or("no flag", Flag::as_code);
                problems.add(at, || {
                    conflict("flag", &code(later.flag), &code(first.flag))
                });
            }
            true
        });
        check_ytd_rises(&figures, numbering, &mut problems);
        if problems.total > 0 {
            Err(problems.into_sorted())
        } else {
            Ok(figures)
        }
    }
}

/// Check figures built outside a [`Validator`] (or validated on another
/// day) against their catalogue: each names a region and an indicator of
/// it and keeps the indicator's rules as of `today`. A figure's `line` is
/// counted as `numbering` says. Problems are sorted by location and capped
/// like a file's.
pub(crate) fn check_rules(
    catalogue: &Catalogue,
    figures: &[Figure],
    today: NaiveDate,
    numbering: Numbering,
) -> Result<(), Vec<Problem>> {
    let indicators = indicator_index(catalogue);
    let regions: HashSet<&str> = catalogue.regions.iter().map(|r| r.id.as_str()).collect();
    let mut problems = Problems::default();
    for f in figures {
        let at = numbering.at(f.line);
        if !regions.contains(f.region.as_str()) {
            let ids = catalogue.regions.iter().map(|r| r.id.as_str());
            problems.add(at, || {
                id_problem(at, IdKind::Region, f.region.as_str(), ids)
            });
        }
        let Some(ind) = indicators.get(f.indicator.as_str()) else {
            let ids = catalogue.indicators.iter().map(|i| i.id.as_str());
            problems.add(at, || {
                id_problem(at, IdKind::Indicator, f.indicator.as_str(), ids)
            });
            continue;
        };
        for b in ind.rules.check(ind.id.as_str(), f.period, f.value, today) {
            problems.add(at, || broken(at, b));
        }
    }
    if problems.total > 0 {
        Err(problems.into_sorted())
    } else {
        Ok(())
    }
}

fn indicator_index(catalogue: &Catalogue) -> HashMap<&str, &Indicator> {
    catalogue
        .indicators
        .iter()
        .map(|i| (i.id.as_str(), i))
        .collect()
}

/// The problem with an id field whose value the catalogue does not have:
/// code `missing` when empty, `unknown_region` or `unknown_indicator`
/// otherwise, with the closest known id as a suggestion.
fn id_problem<'a>(
    at: Location,
    kind: IdKind,
    raw: &str,
    known: impl IntoIterator<Item = &'a str>,
) -> Problem {
    let id = raw.trim();
    if id.is_empty() {
        return Problem::new(at, "missing", format!("missing {kind}")).in_field(kind.as_str());
    }
    let code = match kind {
        IdKind::Region => "unknown_region",
        IdKind::Indicator => "unknown_indicator",
        // Figures name only regions and indicators.
        _ => "unknown_id",
    };
    let unknown = UnknownId::among(kind, id, known);
    let problem = Problem::new(at, code, unknown.to_string())
        .in_field(kind.as_str())
        .with_value(id);
    match unknown.suggestion {
        Some(s) => problem.expecting(s),
        None => problem,
    }
}

/// A field's `text` that does not parse, as a problem with the parser's code.
fn invalid(at: Location, field: &'static str, text: &str, e: Invalid) -> Problem {
    let problem = Problem::new(at, e.code, e.message).in_field(field);
    // An empty field is `missing`: there is no text to show.
    if text.trim().is_empty() {
        problem
    } else {
        problem.with_value(text.trim())
    }
}

/// A rule a figure breaks, as a problem.
fn broken(at: Location, b: Broken) -> Problem {
    let problem = Problem::new(at, b.code, b.message).in_field(b.field);
    match b.bound {
        Some(bound) => problem.expecting(bound.to_string()),
        None => problem,
    }
}

/// A year-to-date total below an earlier one of the same series and year
/// would make a negative period value: almost always a typo or a period
/// figure marked `ytd`. `figures` must be sorted by key.
fn check_ytd_rises(figures: &[Figure], numbering: Numbering, problems: &mut Problems) {
    let mut last: Option<&Figure> = None;
    for f in figures.iter().filter(|f| f.basis == Basis::Ytd) {
        if let Some(prev) = last
            && (prev.series(), prev.period.year()) == (f.series(), f.period.year())
            && f.value < prev.value
        {
            let at = numbering.at(f.line);
            problems.add(at, || {
                let message = format!(
                    "year-to-date total {} is smaller than {}, the total to {} {}",
                    f.value,
                    prev.value,
                    prev.period,
                    numbering.at(prev.line).phrase()
                );
                Problem::new(at, "ytd_falls", message)
                    .in_field("value")
                    .with_value(f.value.to_string())
            });
        }
        last = Some(f);
    }
}
