//! The run ledger's vocabulary: what happened to one scheduled slot. The
//! rows live here, beside the SQL that stores them; the scheduler decides
//! which to write.

use chrono::{DateTime, Utc};
use serde::Serialize;
use std::fmt;

/// Where a scheduled run stands in the ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RunState {
    /// Claimed by a scheduler and running now.
    Running,
    /// Finished without error.
    Succeeded,
    /// Finished with an error.
    Failed,
    /// Came due while the previous run of the same schedule was still going.
    Skipped,
    /// Came due while no scheduler was running, and was too old to catch up
    /// (or a later slot was caught up instead).
    Missed,
    /// The process stopped (killed, or shut down past its grace period) mid-run.
    Interrupted,
}

impl RunState {
    pub(crate) const ALL: [RunState; 6] = [
        RunState::Running,
        RunState::Succeeded,
        RunState::Failed,
        RunState::Skipped,
        RunState::Missed,
        RunState::Interrupted,
    ];

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            RunState::Running => "running",
            RunState::Succeeded => "succeeded",
            RunState::Failed => "failed",
            RunState::Skipped => "skipped",
            RunState::Missed => "missed",
            RunState::Interrupted => "interrupted",
        }
    }

    pub(crate) fn parse(text: &str) -> Option<RunState> {
        RunState::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

impl fmt::Display for RunState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One row of the ledger.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunRecord {
    pub(crate) id: i64,
    /// The schedule's ledger key (`job|cron|timezone`).
    pub(crate) schedule: String,
    pub(crate) job: String,
    pub(crate) slot: DateTime<Utc>,
    /// The slot in the schedule's zone, RFC 3339 with offset.
    pub(crate) local_slot: String,
    /// Where it stands.
    pub state: RunState,
    pub(crate) started_at: Option<DateTime<Utc>>,
    pub(crate) finished_at: Option<DateTime<Utc>>,
    pub(crate) outcome: Option<String>,
    pub(crate) error: Option<String>,
}

impl RunRecord {
    /// How long the run took, once finished.
    pub(crate) fn duration(&self) -> Option<chrono::TimeDelta> {
        Some(self.finished_at? - self.started_at?)
    }
}

/// A row to insert when claiming slots.
#[derive(Debug, Clone, PartialEq)]
pub struct NewRun {
    pub(crate) slot: DateTime<Utc>,
    pub(crate) local_slot: String,
    /// `Running` (this scheduler runs it), `Skipped` or `Missed`.
    pub(crate) state: RunState,
    pub(crate) outcome: Option<String>,
}

/// What the ledger knows about one schedule when slots are claimed.
#[derive(Debug, Clone, PartialEq)]
pub struct LedgerView {
    /// When the schedule was first seen: a new schedule has nothing to catch up.
    pub(crate) first_seen: DateTime<Utc>,
    /// The newest slot recorded, in any state.
    pub(crate) last_slot: Option<DateTime<Utc>>,
    /// The slot of a run still in progress, if any.
    pub(crate) running: Option<DateTime<Utc>>,
}
