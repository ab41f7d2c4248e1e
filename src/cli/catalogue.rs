//! `init` and `catalogue check`.

use super::Context;
use crate::config::Settings;
use crate::domain::Catalogue;
use anyhow::{Context as _, Result, bail};
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub(crate) enum CatalogueCommand {
    /// Validate the settings and the catalogue without touching the database
    #[command(
        after_help = "Examples:\n  waymark catalogue check\n  waymark --config /etc/waymark/waymark.toml catalogue check"
    )]
    Check,
}

/// Read and validate the catalogue; every problem goes to stderr as `FILE: …`.
pub(crate) fn load(settings: &Settings) -> Result<Catalogue> {
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

pub(crate) async fn init(ctx: &Context) -> Result<()> {
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

pub(crate) fn run(ctx: &Context, cmd: CatalogueCommand) -> Result<()> {
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
            print!("{}", untranslated_list(&cat));
            Ok(())
        }
    }
}

/// At most this many untranslated texts are listed one by one; the rest are
/// counted, so a huge catalogue in one language prints a bounded list.
const UNTRANSLATED_SHOWN: usize = 100;

/// The display texts missing a language, after the check's summary: a
/// to-do list for translators, not problems (the command still succeeds).
fn untranslated_list(cat: &Catalogue) -> String {
    let all = cat.untranslated();
    if all.is_empty() {
        return "untranslated texts: none (every display text is in en and zh-CN)\n".into();
    }
    let mut out = format!(
        "untranslated texts: {} (not errors: each is shown in the language it has)\n",
        all.len()
    );
    for u in all.iter().take(UNTRANSLATED_SHOWN) {
        out.push_str(&format!("  {u}\n"));
    }
    if all.len() > UNTRANSLATED_SHOWN {
        out.push_str(&format!(
            "  … and {} more untranslated texts\n",
            all.len() - UNTRANSLATED_SHOWN
        ));
    }
    out
}
