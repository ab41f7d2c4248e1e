//! Row-level and cross-row validation of figures, shared by every input format.
//!
//! Rows are checked as they arrive (catalogue ids, period syntax and
//! frequency, value, basis, flag, and the indicator's rules);
//! [`Validator::finish`] then sorts the figures and checks what needs the
//! whole file: conflicting duplicates and year-to-date totals that go down.
//! A row flagged `M` (missing) is a gap: its ids and period are checked, and
//! no figure comes of it.

use super::problems::Problems;
use super::{Problem, RawRecord, text};
use crate::domain::catalogue::{IdKind, UnknownId};
use crate::domain::figure::parse_value;
use crate::domain::{Basis, Catalogue, Figure, Flag, Indicator, Measure, Period, Slug};
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};

/// Collects figures and problems for one import (see the module docs).
pub struct Validator<'c> {
    catalogue: &'c Catalogue,
    /// Built once so each row costs two hash lookups and no allocation.
    regions: HashMap<&'c str, &'c Slug>,
    indicators: HashMap<&'c str, &'c Indicator>,
    /// Periods must have ended before this date, unless an indicator allows otherwise.
    today: NaiveDate,
    figures: Vec<Figure>,
    problems: Problems,
}

impl<'c> Validator<'c> {
    /// A validator for figures recorded today (UTC, [`super::today`]).
    pub fn new(catalogue: &'c Catalogue) -> Self {
        Validator::as_of(catalogue, super::today())
    }

    /// A validator for figures recorded on `today`: periods must have ended before it.
    pub fn as_of(catalogue: &'c Catalogue, today: NaiveDate) -> Self {
        Validator {
            catalogue,
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

    /// Validate one record given as text fields; problems are collected
    /// inside, valid figures kept for [`Validator::finish`]. Fields are
    /// trimmed; every problem of the record is reported, not only the first.
    pub fn push(&mut self, line: u64, rec: RawRecord<'_>) {
        let before = self.problems.total;
        // Broken text (a swallowed row, a control character) says nothing
        // useful about ids or numbers: report only that.
        if !self.text_is_sound(line, &rec) {
            return;
        }
        let cat = self.catalogue;
        let region = self.regions.get(rec.region.trim()).copied().or_else(|| {
            let ids = cat.regions.iter().map(|r| r.id.as_str());
            self.problems
                .add(line, || id_problem(IdKind::Region, rec.region, ids));
            None
        });
        let ind = self
            .indicators
            .get(rec.indicator.trim())
            .copied()
            .or_else(|| {
                let ids = cat.indicators.iter().map(|i| i.id.as_str());
                self.problems
                    .add(line, || id_problem(IdKind::Indicator, rec.indicator, ids));
                None
            });

        let period_text = rec.period.trim();
        let period = match period_text.parse::<Period>() {
            Ok(p) => Some(p),
            Err(_) if period_text.is_empty() => {
                self.problems
                    .add(line, || "column period: missing period".into());
                None
            }
            Err(e) => {
                self.problems.add(line, || format!("column period: {e}"));
                None
            }
        };
        if let (Some(p), Some(ind)) = (period, ind)
            && p.frequency() != ind.frequency
        {
            self.problems.add(line, || {
                format!(
                    "column period: period {:?} does not match indicator {:?}, which is {} (write periods like {})",
                    period_text,
                    ind.id.as_str(),
                    ind.frequency,
                    ind.frequency.example()
                )
            });
        }
        // A missing observation is a gap: nothing to parse or store.
        if rec.flag.is_some_and(Flag::is_missing) {
            return;
        }

        let value = parse_value(rec.value)
            .map_err(|m| self.problems.add(line, || format!("column value: {m}")))
            .ok();

        let basis_text = rec.basis.unwrap_or("").trim();
        let basis = basis_text
            .parse::<Basis>()
            .map_err(|m| self.problems.add(line, || format!("column basis: {m}")))
            .ok();
        if let (Some(Basis::Ytd), Some(ind)) = (basis, ind)
            && ind.measure == Measure::Level
        {
            self.problems.add(line, || {
                format!(
                    "column basis: {basis_text:?} does not apply to indicator {:?}, a level \
                     (year-to-date totals are for flow indicators)",
                    ind.id.as_str()
                )
            });
        }
        let flag = Flag::parse(rec.flag.unwrap_or(""))
            .map_err(|m| self.problems.add(line, || format!("column flag: {m}")))
            .ok();
        if let (Some(ind), Some(period), Some(value)) = (ind, period, value)
            && period.frequency() == ind.frequency
        {
            for b in ind.rules.check(ind.id.as_str(), period, value, self.today) {
                self.problems
                    .add(line, || format!("column {}: {}", b.field, b.message));
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
                line,
            });
        }
    }

    /// Report every field that breaks the rules of [`text`]; `false` if any does.
    fn text_is_sound(&mut self, line: u64, rec: &RawRecord<'_>) -> bool {
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
            if let Some(Err(m)) = field.map(text::one_line) {
                self.problems.add(line, || format!("column {column}: {m}"));
            }
        }
        if let Some(Err(m)) = rec.note.map(|n| text::note(n.trim())) {
            self.problems.add(line, || format!("column note: {m}"));
        }
        self.problems.total == before
    }

    /// Report a problem found outside [`Validator::push`] (header, field
    /// count, encoding), so it is sorted and capped with the others.
    pub fn problem(&mut self, line: u64, message: impl Into<String>) {
        self.problems.add(line, || message.into());
    }

    /// Whether any problem has been reported so far.
    pub fn has_problems(&self) -> bool {
        self.problems.total > 0
    }

    /// Cross-row checks, then the figures (sorted by region, indicator,
    /// period; a figure given twice with the same value, basis and flag is
    /// kept once, with the first one's line and note) or every problem
    /// sorted by line.
    pub fn finish(self) -> Result<Vec<Figure>, Vec<Problem>> {
        let Validator {
            mut figures,
            mut problems,
            ..
        } = self;
        // Sorting finds duplicates without a map of keys; `line` makes the
        // order total, so the first occurrence leads each run of equal keys.
        figures.sort_unstable_by(|a, b| (a.key(), a.line).cmp(&(b.key(), b.line)));
        figures.dedup_by(|later, first| {
            if later.key() != first.key() {
                return false;
            }
            let series = || format!("for {} {} {}", first.region, first.indicator, first.period);
            // A different basis makes the values incomparable: report only that.
            if later.basis != first.basis {
                problems.add(later.line, || {
                    format!(
                        "column basis: {} conflicts with {} on line {} {}",
                        later.basis,
                        first.basis,
                        first.line,
                        series()
                    )
                });
            } else if later.value != first.value {
                problems.add(later.line, || {
                    format!(
                        "column value: {} conflicts with {} on line {} {}",
                        later.value,
                        first.value,
                        first.line,
                        series()
                    )
                });
            } else if later.flag != first.flag {
                let code = |f: Option<Flag>| f.map_or("no flag", Flag::as_code);
                problems.add(later.line, || {
                    format!(
                        "column flag: {} conflicts with {} on line {} {}",
                        code(later.flag),
                        code(first.flag),
                        first.line,
                        series()
                    )
                });
            }
            true
        });
        check_ytd_rises(&figures, &mut problems);
        if problems.total > 0 {
            Err(problems.into_sorted())
        } else {
            Ok(figures)
        }
    }
}

/// Check figures built outside a [`Validator`] (or validated on another
/// day) against their catalogue: each names a region and an indicator of
/// it and keeps the indicator's rules as of `today`. Problems are sorted
/// by line and capped like a file's.
pub fn check_rules(
    catalogue: &Catalogue,
    figures: &[Figure],
    today: NaiveDate,
) -> Result<(), Vec<Problem>> {
    let indicators = indicator_index(catalogue);
    let regions: HashSet<&str> = catalogue.regions.iter().map(|r| r.id.as_str()).collect();
    let mut problems = Problems::default();
    for f in figures {
        if !regions.contains(f.region.as_str()) {
            let ids = catalogue.regions.iter().map(|r| r.id.as_str());
            problems.add(f.line, || {
                id_problem(IdKind::Region, f.region.as_str(), ids)
            });
        }
        let Some(ind) = indicators.get(f.indicator.as_str()) else {
            let ids = catalogue.indicators.iter().map(|i| i.id.as_str());
            problems.add(f.line, || {
                id_problem(IdKind::Indicator, f.indicator.as_str(), ids)
            });
            continue;
        };
        for b in ind.rules.check(ind.id.as_str(), f.period, f.value, today) {
            problems.add(f.line, || format!("column {}: {}", b.field, b.message));
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

/// The problem with an id column whose value the catalogue does not have.
fn id_problem<'a>(kind: IdKind, raw: &str, known: impl IntoIterator<Item = &'a str>) -> String {
    let id = raw.trim();
    if id.is_empty() {
        format!("column {kind}: missing {kind}")
    } else {
        format!("column {kind}: {}", UnknownId::among(kind, id, known))
    }
}

/// A year-to-date total below an earlier one of the same series and year
/// would make a negative period value: almost always a typo or a period
/// figure marked `ytd`. `figures` must be sorted by key.
fn check_ytd_rises(figures: &[Figure], problems: &mut Problems) {
    let mut last: Option<&Figure> = None;
    for f in figures.iter().filter(|f| f.basis == Basis::Ytd) {
        if let Some(prev) = last
            && (prev.series(), prev.period.year()) == (f.series(), f.period.year())
            && f.value < prev.value
        {
            problems.add(f.line, || {
                format!(
                    "column value: year-to-date total {} is smaller than {}, the total to {} on line {}",
                    f.value, prev.value, prev.period, prev.line
                )
            });
        }
        last = Some(f);
    }
}
