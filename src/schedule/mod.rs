//! Scheduled jobs: `[[schedule]]` entries (parsed by the settings) turned
//! into local-time slots, the run ledger in SQLite so each slot runs at most
//! once, catch-up after downtime and no overlapping runs.
//!
//! A job is a step function: given a `JobContext` it does its work once and
//! returns an outcome line (or an error). The scheduler only decides when to
//! call it and records what happened; tests drive [`Scheduler::step`] with an
//! explicit time. The daemon provides the jobs and the loop that steps.

mod clock;
mod plan;
mod scheduler;
mod slots;
#[cfg(test)]
pub(crate) mod tests;

pub use clock::{Clock, ManualClock, SystemClock, WaitFuture};
#[cfg(test)]
use plan::MAX_RECORDED;
pub(crate) use plan::human;
pub use scheduler::{DEFAULT_SHUTDOWN_GRACE, NextSlot, Scheduler, next_slots};
#[cfg(test)]
use slots::resolve;

use crate::config::JobKind;
use chrono::{DateTime, TimeDelta, Utc};
use chrono_tz::Tz;
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// What a job is told about the slot it runs for.
#[derive(Debug, Clone)]
pub(crate) struct JobContext {
    /// The slot in UTC (the scheduler's tests read it; jobs use `local_slot`).
    #[cfg_attr(not(test), expect(dead_code, reason = "read by the scheduler's tests"))]
    pub(crate) slot: DateTime<Utc>,
    /// The slot in the schedule's zone: its date is "today" for the job, so a
    /// report caught up the next morning still describes the day it was due.
    pub(crate) local_slot: DateTime<Tz>,
    /// How late the run started (zero-ish normally; hours for a catch-up).
    #[cfg_attr(not(test), expect(dead_code, reason = "read by the scheduler's tests"))]
    pub(crate) late: TimeDelta,
}

pub(crate) type JobFuture = Pin<Box<dyn Future<Output = anyhow::Result<String>> + Send>>;
pub(crate) type JobFn = Arc<dyn Fn(JobContext) -> JobFuture + Send + Sync>;

/// The job functions the daemon provides, one per kind.
#[derive(Clone, Default)]
pub struct Jobs {
    by_kind: HashMap<JobKind, JobFn>,
}

impl Jobs {
    pub(crate) fn new() -> Jobs {
        Jobs::default()
    }

    /// Register (or replace) the function run for `kind`.
    pub(crate) fn with<F, Fut>(mut self, kind: JobKind, f: F) -> Jobs
    where
        F: Fn(JobContext) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = anyhow::Result<String>> + Send + 'static,
    {
        self.by_kind
            .insert(kind, Arc::new(move |ctx| Box::pin(f(ctx)) as JobFuture));
        self
    }

    pub(crate) fn get(&self, kind: JobKind) -> Option<&JobFn> {
        self.by_kind.get(&kind)
    }
}

impl std::fmt::Debug for Jobs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut kinds: Vec<_> = self.by_kind.keys().collect();
        kinds.sort();
        f.debug_struct("Jobs").field("kinds", &kinds).finish()
    }
}
