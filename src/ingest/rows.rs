//! Between a file reader and the [`Validator`]: files of revisions, where
//! only the last row of each figure is imported. Every reader (CSV, XLSX, JSON) feeds its rows
//! through here, so they treat both alike.

use super::{Numbering, Problem, RawRecord, Validator};
use crate::domain::{Catalogue, Figure};

/// A row waiting for the next one, in a file of revisions.
struct Held {
    line: u64,
    fields: [String; 4],
    basis: Option<String>,
    note: Option<String>,
    flag: Option<String>,
}

impl Held {
    fn key(&self) -> [&str; 3] {
        [&self.fields[0], &self.fields[1], &self.fields[2]].map(|f| f.trim())
    }
}

pub(super) struct Rows<'c> {
    v: Validator<'c>,
    revisions: bool,
    held: Option<Held>,
}

impl<'c> Rows<'c> {
    pub(crate) fn new(catalogue: &'c Catalogue, numbering: Numbering) -> Self {
        Rows {
            v: Validator::new(catalogue, numbering),
            revisions: false,
            held: None,
        }
    }

    /// A file of revisions (`export --revisions`, see [`super::header::Columns::revisions`]):
    /// the rows of one figure (region, indicator, period) follow each other,
    /// oldest first, and only the last of them is imported, like the last
    /// revision is the current figure. The earlier ones are passed over
    /// unchecked: they are history in the database the file came from.
    pub(crate) fn revisions(&mut self, on: bool) {
        self.revisions = on;
    }

    /// Take one row.
    pub(crate) fn push(&mut self, line: u64, rec: RawRecord<'_>) {
        if !self.revisions {
            self.v.push(line, rec);
            return;
        }
        let key = [rec.region, rec.indicator, rec.period].map(str::trim);
        if self.held.as_ref().is_some_and(|h| h.key() != key) {
            self.flush();
        }
        self.held = Some(Held {
            line,
            fields: [rec.region, rec.indicator, rec.period, rec.value].map(str::to_string),
            basis: rec.basis.map(str::to_string),
            note: rec.note.map(str::to_string),
            flag: rec.flag.map(str::to_string),
        });
    }

    fn flush(&mut self) {
        if let Some(h) = self.held.take() {
            let [region, indicator, period, value] = &h.fields;
            let rec = RawRecord {
                region,
                indicator,
                period,
                value,
                basis: h.basis.as_deref(),
                note: h.note.as_deref(),
                flag: h.flag.as_deref(),
            };
            self.v.push(h.line, rec);
        }
    }

    /// See [`Validator::problem`].
    pub(crate) fn problem(&mut self, problem: Problem) {
        self.v.problem(problem);
    }

    pub(crate) fn has_problems(&self) -> bool {
        self.v.has_problems()
    }

    /// See [`Validator::finish`].
    pub(crate) fn finish(mut self) -> Result<Vec<Figure>, Vec<Problem>> {
        self.flush();
        self.v.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Flag;
    use crate::test_support::fixture_catalogue;

    fn row<'a>(period: &'a str, value: &'a str, flag: Option<&'a str>) -> RawRecord<'a> {
        RawRecord {
            region: "liaoning",
            indicator: "china-europe-trains",
            period,
            value,
            basis: None,
            note: Some("n"),
            flag,
        }
    }

    #[test]
    fn in_a_file_of_revisions_the_last_row_of_each_figure_is_imported() {
        let cat = fixture_catalogue();
        let mut rows = Rows::new(&cat, Numbering::Line);
        rows.revisions(true);
        rows.push(2, row("2021-01", "not a number", Some("bad")));
        rows.push(3, row("2021-01", "70", Some("")));
        rows.push(4, row("2021-02", "1", Some("P")));
        rows.push(5, row(" 2021-02 ", "2", Some("a")));
        rows.push(6, row("2021-03", "3", Some("E")));
        let got: Vec<(u64, f64, Option<Flag>)> = rows
            .finish()
            .unwrap()
            .iter()
            .map(|f| (f.line, f.value, f.flag))
            .collect();
        assert_eq!(
            got,
            [
                (3, 70.0, None),
                (5, 2.0, Some(Flag::Normal)),
                (6, 3.0, Some(Flag::Estimated))
            ]
        );
    }

    #[test]
    fn otherwise_two_rows_of_one_figure_conflict_and_the_flag_is_kept() {
        let cat = fixture_catalogue();
        let mut rows = Rows::new(&cat, Numbering::Line);
        rows.push(2, row("2021-01", "1", None));
        rows.push(3, row("2021-01", "2", None));
        rows.push(4, row("2021-02", "2", Some(" E ")));
        let problems: Vec<String> = rows
            .finish()
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            problems,
            [
                "3: column value: 2 conflicts with 1 on line 2 for liaoning china-europe-trains 2021-01"
            ]
        );
        let mut rows = Rows::new(&cat, Numbering::Line);
        rows.push(4, row("2021-02", "2", Some(" E ")));
        assert_eq!(rows.finish().unwrap()[0].flag, Some(Flag::Estimated));
    }
}
