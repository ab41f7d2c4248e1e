//! The real `waymark serve` with its background tasks: an `alerts` job every
//! second delivers an Alertmanager webhook to a receiver on loopback, SIGTERM
//! stops everything cleanly, and a notification stored by a daemon killed
//! with SIGKILL is delivered by the next start. The tests wait on events (a
//! request arriving, the process exiting); timeouts are only safety nets.

use crate::common::cli::Env;
use crate::common::daemon::Daemon;
use crate::common::lab::Lab;
use crate::common::webhook::{Received, Webhook};
use crate::common::{TRAINS_2020, TRAINS_2021_BAD};
use serde_json::Value;
use std::time::Duration;

/// Generous: a loaded 2-core machine, a debug build.
const SAFETY: Duration = Duration::from_secs(90);

/// A folder with settings (an `alerts` job every second, a webhook channel
/// to `hook`) and a database holding 2020 and a poor 2021 for Liaoning's
/// trains, so the 2021 goal is off track whatever today is.
async fn setup(hook: &Webhook) -> Env {
    let env = Env::new();
    env.settings(&format!(
        "[report]\nout_dir = {:?}\n[email]\noutbox_dir = {:?}\n{}\
         [[schedule]]\njob = \"alerts\"\ncron = \"* * * * * *\"\n",
        env.path("charts").display().to_string(),
        env.path("outbox").display().to_string(),
        hook.channel(),
    ));
    let lab = Lab::open(env).await;
    let later = [62., 64., 66., 65., 66., 70., 72.];
    lab.trains("2020-01", &TRAINS_2020).await;
    lab.trains("2021-01", &[&TRAINS_2021_BAD[..], &later[..]].concat())
        .await;
    lab.close().await
}

/// The next request `hook` gets; panics with the daemon's log if none comes.
async fn next(hook: &mut Webhook, daemon: &Daemon) -> Received {
    hook.next(SAFETY)
        .await
        .unwrap_or_else(|| panic!("no webhook within {SAFETY:?}; daemon log: {}", daemon.log()))
}

/// `waymark serve` in `env`, once it listens (read off the runtime's threads).
fn serve(env: &Env) -> Daemon {
    tokio::task::block_in_place(|| env.serve())
}

/// SIGTERM, and wait (off the runtime's threads) for a clean exit: its log.
fn stop(daemon: Daemon) -> String {
    tokio::task::block_in_place(|| daemon.stop())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_runs_the_alerts_job_delivers_the_webhook_and_stops_cleanly_on_sigterm() {
    let mut rx = Webhook::start(&[]).await;
    let env = setup(&rx).await;
    let daemon = serve(&env);

    let hit = next(&mut rx, &daemon).await;
    let payload = &hit.body;
    assert_eq!(payload["version"], "4", "{payload}");
    assert_eq!(payload["receiver"], "ops");
    assert_eq!(payload["status"], "firing");
    let goal = payload["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| {
            a["labels"]["alertname"] == "goal_status"
                && a["labels"]["goal"] == "liaoning-trains-2021"
        })
        .unwrap_or_else(|| panic!("no goal_status alert for the trains goal in {payload}"));
    assert_eq!(goal["status"], "firing");
    assert_eq!(goal["labels"]["status"], "target_missed", "{goal}");

    // Figures through the API, which the daemon's writer leaves unfolded.
    let token = env.admin_token();
    let res = reqwest::Client::new()
        .post(format!("{}/api/observations", daemon.base))
        .bearer_auth(&token)
        .json(&serde_json::json!({"observations": [
            {"region": "liaoning", "indicator": "china-europe-trains", "period": "2022-01", "value": 51},
            {"region": "liaoning", "indicator": "china-europe-trains", "period": "2022-02", "value": 33}
        ]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{:?}", res.text().await);

    let log = stop(daemon);
    assert!(log.contains("stopped"), "{log}");
    let lab = Lab::open(env).await;
    assert_eq!(lab.store.unfolded().await.unwrap(), 0, "folded at shutdown");
    let env = lab.close().await;

    let jobs: Value =
        serde_json::from_str(&env.run(&["jobs", "--format", "json"]).ok().stdout).unwrap();
    let recent = jobs["schedules"][0]["recent"].as_array().unwrap();
    assert!(recent.iter().any(|r| r["state"] == "succeeded"), "{jobs}");
    assert!(
        recent.iter().all(|r| r["state"] != "running"),
        "SIGTERM lets a running job finish: {jobs}"
    );
    assert_eq!(jobs["delivery"]["pending"], 0, "{jobs}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_notification_left_pending_by_a_daemon_killed_with_sigkill_is_delivered_by_the_next_start()
 {
    let mut rx = Webhook::start(&[]).await;
    rx.answer(503);
    let env = setup(&rx).await;
    let daemon = serve(&env);

    // Stored and tried once, not delivered: the receiver is down.
    let refused = next(&mut rx, &daemon).await;
    assert_eq!(refused.answered, 503);
    tokio::task::block_in_place(|| daemon.kill());

    // The receiver comes back; so does the daemon. Its backoff (tens of
    // seconds) is not waited for: a start tries the backlog at once.
    rx.answer(200);
    let daemon = serve(&env);
    let delivered = loop {
        let hit = next(&mut rx, &daemon).await;
        if hit.answered == 200 {
            break hit;
        }
    };
    assert_eq!(delivered.key, refused.key, "the same notification");
    assert_eq!(delivered.body["version"], "4");
    stop(daemon);
    let jobs: Value =
        serde_json::from_str(&env.run(&["jobs", "--format", "json"]).ok().stdout).unwrap();
    assert_eq!(jobs["delivery"]["pending"], 0, "{jobs}");
}
