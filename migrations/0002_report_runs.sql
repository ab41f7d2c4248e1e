-- One row per rendered report, so the next report can say which goals
-- changed status since the previous one.

CREATE TABLE report_run (
    id           INTEGER PRIMARY KEY,
    as_of        TEXT NOT NULL,     -- YYYY-MM-DD the report was computed for
    known_at     TEXT,              -- RFC 3339 UTC, when the report reproduced a past state
    generated_at TEXT NOT NULL,     -- RFC 3339 UTC with microseconds
    out_dir      TEXT NOT NULL,     -- where the files were written
    statuses     TEXT NOT NULL      -- JSON object: goal id → status name
) STRICT;
