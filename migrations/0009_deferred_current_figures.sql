-- figure_current is no longer kept up to date row by row by a trigger: an
-- upsert into a large index for every revision cost more than the revision
-- itself. Instead it is brought up to date ("folded") from the revision
-- table, in key order, a batch of revisions at a time: every revision with
-- an id above figure_fold.id is still to be folded. Readers of
-- figure_current fold first (src/store/fold.rs), so they see every
-- committed revision; writers fold when they finish, except the daemon's
-- HTTP batch writer, which leaves a bounded tail for the next reader.

DROP TRIGGER figure_current_follows_insert;

CREATE TABLE figure_fold (
    one INTEGER PRIMARY KEY CHECK (one = 1),  -- a single row
    id  INTEGER NOT NULL                      -- revisions up to this id are in figure_current
) STRICT;

-- The trigger kept figure_current complete until now.
INSERT INTO figure_fold (one, id) SELECT 1, coalesce(max(id), 0) FROM figure;
