//! The scheduler's loop: wake at the next slot (through the scheduler's
//! clock, so tests drive it) or at a tokio-cron-scheduler tick, step,
//! repeat; on shutdown let running jobs finish.
//!
//! tokio-cron-scheduler is only the heartbeat here. Its own jobs would fix
//! the UTC offset at creation (wrong after a daylight-saving change), AND
//! day-of-month with day-of-week, and let runs overlap, so slots and the
//! ledger are computed by the scheduler. The heartbeat checks the
//! wall clock every few seconds, which catches a clock stepped forward or a
//! machine resumed from suspend while the precise wake-up was asleep on the
//! monotonic clock.

use crate::schedule::Scheduler;
use anyhow::{Context as _, Result};
use std::future::Future;
use tokio::sync::mpsc;
use tokio_cron_scheduler::{Job, JobScheduler};

/// The heartbeat: every 5 seconds (6-field pattern, seconds first).
const HEARTBEAT: &str = "*/5 * * * * *";

/// Run the scheduler `s` until `shutdown` resolves: mark runs a dead process left
/// `running` as interrupted, then step at every slot. At shutdown, running
/// jobs get the shutdown grace (see `Scheduler::with_shutdown_grace`) to
/// finish before they are stopped and recorded as interrupted.
pub(crate) async fn run_scheduler(s: Scheduler, shutdown: impl Future<Output = ()>) -> Result<()> {
    s.recover().await?;
    // Capacity 1 and try_send: ticks that arrive while a step runs merge
    // into one, so heartbeat jobs (which may overlap) never queue up.
    let (tick_tx, mut tick_rx) = mpsc::channel::<()>(1);
    let mut heartbeat = JobScheduler::new()
        .await
        .context("starting tokio-cron-scheduler")?;
    heartbeat
        .add(
            Job::new_async(HEARTBEAT, move |_, _| {
                let tx = tick_tx.clone();
                Box::pin(async move {
                    let _ = tx.try_send(());
                })
            })
            .context("creating the scheduler heartbeat")?,
        )
        .await
        .context("adding the scheduler heartbeat")?;
    heartbeat
        .start()
        .await
        .context("starting the scheduler heartbeat")?;
    for n in s.next_slots(s.clock().now()) {
        if let Some(at) = n.at {
            tracing::info!(job = %n.spec.job, cron = %n.spec.cron_text, next = %at.to_rfc3339(), "scheduled");
        }
    }
    tokio::pin!(shutdown);
    loop {
        s.step(s.clock().now()).await;
        let next = s.next_due();
        let wake = async {
            match next {
                Some(t) => s.clock().wait_until(t).await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            () = &mut shutdown => break,
            _ = tick_rx.recv() => {}
            () = wake => {}
        }
    }
    tracing::info!("scheduler stopping: waiting for running jobs");
    if let Err(e) = heartbeat.shutdown().await {
        tracing::warn!("stopping the scheduler heartbeat: {e}");
    }
    s.drain(s.shutdown_grace()).await?;
    Ok(())
}
