//! `report`: charts, the report page, the digest and the email, for one as-of date.

use super::{Context, status};
use crate::assess::{Query, RawQuery};
use crate::domain::Catalogue;
use crate::publish::{Published, publish};
use crate::store::Store;
use crate::{i18n, t};
use anyhow::Result;
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub(crate) struct ReportArgs {
    /// Use only periods that ended on or before this date (YYYY-MM-DD; default today)
    #[arg(long, value_name = "DATE")]
    pub(crate) as_of: Option<String>,
    /// Use each figure as it was recorded at this time (RFC 3339)
    #[arg(long, value_name = "TS")]
    pub(crate) known_at: Option<String>,
    /// Output folder (default <report.out_dir>/<as-of>/)
    #[arg(long, value_name = "DIR")]
    pub(crate) out: Option<PathBuf>,
    /// Also send the report email (SMTP from [email], or an .eml in email.outbox_dir)
    #[arg(long)]
    pub(crate) send: bool,
}

pub(crate) async fn report(ctx: &Context, a: ReportArgs) -> Result<()> {
    let (store, cat) = ctx.open().await?;
    let raw = RawQuery {
        as_of: a.as_of.as_deref(),
        known_at: a.known_at.as_deref(),
        ..RawQuery::default()
    };
    let q = status::query(&cat, raw)?;
    let published = render_with(ctx, &store, &cat, &q, a.out).await?;
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
    let path = published.dir.join("index.html").display().to_string();
    println!("{}", t!(ctx.lang, "report-open", path = path));
    Ok(())
}

/// Evaluate, render and record one report run, in the command's language
/// (`--lang`, else `[ui] language`); returns the folder written.
pub(crate) async fn render(ctx: &Context, q: &Query, out: Option<PathBuf>) -> Result<PathBuf> {
    let (store, cat) = ctx.open().await?;
    let published = render_with(ctx, &store, &cat, q, out).await?;
    store.close().await;
    Ok(published.dir)
}

async fn render_with(
    ctx: &Context,
    store: &Store,
    cat: &Catalogue,
    q: &Query,
    out: Option<PathBuf>,
) -> Result<Published> {
    let lang = ctx.lang;
    let published = publish(store, cat, &ctx.settings, q, out, ctx.today(), lang).await?;
    let line = t!(
        lang,
        "report-written",
        date = i18n::date(lang, published.as_of),
        files = published.files,
        dir = published.dir.display().to_string()
    );
    println!("{line}");
    Ok(published)
}
