//! The observation status of current figures, for the views that show it
//! beside a value (the status table, the dashboard): only figures that have
//! one, of the series asked for.

use super::Result;
use super::{Store, known_bound, tail};
use crate::domain::{Flag, Period};
use chrono::{DateTime, Utc};
use std::collections::HashMap;

/// The flags of current figures, by (region, indicator, period).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Flags(HashMap<(String, String, String), Flag>);

impl Flags {
    /// The flag of the current figure of `period` in a series, if it has one.
    pub(crate) fn of(&self, region: &str, indicator: &str, period: Period) -> Option<Flag> {
        let key = (
            region.to_string(),
            indicator.to_string(),
            period.to_string(),
        );
        self.0.get(&key).copied()
    }
}

type Row = (String, String, String, Option<String>);

impl Store {
    /// The flags of the current figures (as known at `known_at`) of the
    /// given series (region, indicator); figures without one are left out.
    pub(crate) async fn current_flags(
        &self,
        series: &[(&str, &str)],
        known_at: Option<DateTime<Utc>>,
    ) -> Result<Flags> {
        let json = serde_json::to_string(series)?;
        let mut tx = self.readers().begin().await?;
        let rows: Vec<Row> = match known_at {
            // CROSS JOIN keeps the series as the outer loop: a primary-key range each.
            None => {
                sqlx::query_as(
                    "SELECT c.region, c.indicator, c.period, c.flag FROM json_each(?1) AS k
                 CROSS JOIN figure_current AS c
                   ON c.region = k.value ->> 0 AND c.indicator = k.value ->> 1
                 WHERE c.flag IS NOT NULL",
                )
                .bind(&json)
                .fetch_all(&mut *tx)
                .await?
            }
            // SQLite takes the bare columns of a max() aggregate from the row holding the maximum.
            Some(t) => {
                sqlx::query_as(
                    "SELECT region, indicator, period, flag FROM (
                     SELECT region, indicator, period, flag, max(id) FROM figure
                     WHERE recorded_at <= ?2
                       AND (region, indicator) IN (SELECT value ->> 0, value ->> 1 FROM json_each(?1))
                     GROUP BY region, indicator, period)
                 WHERE flag IS NOT NULL",
                )
                .bind(&json)
                .bind(known_bound(Some(t)))
                .fetch_all(&mut *tx)
                .await?
            }
        };
        let mut out = HashMap::new();
        for (r, i, p, f) in rows {
            if let Some(flag) = tail::flag(f.as_deref())? {
                out.insert((r, i, p), flag);
            }
        }
        if known_at.is_none() {
            // A newer revision not yet folded decides, with or without a flag.
            for f in tail::read(&mut tx, Some(series)).await? {
                let flag = tail::flag(f.flag.as_deref())?;
                let key = (f.region, f.indicator, f.period);
                match flag {
                    Some(flag) => out.insert(key, flag),
                    None => out.remove(&key),
                };
            }
        }
        tx.commit().await?;
        Ok(Flags(out))
    }
}
