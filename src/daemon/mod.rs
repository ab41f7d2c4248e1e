//! The daemon behind `waymark serve`: start-up, the HTTP server beside the
//! scheduled jobs and the alert delivery worker, and shutdown on SIGINT or
//! SIGTERM. Everything the daemon runs, and in what order, is in this folder.

mod background;
mod backups;
mod heartbeat;
mod run;
mod shutdown;
mod steps;
#[cfg(test)]
mod tests;

pub use background::Daemon;
pub(crate) use backups::backup_step;
#[cfg(test)]
use heartbeat::run_scheduler;
pub use run::{Background, raise_open_file_limit, run, survive_file_size_limit};
pub use shutdown::{Shutdown, ShutdownSignal, on_signals};
pub use steps::{alerts_step, pull_step, reminders_step, report_step};

use crate::config::{LogFormat, Settings};
use crate::domain::Catalogue;
use crate::http::{AppState, metrics};
use crate::store::Store;
use anyhow::{Context as _, Result};
use std::future::Future;
use std::sync::Arc;

/// Run the daemon until SIGINT or SIGTERM. `open` opens the database and
/// loads the catalogue into it; it is awaited only once the open-file limit
/// is raised, since every descriptor opened before counts against the old one.
pub(crate) async fn serve(
    settings: Settings,
    open: impl Future<Output = Result<(Store, Catalogue)>>,
) -> Result<()> {
    let format = settings.log.format()?;
    let open_files = raise_open_file_limit()?;
    tracing::info!(open_files, "open-file limit");
    let (store, cat) = open.await?;
    store.checkpoint_in_background().await?;
    let daemon = Daemon::new(Arc::new(store), Arc::new(cat), Arc::new(settings));
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
    on_signals(shutdown.clone())?;
    survive_file_size_limit()?;
    announce(
        format,
        &format!("serving http://{addr}/ (stop with Ctrl-C)"),
    );
    notify_systemd(sd_notify::NotifyState::Ready);
    let stopping = shutdown.signal();
    tokio::spawn(async move {
        stopping.wait().await;
        notify_systemd(sd_notify::NotifyState::Stopping);
    });
    run(state, listener, shutdown.signal(), background).await?;
    // Leave figure_current complete, so the file reads without a fold even
    // where it cannot be written (a read-only copy).
    if let Err(e) = daemon.store.fold_pending().await {
        tracing::warn!(error = %format!("{e:#}"), "folding revisions at shutdown");
    }
    // Nothing of serve runs any more: abandoned drawings are plain threads
    // that end with the process, and main bounds the runtime's own shutdown.
    match crate::report::Drawer::shared().abandoned() {
        0 => announce(format, "stopped"),
        n => announce(
            format,
            &format!(
                "stopped ({n} chart drawing(s) that passed their deadline were still running: abandoned)"
            ),
        ),
    }
    Ok(())
}

/// Say on stderr, whatever `WAYMARK_LOG` filters out, that the daemon
/// serves or stopped: as a plain line, or as a JSON log line when logs are
/// JSON, so a collector can parse every line.
fn announce(format: LogFormat, message: &str) {
    match format {
        LogFormat::Text => eprintln!("waymark: {message}"),
        LogFormat::Json => eprintln!(
            "{}",
            serde_json::json!({
                "timestamp": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
                "level": "INFO",
                "message": message,
                "target": "waymark::daemon",
            })
        ),
    }
}

/// Tell systemd (`Type=notify`) the daemon is ready or stopping. Outside
/// systemd (`NOTIFY_SOCKET` unset) this does nothing.
fn notify_systemd(state: sd_notify::NotifyState<'_>) {
    if let Err(e) = sd_notify::notify(&[state]) {
        tracing::warn!(error = %e, "telling systemd the daemon's state (NOTIFY_SOCKET)");
    }
}
