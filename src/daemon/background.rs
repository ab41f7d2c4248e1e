//! The daemon's background work: the scheduler with its five jobs (report,
//! alerts, reminders, pull, backup) and the alert delivery worker, over the same
//! store, catalogue and settings as the HTTP server.

use super::heartbeat::run_scheduler;
use super::run::Background;
use super::shutdown::ShutdownSignal;
use super::steps;
use crate::alerts::{self, DeliveryPolicy};
use crate::config::{JobKind, Settings};
use crate::domain::Catalogue;
use crate::schedule::{JobContext, Jobs, Scheduler, SystemClock};
use crate::store::Store;
use anyhow::Result;
use chrono::Utc;
use std::sync::Arc;
use tokio::sync::Notify;

/// What the background tasks share with each other and with the server.
#[derive(Clone)]
pub struct Daemon {
    pub(crate) store: Arc<Store>,
    pub(crate) catalogue: Arc<Catalogue>,
    pub(crate) settings: Arc<Settings>,
    /// Wakes the delivery worker when a job has queued notifications.
    wake: Arc<Notify>,
}

impl Daemon {
    /// A daemon over an open store, a loaded catalogue and its settings; nothing runs until started.
    pub fn new(store: Arc<Store>, catalogue: Arc<Catalogue>, settings: Arc<Settings>) -> Daemon {
        Daemon {
            store,
            catalogue,
            settings,
            wake: Arc::new(Notify::new()),
        }
    }

    /// Every job kind, so any `[[schedule]]` entry has its job. A job whose
    /// day matters (report, reminders) takes the slot's date in the
    /// schedule's zone: a run caught up after midnight still works as of the
    /// day it was due. Jobs that queue notifications wake the delivery worker.
    pub fn jobs(&self) -> Jobs {
        let d = self.clone();
        let report = move |ctx: JobContext| {
            let d = d.clone();
            async move {
                let today = ctx.local_slot.date_naive();
                steps::report_step(&d.store, &d.catalogue, &d.settings, today).await
            }
        };
        let d = self.clone();
        let alerts = move |_ctx| {
            let d = d.clone();
            async move {
                let line =
                    steps::alerts_step(&d.store, &d.catalogue, &d.settings, Utc::now()).await?;
                d.wake.notify_one();
                Ok(line)
            }
        };
        let d = self.clone();
        let reminders = move |ctx: JobContext| {
            let d = d.clone();
            async move {
                let today = ctx.local_slot.date_naive();
                let line =
                    steps::reminders_step(&d.store, &d.catalogue, &d.settings, today).await?;
                d.wake.notify_one();
                Ok(line)
            }
        };
        let d = self.clone();
        let pull = move |_ctx| {
            let d = d.clone();
            async move { steps::pull_step(&d.store, &d.catalogue, &d.settings, Utc::now()).await }
        };
        let d = self.clone();
        let backup = move |ctx: JobContext| {
            let d = d.clone();
            async move { super::backup_step(&d.store, &d.settings, ctx.local_slot).await }
        };
        Jobs::new()
            .with(JobKind::Backup, backup)
            .with(JobKind::Report, report)
            .with(JobKind::Alerts, alerts)
            .with(JobKind::Reminders, reminders)
            .with(JobKind::Pull, pull)
    }

    /// The scheduler and the delivery worker as tasks for [`super::run`].
    /// Fails (before anything starts) when a `[[schedule]]` entry is invalid.
    pub(crate) fn background(&self) -> Result<Vec<Background>> {
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
                if let Err(e) = run_scheduler(scheduler, stop.wait()).await {
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
