//! `init` and `catalogue check`.

use super::Context;
use crate::config::Settings;
use crate::domain::Catalogue;
use anyhow::{Context as _, Result, bail};
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum CatalogueCommand {
    /// Validate the settings and the catalogue without touching the database
    #[command(
        after_help = "Examples:\n  waymark catalogue check\n  waymark --config /etc/waymark/waymark.toml catalogue check"
    )]
    Check,
}

/// Read and validate the catalogue; every problem goes to stderr as `FILE: …`.
pub fn load(settings: &Settings) -> Result<Catalogue> {
    let path = &settings.catalogue;
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading catalogue {}", path.display()))?;
    Catalogue::from_toml(&text, &path.display().to_string()).or_else(|problems| {
        for p in &problems {
            eprintln!("{p}");
        }
        bail!(
            "{}: {} problem(s) in the catalogue",
            path.display(),
            problems.len()
        )
    })
}

pub async fn init(ctx: &Context) -> Result<()> {
    let cat = load(&ctx.settings)?;
    let store = crate::store::Store::open(&ctx.db_url).await?;
    let summary = store.sync_catalogue(&cat).await?;
    println!(
        "database {} ready: {} regions, {} indicators, {} goals",
        crate::domain::text::redact_url(store.url()),
        summary.regions,
        summary.indicators,
        summary.goals
    );
    for (id, at) in store.archived_goals().await? {
        println!("archived goal {id} (left the catalogue at {at}; its history is kept)");
    }
    store.close().await;
    Ok(())
}

pub fn run(ctx: &Context, cmd: CatalogueCommand) -> Result<()> {
    match cmd {
        CatalogueCommand::Check => {
            let cat = load(&ctx.settings)?;
            let problems = crate::config::sources::unknown_ids(&ctx.settings.source, &cat);
            if !problems.is_empty() {
                for p in &problems {
                    eprintln!("{p}");
                }
                bail!("{} problem(s) in the sources", problems.len());
            }
            let origin = ctx
                .settings
                .origin
                .as_ref()
                .map_or("built-in defaults".into(), |p| p.display().to_string());
            println!(
                "settings {origin}: ok\ncatalogue {}: ok ({} regions, {} indicators, {} goals)",
                ctx.settings.catalogue.display(),
                cat.regions.len(),
                cat.indicators.len(),
                cat.goals.len()
            );
            Ok(())
        }
    }
}
