//! Drawing under a deadline, a bounded number at a time.
//!
//! Each drawing runs on a thread of its own while the caller waits at most
//! the deadline for it (the wait for a free slot included). A drawing that
//! passes the deadline is abandoned: the caller gets an error naming it, and
//! the log says so. Rust cannot stop a thread, so an abandoned drawing keeps
//! its slot until it ends; the slots bound how many can pile up (once all are
//! taken by stuck drawings, every further one fails at its deadline).
//! They are plain threads, not tokio's blocking pool, so a stuck one never
//! holds up the end of the process.

use anyhow::anyhow;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, OnceLock, mpsc};
use std::time::{Duration, Instant};

/// Ample for any chart: a typical one takes milliseconds in a release build
/// and under a second in a debug build on a loaded machine. Below the HTTP
/// request timeout, so a chart route answers with its own error.
const DEFAULT_DEADLINE: Duration = Duration::from_secs(20);

/// Sets the deadline of [`Drawer::shared`] in milliseconds (tests force a short one).
const DEADLINE_ENV: &str = "WAYMARK_RENDER_DEADLINE_MS";
/// The longest deadline a drawer accepts.
const LONGEST_DEADLINE: Duration = Duration::from_secs(3600);

/// Why a drawing gave no result.
#[derive(Debug, thiserror::Error)]
pub(crate) enum DrawError {
    #[error("drawing {what} took longer than {}; it was abandoned", human(*deadline))]
    Deadline { what: String, deadline: Duration },
    #[error(
        "drawing {what}: no drawing slot came free within {} ({running} drawings running, {abandoned} of them past their deadline)",
        human(*deadline)
    )]
    Busy {
        what: String,
        deadline: Duration,
        running: usize,
        abandoned: usize,
    },
    #[error("drawing {what} failed unexpectedly (it panicked)")]
    Panicked { what: String },
    #[error(transparent)]
    Failed(#[from] anyhow::Error),
}

impl DrawError {
    /// The drawing did not finish in time (passed its deadline, or found no slot).
    pub(crate) fn is_timeout(&self) -> bool {
        matches!(self, DrawError::Deadline { .. } | DrawError::Busy { .. })
    }
}

/// Runs drawings; cheap to clone (clones share their slots).
#[derive(Clone)]
pub(crate) struct Drawer(Arc<Inner>);

struct Inner {
    deadline: Duration,
    slots: usize,
    state: Mutex<State>,
    freed: Condvar,
    /// Fault injection: every drawing hangs forever (`WAYMARK_FAILPOINT=render_stuck`).
    stuck: bool,
}

#[derive(Default)]
struct State {
    running: usize,
    /// Running drawings whose caller gave up on them.
    abandoned: usize,
}

/// One drawing's bookkeeping, changed only under the state lock.
#[derive(Default)]
struct Flags {
    abandoned: AtomicBool,
    finished: AtomicBool,
}

/// A taken slot; dropping it (the drawing ended, or panicked) frees it.
struct Slot {
    inner: Arc<Inner>,
    flags: Arc<Flags>,
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut st = self.inner.lock();
        st.running -= 1;
        self.flags.finished.store(true, Ordering::Relaxed);
        if self.flags.abandoned.load(Ordering::Relaxed) {
            st.abandoned -= 1;
        }
        drop(st);
        self.inner.freed.notify_one();
    }
}

impl Inner {
    fn lock(&self) -> MutexGuard<'_, State> {
        // The counters stay consistent even if a holder panicked.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Drawer {
    /// At most `slots` drawings at a time, each waited for at most
    /// `deadline` (at most an hour).
    pub(crate) fn new(slots: usize, deadline: Duration) -> Drawer {
        Drawer(Arc::new(Inner {
            deadline: deadline.min(LONGEST_DEADLINE),
            slots: slots.max(1),
            state: Mutex::default(),
            freed: Condvar::new(),
            stuck: false,
        }))
    }

    /// The process's drawer: two slots per core (at least four), the
    /// default deadline (20 s) unless `WAYMARK_RENDER_DEADLINE_MS` says otherwise.
    pub(crate) fn shared() -> &'static Drawer {
        static SHARED: OnceLock<Drawer> = OnceLock::new();
        SHARED.get_or_init(|| {
            let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
            let deadline = std::env::var(DEADLINE_ENV)
                .ok()
                .and_then(|ms| ms.trim().parse().ok())
                .map_or(DEFAULT_DEADLINE, Duration::from_millis);
            let d = Drawer::new((2 * cores).max(4), deadline);
            if std::env::var("WAYMARK_FAILPOINT").as_deref() == Ok("render_stuck") {
                d.hanging()
            } else {
                d
            }
        })
    }

    /// The same drawer whose drawings all hang forever: for tests of what
    /// happens around a drawing that never ends.
    pub(crate) fn hanging(self) -> Drawer {
        let inner = Arc::try_unwrap(self.0).unwrap_or_else(|_| panic!("a fresh drawer"));
        Drawer(Arc::new(Inner {
            stuck: true,
            ..inner
        }))
    }

    /// Drawings abandoned at their deadline that are still running.
    pub(crate) fn abandoned(&self) -> usize {
        self.0.lock().abandoned
    }

    /// Run `draw` (`what` names it in errors and the log) and wait for it,
    /// at most the deadline.
    pub(crate) fn run<T: Send + 'static>(
        &self,
        what: &str,
        draw: impl FnOnce() -> anyhow::Result<T> + Send + 'static,
    ) -> Result<T, DrawError> {
        let until = Instant::now() + self.0.deadline;
        let slot = self.take_slot(what, until)?;
        let flags = slot.flags.clone();
        let (tx, rx) = mpsc::sync_channel(1);
        let stuck = self.0.stuck;
        std::thread::Builder::new()
            .name("waymark-draw".into())
            .spawn(move || {
                let _slot = slot;
                if stuck {
                    loop {
                        std::thread::park();
                    }
                }
                // Sent before the slot is freed: a finished drawing has its result waiting.
                let _ = tx.send(draw());
            })
            .map_err(|e| anyhow!(e).context(format!("starting a thread to draw {what}")))?;
        let left = until.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(result) => result.map_err(DrawError::Failed),
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                Err(DrawError::Panicked { what: what.into() })
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                let mut st = self.0.lock();
                if flags.finished.load(Ordering::Relaxed) {
                    // It ended just now: its result (or its panic) is there.
                    drop(st);
                    return match rx.try_recv() {
                        Ok(result) => result.map_err(DrawError::Failed),
                        Err(_) => Err(DrawError::Panicked { what: what.into() }),
                    };
                }
                flags.abandoned.store(true, Ordering::Relaxed);
                st.abandoned += 1;
                let (running, abandoned) = (st.running, st.abandoned);
                drop(st);
                tracing::error!(
                    drawing = what,
                    deadline = %human(self.0.deadline),
                    running,
                    abandoned,
                    "a drawing passed its deadline and was abandoned; its thread keeps its slot until it ends"
                );
                Err(DrawError::Deadline {
                    what: what.into(),
                    deadline: self.0.deadline,
                })
            }
        }
    }

    fn take_slot(&self, what: &str, until: Instant) -> Result<Slot, DrawError> {
        let mut st = self.0.lock();
        while st.running >= self.0.slots {
            let left = until.saturating_duration_since(Instant::now());
            if left.is_zero() {
                tracing::error!(
                    drawing = what,
                    running = st.running,
                    abandoned = st.abandoned,
                    "no drawing slot came free before the deadline"
                );
                return Err(DrawError::Busy {
                    what: what.into(),
                    deadline: self.0.deadline,
                    running: st.running,
                    abandoned: st.abandoned,
                });
            }
            st = self
                .0
                .freed
                .wait_timeout(st, left)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        st.running += 1;
        Ok(Slot {
            inner: self.0.clone(),
            flags: Arc::default(),
        })
    }
}

/// `20 s`, `250 ms`.
fn human(d: Duration) -> String {
    if d.as_millis() >= 1000 && d.as_millis().is_multiple_of(1000) {
        format!("{} s", d.as_secs())
    } else {
        format!("{} ms", d.as_millis())
    }
}

#[cfg(test)]
mod tests;
