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
use anyhow::{Context as _, Result, bail};
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
    let p = publish::publish(store, cat, settings, &Query::default(), None, today).await?;
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

/// The `backup` job: a checked copy of the database into `[backup] dir`,
/// named by the slot's local time (`waymark-2025-06-01-0800.db`), then the
/// oldest dated copies beyond `[backup] keep` are deleted. Other files in
/// the folder are left alone.
pub async fn backup_step(
    store: &Store,
    settings: &Settings,
    local_slot: DateTime<chrono_tz::Tz>,
) -> Result<String> {
    let dir = &settings.backup.dir;
    std::fs::create_dir_all(dir).with_context(|| {
        format!(
            "creating the backup folder {} ([backup] dir)",
            dir.display()
        )
    })?;
    let name = format!("waymark-{}.db", local_slot.format("%Y-%m-%d-%H%M"));
    let c = crate::store::backup::backup(store.url(), &dir.join(&name)).await?;
    let deleted = prune_backups(dir, settings.backup.keep)?;
    Ok(format!(
        "{name} in {}: {} figures, {} revisions; {deleted} older cop{} deleted",
        dir.display(),
        c.figures,
        c.revisions,
        if deleted == 1 { "y" } else { "ies" }
    ))
}

/// Delete the oldest dated copies in `dir` so `keep` remain; how many went.
fn prune_backups(dir: &std::path::Path, keep: usize) -> Result<usize> {
    let mut dated: Vec<String> = std::fs::read_dir(dir)
        .with_context(|| format!("listing {}", dir.display()))?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| is_dated_copy(n))
        .collect();
    // Fixed-width names: name order is time order.
    dated.sort();
    let excess = dated.len().saturating_sub(keep);
    for old in &dated[..excess] {
        std::fs::remove_file(dir.join(old))
            .with_context(|| format!("deleting the old backup {}", dir.join(old).display()))?;
    }
    Ok(excess)
}

/// `waymark-YYYY-MM-DD-HHMM.db`, as [`backup_step`] names its copies.
fn is_dated_copy(name: &str) -> bool {
    let Some(stamp) = name
        .strip_prefix("waymark-")
        .and_then(|n| n.strip_suffix(".db"))
    else {
        return false;
    };
    stamp.len() == 15
        && stamp.chars().enumerate().all(|(i, c)| {
            if [4, 7, 10].contains(&i) {
                c == '-'
            } else {
                c.is_ascii_digit()
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::daemon::Daemon;
    use crate::schedule::{ManualClock, Scheduler};
    use crate::store::RunState;
    use chrono::TimeZone;
    use std::sync::Arc;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_report_job_publishes_for_the_slots_local_date() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("w.db").display());
        let store = Arc::new(Store::open(&url).await.unwrap());
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/catalogue.toml");
        let cat = Catalogue::from_toml(&std::fs::read_to_string(path).unwrap(), path).unwrap();
        store.sync_catalogue(&cat).await.unwrap();
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

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_backup_job_keeps_the_newest_dated_copies_and_nothing_else_goes() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("w.db").display());
        let store = Arc::new(Store::open(&url).await.unwrap());
        let mut settings = Settings::default();
        settings.backup.dir = dir.path().join("backups");
        settings.backup.keep = 2;
        settings.schedule = vec![crate::config::Schedule {
            job: "backup".into(),
            cron: "0 3 * * *".into(),
            timezone: Some("Asia/Shanghai".into()),
            catch_up: None,
        }];
        std::fs::create_dir_all(&settings.backup.dir).unwrap();
        let unrelated = settings.backup.dir.join("waymark-manual.db");
        std::fs::write(&unrelated, b"not ours").unwrap();
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/catalogue.toml");
        let cat = Catalogue::from_toml(&std::fs::read_to_string(path).unwrap(), path).unwrap();
        let jobs = Daemon::new(store.clone(), Arc::new(cat), Arc::new(settings.clone())).jobs();
        let start = Utc.with_ymd_and_hms(2025, 5, 31, 12, 0, 0).unwrap();
        let clock = Arc::new(ManualClock::new(start));
        let s = Scheduler::new(store.clone(), &settings.schedule, "UTC", clock, jobs).unwrap();
        s.step(start).await;
        // 03:00 in Shanghai is 19:00 UTC the day before: three nights.
        for night in 0..3 {
            s.step(Utc.with_ymd_and_hms(2025, 5, 31, 19, 0, 1).unwrap() + chrono::Days::new(night))
                .await;
            s.wait_idle().await;
        }
        let runs = store.recent_job_runs(&s.specs()[0].key, 5).await.unwrap();
        assert!(
            runs.iter().all(|r| r.state == RunState::Succeeded),
            "{runs:?}"
        );
        let mut names: Vec<String> = std::fs::read_dir(&settings.backup.dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(
            names,
            [
                "waymark-2025-06-02-0300.db",
                "waymark-2025-06-03-0300.db",
                "waymark-manual.db"
            ],
            "{runs:?}"
        );
        let newest = settings.backup.dir.join("waymark-2025-06-03-0300.db");
        let counts = crate::store::backup::check_copy(&newest).await.unwrap();
        assert_eq!(counts.revisions, 0);
        assert!(
            runs[0]
                .outcome
                .as_deref()
                .unwrap()
                .contains("1 older copy deleted"),
            "{runs:?}"
        );
    }
}
