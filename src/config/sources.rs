//! `[[source]]` settings, parsed into checked values. Every error names the
//! source and the key, because a settings file may list many sources.

use crate::domain::Invalid;
use crate::domain::catalogue::Slug;
use reqwest::Url;
use serde::{Deserialize, Deserializer};
use std::collections::BTreeMap;
use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;
use std::time::Duration;

pub(crate) const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
pub(crate) const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
pub(crate) const DEFAULT_MAX_BYTES: u64 = 32 * 1024 * 1024;
pub(crate) const DEFAULT_MAX_PAGES: u32 = 100;

/// One remote source of figures (module docs of [`crate::sources`]).
#[derive(Clone)]
pub struct SourceConfig {
    /// The source's name, as `waymark pull NAME` and the ledger know it.
    pub name: String,
    pub(crate) url: Url,
    /// How the payload is read.
    pub format: Format,
    /// Permit loopback, private and other non-global addresses.
    pub allow_private: bool,
    /// Non-global addresses permitted one by one (narrower than `allow_private`).
    pub(crate) allow_addresses: Vec<IpAddr>,
    /// Fixed id or code map; `None` for csv/json, whose rows name their own.
    pub region: Option<Mapping>,
    pub(crate) indicator: Option<Mapping>,
    /// SDMX-CSV only: keep rows whose column equals the value, for every entry.
    pub(crate) filter: BTreeMap<String, String>,
    pub(crate) connect_timeout: Duration,
    /// For each request, from connecting to the last byte of the body.
    pub timeout: Duration,
    /// Largest body accepted, per request.
    pub(crate) max_bytes: u64,
    /// World Bank only: the most pages one pull may fetch.
    pub(crate) max_pages: u32,
}

/// The payload formats a source may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// CSV with waymark's own columns.
    Csv,
    /// JSON: the `/api/observations` body.
    Json,
    /// The World Bank API's JSON pages.
    WorldBank,
    /// SDMX-CSV (one observation per row).
    SdmxCsv,
}

impl Format {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
            Format::WorldBank => "worldbank",
            Format::SdmxCsv => "sdmx-csv",
        }
    }

    /// Whether the payload names waymark ids itself (no region/indicator keys).
    fn self_describing(self) -> bool {
        matches!(self, Format::Csv | Format::Json)
    }
}

/// How a row's region or indicator becomes a waymark id.
#[derive(Debug, Clone, PartialEq)]
pub enum Mapping {
    /// Every row gets this id.
    Fixed(String),
    /// The id is looked up from a column's code.
    Codes {
        /// The column holding the code.
        column: String,
        /// Code to waymark id.
        values: BTreeMap<String, String>,
        /// `others = "skip"`: rows with an unmapped code are left out, not errors.
        skip_others: bool,
    },
}

/// The World Bank fields a code map may read.
pub(crate) const WORLDBANK_COLUMNS: &[&str] = &["countryiso3code", "country", "indicator"];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    name: String,
    url: String,
    format: String,
    #[serde(default)]
    allow_private: bool,
    #[serde(default)]
    allow_addresses: Vec<String>,
    region: Option<toml::Value>,
    indicator: Option<toml::Value>,
    #[serde(default)]
    filter: BTreeMap<String, String>,
    connect_timeout: Option<String>,
    timeout: Option<String>,
    max_bytes: Option<u64>,
    max_pages: Option<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCodes {
    column: String,
    values: BTreeMap<String, String>,
    others: Option<String>,
}

/// A `[[source]]` table that cannot be used: which source, and what is
/// wrong with it. Shows as `[[source]] "NAME": key `KEY`: what`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{label}: {problem}")]
pub(crate) struct SourceConfigError {
    /// `[[source]] "NAME"`, or `[[source]] (no name)`.
    pub(crate) label: String,
    pub(crate) problem: KeyProblem,
}

/// What is wrong with a `[[source]]` table.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum KeyProblem {
    /// The table as a whole: an unknown key, a missing one, a wrong type.
    #[error("{0}")]
    Table(String),
    /// One key's value (`key` may be a path such as `region.values.CN`).
    #[error("key `{key}`: {message}")]
    Value { key: String, message: String },
    /// A key the source's format needs.
    #[error(
        "key `{key}` is required for format {format}: a fixed id or {{ column = \"…\", values = {{ code = id }} }}"
    )]
    Required {
        key: &'static str,
        format: &'static str,
    },
}

impl KeyProblem {
    fn value(key: impl Into<String>, message: impl fmt::Display) -> KeyProblem {
        KeyProblem::Value {
            key: key.into(),
            message: message.to_string(),
        }
    }
}

impl SourceConfig {
    /// Parse one `[[source]]` table; the error names the source and the key.
    pub(crate) fn from_table(table: &toml::Table) -> Result<SourceConfig, SourceConfigError> {
        let label = match table.get("name").and_then(toml::Value::as_str) {
            Some(n) => format!("[[source]] {n:?}"),
            None => "[[source]] (no name)".to_string(),
        };
        let raw = toml::Value::Table(table.clone())
            .try_into::<Raw>()
            .map_err(|e| KeyProblem::Table(e.to_string().trim().to_string()))
            .and_then(parse);
        raw.map_err(|problem| SourceConfigError { label, problem })
    }
}

impl<'de> Deserialize<'de> for SourceConfig {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let table = toml::Table::deserialize(d)?;
        SourceConfig::from_table(&table).map_err(serde::de::Error::custom)
    }
}

fn parse(raw: Raw) -> Result<SourceConfig, KeyProblem> {
    Slug::parse(&raw.name).map_err(|e| KeyProblem::value("name", e))?;
    let url = Url::parse(&raw.url)
        .map_err(|e| KeyProblem::value("url", format!("{:?}: {e}", raw.url)))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(KeyProblem::value(
            "url",
            format!(
                "scheme {:?} is not supported (expected http or https)",
                url.scheme()
            ),
        ));
    }
    let format = match raw.format.as_str() {
        "csv" => Format::Csv,
        "json" => Format::Json,
        "worldbank" => Format::WorldBank,
        "sdmx-csv" => Format::SdmxCsv,
        other => {
            return Err(KeyProblem::value(
                "format",
                format!("unknown format {other:?} (expected csv, json, worldbank or sdmx-csv)"),
            ));
        }
    };
    let region = raw
        .region
        .map(|v| mapping("region", v, format))
        .transpose()?;
    let indicator = raw
        .indicator
        .map(|v| mapping("indicator", v, format))
        .transpose()?;
    for (key, m) in [("region", &region), ("indicator", &indicator)] {
        match (format.self_describing(), m) {
            (true, Some(_)) => {
                return Err(KeyProblem::value(
                    key,
                    format!(
                        "format {} names the {key} in every row; remove this key",
                        format.as_str()
                    ),
                ));
            }
            (false, None) => {
                return Err(KeyProblem::Required {
                    key,
                    format: format.as_str(),
                });
            }
            _ => {}
        }
    }
    if !raw.filter.is_empty() && format != Format::SdmxCsv {
        return Err(KeyProblem::value(
            "filter",
            format!(
                "only format sdmx-csv has dimensions to filter, not {}",
                format.as_str()
            ),
        ));
    }
    let allow_addresses = raw
        .allow_addresses
        .iter()
        .map(|a| {
            IpAddr::from_str(a).map_err(|_| {
                KeyProblem::value("allow_addresses", format!("{a:?} is not an IP address"))
            })
        })
        .collect::<Result<_, _>>()?;
    let duration = |key: &str, v: Option<String>, default: Duration| match v {
        None => Ok(default),
        Some(text) => parse_duration(&text).map_err(|e| KeyProblem::value(key, e)),
    };
    let positive = |key: &str, v: u64| {
        if v == 0 {
            Err(KeyProblem::value(key, "must be at least 1"))
        } else {
            Ok(v)
        }
    };
    Ok(SourceConfig {
        name: raw.name,
        url,
        format,
        allow_private: raw.allow_private,
        allow_addresses,
        region,
        indicator,
        filter: raw.filter,
        connect_timeout: duration(
            "connect_timeout",
            raw.connect_timeout,
            DEFAULT_CONNECT_TIMEOUT,
        )?,
        timeout: duration("timeout", raw.timeout, DEFAULT_TIMEOUT)?,
        max_bytes: positive("max_bytes", raw.max_bytes.unwrap_or(DEFAULT_MAX_BYTES))?,
        max_pages: positive(
            "max_pages",
            u64::from(raw.max_pages.unwrap_or(DEFAULT_MAX_PAGES)),
        )? as u32,
    })
}

fn mapping(key: &str, value: toml::Value, format: Format) -> Result<Mapping, KeyProblem> {
    match value {
        toml::Value::String(id) => {
            Slug::parse(&id).map_err(|e| KeyProblem::value(key, e))?;
            Ok(Mapping::Fixed(id))
        }
        toml::Value::Table(t) => {
            let codes: RawCodes = toml::Value::Table(t)
                .try_into()
                .map_err(|e: toml::de::Error| KeyProblem::value(key, e.to_string().trim()))?;
            let skip_others = match codes.others.as_deref() {
                None | Some("error") => false,
                Some("skip") => true,
                Some(other) => {
                    return Err(KeyProblem::value(
                        format!("{key}.others"),
                        format!("{other:?} (expected \"skip\" or \"error\")"),
                    ));
                }
            };
            if format == Format::WorldBank && !WORLDBANK_COLUMNS.contains(&codes.column.as_str()) {
                return Err(KeyProblem::value(
                    format!("{key}.column"),
                    format!(
                        "World Bank observations have no column {:?} (expected one of {})",
                        codes.column,
                        WORLDBANK_COLUMNS.join(", ")
                    ),
                ));
            }
            for (code, id) in &codes.values {
                Slug::parse(id)
                    .map_err(|e| KeyProblem::value(format!("{key}.values.{code}"), e))?;
            }
            Ok(Mapping::Codes {
                column: codes.column,
                values: codes.values,
                skip_others,
            })
        }
        other => Err(KeyProblem::value(
            key,
            format!(
                "expected an id or a code map {{ column, values, others }}, got {}",
                other.type_str()
            ),
        )),
    }
}

/// `"500ms"`, `"10s"`, `"2m"`: the units a timeout is written in (code
/// `bad_duration` otherwise).
pub fn parse_duration(text: &str) -> Result<Duration, Invalid> {
    let bad =
        |why: &str| Invalid::new("bad_duration", format!("invalid duration {text:?} ({why})"));
    let t = text.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (digits, unit) = t.split_at(split);
    let n: u64 = digits
        .parse()
        .map_err(|_| bad("expected e.g. \"500ms\", \"10s\", \"2m\""))?;
    let d = match unit {
        "ms" => Duration::from_millis(n),
        "s" => Duration::from_secs(n),
        "m" => Duration::from_secs(n * 60),
        _ => return Err(bad("expected a unit ms, s or m, e.g. \"10s\"")),
    };
    if d.is_zero() {
        return Err(bad("must be more than zero"));
    }
    Ok(d)
}

impl fmt::Debug for SourceConfig {
    // Only the parts that cannot carry a secret: a URL's userinfo and query may.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SourceConfig")
            .field("name", &self.name)
            .field("host", &self.url.host_str())
            .field("format", &self.format)
            .field("allow_private", &self.allow_private)
            .finish_non_exhaustive()
    }
}

/// Ids the sources map to that the catalogue does not have: `catalogue
/// check` reports them before a pull would fail on every row.
pub(crate) fn unknown_ids(
    sources: &[SourceConfig],
    catalogue: &crate::domain::Catalogue,
) -> Vec<String> {
    let mut problems = Vec::new();
    for s in sources {
        for (key, m) in [("region", &s.region), ("indicator", &s.indicator)] {
            let ids: Vec<(String, &str)> = match m {
                None => continue,
                Some(Mapping::Fixed(id)) => vec![(format!("`{key}`"), id.as_str())],
                Some(Mapping::Codes { values, .. }) => values
                    .iter()
                    .map(|(code, id)| (format!("`{key}.values.{code}`"), id.as_str()))
                    .collect(),
            };
            for (at, id) in ids {
                let known = match key {
                    "region" => catalogue.region(id).is_ok(),
                    _ => catalogue.indicator(id).is_ok(),
                };
                if !known {
                    problems.push(format!(
                        "[[source]] {:?}: key {at}: no {key} {id:?} in the catalogue",
                        s.name
                    ));
                }
            }
        }
    }
    problems
}
