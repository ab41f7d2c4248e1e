//! `review list|accept ID|reject ID`: the figures held for review. The
//! command line has the database, so it decides as an admin would; `--by`
//! names who (the login name by default).

use super::{Context, operator, table};
use crate::domain::{Decision, ReviewState};
use crate::record::review;
use crate::store::{ReviewFilter, ReviewRow};
use crate::t;
use anyhow::{Result, anyhow};
use clap::{Args, Subcommand, ValueEnum};

#[derive(Debug, Subcommand)]
pub(crate) enum ReviewCommand {
    /// The figures held for review (or, with --state, decided on)
    #[command(
        after_help = "Examples:\n  waymark review list\n  waymark review list --state rejected --format json"
    )]
    List(ListArgs),
    /// Accept a held figure: it is recorded as a revision now
    #[command(
        after_help = "Examples:\n  waymark review accept 12 --reason \"confirmed with the customs office\""
    )]
    Accept(DecideArgs),
    /// Reject a held figure: it never counts, and stays in the history as rejected
    #[command(
        after_help = "Examples:\n  waymark review reject 12 --reason \"a typing slip: 700, not 7000\""
    )]
    Reject(DecideArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ListFormat {
    Table,
    Json,
}

#[derive(Debug, Args)]
pub(crate) struct ListArgs {
    /// held (default), accepted, rejected, confirmed or all
    #[arg(long, default_value = "held")]
    state: String,
    /// Only this region's figures
    #[arg(long)]
    region: Option<String>,
    /// table (default) or json
    #[arg(long, value_enum, default_value = "table")]
    format: ListFormat,
}

#[derive(Debug, Args)]
pub(crate) struct DecideArgs {
    /// The figure's review id (the first column of `waymark review list`)
    id: i64,
    /// Why, kept with the decision
    #[arg(long)]
    reason: Option<String>,
    /// Who decides (default: the login name)
    #[arg(long)]
    by: Option<String>,
}

pub(crate) async fn run(ctx: &Context, cmd: ReviewCommand) -> Result<()> {
    match cmd {
        ReviewCommand::List(a) => list(ctx, a).await,
        ReviewCommand::Accept(a) => decide(ctx, a, Decision::Accept).await,
        ReviewCommand::Reject(a) => decide(ctx, a, Decision::Reject).await,
    }
}

async fn list(ctx: &Context, a: ListArgs) -> Result<()> {
    let state = match a.state.trim() {
        "all" => None,
        s => Some(ReviewState::parse(s).ok_or_else(|| {
            anyhow!(
                "--state: {s:?} is not a review state (held, accepted, rejected, confirmed or all)"
            )
        })?),
    };
    let (store, cat) = ctx.open().await?;
    if let Some(r) = &a.region {
        cat.region(r).map_err(|e| anyhow!("--region: {e}"))?;
    }
    let rows = store
        .reviews(&ReviewFilter {
            state,
            region: a.region.clone(),
            limit: u32::MAX,
        })
        .await?;
    store.close().await;
    match a.format {
        ListFormat::Json => println!("{}", serde_json::to_string_pretty(&rows)?),
        ListFormat::Table => print_table(ctx, &rows),
    }
    Ok(())
}

fn print_table(ctx: &Context, rows: &[ReviewRow]) {
    let lang = ctx.lang;
    if rows.is_empty() {
        println!("{}", t!(lang, "cli-review-none"));
        return;
    }
    let headers = [
        t!(lang, "cli-review-id"),
        t!(lang, "cli-review-region"),
        t!(lang, "cli-review-indicator"),
        t!(lang, "cli-history-period"),
        t!(lang, "cli-history-value"),
        t!(lang, "cli-review-state"),
        t!(lang, "cli-review-entered-by"),
        t!(lang, "cli-review-entered-at"),
        t!(lang, "cli-review-why"),
    ];
    let body: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.id.to_string(),
                r.region.clone(),
                r.indicator.clone(),
                r.period.clone(),
                r.value.to_string(),
                r.state.clone(),
                table::clean(&r.entered_by),
                r.entered_at.clone(),
                table::clean(&r.why),
            ]
        })
        .collect();
    print!(
        "{}",
        table::render(
            &headers.each_ref().map(String::as_str),
            &body,
            &[true, false, false, false, true, false, false, false, false]
        )
    );
}

async fn decide(ctx: &Context, a: DecideArgs, decision: Decision) -> Result<()> {
    let (store, _) = ctx.open().await?;
    let by = operator(a.by);
    let row = review::decide(
        &store,
        a.id,
        decision,
        &by,
        true,
        |_| true,
        a.reason.as_deref(),
    )
    .await
    .map_err(|e| anyhow!("{e}"))?;
    store.close().await;
    let key = format!("{} {} {}", row.region, row.indicator, row.period);
    let lang = ctx.lang;
    let line = match decision {
        Decision::Accept => t!(
            lang,
            "cli-review-accepted",
            id = row.id,
            figure = key,
            value = row.value.to_string()
        ),
        Decision::Reject => t!(
            lang,
            "cli-review-rejected",
            id = row.id,
            figure = key,
            value = row.value.to_string()
        ),
    };
    println!("{line}");
    Ok(())
}
