//! The daylight-saving days through the whole scheduler and ledger: a daily
//! 02:30 Europe/Berlin job runs exactly once on each day around both changes.

use super::{counting, schedule, scheduler, temp_store, utc, within};
use crate::config::JobKind;
use chrono::{DateTime, TimeDelta, Utc};
use std::collections::BTreeMap;

/// Step every five minutes through `from..to` and count the runs per local date.
async fn runs_per_day(from: DateTime<Utc>, to: DateTime<Utc>) -> BTreeMap<String, Vec<String>> {
    let (_dir, store) = temp_store().await;
    let daily = [schedule(
        "report",
        "30 2 * * *",
        Some("Europe/Berlin"),
        None,
    )];
    let (jobs, _count, mut ran) = counting(JobKind::Report);
    let (s, _) = scheduler(&store, &daily, jobs, from);
    let mut now = from;
    while now <= to {
        s.step(now).await;
        now += TimeDelta::minutes(5);
    }
    within("the runs", s.wait_idle()).await;
    let mut days: BTreeMap<String, Vec<String>> = BTreeMap::new();
    while let Ok(ctx) = ran.try_recv() {
        let local = ctx.local_slot.to_rfc3339();
        days.entry(local[..10].to_string()).or_default().push(local);
    }
    days
}

#[tokio::test]
async fn spring_forward_runs_once_each_day_the_gap_day_at_0300() {
    let days = runs_per_day(utc(2025, 3, 28, 12, 0, 0), utc(2025, 3, 31, 12, 0, 0)).await;
    assert_eq!(days.len(), 3, "{days:?}");
    assert_eq!(days["2025-03-29"], ["2025-03-29T02:30:00+01:00"]);
    assert_eq!(days["2025-03-30"], ["2025-03-30T03:00:00+02:00"]);
    assert_eq!(days["2025-03-31"], ["2025-03-31T02:30:00+02:00"]);
}

#[tokio::test]
async fn fall_back_runs_once_each_day_the_repeated_time_at_its_first_pass() {
    let days = runs_per_day(utc(2025, 10, 24, 12, 0, 0), utc(2025, 10, 27, 12, 0, 0)).await;
    assert_eq!(days.len(), 3, "{days:?}");
    assert_eq!(days["2025-10-25"], ["2025-10-25T02:30:00+02:00"]);
    assert_eq!(days["2025-10-26"], ["2025-10-26T02:30:00+02:00"]);
    assert_eq!(days["2025-10-27"], ["2025-10-27T02:30:00+01:00"]);
}
