//! One problem with an input, in parts each shell can format its own way:
//! where it is ([`Location`]), which field, a short machine code, and the
//! words. The words never name their own location; a problem that points
//! at another record (a conflicting duplicate) names it in the words the
//! input's own numbering uses ("on line 3", "in item 3", "at index 3"), so
//! no shell has to rewrite them.

use crate::domain::echo::ECHO_CHARS;
use std::borrow::Cow;
use std::fmt;

/// Where in its input a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Location {
    /// The input as a whole: a file that cannot be read at all, an empty
    /// list. Sorts first.
    Whole,
    /// A physical line of a CSV text (the header is line 1) or a row of a
    /// sheet.
    Line(u64),
    /// An item of a JSON list, from 1 (a JSON file's figures, a source's
    /// observations).
    Item(u64),
    /// A figure's position in a request's list, from 0.
    Index(u64),
}

impl Location {
    /// The number a shell prints (0 for the input as a whole).
    pub(crate) fn number(self) -> u64 {
        match self {
            Location::Whole => 0,
            Location::Line(n) | Location::Item(n) | Location::Index(n) => n,
        }
    }

    /// How a message names another record at this place: `on line 3`,
    /// `in item 3`, `at index 3`.
    pub(crate) fn phrase(self) -> String {
        match self {
            Location::Whole => "in the input".into(),
            Location::Line(n) => format!("on line {n}"),
            Location::Item(n) => format!("in item {n}"),
            Location::Index(n) => format!("at index {n}"),
        }
    }
}

/// `line 3`, `item 3`, `index 3`, or `the input`.
impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Whole => f.write_str("the input"),
            Location::Line(n) => write!(f, "line {n}"),
            Location::Item(n) => write!(f, "item {n}"),
            Location::Index(n) => write!(f, "index {n}"),
        }
    }
}

/// What numbers a reader's records: the [`Location`] a record number is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Numbering {
    /// CSV lines and sheet rows.
    Line,
    /// Items of a JSON list.
    Item,
    /// Positions in a request's list.
    Index,
}

impl Numbering {
    /// Record `n` as a location.
    pub(crate) fn at(self, n: u64) -> Location {
        match self {
            Numbering::Line => Location::Line(n),
            Numbering::Item => Location::Item(n),
            Numbering::Index => Location::Index(n),
        }
    }
}

/// The name of the field a problem is about: one of the columns import
/// reads, a source's own column (`OBS_STATUS`, a code map's column), a
/// form field.
pub type Field = Cow<'static, str>;

/// One problem with an input. Displays as `NUMBER: text` (see
/// `Problem::text`); each shell puts the location its own way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where in the input the problem is.
    pub at: Location,
    /// The field it is about, if one.
    pub(crate) field: Option<Field>,
    /// What kind of problem, in `snake_case`: `unknown_region`,
    /// `not_a_number`, `rule_min`, … (docs/api.md lists them).
    pub(crate) code: &'static str,
    /// What is wrong, without the location or the field.
    pub message: String,
    /// The text at fault as it was given (a field's text, a column's
    /// name; for `more`, how many problems were left out), cut to
    /// [`ECHO_CHARS`] characters and an ellipsis: for shells that word the
    /// problem themselves (the pages, in the reader's language) and show
    /// the value beside their words.
    pub(crate) value: Option<Box<str>>,
    /// What would do instead, where one text says it: the closest known
    /// id, the frequency's way of writing periods, a rule's bound.
    pub(crate) expected: Option<Box<str>>,
}

impl Problem {
    /// A problem of kind `code` at `at`, not about one field.
    pub(crate) fn new(at: Location, code: &'static str, message: impl Into<String>) -> Problem {
        Problem {
            at,
            field: None,
            code,
            message: message.into(),
            value: None,
            expected: None,
        }
    }

    /// The same problem, with the text at fault as given (see
    /// [`Problem::value`]).
    pub(crate) fn with_value(mut self, text: impl AsRef<str>) -> Problem {
        let text = text.as_ref();
        self.value = Some(match text.char_indices().nth(ECHO_CHARS) {
            Some((cut, _)) => format!("{}…", &text[..cut]).into(),
            None => text.into(),
        });
        self
    }

    /// The same problem, saying what would do instead (see
    /// [`Problem::expected`]).
    pub(crate) fn expecting(mut self, text: impl Into<Box<str>>) -> Problem {
        self.expected = Some(text.into());
        self
    }

    /// The same problem, about `field`.
    pub(crate) fn in_field(mut self, field: impl Into<Field>) -> Problem {
        self.field = Some(field.into());
        self
    }

    /// The words as every shell shows them: `column value: invalid number
    /// "x" (…)` for a field, the message alone otherwise.
    pub(crate) fn text(&self) -> Cow<'_, str> {
        match &self.field {
            Some(field) => Cow::Owned(format!("column {field}: {}", self.message)),
            None => Cow::Borrowed(&self.message),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.at.number(), self.text())
    }
}

impl std::error::Error for Problem {}
