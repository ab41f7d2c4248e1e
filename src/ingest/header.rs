//! The header row: which column holds which field. Shared by CSV and XLSX.

use super::{Location, MAX_PROBLEMS, Problem};
use crate::domain::catalogue::closest;
use crate::domain::echo::echo;

const REQUIRED: [&str; 4] = ["region", "indicator", "period", "value"];
/// Every column import reads (the first four required), in order.
pub(crate) const ALL: [&str; 7] = [
    "region",
    "indicator",
    "period",
    "value",
    "basis",
    "note",
    "flag",
];
/// What `export --revisions` adds to each row: when, by whom and how the
/// revision was recorded. Import records its own, so these are not read;
/// they are accepted only beside `recorded_at`, which marks a file of
/// revisions (see [`Columns::revisions`]).
pub(crate) const REVISION: [&str; 4] = ["recorded_at", "recorded_by", "source", "review"];

/// Positions of the known columns in a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Columns {
    pub(crate) region: usize,
    pub(crate) indicator: usize,
    pub(crate) period: usize,
    pub(crate) value: usize,
    pub(crate) basis: Option<usize>,
    pub(crate) note: Option<usize>,
    pub(crate) flag: Option<usize>,
    /// A file of revisions (`export --revisions`): rows of one figure follow
    /// each other, oldest first, and only the last is imported.
    pub(crate) revisions: bool,
    /// Number of header fields: every row must have exactly this many (CSV).
    pub(crate) width: usize,
}

impl Columns {
    /// Map header names (trimmed, case-sensitive) to positions. Every problem
    /// with the header is returned, all at line `line`: rows cannot be read
    /// reliably under a wrong header, so the readers stop there.
    pub(crate) fn from_header<'a>(
        names: impl IntoIterator<Item = &'a str>,
        line: u64,
    ) -> Result<Columns, Vec<Problem>> {
        let at = Location::Line(line);
        let names: Vec<&str> = names.into_iter().map(str::trim).collect();
        let revisions = names.contains(&REVISION[0]);
        let known = |name: &str| {
            let revision = REVISION.iter().position(|c| *c == name);
            ALL.iter()
                .position(|c| *c == name)
                .or(revision.filter(|_| revisions).map(|k| ALL.len() + k))
        };
        let mut found: [Option<usize>; ALL.len() + REVISION.len()] = Default::default();
        let mut problems = Vec::new();
        let mut recognised = false;
        for (i, name) in names.iter().enumerate() {
            match known(name) {
                Some(k) => {
                    recognised = true;
                    match found[k] {
                        Some(first) => problems.push(Problem::new(
                            at,
                            "duplicate_column",
                            format!(
                                "duplicate column {name:?} (columns {} and {})",
                                first + 1,
                                i + 1
                            ),
                        )
                        .with_value(name)),
                        None => found[k] = Some(i),
                    }
                }
                None if name.is_empty() => {
                    problems.push(Problem::new(
                        at,
                        "unnamed_column",
                        format!("column {} has no name in the header", i + 1),
                    ));
                }
                None => match closest(name, ALL.iter().copied()) {
                    Some(best) => {
                        recognised = true;
                        problems.push(Problem::new(
                            at,
                            "unknown_column",
                            format!("unknown column {} (did you mean {best:?}?)", echo(name)),
                        )
                        .with_value(name));
                    }
                    None => problems.push(Problem::new(
                        at,
                        "unknown_column",
                        format!(
                            "unknown column {} (expected region, indicator, period, value, basis, note or flag)",
                            echo(name)
                        ),
                    )
                    .with_value(name)),
                },
            }
        }
        if !recognised {
            // Nothing looks like a column name: most likely the header row is
            // missing, and a list of every unknown and missing column would bury that.
            return Err(vec![Problem::new(
                at,
                "missing_header",
                "missing header row: the first line must name the columns \
                 region, indicator, period, value (optional: basis, note, flag)",
            )]);
        }
        for (k, name) in REQUIRED.iter().enumerate() {
            if found[k].is_none() {
                problems.push(
                    Problem::new(
                        at,
                        "missing_column",
                        format!("missing required column {name:?}"),
                    )
                    .with_value(name),
                );
            }
        }
        match (found, problems.is_empty()) {
            (
                [
                    Some(region),
                    Some(indicator),
                    Some(period),
                    Some(value),
                    basis,
                    note,
                    flag,
                    ..,
                ],
                true,
            ) => Ok(Columns {
                region,
                indicator,
                period,
                value,
                basis,
                note,
                flag,
                revisions,
                width: names.len(),
            }),
            _ => {
                // A header of thousands of empty names makes as many problems.
                let rest = problems.len().saturating_sub(MAX_PROBLEMS);
                problems.truncate(MAX_PROBLEMS);
                if rest > 0 {
                    problems.push(
                        Problem::new(
                            at,
                            "more",
                            format!("… and {rest} more problems with the header"),
                        )
                        .with_value(rest.to_string()),
                    );
                }
                Err(problems)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(line: &str) -> Result<Columns, Vec<String>> {
        Columns::from_header(line.split(','), 1)
            .map_err(|ps| ps.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn columns_in_any_order() {
        let c = header("value,note,period,indicator,region").unwrap();
        assert_eq!((c.value, c.note, c.region, c.basis), (0, Some(1), 4, None));
        assert_eq!(c.width, 5);
    }

    #[test]
    fn revision_columns_come_with_recorded_at() {
        let c =
            header("region,indicator,period,value,flag,source,recorded_by,recorded_at").unwrap();
        assert_eq!((c.flag, c.revisions, c.width), (Some(4), true, 8));
        assert!(!header("region,indicator,period,value").unwrap().revisions);
        assert_eq!(
            header("region,indicator,period,value,source").unwrap_err(),
            [
                "1: unknown column \"source\" (expected region, indicator, period, value, basis, note or flag)"
            ]
        );
        assert_eq!(
            header("recorded_at,region,indicator,period,value,recorded_at").unwrap_err(),
            ["1: duplicate column \"recorded_at\" (columns 1 and 6)"]
        );
    }

    #[test]
    fn header_problems_are_all_reported() {
        assert_eq!(
            header("regoin,indicator,period,value,value").unwrap_err(),
            [
                "1: unknown column \"regoin\" (did you mean \"region\"?)",
                "1: duplicate column \"value\" (columns 4 and 5)",
                "1: missing required column \"region\"",
            ]
        );
        assert!(
            header("liaoning,china-europe-trains,2021-03,112").unwrap_err()[0]
                .contains("missing header row")
        );
    }
}
