//! `serve`: the daemon, until SIGINT or SIGTERM.

use super::Context;
use crate::app::{self, Shutdown};
use crate::http::AppState;
use anyhow::{Context as _, Result};
use clap::Args;

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
    let (store, cat) = ctx.open().await?;
    let listen = ctx.settings.server.listen.clone();
    let listener = tokio::net::TcpListener::bind(&listen)
        .await
        .with_context(|| format!("listening on {listen} (server.listen)"))?;
    let addr = listener.local_addr().context("reading the bound address")?;
    let state = AppState::new(store, cat, ctx.settings);
    let shutdown = Shutdown::new();
    app::on_signals(shutdown.clone())?;
    app::survive_file_size_limit()?;
    eprintln!("waymark: serving http://{addr}/ (stop with Ctrl-C)");
    // The scheduler and the alert delivery worker join here as background tasks.
    app::run(state, listener, shutdown.signal(), Vec::new()).await?;
    eprintln!("waymark: stopped");
    Ok(())
}
