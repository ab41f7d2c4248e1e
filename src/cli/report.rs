//! `report`: charts, the report page, the digest and the email, for one as-of date.

use super::{Context, status};
use crate::assess::{self, Assessed};
use crate::domain::overdue::overdue;
use crate::domain::{Catalogue, Series, Status};
use crate::report::{self, Attention, EmailSettings, GoalView, Overdue, ReportInput, StatusChange};
use crate::store::Store;
use anyhow::{Context as _, Result};
use chrono::{NaiveDate, Utc};
use clap::Args;
use std::collections::{BTreeMap, BTreeSet};
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
    let as_of = q.as_of.unwrap_or(ctx.today());
    let out = out.unwrap_or_else(|| ctx.settings.report.out_dir.join(as_of.to_string()));
    let assessed =
        assess::assess(&store, &cat, &q, &ctx.settings.thresholds(), ctx.today()).await?;
    let input = build_input(ctx, &store, &cat, &assessed, as_of, q.known_at).await?;
    let dir = out.clone();
    let summary = tokio::task::spawn_blocking(move || report::write_report(&dir, &input))
        .await
        .context("rendering the report")??;
    let statuses: BTreeMap<String, String> = assessed
        .iter()
        .map(|a| {
            (
                a.goal.id.to_string(),
                a.progress.status().as_str().to_string(),
            )
        })
        .collect();
    store
        .record_report_run(as_of, q.known_at, &out.display().to_string(), &statuses)
        .await?;
    store.close().await;
    println!(
        "report as of {as_of}: {} files in {}",
        summary.files,
        out.display()
    );
    Ok(out)
}

async fn build_input(
    ctx: &Context,
    store: &Store,
    cat: &Catalogue,
    assessed: &[Assessed],
    as_of: NaiveDate,
    known_at: Option<chrono::DateTime<Utc>>,
) -> Result<ReportInput> {
    let previous = store.previous_report_statuses().await?;
    let mut changed = Vec::new();
    let mut overdue_set = BTreeSet::new();
    for a in assessed {
        let now = a.progress.status();
        if let Some(prev) = &previous {
            let before = prev.get(a.goal.id.as_str()).and_then(|s| Status::parse(s));
            if before != Some(now) {
                changed.push(StatusChange {
                    goal: a.goal.id.to_string(),
                    title: a.goal.title.clone(),
                    from: before,
                    to: now,
                });
            }
        }
        if let Some(ind) = a
            .goal
            .indicator
            .as_ref()
            .and_then(|i| cat.indicator(i.as_str()))
        {
            let series = Series::from_figures(
                ind.frequency,
                ind.measure,
                a.points
                    .iter()
                    .map(|(p, v)| (*p, *v, crate::domain::Basis::Period)),
            );
            overdue_set.extend(overdue(&a.goal, ind, &series, as_of));
        }
    }
    let views = assessed
        .iter()
        .map(|a| GoalView {
            goal: a.goal.clone(),
            region_name: cat
                .region(a.goal.region.as_str())
                .map_or_else(|| a.goal.region.to_string(), |r| r.name.clone()),
            indicator: a
                .goal
                .indicator
                .as_ref()
                .and_then(|i| cat.indicator(i.as_str()))
                .cloned(),
            progress: a.progress.clone(),
            points: a.points.clone(),
        })
        .collect();
    Ok(ReportInput {
        as_of,
        known_at,
        generated_at: Utc::now(),
        views,
        attention: Attention {
            changed,
            overdue: overdue_set
                .into_iter()
                .map(|o| Overdue {
                    region: o.region,
                    indicator: o.indicator,
                    period: o.period,
                    due: o.due,
                })
                .collect(),
            alerts: Vec::new(),
        },
        status_json: status::status_json(assessed)?,
        email: EmailSettings {
            from: ctx.settings.email.from.clone(),
            to: ctx.settings.email.to.clone(),
        },
    })
}
