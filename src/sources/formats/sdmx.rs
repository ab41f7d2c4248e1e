//! SDMX-CSV (versions 1 and 2): a header naming `DATAFLOW` or `STRUCTURE`,
//! `STRUCTURE_ID`, `ACTION`, the dimensions, `TIME_PERIOD`, `OBS_VALUE` and
//! attributes. Rows are kept when every `filter` column equals its value;
//! code maps turn dimensions into waymark ids; an empty (or `NaN`) OBS_VALUE
//! is a gap; rows with `ACTION = D` (delete) are ignored, because waymark
//! never deletes a recorded figure.

use super::{invalid, map_row};
use crate::domain::echo::echo;
use crate::domain::{Catalogue, Figure};
use crate::ingest::{CsvScan, Problem, RawRecord, Validator, unclosed_quote};
use crate::sources::config::SourceConfig;
use crate::sources::error::SourceError;
use std::collections::HashMap;

const TIME: &str = "TIME_PERIOD";
const VALUE: &str = "OBS_VALUE";

/// Read, filter, map and validate an SDMX-CSV body. Lines are physical CSV lines (header = 1).
pub fn read_sdmx_csv(
    body: &[u8],
    source: &SourceConfig,
    catalogue: &Catalogue,
) -> Result<Vec<Figure>, SourceError> {
    let (Some(region), Some(indicator)) = (&source.region, &source.indicator) else {
        unreachable!("settings require region and indicator for sdmx-csv sources");
    };
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    // The scan bounds rows and the header and finds a quote never closed.
    let mut rdr = csv::ReaderBuilder::new().from_reader(CsvScan::crlf(body));
    let header = match rdr.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            return Err(match rdr.get_ref().problem() {
                Some(p) => invalid("line", vec![p]),
                None => SourceError::malformed("sdmx-csv", format!("header: {e}")),
            });
        }
    };
    if let Some(at) = rdr.get_ref().unclosed_quote() {
        return Err(invalid(
            "line",
            vec![Problem::new(at, unclosed_quote("header"))],
        ));
    }
    let index: HashMap<&str, usize> = header
        .iter()
        .enumerate()
        .map(|(i, name)| (name.trim(), i))
        .collect();
    // Every column the settings name must exist: a typo would otherwise
    // silently filter out, or fail to map, every row.
    let mut needed: Vec<(&str, String)> = vec![
        (TIME, "SDMX-CSV requires it".into()),
        (VALUE, "SDMX-CSV requires it".into()),
    ];
    for (key, m) in [("region", region), ("indicator", indicator)] {
        if let Some(c) = m.column() {
            needed.push((c, format!("named by `{key}.column`")));
        }
    }
    for c in source.filter.keys() {
        needed.push((c, "named by `filter`".into()));
    }
    let columns = column_list(&header);
    let missing: Vec<Problem> = needed
        .iter()
        .filter(|(c, _)| !index.contains_key(c))
        .map(|(c, why)| {
            Problem::new(
                1,
                format!("header: no column {c} ({why}); the columns are {columns}"),
            )
        })
        .collect();
    if !missing.is_empty() {
        return Err(invalid("line", missing));
    }
    let filters: Vec<(usize, &str)> = source
        .filter
        .iter()
        .map(|(c, want)| (index[c.as_str()], want.as_str()))
        .collect();
    let action = index.get("ACTION").copied();
    fn get<'r>(
        index: &HashMap<&str, usize>,
        rec: &'r csv::StringRecord,
        column: Option<&str>,
    ) -> Option<&'r str> {
        column.and_then(|c| rec.get(index[c]).map(str::trim))
    }

    let mut v = Validator::new(catalogue);
    let mut rec = csv::StringRecord::new();
    loop {
        match rdr.read_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let p = rdr.get_ref().problem().unwrap_or_else(|| {
                    let line = e.position().map_or(0, |p| p.line());
                    Problem::new(line, format!("not valid CSV: {e}"))
                });
                v.problem(p.line, p.message);
                break;
            }
        }
        if let Some(at) = rdr.get_ref().unclosed_quote() {
            // The open quote began the record's last field.
            let last = header.get(rec.len().saturating_sub(1)).unwrap_or_default();
            v.problem(at, unclosed_quote(&format!("column {last}")));
            break;
        }
        let line = rec.position().map_or(0, |p| p.line());
        if action.and_then(|a| rec.get(a)).map(str::trim) == Some("D")
            || filters
                .iter()
                .any(|(i, want)| rec.get(*i).map(str::trim) != Some(*want))
        {
            continue;
        }
        let Ok(Some((r, ind))) = map_row(
            &mut v,
            line,
            (region, get(&index, &rec, region.column())),
            (indicator, get(&index, &rec, indicator.column())),
        ) else {
            continue;
        };
        let value = get(&index, &rec, Some(VALUE)).unwrap_or("");
        if value.is_empty() || value.eq_ignore_ascii_case("nan") {
            continue; // a gap
        }
        let time = get(&index, &rec, Some(TIME)).unwrap_or("");
        let Some(p) = period(time) else {
            v.problem(
                line,
                format!(
                    "column {TIME}: {} is not a supported period (expected 2021, 2021-Q3, 2021-03 or 2021-M03)",
                    echo(time)
                ),
            );
            continue;
        };
        v.push(
            line,
            RawRecord {
                region: r,
                indicator: ind,
                period: &p,
                value,
                basis: None,
                note: None,
                flag: None,
            },
        );
    }
    v.finish().map_err(|p| invalid("line", p))
}

/// The payload's own column names for a message: each cut short, and at
/// most 20 of them, since the header may hold anything.
fn column_list(header: &csv::StringRecord) -> String {
    const SHOWN: usize = 20;
    let mut list: Vec<String> = header
        .iter()
        .take(SHOWN)
        .map(|c| echo(c).to_string())
        .collect();
    if header.len() > SHOWN {
        list.push(format!("… ({} in all)", header.len()));
    }
    list.join(", ")
}

/// SDMX time periods → waymark periods: `2021`, `2021-A1`, `2021-Q3`,
/// `2021-03`, `2021-M03`. Days, weeks and half-years have no waymark period.
fn period(time: &str) -> Option<String> {
    let year = time
        .get(..4)
        .filter(|y| y.bytes().all(|b| b.is_ascii_digit()))?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match time.get(4..)? {
        "" | "-A1" => Some(year.to_string()),
        rest => {
            let rest = rest.strip_prefix('-')?;
            if let Some(q) = rest.strip_prefix('Q').filter(|q| q.len() == 1 && digits(q)) {
                Some(format!("{year}-Q{q}"))
            } else {
                let m = rest.strip_prefix('M').unwrap_or(rest);
                (m.len() == 2 && digits(m)).then(|| format!("{year}-{m}"))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{column_list, period};

    #[test]
    fn the_column_list_in_a_message_is_bounded() {
        let short = csv::StringRecord::from(vec!["TIME_PERIOD", "OBS_VALUE"]);
        assert_eq!(column_list(&short), "\"TIME_PERIOD\", \"OBS_VALUE\"");
        let long = "X".repeat(100_000);
        let hostile = csv::StringRecord::from(vec![long.as_str(); 1000]);
        let shown = column_list(&hostile);
        assert!(shown.len() < 3000, "{} bytes", shown.len());
        assert!(shown.ends_with("… (1000 in all)"), "{shown:.100}");
    }

    #[test]
    fn sdmx_time_periods_become_waymark_periods() {
        for (sdmx, waymark) in [
            ("2021", Some("2021")),
            ("2021-A1", Some("2021")),
            ("2021-Q3", Some("2021-Q3")),
            ("2021-03", Some("2021-03")),
            ("2021-M03", Some("2021-03")),
            ("2021-03-15", None),
            ("2021-W05", None),
            ("2021-S1", None),
            ("21", None),
        ] {
            assert_eq!(period(sdmx).as_deref(), waymark, "{sdmx}");
        }
    }
}
