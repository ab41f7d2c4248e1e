//! Deciding what to do with the slots that came due: run the newest, record
//! the rest as skipped or missed. Pure, so the rules are tested without a database.

use crate::config::ScheduleSpec;
use crate::store::{LedgerView, NewRun, RunState};
use chrono::{DateTime, TimeDelta, Utc};

/// A slot at most this late is on time, whatever `catch_up` says: a tick or
/// a busy database can delay a step by a few seconds, and `catch_up = "0"`
/// must still run slots while the daemon is up.
pub(crate) const ON_TIME: TimeDelta = TimeDelta::seconds(60);

/// At most this many rows are written per schedule per step, so a year of
/// downtime does not write half a million `missed` rows. The oldest row
/// written says how many older slots it stands for.
pub(crate) const MAX_RECORDED: usize = 100;

/// Rows to insert for `spec` at `now`, given what the ledger holds. Slots
/// after the newest recorded slot (or after the schedule was first seen) and
/// up to `now` are due:
/// * while a run of this schedule is still going, every due slot is `skipped`;
/// * otherwise the newest runs if it is at most `max(catch_up, ON_TIME)` late,
///   else it is `missed`; older due slots are `missed`: one catch-up run
///   covers them.
pub(crate) fn plan(spec: &ScheduleSpec, view: &LedgerView, now: DateTime<Utc>) -> Vec<NewRun> {
    let after = view
        .last_slot
        .map_or(view.first_seen, |l| l.max(view.first_seen));
    let due = spec.due(after, now, MAX_RECORDED);
    let Some(&newest) = due.newest_first.first() else {
        return Vec::new();
    };
    let row = |slot: DateTime<Utc>, state: RunState, outcome: Option<String>| NewRun {
        slot,
        local_slot: spec.local(slot).to_rfc3339(),
        state,
        outcome,
    };
    let mut rows: Vec<NewRun> = if let Some(running) = view.running {
        let why = format!(
            "not run: the run for slot {} was still running",
            spec.local(running).to_rfc3339()
        );
        due.newest_first
            .iter()
            .map(|&s| row(s, RunState::Skipped, Some(why.clone())))
            .collect()
    } else {
        let late = now - newest;
        let window = spec.catch_up.max(ON_TIME);
        let first = if late <= window {
            row(newest, RunState::Running, None)
        } else {
            row(
                newest,
                RunState::Missed,
                Some(format!(
                    "not run: {} late when the scheduler looked, beyond catch_up {}",
                    human(late),
                    human(spec.catch_up)
                )),
            )
        };
        let older =
            "not run: overdue when the scheduler looked; only the newest overdue slot is caught up";
        std::iter::once(first)
            .chain(
                due.newest_first[1..]
                    .iter()
                    .map(|&s| row(s, RunState::Missed, Some(older.to_string()))),
            )
            .collect()
    };
    if due.older > 0 {
        let capped = if due.older >= super::slots::COUNT_CAP {
            "at least "
        } else {
            ""
        };
        if let Some(oldest) = rows.last_mut() {
            let state = oldest.state;
            let text = oldest.outcome.get_or_insert_with(String::new);
            text.push_str(&format!(
                " ({capped}{} earlier slots were {state} too and are not listed one by one)",
                due.older
            ));
        }
    }
    // Oldest first, so row ids follow time.
    rows.reverse();
    rows
}

/// `2d 3h 4m 5s`, leaving out zero parts; `0s` for nothing.
pub(crate) fn human(d: TimeDelta) -> String {
    let mut secs = d.num_seconds().max(0);
    let mut out = Vec::new();
    for (unit, size) in [("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)] {
        if secs >= size {
            out.push(format!("{}{unit}", secs / size));
            secs %= size;
        }
    }
    if out.is_empty() {
        "0s".into()
    } else {
        out.join(" ")
    }
}
