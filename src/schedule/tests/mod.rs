//! Scheduler tests: slot arithmetic (crontab semantics, daylight saving) and
//! the ledger rules against a real SQLite file, driven with explicit times.

mod dst;
mod ledger;
mod overlap;
mod slots;

use super::{JobContext, Jobs, ManualClock, Scheduler};
use crate::config::{self, JobKind, ScheduleSpec};
use crate::store::Store;
use chrono::{DateTime, TimeZone, Utc};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use tokio::sync::{mpsc, oneshot};

pub(crate) fn schedule(
    job: &str,
    cron: &str,
    tz: Option<&str>,
    catch_up: Option<&str>,
) -> config::Schedule {
    config::Schedule {
        job: job.into(),
        cron: cron.into(),
        timezone: tz.map(Into::into),
        catch_up: catch_up.map(Into::into),
    }
}

pub(crate) fn spec(cron: &str, tz: &str) -> ScheduleSpec {
    ScheduleSpec::parse(0, &schedule("report", cron, Some(tz), None), "UTC").unwrap()
}

pub(crate) fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, s).unwrap()
}

/// A fresh database file per test.
pub(crate) async fn temp_store() -> (tempfile::TempDir, Arc<Store>) {
    let (dir, store) = crate::test_support::empty_store().await;
    (dir, Arc::new(store))
}

/// Another connection to the same file, as a second process would have.
pub(crate) async fn open(dir: &tempfile::TempDir) -> Arc<Store> {
    let url = crate::test_support::db_url(dir.path());
    Arc::new(Store::open(&url).await.unwrap())
}

/// A job that counts its runs and reports each context on a channel.
pub(crate) fn counting(
    kind: JobKind,
) -> (Jobs, Arc<AtomicUsize>, mpsc::UnboundedReceiver<JobContext>) {
    let count = Arc::new(AtomicUsize::new(0));
    let (tx, rx) = mpsc::unbounded_channel();
    let c = count.clone();
    let jobs = Jobs::new().with(kind, move |ctx: JobContext| {
        c.fetch_add(1, Ordering::SeqCst);
        let _ = tx.send(ctx.clone());
        async move { Ok(format!("ran for {}", ctx.local_slot.to_rfc3339())) }
    });
    (jobs, count, rx)
}

/// A job that hands the test its context and a release switch when it
/// starts, then waits until the test releases it.
pub(crate) type Started = mpsc::UnboundedReceiver<(JobContext, oneshot::Sender<()>)>;

pub(crate) fn blocking(kind: JobKind) -> (Jobs, Started) {
    let (tx, rx) = mpsc::unbounded_channel();
    let jobs = Jobs::new().with(kind, move |ctx: JobContext| {
        let (release, wait) = oneshot::channel();
        let _ = tx.send((ctx, release));
        async move {
            wait.await
                .map(|()| "released".to_string())
                .map_err(|_| anyhow::anyhow!("the test dropped the release"))
        }
    });
    (jobs, rx)
}

/// Await `f`, failing the test (instead of hanging it) if it takes absurdly long.
pub(crate) async fn within<T>(what: &str, f: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(std::time::Duration::from_secs(60), f)
        .await
        .unwrap_or_else(|_| panic!("timed out waiting for {what}"))
}

pub(crate) fn scheduler(
    store: &Arc<Store>,
    schedules: &[config::Schedule],
    jobs: Jobs,
    now: DateTime<Utc>,
) -> (Scheduler, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::new(now));
    let s = Scheduler::new(store.clone(), schedules, "UTC", clock.clone(), jobs).unwrap();
    (s, clock)
}
