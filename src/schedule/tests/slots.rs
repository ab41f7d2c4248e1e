//! Cron parsing (5 and 6 fields, crontab day matching), durations, and slot
//! arithmetic including the daylight-saving edges, without a database.

use super::{schedule, spec, utc};
use crate::config::{ScheduleSpec, parse_cron, parse_duration};
use crate::schedule::resolve;
use chrono::{DateTime, TimeDelta, Utc};

/// The local times of every slot in `(from, to]`, oldest first, via `next_after`.
fn locals(s: &ScheduleSpec, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<String> {
    let mut out = Vec::new();
    let mut t = from;
    while let Some(next) = s.next_after(t).filter(|n| *n <= to) {
        out.push(s.local(next).to_rfc3339());
        t = next;
    }
    // The backward walk used for catch-up must agree with the forward one.
    let mut back: Vec<String> = s
        .due(from, to, usize::MAX)
        .newest_first
        .into_iter()
        .map(|t| s.local(t).to_rfc3339())
        .collect();
    back.reverse();
    assert_eq!(out, back, "forward and backward slot walks disagree");
    out
}

#[test]
fn five_fields_run_at_second_zero_and_six_fields_lead_with_seconds() {
    let five = spec("30 8 * * *", "UTC");
    assert_eq!(
        five.next_after(utc(2025, 1, 1, 0, 0, 0)),
        Some(utc(2025, 1, 1, 8, 30, 0))
    );
    let six = spec("15 30 8 * * *", "UTC");
    assert_eq!(
        six.next_after(utc(2025, 1, 1, 0, 0, 0)),
        Some(utc(2025, 1, 1, 8, 30, 15))
    );
}

#[test]
fn other_field_counts_nicknames_and_impossible_dates_are_rejected() {
    for (cron, says) in [
        ("8 * * *", "4 fields"),
        ("0 0 8 * * * 2025", "7 fields"),
        ("@daily", "nicknames"),
        ("0 0 30 2 *", "never matches"),
        ("0 25 * * *", "out of bounds"),
        ("x 8 * * *", "x 8 * * *"),
    ] {
        let err = parse_cron(cron).unwrap_err().message;
        assert!(err.contains(says), "{cron:?}: {err}");
    }
}

#[test]
fn day_of_month_and_day_of_week_combine_with_or_as_in_crontab() {
    // The 1st of the month OR any Monday; 2025-06-01 is a Sunday.
    let s = spec("0 9 1 * 1", "UTC");
    let got = locals(&s, utc(2025, 5, 31, 0, 0, 0), utc(2025, 7, 8, 0, 0, 0));
    let days: Vec<&str> = got.iter().map(|t| &t[..10]).collect();
    assert_eq!(
        days,
        [
            "2025-06-01",
            "2025-06-02",
            "2025-06-09",
            "2025-06-16",
            "2025-06-23",
            "2025-06-30",
            "2025-07-01",
            "2025-07-07"
        ]
    );
    // Either field alone restricts as usual.
    let mondays = spec("0 9 * * MON", "UTC");
    assert_eq!(
        locals(
            &mondays,
            utc(2025, 5, 31, 0, 0, 0),
            utc(2025, 6, 10, 0, 0, 0)
        )
        .len(),
        2
    );
}

#[test]
fn durations() {
    let d = |t| parse_duration(t).unwrap();
    assert_eq!(d("0"), TimeDelta::zero());
    assert_eq!(d("1d"), TimeDelta::days(1));
    assert_eq!(d("6h"), TimeDelta::hours(6));
    assert_eq!(d("30m"), TimeDelta::minutes(30));
    assert_eq!(d("90s"), TimeDelta::seconds(90));
    assert_eq!(d("1d12h"), TimeDelta::hours(36));
    for bad in ["", "1", "d", "1 day", "-1d", "1w", "1.5h"] {
        assert!(parse_duration(bad).is_err(), "{bad:?} accepted");
    }
}

#[test]
fn the_default_zone_and_catch_up_apply_and_the_key_is_stable() {
    let s = ScheduleSpec::parse(
        0,
        &schedule("alerts", " 0  8 1 * * ", None, None),
        "Asia/Shanghai",
    )
    .unwrap();
    assert_eq!(s.key, "alerts|0 8 1 * *|Asia/Shanghai");
    assert_eq!(s.catch_up, TimeDelta::days(1));
    // 08:00 in Shanghai (UTC+8) is midnight UTC.
    assert_eq!(
        s.next_after(utc(2025, 1, 1, 1, 0, 0)),
        Some(utc(2025, 2, 1, 0, 0, 0))
    );
}

#[test]
fn a_skipped_wall_time_resolves_to_the_end_of_the_gap() {
    let berlin: chrono_tz::Tz = "Europe/Berlin".parse().unwrap();
    let wall = |h, m| {
        chrono::NaiveDate::from_ymd_opt(2025, 3, 30)
            .unwrap()
            .and_hms_opt(h, m, 0)
            .unwrap()
    };
    // 02:00 → 03:00 CEST, which is 01:00 UTC; so is every time in the gap.
    assert_eq!(resolve(berlin, wall(2, 0)), utc(2025, 3, 30, 1, 0, 0));
    assert_eq!(resolve(berlin, wall(2, 30)), utc(2025, 3, 30, 1, 0, 0));
    assert_eq!(resolve(berlin, wall(2, 59)), utc(2025, 3, 30, 1, 0, 0));
    assert_eq!(resolve(berlin, wall(1, 59)), utc(2025, 3, 30, 0, 59, 0));
}

#[test]
fn berlin_daily_0230_runs_once_a_day_across_spring_forward() {
    let s = spec("30 2 * * *", "Europe/Berlin");
    assert_eq!(
        locals(&s, utc(2025, 3, 28, 12, 0, 0), utc(2025, 4, 1, 0, 0, 0)),
        [
            "2025-03-29T02:30:00+01:00",
            // 02:30 does not exist on the 30th: the first instant after the gap.
            "2025-03-30T03:00:00+02:00",
            "2025-03-31T02:30:00+02:00",
        ]
    );
}

#[test]
fn berlin_daily_0230_runs_once_a_day_across_fall_back() {
    let s = spec("30 2 * * *", "Europe/Berlin");
    assert_eq!(
        locals(&s, utc(2025, 10, 24, 12, 0, 0), utc(2025, 10, 28, 0, 0, 0)),
        [
            "2025-10-25T02:30:00+02:00",
            // 02:30 happens twice on the 26th: only the first (summer time) counts.
            "2025-10-26T02:30:00+02:00",
            "2025-10-27T02:30:00+01:00",
        ]
    );
    // Asked from inside the second pass of the repeated hour, the next slot is the next day.
    assert_eq!(
        s.next_after(utc(2025, 10, 26, 1, 15, 0))
            .map(|t| s.local(t).to_rfc3339()),
        Some("2025-10-27T02:30:00+01:00".into())
    );
}

#[test]
fn new_york_daily_jobs_across_both_changes() {
    let spring = spec("30 2 * * *", "America/New_York");
    assert_eq!(
        locals(&spring, utc(2025, 3, 8, 0, 0, 0), utc(2025, 3, 11, 0, 0, 0)),
        [
            "2025-03-08T02:30:00-05:00",
            "2025-03-09T03:00:00-04:00",
            "2025-03-10T02:30:00-04:00"
        ]
    );
    // New York repeats 01:00–02:00 on 2025-11-02.
    let fall = spec("30 1 * * *", "America/New_York");
    assert_eq!(
        locals(&fall, utc(2025, 11, 1, 12, 0, 0), utc(2025, 11, 4, 0, 0, 0)),
        ["2025-11-02T01:30:00-04:00", "2025-11-03T01:30:00-05:00"]
    );
}

#[test]
fn hourly_jobs_follow_the_wall_clock_once_per_wall_time() {
    let s = spec("30 * * * *", "Europe/Berlin");
    let spring = locals(&s, utc(2025, 3, 29, 23, 45, 0), utc(2025, 3, 30, 2, 45, 0));
    assert_eq!(
        spring,
        [
            "2025-03-30T01:30:00+01:00",
            "2025-03-30T03:00:00+02:00",
            "2025-03-30T03:30:00+02:00",
            "2025-03-30T04:30:00+02:00"
        ]
    );
    let fall = locals(
        &s,
        utc(2025, 10, 25, 22, 45, 0),
        utc(2025, 10, 26, 2, 45, 0),
    );
    assert_eq!(
        fall,
        [
            "2025-10-26T01:30:00+02:00",
            "2025-10-26T02:30:00+02:00",
            "2025-10-26T03:30:00+01:00"
        ]
    );
    // On the hour, the gap's start and its end are one slot, not two.
    let on_the_hour = spec("0 * * * *", "Europe/Berlin");
    assert_eq!(
        locals(
            &on_the_hour,
            utc(2025, 3, 29, 23, 30, 0),
            utc(2025, 3, 30, 2, 30, 0)
        ),
        [
            "2025-03-30T01:00:00+01:00",
            "2025-03-30T03:00:00+02:00",
            "2025-03-30T04:00:00+02:00"
        ]
    );
}

#[test]
fn due_lists_the_newest_slots_and_counts_the_rest() {
    let s = spec("0 * * * *", "UTC");
    let due = s.due(utc(2025, 1, 1, 0, 0, 0), utc(2025, 1, 2, 0, 0, 0), 5);
    assert_eq!(due.newest_first.first(), Some(&utc(2025, 1, 2, 0, 0, 0)));
    assert_eq!(due.newest_first.len(), 5);
    assert_eq!(due.older, 19);
    assert!(
        s.due(utc(2025, 1, 1, 0, 0, 0), utc(2025, 1, 1, 0, 59, 0), 5)
            .newest_first
            .is_empty()
    );
}
