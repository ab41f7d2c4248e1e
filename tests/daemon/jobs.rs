//! The daemon's jobs, in process: `/api/alerts` after an alerts
//! evaluation, job and backlog metrics, and the scheduled report job
//! writing its folder and queueing the email. Slots are driven by a
//! hand-moved clock, so nothing waits for real time.

use crate::common::app::TestApp;
use crate::common::{TRAINS_2020, TRAINS_2021_BAD, body, t0, trains};
use chrono::{DateTime, NaiveDate, TimeDelta, TimeZone, Utc};
use reqwest::StatusCode;
use serde_json::json;
use std::sync::Arc;
use waymark::config::{Schedule, Settings};
use waymark::daemon::{self, Daemon};
use waymark::domain::Lang;
use waymark::schedule::{ManualClock, Scheduler};
use waymark::store::RunState;

/// Run `job` once through a real scheduler at `at` (a slot of "every second").
async fn run_scheduled(app: &TestApp, settings: &Settings, job: &str, at: DateTime<Utc>) {
    let schedules = vec![Schedule {
        job: job.into(),
        cron: "* * * * * *".into(),
        timezone: None,
        catch_up: None,
    }];
    let d = Daemon::new(
        app.state.store.clone(),
        app.state.catalogue.clone(),
        Arc::new(settings.clone()),
    );
    let clock = Arc::new(ManualClock::new(at));
    let s = Scheduler::new(app.state.store.clone(), &schedules, "UTC", clock, d.jobs()).unwrap();
    s.step(at).await; // registers the schedule: nothing to catch up
    s.step(at + TimeDelta::seconds(1)).await;
    s.wait_idle().await;
    let runs = app
        .state
        .store
        .recent_job_runs(&s.specs()[0].key, 5)
        .await
        .unwrap();
    assert_eq!(runs.len(), 1, "{runs:?}");
    assert_eq!(runs[0].state, RunState::Succeeded, "{runs:?}");
}

#[tokio::test]
async fn the_alerts_api_lists_a_goal_status_alert_after_an_alerts_evaluation() {
    let app = TestApp::spawn().await;
    assert_eq!(app.get_json("/api/alerts").await, json!([]));
    let mut figures = trains(2020, &TRAINS_2020);
    figures.extend(trains(2021, &TRAINS_2021_BAD));
    let (status, _) = app.post_figures(&app.operator, &body(figures)).await;
    assert_eq!(status, StatusCode::OK);

    let s = &app.state;
    let line = daemon::alerts_step(&s.store, &s.catalogue, &s.settings, t0())
        .await
        .unwrap();
    assert!(line.contains("new"), "{line}");

    let listed = app.get_json("/api/alerts").await;
    let alerts = listed.as_array().unwrap();
    let goal = alerts
        .iter()
        .find(|a| a["labels"]["alertname"] == "goal_status")
        .unwrap_or_else(|| panic!("no goal_status alert in {listed}"));
    assert_eq!(goal["state"], "firing");
    assert_eq!(goal["labels"]["goal"], "liaoning-trains-2021");
    assert_eq!(goal["labels"]["region"], "liaoning");
    assert_eq!(goal["labels"]["status"], "deterioration");
    assert!(goal["fingerprint"].as_str().is_some_and(|f| !f.is_empty()));
    assert!(goal["annotations"]["summary"].as_str().is_some());
    // The same list, in the same shape, as `waymark alerts --format json`.
    let direct = waymark::alerts::active_alerts(&s.store).await.unwrap();
    assert_eq!(listed, serde_json::to_value(&direct).unwrap());
}

#[tokio::test]
async fn metrics_count_alerts_job_runs_and_show_the_delivery_backlog() {
    let app = TestApp::spawn().await;
    let before = app.get("/metrics").await.text().await.unwrap();
    assert!(!before.contains("waymark_job_runs_total{"), "{before}");
    assert!(before.contains("waymark_delivery_backlog{state=\"pending\"} 0"));

    let mut figures = trains(2020, &TRAINS_2020);
    figures.extend(trains(2021, &TRAINS_2021_BAD));
    app.post_figures(&app.operator, &body(figures)).await;
    run_scheduled(&app, &app.state.settings, "alerts", t0()).await;
    // A report email waiting in the outbox (nothing delivers it here).
    waymark::alerts::enqueue_report_email(&app.state.store, &app.state.settings, b"x".to_vec())
        .await
        .unwrap();

    let text = app.get("/metrics").await.text().await.unwrap();
    let sample = |name: &str| -> f64 {
        text.lines()
            .find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.parse().ok())
            .unwrap_or_else(|| panic!("no sample {name} in\n{text}"))
    };
    assert_eq!(sample("waymark_job_runs_total{job=\"alerts\"}"), 1.0);
    assert_eq!(sample("waymark_job_failures_total{job=\"alerts\"}"), 0.0);
    assert!(sample("waymark_job_last_success_timestamp_seconds{job=\"alerts\"}") > 1.6e9);
    assert_eq!(sample("waymark_delivery_backlog{state=\"pending\"}"), 1.0);
    assert_eq!(sample("waymark_delivery_backlog{state=\"failed\"}"), 0.0);
    assert!(sample("waymark_delivery_oldest_pending_age_seconds") >= 0.0);
    assert!(sample("waymark_alerts_firing{alertname=\"goal_status\"}") >= 1.0);
    for family in ["waymark_job_runs_total", "waymark_delivery_backlog"] {
        assert_eq!(
            text.matches(&format!("# TYPE {family} ")).count(),
            1,
            "{family} declared once"
        );
    }
}

/// Run the `report` job on 2021-07-01 with `[ui] language` set to `lang`:
/// the folder it wrote and the email it left in the outbox folder.
async fn scheduled_report(lang: Lang) -> (tempfile::TempDir, std::path::PathBuf, String) {
    let app = TestApp::spawn().await;
    app.post_figures(&app.operator, &body(trains(2020, &TRAINS_2020)))
        .await;
    let out = tempfile::tempdir().unwrap();
    let mut settings = (*app.state.settings).clone();
    settings.report.out_dir = out.path().join("charts");
    settings.email.outbox_dir = out.path().join("outbox");
    settings.email.smtp_url = String::new();
    settings.email.to = vec!["reports@example.org".into()];
    settings.ui.language = lang;
    let at = Utc.with_ymd_and_hms(2021, 7, 1, 8, 0, 0).unwrap();
    run_scheduled(&app, &settings, "report", at).await;

    let day = NaiveDate::from_ymd_opt(2021, 7, 1).unwrap().to_string();
    let folder = out.path().join("charts").join(&day);
    for f in ["index.html", "summary.txt", "summary.eml", "status.json"] {
        assert!(
            folder.join(f).exists(),
            "{f} missing from {}",
            folder.display()
        );
    }
    let emls: Vec<_> = std::fs::read_dir(out.path().join("outbox"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "eml"))
        .collect();
    assert_eq!(emls.len(), 1, "{emls:?}");
    let eml = std::fs::read_to_string(&emls[0]).unwrap();
    let backlog = waymark::alerts::backlog(&app.state.store).await.unwrap();
    assert_eq!((backlog.pending, backlog.failed), (0, 0));
    (out, folder, eml)
}

#[tokio::test]
async fn the_scheduled_report_job_writes_the_report_folder_and_queues_the_email() {
    let (_out, folder, eml) = scheduled_report(Lang::En).await;
    assert!(eml.contains("reports@example.org"), "{eml}");
    let html = std::fs::read_to_string(folder.join("index.html")).unwrap();
    assert!(html.contains(r#"<html lang="en">"#));
}

#[tokio::test]
async fn the_scheduled_report_is_in_the_ui_language() {
    let (_out, folder, eml) = scheduled_report(Lang::ZhCn).await;
    let html = std::fs::read_to_string(folder.join("index.html")).unwrap();
    assert!(html.contains(r#"<html lang="zh-CN">"#));
    assert!(html.contains("目标进展报告（截至2021年7月1日）"));
    let msg = mail_parser::MessageParser::default()
        .parse(eml.as_bytes())
        .unwrap();
    let subject = msg.subject().unwrap();
    assert!(
        subject.starts_with("目标进展报告（截至2021年7月1日）"),
        "{subject}"
    );
}

#[tokio::test]
async fn alert_summaries_are_in_the_ui_language_and_labels_stay_machine_values() {
    let app = TestApp::spawn().await;
    let mut figures = trains(2020, &TRAINS_2020);
    figures.extend(trains(2021, &TRAINS_2021_BAD));
    app.post_figures(&app.operator, &body(figures)).await;
    let s = &app.state;
    let mut settings = (*s.settings).clone();
    settings.ui.language = Lang::ZhCn;
    daemon::alerts_step(&s.store, &s.catalogue, &settings, t0())
        .await
        .unwrap();
    let listed = app.get_json("/api/alerts").await;
    let goal = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["labels"]["alertname"] == "goal_status")
        .unwrap_or_else(|| panic!("no goal_status alert in {listed}"));
    assert_eq!(goal["labels"]["status"], "deterioration");
    let summary = goal["annotations"]["summary"].as_str().unwrap();
    assert!(summary.contains("当前状态为出现倒退"), "{summary}");
    let description = goal["annotations"]["description"].as_str().unwrap();
    assert!(description.contains("waymark status --goal liaoning-trains-2021"));
}
