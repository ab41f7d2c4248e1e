//! Row-level and cross-row validation of figures, shared by every input format.
//!
//! Rows are checked as they arrive (catalogue ids, period syntax and
//! frequency, value, basis); [`Validator::finish`] then sorts the figures and
//! checks what needs the whole file: conflicting duplicates and year-to-date
//! totals that go down.

use super::{FigureInput, MAX_PROBLEMS, Problem, RawRecord, text};
use crate::domain::catalogue::unknown;
use crate::domain::figure::parse_value;
use crate::domain::{Basis, Catalogue, Measure, Period};
use std::collections::{BinaryHeap, HashMap};

/// Collects figures and problems for one import (see the module docs).
pub struct Validator<'c> {
    catalogue: &'c Catalogue,
    /// Built once so each row costs two hash lookups and no allocation.
    regions: HashMap<&'c str, u32>,
    indicators: HashMap<&'c str, u32>,
    figures: Vec<FigureInput>,
    problems: Problems,
}

impl<'c> Validator<'c> {
    pub fn new(catalogue: &'c Catalogue) -> Self {
        let index = |ids: Vec<&'c str>| -> HashMap<&'c str, u32> {
            ids.into_iter()
                .enumerate()
                .map(|(i, id)| (id, u32::try_from(i).expect("catalogue under 2^32 entries")))
                .collect()
        };
        Validator {
            catalogue,
            regions: index(catalogue.regions.iter().map(|r| r.id.as_str()).collect()),
            indicators: index(catalogue.indicators.iter().map(|i| i.id.as_str()).collect()),
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
        let region = lookup(&self.regions, rec.region.trim()).or_else(|| {
            let ids = || cat.regions.iter().map(|r| r.id.to_string());
            self.problems
                .add(line, || id_problem("region", rec.region, ids().collect()));
            None
        });
        let indicator = lookup(&self.indicators, rec.indicator.trim()).or_else(|| {
            let ids = || cat.indicators.iter().map(|i| i.id.to_string());
            self.problems.add(line, || {
                id_problem("indicator", rec.indicator, ids().collect())
            });
            None
        });
        let ind = indicator.map(|i| &cat.indicators[i as usize]);

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

        if self.problems.total != before {
            return;
        }
        if let (Some(region), Some(indicator), Some(period), Some(value), Some(basis)) =
            (region, indicator, period, value, basis)
        {
            let note = rec.note.map(str::trim).filter(|n| !n.is_empty());
            self.figures.push(FigureInput {
                line,
                region,
                indicator,
                period,
                value,
                basis,
                note: note.map(str::to_string),
                flag: None,
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
    /// period; a figure given twice with the same value and basis is kept
    /// once, with the first one's line and note) or every problem sorted by line.
    pub fn finish(self) -> Result<Vec<FigureInput>, Vec<Problem>> {
        let Validator {
            catalogue,
            mut figures,
            mut problems,
            ..
        } = self;
        // Sorting finds duplicates without a map of keys; `line` makes the
        // order total, so the first occurrence leads each run of equal keys.
        figures.sort_unstable_by_key(|f| (f.key(), f.line));
        figures.dedup_by(|later, first| {
            if later.key() != first.key() {
                return false;
            }
            let series = || {
                format!(
                    "for {} {} {}",
                    first.region_id(catalogue),
                    first.indicator_id(catalogue),
                    first.period
                )
            };
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

fn lookup(index: &HashMap<&str, u32>, id: &str) -> Option<u32> {
    index.get(id).copied()
}

fn id_problem(kind: &str, raw: &str, known: Vec<String>) -> String {
    let id = raw.trim();
    if id.is_empty() {
        format!("column {kind}: missing {kind}")
    } else {
        format!("column {kind}: {}", unknown(kind, id, &known))
    }
}

/// A year-to-date total below an earlier one of the same series and year
/// would make a negative period value: almost always a typo or a period
/// figure marked `ytd`. `figures` must be sorted by key.
fn check_ytd_rises(figures: &[FigureInput], problems: &mut Problems) {
    let mut last: Option<&FigureInput> = None;
    for f in figures.iter().filter(|f| f.basis == Basis::Ytd) {
        if let Some(prev) = last
            && (prev.region, prev.indicator, prev.period.year())
                == (f.region, f.indicator, f.period.year())
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

/// The first [`MAX_PROBLEMS`] problems by line, plus the count of the rest.
/// Problems arrive mostly but not entirely in line order (cross-row checks
/// come last), so the smallest lines are kept in a bounded max-heap.
#[derive(Default)]
struct Problems {
    /// Keeps one more than shown: its line starts the summary line.
    kept: BinaryHeap<Kept>,
    total: u64,
}

#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct Kept {
    line: u64,
    seq: u64,
    message: String,
}

impl Problems {
    /// `message` is only built when the problem will be shown.
    fn add(&mut self, line: u64, message: impl FnOnce() -> String) {
        let seq = self.total;
        self.total += 1;
        if self.kept.len() > MAX_PROBLEMS
            && self
                .kept
                .peek()
                .is_some_and(|top| (line, seq) > (top.line, top.seq))
        {
            return;
        }
        self.kept.push(Kept {
            line,
            seq,
            message: message(),
        });
        if self.kept.len() > MAX_PROBLEMS + 1 {
            self.kept.pop();
        }
    }

    fn into_sorted(self) -> Vec<Problem> {
        let mut kept = self.kept.into_sorted_vec();
        let rest = self.total.saturating_sub(MAX_PROBLEMS as u64);
        let summary = (rest > 0).then(|| {
            let plural = if rest == 1 { "" } else { "s" };
            Problem::new(
                kept[MAX_PROBLEMS].line,
                format!("… and {rest} more problem{plural}"),
            )
        });
        kept.truncate(MAX_PROBLEMS);
        let mut out: Vec<Problem> = kept
            .into_iter()
            .map(|k| Problem::new(k.line, k.message))
            .collect();
        out.extend(summary);
        out
    }
}
