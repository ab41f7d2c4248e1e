//! SDMX-CSV (versions 1 and 2): a header naming `DATAFLOW` or `STRUCTURE`,
//! `STRUCTURE_ID`, `ACTION`, the dimensions, `TIME_PERIOD`, `OBS_VALUE` and
//! attributes, separated by the character after that first term (`,` or
//! `;`), with or without labels (`REF_AREA: Reference area`). Rows are kept
//! when every `filter` column holds its code; code maps turn dimensions into
//! waymark ids; an empty (or `NaN`) OBS_VALUE or an `OBS_STATUS` of `M` is a
//! gap; rows with `ACTION = D` (delete) are ignored, because waymark never
//! deletes a recorded figure. A value is moved from its `UNIT_MULT` into the
//! indicator's `unit_mult`, and its `OBS_STATUS` becomes the figure's flag.

mod header;
mod scale;
#[cfg(test)]
mod tests;

use super::{invalid, map_row};
use crate::config::SourceConfig;
use crate::domain::echo::echo;
use crate::domain::{Catalogue, Figure, Flag};
use crate::ingest::{
    CsvScan, Field, Location, Numbering, Problem, RawRecord, Validator, unclosed_quote,
};
use crate::sources::error::SourceError;
use header::Columns;
use std::collections::HashMap;

const TIME: &str = "TIME_PERIOD";
const VALUE: &str = "OBS_VALUE";
const STATUS: &str = "OBS_STATUS";
const MULT: &str = "UNIT_MULT";

/// Read, filter, map, scale and validate an SDMX-CSV body. Lines are
/// physical CSV lines (header = 1).
pub fn read_sdmx_csv(
    body: &[u8],
    source: &SourceConfig,
    catalogue: &Catalogue,
) -> Result<Vec<Figure>, SourceError> {
    let (Some(region), Some(indicator)) = (&source.region, &source.indicator) else {
        unreachable!("settings require region and indicator for sdmx-csv sources");
    };
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let delimiter = header::separator(body)
        .map_err(|e| invalid(vec![Problem::new(Location::Line(1), e.code, e.message)]))?;
    // The scan bounds rows and the header and finds a quote never closed.
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .from_reader(CsvScan::crlf(body).with_delimiter(delimiter));
    let header = match rdr.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            return Err(match rdr.get_ref().problem() {
                Some(p) => invalid(vec![p]),
                None => SourceError::malformed("sdmx-csv", format!("header: {e}")),
            });
        }
    };
    if let Some(at) = rdr.get_ref().unclosed_quote() {
        return Err(invalid(vec![unclosed_quote(Location::Line(at), None)]));
    }
    let columns = Columns::new(&header);
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
    let column_names = column_list(&header);
    let missing: Vec<Problem> = needed
        .iter()
        .filter(|(c, _)| columns.find(c).is_none())
        .map(|(c, why)| {
            Problem::new(
                Location::Line(1),
                "missing_column",
                format!("header: no column {c} ({why}); the columns are {column_names}"),
            )
        })
        .collect();
    if !missing.is_empty() {
        return Err(invalid(missing));
    }
    let filters: Vec<(Option<usize>, &str)> = source
        .filter
        .iter()
        .map(|(c, want)| (columns.find(c), want.trim()))
        .collect();
    let at = |name: Option<&str>| name.and_then(|c| columns.find(c));
    let (region_at, indicator_at) = (at(region.column()), at(indicator.column()));
    let (action, status, mult) = (at(Some("ACTION")), at(Some(STATUS)), at(Some(MULT)));
    let (time, value_at) = (at(Some(TIME)), at(Some(VALUE)));
    let unit_mults: HashMap<&str, i32> = catalogue
        .indicators
        .iter()
        .map(|i| (i.id.as_str(), i.unit_mult))
        .collect();

    let mut v = Validator::new(catalogue, Numbering::Line);
    // Flags by line, in line order; attached once the figures are validated.
    let mut flags: Vec<(u64, Flag)> = Vec::new();
    let mut rec = csv::StringRecord::new();
    loop {
        match rdr.read_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let p = rdr.get_ref().problem().unwrap_or_else(|| {
                    let line = e.position().map_or(0, |p| p.line());
                    Problem::new(
                        Location::Line(line),
                        "not_csv",
                        format!("not valid CSV: {e}"),
                    )
                });
                v.problem(p);
                break;
            }
        }
        if let Some(at) = rdr.get_ref().unclosed_quote() {
            // The open quote began the record's last field.
            let last = header.get(rec.len().saturating_sub(1)).unwrap_or_default();
            v.problem(unclosed_quote(
                Location::Line(at),
                Some(Field::Owned(last.to_string())),
            ));
            break;
        }
        let line = rec.position().map_or(0, |p| p.line());
        let here = Location::Line(line);
        if columns.code(&rec, action) == "D"
            || filters
                .iter()
                .any(|(i, want)| columns.code(&rec, *i) != *want)
        {
            continue;
        }
        let Ok(Some((r, ind))) = map_row(
            &mut v,
            here,
            (region, Some(columns.code(&rec, region_at))),
            (indicator, Some(columns.code(&rec, indicator_at))),
        ) else {
            continue;
        };
        let value = Columns::text(&rec, value_at);
        if value.is_empty() || value.eq_ignore_ascii_case("nan") {
            continue; // a gap
        }
        let mut row_ok = true;
        let status = columns.code(&rec, status);
        if Flag::is_missing(status) {
            continue;
        }
        let flag = Flag::parse(status).unwrap_or_else(|e| {
            v.problem(Problem::new(here, e.code, e.message).in_field(STATUS));
            row_ok = false;
            None
        });
        let row_mult = scale::unit_mult(columns.code(&rec, mult)).unwrap_or_else(|e| {
            v.problem(Problem::new(here, e.code, e.message).in_field(MULT));
            row_ok = false;
            0
        });
        let time = Columns::text(&rec, time);
        let p = period(time);
        if p.is_none() {
            let message = format!(
                "{} is not a supported period (expected 2021, 2021-Q3, 2021-03 or 2021-M03)",
                echo(time)
            );
            v.problem(Problem::new(here, "bad_period", message).in_field(TIME));
        }
        let (Some(p), true) = (p, row_ok) else {
            continue;
        };
        let ind_mult = unit_mults.get(ind).copied().unwrap_or(0);
        let value = match scale::scaled(value, row_mult - ind_mult) {
            Ok(scaled) => scaled,
            Err(e) => {
                let message = format!(
                    "{} at {MULT} {row_mult} is beyond the figure bounds in the unit of \
                     indicator {ind:?} (unit_mult {ind_mult}): {}",
                    echo(value),
                    e.message
                );
                v.problem(Problem::new(here, e.code, message).in_field(VALUE));
                continue;
            }
        };
        v.push(
            line,
            RawRecord {
                region: r,
                indicator: ind,
                period: &p,
                value: &value,
                basis: None,
                note: None,
                flag: None,
            },
        );
        if let Some(f) = flag {
            flags.push((line, f));
        }
    }
    let mut figures = v.finish().map_err(invalid)?;
    for f in &mut figures {
        if let Ok(i) = flags.binary_search_by_key(&f.line, |(line, _)| *line) {
            f.flag = Some(flags[i].1);
        }
    }
    Ok(figures)
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
