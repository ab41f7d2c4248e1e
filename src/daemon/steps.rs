//! The scheduled jobs' bodies, one step function each: given the store,
//! catalogue and settings (and the slot's time), do the work once and return
//! the outcome line the run ledger records. The scheduler only decides when
//! to call them; tests call them directly.

use crate::alerts;
use crate::assess::Query;
use crate::config::Settings;
use crate::domain::Catalogue;
use crate::publish;
use crate::sources::{self, PullStatus};
use crate::store::Store;
use anyhow::{Result, bail};
use chrono::{DateTime, NaiveDate, Utc};

/// The `report` job: publish the report as of `today` (the slot's local
/// date, so a report caught up after downtime describes the day it was due)
/// into `<report.out_dir>/<date>/` and send it, as `waymark report --send`.
///
/// The email is always sent: `email.to` cannot be empty for a report (its
/// `summary.eml` needs a recipient), and without `email.smtp_url` "sending"
/// means an `.eml` file in `email.outbox_dir`, which is harmless when nobody
/// collects it. The message goes into the durable outbox and one delivery
/// pass is made; a message that could not be delivered stays queued for the
/// delivery worker, and the run still succeeds since the report itself was
/// written (the outcome line says how delivery went).
pub async fn report_step(
    store: &Store,
    cat: &Catalogue,
    settings: &Settings,
    today: NaiveDate,
) -> Result<String> {
    // Scheduled: nobody to ask, so the configured language.
    let lang = settings.ui.language;
    let p = publish::publish(store, cat, settings, &Query::default(), None, today, lang).await?;
    let mut line = format!(
        "report as of {}: {} files in {}",
        p.as_of,
        p.files,
        p.dir.display()
    );
    let fate = publish::send(store, settings, &p).await?;
    line.push_str(&format!(
        "; email to {}: {fate}",
        settings.email.to.join(", ")
    ));
    Ok(line)
}

/// The `alerts` job: evaluate every goal now (remote sources whose last pull
/// failed included) and queue notifications for the worker.
pub async fn alerts_step(
    store: &Store,
    cat: &Catalogue,
    settings: &Settings,
    now: DateTime<Utc>,
) -> Result<String> {
    let failures = alerts::failing_sources(store).await?;
    let o = alerts::evaluate(store, cat, settings, now, failures).await?;
    Ok(format!(
        "{} firing ({} new, {} changed, {} resolved{}); {} notification(s) queued",
        o.firing,
        o.started,
        o.changed,
        o.resolved,
        if o.repeated { ", repeated" } else { "" },
        o.notifications
    ))
}

/// The `reminders` job: queue reminders of figures overdue as of `today`.
pub async fn reminders_step(
    store: &Store,
    cat: &Catalogue,
    settings: &Settings,
    today: NaiveDate,
) -> Result<String> {
    let o = alerts::send_reminders(store, cat, settings, today).await?;
    let mut line = format!(
        "reminders as of {today}: {} region(s), {} overdue figure(s)",
        o.regions, o.figures
    );
    if !o.without_contact.is_empty() {
        line.push_str(&format!(
            "; no [[contact]] for {}",
            o.without_contact.join(", ")
        ));
    }
    Ok(line)
}

/// The `pull` job: fetch every `[[source]]`; the run fails, naming them,
/// when any source failed (the others' figures are recorded all the same).
pub async fn pull_step(
    store: &Store,
    cat: &Catalogue,
    settings: &Settings,
    now: DateTime<Utc>,
) -> Result<String> {
    let outcomes = sources::pull(store, cat, settings, None, now).await?;
    let mut parts = Vec::new();
    let mut failed = Vec::new();
    for o in &outcomes {
        match o.status {
            PullStatus::Ok => parts.push(format!(
                "{}: {} new, {} revised, {} unchanged",
                o.source, o.new, o.revised, o.unchanged
            )),
            PullStatus::NotModified => parts.push(format!("{}: not modified", o.source)),
            PullStatus::Failed => failed.push(format!(
                "{}: {}",
                o.source,
                o.error.as_deref().unwrap_or("failed")
            )),
        }
    }
    if !failed.is_empty() {
        bail!(
            "{} of {} source(s) failed: {}",
            failed.len(),
            outcomes.len(),
            failed.join("; ")
        );
    }
    if parts.is_empty() {
        return Ok("no [[source]] is configured".into());
    }
    Ok(parts.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::daemon::Daemon;
    use crate::schedule::{ManualClock, Scheduler};
    use crate::store::RunState;
    use crate::test_support;
    use chrono::TimeZone;
    use std::sync::Arc;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_report_job_publishes_for_the_slots_local_date() {
        let (dir, store) = test_support::store_with(&test_support::fixture_catalogue_text()).await;
        let store = Arc::new(store);
        let cat = test_support::fixture_catalogue();
        let mut settings = Settings::default();
        settings.report.out_dir = dir.path().join("charts");
        settings.email.outbox_dir = dir.path().join("outbox");
        settings.schedule = vec![crate::config::Schedule {
            job: "report".into(),
            cron: "0 8 1 * *".into(),
            timezone: Some("Asia/Shanghai".into()),
            catch_up: None,
        }];
        // The daemon's own wiring: the schedule's slot reaches the report step.
        let jobs = Daemon::new(store.clone(), Arc::new(cat), Arc::new(settings.clone())).jobs();
        let before = Utc.with_ymd_and_hms(2025, 2, 28, 12, 0, 0).unwrap();
        let clock = Arc::new(ManualClock::new(before));
        let s = Scheduler::new(store.clone(), &settings.schedule, "UTC", clock, jobs).unwrap();
        s.step(before).await;
        // 08:00 in Shanghai on 1 March is midnight UTC.
        s.step(Utc.with_ymd_and_hms(2025, 3, 1, 0, 0, 1).unwrap())
            .await;
        s.wait_idle().await;
        let run = &store.recent_job_runs(&s.specs()[0].key, 1).await.unwrap()[0];
        assert_eq!(run.state, RunState::Succeeded, "{run:?}");
        assert!(
            run.outcome
                .as_deref()
                .unwrap()
                .starts_with("report as of 2025-03-01"),
            "{run:?}"
        );
        assert!(dir.path().join("charts/2025-03-01/index.html").exists());
        let outcome = run.outcome.as_deref().unwrap();
        assert!(
            outcome.contains("email to reports@localhost: delivered"),
            "{outcome}"
        );
        let queued = std::fs::read_dir(dir.path().join("outbox"))
            .unwrap()
            .count();
        assert_eq!(queued, 1, "one .eml in the outbox folder");
    }
}
