//! The catalogue's display texts given in one language only: not errors
//! (each shows in the language it has), but what a translator has left to do.

use super::model::Catalogue;
use crate::domain::lang::{Lang, Text};
use std::fmt;

/// A display text missing in one language, named as catalogue problems
/// name their place: `goal "liaoning-trains-2021": key `title``.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Untranslated {
    /// e.g. `region "liaoning"` or `goal "shenyang-hub"`.
    pub(crate) entry: String,
    /// `name`, `unit`, `title` or `note`.
    pub(crate) key: &'static str,
    /// The language the text is missing in.
    pub(crate) missing: Lang,
}

impl fmt::Display for Untranslated {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: key `{}`: no {} text (the {} one is shown)",
            self.entry,
            self.key,
            self.missing,
            self.missing.other()
        )
    }
}

impl Catalogue {
    /// Every display text missing a language, in the file's order: regions,
    /// then indicators, then goals.
    pub(crate) fn untranslated(&self) -> Vec<Untranslated> {
        let mut out = Vec::new();
        let mut add = |entry: String, key: &'static str, text: &Text| {
            out.extend(text.missing().map(|missing| Untranslated {
                entry: entry.clone(),
                key,
                missing,
            }));
        };
        for r in &self.regions {
            add(format!("region {:?}", r.id.as_str()), "name", &r.name);
        }
        for i in &self.indicators {
            let entry = format!("indicator {:?}", i.id.as_str());
            add(entry.clone(), "name", &i.name);
            add(entry, "unit", &i.unit);
        }
        for g in &self.goals {
            let entry = format!("goal {:?}", g.id.as_str());
            add(entry.clone(), "title", &g.title);
            if let Some(note) = &g.note {
                add(entry, "note", note);
            }
        }
        out
    }
}
