//! The scheduler's loop: wakes at a slot when the (manual) clock reaches it,
//! and at shutdown lets a running job finish, or records it interrupted once
//! the grace period is over.

use super::run_scheduler;
use crate::config::JobKind;
use crate::schedule::tests::{blocking, counting, schedule, scheduler, temp_store, utc, within};
use crate::store::RunState;
use chrono::TimeDelta;
use std::time::Duration;
use tokio::sync::oneshot;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_loop_runs_a_slot_when_the_clock_reaches_it() {
    let (_dir, store) = temp_store().await;
    let daily = [schedule("report", "0 8 * * *", None, None)];
    let (jobs, _count, mut ran) = counting(JobKind::Report);
    let before = utc(2025, 6, 1, 7, 59, 0);
    let (s, clock) = scheduler(&store, &daily, jobs, before);
    s.step(before).await; // the schedule is known from before its first slot
    let (stop, stopped) = oneshot::channel::<()>();
    let daemon = tokio::spawn(run_scheduler(s, async {
        let _ = stopped.await;
    }));
    clock.set(utc(2025, 6, 1, 8, 0, 0));
    let ctx = within("the 08:00 run", ran.recv()).await.unwrap();
    assert_eq!(ctx.slot, utc(2025, 6, 1, 8, 0, 0));
    stop.send(()).unwrap();
    within("the loop to stop", daemon).await.unwrap().unwrap();
    let runs = store
        .recent_job_runs("report|0 8 * * *|UTC", 5)
        .await
        .unwrap();
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].state, RunState::Succeeded);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_lets_a_running_job_finish() {
    let (_dir, store) = temp_store().await;
    let daily = [schedule("pull", "0 8 * * *", None, None)];
    let (jobs, mut started) = blocking(JobKind::Pull);
    let before = utc(2025, 6, 1, 7, 59, 0);
    let (s, clock) = scheduler(&store, &daily, jobs, before);
    s.step(before).await;
    let (stop, stopped) = oneshot::channel::<()>();
    let daemon = tokio::spawn(run_scheduler(
        s.with_shutdown_grace(Duration::from_secs(600)),
        async {
            let _ = stopped.await;
        },
    ));
    clock.set(utc(2025, 6, 1, 8, 0, 0));
    let (_ctx, release) = within("the run to start", started.recv()).await.unwrap();
    stop.send(()).unwrap();
    clock.advance(TimeDelta::seconds(42));
    release.send(()).unwrap();
    within("the loop to stop", daemon).await.unwrap().unwrap();
    let run = &store
        .recent_job_runs("pull|0 8 * * *|UTC", 5)
        .await
        .unwrap()[0];
    assert_eq!(run.state, RunState::Succeeded, "{run:?}");
    assert_eq!(run.outcome.as_deref(), Some("released"));
    assert_eq!(run.duration(), Some(TimeDelta::seconds(42)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_records_a_job_still_running_after_the_grace_period_as_interrupted() {
    let (_dir, store) = temp_store().await;
    let daily = [schedule("pull", "0 8 * * *", None, None)];
    let (jobs, mut started) = blocking(JobKind::Pull);
    let before = utc(2025, 6, 1, 7, 59, 0);
    let (s, clock) = scheduler(&store, &daily, jobs, before);
    s.step(before).await;
    let (stop, stopped) = oneshot::channel::<()>();
    let daemon = tokio::spawn(run_scheduler(
        s.with_shutdown_grace(Duration::ZERO),
        async {
            let _ = stopped.await;
        },
    ));
    clock.set(utc(2025, 6, 1, 8, 0, 0));
    let (_ctx, _never_released) = within("the run to start", started.recv()).await.unwrap();
    stop.send(()).unwrap();
    within("the loop to stop", daemon).await.unwrap().unwrap();
    let run = &store
        .recent_job_runs("pull|0 8 * * *|UTC", 5)
        .await
        .unwrap()[0];
    assert_eq!(run.state, RunState::Interrupted, "{run:?}");
    assert!(
        run.error
            .as_deref()
            .unwrap()
            .contains("after shutdown began"),
        "{run:?}"
    );
}
