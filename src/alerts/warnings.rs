//! Warnings for figures about to be recorded that look wrong (a unit slip, an
//! outlier): shown by `import` and `record` and in the HTTP API's `warnings`,
//! never a reason to reject.

use crate::domain::{Catalogue, Series, suspect};
use crate::ingest::FigureInput;
use crate::store::Store;
use anyhow::Result;
use std::collections::{BTreeMap, BTreeSet};

/// One suspect figure of an import.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FigureWarning {
    /// The figure's line (CSV line, sheet row or JSON index).
    pub line: u64,
    pub column: &'static str,
    pub value: f64,
    pub message: String,
}

/// Check `figures` against their series as stored, with the new figures in place.
pub async fn suspect_warnings(
    store: &Store,
    cat: &Catalogue,
    figures: &[FigureInput],
) -> Result<Vec<FigureWarning>> {
    let wanted: BTreeSet<(u32, u32)> = figures.iter().map(|f| (f.region, f.indicator)).collect();
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    let mut raw: BTreeMap<(u32, u32), BTreeMap<_, _>> = BTreeMap::new();
    let keys: Vec<(&str, &str)> = wanted
        .iter()
        .map(|(ri, ii)| {
            raw.insert((*ri, *ii), BTreeMap::new());
            (
                cat.regions[*ri as usize].id.as_str(),
                cat.indicators[*ii as usize].id.as_str(),
            )
        })
        .collect();
    let index: std::collections::HashMap<(&str, &str), (u32, u32)> =
        keys.iter().copied().zip(wanted.iter().copied()).collect();
    for stored in store.current_series_for(&keys).await? {
        let Some(key) = index.get(&(stored.region.as_str(), stored.indicator.as_str())) else {
            continue;
        };
        let entry = raw.entry(*key).or_default();
        for (period, value, basis) in stored.figures {
            entry.insert(period, (value, basis));
        }
    }
    for f in figures {
        if let Some(series) = raw.get_mut(&(f.region, f.indicator)) {
            series.insert(f.period, (f.value, f.basis));
        }
    }
    let mut out = Vec::new();
    let mut converted = BTreeMap::new();
    for f in figures {
        let ind = f.indicator(cat);
        let values = converted.entry((f.region, f.indicator)).or_insert_with(|| {
            let given = raw[&(f.region, f.indicator)]
                .iter()
                .map(|(p, (v, b))| (*p, *v, *b));
            Series::from_figures(ind.frequency, ind.measure, given)
                .values()
                .clone()
        });
        let Some(value) = values.get(&f.period).copied() else {
            continue;
        };
        if let Some(s) = suspect::check(values, f.period, value) {
            out.push(FigureWarning {
                line: f.line,
                column: "value",
                value: f.value,
                message: format!(
                    "column value: {} for {} {} {} looks wrong: {}",
                    f.value,
                    f.region_id(cat),
                    ind.id,
                    f.period,
                    s.reason
                ),
            });
        }
    }
    out.sort_by_key(|w| w.line);
    Ok(out)
}
