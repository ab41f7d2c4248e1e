//! Echoing user input in messages: quoted like `{:?}`, and cut short past
//! [`ECHO_CHARS`] characters so a 100 MB value never makes a 100 MB message.

use std::fmt;

/// At most this many characters of a value are shown in a message.
pub(crate) const ECHO_CHARS: usize = 80;

/// `text` as a message shows it: `"12,406"`; past [`ECHO_CHARS`]
/// characters, the start and the full length: `"aaa…" (104857600 characters)`.
pub(crate) fn echo(text: &str) -> Echo<'_> {
    Echo(text)
}

/// See [`echo`].
#[derive(Clone, Copy)]
pub(crate) struct Echo<'a>(&'a str);

impl fmt::Display for Echo<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Some((cut, _)) = self.0.char_indices().nth(ECHO_CHARS) else {
            return write!(f, "{:?}", self.0);
        };
        let quoted = format!("{:?}", &self.0[..cut]);
        // The ellipsis goes inside the closing quote: the value goes on.
        let open = &quoted[..quoted.len() - 1];
        write!(f, "{open}…\" ({} characters)", self.0.chars().count())
    }
}

impl fmt::Debug for Echo<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_quoted_as_is() {
        assert_eq!(echo("12,406").to_string(), "\"12,406\"");
        assert_eq!(echo("a\"b\nc").to_string(), "\"a\\\"b\\nc\"");
        let exact = "x".repeat(ECHO_CHARS);
        assert_eq!(echo(&exact).to_string(), format!("{exact:?}"));
    }

    #[test]
    fn long_text_is_cut_with_its_length() {
        let long = "é".repeat(10_000_000);
        let shown = echo(&long).to_string();
        assert_eq!(
            shown,
            format!("\"{}…\" (10000000 characters)", "é".repeat(ECHO_CHARS))
        );
        assert!(shown.chars().count() < ECHO_CHARS + 40);
    }
}
