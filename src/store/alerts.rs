//! Alert state, the notification outbox and the reminder ledger
//! (migrations/0006_alerts.sql). An evaluation's alert changes and the
//! notifications they cause are written in one transaction.

use super::Result;
use super::{Store, timestamp};
use anyhow::Context;
use chrono::{DateTime, Utc};
use sqlx::{Sqlite, Transaction};

/// One alert as stored.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub(crate) struct AlertRow {
    pub(crate) fingerprint: String,
    pub(crate) alertname: String,
    /// JSON object.
    pub(crate) labels: String,
    /// JSON object.
    pub(crate) annotations: String,
    pub(crate) state: String,
    pub(crate) starts_at: String,
    pub(crate) ends_at: Option<String>,
    pub(crate) last_notified_at: Option<String>,
    pub(crate) updated_at: String,
}

/// A message to put in the outbox.
#[derive(Debug, Clone)]
pub(crate) struct NewNotification {
    pub(crate) kind: &'static str,
    /// JSON describing where it goes.
    pub(crate) destination: String,
    /// Messages of one queue are delivered one at a time, in order.
    pub(crate) queue: String,
    pub(crate) idempotency_key: String,
    pub(crate) payload: Vec<u8>,
}

/// A notification waiting for delivery.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct OutboxRow {
    pub(crate) id: i64,
    pub(crate) kind: String,
    pub(crate) destination: String,
    pub(crate) idempotency_key: String,
    pub(crate) payload: Vec<u8>,
    pub(crate) attempts: i64,
}

/// Where one notification stands, as [`Store::notification_standing`] finds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Standing {
    /// `pending`, `delivered` or `failed`.
    pub(crate) state: String,
    /// Why the last attempt failed, if one did.
    pub(crate) last_error: Option<String>,
    /// Pending notifications of the same queue before it: it is not tried
    /// until they are delivered or given up.
    pub(crate) ahead: i64,
    /// The first of those, its last error (why the queue is stuck).
    pub(crate) ahead_error: Option<String>,
}

/// Counts of undelivered notifications.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub(crate) struct OutboxCounts {
    pub(crate) pending: i64,
    pub(crate) failed: i64,
    /// `created_at` of the oldest pending notification.
    pub(crate) oldest: Option<String>,
}

/// A reminded overdue figure.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct ReminderKey {
    pub(crate) region: String,
    pub(crate) indicator: String,
    pub(crate) period: String,
    pub(crate) due: String,
}

impl Store {
    /// Alerts in `state` (`firing` or `resolved`), by fingerprint.
    pub(crate) async fn alerts_in_state(&self, state: &str) -> Result<Vec<AlertRow>> {
        Ok(sqlx::query_as(
            "SELECT fingerprint, alertname, labels, annotations, state, starts_at, ends_at,
                    last_notified_at, updated_at
             FROM alert WHERE state = ?1 ORDER BY fingerprint",
        )
        .bind(state)
        .fetch_all(self.readers())
        .await?)
    }

    /// Write the alerts an evaluation changed and the notifications it
    /// causes, all or nothing: a notification never exists without its
    /// change, nor a change without its notification.
    pub(crate) async fn apply_alert_changes(
        &self,
        alerts: &[AlertRow],
        notifications: &[NewNotification],
        now: DateTime<Utc>,
    ) -> Result<()> {
        let now = timestamp(now);
        self.write(async |tx| {
            for a in alerts {
                sqlx::query(
                    "INSERT INTO alert (fingerprint, alertname, labels, annotations, state, starts_at,
                                        ends_at, last_notified_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                     ON CONFLICT (fingerprint) DO UPDATE SET alertname = ?2, labels = ?3,
                        annotations = ?4, state = ?5, starts_at = ?6, ends_at = ?7,
                        last_notified_at = ?8, updated_at = ?9",
                )
                .bind(&a.fingerprint)
                .bind(&a.alertname)
                .bind(&a.labels)
                .bind(&a.annotations)
                .bind(&a.state)
                .bind(&a.starts_at)
                .bind(&a.ends_at)
                .bind(&a.last_notified_at)
                .bind(&a.updated_at)
                .execute(&mut **tx)
                .await
                .with_context(|| format!("storing alert {}", a.fingerprint))?;
            }
            for n in notifications {
                insert_notification(tx, n, &now).await?;
            }
            Ok(())
        })
        .await
    }

    /// Put messages in the outbox (a repeated idempotency key is ignored).
    pub(crate) async fn enqueue(
        &self,
        notifications: &[NewNotification],
        now: DateTime<Utc>,
    ) -> Result<()> {
        let now = timestamp(now);
        self.write(async |tx| {
            for n in notifications {
                insert_notification(tx, n, &now).await?;
            }
            Ok(())
        })
        .await
    }

    /// The first pending notification of each queue, when it is due and no
    /// attempt holds it. A later message never overtakes an earlier one of
    /// the same queue, so each receiver sees an alert's changes in order.
    pub(crate) async fn outbox_heads(&self, now: DateTime<Utc>) -> Result<Vec<OutboxRow>> {
        Ok(sqlx::query_as(
            "SELECT id, kind, destination, queue, idempotency_key, payload, attempts,
                    next_attempt_at, lease_until
             FROM notification
             WHERE id IN (SELECT min(id) FROM notification WHERE state = 'pending' GROUP BY queue)
               AND next_attempt_at <= ?1 AND (lease_until IS NULL OR lease_until <= ?1)
             ORDER BY id",
        )
        .bind(timestamp(now))
        .fetch_all(self.readers())
        .await?)
    }

    /// Claim a notification for one attempt until `lease_until`; false when
    /// another worker holds it or it is no longer pending.
    pub(crate) async fn claim_notification(
        &self,
        id: i64,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
    ) -> Result<bool> {
        let (now, until) = (timestamp(now), timestamp(lease_until));
        self.write(async |tx| {
            let done = sqlx::query(
                "UPDATE notification SET attempts = attempts + 1, lease_until = ?3
                 WHERE id = ?1 AND state = 'pending' AND (lease_until IS NULL OR lease_until <= ?2)",
            )
            .bind(id)
            .bind(&now)
            .bind(&until)
            .execute(&mut **tx)
            .await?;
            Ok(done.rows_affected() == 1)
        })
        .await
    }

    pub(crate) async fn mark_delivered(&self, id: i64, now: DateTime<Utc>) -> Result<()> {
        self.finish_attempt(id, "delivered", None, None, Some(now))
            .await
    }

    /// Another attempt, not before `next`.
    pub(crate) async fn mark_retry(&self, id: i64, next: DateTime<Utc>, error: &str) -> Result<()> {
        self.finish_attempt(id, "pending", Some(next), Some(error), None)
            .await
    }

    /// No more attempts; `error` says why.
    pub(crate) async fn mark_failed(&self, id: i64, error: &str) -> Result<()> {
        self.finish_attempt(id, "failed", None, Some(error), None)
            .await
    }

    async fn finish_attempt(
        &self,
        id: i64,
        state: &str,
        next: Option<DateTime<Utc>>,
        error: Option<&str>,
        delivered: Option<DateTime<Utc>>,
    ) -> Result<()> {
        self.write(async |tx| {
            sqlx::query(
                "UPDATE notification SET state = ?2, lease_until = NULL,
                    next_attempt_at = coalesce(?3, next_attempt_at),
                    last_error = coalesce(?4, last_error), delivered_at = ?5
                 WHERE id = ?1",
            )
            .bind(id)
            .bind(state)
            .bind(next.map(timestamp))
            .bind(error)
            .bind(delivered.map(timestamp))
            .execute(&mut **tx)
            .await
            .with_context(|| format!("updating notification {id}"))?;
            Ok(())
        })
        .await
    }

    /// One notification's state and last error (for tests and `jobs`).
    pub async fn notification_state(&self, id: i64) -> Result<(String, i64, Option<String>)> {
        Ok(
            sqlx::query_as("SELECT state, attempts, last_error FROM notification WHERE id = ?1")
                .bind(id)
                .fetch_one(self.readers())
                .await?,
        )
    }

    /// The state of the notification with this idempotency key, and what
    /// waits before it in its queue; `None` if there is no such notification.
    pub(crate) async fn notification_standing(&self, key: &str) -> Result<Option<Standing>> {
        let row: Option<(String, Option<String>, i64, Option<String>)> = sqlx::query_as(
            "SELECT n.state, n.last_error,
                    (SELECT count(*) FROM notification a
                      WHERE a.state = 'pending' AND a.queue = n.queue AND a.id < n.id),
                    (SELECT a.last_error FROM notification a
                      WHERE a.state = 'pending' AND a.queue = n.queue AND a.id < n.id
                      ORDER BY a.id LIMIT 1)
             FROM notification n WHERE n.idempotency_key = ?1",
        )
        .bind(key)
        .fetch_optional(self.readers())
        .await?;
        Ok(row.map(|(state, last_error, ahead, ahead_error)| Standing {
            state,
            last_error,
            ahead,
            ahead_error,
        }))
    }

    pub(crate) async fn outbox_counts(&self) -> Result<OutboxCounts> {
        let (pending, failed, oldest): (i64, i64, Option<String>) = sqlx::query_as(
            "SELECT coalesce(sum(state = 'pending'), 0), coalesce(sum(state = 'failed'), 0),
                    min(CASE WHEN state = 'pending' THEN created_at END)
             FROM notification",
        )
        .fetch_one(self.readers())
        .await?;
        Ok(OutboxCounts {
            pending,
            failed,
            oldest,
        })
    }

    /// At daemon start-up: every pending notification becomes due at `now`,
    /// its backoff and any lease left by a killed process forgotten, so a
    /// restart (often after the receiver was fixed) delivers the backlog at
    /// once instead of minutes later. Returns how many rows changed.
    pub(crate) async fn make_pending_due(&self, now: DateTime<Utc>) -> Result<u64> {
        let now = timestamp(now);
        self.write(async |tx| {
            let done = sqlx::query(
                "UPDATE notification SET next_attempt_at = ?1, lease_until = NULL
                 WHERE state = 'pending' AND (next_attempt_at > ?1 OR lease_until IS NOT NULL)",
            )
            .bind(&now)
            .execute(&mut **tx)
            .await
            .context("making pending notifications due")?;
            Ok(done.rows_affected())
        })
        .await
    }

    /// When the next pending notification becomes due (or its lease ends).
    pub(crate) async fn next_outbox_due(&self) -> Result<Option<String>> {
        Ok(sqlx::query_scalar(
            "SELECT min(max(next_attempt_at, coalesce(lease_until, ''))) FROM notification
             WHERE state = 'pending'",
        )
        .fetch_one(self.readers())
        .await?)
    }

    /// The overdue figures of `region` already reminded of.
    pub(crate) async fn reminded(&self, region: &str) -> Result<Vec<ReminderKey>> {
        let rows: Vec<(String, String, String, String)> = sqlx::query_as(
            "SELECT region, indicator, period, due FROM reminder_sent WHERE region = ?1",
        )
        .bind(region)
        .fetch_all(self.readers())
        .await?;
        Ok(rows
            .into_iter()
            .map(|(region, indicator, period, due)| ReminderKey {
                region,
                indicator,
                period,
                due,
            })
            .collect())
    }

    /// Queue a reminder and note the figures it reminds of, in one transaction.
    pub(crate) async fn record_reminder(
        &self,
        notification: &NewNotification,
        figures: &[ReminderKey],
        now: DateTime<Utc>,
    ) -> Result<()> {
        let now = timestamp(now);
        self.write(async |tx| {
            let id = insert_notification(tx, notification, &now).await?;
            for f in figures {
                sqlx::query(
                    "INSERT OR IGNORE INTO reminder_sent (region, indicator, period, due, notification, sent_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )
                .bind(&f.region)
                .bind(&f.indicator)
                .bind(&f.period)
                .bind(&f.due)
                .bind(id)
                .bind(&now)
                .execute(&mut **tx)
                .await?;
            }
            Ok(())
        })
        .await
    }
}

async fn insert_notification(
    tx: &mut Transaction<'_, Sqlite>,
    n: &NewNotification,
    now: &str,
) -> Result<i64> {
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO notification (kind, destination, queue, idempotency_key, payload, state,
                                   next_attempt_at, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, 'pending', ?6, ?6)
         ON CONFLICT (idempotency_key) DO NOTHING RETURNING id",
    )
    .bind(n.kind)
    .bind(&n.destination)
    .bind(&n.queue)
    .bind(&n.idempotency_key)
    .bind(&n.payload)
    .bind(now)
    .fetch_optional(&mut **tx)
    .await
    .with_context(|| format!("queueing {} notification", n.kind))?;
    match id {
        Some(id) => Ok(id),
        None => Ok(
            sqlx::query_scalar("SELECT id FROM notification WHERE idempotency_key = ?1")
                .bind(&n.idempotency_key)
                .fetch_one(&mut **tx)
                .await?,
        ),
    }
}
