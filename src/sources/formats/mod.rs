//! Payload formats: each turns a body into validated figures through the same
//! [`Validator`] as `import`, so a pulled figure passes exactly the checks a
//! typed-in one does.

mod sdmx;
mod worldbank;

pub use sdmx::read_sdmx_csv;
pub use worldbank::{WorldBankPage, page_url, read_worldbank_page, worldbank_figures};

use super::error::SourceError;
use crate::config::sources::Mapping;
use crate::domain::echo::echo;
use crate::domain::{Catalogue, Figure};
use crate::ingest::{Problem, RawRecord, Validator};
use serde::Deserialize;

/// Waymark's own CSV import format.
pub fn read_csv(body: &[u8], catalogue: &Catalogue) -> Result<Vec<Figure>, SourceError> {
    crate::ingest::read_csv(body, catalogue, None).map_err(|problems| invalid("line", problems))
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
    let mut v = Validator::new(catalogue);
    for (i, o) in parsed.observations.iter().enumerate() {
        let line = i as u64 + 1;
        let value = match &o.value {
            serde_json::Value::Number(n) => n.to_string(),
            serde_json::Value::String(s) => s.clone(),
            other => {
                v.problem(
                    line,
                    format!(
                        "column value: expected a number or a string, got {}",
                        echo(&other.to_string())
                    ),
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
    v.finish().map_err(|p| invalid("observation", p))
}

pub(crate) fn invalid(unit: &'static str, problems: Vec<Problem>) -> SourceError {
    SourceError::Invalid { unit, problems }
}

/// What a code map says about one row.
pub(crate) enum Mapped<'m> {
    Id(&'m str),
    /// An unmapped code with `others = "skip"`.
    Skip,
}

impl Mapping {
    /// The waymark id for a row whose mapped column holds `code`; `key` is
    /// `region` or `indicator`, for the message.
    pub(crate) fn map<'m>(&'m self, key: &str, code: Option<&str>) -> Result<Mapped<'m>, String> {
        match self {
            Mapping::Fixed(id) => Ok(Mapped::Id(id)),
            Mapping::Codes {
                column,
                values,
                skip_others,
            } => {
                let code = code.unwrap_or("").trim();
                match values.get(code) {
                    Some(id) => Ok(Mapped::Id(id)),
                    None if *skip_others => Ok(Mapped::Skip),
                    None if code.is_empty() => Err(format!("column {column}: missing code")),
                    None => Err(format!(
                        "column {column}: unknown code {} (add it to the source's \
                         `{key}.values`, or set {key}.others = \"skip\")",
                        echo(code)
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
/// Problems are reported to `v` and yield `Err(())`.
pub(crate) fn map_row<'m>(
    v: &mut Validator<'_>,
    line: u64,
    region: (&'m Mapping, Option<&str>),
    indicator: (&'m Mapping, Option<&str>),
) -> Result<Option<(&'m str, &'m str)>, ()> {
    let r = region.0.map("region", region.1);
    let i = indicator.0.map("indicator", indicator.1);
    let mut failed = false;
    for m in [&r, &i] {
        if let Err(message) = m {
            v.problem(line, message.clone());
            failed = true;
        }
    }
    match (r, i) {
        _ if failed => Err(()),
        (Ok(Mapped::Id(r)), Ok(Mapped::Id(i))) => Ok(Some((r, i))),
        _ => Ok(None),
    }
}
