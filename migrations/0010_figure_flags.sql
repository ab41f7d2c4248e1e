-- An observation status with each figure revision, as SDMX codes them. A
-- revision that changes only the flag is a revision like any other: a
-- provisional figure confirmed as final is news. Rows before this migration
-- have none.

ALTER TABLE figure ADD COLUMN
    flag TEXT CHECK (flag IN ('A', 'E', 'P', 'B'));  -- A normal, E estimated, P provisional, B break in series; NULL when none was given

ALTER TABLE figure_current ADD COLUMN
    flag TEXT;                                        -- copy of the current revision's flag
