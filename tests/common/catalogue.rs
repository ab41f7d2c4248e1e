//! Catalogues for tests: the fixture catalogue changed in place, and
//! [`Builder`], which writes one a table at a time.

use std::fmt::Display;

/// The text of the fixture catalogue (tests/fixtures/catalogue.toml).
pub fn fixture_text() -> String {
    std::fs::read_to_string(super::fixture("catalogue.toml")).expect("fixture catalogue")
}

/// The fixture catalogue with every `from` replaced by its `to`; each
/// `from` must be there, so a fixture that changed shape fails loudly.
pub fn fixture_with(changes: &[(&str, &str)]) -> String {
    let mut text = fixture_text();
    for (from, to) in changes {
        assert!(
            text.contains(from),
            "the fixture catalogue changed shape: no {from:?}"
        );
        text = text.replace(from, to);
    }
    text
}

/// The fixture catalogue with review at its default (`review = "suspect"`):
/// suspect figures are held for review.
pub fn reviewed() -> String {
    fixture_text().replace("review = \"never\"\n", "")
}

/// The fixture catalogue with every indicator taking periods that have not
/// ended (`allow_future = true`): for figures that run past today.
pub fn open() -> String {
    fixture_with(&[("[[indicator]]\n", "[[indicator]]\nallow_future = true\n")])
}

/// Catalogue text, a table at a time. Values go between quotes as given:
/// a caller writing something TOML must escape escapes it itself.
#[derive(Default)]
pub struct Builder(String);

impl Builder {
    /// An empty catalogue.
    pub fn new() -> Builder {
        Builder::default()
    }

    /// A region.
    pub fn region(mut self, id: &str, name: &str) -> Builder {
        self.0 += &format!("[[region]]\nid = \"{id}\"\nname = \"{name}\"\n\n");
        self
    }

    /// An indicator; `frequency` is "monthly", "quarterly" or "annual",
    /// `measure` "flow" or "level".
    pub fn indicator(
        mut self,
        id: &str,
        name: &str,
        unit: &str,
        frequency: &str,
        measure: &str,
    ) -> Builder {
        self.0 += &format!(
            "[[indicator]]\nid = \"{id}\"\nname = \"{name}\"\nunit = \"{unit}\"\n\
             frequency = \"{frequency}\"\nmeasure = \"{measure}\"\n\n"
        );
        self
    }

    /// A goal of `region`; `terms` are its other lines (indicator, type, targets).
    pub fn goal(mut self, id: &str, title: &str, region: &str, terms: &str) -> Builder {
        self.0 += &format!(
            "[[goal]]\nid = \"{id}\"\ntitle = \"{title}\"\nregion = \"{region}\"\n{terms}\n\n"
        );
        self
    }

    /// A goal of `indicator` growing by `percent` in `target_year` over the year before.
    pub fn growth(
        self,
        id: &str,
        title: &str,
        (region, indicator): (&str, &str),
        percent: impl Display,
        target_year: i32,
    ) -> Builder {
        let terms = format!(
            "indicator = \"{indicator}\"\ntype = \"growth\"\npercent = {percent}\ntarget_year = {target_year}"
        );
        self.goal(id, title, region, &terms)
    }

    /// The catalogue's text.
    pub fn build(self) -> String {
        self.0
    }
}
