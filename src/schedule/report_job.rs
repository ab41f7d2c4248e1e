//! The scheduled `report` job: publish the report as of the slot's local date.

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
            Ok(format!(
                "report as of {}: {} files in {}",
                p.as_of,
                p.files,
                p.dir.display()
            ))
        })
    }
}
