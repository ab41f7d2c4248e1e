//! Catalogue text that is safe to show anywhere: no control characters and
//! no bidirectional formatting characters, which would reorder or hide text
//! in a terminal, a CSV cell, an email header or a web page (U+202E makes
//! "txt.exe" look like "exe.txt"). Also URLs shown with their secrets hidden.

use super::invalid::Invalid;

/// Why `c` may not appear in display text, or `None` when it may. Newline
/// and tab are allowed only where `multiline` says so.
pub(crate) fn forbidden(c: char, multiline: bool) -> Option<&'static str> {
    match c {
        '\n' | '\t' if multiline => None,
        '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{200E}'
        | '\u{200F}'
        | '\u{061C}' => Some("a bidirectional formatting character"),
        c if c.is_control() => Some("a control character"),
        _ => None,
    }
}

/// The first forbidden character of `text`, as a message naming it and its
/// position (1-based, in characters), e.g. "contains U+202E (a bidirectional
/// formatting character) at character 7" (code `forbidden_character`).
pub(crate) fn check(text: &str, multiline: bool) -> Result<(), Invalid> {
    for (i, c) in text.chars().enumerate() {
        if let Some(what) = forbidden(c, multiline) {
            return Err(Invalid::new(
                "forbidden_character",
                format!(
                    "contains U+{:04X} ({what}) at character {}; remove it",
                    c as u32,
                    i + 1
                ),
            ));
        }
    }
    Ok(())
}

/// `text` with every forbidden character (newline and tab allowed) written
/// as a visible `\u{…}` escape: for quotes, which keep the source document's
/// words but must not carry invisible controls into any output.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match forbidden(c, true) {
            Some(_) => out.push_str(&format!("\\u{{{:04X}}}", c as u32)),
            None => out.push(c),
        }
    }
    out
}

/// `scheme://user:secret@host` → `scheme://user:***@host`: for a database or
/// SMTP URL in a message or a log line.
pub(crate) fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let userinfo = &url[s + 3..at];
            let user = userinfo.split(':').next().unwrap_or("");
            format!("{}://{user}:***@{}", &url[..s], &url[at + 1..])
        }
        _ => url.to_string(),
    }
}

/// `https://user:pw@hooks.example/services/T0/B0/XYZ?token=t` →
/// `https://hooks.example/***`: a webhook URL for messages and log lines.
/// Receivers put their secret in the path or the query (a chat service's
/// hook path, `?token=`), so only the scheme, host and port are shown.
pub(crate) fn redact_webhook(url: &str) -> String {
    let Some(s) = url.find("://") else {
        return "***".into();
    };
    let rest = &url[s + 3..];
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    let host = authority.rsplit('@').next().unwrap_or(authority);
    let tail = if end < rest.len() { "/***" } else { "" };
    format!("{}://{host}{tail}", &url[..s])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_overrides_are_named_with_their_position() {
        assert_eq!(
            check("abc\u{202E}def", false).unwrap_err().message,
            "contains U+202E (a bidirectional formatting character) at character 4; remove it"
        );
        assert_eq!(
            check("a\u{7}", false).unwrap_err().message,
            "contains U+0007 (a control character) at character 2; remove it"
        );
        assert!(check("line\nbreak", false).is_err());
        assert!(check("line\nbreak\tand tab", true).is_ok());
        assert!(check("\u{85}", true).is_err(), "C1 controls too");
        assert!(check("辽宁 中欧班列，增长10%以上", false).is_ok());
    }

    #[test]
    fn escaping_keeps_text_and_shows_controls() {
        assert_eq!(
            escape("a\u{202E}b\u{0}c\nd\te"),
            "a\\u{202E}b\\u{0000}c\nd\te"
        );
        assert_eq!(escape("中欧班列"), "中欧班列");
        let escaped = escape("\u{2066}\u{1b}[31m");
        assert!(check(&escaped, true).is_ok(), "{escaped:?}");
    }

    #[test]
    fn a_url_keeps_its_user_and_loses_its_password() {
        assert_eq!(
            redact_url("smtp://mail:hunter2@host:25?tls=starttls"),
            "smtp://mail:***@host:25?tls=starttls"
        );
        assert_eq!(redact_url("sqlite://w.db"), "sqlite://w.db");
        assert_eq!(redact_url("no scheme@host"), "no scheme@host");
    }

    #[test]
    fn a_webhook_url_shows_only_where_it_goes() {
        assert_eq!(
            redact_webhook("https://u:pw@hooks.example:8443/services/T0/B0/XYZ?token=t"),
            "https://hooks.example:8443/***"
        );
        assert_eq!(redact_webhook("http://10.0.0.5?k=v"), "http://10.0.0.5/***");
        assert_eq!(redact_webhook("http://[::1]:9093"), "http://[::1]:9093");
        assert_eq!(redact_webhook("nonsense/secret"), "***");
    }
}
