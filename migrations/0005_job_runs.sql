-- The scheduler's run ledger (src/schedule/): one row per scheduled slot of
-- each [[schedule]] entry, so that a slot runs at most once, even across
-- restarts and two processes racing on one database (UNIQUE (schedule, slot),
-- and a slot is claimed by inserting its row in a BEGIN IMMEDIATE transaction
-- before the job starts).

CREATE TABLE job_schedule (
    key        TEXT PRIMARY KEY,  -- stable identity "job|cron|timezone" (cron whitespace normalised); a changed entry is a new schedule
    job        TEXT NOT NULL,     -- report | alerts | reminders | pull
    first_seen TEXT NOT NULL      -- RFC 3339 UTC with microseconds: slots before this were never due, so a new schedule catches nothing up
) STRICT;

CREATE TABLE job_run (
    id          INTEGER PRIMARY KEY,
    schedule    TEXT NOT NULL REFERENCES job_schedule (key),  -- which schedule the slot belongs to
    job         TEXT NOT NULL,     -- report | alerts | reminders | pull (copied for reading without the settings)
    slot        TEXT NOT NULL,     -- the scheduled instant, RFC 3339 UTC with microseconds (text order is time order)
    local_slot  TEXT NOT NULL,     -- the same instant in the schedule's zone, RFC 3339 with offset, e.g. 2025-03-30T03:00:00+02:00
    state       TEXT NOT NULL CHECK (state IN ('running', 'succeeded', 'failed', 'skipped', 'missed', 'interrupted')),
                                   -- skipped: due while the previous run still ran; missed: due while no scheduler ran and not caught up;
                                   -- interrupted: the process stopped mid-run
    started_at  TEXT,              -- RFC 3339 UTC when the job started; NULL for skipped and missed slots
    finished_at TEXT,              -- RFC 3339 UTC when it ended, or when a skipped/missed/interrupted slot was recorded as such
    outcome     TEXT,              -- what the job reported (e.g. "wrote 42 files to charts/2025-03-01"), or why a slot was skipped or missed
    error       TEXT,              -- the error with its causes when state is failed or interrupted
    UNIQUE (schedule, slot)
) STRICT;

-- `waymark jobs` lists each schedule's newest runs; the UNIQUE index serves that.
-- Start-up and the overlap check look for runs still marked running.
CREATE INDEX job_run_running ON job_run (schedule) WHERE state = 'running';
