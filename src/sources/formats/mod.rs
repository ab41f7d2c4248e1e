//! Payload formats: each turns a body into validated figures through the same
//! `Validator` as `import`, so a pulled figure passes exactly the checks a
//! typed-in one does.

mod sdmx;
mod worldbank;

pub use sdmx::read_sdmx_csv;
pub(crate) use worldbank::{page_url, read_worldbank_page, worldbank_figures};

use super::error::SourceError;
use crate::config::sources::Mapping;
use crate::domain::Invalid;
use crate::domain::echo::echo;
use crate::domain::{Catalogue, Figure};
use crate::ingest::{Field, Location, Numbering, Problem, RawRecord, Validator};
use serde::Deserialize;

/// Waymark's own CSV import format.
pub(crate) fn read_csv(body: &[u8], catalogue: &Catalogue) -> Result<Vec<Figure>, SourceError> {
    crate::ingest::read_csv(body, catalogue, None).map_err(invalid)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonBody {
    observations: Vec<JsonObservation>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonObservation {
    region: String,
    indicator: String,
    period: String,
    value: serde_json::Value,
    basis: Option<String>,
    note: Option<String>,
    flag: Option<String>,
}

/// The body `POST /api/observations` takes: value a number or a string.
pub fn read_json(body: &[u8], catalogue: &Catalogue) -> Result<Vec<Figure>, SourceError> {
    let parsed: JsonBody = serde_json::from_slice(body)
        .map_err(|e| SourceError::malformed("json", format!("{e} (expected {{\"observations\": [{{\"region\", \"indicator\", \"period\", \"value\"}}, …]}})")))?;
    let mut v = Validator::new(catalogue, Numbering::Item);
    for (i, o) in parsed.observations.iter().enumerate() {
        let line = i as u64 + 1;
        let value = match &o.value {
            serde_json::Value::Number(n) => n.to_string(),
            serde_json::Value::String(s) => s.clone(),
            other => {
                let message = format!(
                    "expected a number or a string, got {}",
                    echo(&other.to_string())
                );
                v.problem(
                    Problem::new(Location::Item(line), "wrong_type", message).in_field("value"),
                );
                continue;
            }
        };
        v.push(
            line,
            RawRecord {
                region: &o.region,
                indicator: &o.indicator,
                period: &o.period,
                value: &value,
                basis: o.basis.as_deref(),
                note: o.note.as_deref(),
                flag: o.flag.as_deref(),
            },
        );
    }
    v.finish().map_err(invalid)
}

pub(crate) fn invalid(problems: Vec<Problem>) -> SourceError {
    SourceError::Invalid { problems }
}

/// What a code map says about one row.
pub(crate) enum Mapped<'m> {
    Id(&'m str),
    /// An unmapped code with `others = "skip"`.
    Skip,
}

impl Mapping {
    /// The waymark id for a row whose mapped column holds `code`; `key` is
    /// `region` or `indicator`, for the message. The problem (`missing_code`,
    /// `unknown_code`) is about [`Mapping::column`].
    pub(crate) fn map<'m>(&'m self, key: &str, code: Option<&str>) -> Result<Mapped<'m>, Invalid> {
        match self {
            Mapping::Fixed(id) => Ok(Mapped::Id(id)),
            Mapping::Codes {
                values,
                skip_others,
                ..
            } => {
                let code = code.unwrap_or("").trim();
                match values.get(code) {
                    Some(id) => Ok(Mapped::Id(id)),
                    None if *skip_others => Ok(Mapped::Skip),
                    None if code.is_empty() => Err(Invalid::new("missing_code", "missing code")),
                    None => Err(Invalid::new(
                        "unknown_code",
                        format!(
                            "unknown code {} (add it to the source's `{key}.values`, or set \
                             {key}.others = \"skip\")",
                            echo(code)
                        ),
                    )),
                }
            }
        }
    }

    /// The column a code map reads, if any.
    pub(crate) fn column(&self) -> Option<&str> {
        match self {
            Mapping::Fixed(_) => None,
            Mapping::Codes { column, .. } => Some(column),
        }
    }
}

/// Map a row's region and indicator; `Ok(None)` when either is skipped.
/// Problems (of the row at `at`) are reported to `v` and yield `Err(())`.
pub(crate) fn map_row<'m>(
    v: &mut Validator<'_>,
    at: Location,
    region: (&'m Mapping, Option<&str>),
    indicator: (&'m Mapping, Option<&str>),
) -> Result<Option<(&'m str, &'m str)>, ()> {
    let r = region.0.map("region", region.1);
    let i = indicator.0.map("indicator", indicator.1);
    let mut failed = false;
    for (m, mapping) in [(&r, region.0), (&i, indicator.0)] {
        if let Err(e) = m {
            let mut p = Problem::new(at, e.code, e.message.clone());
            if let Some(column) = mapping.column() {
                p = p.in_field(Field::Owned(column.to_string()));
            }
            v.problem(p);
            failed = true;
        }
    }
    match (r, i) {
        _ if failed => Err(()),
        (Ok(Mapped::Id(r)), Ok(Mapped::Id(i))) => Ok(Some((r, i))),
        _ => Ok(None),
    }
}
