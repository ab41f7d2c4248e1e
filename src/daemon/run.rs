//! The daemon's process: the HTTP server and any background tasks (the
//! scheduler, the alert delivery worker) run side by side until one shutdown
//! signal stops them all, under the process limits the daemon sets itself.

use super::shutdown::ShutdownSignal;
use crate::http::{self, AppState};
use anyhow::{Context as _, Result};
use std::future::Future;
use std::pin::Pin;

/// A task to run beside the server. It gets its own [`ShutdownSignal`] and
/// should return soon after the signal fires (finishing the step it is in).
pub type Background =
    Box<dyn FnOnce(ShutdownSignal) -> Pin<Box<dyn Future<Output = ()> + Send>> + Send>;

/// Serve HTTP on `listener` and run `background` tasks until `shutdown`
/// fires; then stop accepting, let requests in flight finish, and wait for
/// the background tasks to return.
pub async fn run(
    state: AppState,
    listener: tokio::net::TcpListener,
    shutdown: ShutdownSignal,
    background: Vec<Background>,
) -> Result<()> {
    let tasks: Vec<_> = background
        .into_iter()
        .map(|task| tokio::spawn(task(shutdown.clone())))
        .collect();
    let served = http::serve(listener, state, shutdown.wait()).await;
    for t in tasks {
        if let Err(e) = t.await {
            tracing::error!(error = %e, "a background task panicked");
        }
    }
    served
}

/// Keep serving under a file-size limit (`RLIMIT_FSIZE`, e.g. systemd's
/// `LimitFSIZE=`). By default the kernel kills a process whose write would
/// pass the limit with SIGXFSZ, taking every request in flight with it.
/// With the signal caught, that write fails with EFBIG instead: SQLite rolls
/// the transaction back, the request is answered with an error, and the
/// daemon goes on serving reads (and writes again once there is room).
pub fn survive_file_size_limit() -> Result<()> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut xfsz = signal(SignalKind::from_raw(signal_hook::consts::SIGXFSZ))
        .context("listening for SIGXFSZ")?;
    tokio::spawn(async move {
        while xfsz.recv().await.is_some() {
            tracing::error!(
                "a write went past the file size limit (SIGXFSZ, RLIMIT_FSIZE): it failed and was rolled back"
            );
        }
    });
    Ok(())
}

/// Raise the soft open-file limit (`RLIMIT_NOFILE`) to the hard one, so the
/// connection cap derived from it is as high as the system allows (many
/// systems start processes at 1,024 of a much higher hard limit). Returns
/// the soft limit now in force; `None` when unlimited.
pub fn raise_open_file_limit() -> Result<Option<u64>> {
    let lim = http::server::nofile();
    if lim.current != lim.maximum {
        let raised = rustix::process::Rlimit {
            current: lim.maximum,
            maximum: lim.maximum,
        };
        if let Err(e) = rustix::process::setrlimit(rustix::process::Resource::Nofile, raised) {
            tracing::warn!(
                error = %std::io::Error::from(e),
                soft = ?lim.current,
                hard = ?lim.maximum,
                "could not raise the open-file limit; keeping the soft one"
            );
        }
    }
    Ok(http::server::open_file_limit())
}
