//! World Bank API v2 JSON: `[ {page, pages, per_page, total, …}, [ observation, … ] ]`,
//! fetched page by page. A `null` value is a gap (the year is not published
//! yet), never an error. Dates: `2020` annual, `2020Q3` quarterly, `2020M03` monthly.

use super::{invalid, map_row};
use crate::config::SourceConfig;
use crate::domain::echo::echo;
use crate::domain::{Catalogue, Figure};
use crate::ingest::{Location, Numbering, Problem, RawRecord, Validator};
use crate::sources::error::SourceError;
use reqwest::Url;
use serde::Deserialize;
use serde_json::Value;

/// One page of observations, in the order the API gave them.
#[derive(Debug)]
pub(crate) struct WorldBankPage {
    pub(crate) page: u64,
    pub(crate) pages: u64,
    pub(crate) observations: Vec<Observation>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Observation {
    indicator: Option<IdValue>,
    country: Option<IdValue>,
    #[serde(default)]
    countryiso3code: String,
    #[serde(default)]
    date: String,
    value: Option<Value>,
}

#[derive(Debug, Deserialize)]
struct IdValue {
    id: String,
}

/// Parse one page. The API reports errors as `[{"message": [...]}]` with 200 OK.
pub(crate) fn read_worldbank_page(body: &[u8]) -> Result<WorldBankPage, SourceError> {
    let bad = |m: String| SourceError::malformed("worldbank", m);
    let top: Value = serde_json::from_slice(body).map_err(|e| bad(e.to_string()))?;
    let Some(parts) = top.as_array() else {
        return Err(bad(
            "expected a JSON array [metadata, observations] (is `format=json` in the URL?)".into(),
        ));
    };
    let meta = parts.first().and_then(Value::as_object);
    if let Some(msg) = meta.and_then(|m| m.get("message")) {
        return Err(bad(format!(
            "the API answered with an error: {}",
            echo(&msg.to_string())
        )));
    }
    let Some(meta) = meta else {
        return Err(bad("the first element is not a metadata object".into()));
    };
    // Numbers in some API versions, strings in others.
    let number = |key: &str| -> Result<u64, SourceError> {
        match meta.get(key) {
            Some(Value::Number(n)) => n.as_u64(),
            Some(Value::String(s)) => s.parse().ok(),
            _ => None,
        }
        .ok_or_else(|| bad(format!("metadata `{key}` is missing or not a number")))
    };
    let (page, pages) = (number("page")?, number("pages")?);
    let observations = match parts.get(1) {
        // An empty result is `[meta, null]`.
        None | Some(Value::Null) => Vec::new(),
        Some(list) => Vec::<Observation>::deserialize(list)
            .map_err(|e| bad(format!("page {page}: observations: {e}")))?,
    };
    Ok(WorldBankPage {
        page,
        pages,
        observations,
    })
}

/// The URL of page `n`: the source's URL with its `page` parameter replaced.
pub(crate) fn page_url(url: &Url, n: u64) -> Url {
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| k != "page")
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let mut out = url.clone();
    out.query_pairs_mut()
        .clear()
        .extend_pairs(pairs)
        .append_pair("page", &n.to_string());
    out
}

/// `2020` → `2020`, `2020Q3` → `2020-Q3`, `2020M03` → `2020-03`.
fn period(date: &str) -> Option<String> {
    let d = date.trim();
    let year = d
        .get(..4)
        .filter(|y| y.bytes().all(|b| b.is_ascii_digit()))?;
    match d.get(4..)? {
        "" => Some(year.to_string()),
        rest => match rest.split_at_checked(1)? {
            ("Q", q) if q.len() == 1 => Some(format!("{year}-Q{q}")),
            ("M", m) if m.len() == 2 => Some(format!("{year}-{m}")),
            _ => None,
        },
    }
}

/// Validate the observations of every page; observation numbers count from 1 across pages.
pub(crate) fn worldbank_figures(
    pages: &[WorldBankPage],
    source: &SourceConfig,
    catalogue: &Catalogue,
) -> Result<Vec<Figure>, SourceError> {
    let (Some(region), Some(indicator)) = (&source.region, &source.indicator) else {
        unreachable!("settings require region and indicator for worldbank sources");
    };
    let mut v = Validator::new(catalogue, Numbering::Item);
    let observations = pages.iter().flat_map(|p| &p.observations);
    for (i, o) in observations.enumerate() {
        let line = i as u64 + 1;
        let here = Location::Item(line);
        let column = |name: Option<&str>| match name {
            Some("countryiso3code") => Some(o.countryiso3code.as_str()),
            Some("country") => o.country.as_ref().map(|c| c.id.as_str()),
            Some("indicator") => o.indicator.as_ref().map(|c| c.id.as_str()),
            _ => None,
        };
        let Ok(Some((r, ind))) = map_row(
            &mut v,
            here,
            (region, column(region.column())),
            (indicator, column(indicator.column())),
        ) else {
            continue;
        };
        let value = match &o.value {
            None | Some(Value::Null) => continue, // a gap
            Some(Value::Number(n)) => n.to_string(),
            Some(Value::String(s)) => s.clone(),
            Some(other) => {
                let message = format!("expected a number, got {}", echo(&other.to_string()));
                v.problem(Problem::new(here, "wrong_type", message).in_field("value"));
                continue;
            }
        };
        let Some(p) = period(&o.date) else {
            let message = format!(
                "{} is not a World Bank date (expected 2020, 2020Q3 or 2020M03)",
                echo(&o.date)
            );
            v.problem(Problem::new(here, "bad_period", message).in_field("date"));
            continue;
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
    }
    v.finish().map_err(invalid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_become_waymark_periods() {
        assert_eq!(period("2020").as_deref(), Some("2020"));
        assert_eq!(period("2020Q3").as_deref(), Some("2020-Q3"));
        assert_eq!(period("2020M03").as_deref(), Some("2020-03"));
        assert_eq!(period("2020M3"), None);
        assert_eq!(period("20"), None);
        assert_eq!(period("2020-03"), None);
    }

    #[test]
    fn page_urls_replace_the_page_parameter() {
        let u =
            Url::parse("https://x.org/v2/country/CHN/indicator/A?format=json&page=1&per_page=50")
                .unwrap();
        assert_eq!(
            page_url(&u, 3).as_str(),
            "https://x.org/v2/country/CHN/indicator/A?format=json&per_page=50&page=3"
        );
    }
}
