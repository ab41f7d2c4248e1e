//! `serve`: the daemon (HTTP server, scheduled jobs, alert delivery) until
//! SIGINT or SIGTERM.

use super::Context;
use anyhow::Result;
use clap::Args;

#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// Serve the demo database (waymark-demo.db, made by `waymark demo`)
    #[arg(long)]
    pub(crate) demo: bool,
}

pub(crate) async fn serve(mut ctx: Context, a: ServeArgs) -> Result<()> {
    if a.demo {
        ctx.db_url = format!("sqlite://{}", super::demo::DEMO_DB);
    }
    // Held while the daemon runs, so `restore` sees the database is in use.
    let _lock = match crate::store::backup::database_path(&ctx.db_url) {
        Ok(db) => crate::store::DbLock::shared(&db)?,
        Err(_) => None,
    };
    let settings = ctx.settings.clone();
    crate::daemon::serve(settings, ctx.open()).await
}
