-- The catalogue as last loaded, and every figure revision ever recorded.
-- Catalogue rows are never deleted: an entry that leaves config/catalogue.toml
-- gets archived_at, so its figures and history stay readable.

CREATE TABLE region (
    id          TEXT PRIMARY KEY,   -- slug from the catalogue
    name        TEXT NOT NULL,      -- display name
    parent      TEXT,               -- parent region id, if any
    archived_at TEXT                -- RFC 3339 UTC; set when the region left the catalogue
) STRICT;

CREATE TABLE indicator (
    id          TEXT PRIMARY KEY,   -- slug from the catalogue
    name        TEXT NOT NULL,      -- display name
    unit        TEXT NOT NULL,      -- e.g. "trains", "CNY 100 million"
    frequency   TEXT NOT NULL CHECK (frequency IN ('monthly', 'quarterly', 'annual')),
    measure     TEXT NOT NULL CHECK (measure IN ('flow', 'level')),
    due_days    INTEGER NOT NULL,   -- a period's figure is due this many days after it ends
    decimals    INTEGER NOT NULL,   -- display only
    archived_at TEXT                -- RFC 3339 UTC; set when the indicator left the catalogue
) STRICT;

CREATE TABLE goal (
    id          TEXT PRIMARY KEY,   -- slug from the catalogue
    region      TEXT NOT NULL REFERENCES region (id),
    indicator   TEXT REFERENCES indicator (id),  -- NULL for milestones
    type        TEXT NOT NULL,      -- growth | multiple | level | trend | milestone
    title       TEXT NOT NULL,
    definition  TEXT NOT NULL,      -- the goal's catalogue entry as JSON, as last loaded
    loaded_at   TEXT NOT NULL,      -- RFC 3339 UTC of the load that last changed it
    archived_at TEXT                -- RFC 3339 UTC; set when the goal left the catalogue
) STRICT;

-- Append-only: a new figure for an existing (region, indicator, period) is a
-- new row; the current value is the row with the highest id.
CREATE TABLE figure (
    id          INTEGER PRIMARY KEY,
    region      TEXT NOT NULL REFERENCES region (id),
    indicator   TEXT NOT NULL REFERENCES indicator (id),
    period      TEXT NOT NULL,      -- 2021, 2021-Q3 or 2021-03, matching the indicator's frequency
    value       REAL NOT NULL,      -- as given (a year-to-date total when basis = 'ytd')
    basis       TEXT NOT NULL CHECK (basis IN ('period', 'ytd')),
    recorded_at TEXT NOT NULL,      -- RFC 3339 UTC with microseconds: sorts as text
    recorded_by TEXT NOT NULL,      -- operator name, token name or "source:<name>"
    note        TEXT,               -- operator's note, if any
    source      TEXT NOT NULL       -- how it arrived: "record", "import:<file>", "api", "source:<name>"
) STRICT;

CREATE TRIGGER figure_is_append_only_update BEFORE UPDATE ON figure
BEGIN
    SELECT RAISE(ABORT, 'figure revisions are append-only');
END;

CREATE TRIGGER figure_is_append_only_delete BEFORE DELETE ON figure
BEGIN
    SELECT RAISE(ABORT, 'figure revisions are append-only');
END;

-- Milestone states with their history; the current state is the latest row.
CREATE TABLE milestone_state (
    id          INTEGER PRIMARY KEY,
    goal        TEXT NOT NULL REFERENCES goal (id),
    state       TEXT NOT NULL CHECK (state IN ('planned', 'in_progress', 'done', 'dropped')),
    note        TEXT,
    recorded_at TEXT NOT NULL,      -- RFC 3339 UTC with microseconds
    recorded_by TEXT NOT NULL
) STRICT;

CREATE INDEX milestone_state_by_goal ON milestone_state (goal, id);
