-- Remote sources (`[[source]]` settings): what the last pull of each did, the
-- validators for conditional requests, and whether the source is failing.
-- One row per source name; a source that leaves the settings loses its row
-- at the next full pull.

CREATE TABLE source_state (
    name            TEXT PRIMARY KEY,   -- the source's `name` in the settings
    etag            TEXT,               -- ETag of the last body recorded, sent as If-None-Match
    last_modified   TEXT,               -- Last-Modified of that body, sent as If-Modified-Since
    last_pull_at    TEXT NOT NULL,      -- RFC 3339 UTC of the last attempt
    last_status     TEXT NOT NULL CHECK (last_status IN ('ok', 'not_modified', 'failed')),
    last_new        INTEGER NOT NULL DEFAULT 0,  -- figures the last pull added
    last_revised    INTEGER NOT NULL DEFAULT 0,  -- figures it revised
    last_unchanged  INTEGER NOT NULL DEFAULT 0,  -- figures it found already recorded
    last_ok_at      TEXT,               -- RFC 3339 UTC of the last good pull (ok or not_modified)
    error           TEXT,               -- why it is failing; NULL when the last pull was good
    failing_since   TEXT,               -- RFC 3339 UTC of the first failure in the current run of failures
    failed_attempts INTEGER NOT NULL DEFAULT 0  -- failures in a row; 0 after a good pull
) STRICT;
