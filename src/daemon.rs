//! The daemon's background work: the scheduler with its four jobs (report,
//! alerts, reminders, pull) and the alert delivery worker, over the same
//! store, catalogue and settings as the HTTP server. Each job is a step
//! function tests can call directly; the scheduler only decides when.

use crate::alerts::{self, DeliveryPolicy};
use crate::app::{Background, ShutdownSignal};
use crate::config::Settings;
use crate::domain::Catalogue;
use crate::schedule::{JobKind, Jobs, Scheduler, SystemClock, report_job};
use crate::sources::{self, PullStatus};
use crate::store::Store;
use anyhow::{Result, bail};
use chrono::{DateTime, NaiveDate, Utc};
use std::sync::Arc;
use tokio::sync::Notify;

/// What the background tasks share with each other and with the server.
#[derive(Clone)]
pub struct Daemon {
    pub store: Arc<Store>,
    pub catalogue: Arc<Catalogue>,
    pub settings: Arc<Settings>,
    /// Wakes the delivery worker when a job has queued notifications.
    wake: Arc<Notify>,
}

impl Daemon {
    pub fn new(store: Arc<Store>, catalogue: Arc<Catalogue>, settings: Arc<Settings>) -> Daemon {
        Daemon {
            store,
            catalogue,
            settings,
            wake: Arc::new(Notify::new()),
        }
    }

    /// Every job kind, so any `[[schedule]]` entry has its job.
    pub fn jobs(&self) -> Jobs {
        let d = self.clone();
        let alerts = move |_ctx| {
            let d = d.clone();
            async move {
                let line = alerts_step(&d.store, &d.catalogue, &d.settings, Utc::now()).await?;
                d.wake.notify_one();
                Ok(line)
            }
        };
        let d = self.clone();
        let reminders = move |ctx: crate::schedule::JobContext| {
            let d = d.clone();
            async move {
                // The slot's date in the schedule's zone (by default the
                // configured one): a run caught up after midnight still
                // reminds as of the day it was due.
                let today = ctx.local_slot.date_naive();
                let line = reminders_step(&d.store, &d.catalogue, &d.settings, today).await?;
                d.wake.notify_one();
                Ok(line)
            }
        };
        let d = self.clone();
        let pull = move |_ctx| {
            let d = d.clone();
            async move { pull_step(&d.store, &d.catalogue, &d.settings, Utc::now()).await }
        };
        Jobs::new()
            .with(
                JobKind::Report,
                report_job(
                    self.store.clone(),
                    self.catalogue.clone(),
                    self.settings.clone(),
                ),
            )
            .with(JobKind::Alerts, alerts)
            .with(JobKind::Reminders, reminders)
            .with(JobKind::Pull, pull)
    }

    /// The scheduler and the delivery worker as tasks for [`crate::app::run`].
    /// Fails (before anything starts) when a `[[schedule]]` entry is invalid.
    pub fn background(&self) -> Result<Vec<Background>> {
        let scheduler = Scheduler::new(
            self.store.clone(),
            &self.settings.schedule,
            &self.settings.timezone,
            Arc::new(SystemClock),
            self.jobs(),
        )?;
        let scheduler: Background = Box::new(move |stop: ShutdownSignal| {
            Box::pin(async move {
                // Lets a running job finish (up to the shutdown grace) before returning.
                if let Err(e) = scheduler.run(stop.wait()).await {
                    tracing::error!("the scheduler stopped: {e:#}");
                }
            })
        });
        let d = self.clone();
        let worker: Background = Box::new(move |stop: ShutdownSignal| {
            Box::pin(async move {
                let policy = DeliveryPolicy::default();
                alerts::run_worker_with(&d.store, &d.settings, &policy, &d.wake, stop.wait()).await;
            })
        });
        Ok(vec![scheduler, worker])
    }
}

/// The `alerts` job: evaluate every goal now (remote sources whose last pull
/// failed included) and queue notifications for the worker.
pub async fn alerts_step(
    store: &Store,
    cat: &Catalogue,
    settings: &Settings,
    now: DateTime<Utc>,
) -> Result<String> {
    let failures = alerts::failing_sources(store).await?;
    let o = alerts::evaluate(store, cat, settings, now, failures).await?;
    Ok(format!(
        "{} firing ({} new, {} changed, {} resolved{}); {} notification(s) queued",
        o.firing,
        o.started,
        o.changed,
        o.resolved,
        if o.repeated { ", repeated" } else { "" },
        o.notifications
    ))
}

/// The `reminders` job: queue reminders of figures overdue as of `today`.
pub async fn reminders_step(
    store: &Store,
    cat: &Catalogue,
    settings: &Settings,
    today: NaiveDate,
) -> Result<String> {
    let o = alerts::send_reminders(store, cat, settings, today).await?;
    let mut line = format!(
        "reminders as of {today}: {} region(s), {} overdue figure(s)",
        o.regions, o.figures
    );
    if !o.without_contact.is_empty() {
        line.push_str(&format!(
            "; no [[contact]] for {}",
            o.without_contact.join(", ")
        ));
    }
    Ok(line)
}

/// The `pull` job: fetch every `[[source]]`; the run fails, naming them,
/// when any source failed (the others' figures are recorded all the same).
pub async fn pull_step(
    store: &Store,
    cat: &Catalogue,
    settings: &Settings,
    now: DateTime<Utc>,
) -> Result<String> {
    let outcomes = sources::pull(store, cat, settings, None, now).await?;
    let mut parts = Vec::new();
    let mut failed = Vec::new();
    for o in &outcomes {
        match o.status {
            PullStatus::Ok => parts.push(format!(
                "{}: {} new, {} revised, {} unchanged",
                o.source, o.new, o.revised, o.unchanged
            )),
            PullStatus::NotModified => parts.push(format!("{}: not modified", o.source)),
            PullStatus::Failed => failed.push(format!(
                "{}: {}",
                o.source,
                o.error.as_deref().unwrap_or("failed")
            )),
        }
    }
    if !failed.is_empty() {
        bail!(
            "{} of {} source(s) failed: {}",
            failed.len(),
            outcomes.len(),
            failed.join("; ")
        );
    }
    if parts.is_empty() {
        return Ok("no [[source]] is configured".into());
    }
    Ok(parts.join("; "))
}
