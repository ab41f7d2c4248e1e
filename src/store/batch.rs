//! Group commit: several independent writes (one per HTTP request) in one
//! `BEGIN IMMEDIATE` transaction, so concurrent single-figure writes share
//! one fsync instead of queueing for one each. Each group is classified
//! (new / revised / unchanged) as if the groups had been written one after
//! another, in order.

use super::Result;
use super::figures::{NewRevision, ROWS_PER_INSERT, Stamp, insert_revisions};
use super::review::{self, ForReview};
use super::{SeriesCache, Store, WriteSummary, fold, tail, timestamp};
use crate::domain::{Basis, Figure, Flag, Period, Provenance};
use anyhow::Context;
use chrono::Utc;
use std::collections::HashMap;

/// One caller's write: all its figures, who and how.
#[derive(Debug, Clone)]
pub(crate) struct FigureGroup {
    pub(crate) figures: Vec<Figure>,
    pub(crate) provenance: Provenance,
    /// Figures for review (src/store/review.rs): held ones are not among
    /// `figures`, confirmed ones are.
    pub(crate) reviews: Vec<ForReview>,
}

/// A figure's key: region, indicator, period.
type Key<'a> = (&'a str, &'a str, Period);

/// Current (value, basis, flag) by key.
type Current<'a> = HashMap<Key<'a>, (f64, Basis, Option<Flag>)>;

/// Keys per lookup query: the JSON parameter stays a few hundred kilobytes.
const KEYS_PER_QUERY: usize = 5_000;

/// The HTTP writer leaves up to this many revisions unfolded (see
/// [`super::fold`]) before it folds them all: folding many commits'
/// revisions at once touches each page of `figure_current` once instead of
/// once per commit. That commit waits for the fold (about 150 ms for 50,000
/// revisions over 1,000 series here); folding 20,000 at a time under batch
/// load cost 15% of the throughput.
pub(super) const MAX_UNFOLDED: i64 = 50_000;

/// What [`Store::write_figure_groups`] did: one summary per group, and the
/// largest figure id before and after (see [`super::SeriesCache`]).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct GroupsWritten {
    pub(crate) summaries: Vec<WriteSummary>,
    pub(crate) before: i64,
    pub(crate) after: i64,
}

impl Store {
    /// Write every group in one transaction; one summary per group, in order.
    ///
    /// Current values come from `cache` where it holds exactly the state the
    /// transaction starts from (its epoch is the largest figure id read
    /// inside the transaction), from the database otherwise. Rows go in in
    /// key order, which keeps the index pages touched in order; a key
    /// written by two groups keeps the groups' order, so the later group's
    /// revision gets the higher id.
    pub(crate) async fn write_figure_groups(
        &self,
        groups: &[FigureGroup],
        cache: Option<&SeriesCache>,
    ) -> Result<GroupsWritten> {
        let now = timestamp(Utc::now());
        let mut keys: Vec<Key> = groups
            .iter()
            .flat_map(|g| &g.figures)
            .map(Figure::key)
            .collect();
        keys.sort_unstable();
        keys.dedup();
        self.write(async |tx| {
            let (mark, before) = fold::marks(tx).await?;
            let known = match cache {
                Some(c) => c.known(before, &keys),
                None => vec![None; keys.len()],
            };
            let mut current = Current::with_capacity(keys.len());
            let mut cached = HashMap::new();
            let mut unknown = Vec::new();
            for (key, k) in keys.iter().zip(known) {
                match k {
                    Some(Some(v)) => {
                        cached.insert(*key, v);
                    }
                    Some(None) => {}
                    None => unknown.push(*key),
                }
            }
            // The cache holds values, not flags: where a figure has the
            // cached value and basis, only the stored flag can tell whether
            // it is a revision, so that key is read.
            for f in groups.iter().flat_map(|g| &g.figures) {
                if let Some(&(v, b)) = cached.get(&f.key())
                    && (f.value, f.basis) == (v, b)
                {
                    cached.remove(&f.key());
                    unknown.push(f.key());
                }
            }
            unknown.sort_unstable();
            for (key, (v, b)) in cached {
                // The flag cannot matter: every figure of the key differs in value or basis.
                current.insert(key, (v, b, None));
            }
            if !unknown.is_empty() {
                let mark = if mark < before {
                    fold::fold_some(tx).await?
                } else {
                    mark
                };
                current_values(tx, &unknown, &mut current).await?;
                if mark < before {
                    // More unfolded than one transaction folds (after a
                    // large import): read the rest where it is.
                    unfolded_values(tx, &unknown, &mut current).await?;
                }
            }
            let mut out = Vec::with_capacity(groups.len());
            let mut rows: Vec<(usize, &Figure)> = Vec::new();
            for (gi, g) in groups.iter().enumerate() {
                let mut summary = WriteSummary::default();
                for f in &g.figures {
                    match current.get(&f.key()) {
                        Some(&(v, b, flag)) if f.same_as(v, b, flag) => {
                            summary.unchanged += 1;
                            continue;
                        }
                        Some(_) => summary.revised += 1,
                        None => summary.new += 1,
                    }
                    // Later groups see this figure as the current one.
                    current.insert(f.key(), (f.value, f.basis, f.flag));
                    rows.push((gi, f));
                }
                out.push(summary);
            }
            // Stable: equal keys stay in group order.
            rows.sort_by(|(_, a), (_, b)| a.key().cmp(&b.key()));
            let stamps: Vec<Stamp> = groups.iter().map(|g| Stamp::of(&g.provenance)).collect();
            // Before the revisions: a confirmed figure is compared with the
            // revision it replaces, not with itself.
            for (gi, g) in groups.iter().enumerate() {
                out[gi].held = review::insert(tx, &g.reviews, &stamps[gi], &now).await?;
            }
            for chunk in rows.chunks(ROWS_PER_INSERT) {
                let revisions: Vec<NewRevision> =
                    chunk.iter().map(|(gi, f)| (*f, &stamps[*gi])).collect();
                insert_revisions(tx, &revisions, &now).await?;
            }
            let (mark, after) = fold::marks(tx).await?;
            if after - mark > MAX_UNFOLDED {
                fold::fold_some(tx).await?;
            }
            Ok(GroupsWritten {
                summaries: out,
                before,
                after,
            })
        })
        .await
    }
}

/// The current figure of each key, added to `out`, looked up in a few
/// queries (the keys go in as one JSON array) rather than one query per
/// series: a batch touching a thousand series would otherwise read every
/// figure of each. CROSS JOIN keeps the keys as the outer loop, so each key
/// is one primary-key lookup rather than a scan of every current figure.
async fn current_values<'k>(
    conn: &mut sqlx::SqliteConnection,
    keys: &[Key<'k>],
    out: &mut Current<'k>,
) -> Result<()> {
    for chunk in keys.chunks(KEYS_PER_QUERY) {
        let text: Vec<(&str, &str, String)> = chunk
            .iter()
            .map(|(r, i, p)| (*r, *i, p.to_string()))
            .collect();
        let json = serde_json::to_string(&text)?;
        // The key's position in the chunk comes back, not its text.
        let rows: Vec<(i64, f64, String, Option<String>)> = sqlx::query_as(
            "SELECT k.key, c.value, c.basis, c.flag
             FROM json_each(?1) AS k
             CROSS JOIN figure_current AS c
               ON c.region = k.value ->> 0 AND c.indicator = k.value ->> 1 AND c.period = k.value ->> 2",
        )
        .bind(json)
        .fetch_all(&mut *conn)
        .await
        .context("reading current figures")?;
        for (i, value, basis, flag) in rows {
            let key = usize::try_from(i)
                .ok()
                .and_then(|i| chunk.get(i))
                .context("a current figure for a key not asked for")?;
            let basis = basis.parse().map_err(anyhow::Error::msg)?;
            out.insert(*key, (value, basis, tail::flag(flag.as_deref())?));
        }
    }
    Ok(())
}

/// Lay the unfolded revisions of `keys` (sorted) over `out`.
async fn unfolded_values<'k>(
    conn: &mut sqlx::SqliteConnection,
    keys: &[Key<'k>],
    out: &mut Current<'k>,
) -> Result<()> {
    let mut series: Vec<(&str, &str)> = keys.iter().map(|(r, i, _)| (*r, *i)).collect();
    series.dedup();
    for f in tail::read(conn, Some(&series)).await? {
        let (period, value, basis) = tail::parse(&f)?;
        let wanted = (f.region.as_str(), f.indicator.as_str(), period);
        if let Ok(at) = keys.binary_search(&wanted) {
            out.insert(keys[at], (value, basis, tail::flag(f.flag.as_deref())?));
        }
    }
    Ok(())
}
