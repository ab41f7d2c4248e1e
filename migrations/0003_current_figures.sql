-- The current revision of each (region, indicator, period), kept up to date
-- by a trigger so that every writer maintains it. Reading current figures
-- then needs no GROUP BY over the whole revision history.

CREATE TABLE figure_current (
    region    TEXT NOT NULL,        -- as in figure
    indicator TEXT NOT NULL,        -- as in figure
    period    TEXT NOT NULL,        -- as in figure
    figure_id INTEGER NOT NULL REFERENCES figure (id),  -- the latest revision
    value     REAL NOT NULL,        -- copy of that revision's value
    basis     TEXT NOT NULL,        -- copy of that revision's basis
    PRIMARY KEY (region, indicator, period)
) STRICT, WITHOUT ROWID;

-- SQLite takes the bare columns of a max() aggregate from the row holding the maximum.
INSERT INTO figure_current (region, indicator, period, figure_id, value, basis)
SELECT region, indicator, period, max(id), value, basis FROM figure GROUP BY region, indicator, period;

CREATE TRIGGER figure_current_follows_insert AFTER INSERT ON figure
BEGIN
    INSERT INTO figure_current (region, indicator, period, figure_id, value, basis)
    VALUES (NEW.region, NEW.indicator, NEW.period, NEW.id, NEW.value, NEW.basis)
    ON CONFLICT (region, indicator, period) DO UPDATE
        SET figure_id = excluded.figure_id, value = excluded.value, basis = excluded.basis;
END;
