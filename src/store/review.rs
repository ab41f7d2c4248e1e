//! Figures held for review (migrations/0012): they wait in `figure_review`
//! and are no revision of `figure` until accepted, so nothing that reads
//! current figures (figure_current, the fold, `--known-at`, the series
//! cache, export) counts them. Accepting inserts the figure as a revision
//! recorded at the time of the decision; rejecting keeps it here, rejected.

use super::figures::Stamp;
use super::{Error, Result, Store, fold, timestamp};
use crate::domain::{Decision, Figure, ReviewState};
use anyhow::Context;
use chrono::Utc;
use sqlx::SqliteConnection;

/// A figure that goes to review as it is written: held, or (when the one who
/// entered it gave a reason) recorded at once and kept as confirmed.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ForReview {
    pub(crate) figure: Figure,
    /// Why it is held: the suspect check's or the broken rule's words.
    pub(crate) why: String,
    /// The reason the one who entered it confirmed it with; `None`: held.
    pub(crate) confirmed: Option<String>,
}

/// One figure held (or once held) for review, with the decision on it.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow, serde::Serialize)]
pub(crate) struct ReviewRow {
    pub(crate) id: i64,
    pub(crate) region: String,
    pub(crate) indicator: String,
    pub(crate) period: String,
    /// As given: a year-to-date total when `basis` is `ytd`.
    pub(crate) value: f64,
    pub(crate) basis: String,
    pub(crate) flag: Option<String>,
    pub(crate) note: Option<String>,
    pub(crate) entered_at: String,
    pub(crate) entered_by: String,
    pub(crate) source: String,
    /// Why it was held.
    pub(crate) why: String,
    /// held, accepted, rejected or confirmed.
    pub(crate) state: String,
    pub(crate) decided_at: Option<String>,
    pub(crate) decided_by: Option<String>,
    /// The reason given with the decision.
    pub(crate) reason: Option<String>,
}

const ROW_COLUMNS: &str = "id, region, indicator, period, value, basis, flag, note, entered_at, \
     entered_by, source, why, state, decided_at, decided_by, reason";

/// The latest revision of a key (value, basis, flag): the unfolded tail
/// over `figure_current`, as in the writer's own snapshot.
async fn current_of(
    conn: &mut SqliteConnection,
    f: &Figure,
) -> Result<Option<(f64, String, Option<String>)>> {
    Ok(sqlx::query_as(
        "SELECT value, basis, flag FROM (
             SELECT value, basis, flag, id FROM figure
             WHERE id > (SELECT id FROM figure_fold) AND region = ?1 AND indicator = ?2 AND period = ?3
             UNION ALL
             SELECT value, basis, flag, figure_id FROM figure_current
             WHERE region = ?1 AND indicator = ?2 AND period = ?3)
         ORDER BY id DESC LIMIT 1",
    )
    .bind(f.region.as_str())
    .bind(f.indicator.as_str())
    .bind(f.period.to_string())
    .fetch_optional(conn)
    .await
    .context("reading a current figure")?)
}

/// Whether `f` is what `stored` (value, basis, flag) says.
fn same(f: &Figure, stored: &(f64, String, Option<String>)) -> bool {
    f.value == stored.0
        && f.basis.as_str() == stored.1
        && f.flag.map(|c| c.as_code()) == stored.2.as_deref()
}

/// Inside a write transaction, before its revisions are inserted: keep
/// each figure for review. A figure equal to its current revision changes
/// nothing and is not kept; nor is a held one equal to one already
/// waiting. Returns how many were newly held.
pub(super) async fn insert(
    conn: &mut SqliteConnection,
    reviews: &[ForReview],
    by: &Stamp<'_>,
    now: &str,
) -> Result<usize> {
    let mut held = 0;
    for r in reviews {
        let f = &r.figure;
        if let Some(current) = current_of(conn, f).await?
            && same(f, &current)
        {
            continue;
        }
        let (state, decided_at, decided_by, recorded_at) = match &r.confirmed {
            Some(_) => ("confirmed", Some(now), Some(by.recorded_by), Some(now)),
            None => ("held", None, None, None),
        };
        let done = sqlx::query(
            "INSERT INTO figure_review (region, indicator, period, value, basis, flag, note,
                 entered_at, entered_by, source, why, state, decided_at, decided_by, reason, recorded_at)
             SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16
             WHERE ?12 = 'confirmed' OR NOT EXISTS (
                 SELECT 1 FROM figure_review
                 WHERE region = ?1 AND indicator = ?2 AND period = ?3 AND state = 'held'
                   AND value = ?4 AND basis = ?5 AND flag IS ?6)",
        )
        .bind(f.region.as_str())
        .bind(f.indicator.as_str())
        .bind(f.period.to_string())
        .bind(f.value)
        .bind(f.basis.as_str())
        .bind(f.flag.map(|c| c.as_code()))
        .bind(f.note.as_deref())
        .bind(now)
        .bind(by.recorded_by)
        .bind(&by.source)
        .bind(&r.why)
        .bind(state)
        .bind(decided_at)
        .bind(decided_by)
        .bind(r.confirmed.as_deref())
        .bind(recorded_at)
        .execute(&mut *conn)
        .await
        .context("keeping a figure for review")?;
        if r.confirmed.is_none() {
            held += done.rows_affected() as usize;
        }
    }
    Ok(held)
}

/// Which figures [`Store::reviews`] lists.
#[derive(Debug, Clone, Default)]
pub(crate) struct ReviewFilter {
    /// Only this state (`None`: every state).
    pub(crate) state: Option<ReviewState>,
    pub(crate) region: Option<String>,
    /// At most this many, newest first.
    pub(crate) limit: u32,
}

impl Store {
    /// Figures held (or once held) for review, newest first.
    pub(crate) async fn reviews(&self, filter: &ReviewFilter) -> Result<Vec<ReviewRow>> {
        let sql = format!(
            "SELECT {ROW_COLUMNS} FROM figure_review
             WHERE (?1 IS NULL OR state = ?1) AND (?2 IS NULL OR region = ?2)
             ORDER BY id DESC LIMIT ?3"
        );
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(filter.state.map(|s| s.as_str()))
            .bind(filter.region.as_deref())
            .bind(i64::from(filter.limit.max(1)))
            .fetch_all(self.readers())
            .await?)
    }

    /// One figure of the review queue, by id.
    pub(crate) async fn review(&self, id: i64) -> Result<ReviewRow> {
        let sql = format!("SELECT {ROW_COLUMNS} FROM figure_review WHERE id = ?1");
        sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(self.readers())
            .await?
            .ok_or_else(|| Error::NotFound(format!("no figure with review id {id}")))
    }

    /// Accept or reject held figure `id` on behalf of `by`, with `reason`.
    /// Accepting records it as a revision now (by whoever entered it, with
    /// its note and source). Refused (Conflict) when it is no longer held,
    /// or, for accepting, when a later revision of its period was recorded
    /// after it was entered: the newer figure would be overwritten.
    pub(crate) async fn decide_review(
        &self,
        id: i64,
        decision: Decision,
        by: &str,
        reason: Option<&str>,
    ) -> Result<ReviewRow> {
        self.settle_review(id, decision.state(), by, reason).await
    }

    /// Confirm held figure `id` on behalf of the one who entered it, with
    /// `reason`: recorded now, as accepting it would.
    pub(crate) async fn confirm_review(
        &self,
        id: i64,
        by: &str,
        reason: &str,
    ) -> Result<ReviewRow> {
        self.settle_review(id, ReviewState::Confirmed, by, Some(reason))
            .await
    }

    /// Move held figure `id` to `to`; recorded as a revision unless rejected.
    async fn settle_review(
        &self,
        id: i64,
        to: ReviewState,
        by: &str,
        reason: Option<&str>,
    ) -> Result<ReviewRow> {
        let now = timestamp(Utc::now());
        self.write(async |tx| {
            let sql = format!("SELECT {ROW_COLUMNS} FROM figure_review WHERE id = ?1");
            let row: ReviewRow = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(id)
                .fetch_optional(&mut **tx)
                .await?
                .ok_or_else(|| Error::NotFound(format!("no figure with review id {id}")))?;
            if row.state != "held" {
                return Err(Error::Conflict(format!(
                    "figure {id} ({} {} {}) is no longer held: it was {} by {} at {}",
                    row.region,
                    row.indicator,
                    row.period,
                    row.state,
                    row.decided_by.as_deref().unwrap_or("?"),
                    row.decided_at.as_deref().unwrap_or("?"),
                )));
            }
            let mut recorded_at = None;
            if to != ReviewState::Rejected {
                let newer: Option<(String, String)> = sqlx::query_as(
                    "SELECT recorded_at, recorded_by FROM (
                         SELECT f.recorded_at, f.recorded_by FROM figure_current c
                         JOIN figure f ON f.id = c.figure_id
                         WHERE c.region = ?1 AND c.indicator = ?2 AND c.period = ?3
                         UNION ALL
                         SELECT recorded_at, recorded_by FROM figure
                         WHERE id > (SELECT id FROM figure_fold)
                           AND region = ?1 AND indicator = ?2 AND period = ?3)
                     WHERE recorded_at > ?4 ORDER BY recorded_at DESC LIMIT 1",
                )
                .bind(&row.region)
                .bind(&row.indicator)
                .bind(&row.period)
                .bind(&row.entered_at)
                .fetch_optional(&mut **tx)
                .await?;
                if let Some((at, who)) = newer {
                    return Err(Error::Conflict(format!(
                        "figure {id} ({} {} {}) cannot be accepted: {who} recorded a newer \
                         figure for that period at {at}; reject this one, or enter it again",
                        row.region, row.indicator, row.period
                    )));
                }
                sqlx::query(
                    "INSERT INTO figure (region, indicator, period, value, basis, flag,
                         recorded_at, recorded_by, note, source)
                     SELECT region, indicator, period, value, basis, flag, ?2, entered_by, note, source
                     FROM figure_review WHERE id = ?1",
                )
                .bind(id)
                .bind(&now)
                .execute(&mut **tx)
                .await
                .context("recording an accepted figure")?;
                fold::fold_some(tx).await?;
                recorded_at = Some(now.as_str());
            }
            sqlx::query(
                "UPDATE figure_review SET state = ?2, decided_at = ?3, decided_by = ?4,
                     reason = ?5, recorded_at = ?6 WHERE id = ?1",
            )
            .bind(id)
            .bind(to.as_str())
            .bind(&now)
            .bind(by)
            .bind(reason)
            .bind(recorded_at)
            .execute(&mut **tx)
            .await
            .context("recording a review decision")?;
            Ok(ReviewRow {
                state: to.as_str().into(),
                decided_at: Some(now.clone()),
                decided_by: Some(by.into()),
                reason: reason.map(Into::into),
                ..row
            })
        })
        .await
    }
}
