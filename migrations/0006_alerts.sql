-- Alerts and their delivery. `alert` keeps each alert's lifecycle the way
-- Alertmanager does (firing, then resolved), so a restart neither forgets an
-- alert nor announces it again. `notification` is the durable outbox: a
-- message is stored in the same transaction as the change that caused it,
-- before any attempt to deliver it, and stays until delivered or given up.

CREATE TABLE alert (
    fingerprint      TEXT PRIMARY KEY,  -- 16 hex digits over alertname + identifying labels (not the status)
    alertname        TEXT NOT NULL,     -- goal_status | figure_overdue | figure_suspect | source_failed
    labels           TEXT NOT NULL,     -- JSON object: the labels as last evaluated
    annotations      TEXT NOT NULL,     -- JSON object: summary sentence and the like
    state            TEXT NOT NULL CHECK (state IN ('firing', 'resolved')),
    starts_at        TEXT NOT NULL,     -- RFC 3339 UTC: when it (last) started firing
    ends_at          TEXT,              -- RFC 3339 UTC: when it resolved; NULL while firing
    last_notified_at TEXT,              -- RFC 3339 UTC: when a notification last included it
    updated_at       TEXT NOT NULL      -- RFC 3339 UTC: the evaluation that last changed it
) STRICT;

CREATE INDEX alert_by_state ON alert (state, fingerprint);

CREATE TABLE notification (
    id              INTEGER PRIMARY KEY,  -- also the delivery order within a destination
    kind            TEXT NOT NULL CHECK (kind IN ('alerts', 'report', 'reminder')),
    destination     TEXT NOT NULL,        -- JSON: {"webhook":{url,receiver}} or {"email":{from,to}}
    queue           TEXT NOT NULL,        -- one ordered queue per destination: webhook URL or "email"
    idempotency_key TEXT NOT NULL UNIQUE, -- sent as Idempotency-Key / in the Message-ID; stable across retries
    payload         BLOB NOT NULL,        -- the webhook JSON body or the RFC 5322 message
    state           TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,  -- attempts started (claimed)
    next_attempt_at TEXT NOT NULL,        -- RFC 3339 UTC: not before this (backoff)
    lease_until     TEXT,                 -- RFC 3339 UTC: an attempt is under way until then; a killed one is retried after
    last_error      TEXT,                 -- why the last attempt failed, or why we gave up
    created_at      TEXT NOT NULL,        -- RFC 3339 UTC
    delivered_at    TEXT                  -- RFC 3339 UTC, once delivered
) STRICT;

CREATE INDEX notification_queue ON notification (state, queue, id);

-- Reminders sent: each overdue figure is reminded of once per due date.
CREATE TABLE reminder_sent (
    region       TEXT NOT NULL,
    indicator    TEXT NOT NULL,
    period       TEXT NOT NULL,       -- the overdue period, e.g. 2021-05
    due          TEXT NOT NULL,       -- YYYY-MM-DD the figure was due
    notification INTEGER NOT NULL REFERENCES notification (id),
    sent_at      TEXT NOT NULL,       -- RFC 3339 UTC: when the reminder was queued
    PRIMARY KEY (region, indicator, period, due)
) STRICT;
