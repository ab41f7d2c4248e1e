//! The problems of one input, bounded: the first [`MAX_PROBLEMS`] by line
//! are kept with their messages, the rest only counted, however many rows
//! are bad.

use super::{MAX_PROBLEMS, Problem};
use std::collections::BinaryHeap;

/// The first [`MAX_PROBLEMS`] problems by line, plus the count of the rest.
/// Problems arrive mostly but not entirely in line order (cross-row checks
/// come last), so the smallest lines are kept in a bounded max-heap.
#[derive(Default)]
pub(super) struct Problems {
    /// Keeps one more than shown: its line starts the summary line.
    kept: BinaryHeap<Kept>,
    pub(super) total: u64,
}

#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct Kept {
    line: u64,
    seq: u64,
    message: String,
}

impl Problems {
    /// `message` is only built when the problem will be shown.
    pub(super) fn add(&mut self, line: u64, message: impl FnOnce() -> String) {
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

    pub(super) fn into_sorted(self) -> Vec<Problem> {
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
