//! `demo`: everything end to end on a separate database with the
//! illustrative figures of config/demo/.

use super::{Context, figures, report, status};
use crate::assess::Query;
use crate::domain::{Invalid, MilestoneState};
use crate::t;
use anyhow::{Context as _, Result};
use chrono::NaiveDate;
use clap::Args;
use std::path::PathBuf;

/// The demo's own database file: never the default waymark.db.
pub(crate) const DEMO_DB: &str = "waymark-demo.db";

#[derive(Debug, Args)]
pub(crate) struct DemoArgs {
    /// Where to write the demo report (default charts/demo/)
    #[arg(long, value_name = "DIR")]
    pub(crate) out: Option<PathBuf>,
}

/// The date the demo figures run up to.
pub(crate) fn demo_as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2021, 6, 30).expect("valid date")
}

pub(crate) async fn demo(mut ctx: Context, a: DemoArgs) -> Result<()> {
    for suffix in ["", "-wal", "-shm"] {
        let path = format!("{DEMO_DB}{suffix}");
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(e)
                    .with_context(|| format!("removing the previous demo database {path}"));
            }
            _ => {}
        }
    }
    ctx.db_url = format!("sqlite://{DEMO_DB}");
    let (store, cat) = ctx.open().await?;
    let folder = demo_folder(&ctx);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
        .with_context(|| format!("reading {}", folder.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "csv" || x == "xlsx"))
        .filter(|p| p.file_name().is_some_and(|n| n != MILESTONES))
        .collect();
    files.sort();
    for file in &files {
        let summary = figures::import_path(
            &store,
            &cat,
            file,
            "demo",
            false,
            &crate::record::Confirm::None,
        )
        .await?;
        figures::print_summary(&file.display().to_string(), summary, false);
    }
    set_milestones(&store, &folder.join(MILESTONES)).await?;
    store.close().await;
    println!();
    let args = status::StatusArgs {
        as_of: Some(demo_as_of().to_string()),
        known_at: None,
        region: None,
        goal: None,
        rollup: false,
        format: status::StatusFormat::Table,
    };
    status::status(&ctx, args).await?;
    println!();
    let out = a
        .out
        .unwrap_or_else(|| ctx.settings.report.out_dir.join("demo"));
    let q = Query {
        as_of: Some(demo_as_of()),
        ..Query::default()
    };
    // In the command's language: `waymark demo --lang zh-CN` writes it in Chinese.
    let out = report::render(&ctx, &q, Some(out)).await?;
    println!("\n{}", t!(ctx.lang, "report-demo-database", file = DEMO_DB));
    let path = out.join("index.html").display().to_string();
    println!("{}", t!(ctx.lang, "report-demo-open", path = path));
    Ok(())
}

/// Milestone states for the demo: `goal,state,note`.
const MILESTONES: &str = "milestones.csv";

async fn set_milestones(store: &crate::store::Store, path: &std::path::Path) -> Result<()> {
    if !path.exists() {
        return Ok(());
    }
    let mut reader =
        csv::Reader::from_path(path).with_context(|| format!("reading {}", path.display()))?;
    for (i, row) in reader.records().enumerate() {
        let row = row.with_context(|| format!("reading {}", path.display()))?;
        let line = i + 2;
        let state: MilestoneState = row.get(1).unwrap_or("").parse().map_err(|e: Invalid| {
            anyhow::anyhow!("{}:{line}: column state: {e}", path.display())
        })?;
        let note = row.get(2).filter(|n| !n.is_empty());
        store
            .set_milestone(row.get(0).unwrap_or(""), state, note, "demo")
            .await
            .with_context(|| format!("{}:{line}", path.display()))?;
    }
    Ok(())
}

/// config/demo/ beside the catalogue.
fn demo_folder(ctx: &Context) -> PathBuf {
    ctx.settings
        .catalogue
        .parent()
        .map_or_else(|| PathBuf::from("demo"), |p| p.join("demo"))
}
