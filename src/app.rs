//! Wiring for `waymark serve`: the HTTP server and any background tasks
//! (the scheduler, the alert delivery worker) run side by side until one
//! shutdown signal stops them all.

use crate::http::{self, AppState};
use anyhow::{Context as _, Result};
use std::future::Future;
use std::pin::Pin;
use tokio::sync::watch;

/// A task to run beside the server. It gets its own [`ShutdownSignal`] and
/// should return soon after the signal fires (finishing the step it is in).
pub type Background =
    Box<dyn FnOnce(ShutdownSignal) -> Pin<Box<dyn Future<Output = ()> + Send>> + Send>;

/// Fires the shutdown; any number of [`ShutdownSignal`]s wait for it.
#[derive(Debug, Clone)]
pub struct Shutdown {
    tx: watch::Sender<bool>,
}

/// Waits for [`Shutdown::trigger`]; cheap to clone, one per task.
#[derive(Debug, Clone)]
pub struct ShutdownSignal {
    rx: watch::Receiver<bool>,
}

impl Default for Shutdown {
    fn default() -> Self {
        Shutdown::new()
    }
}

impl Shutdown {
    pub fn new() -> Shutdown {
        Shutdown {
            tx: watch::channel(false).0,
        }
    }

    pub fn signal(&self) -> ShutdownSignal {
        ShutdownSignal {
            rx: self.tx.subscribe(),
        }
    }

    /// Ask everything to stop. Idempotent.
    pub fn trigger(&self) {
        self.tx.send_replace(true);
    }
}

impl ShutdownSignal {
    /// Completes once shutdown was triggered (at once if it already was,
    /// and also if the [`Shutdown`] was dropped).
    pub async fn wait(mut self) {
        let _ = self.rx.wait_for(|stop| *stop).await;
    }

    pub fn is_triggered(&self) -> bool {
        *self.rx.borrow()
    }
}

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
    let mut xfsz = signal(SignalKind::from_raw(libc::SIGXFSZ)).context("listening for SIGXFSZ")?;
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
    let lim = http::server::nofile().context("reading the open-file limit")?;
    if lim.rlim_cur != lim.rlim_max {
        let raised = libc::rlimit {
            rlim_cur: lim.rlim_max,
            rlim_max: lim.rlim_max,
        };
        // SAFETY: setrlimit only reads the struct it is given.
        if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &raised) } != 0 {
            tracing::warn!(
                error = %std::io::Error::last_os_error(),
                soft = lim.rlim_cur,
                hard = lim.rlim_max,
                "could not raise the open-file limit; keeping the soft one"
            );
        }
    }
    Ok(http::server::open_file_limit())
}

/// Trigger `shutdown` on SIGINT or SIGTERM.
pub fn on_signals(shutdown: Shutdown) -> Result<()> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut int = signal(SignalKind::interrupt()).context("listening for SIGINT")?;
    let mut term = signal(SignalKind::terminate()).context("listening for SIGTERM")?;
    tokio::spawn(async move {
        tokio::select! {
            _ = int.recv() => tracing::info!("SIGINT: shutting down"),
            _ = term.recv() => tracing::info!("SIGTERM: shutting down"),
        }
        shutdown.trigger();
    });
    Ok(())
}
