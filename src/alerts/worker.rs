//! The outbox worker: deliver due notifications, at least once, in order
//! per destination, with exponential backoff and jitter.
//!
//! Each attempt first claims its row with a lease (in its own transaction),
//! so a process killed mid-attempt leaves a row that becomes due again when
//! the lease ends; a receiver may then see the message twice, which the
//! idempotency key (header `Idempotency-Key`, email `Message-ID`) lets it
//! recognise.

use super::destination::Destination;
use super::failure::Failure;
use super::{email, webhook};
use crate::config::Settings;
use crate::store::{OutboxRow, Store};
use anyhow::Result;
use chrono::{DateTime, Utc};
use std::future::Future;
use std::time::Duration;
use tokio::sync::Notify;

/// How hard to try. Tests use [`DeliveryPolicy::immediate`] so a retry is
/// due at once and they never wait for backoff.
#[derive(Debug, Clone)]
pub struct DeliveryPolicy {
    /// The first retry's delay; it doubles with every attempt…
    pub(crate) base: Duration,
    /// …up to this.
    pub(crate) cap: Duration,
    /// Give up after this many attempts.
    pub(crate) max_attempts: i64,
    /// How long an attempt holds its notification before another worker may retry it.
    pub(crate) lease: Duration,
    /// Spread retries over [delay/2, delay] so receivers that come back are not stampeded.
    pub(crate) jitter: bool,
    /// Per-request timeout (webhook request, SMTP command).
    pub(crate) timeout: Duration,
}

impl Default for DeliveryPolicy {
    fn default() -> Self {
        DeliveryPolicy {
            base: Duration::from_secs(30),
            cap: Duration::from_secs(3600),
            // About two days of hourly retries after the first few quick ones.
            max_attempts: 50,
            lease: Duration::from_secs(300),
            jitter: true,
            timeout: Duration::from_secs(30),
        }
    }
}

impl DeliveryPolicy {
    /// No delay between attempts and no jitter (tests).
    pub fn immediate() -> Self {
        DeliveryPolicy {
            base: Duration::ZERO,
            cap: Duration::ZERO,
            jitter: false,
            timeout: Duration::from_secs(10),
            ..DeliveryPolicy::default()
        }
    }

    /// The delay after the `attempts`-th failed attempt.
    pub(crate) fn backoff(&self, attempts: i64) -> Duration {
        let exp = u32::try_from(attempts.saturating_sub(1).clamp(0, 30)).unwrap_or(30);
        let d = self
            .base
            .saturating_mul(2u32.saturating_pow(exp))
            .min(self.cap);
        if self.jitter && !d.is_zero() {
            d.mul_f64(0.5 + rand::random::<f64>() / 2.0)
        } else {
            d
        }
    }
}

/// What one pass did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct DeliveryOutcome {
    /// Notifications delivered in this pass.
    pub delivered: usize,
    /// Attempts that failed and will be retried.
    pub retrying: usize,
    /// Notifications given up on in this pass.
    pub failed: usize,
}

/// One pass with the default policy: deliver everything due at `clock_now`.
pub async fn deliver_due(
    store: &Store,
    settings: &Settings,
    clock_now: DateTime<Utc>,
) -> Result<DeliveryOutcome> {
    deliver_due_with(store, settings, clock_now, &DeliveryPolicy::default()).await
}

/// One pass: the head of each destination's queue, while it is due; a queue
/// whose head fails waits for its retry, so order is kept.
pub async fn deliver_due_with(
    store: &Store,
    settings: &Settings,
    now: DateTime<Utc>,
    policy: &DeliveryPolicy,
) -> Result<DeliveryOutcome> {
    let mut out = DeliveryOutcome::default();
    let lease_until = now + chrono::Duration::from_std(policy.lease)?;
    loop {
        let mut progressed = false;
        for row in store.outbox_heads(now).await? {
            if !store.claim_notification(row.id, now, lease_until).await? {
                continue;
            }
            match attempt(&row, settings, policy).await {
                Ok(()) => {
                    store.mark_delivered(row.id, now).await?;
                    out.delivered += 1;
                    progressed = true;
                }
                Err(Failure::Permanent(error)) => {
                    tracing::warn!(id = row.id, kind = row.kind, %error, "notification rejected; not retrying");
                    store.mark_failed(row.id, &error).await?;
                    out.failed += 1;
                    progressed = true;
                }
                Err(Failure::Retry { error, after }) => {
                    let attempts = row.attempts + 1;
                    if attempts >= policy.max_attempts {
                        let why = format!("gave up after {attempts} attempts: {error}");
                        tracing::warn!(id = row.id, kind = row.kind, "{why}");
                        store.mark_failed(row.id, &why).await?;
                        out.failed += 1;
                        progressed = true;
                        continue;
                    }
                    let delay = policy.backoff(attempts).max(after.unwrap_or_default());
                    tracing::info!(id = row.id, kind = row.kind, %error, ?delay, "delivery failed; will retry");
                    let next = now + chrono::Duration::from_std(delay)?;
                    store.mark_retry(row.id, next, &error).await?;
                    out.retrying += 1;
                }
            }
        }
        if !progressed {
            return Ok(out);
        }
    }
}

async fn attempt(
    row: &OutboxRow,
    settings: &Settings,
    policy: &DeliveryPolicy,
) -> Result<(), Failure> {
    let destination = Destination::from_json(&row.destination)
        .map_err(|e| Failure::Permanent(format!("{e:#}")))?;
    match destination {
        Destination::Webhook { url, .. } => {
            webhook::post(&url, &row.idempotency_key, &row.payload, policy.timeout).await
        }
        Destination::Email { from, to } => {
            email::send(settings, &from, &to, row, policy.timeout).await
        }
    }
}

/// Deliver until `shutdown` completes, with the default policy and no wake-ups
/// (see [`run_worker_with`]).
pub async fn run_worker(store: &Store, settings: &Settings, shutdown: impl Future<Output = ()>) {
    let wake = Notify::new();
    run_worker_with(store, settings, &DeliveryPolicy::default(), &wake, shutdown).await
}

/// Deliver until `shutdown` completes: a pass whenever something may be due,
/// when `wake` is notified (a job just queued notifications), and at least
/// every few seconds so messages queued by other processes (a CLI `alerts
/// evaluate`) go out promptly. A failing pass is logged, not fatal; a pass
/// under way when `shutdown` fires is finished first.
///
/// At start every pending notification is made due: this is meant to run
/// once per database (like the scheduler), so leases still held were left by
/// a process that died, and an operator restarting the daemon wants the
/// backlog tried now rather than after its backoff.
pub async fn run_worker_with(
    store: &Store,
    settings: &Settings,
    policy: &DeliveryPolicy,
    wake: &Notify,
    shutdown: impl Future<Output = ()>,
) {
    const POLL: Duration = Duration::from_secs(5);
    match store.make_pending_due(Utc::now()).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(notifications = n, "retrying pending notifications now"),
        Err(e) => tracing::error!("{e:#}"),
    }
    tokio::pin!(shutdown);
    loop {
        match deliver_due_with(store, settings, Utc::now(), policy).await {
            Ok(o) if o != DeliveryOutcome::default() => {
                tracing::info!(
                    delivered = o.delivered,
                    retrying = o.retrying,
                    failed = o.failed,
                    "delivery pass"
                )
            }
            Ok(_) => {}
            Err(e) => tracing::error!("delivering notifications: {e:#}"),
        }
        let wait = match store.next_outbox_due().await {
            Ok(Some(t)) => super::parse_time(&t)
                .ok()
                .and_then(|t| (t - Utc::now()).to_std().ok())
                .unwrap_or(Duration::ZERO)
                .clamp(Duration::from_millis(200), POLL),
            _ => POLL,
        };
        tokio::select! {
            () = &mut shutdown => return,
            () = wake.notified() => {}
            () = tokio::time::sleep(wait) => {}
        }
    }
}
