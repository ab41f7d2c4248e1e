//! The ledger rules on a real SQLite file: catch-up after downtime, bounded
//! missed rows, a restart in the middle of a run, two schedulers racing.

use super::{blocking, counting, open, schedule, scheduler, temp_store, utc, within};
use crate::config::JobKind;
use crate::schedule::{MAX_RECORDED, Scheduler};
use crate::store::RunState;
use std::sync::atomic::Ordering;

#[tokio::test]
async fn after_downtime_the_latest_slot_in_the_window_runs_once_and_older_ones_are_missed() {
    let (dir, store) = temp_store().await;
    let daily = [schedule("report", "0 8 * * *", None, Some("1d"))];
    let (jobs, count, mut ran) = counting(JobKind::Report);
    let (s, _) = scheduler(&store, &daily, jobs.clone(), utc(2025, 1, 1, 0, 0, 0));
    assert!(
        s.step(utc(2025, 1, 1, 0, 0, 0)).await.is_empty(),
        "a new schedule has nothing to catch up"
    );
    drop(s);

    // Back four and a half days later.
    let back = utc(2025, 1, 5, 12, 0, 0);
    let (s, _) = scheduler(&store, &daily, jobs.clone(), back);
    s.recover().await.unwrap();
    let rows = s.step(back).await;
    let states: Vec<_> = rows
        .iter()
        .map(|r| (r.local_slot.as_str(), r.state))
        .collect();
    assert_eq!(
        states,
        [
            ("2025-01-01T08:00:00+00:00", RunState::Missed),
            ("2025-01-02T08:00:00+00:00", RunState::Missed),
            ("2025-01-03T08:00:00+00:00", RunState::Missed),
            ("2025-01-04T08:00:00+00:00", RunState::Missed),
            ("2025-01-05T08:00:00+00:00", RunState::Running),
        ]
    );
    within("the caught-up run", s.wait_idle()).await;
    let ctx = ran.recv().await.unwrap();
    assert_eq!(ctx.slot, utc(2025, 1, 5, 8, 0, 0));
    assert_eq!(ctx.late, chrono::TimeDelta::hours(4));
    let last = &store.recent_job_runs(&s.specs()[0].key, 1).await.unwrap()[0];
    assert_eq!(last.state, RunState::Succeeded);
    assert!(
        last.outcome
            .as_deref()
            .unwrap()
            .contains("caught up 4h late"),
        "{last:?}"
    );

    // Restarting, once or twice, at the same moment runs nothing again.
    assert!(s.step(back).await.is_empty());
    drop(s);
    for _ in 0..2 {
        let (again, _) = scheduler(&open(&dir).await, &daily, jobs.clone(), back);
        again.recover().await.unwrap();
        assert!(again.step(back).await.is_empty());
    }
    assert_eq!(count.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_slot_older_than_catch_up_is_missed_not_run() {
    let (_dir, store) = temp_store().await;
    let (jobs, count, _ran) = counting(JobKind::Pull);
    for (catch_up, late_by) in [("6h", 10), ("0", 2)] {
        let cron = format!("0 {} * * *", 8 + late_by % 3); // a distinct schedule per case
        let entry = [schedule("pull", &cron, None, Some(catch_up))];
        let (s, _) = scheduler(&store, &entry, jobs.clone(), utc(2025, 1, 1, 0, 0, 0));
        s.step(utc(2025, 1, 1, 0, 0, 0)).await;
        let slot = s.specs()[0].next_after(utc(2025, 1, 1, 0, 0, 0)).unwrap();
        let rows = s.step(slot + chrono::TimeDelta::hours(late_by)).await;
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].state, RunState::Missed, "catch_up {catch_up}");
        assert!(
            rows[0]
                .outcome
                .as_deref()
                .unwrap()
                .contains("beyond catch_up"),
            "{rows:?}"
        );
    }
    assert_eq!(count.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn a_year_of_downtime_writes_a_bounded_number_of_rows() {
    let (_dir, store) = temp_store().await;
    let (jobs, count, _ran) = counting(JobKind::Alerts);
    let minutely = [schedule("alerts", "* * * * *", None, None)];
    let (s, _) = scheduler(&store, &minutely, jobs, utc(2024, 1, 1, 0, 0, 0));
    s.step(utc(2024, 1, 1, 0, 0, 0)).await;
    let rows = s.step(utc(2025, 1, 1, 0, 0, 30)).await;
    assert_eq!(rows.len(), MAX_RECORDED);
    assert_eq!(rows.last().unwrap().state, RunState::Running);
    let oldest = rows[0].outcome.as_deref().unwrap();
    assert!(
        oldest.contains("at least 100000 earlier slots were missed too"),
        "{oldest}"
    );
    within("the run", s.wait_idle()).await;
    assert_eq!(count.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_run_cut_off_by_a_restart_is_marked_interrupted_and_not_run_again() {
    let (dir, store) = temp_store().await;
    let hourly = [schedule("report", "0 * * * *", None, None)];
    let (jobs, mut started) = blocking(JobKind::Report);
    let t0 = utc(2025, 2, 1, 9, 30, 0);
    let (s, _) = scheduler(&store, &hourly, jobs.clone(), t0);
    s.step(t0).await;
    let at = utc(2025, 2, 1, 10, 0, 5);
    assert_eq!(s.step(at).await[0].state, RunState::Running);
    let (_ctx, _release) = within("the job to start", started.recv()).await.unwrap();
    drop(s); // the process dies mid-run

    let (fresh, _) = scheduler(&open(&dir).await, &hourly, jobs, at);
    assert_eq!(fresh.recover().await.unwrap(), 1);
    let row = &store
        .recent_job_runs(&fresh.specs()[0].key, 5)
        .await
        .unwrap()[0];
    assert_eq!(row.state, RunState::Interrupted);
    assert!(
        row.error.as_deref().unwrap().contains("process stopped"),
        "{row:?}"
    );
    assert!(fresh.step(at).await.is_empty());
    assert!(
        fresh
            .step(at + chrono::TimeDelta::minutes(30))
            .await
            .is_empty()
    );
    assert!(
        started.try_recv().is_err(),
        "the interrupted slot ran again"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_schedulers_racing_for_the_same_slots_run_each_once() {
    let (dir, store_a) = temp_store().await;
    let store_b = open(&dir).await;
    let every_minute = [schedule("pull", "* * * * *", None, None)];
    let (jobs, count, _ran) = counting(JobKind::Pull);
    let t0 = utc(2025, 3, 1, 0, 0, 30);
    let (a, _) = scheduler(&store_a, &every_minute, jobs.clone(), t0);
    let (b, _) = scheduler(&store_b, &every_minute, jobs, t0);
    a.step(t0).await;
    b.step(t0).await;
    let mut claimed = 0;
    for minute in 1..=20 {
        let now = t0 + chrono::TimeDelta::minutes(minute);
        let (ra, rb) = tokio::join!(a.step(now), b.step(now));
        claimed += ra.len() + rb.len();
        tokio::join!(a.wait_idle(), b.wait_idle());
    }
    assert_eq!(claimed, 20);
    assert_eq!(count.load(Ordering::SeqCst), 20);
    let runs = store_a
        .recent_job_runs(&a.specs()[0].key, 100)
        .await
        .unwrap();
    assert_eq!(runs.len(), 20);
    assert!(
        runs.iter().all(|r| r.state == RunState::Succeeded),
        "{runs:?}"
    );
}

#[tokio::test]
async fn a_schedule_without_a_registered_job_is_refused_with_its_entry() {
    let (_dir, store) = temp_store().await;
    let (jobs, _count, _ran) = counting(JobKind::Report);
    let entries = [
        schedule("report", "0 8 * * *", None, None),
        schedule("pull", "0 9 * * *", None, None),
    ];
    let clock = std::sync::Arc::new(crate::schedule::ManualClock::new(utc(2025, 1, 1, 0, 0, 0)));
    let err = Scheduler::new(store, &entries, "UTC", clock, jobs)
        .err()
        .unwrap()
        .to_string();
    assert!(
        err.contains("[[schedule]] #2 key `job`: no \"pull\" job"),
        "{err}"
    );
}
