//! The scheduler: claims due slots in the ledger, runs the claimed ones as
//! tasks, records how they ended, and lets running jobs finish at shutdown.

use super::plan::{ON_TIME, human, plan};
use super::{Clock, JobContext, Jobs};
use crate::config::{self, ScheduleSpec, parse_all};
use crate::store::{RunRecord, RunState, Store};
use anyhow::{Result, bail};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use std::collections::HashSet;
use std::sync::{Arc, Mutex as StdMutex};
use std::time::Duration;
use tokio::sync::Mutex;
use tokio::task::{JoinHandle, JoinSet};

/// How long a shutdown waits for running jobs before recording them as interrupted.
/// Keep the service manager's stop timeout above this (systemd's default is 90 s).
pub const DEFAULT_SHUTDOWN_GRACE: Duration = Duration::from_secs(60);

/// A schedule's next slot, for `waymark jobs` and the daemon's log.
#[derive(Debug, Clone)]
pub struct NextSlot {
    pub(crate) spec: ScheduleSpec,
    /// `None` when the pattern never matches again.
    pub(crate) at: Option<DateTime<Tz>>,
}

/// What the scheduler remembers between steps, so an idle tick costs no query.
#[derive(Debug, Clone, Copy)]
enum Next {
    /// Ask the ledger (first step, or the last claim failed).
    Unknown,
    At(DateTime<Utc>),
    Never,
}

/// Runs each schedule's slots once, recording them in the run ledger.
pub struct Scheduler {
    pub(super) store: Arc<Store>,
    pub(super) specs: Vec<ScheduleSpec>,
    pub(super) clock: Arc<dyn Clock>,
    jobs: Jobs,
    pub(super) grace: Duration,
    next: StdMutex<Vec<Next>>,
    /// Running jobs. Dropping the scheduler aborts them, as a killed process
    /// would; their rows stay `running` until the next start marks them interrupted.
    tasks: Mutex<JoinSet<()>>,
    /// Ledger ids of the runs in `tasks` that have not recorded their end.
    active: Arc<StdMutex<HashSet<i64>>>,
}

impl Scheduler {
    /// Check every schedule (cron, zone, catch_up, a job registered for its
    /// kind); errors name the entry and key. `default_tz` is the top-level `timezone`.
    pub fn new(
        store: Arc<Store>,
        schedules: &[config::Schedule],
        default_tz: &str,
        clock: Arc<dyn Clock>,
        jobs: Jobs,
    ) -> Result<Scheduler> {
        let specs = parse_all(schedules, default_tz)?;
        let missing: Vec<String> = specs
            .iter()
            .filter(|s| jobs.get(s.job).is_none())
            .map(|s| {
                format!(
                    "[[schedule]] #{} key `job`: no {:?} job is registered in this daemon",
                    s.index + 1,
                    s.job.as_str()
                )
            })
            .collect();
        if !missing.is_empty() {
            bail!(missing.join("\n"));
        }
        Ok(Scheduler {
            next: StdMutex::new(vec![Next::Unknown; specs.len()]),
            store,
            specs,
            clock,
            jobs,
            grace: DEFAULT_SHUTDOWN_GRACE,
            tasks: Mutex::new(JoinSet::new()),
            active: Arc::new(StdMutex::new(HashSet::new())),
        })
    }

    /// How long the daemon's loop lets running jobs finish after shutdown begins.
    #[cfg(test)]
    pub(crate) fn with_shutdown_grace(mut self, grace: Duration) -> Scheduler {
        self.grace = grace;
        self
    }

    pub(crate) fn shutdown_grace(&self) -> Duration {
        self.grace
    }

    /// The clock the scheduler reads (and waits on).
    pub(crate) fn clock(&self) -> &dyn Clock {
        self.clock.as_ref()
    }

    /// The schedules it runs.
    pub fn specs(&self) -> &[ScheduleSpec] {
        &self.specs
    }

    /// At start-up: runs left `running` by a process that died are marked
    /// `interrupted` (their slots are not run again). Assumes one daemon per
    /// database; returns how many were marked.
    pub(crate) async fn recover(&self) -> Result<u64> {
        let n = self
            .store
            .interrupt_job_runs(
                None,
                "the process stopped while the job was running (found at start-up)",
                self.clock.now(),
            )
            .await?;
        if n > 0 {
            tracing::warn!(
                runs = n,
                "marked job runs left running by a previous process as interrupted"
            );
        }
        Ok(n)
    }

    /// Handle every slot due up to `now`: claim it in the ledger and start
    /// the job, or record it skipped/missed. Returns the rows this call
    /// wrote; a claimed job keeps running after this returns (see
    /// [`Scheduler::wait_idle`]). Ledger errors are logged and retried next step.
    pub async fn step(&self, now: DateTime<Utc>) -> Vec<RunRecord> {
        self.reap().await;
        let mut written = Vec::new();
        for (i, spec) in self.specs.iter().enumerate() {
            match self.next.lock().expect("next-slot cache")[i] {
                Next::At(t) if t > now => continue,
                Next::Never => continue,
                _ => {}
            }
            let claimed = self
                .store
                .claim_job_slots(&spec.key, spec.job.as_str(), now, |view| {
                    plan(spec, view, now)
                })
                .await;
            let next = match claimed {
                Ok(rows) => {
                    for r in &rows {
                        log_row(r);
                        if r.state == RunState::Running {
                            self.launch(spec, r, now).await;
                        }
                    }
                    written.extend(rows);
                    spec.next_after(now).map_or(Next::Never, Next::At)
                }
                Err(e) => {
                    tracing::error!(schedule = %spec.key, "{e:#}");
                    Next::Unknown
                }
            };
            self.next.lock().expect("next-slot cache")[i] = next;
        }
        written
    }

    /// The earliest slot any schedule is waiting for, as far as this scheduler knows.
    pub(crate) fn next_due(&self) -> Option<DateTime<Utc>> {
        let next = self.next.lock().expect("next-slot cache");
        next.iter()
            .filter_map(|n| match n {
                Next::At(t) => Some(*t),
                _ => None,
            })
            .min()
    }

    /// Each schedule's first slot after `now`, in its own zone.
    pub fn next_slots(&self, now: DateTime<Utc>) -> Vec<NextSlot> {
        next_slots(&self.specs, now)
    }

    async fn launch(&self, spec: &ScheduleSpec, row: &RunRecord, now: DateTime<Utc>) {
        let Some(job) = self.jobs.get(spec.job).cloned() else {
            return; // `new` refuses schedules without a job
        };
        let late = now - row.slot;
        let ctx = JobContext {
            slot: row.slot,
            local_slot: spec.local(row.slot),
            late,
        };
        let (store, clock, active, id) = (
            self.store.clone(),
            self.clock.clone(),
            self.active.clone(),
            row.id,
        );
        active.lock().expect("active runs").insert(id);
        self.tasks.lock().await.spawn(async move {
            // The job runs in its own task so a panic is caught as a JoinError;
            // the guard aborts it when this task is aborted.
            let mut guard = AbortOnDrop(tokio::spawn(job(ctx)));
            let (state, outcome, error) = match (&mut guard.0).await {
                Ok(Ok(outcome)) if late > ON_TIME => {
                    (RunState::Succeeded, Some(format!("{outcome} (caught up {} late)", human(late))), None)
                }
                Ok(Ok(outcome)) => (RunState::Succeeded, Some(outcome), None),
                Ok(Err(e)) => (RunState::Failed, None, Some(format!("{e:#}"))),
                Err(e) => (RunState::Failed, None, Some(format!("the job panicked: {e}"))),
            };
            let ended = store.finish_job_run(id, state, outcome.as_deref(), error.as_deref(), clock.now()).await;
            match ended {
                Ok(()) => tracing::info!(run = id, state = %state, outcome = ?outcome, error = ?error, "job run ended"),
                Err(e) => tracing::error!(run = id, "{e:#}"),
            }
            active.lock().expect("active runs").remove(&id);
        });
    }

    /// Forget finished tasks (the set keeps their results until joined).
    async fn reap(&self) {
        let mut tasks = self.tasks.lock().await;
        while tasks.try_join_next().is_some() {}
    }

    /// Wait until every job started so far has finished and recorded its end.
    pub async fn wait_idle(&self) {
        let mut tasks = self.tasks.lock().await;
        while tasks.join_next().await.is_some() {}
    }

    /// Let running jobs finish for up to `grace`; then stop them and record
    /// them as interrupted. Returns how many were interrupted.
    pub(crate) async fn drain(&self, grace: Duration) -> Result<u64> {
        if tokio::time::timeout(grace, self.wait_idle()).await.is_ok() {
            return Ok(0);
        }
        let mut tasks = self.tasks.lock().await;
        tasks.abort_all();
        while tasks.join_next().await.is_some() {}
        let ids: Vec<i64> = self.active.lock().expect("active runs").drain().collect();
        let reason = format!(
            "still running {} after shutdown began; stopped",
            human(chrono::TimeDelta::from_std(grace).unwrap_or_default())
        );
        let mut n = 0;
        for id in ids {
            n += self
                .store
                .interrupt_job_runs(Some(id), &reason, self.clock.now())
                .await?;
        }
        if n > 0 {
            tracing::warn!(runs = n, "{reason}");
        }
        Ok(n)
    }
}

/// Each schedule's first slot after `now`, in its own zone.
pub fn next_slots(specs: &[ScheduleSpec], now: DateTime<Utc>) -> Vec<NextSlot> {
    specs
        .iter()
        .map(|s| NextSlot {
            spec: s.clone(),
            at: s.next_after(now).map(|t| s.local(t)),
        })
        .collect()
}

fn log_row(r: &RunRecord) {
    match r.state {
        RunState::Running => {
            tracing::info!(job = %r.job, slot = %r.local_slot, run = r.id, "job started")
        }
        _ => {
            tracing::warn!(job = %r.job, slot = %r.local_slot, state = %r.state, outcome = ?r.outcome, "job slot not run")
        }
    }
}

struct AbortOnDrop<T>(JoinHandle<T>);

impl<T> Drop for AbortOnDrop<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}
