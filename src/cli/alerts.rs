//! `alerts [--format json]` lists active alerts; `alerts evaluate` evaluates
//! once now, stores notifications and makes one delivery pass.

use super::{Context, table};
use crate::alerts::{self, Alert};
use crate::t;
use anyhow::Result;
use clap::{Args, Subcommand, ValueEnum};
use std::io::Write;

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub(crate) struct AlertsArgs {
    #[command(subcommand)]
    command: Option<AlertsCommand>,
    /// Output: a table for people, or JSON for programs
    #[arg(long, value_enum, default_value = "table")]
    format: ListFormat,
}

#[derive(Debug, Subcommand)]
enum AlertsCommand {
    /// Evaluate the alerts once now, queue notifications and deliver what can be
    #[command(after_help = "Examples:\n  waymark alerts evaluate")]
    Evaluate,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ListFormat {
    Table,
    Json,
}

pub(crate) async fn run(ctx: &Context, a: AlertsArgs) -> Result<()> {
    match a.command {
        None => list(ctx, a.format).await,
        Some(AlertsCommand::Evaluate) => evaluate(ctx).await,
    }
}

async fn list(ctx: &Context, format: ListFormat) -> Result<()> {
    let (store, _) = ctx.open().await?;
    let active = alerts::active_alerts(&store).await?;
    let mut out = std::io::stdout().lock();
    match format {
        ListFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &active)?;
            writeln!(out)?;
        }
        ListFormat::Table if active.is_empty() => {
            writeln!(out, "{}", t!(ctx.lang, "cli-alerts-none"))?
        }
        ListFormat::Table => {
            let rows: Vec<Vec<String>> = active.iter().map(row).collect();
            write!(
                out,
                "{}",
                table::render(
                    &[
                        t!(ctx.lang, "cli-alerts-name").as_str(),
                        &t!(ctx.lang, "cli-alerts-status"),
                        &t!(ctx.lang, "cli-alerts-since"),
                        &t!(ctx.lang, "cli-alerts-summary"),
                    ],
                    &rows,
                    &[false; 4]
                )
            )?;
        }
    }
    store.close().await;
    Ok(())
}

fn row(a: &Alert) -> Vec<String> {
    vec![
        a.alertname().to_string(),
        a.labels.get("status").cloned().unwrap_or_default(),
        a.starts_at.format("%Y-%m-%d %H:%M").to_string(),
        table::clean(a.summary()),
    ]
}

async fn evaluate(ctx: &Context) -> Result<()> {
    let (store, cat) = ctx.open().await?;
    let now = chrono::Utc::now();
    let failures = alerts::failing_sources(&store).await?;
    let outcome = alerts::evaluate(&store, &cat, &ctx.settings, now, failures).await?;
    if std::env::var("WAYMARK_FAILPOINT").as_deref() == Ok("after_store") {
        // Die the hardest way, between storing a notification and delivering it:
        // tests prove the next worker pass still delivers it.
        std::process::abort();
    }
    println!(
        "alerts: {} firing ({} new, {} changed, {} resolved{}); {} notification(s) queued",
        outcome.firing,
        outcome.started,
        outcome.changed,
        outcome.resolved,
        if outcome.repeated { ", repeated" } else { "" },
        outcome.notifications
    );
    let sent = alerts::deliver_due(&store, &ctx.settings, chrono::Utc::now()).await?;
    let backlog = alerts::backlog(&store).await?;
    println!(
        "delivery: {} delivered, {} to retry, {} given up; {} pending, {} failed in the outbox",
        sent.delivered, sent.retrying, sent.failed, backlog.pending, backlog.failed
    );
    store.close().await;
    Ok(())
}
