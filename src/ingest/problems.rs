//! The problems of one input, bounded: the first [`MAX_PROBLEMS`] by
//! location are kept whole, the rest only counted, however many rows are
//! bad.

use super::{Location, MAX_PROBLEMS, Problem};
use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// The first [`MAX_PROBLEMS`] problems by location, plus the count of the
/// rest. Problems arrive mostly but not entirely in order (cross-row checks
/// come last), so the first ones are kept in a bounded max-heap.
#[derive(Default)]
pub(super) struct Problems {
    /// Keeps one more than shown: its location starts the summary line.
    kept: BinaryHeap<Kept>,
    pub(super) total: u64,
}

/// A problem kept, ordered by where it is and then by when it came.
struct Kept {
    seq: u64,
    problem: Problem,
}

impl Kept {
    fn key(&self) -> (Location, u64) {
        (self.problem.at, self.seq)
    }
}

impl PartialEq for Kept {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}

impl Eq for Kept {}

impl PartialOrd for Kept {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Kept {
    fn cmp(&self, other: &Self) -> Ordering {
        self.key().cmp(&other.key())
    }
}

impl Problems {
    /// A problem at `at`; `problem` is only built when it will be shown.
    pub(super) fn add(&mut self, at: Location, problem: impl FnOnce() -> Problem) {
        let seq = self.total;
        self.total += 1;
        if self.kept.len() > MAX_PROBLEMS
            && self.kept.peek().is_some_and(|top| (at, seq) > top.key())
        {
            return;
        }
        let problem = problem();
        debug_assert_eq!(problem.at, at);
        self.kept.push(Kept { seq, problem });
        if self.kept.len() > MAX_PROBLEMS + 1 {
            self.kept.pop();
        }
    }

    pub(super) fn into_sorted(self) -> Vec<Problem> {
        let mut kept: Vec<Problem> = self
            .kept
            .into_sorted_vec()
            .into_iter()
            .map(|k| k.problem)
            .collect();
        let rest = self.total.saturating_sub(MAX_PROBLEMS as u64);
        let summary = (rest > 0).then(|| {
            let plural = if rest == 1 { "" } else { "s" };
            Problem::new(
                kept[MAX_PROBLEMS].at,
                "more",
                format!("… and {rest} more problem{plural}"),
            )
            .with_value(rest.to_string())
        });
        kept.truncate(MAX_PROBLEMS);
        kept.extend(summary);
        kept
    }
}
