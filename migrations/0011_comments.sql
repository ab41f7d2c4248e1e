-- Comments (check-ins): a few words with an author and a time, about a goal
-- or about one figure (region × indicator × period). Append-only, like the
-- figures: a comment is part of the record of how a goal went.

CREATE TABLE comments (
    id          INTEGER PRIMARY KEY,
    goal        TEXT REFERENCES goal (id),           -- set for a comment on a goal ...
    region      TEXT REFERENCES region (id),         -- ... or these three for one on a figure
    indicator   TEXT REFERENCES indicator (id),
    period      TEXT,                                -- 2021, 2021-Q3 or 2021-03
    text        TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 2000),
    recorded_at TEXT NOT NULL,                       -- RFC 3339 UTC with microseconds
    recorded_by TEXT NOT NULL,                       -- operator name or token name
    CHECK ((goal IS NOT NULL AND region IS NULL AND indicator IS NULL AND period IS NULL)
        OR (goal IS NULL AND region IS NOT NULL AND indicator IS NOT NULL AND period IS NOT NULL))
) STRICT;

CREATE INDEX comments_by_goal ON comments (goal, id) WHERE goal IS NOT NULL;
CREATE INDEX comments_by_series ON comments (region, indicator, id) WHERE region IS NOT NULL;

CREATE TRIGGER comments_are_append_only_update BEFORE UPDATE ON comments
BEGIN
    SELECT RAISE(ABORT, 'comments are append-only');
END;

CREATE TRIGGER comments_are_append_only_delete BEFORE DELETE ON comments
BEGIN
    SELECT RAISE(ABORT, 'comments are append-only');
END;
