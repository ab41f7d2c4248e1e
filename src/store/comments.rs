//! Comments (check-ins) on goals and on figures: append-only, newest first
//! when read, every read bounded by a limit.

use super::Result;
use super::{Store, known_bound, timestamp};
use crate::domain::{Comment, Goal, Subject};
use anyhow::Context as _;
use chrono::{DateTime, Utc};

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    goal: Option<String>,
    region: Option<String>,
    indicator: Option<String>,
    period: Option<String>,
    text: String,
    recorded_at: String,
    recorded_by: String,
}

/// The columns every read selects, as a literal for `concat!`.
macro_rules! columns {
    () => {
        "id, goal, region, indicator, period, text, recorded_at, recorded_by"
    };
}

impl Row {
    /// The comment, or `None` for a row that no longer reads (a period or
    /// time edited by hand): one bad row should not hide the others.
    fn comment(self) -> Option<Comment> {
        let subject = match (self.goal, self.region, self.indicator, self.period) {
            (Some(g), None, None, None) => Subject::Goal(g),
            (None, Some(region), Some(indicator), Some(p)) => Subject::Figure {
                region,
                indicator,
                period: p.parse().ok()?,
            },
            _ => return None,
        };
        Some(Comment {
            id: self.id,
            subject,
            text: self.text,
            author: self.recorded_by,
            recorded_at: DateTime::parse_from_rfc3339(&self.recorded_at)
                .ok()?
                .with_timezone(&Utc),
        })
    }
}

fn comments(rows: Vec<Row>) -> Vec<Comment> {
    rows.into_iter().filter_map(Row::comment).collect()
}

impl Store {
    /// Record a comment (its text already checked) by `by`, now.
    pub(crate) async fn add_comment(
        &self,
        subject: &Subject,
        text: &str,
        by: &str,
    ) -> Result<Comment> {
        let now = Utc::now();
        let at = timestamp(now);
        let (goal, region, indicator, period) = match subject {
            Subject::Goal(g) => (Some(g.as_str()), None, None, None),
            Subject::Figure {
                region,
                indicator,
                period,
            } => (
                None,
                Some(region.as_str()),
                Some(indicator.as_str()),
                Some(period.to_string()),
            ),
        };
        let id: i64 = self
            .write(async |tx| {
                Ok(sqlx::query_scalar(
                    "INSERT INTO comments (goal, region, indicator, period, text, recorded_at, recorded_by)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
                )
                .bind(goal)
                .bind(region)
                .bind(indicator)
                .bind(&period)
                .bind(text)
                .bind(&at)
                .bind(by)
                .fetch_one(&mut **tx)
                .await
                .context("recording a comment")?)
            })
            .await?;
        Ok(Comment {
            id,
            subject: subject.clone(),
            text: text.to_string(),
            author: by.to_string(),
            recorded_at: now,
        })
    }

    /// The newest `limit` comments under `goal`: on the goal itself and on
    /// the figures of its series; newest first.
    pub(crate) async fn goal_comments(&self, goal: &Goal, limit: usize) -> Result<Vec<Comment>> {
        let rows = sqlx::query_as(concat!(
            "SELECT ",
            columns!(),
            " FROM comments
             WHERE goal = ?1 OR (region = ?2 AND indicator = ?3)
             ORDER BY id DESC LIMIT ?4"
        ))
        .bind(goal.id.as_str())
        .bind(goal.region.as_str())
        .bind(goal.indicator.as_ref().map(|i| i.as_str()))
        .bind(limit as i64)
        .fetch_all(self.readers())
        .await?;
        Ok(comments(rows))
    }

    /// The newest `limit` comments on one figure; newest first.
    pub(crate) async fn figure_comments(
        &self,
        region: &str,
        indicator: &str,
        period: &str,
        limit: usize,
    ) -> Result<Vec<Comment>> {
        let rows = sqlx::query_as(concat!(
            "SELECT ",
            columns!(),
            " FROM comments
             WHERE region = ?1 AND indicator = ?2 AND period = ?3
             ORDER BY id DESC LIMIT ?4"
        ))
        .bind(region)
        .bind(indicator)
        .bind(period)
        .bind(limit as i64)
        .fetch_all(self.readers())
        .await?;
        Ok(comments(rows))
    }

    /// For a report: the newest `per_subject` comments on each goal and on
    /// each series' figures, as recorded at `known_at` (all when `None`);
    /// newest first.
    pub(crate) async fn recent_comments(
        &self,
        known_at: Option<DateTime<Utc>>,
        per_subject: usize,
    ) -> Result<Vec<Comment>> {
        let rows = sqlx::query_as(concat!(
            "SELECT ",
            columns!(),
            " FROM (
                 SELECT *, row_number() OVER (
                     PARTITION BY goal, region, indicator ORDER BY id DESC) AS n
                 FROM comments WHERE recorded_at <= ?1)
             WHERE n <= ?2 ORDER BY id DESC"
        ))
        .bind(known_bound(known_at))
        .bind(per_subject as i64)
        .fetch_all(self.readers())
        .await?;
        Ok(comments(rows))
    }

    /// How many revisions each period of a series has (periods as stored).
    pub(crate) async fn revision_counts(
        &self,
        region: &str,
        indicator: &str,
    ) -> Result<std::collections::HashMap<String, i64>> {
        let rows: Vec<(String, i64)> = sqlx::query_as(
            "SELECT period, count(*) FROM figure WHERE region = ?1 AND indicator = ?2 GROUP BY period",
        )
        .bind(region)
        .bind(indicator)
        .fetch_all(self.readers())
        .await?;
        Ok(rows.into_iter().collect())
    }
}
