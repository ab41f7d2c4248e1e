//! Alert lifecycle and webhook delivery against a real receiver on loopback:
//! retries until delivered and in order, no retry of a 400, nothing new when
//! nothing changed, resends after repeat_interval, and nothing lost when the
//! process dies between storing a notification and delivering it.

use super::open_lab;
use crate::common::cli::Env;
use crate::common::lab::Lab;
use crate::common::webhook::Webhook;
use crate::common::{TRAINS_2020, TRAINS_2021, TRAINS_2021_BAD, free_port, t0};
use chrono::Duration;
use waymark::alerts::{self, DeliveryPolicy};

/// Passes with zero-delay retries until the receiver accepted `want` bodies
/// (bounded: a broken worker fails the test instead of hanging).
async fn deliver_until(lab: &Lab, rx: &Webhook, want: usize, now: chrono::DateTime<chrono::Utc>) {
    for _ in 0..20 {
        if rx.accepted().len() >= want {
            return;
        }
        alerts::deliver_due_with(&lab.store, &lab.settings, now, &DeliveryPolicy::immediate())
            .await
            .unwrap();
    }
    panic!(
        "only {} of {want} notifications arrived: {:?}",
        rx.accepted().len(),
        rx.received()
    );
}

#[tokio::test]
async fn a_receiver_failing_with_503_gets_every_notification_in_order_and_a_recovery_resolves() {
    let rx = Webhook::start(&[503, 503, 503]).await;
    let lab = open_lab(&rx.channel()).await;
    lab.trains("2020-01", &TRAINS_2020).await;
    lab.trains("2021-01", &TRAINS_2021_BAD).await;
    let first = alerts::evaluate(&lab.store, &lab.cat, &lab.settings, t0(), vec![])
        .await
        .unwrap();
    assert_eq!((first.started, first.notifications), (1, 1), "{first:?}");

    // Better figures bring the goal back on track: its alert resolves.
    lab.trains("2021-01", &TRAINS_2021[..5]).await;
    let later = t0() + Duration::hours(1);
    let second = alerts::evaluate(&lab.store, &lab.cat, &lab.settings, later, vec![])
        .await
        .unwrap();
    assert_eq!(
        (second.resolved, second.firing, second.notifications),
        (1, 0, 1),
        "{second:?}"
    );

    deliver_until(&lab, &rx, 2, later).await;
    let all = rx.received();
    assert_eq!(all.len(), 5, "three 503s, then two deliveries: {all:?}");
    assert!(
        all[..4].iter().all(|r| r.key == all[0].key),
        "retries keep their key"
    );
    assert_ne!(all[4].key, all[0].key);

    let ok = rx.accepted();
    let (firing, resolved) = (&ok[0].body, &ok[1].body);
    assert_eq!(firing["version"], "4");
    assert_eq!(firing["receiver"], "ops");
    assert_eq!(firing["status"], "firing");
    let alert = &firing["alerts"][0];
    assert_eq!(alert["status"], "firing");
    for (k, v) in [
        ("alertname", "goal_status"),
        ("goal", "liaoning-trains-2021"),
        ("region", "liaoning"),
        ("indicator", "china-europe-trains"),
        ("status", "deterioration"),
    ] {
        assert_eq!(alert["labels"][k], v, "label {k}: {alert}");
    }
    assert!(
        alert["annotations"]["summary"]
            .as_str()
            .unwrap()
            .contains("deterioration")
    );
    assert_eq!(alert["endsAt"], "0001-01-01T00:00:00Z");
    for key in [
        "groupLabels",
        "commonLabels",
        "commonAnnotations",
        "externalURL",
        "groupKey",
        "truncatedAlerts",
    ] {
        assert!(firing.get(key).is_some(), "payload lacks {key}");
    }
    assert_eq!(resolved["status"], "resolved");
    assert_eq!(resolved["alerts"][0]["status"], "resolved");
    assert_eq!(resolved["alerts"][0]["fingerprint"], alert["fingerprint"]);
    assert_ne!(resolved["alerts"][0]["endsAt"], "0001-01-01T00:00:00Z");

    let backlog = alerts::backlog(&lab.store).await.unwrap();
    assert_eq!((backlog.pending, backlog.failed), (0, 0));
    assert!(alerts::active_alerts(&lab.store).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_400_is_not_retried_and_the_reason_is_recorded() {
    let rx = Webhook::start(&[400]).await;
    let lab = open_lab(&rx.channel()).await;
    lab.trains("2020-01", &TRAINS_2020).await;
    lab.trains("2021-01", &TRAINS_2021_BAD).await;
    alerts::evaluate(&lab.store, &lab.cat, &lab.settings, t0(), vec![])
        .await
        .unwrap();
    let policy = DeliveryPolicy::immediate();
    let first = alerts::deliver_due_with(&lab.store, &lab.settings, t0(), &policy)
        .await
        .unwrap();
    assert_eq!((first.delivered, first.retrying, first.failed), (0, 0, 1));
    let again =
        alerts::deliver_due_with(&lab.store, &lab.settings, t0() + Duration::days(1), &policy)
            .await
            .unwrap();
    assert_eq!(again, Default::default());
    assert_eq!(rx.received().len(), 1);
    let (state, attempts, error) = lab.store.notification_state(1).await.unwrap();
    assert_eq!((state.as_str(), attempts), ("failed", 1));
    let error = error.unwrap();
    assert!(error.contains("HTTP 400"), "{error}");
    assert_eq!(alerts::backlog(&lab.store).await.unwrap().failed, 1);
}

#[tokio::test]
async fn evaluating_again_without_a_change_sends_nothing_until_the_repeat_interval() {
    let rx = Webhook::start(&[]).await;
    let lab = open_lab(&format!(
        "{}\n[alerts]\nrepeat_interval = \"7d\"\n",
        rx.channel()
    ))
    .await;
    lab.trains("2020-01", &TRAINS_2020).await;
    lab.trains("2021-01", &TRAINS_2021_BAD).await;
    let eval = |hours: i64| {
        let lab = &lab;
        async move {
            alerts::evaluate(
                &lab.store,
                &lab.cat,
                &lab.settings,
                t0() + Duration::hours(hours),
                vec![],
            )
            .await
            .unwrap()
        }
    };
    assert_eq!(eval(0).await.notifications, 1);
    let quiet = eval(1).await;
    assert_eq!(
        (quiet.firing, quiet.notifications, quiet.repeated),
        (1, 0, false)
    );
    assert_eq!(eval(6 * 24 + 23).await.notifications, 0, "not yet 7 days");
    let repeat = eval(7 * 24).await;
    assert_eq!(
        (repeat.repeated, repeat.notifications),
        (true, 1),
        "{repeat:?}"
    );
    assert_eq!(eval(7 * 24 + 1).await.notifications, 0);

    deliver_until(&lab, &rx, 2, t0() + Duration::days(8)).await;
    let ok = rx.accepted();
    assert_eq!(ok.len(), 2);
    assert_eq!(
        ok[0].body["alerts"][0]["fingerprint"],
        ok[1].body["alerts"][0]["fingerprint"]
    );
    assert_eq!(
        ok[1].body["alerts"][0]["startsAt"],
        ok[0].body["alerts"][0]["startsAt"]
    );
}

#[tokio::test]
async fn a_status_change_is_a_change_of_the_same_alert() {
    let rx = Webhook::start(&[]).await;
    let lab = open_lab(&format!(
        "{}\n[alerts]\nstatuses = [\"deterioration\", \"limited_progress\", \"needs_acceleration\"]\n",
        rx.channel()
    ))
    .await;
    lab.trains("2020-01", &TRAINS_2020).await;
    lab.trains("2021-01", &TRAINS_2021_BAD).await;
    alerts::evaluate(&lab.store, &lab.cat, &lab.settings, t0(), vec![])
        .await
        .unwrap();
    // Slightly better figures: still off track, but a different status.
    lab.trains("2021-01", &[62., 37., 72., 78., 82.]).await;
    let changed = alerts::evaluate(&lab.store, &lab.cat, &lab.settings, t0(), vec![])
        .await
        .unwrap();
    assert_eq!(
        (changed.changed, changed.started, changed.notifications),
        (1, 0, 1),
        "{changed:?}"
    );
    deliver_until(&lab, &rx, 2, t0()).await;
    let ok = rx.accepted();
    let status = |i: usize| ok[i].body["alerts"][0]["labels"]["status"].clone();
    assert_ne!(status(0), status(1));
    assert_eq!(
        ok[0].body["alerts"][0]["fingerprint"],
        ok[1].body["alerts"][0]["fingerprint"]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_notification_stored_by_a_killed_process_is_delivered_by_the_next_worker() {
    let rx = Webhook::start(&[]).await;
    let lab = open_lab(&rx.channel()).await;
    let mut cmd = lab.env.command(&["alerts", "evaluate"]);
    cmd.env("WAYMARK_FAILPOINT", "after_store");
    let run = tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        !run.status.success() && !stderr.contains("error:"),
        "the fail point should abort the process: {stderr}"
    );
    assert!(
        rx.received().is_empty(),
        "nothing was delivered before the crash"
    );
    let backlog = alerts::backlog(&lab.store).await.unwrap();
    assert_eq!(backlog.pending, 1, "the notification survived the crash");

    let out = alerts::deliver_due(&lab.store, &lab.settings, chrono::Utc::now())
        .await
        .unwrap();
    assert_eq!(out.delivered, 1);
    let ok = rx.accepted();
    assert_eq!(ok.len(), 1);
    let names: Vec<&str> = ok[0].body["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["labels"]["goal"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"liaoning-port"), "{names:?}");
}

#[test]
fn a_failing_source_raises_source_failed_until_a_good_pull() {
    let env = Env::new();
    // A port nobody listens on.
    let port = free_port();
    env.settings(&format!(
        "[[source]]\nname = \"feed\"\nurl = \"http://127.0.0.1:{port}/figures.csv\"\nformat = \"csv\"\nallow_private = true\ntimeout = \"5s\"\n"
    ));
    let pull = env.run(&["pull"]).fails(1);
    assert!(
        pull.stdout.contains("feed: FAILED") || pull.stderr.contains("feed"),
        "{}{}",
        pull.stdout,
        pull.stderr
    );
    env.run(&["alerts", "evaluate"]).ok();
    let alerts = env.run(&["alerts", "--format", "json"]).ok().stdout;
    assert!(
        alerts.contains("source_failed") && alerts.contains("feed"),
        "{alerts}"
    );
    let jobs = env.run(&["jobs"]).ok().stdout;
    assert!(jobs.contains("feed") && jobs.contains("failed"), "{jobs}");
    assert!(jobs.contains("Delivery backlog"), "{jobs}");
}
