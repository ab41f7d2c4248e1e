//! Alerts and their delivery: the lifecycle (firing → resolved, as
//! Alertmanager keeps it, stored so it survives restarts), the durable outbox
//! and its worker, and the two channels (Alertmanager-format webhooks, email
//! through SMTP or into an outbox folder). Reminders of overdue figures and
//! the scheduled report email go through the same outbox.
//!
//! For the daemon: run [`run_worker`] for the life of the process; call
//! [`evaluate`] from the `alerts` job and [`send_reminders`] from the
//! `reminders` job; hand the report job's `summary.eml` to
//! [`enqueue_report_email`]; read [`backlog`] for `/metrics` and `jobs`.

mod destination;
mod email;
mod evaluate;
mod failure;
mod lifecycle;
mod payload;
mod reminders;
mod webhook;
mod words;
mod worker;

pub(crate) use crate::domain::alerting::SourceFailure;
pub(crate) use destination::Destination;
pub(crate) use email::check_smtp;
pub use evaluate::{EvaluationOutcome, evaluate};
pub use reminders::{ReminderOutcome, send_reminders};
pub use worker::{
    DeliveryOutcome, DeliveryPolicy, deliver_due, deliver_due_with, run_worker, run_worker_with,
};

use crate::config::Settings;
use crate::store::{AlertRow, NewNotification, Store};
use anyhow::{Context, Result};
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;

/// An alert as stored: what `waymark alerts` and `GET /api/alerts` show.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Alert {
    pub(crate) fingerprint: String,
    /// `firing` or `resolved`.
    pub(crate) state: String,
    pub(crate) labels: BTreeMap<String, String>,
    pub(crate) annotations: BTreeMap<String, String>,
    pub(crate) starts_at: DateTime<Utc>,
    pub(crate) ends_at: Option<DateTime<Utc>>,
    pub(crate) last_notified_at: Option<DateTime<Utc>>,
}

impl Alert {
    pub(crate) fn alertname(&self) -> &str {
        self.labels.get("alertname").map_or("", String::as_str)
    }

    pub(crate) fn summary(&self) -> &str {
        self.annotations.get("summary").map_or("", String::as_str)
    }
}

impl TryFrom<&AlertRow> for Alert {
    type Error = anyhow::Error;
    fn try_from(r: &AlertRow) -> Result<Alert> {
        let time = |t: &str| parse_time(t).with_context(|| format!("alert {}", r.fingerprint));
        Ok(Alert {
            fingerprint: r.fingerprint.clone(),
            state: r.state.clone(),
            labels: serde_json::from_str(&r.labels)
                .with_context(|| format!("alert {}: labels", r.fingerprint))?,
            annotations: serde_json::from_str(&r.annotations)
                .with_context(|| format!("alert {}: annotations", r.fingerprint))?,
            starts_at: time(&r.starts_at)?,
            ends_at: r.ends_at.as_deref().map(time).transpose()?,
            last_notified_at: r.last_notified_at.as_deref().map(time).transpose()?,
        })
    }
}

pub(crate) fn parse_time(t: &str) -> Result<DateTime<Utc>> {
    Ok(DateTime::parse_from_rfc3339(t)
        .with_context(|| format!("stored time {t:?}"))?
        .with_timezone(&Utc))
}

/// The alerts firing now, in `sort` order.
pub async fn active_alerts(store: &Store) -> Result<Vec<Alert>> {
    let mut out = store
        .alerts_in_state("firing")
        .await?
        .iter()
        .map(Alert::try_from)
        .collect::<Result<Vec<_>>>()?;
    sort(&mut out);
    Ok(out)
}

/// Firing before resolved, then by kind and what they are about, so lists
/// and messages read in a stable, sensible order.
pub(crate) fn sort(alerts: &mut [Alert]) {
    let key = |a: &Alert| {
        let l = |k: &str| a.labels.get(k).cloned().unwrap_or_default();
        (
            a.state != "firing",
            l("alertname"),
            l("region"),
            l("indicator"),
            l("period"),
            l("goal"),
            l("source"),
        )
    };
    alerts.sort_by_cached_key(key);
}

/// Undelivered notifications: for `/metrics` and `waymark jobs`.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Backlog {
    /// Waiting for a (first or further) attempt.
    pub pending: i64,
    /// Given up on; `last_error` in the outbox says why.
    pub failed: i64,
    /// When the oldest pending notification was queued.
    pub(crate) oldest: Option<DateTime<Utc>>,
}

/// The delivery backlog: notifications waiting, failed and the oldest pending, from the outbox.
pub async fn backlog(store: &Store) -> Result<Backlog> {
    let c = store.outbox_counts().await?;
    Ok(Backlog {
        pending: c.pending,
        failed: c.failed,
        oldest: c.oldest.as_deref().map(parse_time).transpose()?,
    })
}

/// Queue the report email (`summary.eml` as rendered) for the `[email]`
/// recipients through the outbox. Queueing the same message twice sends it once.
/// Returns the message's idempotency key.
pub async fn enqueue_report_email(
    store: &Store,
    settings: &Settings,
    eml: Vec<u8>,
) -> Result<String> {
    let destination = Destination::email(settings, &settings.email.to);
    let key = format!("report-{}", email::content_key(&eml));
    let n = NewNotification {
        kind: "report",
        queue: destination.queue(),
        destination: destination.to_json()?,
        idempotency_key: key.clone(),
        payload: eml,
    };
    store.enqueue(&[n], Utc::now()).await?;
    Ok(key)
}

/// A new idempotency key: 128 random bits in hex.
pub(crate) fn new_key() -> String {
    format!("{:032x}", rand::random::<u128>())
}

/// Remote sources whose last pull failed, as evaluation takes them
/// (`source_failed` fires for each; the next good pull resolves it).
pub(crate) async fn failing_sources(store: &Store) -> anyhow::Result<Vec<SourceFailure>> {
    Ok(crate::sources::failing_sources(store)
        .await?
        .into_iter()
        .map(|f| SourceFailure {
            since: chrono::DateTime::parse_from_rfc3339(&f.since)
                .map(|t| t.with_timezone(&chrono::Utc))
                .unwrap_or_else(|_| chrono::Utc::now()),
            source: f.source,
            error: f.error,
        })
        .collect())
}
