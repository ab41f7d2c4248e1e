//! Why a text is not a valid value of its kind (a period, a number, a
//! flag, an interval): a short machine code and the words for a person.
//! Parsers return it instead of a bare message, so that whoever reports the
//! problem (an import's problem list, the API's `code`, a settings error)
//! can tell the kinds apart without reading the words.

/// A text that is not a valid value. Shows as its words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct Invalid {
    /// What kind of problem, in `snake_case` (`not_a_number`, `bad_flag`, …).
    pub(crate) code: &'static str,
    /// What is wrong, naming the text (cut short, see crate::domain::echo).
    pub(crate) message: String,
}

impl Invalid {
    /// A problem of kind `code`, described by `message`.
    pub(crate) fn new(code: &'static str, message: impl Into<String>) -> Invalid {
        Invalid {
            code,
            message: message.into(),
        }
    }
}
