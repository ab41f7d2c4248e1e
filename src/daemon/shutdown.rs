//! Shutdown: one trigger (SIGINT, SIGTERM, or a test) that every task of the
//! daemon waits on.

use anyhow::{Context as _, Result};
use tokio::sync::watch;

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
    /// A trigger not yet pulled.
    pub fn new() -> Shutdown {
        Shutdown {
            tx: watch::channel(false).0,
        }
    }

    /// A receiver that completes once shutdown is triggered.
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
