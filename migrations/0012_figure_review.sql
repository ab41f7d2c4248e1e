-- Figures held for review (suspect, or by an indicator's `review` setting):
-- a held figure is not a revision yet, so it lives here and not in `figure`,
-- and every reader of current figures (figure_current, the fold, --known-at,
-- the series cache) leaves it out without knowing about review at all.
-- Accepting one inserts it into `figure` as a new revision, recorded at the
-- time of the decision; rejecting one keeps the row here as rejected.
-- A figure confirmed by the person who entered it goes into `figure` at once
-- and is kept here as confirmed, with the reason.

CREATE TABLE figure_review (
    id              INTEGER PRIMARY KEY,
    region          TEXT NOT NULL REFERENCES region (id),
    indicator       TEXT NOT NULL REFERENCES indicator (id),
    period          TEXT NOT NULL,      -- as in figure
    value           REAL NOT NULL,      -- as given (a year-to-date total when basis = 'ytd')
    basis           TEXT NOT NULL CHECK (basis IN ('period', 'ytd')),
    flag            TEXT CHECK (flag IN ('A', 'E', 'P', 'B')),
    note            TEXT,               -- the operator's note, if any
    entered_at      TEXT NOT NULL,      -- RFC 3339 UTC with microseconds: when it came in
    entered_by      TEXT NOT NULL,      -- who entered it (token, operator or "source:<name>")
    source          TEXT NOT NULL,      -- how it arrived, as figure.source
    why             TEXT NOT NULL,      -- why it was held: the suspect check's or the rule's words, or "review = always"
    state           TEXT NOT NULL CHECK (state IN ('held', 'accepted', 'rejected', 'confirmed')),
    decided_at      TEXT,               -- RFC 3339 UTC; NULL while held
    decided_by      TEXT,               -- who accepted, rejected or confirmed it
    reason          TEXT,               -- the reason given with the decision
    recorded_at     TEXT                -- figure.recorded_at of the revision it became (accepted, confirmed); NULL otherwise
) STRICT;

CREATE INDEX figure_review_by_key ON figure_review (region, indicator, period, id);
CREATE INDEX figure_review_held ON figure_review (state, id) WHERE state = 'held';
