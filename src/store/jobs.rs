//! The scheduler's run ledger (`job_schedule`, `job_run`): claiming slots,
//! finishing runs, recovering after a crash, listing recent runs.

use super::ledger::{LedgerView, NewRun, RunRecord, RunState};
use super::{Error, Result};
use super::{Store, timestamp};
use anyhow::Context as _;
use chrono::{DateTime, Utc};

#[derive(sqlx::FromRow)]
struct RunRow {
    id: i64,
    schedule: String,
    job: String,
    slot: String,
    local_slot: String,
    state: String,
    started_at: Option<String>,
    finished_at: Option<String>,
    outcome: Option<String>,
    error: Option<String>,
}

/// The `job_run` columns in `RunRow` order, as a literal so queries stay `&'static str`.
macro_rules! run_columns {
    () => {
        "id, schedule, job, slot, local_slot, state, started_at, finished_at, outcome, error"
    };
}

fn parse_time(text: &str) -> Result<DateTime<Utc>> {
    Ok(DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .with_context(|| format!("job_run: bad timestamp {text:?}"))?)
}

impl TryFrom<RunRow> for RunRecord {
    type Error = Error;
    fn try_from(r: RunRow) -> Result<RunRecord> {
        Ok(RunRecord {
            id: r.id,
            state: RunState::parse(&r.state).ok_or_else(|| {
                Error::other(format!("job_run {}: unknown state {:?}", r.id, r.state))
            })?,
            slot: parse_time(&r.slot)?,
            started_at: r.started_at.as_deref().map(parse_time).transpose()?,
            finished_at: r.finished_at.as_deref().map(parse_time).transpose()?,
            schedule: r.schedule,
            job: r.job,
            local_slot: r.local_slot,
            outcome: r.outcome,
            error: r.error,
        })
    }
}

impl Store {
    /// In one `BEGIN IMMEDIATE` transaction: register the schedule (first seen
    /// `now`) if new, show `plan` what the ledger holds, and insert the rows it
    /// returns. A slot already in the ledger is left alone (another scheduler
    /// got there first), so only the rows actually inserted come back: a
    /// `Running` row returned here is this caller's to run.
    pub(crate) async fn claim_job_slots(
        &self,
        key: &str,
        job: &str,
        now: DateTime<Utc>,
        plan: impl FnOnce(&LedgerView) -> Vec<NewRun>,
    ) -> Result<Vec<RunRecord>> {
        let now_text = timestamp(now);
        self.write(async |tx| {
            sqlx::query("INSERT INTO job_schedule (key, job, first_seen) VALUES (?1, ?2, ?3) ON CONFLICT (key) DO NOTHING")
                .bind(key)
                .bind(job)
                .bind(&now_text)
                .execute(&mut **tx)
                .await?;
            let (first_seen,): (String,) =
                sqlx::query_as("SELECT first_seen FROM job_schedule WHERE key = ?1")
                    .bind(key)
                    .fetch_one(&mut **tx)
                    .await?;
            let (last_slot,): (Option<String>,) =
                sqlx::query_as("SELECT max(slot) FROM job_run WHERE schedule = ?1")
                    .bind(key)
                    .fetch_one(&mut **tx)
                    .await?;
            let running: Option<(String,)> = sqlx::query_as(
                "SELECT slot FROM job_run WHERE schedule = ?1 AND state = 'running' ORDER BY slot DESC LIMIT 1",
            )
            .bind(key)
            .fetch_optional(&mut **tx)
            .await?;
            let view = LedgerView {
                first_seen: parse_time(&first_seen)?,
                last_slot: last_slot.as_deref().map(parse_time).transpose()?,
                running: running.map(|(s,)| parse_time(&s)).transpose()?,
            };
            let mut inserted = Vec::new();
            for run in plan(&view) {
                let started = (run.state == RunState::Running).then_some(&now_text);
                let finished = (run.state != RunState::Running).then_some(&now_text);
                let row: Option<RunRow> = sqlx::query_as(concat!(
                    "INSERT INTO job_run (schedule, job, slot, local_slot, state, started_at, finished_at, outcome) ",
                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (schedule, slot) DO NOTHING RETURNING ",
                    run_columns!()
                ))
                    .bind(key)
                    .bind(job)
                    .bind(timestamp(run.slot))
                    .bind(&run.local_slot)
                    .bind(run.state.as_str())
                    .bind(started)
                    .bind(finished)
                    .bind(&run.outcome)
                    .fetch_optional(&mut **tx)
                    .await?;
                if let Some(row) = row {
                    inserted.push(RunRecord::try_from(row)?);
                }
            }
            Ok(inserted)
        })
        .await
        .with_context(|| format!("claiming slots of schedule {key:?}"))
        .map_err(Error::from)
    }

    /// Record how a run ended. A run already marked interrupted (by a
    /// shutdown timeout or another process starting) still gets the truth.
    pub(crate) async fn finish_job_run(
        &self,
        id: i64,
        state: RunState,
        outcome: Option<&str>,
        error: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.write(async |tx| {
            sqlx::query(
                "UPDATE job_run SET state = ?2, outcome = ?3, error = ?4, finished_at = ?5 \
                 WHERE id = ?1 AND state IN ('running', 'interrupted')",
            )
            .bind(id)
            .bind(state.as_str())
            .bind(outcome)
            .bind(error)
            .bind(timestamp(now))
            .execute(&mut **tx)
            .await?;
            Ok(())
        })
        .await
        .with_context(|| format!("recording the end of job run {id}"))
        .map_err(Error::from)
    }

    /// Mark runs still `running` as interrupted: all of them (`id` None, at
    /// start-up, when no run of this database can still be alive in this
    /// process) or one. Returns how many rows changed.
    pub(crate) async fn interrupt_job_runs(
        &self,
        id: Option<i64>,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<u64> {
        self.write(async |tx| {
            let done = sqlx::query(
                "UPDATE job_run SET state = 'interrupted', error = ?2, finished_at = ?3 \
                 WHERE state = 'running' AND (?1 IS NULL OR id = ?1)",
            )
            .bind(id)
            .bind(reason)
            .bind(timestamp(now))
            .execute(&mut **tx)
            .await?;
            Ok(done.rows_affected())
        })
        .await
        .context("marking interrupted job runs")
        .map_err(Error::from)
    }

    /// The newest `limit` runs of a schedule, newest slot first.
    pub async fn recent_job_runs(&self, key: &str, limit: u32) -> Result<Vec<RunRecord>> {
        let rows: Vec<RunRow> = sqlx::query_as(concat!(
            "SELECT ",
            run_columns!(),
            " FROM job_run WHERE schedule = ?1 ORDER BY slot DESC LIMIT ?2"
        ))
        .bind(key)
        .bind(limit)
        .fetch_all(self.readers())
        .await
        .with_context(|| format!("reading runs of schedule {key:?}"))?;
        rows.into_iter().map(RunRecord::try_from).collect()
    }
}

/// One job's totals over the whole ledger, for `/metrics`.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub(crate) struct JobTotals {
    pub(crate) job: String,
    /// Runs started (any state but skipped or missed), the one running now included.
    pub(crate) runs: i64,
    /// Runs that failed or were interrupted.
    pub(crate) failures: i64,
    /// When the newest successful run finished (RFC 3339 UTC).
    pub(crate) last_success: Option<String>,
}

impl Store {
    /// Per job (kind, not schedule): runs, failures and the last success.
    pub(crate) async fn job_totals(&self) -> Result<Vec<JobTotals>> {
        Ok(sqlx::query_as(
            "SELECT job,
                    coalesce(sum(state NOT IN ('skipped', 'missed')), 0) AS runs,
                    coalesce(sum(state IN ('failed', 'interrupted')), 0) AS failures,
                    max(CASE WHEN state = 'succeeded' THEN finished_at END) AS last_success
             FROM job_run GROUP BY job ORDER BY job",
        )
        .fetch_all(self.readers())
        .await
        .context("reading job run totals")?)
    }
}
