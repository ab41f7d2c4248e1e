//! A schedule never runs twice at once: a slot that comes due while the
//! previous run is still going is recorded as skipped.

use super::{blocking, schedule, scheduler, temp_store, utc, within};
use crate::config::JobKind;
use crate::store::RunState;
use chrono::TimeDelta;

#[tokio::test]
async fn a_slot_due_while_the_previous_run_is_still_going_is_skipped() {
    let (_dir, store) = temp_store().await;
    let minutely = [schedule("alerts", "* * * * *", None, None)];
    let (jobs, mut started) = blocking(JobKind::Alerts);
    let t0 = utc(2025, 5, 1, 12, 0, 30);
    let (s, _) = scheduler(&store, &minutely, jobs, t0);
    s.step(t0).await;

    let first = s.step(t0 + TimeDelta::minutes(1)).await;
    assert_eq!(first[0].state, RunState::Running);
    let (_, release_first) = within("the first run to start", started.recv())
        .await
        .unwrap();

    let second = s.step(t0 + TimeDelta::minutes(2)).await;
    assert_eq!(second.len(), 1);
    assert_eq!(second[0].state, RunState::Skipped);
    let why = second[0].outcome.as_deref().unwrap();
    assert!(
        why.contains("2025-05-01T12:01:00+00:00") && why.contains("still running"),
        "{why}"
    );

    release_first.send(()).unwrap();
    within("the first run to end", s.wait_idle()).await;
    let third = s.step(t0 + TimeDelta::minutes(3)).await;
    assert_eq!(third[0].state, RunState::Running);
    let (_, release_third) = within("the third run to start", started.recv())
        .await
        .unwrap();
    release_third.send(()).unwrap();
    within("the third run to end", s.wait_idle()).await;

    let key = &s.specs()[0].key;
    let states: Vec<_> = store
        .recent_job_runs(key, 10)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.state)
        .collect();
    assert_eq!(
        states,
        [RunState::Succeeded, RunState::Skipped, RunState::Succeeded]
    );
}

#[tokio::test]
async fn a_failing_or_panicking_job_is_recorded_and_the_next_slot_runs() {
    let (_dir, store) = temp_store().await;
    let minutely = [schedule("pull", "* * * * *", None, None)];
    let calls = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let c = calls.clone();
    let jobs = crate::schedule::Jobs::new().with(JobKind::Pull, move |_| {
        let n = c.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        async move {
            match n {
                0 => Err(anyhow::anyhow!("fetching wb-trade").context("pull failed")),
                1 => panic!("boom"),
                _ => Ok("3 sources".to_string()),
            }
        }
    });
    let t0 = utc(2025, 5, 1, 12, 0, 30);
    let (s, _) = scheduler(&store, &minutely, jobs, t0);
    s.step(t0).await;
    for m in 1..=3 {
        s.step(t0 + TimeDelta::minutes(m)).await;
        within("the run", s.wait_idle()).await;
    }
    let runs = store.recent_job_runs(&s.specs()[0].key, 10).await.unwrap();
    let got: Vec<_> = runs
        .iter()
        .map(|r| (r.state, r.outcome.clone(), r.error.clone()))
        .collect();
    assert_eq!(
        got[0],
        (RunState::Succeeded, Some("3 sources".into()), None)
    );
    assert_eq!(got[1].0, RunState::Failed);
    assert!(got[1].2.as_deref().unwrap().contains("panicked"), "{got:?}");
    assert_eq!(
        got[2],
        (
            RunState::Failed,
            None,
            Some("pull failed: fetching wb-trade".into())
        )
    );
}
