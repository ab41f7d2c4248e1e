//! `report`: charts, the report page, the digest and the email, for one as-of date.

use super::{Context, status};
use crate::domain::Catalogue;
use crate::publish::{Published, publish};
use crate::store::Store;
use anyhow::Result;
use chrono::NaiveDate;
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Use only periods that ended on or before this date (default today)
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<NaiveDate>,
    /// Use each figure as it was recorded at this time (RFC 3339)
    #[arg(long, value_name = "TS")]
    pub known_at: Option<String>,
    /// Output folder (default <report.out_dir>/<as-of>/)
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Also send the report email (SMTP from [email], or an .eml in email.outbox_dir)
    #[arg(long)]
    pub send: bool,
}

pub async fn report(ctx: &Context, a: ReportArgs) -> Result<()> {
    let (store, cat) = ctx.open().await?;
    let published = render_with(ctx, &store, &cat, a.as_of, a.known_at.as_deref(), a.out).await?;
    if a.send {
        let fate = crate::publish::send(&store, &ctx.settings, &published).await?;
        println!("email to {}: {fate}", ctx.settings.email.to.join(", "));
        if fate != crate::publish::EmailFate::Delivered {
            println!(
                "  it stays in the outbox: `waymark serve` retries it, `waymark jobs` shows the backlog"
            );
        }
    }
    store.close().await;
    println!("open {}", published.dir.join("index.html").display());
    Ok(())
}

/// Evaluate, render and record one report run; returns the folder written.
pub async fn render(
    ctx: &Context,
    as_of: Option<NaiveDate>,
    known_at: Option<&str>,
    out: Option<PathBuf>,
) -> Result<PathBuf> {
    let (store, cat) = ctx.open().await?;
    let published = render_with(ctx, &store, &cat, as_of, known_at, out).await?;
    store.close().await;
    Ok(published.dir)
}

async fn render_with(
    ctx: &Context,
    store: &Store,
    cat: &Catalogue,
    as_of: Option<NaiveDate>,
    known_at: Option<&str>,
    out: Option<PathBuf>,
) -> Result<Published> {
    let q = status::query(cat, as_of, known_at, None, None)?;
    let published = publish(store, cat, &ctx.settings, &q, out, ctx.today()).await?;
    println!(
        "report as of {}: {} files in {}",
        published.as_of,
        published.files,
        published.dir.display()
    );
    Ok(published)
}
