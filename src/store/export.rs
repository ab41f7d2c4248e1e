//! Figures as `export` writes them: every current figure, or every revision,
//! with all it was recorded with, read row by row in key order within one
//! snapshot, so an export of millions of figures never holds them all.

use super::{Error, Store, known_bound, timestamp};
use anyhow::Context;
use chrono::{DateTime, Utc};
use futures_util::TryStreamExt;
use sqlx::{Connection, SqliteConnection};

/// One revision of a figure, with everything stored about it.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub(crate) struct ExportRow {
    pub(crate) region: String,
    pub(crate) indicator: String,
    pub(crate) period: String,
    /// As given: a year-to-date total when `basis` is `ytd`.
    pub(crate) value: f64,
    pub(crate) basis: String,
    pub(crate) note: Option<String>,
    pub(crate) flag: Option<String>,
    pub(crate) recorded_at: String,
    pub(crate) recorded_by: String,
    pub(crate) source: String,
    /// With `--revisions`: the review state of a figure that went through
    /// review (held and rejected ones are listed too, at the time they were
    /// entered, though they never counted); `None` otherwise.
    pub(crate) review: Option<String>,
}

/// The columns of [`ExportRow`] selected from the revision table `figure`.
macro_rules! row_columns {
    () => {
        "region, indicator, period, value, basis, note, flag, \
         recorded_at, recorded_by, source, NULL AS review"
    };
}

impl Store {
    /// Call `each` with every current figure as known at `known_at` (now
    /// when `None`), or with every revision recorded by then when
    /// `revisions` is set, in key order (region, indicator, period; then
    /// oldest revision first, as `history` lists them). Returns how many
    /// rows were given. Stops at the first error of `each`, which is
    /// returned as it is (a store failure becomes an `E` too).
    pub(crate) async fn export_figures<E: From<Error>>(
        &self,
        known_at: Option<DateTime<Utc>>,
        revisions: bool,
        mut each: impl FnMut(ExportRow) -> Result<(), E>,
    ) -> Result<u64, E> {
        let mut count = 0u64;
        let mut give = |row: ExportRow| {
            count += 1;
            each(row)
        };
        let mut conn = self.readers().acquire().await.map_err(db)?;
        if !revisions && known_at.is_none() {
            read(&mut conn, known_at, revisions, &mut give).await?;
            return Ok(count);
        }
        // These sort every revision, and readers keep temporary data in
        // memory: on a connection of its own (closed afterwards, never back
        // in the pool) the sort spills to a temporary file instead, so
        // memory stays flat however many revisions there are.
        let mut own = conn.detach();
        sqlx::query("PRAGMA temp_store = FILE")
            .execute(&mut own)
            .await
            .map_err(db)?;
        read(&mut own, known_at, revisions, &mut give).await?;
        own.close().await.map_err(db)?;
        Ok(count)
    }
}

/// A failure of the store's own, as the caller's error type.
fn db<E: From<Error>>(e: impl Into<Error>) -> E {
    E::from(e.into())
}

/// The rows of [`Store::export_figures`], read in one snapshot.
async fn read<E: From<Error>>(
    conn: &mut SqliteConnection,
    known_at: Option<DateTime<Utc>>,
    revisions: bool,
    give: &mut impl FnMut(ExportRow) -> Result<(), E>,
) -> Result<(), E> {
    let mut tx = conn.begin().await.map_err(db)?;
    if revisions {
        let mut rows = sqlx::query_as::<_, ExportRow>(
            "SELECT region, indicator, period, value, basis, note, flag, recorded_at,
                    recorded_by, source, review FROM (
                 SELECT f.region, f.indicator, f.period, f.value, f.basis, f.note, f.flag,
                        f.recorded_at, f.recorded_by, f.source, r.state AS review, 0 AS kind, f.id AS n
                 FROM figure f LEFT JOIN figure_review r ON r.id = (
                     SELECT min(id) FROM figure_review
                     WHERE region = f.region AND indicator = f.indicator AND period = f.period
                       AND recorded_at = f.recorded_at AND value = f.value)
                 WHERE f.recorded_at <= ?1
                 UNION ALL
                 SELECT region, indicator, period, value, basis, note, flag, entered_at,
                        entered_by, source, state, 1, id
                 FROM figure_review
                 WHERE entered_at <= ?1 AND state IN ('held', 'rejected'))
             ORDER BY region, indicator, period, recorded_at, kind, n",
        )
        .bind(known_bound(known_at))
        .fetch(&mut *tx);
        while let Some(row) = rows
            .try_next()
            .await
            .context("reading revisions")
            .map_err(db)?
        {
            give(row)?;
        }
    } else if let Some(t) = known_at {
        // SQLite takes the bare columns of a max() aggregate from the row holding the maximum.
        let mut rows = sqlx::query_as::<_, ExportRow>(concat!(
            "SELECT ",
            row_columns!(),
            ", max(id) AS id FROM figure WHERE recorded_at <= ?1
             GROUP BY region, indicator, period ORDER BY region, indicator, period"
        ))
        .bind(timestamp(t))
        .fetch(&mut *tx);
        while let Some(row) = rows
            .try_next()
            .await
            .context("reading figures")
            .map_err(db)?
        {
            give(row)?;
        }
    } else {
        current(&mut tx, give).await?;
    }
    tx.commit().await.map_err(db)?;
    Ok(())
}

/// Today's figures: `figure_current` in key order (its primary key, so no
/// sort), each joined to its revision for the note, with the unfolded tail
/// (src/store/tail.rs) laid over it as the rows go by.
async fn current<E: From<Error>>(
    conn: &mut SqliteConnection,
    give: &mut impl FnMut(ExportRow) -> Result<(), E>,
) -> Result<(), E> {
    // The tail is short (writers fold it), so it is read whole, like every reader does.
    let tail: Vec<ExportRow> = sqlx::query_as(concat!(
        "SELECT ",
        row_columns!(),
        ", max(id) AS id FROM figure WHERE id > (SELECT id FROM figure_fold)
         GROUP BY region, indicator, period ORDER BY region, indicator, period"
    ))
    .fetch_all(&mut *conn)
    .await
    .context("reading revisions not yet folded")
    .map_err(db)?;
    let mut tail = tail.into_iter().peekable();
    fn key(r: &ExportRow) -> (&str, &str, &str) {
        (&r.region, &r.indicator, &r.period)
    }
    let mut rows = sqlx::query_as::<_, ExportRow>(
        "SELECT f.region, f.indicator, f.period, f.value, f.basis, f.note, f.flag,
                f.recorded_at, f.recorded_by, f.source, NULL AS review
         FROM figure_current c JOIN figure f ON f.id = c.figure_id
         ORDER BY c.region, c.indicator, c.period",
    )
    .fetch(&mut *conn);
    while let Some(row) = rows
        .try_next()
        .await
        .context("reading figures")
        .map_err(db)?
    {
        // Text compares as SQLite's BINARY collation does: byte by byte.
        while let Some(t) = tail.next_if(|t| key(t) < key(&row)) {
            give(t)?;
        }
        match tail.next_if(|t| key(t) == key(&row)) {
            Some(newer) => give(newer)?,
            None => give(row)?,
        }
    }
    tail.try_for_each(give)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Basis, Figure, Flag, Period, Slug};
    use crate::test_support::{store, test_by};

    /// A year-to-date figure; the note "five" marks it provisional.
    fn figure(region: &str, period: &str, value: f64, note: &str) -> Figure {
        let slug = |s: &str| Slug::parse(s).unwrap();
        Figure {
            basis: Basis::Ytd,
            note: Some(note.into()),
            flag: (note == "five").then_some(Flag::Provisional),
            ..Figure::new(
                slug(region),
                slug("m"),
                period.parse::<Period>().unwrap(),
                value,
            )
        }
    }

    /// Revisions past the fold mark, as a writer that has not folded yet leaves them.
    async fn insert_unfolded(store: &Store, figures: &[Figure], by: &str) {
        let mut w = store.writer.lock().await;
        for f in figures {
            sqlx::query(
                "INSERT INTO figure (region, indicator, period, value, basis, recorded_at, recorded_by, note, source)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'test')",
            )
            .bind(f.region.as_str())
            .bind(f.indicator.as_str())
            .bind(f.period.to_string())
            .bind(f.value)
            .bind(f.basis.as_str())
            .bind(timestamp(Utc::now()))
            .bind(by)
            .bind(f.note.as_deref())
            .execute(&mut *w)
            .await
            .unwrap();
        }
        assert_eq!(store.unfolded().await.unwrap(), figures.len() as i64);
    }

    async fn rows(store: &Store, known_at: Option<DateTime<Utc>>, revisions: bool) -> Vec<String> {
        let mut out = Vec::new();
        let n = store
            .export_figures(known_at, revisions, |r| {
                out.push(format!(
                    "{} {} {} {}{} {}",
                    r.region,
                    r.period,
                    r.value,
                    r.note.unwrap_or_default(),
                    r.flag.map(|f| format!(" {f}")).unwrap_or_default(),
                    r.recorded_by
                ));
                Ok::<_, crate::store::Error>(())
            })
            .await
            .unwrap();
        assert_eq!(n as usize, out.len());
        out
    }

    #[tokio::test]
    async fn current_figures_carry_their_own_note_whether_folded_or_not() {
        let (_dir, store) = store().await;
        let first = [
            figure("a", "2021-01", 1.0, "one"),
            figure("a", "2021-02", 2.0, "two"),
            figure("b", "2021-01", 5.0, "five"),
        ];
        store
            .write_figures(&first, &test_by("x"), false)
            .await
            .unwrap();
        let between = chrono::Utc::now();
        // Left unfolded: replaces one key, adds one before and one after the folded rows.
        let later = [
            figure("a", "2020-12", 0.5, "half"),
            figure("a", "2021-02", 2.5, "revised"),
            figure("b", "2021-02", 6.0, "six"),
        ];
        insert_unfolded(&store, &later, "y").await;
        let current = rows(&store, None, false).await;
        assert_eq!(
            current,
            [
                "a 2020-12 0.5 half y",
                "a 2021-01 1 one x",
                "a 2021-02 2.5 revised y",
                "b 2021-01 5 five P x",
                "b 2021-02 6 six y",
            ]
        );
        // The same as grouping every revision, and as the revisions' last of each key.
        let far = "2999-01-01T00:00:00Z".parse().unwrap();
        assert_eq!(rows(&store, Some(far), false).await, current);
        assert_eq!(
            rows(&store, Some(between), false).await,
            [
                "a 2021-01 1 one x",
                "a 2021-02 2 two x",
                "b 2021-01 5 five P x"
            ]
        );
        assert_eq!(
            rows(&store, None, true).await,
            [
                "a 2020-12 0.5 half y",
                "a 2021-01 1 one x",
                "a 2021-02 2 two x",
                "a 2021-02 2.5 revised y",
                "b 2021-01 5 five P x",
                "b 2021-02 6 six y",
            ]
        );
        assert_eq!(rows(&store, Some(between), true).await.len(), 3);
    }

    #[tokio::test]
    async fn an_error_from_the_caller_stops_the_export() {
        let (_dir, store) = store().await;
        let figures = [
            figure("a", "2021-01", 1.0, "n"),
            figure("b", "2021-01", 2.0, "n"),
        ];
        store
            .write_figures(&figures, &test_by("x"), false)
            .await
            .unwrap();
        let mut seen = 0;
        let err = store
            .export_figures(None, false, |_| {
                seen += 1;
                anyhow::bail!("pipe closed")
            })
            .await
            .unwrap_err();
        assert_eq!((seen, err.to_string()), (1, "pipe closed".to_string()));
    }
}
