//! What is wrong with a catalogue file, collected: every problem with its
//! file, entry and key, so one load reports them all rather than the first.

use super::model::Slug;
use crate::domain::lang::{Lang, Text};
use std::fmt;

/// One thing wrong with a catalogue file: where (file, entry, key) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogueProblem {
    /// The file, as the load was told to name it.
    pub(crate) file: String,
    /// e.g. `goal "liaoning-trains-2021"` or `goal #3`; empty for file-level problems.
    pub(crate) entry: String,
    /// The key of the entry (or, for file-level problems, of the file).
    pub(crate) key: Option<String>,
    /// Which language of a bilingual display text is wrong; `None` for
    /// any other key, and for a text given in English only.
    pub(crate) lang: Option<Lang>,
    /// What is wrong.
    pub(crate) message: String,
}

impl fmt::Display for CatalogueProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:", self.file)?;
        if !self.entry.is_empty() {
            write!(f, " {}:", self.entry)?;
        }
        if let Some(key) = &self.key {
            write!(f, " key `{key}`")?;
            if let Some(lang) = self.lang {
                write!(f, " ({lang})")?;
            }
            f.write_str(":")?;
        }
        write!(f, " {}", self.message)
    }
}

/// The problems found so far in one file.
pub(super) struct Problems {
    pub(super) file: String,
    pub(super) list: Vec<CatalogueProblem>,
}

impl Problems {
    /// No problems yet in `file`.
    pub(super) fn new(file: &str) -> Problems {
        Problems {
            file: file.to_string(),
            list: Vec::new(),
        }
    }

    /// How many problems were found: compare before and after a check.
    pub(super) fn count(&self) -> usize {
        self.list.len()
    }

    /// A problem at `entry` (empty for the file as a whole) and `key`.
    pub(super) fn push(&mut self, entry: &str, key: Option<&str>, message: String) {
        self.push_in(entry, key, None, message);
    }

    /// A problem with the `lang` half of the display text at `key`.
    fn push_in(&mut self, entry: &str, key: Option<&str>, lang: Option<Lang>, message: String) {
        self.list.push(CatalogueProblem {
            file: self.file.clone(),
            entry: entry.to_string(),
            key: key.map(str::to_string),
            lang,
            message,
        });
    }

    /// Deserialize each table of an array of tables on its own so that one bad
    /// entry does not hide the problems of the others.
    pub(super) fn entries<T: serde::de::DeserializeOwned>(
        &mut self,
        kind: &str,
        value: toml::Value,
    ) -> Vec<T> {
        let toml::Value::Array(items) = value else {
            self.push(
                "",
                Some(kind),
                format!("must be an array of tables ([[{kind}]])"),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, item) in items.into_iter().enumerate() {
            let label = match item.get("id").and_then(toml::Value::as_str) {
                Some(id) => format!("{kind} {id:?}"),
                None => format!("{kind} #{}", i + 1),
            };
            match item.try_into::<T>() {
                Ok(t) => out.push(t),
                Err(e) => {
                    let msg = e.to_string().trim_end().replace('\n', " ");
                    let key = backticked(&msg);
                    self.push(&label, key.as_deref(), msg);
                }
            }
        }
        out
    }

    /// Display text (a source): no control or bidirectional formatting
    /// characters; `multiline` texts may hold newlines and tabs.
    pub(super) fn text(&mut self, entry: &str, key: &str, value: &str, multiline: bool) {
        if let Err(m) = crate::domain::text::check(value, multiline) {
            self.push(entry, Some(key), m.message);
        }
    }

    /// A bilingual display text (a name, unit, title, note): each language
    /// given is checked as [`Problems::text`] checks, and `nonempty` ones must
    /// hold more than blanks. A problem names its language unless the text
    /// is English only, where the key alone says where it is.
    pub(super) fn texts(
        &mut self,
        entry: &str,
        key: &str,
        value: &Text,
        multiline: bool,
        nonempty: bool,
    ) {
        let name_lang = value.exact(Lang::ZhCn).is_some();
        for (lang, text) in value.given() {
            let lang = name_lang.then_some(lang);
            if nonempty && text.trim().is_empty() {
                self.push_in(entry, Some(key), lang, "must not be empty".into());
            }
            if let Err(m) = crate::domain::text::check(text, multiline) {
                self.push_in(entry, Some(key), lang, m.message);
            }
        }
    }

    /// The slug `value` is; a problem at `key` if it is none.
    pub(super) fn slug(&mut self, entry: &str, key: &str, value: &str) -> Option<Slug> {
        Slug::parse(value)
            .map_err(|e| self.push(entry, Some(key), e.to_string()))
            .ok()
    }
}

/// The offending key in a serde message: named last in a type error
/// ("invalid type: floating point `2.5`, expected i64 in `unit_mult`"),
/// first otherwise ("unknown field `percnt`, expected one of …").
fn backticked(msg: &str) -> Option<String> {
    let start = match msg.rfind(" in `") {
        Some(at) => at + " in `".len(),
        None => msg.find('`')? + 1,
    };
    let len = msg[start..].find('`')?;
    Some(msg[start..start + len].to_string())
}
