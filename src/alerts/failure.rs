//! How one delivery attempt failed: the channels (webhook, email) say which
//! kind of failure it was, and the worker decides when to try again.

use std::time::Duration;

/// Why an attempt failed, and whether to try again.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Failure {
    /// Connection error, timeout, 5xx, 408, 429: later. `after`: the receiver's Retry-After.
    Retry {
        error: String,
        after: Option<Duration>,
    },
    /// Anything else (other 4xx, a malformed message): never.
    Permanent(String),
}
