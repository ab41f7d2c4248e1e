-- Each catalogue load that changed something, so that an unchanged
-- catalogue costs one read at start instead of a write transaction.

CREATE TABLE catalogue_load (
    id        INTEGER PRIMARY KEY,
    digest    TEXT NOT NULL,        -- SHA-256 of the validated catalogue's contents
    loaded_at TEXT NOT NULL         -- RFC 3339 UTC with microseconds
) STRICT;
