//! Milestone states with history: who set which state when.

use super::Result;
use super::{Store, known_bound, timestamp};
use crate::domain::MilestoneState;
use chrono::{DateTime, Utc};
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, sqlx::FromRow, serde::Serialize)]
pub(crate) struct MilestoneRecord {
    pub(crate) goal: String,
    pub(crate) state: String,
    pub(crate) note: Option<String>,
    pub(crate) recorded_at: String,
    pub(crate) recorded_by: String,
}

impl Store {
    /// Record a milestone's new state as a new revision; earlier ones stay in its history.
    pub async fn set_milestone(
        &self,
        goal: &str,
        state: MilestoneState,
        note: Option<&str>,
        by: &str,
    ) -> Result<()> {
        let now = timestamp(Utc::now());
        self.write(async |tx| {
            sqlx::query("INSERT INTO milestone_state (goal, state, note, recorded_at, recorded_by) VALUES (?1, ?2, ?3, ?4, ?5)")
                .bind(goal)
                .bind(state.as_str())
                .bind(note)
                .bind(&now)
                .bind(by)
                .execute(&mut **tx)
                .await?;
            Ok(())
        })
        .await
    }

    /// Each milestone's latest state as known at `known_at`.
    pub(crate) async fn milestone_states(
        &self,
        known_at: Option<DateTime<Utc>>,
    ) -> Result<HashMap<String, MilestoneState>> {
        let rows: Vec<(String, String, i64)> = sqlx::query_as(
            "SELECT goal, state, max(id) FROM milestone_state WHERE recorded_at <= ?1 GROUP BY goal",
        )
        .bind(known_bound(known_at))
        .fetch_all(self.readers())
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(g, s, _)| Some((g, s.parse().ok()?)))
            .collect())
    }

    pub(crate) async fn milestone_history(&self, goal: &str) -> Result<Vec<MilestoneRecord>> {
        Ok(sqlx::query_as(
            "SELECT goal, state, note, recorded_at, recorded_by FROM milestone_state WHERE goal = ?1 ORDER BY id",
        )
        .bind(goal)
        .fetch_all(self.readers())
        .await?)
    }
}

impl Store {
    /// The newest `limit` changes of a milestone, oldest first.
    pub(crate) async fn milestone_history_recent(
        &self,
        goal: &str,
        limit: usize,
    ) -> Result<Vec<MilestoneRecord>> {
        let mut rows: Vec<MilestoneRecord> = sqlx::query_as(
            "SELECT goal, state, note, recorded_at, recorded_by FROM milestone_state WHERE goal = ?1 ORDER BY id DESC LIMIT ?2",
        )
        .bind(goal)
        .bind(limit as i64)
        .fetch_all(self.readers())
        .await?;
        rows.reverse();
        Ok(rows)
    }
}
