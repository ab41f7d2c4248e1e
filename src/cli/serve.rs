//! `serve`: the daemon (HTTP server, scheduled jobs, alert delivery) until
//! SIGINT or SIGTERM.

use super::Context;
use anyhow::Result;
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
    let settings = ctx.settings.clone();
    crate::daemon::serve(settings, ctx.open()).await
}
