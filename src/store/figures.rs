//! Figure revisions: current values (optionally as known at a past time),
//! the full history of a series, and the one statement that inserts
//! revisions. Current values are `figure_current` with the unfolded tail
//! laid over it (src/store/tail.rs), read in one snapshot.

use super::figure_rows::{CurrentFigure, StoredSeries};
use super::{Error, Result};
use super::{Store, tail, timestamp};
use crate::domain::{Basis, Figure, Period, Provenance};
use anyhow::Context;
use chrono::{DateTime, Utc};
use sqlx::SqliteConnection;

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct WriteSummary {
    pub(crate) new: usize,
    pub(crate) revised: usize,
    pub(crate) unchanged: usize,
    /// Figures held for review: not recorded as revisions until accepted.
    pub(crate) held: usize,
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow, serde::Serialize)]
pub struct Revision {
    pub period: String,
    pub value: f64,
    pub basis: String,
    /// The observation status code, if one was given (`null` in JSON when not).
    pub flag: Option<String>,
    pub(crate) recorded_at: String,
    pub recorded_by: String,
    pub note: Option<String>,
    pub source: String,
    /// Its review state when it went through review (held, accepted,
    /// rejected, confirmed); `None` for a figure recorded straight away.
    /// Held and rejected ones are no revision: they never counted.
    pub review: Option<String>,
    /// Why it was held for review.
    pub(crate) review_why: Option<String>,
    /// Who accepted, rejected or confirmed it, and the reason they gave.
    pub reviewed_by: Option<String>,
    pub(crate) review_reason: Option<String>,
}

/// Rows per multi-row INSERT: 10 parameters each stays far below SQLite's limit.
pub(super) const ROWS_PER_INSERT: usize = 200;

/// Packed rows of series: region, indicator, `period value basis;…`, and
/// whether a value is too extreme to pack exactly.
type PackedRow = (String, String, String, bool);

impl Store {
    /// Current figures of every series (as known at `known_at`), sorted by
    /// region, indicator, period.
    pub async fn current_figures(
        &self,
        known_at: Option<DateTime<Utc>>,
    ) -> Result<Vec<CurrentFigure>> {
        if let Some(t) = known_at {
            // SQLite takes the bare columns of a max() aggregate from the row holding the maximum.
            return Ok(sqlx::query_as(
                "SELECT region, indicator, period, value, basis, flag, max(id) AS id FROM figure
                 WHERE recorded_at <= ?1 GROUP BY region, indicator, period ORDER BY region, indicator, period",
            )
            .bind(timestamp(t))
            .fetch_all(self.readers())
            .await?);
        }
        let mut tx = self.readers().begin().await?;
        let folded = sqlx::query_as(
            "SELECT region, indicator, period, value, basis, flag FROM figure_current
             ORDER BY region, indicator, period",
        )
        .fetch_all(&mut *tx)
        .await?;
        let tail = tail::read(&mut tx, None).await?;
        tx.commit().await?;
        Ok(tail::overlay_sorted(folded, tail))
    }

    /// Every series' current figures (as known at `known_at`), one entry per
    /// series. Figures are packed per series in SQL so a million figures
    /// cross the driver as a few thousand rows. `printf('%!.17g')` gives
    /// back the exact double for every magnitude figures take (tested from
    /// 1e-60 to 1e60) but not at the extremes of the range, so a series with
    /// a value beyond 1e±100 is read unpacked.
    pub(crate) async fn current_series(
        &self,
        known_at: Option<DateTime<Utc>>,
    ) -> Result<Vec<StoredSeries>> {
        let q = match known_at {
            None => sqlx::query_as(
                "SELECT region, indicator,
                        group_concat(period || ' ' || printf('%!.17g', value) || ' ' || basis, ';'),
                        max(abs(value) >= 1e100 OR (value <> 0 AND abs(value) < 1e-100))
                 FROM figure_current GROUP BY region, indicator",
            ),
            Some(t) => sqlx::query_as(
                "SELECT region, indicator,
                        group_concat(period || ' ' || printf('%!.17g', value) || ' ' || basis, ';'),
                        max(abs(value) >= 1e100 OR (value <> 0 AND abs(value) < 1e-100))
                 FROM (SELECT region, indicator, period, value, basis, max(id) FROM figure
                       WHERE recorded_at <= ?1 GROUP BY region, indicator, period)
                 GROUP BY region, indicator",
            )
            .bind(timestamp(t)),
        };
        let mut tx = self.readers().begin().await?;
        let rows: Vec<PackedRow> = q.fetch_all(&mut *tx).await?;
        let mut out = unpack_rows(&mut tx, rows, known_at).await?;
        if known_at.is_none() {
            tail::overlay_series(&mut out, &tail::read(&mut tx, None).await?)?;
        }
        tx.commit().await?;
        Ok(out)
    }

    /// Today's figures of the given series (region, indicator), packed as in
    /// [`Store::current_series`]: one query however many series a batch touches.
    #[cfg(test)]
    pub(crate) async fn current_series_for(
        &self,
        keys: &[(&str, &str)],
    ) -> Result<Vec<StoredSeries>> {
        let json = serde_json::to_string(keys)?;
        let mut tx = self.readers().begin().await?;
        // CROSS JOIN keeps the keys as the outer loop: a primary-key range per series.
        let rows: Vec<PackedRow> = sqlx::query_as(
            "SELECT c.region, c.indicator,
                    group_concat(c.period || ' ' || printf('%!.17g', c.value) || ' ' || c.basis, ';'),
                    max(abs(c.value) >= 1e100 OR (c.value <> 0 AND abs(c.value) < 1e-100))
             FROM json_each(?1) AS k
             CROSS JOIN figure_current AS c ON c.region = k.value ->> 0 AND c.indicator = k.value ->> 1
             GROUP BY c.region, c.indicator",
        )
        .bind(json)
        .fetch_all(&mut *tx)
        .await?;
        let mut out = unpack_rows(&mut tx, rows, None).await?;
        tail::overlay_series(&mut out, &tail::read(&mut tx, Some(keys)).await?)?;
        tx.commit().await?;
        Ok(out)
    }

    /// The current figures of each series from a period on (`keys` are
    /// region, indicator, first period), with the largest figure id of the
    /// state they reflect (one snapshot).
    pub(crate) async fn current_windows(
        &self,
        keys: &[(&str, &str, Period)],
    ) -> Result<(i64, Vec<StoredSeries>)> {
        let keys: Vec<(&str, &str, String)> = keys
            .iter()
            .map(|(r, i, from)| (*r, *i, from.to_string()))
            .collect();
        let json = serde_json::to_string(&keys)?;
        let mut tx = self.readers().begin().await?;
        // Everything committed in this snapshot: figure_current up to the
        // fold mark, and the tail laid over it below.
        let epoch: i64 = sqlx::query_scalar("SELECT coalesce(max(id), 0) FROM figure")
            .fetch_one(&mut *tx)
            .await?;
        // Periods of one series share a format, so they compare as text.
        let rows: Vec<PackedRow> = sqlx::query_as(
            "SELECT c.region, c.indicator,
                    group_concat(c.period || ' ' || printf('%!.17g', c.value) || ' ' || c.basis, ';'),
                    max(abs(c.value) >= 1e100 OR (c.value <> 0 AND abs(c.value) < 1e-100))
             FROM json_each(?1) AS k
             CROSS JOIN figure_current AS c
               ON c.region = k.value ->> 0 AND c.indicator = k.value ->> 1 AND c.period >= k.value ->> 2
             GROUP BY c.region, c.indicator",
        )
        .bind(json)
        .fetch_all(&mut *tx)
        .await?;
        let from = |region: &str, indicator: &str| {
            keys.iter()
                .find(|(r, i, _)| *r == region && *i == indicator)
                .map(|(_, _, from)| from.as_str())
                .unwrap_or_default()
        };
        let mut out = Vec::with_capacity(rows.len());
        for (region, indicator, packed, extreme) in rows {
            if extreme {
                let rows: Vec<CurrentFigure> = sqlx::query_as(
                    "SELECT region, indicator, period, value, basis, flag FROM figure_current
                     WHERE region = ?1 AND indicator = ?2 AND period >= ?3",
                )
                .bind(&region)
                .bind(&indicator)
                .bind(from(&region, &indicator))
                .fetch_all(&mut *tx)
                .await?;
                let figures = rows.iter().map(tail::parse).collect::<Result<Vec<_>>>()?;
                out.push(StoredSeries {
                    region,
                    indicator,
                    figures,
                });
            } else {
                out.push(unpack(region, indicator, &packed)?);
            }
        }
        let series: Vec<(&str, &str)> = keys.iter().map(|(r, i, _)| (*r, *i)).collect();
        let mut tail = tail::read(&mut tx, Some(&series)).await?;
        tx.commit().await?;
        tail.retain(|f| f.period.as_str() >= from(&f.region, &f.indicator));
        tail::overlay_series(&mut out, &tail)?;
        Ok((epoch, out))
    }

    /// The largest figure id: it grows with every figure written, by anyone
    /// (revisions are append-only).
    pub(crate) async fn figure_epoch(&self) -> Result<i64> {
        Ok(
            sqlx::query_scalar("SELECT coalesce(max(id), 0) FROM figure")
                .fetch_one(self.readers())
                .await?,
        )
    }

    /// Every revision of a series (optionally one period), oldest first,
    /// with the figures held for review or rejected among them (at the time
    /// they were entered) and each one's review state.
    pub async fn history(
        &self,
        region: &str,
        indicator: &str,
        period: Option<&str>,
    ) -> Result<Vec<Revision>> {
        Ok(sqlx::query_as(
            "SELECT period, value, basis, flag, recorded_at, recorded_by, note, source,
                    review, review_why, reviewed_by, review_reason FROM (
                 SELECT f.period, f.value, f.basis, f.flag, f.recorded_at, f.recorded_by, f.note,
                        f.source, r.state AS review, r.why AS review_why,
                        r.decided_by AS reviewed_by, r.reason AS review_reason, 0 AS kind, f.id AS n
                 FROM figure f LEFT JOIN figure_review r ON r.id = (
                     SELECT min(id) FROM figure_review
                     WHERE region = f.region AND indicator = f.indicator AND period = f.period
                       AND recorded_at = f.recorded_at AND value = f.value)
                 WHERE f.region = ?1 AND f.indicator = ?2 AND (?3 IS NULL OR f.period = ?3)
                 UNION ALL
                 SELECT period, value, basis, flag, entered_at, entered_by, note, source,
                        state, why, decided_by, reason, 1, id
                 FROM figure_review
                 WHERE region = ?1 AND indicator = ?2 AND (?3 IS NULL OR period = ?3)
                   AND state IN ('held', 'rejected'))
             ORDER BY period, recorded_at, kind, n",
        )
        .bind(region)
        .bind(indicator)
        .bind(period)
        .fetch_all(self.readers())
        .await?)
    }

    /// Current figures of one series, by period.
    pub(crate) async fn series_figures(
        &self,
        region: &str,
        indicator: &str,
    ) -> Result<Vec<CurrentFigure>> {
        let mut tx = self.readers().begin().await?;
        let folded = sqlx::query_as(
            "SELECT region, indicator, period, value, basis, flag FROM figure_current
             WHERE region = ?1 AND indicator = ?2 ORDER BY period",
        )
        .bind(region)
        .bind(indicator)
        .fetch_all(&mut *tx)
        .await?;
        let tail = tail::read(&mut tx, Some(&[(region, indicator)])).await?;
        tx.commit().await?;
        Ok(tail::overlay_sorted(folded, tail))
    }

    /// Current figures of one series: period, value as given, basis. Rows
    /// that no longer parse are skipped (they cannot be part of a series).
    pub(crate) async fn current_series_of(
        &self,
        region: &str,
        indicator: &str,
    ) -> Result<Vec<(Period, f64, Basis)>> {
        let figures = self.series_figures(region, indicator).await?;
        Ok(figures.iter().filter_map(|f| tail::parse(f).ok()).collect())
    }

    /// How many current figures there are.
    pub async fn figure_count(&self) -> Result<i64> {
        Ok(sqlx::query_scalar("SELECT count(*) FROM figure")
            .fetch_one(self.readers())
            .await?)
    }
}

/// Packed rows as series; a series with an extreme value is read again,
/// unpacked, from the revision table (in the caller's snapshot).
async fn unpack_rows(
    conn: &mut SqliteConnection,
    rows: Vec<PackedRow>,
    known_at: Option<DateTime<Utc>>,
) -> Result<Vec<StoredSeries>> {
    let mut out = Vec::with_capacity(rows.len());
    for (region, indicator, packed, extreme) in rows {
        if extreme {
            out.push(one_series(conn, region, indicator, known_at).await?);
        } else {
            out.push(unpack(region, indicator, &packed)?);
        }
    }
    Ok(out)
}

async fn one_series(
    conn: &mut SqliteConnection,
    region: String,
    indicator: String,
    known_at: Option<DateTime<Utc>>,
) -> Result<StoredSeries> {
    let rows: Vec<CurrentFigure> = sqlx::query_as(
        "SELECT region, indicator, period, value, basis, flag, max(id) AS id FROM figure
         WHERE region = ?1 AND indicator = ?2 AND recorded_at <= ?3 GROUP BY period",
    )
    .bind(&region)
    .bind(&indicator)
    .bind(super::known_bound(known_at))
    .fetch_all(conn)
    .await?;
    let figures = rows.iter().map(tail::parse).collect::<Result<Vec<_>>>()?;
    Ok(StoredSeries {
        region,
        indicator,
        figures,
    })
}

fn unpack(region: String, indicator: String, packed: &str) -> Result<StoredSeries> {
    let figures = packed
        .split(';')
        .map(|item| {
            let mut parts = item.split(' ');
            let (Some(p), Some(v), Some(b)) = (parts.next(), parts.next(), parts.next()) else {
                return Err(Error::other(format!(
                    "unreadable stored figure {item:?} in {region}/{indicator}"
                )));
            };
            let period = p
                .parse::<Period>()
                .with_context(|| format!("stored figure {item:?} in {region}/{indicator}"))?;
            let value = v
                .parse::<f64>()
                .with_context(|| format!("stored value {item:?} in {region}/{indicator}"))?;
            let basis = b.parse::<Basis>().map_err(Error::other)?;
            Ok((period, value, basis))
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(StoredSeries {
        region,
        indicator,
        figures,
    })
}

/// Who recorded a write's figures and how they arrived, as the revision
/// table's columns hold them (worked out once per write, not per figure).
pub(super) struct Stamp<'p> {
    pub(crate) recorded_by: &'p str,
    pub(crate) source: String,
}

impl<'p> Stamp<'p> {
    pub(super) fn of(p: &'p Provenance) -> Stamp<'p> {
        Stamp {
            recorded_by: &p.recorded_by,
            source: p.channel.to_string(),
        }
    }
}

/// A revision to insert: the figure, and who and how.
pub(super) type NewRevision<'a> = (&'a Figure, &'a Stamp<'a>);

/// The revision table's columns as written, in the order
/// [`insert_revisions`] binds them: the one place that lists them (the
/// staging area of a large write takes the same, src/store/stage.rs).
pub(super) const REVISION_COLUMNS: &str =
    "region, indicator, period, value, basis, flag, recorded_at, recorded_by, note, source";

/// Insert `revisions` (at most [`ROWS_PER_INSERT`]) into the revision table
/// in the order given, in one statement, all recorded at `now`.
pub(super) async fn insert_revisions(
    conn: &mut SqliteConnection,
    revisions: &[NewRevision<'_>],
    now: &str,
) -> Result<()> {
    insert_into(conn, "INSERT INTO figure", revisions, now).await
}

/// `head` (`INSERT INTO table`) of `revisions` in [`REVISION_COLUMNS`].
pub(super) async fn insert_into(
    conn: &mut SqliteConnection,
    head: &str,
    revisions: &[NewRevision<'_>],
    now: &str,
) -> Result<()> {
    if revisions.is_empty() {
        return Ok(());
    }
    let mut q = sqlx::query(sqlx::AssertSqlSafe(insert_sql(head, revisions.len())));
    for (f, stamp) in revisions {
        q = q
            .bind(f.region.as_str())
            .bind(f.indicator.as_str())
            .bind(f.period.to_string())
            .bind(f.value)
            .bind(f.basis.as_str())
            .bind(f.flag.map(|f| f.as_code()))
            .bind(now)
            .bind(stamp.recorded_by)
            .bind(f.note.as_deref())
            .bind(stamp.source.as_str());
    }
    q.execute(conn).await.context("writing figures")?;
    Ok(())
}

/// `head (columns) VALUES (?, …), …` for `rows` rows.
fn insert_sql(head: &str, rows: usize) -> String {
    let columns = REVISION_COLUMNS.split(',').count();
    let row = format!("({})", vec!["?"; columns].join(","));
    let mut sql = format!("{head} ({REVISION_COLUMNS}) VALUES {row}");
    for _ in 1..rows {
        sql.push(',');
        sql.push_str(&row);
    }
    sql
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{store, test_by, test_figure};

    fn figures(values: &[f64]) -> Vec<Figure> {
        let mut period: Period = "1900-01".parse().unwrap();
        values
            .iter()
            .map(|&value| {
                let f = test_figure("r", "m", period, value);
                period = period.next().unwrap();
                f
            })
            .collect()
    }

    #[tokio::test]
    async fn packed_series_give_back_every_value_exactly() {
        let (_dir, store) = store().await;
        let mut values = vec![0.1 + 0.2, -3.5e-7, 123456789.12345679, 1078.0, -0.0];
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..20000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            // Random mantissa and sign, magnitudes across the range figures take.
            let exponent = 1023 - 200 + (x >> 52) % 400; // about 1e-60 .. 1e60
            let v = f64::from_bits((x & 0x800F_FFFF_FFFF_FFFF) | (exponent << 52));
            values.push(v);
        }
        store
            .write_figures(&figures(&values), &test_by("t"), false)
            .await
            .unwrap();
        for known_at in [None, Some(Utc::now())] {
            let series = store.current_series(known_at).await.unwrap();
            assert_eq!(series.len(), 1);
            let mut got = series[0].figures.clone();
            got.sort_by_key(|(p, _, _)| *p);
            assert_eq!(got.len(), values.len());
            for ((_, v, _), want) in got.iter().zip(&values) {
                // Bit for bit, except that SQLite keeps no negative zero.
                let same = v.to_bits() == want.to_bits() || (*v == 0.0 && *want == 0.0);
                assert!(same, "{v:e} != {want:e}");
            }
        }
    }

    #[tokio::test]
    async fn series_with_extreme_values_are_read_exactly_too() {
        let (_dir, store) = store().await;
        let values = [
            1e-300,
            f64::MAX,
            f64::MIN_POSITIVE,
            5e-324,
            4.4251604027143375e284,
            12.5,
        ];
        store
            .write_figures(&figures(&values), &test_by("t"), false)
            .await
            .unwrap();
        let mut got = store.current_series(None).await.unwrap().remove(0).figures;
        got.sort_by_key(|(p, _, _)| *p);
        let got: Vec<u64> = got.iter().map(|(_, v, _)| v.to_bits()).collect();
        assert_eq!(got, values.map(f64::to_bits).to_vec());
        // A window from the second period on: the same values, less the first.
        let from: Period = "1900-02".parse().unwrap();
        let (epoch, windows) = store.current_windows(&[("r", "m", from)]).await.unwrap();
        assert_eq!(epoch, values.len() as i64);
        let mut got = windows[0].figures.clone();
        got.sort_by_key(|(p, _, _)| *p);
        let got: Vec<u64> = got.iter().map(|(_, v, _)| v.to_bits()).collect();
        assert_eq!(
            got,
            values[1..].iter().map(|v| v.to_bits()).collect::<Vec<_>>()
        );
    }

    #[tokio::test]
    async fn background_checkpoints_follow_commits_and_lose_nothing() {
        let (dir, store) = store().await;
        store.checkpoint_in_background().await.unwrap();
        {
            let mut w = store.writer.lock().await;
            let every: i64 = sqlx::query_scalar("PRAGMA wal_autocheckpoint")
                .fetch_one(&mut *w)
                .await
                .unwrap();
            let cache: i64 = sqlx::query_scalar("PRAGMA cache_size")
                .fetch_one(&mut *w)
                .await
                .unwrap();
            assert_eq!(
                (every, cache),
                (0, -65536),
                "the writer leaves checkpoints to the task"
            );
        }
        let mut done = store.checkpoints_done().unwrap();
        for chunk in figures(&(0..3000).map(f64::from).collect::<Vec<_>>()).chunks(100) {
            store
                .write_figures(chunk, &test_by("t"), false)
                .await
                .unwrap();
        }
        // A safety net only: the checkpoint follows the commits by itself.
        tokio::time::timeout(std::time::Duration::from_secs(60), done.changed())
            .await
            .expect("a checkpoint after the commits")
            .unwrap();
        let url = crate::test_support::db_url(dir.path());
        drop(store);
        let reopened = Store::open(&url).await.unwrap();
        let series = reopened.current_series(None).await.unwrap();
        assert_eq!(series[0].figures.len(), 3000);
    }

    #[tokio::test]
    async fn the_current_value_is_the_latest_revision_and_known_at_sees_the_past() {
        let (_dir, store) = store().await;
        let first = figures(&[1.0, 2.0]);
        assert_eq!(
            store
                .write_figures(&first, &test_by("a"), false)
                .await
                .unwrap()
                .new,
            2
        );
        let between = Utc::now();
        let second = figures(&[1.0, 20.0]);
        let s = store
            .write_figures(&second, &test_by("b"), false)
            .await
            .unwrap();
        assert_eq!((s.new, s.revised, s.unchanged), (0, 1, 1));
        let now: Vec<f64> = store
            .current_figures(None)
            .await
            .unwrap()
            .iter()
            .map(|f| f.value)
            .collect();
        assert_eq!(now, vec![1.0, 20.0]);
        let then: Vec<f64> = store
            .current_figures(Some(between))
            .await
            .unwrap()
            .iter()
            .map(|f| f.value)
            .collect();
        assert_eq!(then, vec![1.0, 2.0]);
        assert_eq!(store.history("r", "m", None).await.unwrap().len(), 3);
    }
}
