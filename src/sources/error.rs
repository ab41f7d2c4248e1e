//! Why a pull failed. The message is what `waymark pull` prints and what the
//! failure record (and so the `source_failed` alert) carries.

use super::guard::Refused;
use crate::ingest::{Location, Problem};
use std::time::Duration;

/// Problems listed in one message; the rest are counted.
const SHOWN_PROBLEMS: usize = 5;
/// The longest message about a malformed payload, in characters.
const MAX_MESSAGE_CHARS: usize = 500;

#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error(transparent)]
    Refused(#[from] Refused),
    #[error("{url}: no complete answer within {after:?} (the source's `timeout`)")]
    Timeout { url: String, after: Duration },
    #[error("{url}: {cause}")]
    Network { url: String, cause: String },
    #[error("{url}: HTTP {status}{}", if body.is_empty() { String::new() } else { format!(": {body}") })]
    Status {
        url: String,
        status: String,
        body: String,
    },
    #[error("{url}: body larger than {limit} bytes (the source's `max_bytes`)")]
    TooLarge { url: String, limit: u64 },
    #[error("malformed {format} payload: {message}")]
    Malformed {
        format: &'static str,
        message: String,
    },
    /// Rows that did not validate or map.
    #[error("{}", invalid(problems))]
    Invalid { problems: Vec<Problem> },
    #[error("recording the pull: {}", .0.in_full())]
    Store(crate::store::Error),
}

impl SourceError {
    /// `message` is cut to [`MAX_MESSAGE_CHARS`]: a parser's error may quote
    /// part of the payload (an unknown field's name) at any length.
    pub(crate) fn malformed(format: &'static str, message: impl Into<String>) -> SourceError {
        let mut message = message.into();
        if let Some((cut, _)) = message.char_indices().nth(MAX_MESSAGE_CHARS) {
            message.truncate(cut);
            message.push('…');
        }
        SourceError::Malformed { format, message }
    }
}

/// Where a payload's problem is, as a pull's message names it: `line 3`
/// of a CSV body, `observation 3` of a JSON one.
pub(crate) fn place(at: Location) -> String {
    match at {
        Location::Item(n) => format!("observation {n}"),
        other => other.to_string(),
    }
}

fn invalid(problems: &[Problem]) -> String {
    let total = problems.len();
    let mut parts: Vec<String> = problems
        .iter()
        .take(SHOWN_PROBLEMS)
        .map(|p| match p.at {
            Location::Whole => p.text().into_owned(),
            at => format!("{}: {}", place(at), p.text()),
        })
        .collect();
    if total > SHOWN_PROBLEMS {
        parts.push(format!("… and {} more", total - SHOWN_PROBLEMS));
    }
    let plural = if total == 1 { "" } else { "s" };
    format!("{total} problem{plural}: {}", parts.join("; "))
}
