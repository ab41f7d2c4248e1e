//! `serve`: the daemon (HTTP server, scheduled jobs, alert delivery) until
//! SIGINT or SIGTERM.

use super::Context;
use crate::app::{self, Shutdown};
use crate::daemon::Daemon;
use crate::http::{AppState, metrics};
use anyhow::{Context as _, Result};
use clap::Args;
use std::sync::Arc;

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Serve the demo database (waymark-demo.db, made by `waymark demo`)
    #[arg(long)]
    pub demo: bool,
}

pub async fn serve(mut ctx: Context, a: ServeArgs) -> Result<()> {
    if a.demo {
        ctx.db_url = format!("sqlite://{}", super::demo::DEMO_DB);
    }
    // Before the database opens its files: every later descriptor counts.
    let open_files = app::raise_open_file_limit()?;
    tracing::info!(open_files, "open-file limit");
    let (store, cat) = ctx.open().await?;
    store.checkpoint_in_background().await?;
    let daemon = Daemon::new(Arc::new(store), Arc::new(cat), Arc::new(ctx.settings));
    // Built before listening, so a bad [[schedule]] stops the start-up.
    let background = daemon.background()?;
    let listen = daemon.settings.server.listen.clone();
    let listener = tokio::net::TcpListener::bind(&listen)
        .await
        .with_context(|| format!("listening on {listen} (server.listen)"))?;
    let addr = listener.local_addr().context("reading the bound address")?;
    let state = AppState::shared(
        daemon.store.clone(),
        daemon.catalogue.clone(),
        daemon.settings.clone(),
        metrics::default_sources(),
    );
    let shutdown = Shutdown::new();
    app::on_signals(shutdown.clone())?;
    app::survive_file_size_limit()?;
    eprintln!("waymark: serving http://{addr}/ (stop with Ctrl-C)");
    app::run(state, listener, shutdown.signal(), background).await?;
    // Leave figure_current complete, so the file reads without a fold even
    // where it cannot be written (a read-only copy).
    if let Err(e) = daemon.store.fold_pending().await {
        tracing::warn!(error = %format!("{e:#}"), "folding revisions at shutdown");
    }
    // Nothing of serve runs any more: abandoned drawings are plain threads
    // that end with the process, and main bounds the runtime's own shutdown.
    match crate::report::Drawer::shared().abandoned() {
        0 => eprintln!("waymark: stopped"),
        n => eprintln!(
            "waymark: stopped ({n} chart drawing(s) that passed their deadline were still running: abandoned)"
        ),
    }
    Ok(())
}
