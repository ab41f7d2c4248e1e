-- API tokens for the HTTP server (`waymark token create|list|revoke`).
-- Only a SHA-256 hash of each secret is kept: the secret itself is printed
-- once when the token is created and cannot be recovered from the database.

CREATE TABLE api_token (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,  -- chosen by the admin; recorded as recorded_by on writes
    role          TEXT NOT NULL CHECK (role IN ('admin', 'operator', 'viewer')),
    regions       TEXT NOT NULL,         -- JSON array of region ids an operator may write; [] for others
    secret_sha256 TEXT NOT NULL UNIQUE,  -- lower-case hex SHA-256 of the secret (never the secret)
    created_at    TEXT NOT NULL,         -- RFC 3339 UTC with microseconds
    last_used_at  TEXT                   -- RFC 3339 UTC, updated at most once a minute; NULL if never used
) STRICT;
