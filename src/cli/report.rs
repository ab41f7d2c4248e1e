//! `report`: charts, the report page, the digest and the email, for one as-of date.

use super::{Context, status};
use crate::publish::{Published, publish};
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
}

pub async fn report(ctx: &Context, a: ReportArgs) -> Result<()> {
    let out = render(ctx, a.as_of, a.known_at.as_deref(), a.out).await?;
    println!("open {}", out.join("index.html").display());
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
    let q = status::query(&cat, as_of, known_at, None, None)?;
    let Published { as_of, dir, files } =
        publish(&store, &cat, &ctx.settings, &q, out, ctx.today()).await?;
    store.close().await;
    println!("report as of {as_of}: {files} files in {}", dir.display());
    Ok(dir)
}
