//! The scheduled `backup` job: a checked copy of the database into
//! `[backup] dir` under a dated name, and the oldest copies beyond
//! `[backup] keep` deleted.

use crate::config::Settings;
use crate::store::Store;
use anyhow::{Context as _, Result};
use chrono::DateTime;

/// The `backup` job: a checked copy of the database into `[backup] dir`,
/// named by the slot's local time (`waymark-2025-06-01-0800.db`), then the
/// oldest dated copies beyond `[backup] keep` are deleted. Other files in
/// the folder are left alone.
pub(crate) async fn backup_step(
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
    use crate::test_support;
    use chrono::{TimeZone, Utc};
    use std::sync::Arc;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_backup_job_keeps_the_newest_dated_copies_and_nothing_else_goes() {
        let (dir, store) = test_support::empty_store().await;
        let store = Arc::new(store);
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
        let cat = test_support::fixture_catalogue();
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
