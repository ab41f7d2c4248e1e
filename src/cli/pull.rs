//! `pull [SOURCE]`: fetch configured remote sources once, now.

use super::Context;
use crate::sources::{PullStatus, pull};
use anyhow::{Result, bail};
use clap::Args;

#[derive(Debug, Args)]
pub(crate) struct PullArgs {
    /// One source by name (default: every `[[source]]` in the settings)
    source: Option<String>,
}

pub(crate) async fn run(ctx: &Context, a: PullArgs) -> Result<()> {
    if ctx.settings.source.is_empty() {
        bail!("no [[source]] is configured in the settings");
    }
    let (store, cat) = ctx.open().await?;
    let outcomes = pull(
        &store,
        &cat,
        &ctx.settings,
        a.source.as_deref(),
        chrono::Utc::now(),
    )
    .await;
    store.close().await;
    let mut failed = Vec::new();
    for o in outcomes? {
        match o.status {
            PullStatus::Ok => println!(
                "{}: ok {} new, {} revised, {} unchanged",
                o.source, o.new, o.revised, o.unchanged
            ),
            PullStatus::NotModified => println!("{}: not modified", o.source),
            PullStatus::Failed => {
                let why = o.error.unwrap_or_default();
                println!("{}: FAILED: {why}", o.source);
                eprintln!("source {}: {why}", o.source);
                failed.push(o.source);
            }
        }
    }
    if !failed.is_empty() {
        bail!(
            "{} source(s) failed: {}; nothing was recorded from them",
            failed.len(),
            failed.join(", ")
        );
    }
    Ok(())
}
