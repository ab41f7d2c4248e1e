//! The scheduled `report` job: publish the report as of the slot's local date
//! and send it (as `waymark report --send`).

use super::JobContext;
use crate::assess::Query;
use crate::config::Settings;
use crate::domain::Catalogue;
use crate::publish::publish;
use crate::store::Store;
use anyhow::Result;
use std::future::Future;
use std::sync::Arc;

/// A job function for [`super::Jobs::with`]`(JobKind::Report, …)`. The slot's
/// local date is "today", so a report caught up after downtime describes the
/// day it was due; it is written to `<report.out_dir>/<date>/`.
///
/// The email is always sent: `email.to` cannot be empty for a report (its
/// `summary.eml` needs a recipient), and without `email.smtp_url` "sending"
/// means an `.eml` file in `email.outbox_dir`, which is harmless when nobody
/// collects it. The message goes into the durable outbox and one delivery
/// pass is made; a message that could not be delivered stays queued for the
/// delivery worker, and the run still succeeds since the report itself was
/// written (the outcome line says how delivery went).
pub fn report_job(
    store: Arc<Store>,
    cat: Arc<Catalogue>,
    settings: Arc<Settings>,
) -> impl Fn(JobContext) -> std::pin::Pin<Box<dyn Future<Output = Result<String>> + Send>>
+ Send
+ Sync
+ 'static {
    move |ctx: JobContext| {
        let (store, cat, settings) = (store.clone(), cat.clone(), settings.clone());
        Box::pin(async move {
            let today = ctx.local_slot.date_naive();
            let p = publish(&store, &cat, &settings, &Query::default(), None, today).await?;
            let mut line = format!(
                "report as of {}: {} files in {}",
                p.as_of,
                p.files,
                p.dir.display()
            );
            let fate = crate::publish::send(&store, &settings, &p).await?;
            line.push_str(&format!(
                "; email to {}: {fate}",
                settings.email.to.join(", ")
            ));
            Ok(line)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::{JobKind, Jobs, ManualClock, RunState, Scheduler};
    use chrono::{TimeZone, Utc};

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
        let jobs = Jobs::new().with(
            JobKind::Report,
            report_job(store.clone(), Arc::new(cat), Arc::new(settings.clone())),
        );
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
