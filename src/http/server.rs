//! The accept loop: HTTP/1 connections served by hyper under limits that keep
//! the server answering while clients misbehave (slowloris and the like).
//!
//! Every connection must send a complete request head within
//! `header_read_timeout` of being ready for one, and is closed after
//! `keep_alive_timeout` without a byte either way and no request running.
//! At most `max_connections` are open at once, kept below the open-file
//! limit. A newcomer at the cap closes the oldest connection that has no
//! request running (a slow client still trickling its head never has one)
//! and is older than [`FAIR_CHANCE`], preferring one that has sent something
//! over one that has not yet written; so a health check gets through however
//! many slow clients hold the slots or keep reconnecting. When there is no
//! such connection, the newcomer waits until there is or a slot frees.

use super::idle::{Activity, Sending, Tracked};
use crate::config;
use anyhow::Result;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::collections::BTreeMap;
use std::future::Future;
use std::pin::pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::{OwnedSemaphorePermit, Semaphore, watch};
use tokio::time::Instant;
use tower::Service as _;

/// Open files kept for everything but client connections (the database and
/// its journal, reports, deliveries, logs): this many, or a quarter of a
/// lower limit.
const RESERVED_FILES: u64 = 256;
/// The most connections a derived `max_connections` allows: idle, each
/// costs a task and about 16 KiB of buffers.
const AUTO_MAX_CONNECTIONS: usize = 4096;
/// A connection's read buffer stops growing here; a request head larger
/// than this is answered 431 (bodies stream through in pieces).
const MAX_BUFFER: usize = 64 * 1024;
/// A connection asked to close (idle, displaced, shutdown) may finish the
/// response it is sending for this long; then it is dropped, so a client
/// that stops reading cannot hold it open.
const CLOSE_GRACE: Duration = super::REQUEST_TIMEOUT;

/// A new connection is not displaced before it had this long to send its
/// request head (any real client sends it at once), so a flood of new
/// connections cannot displace a health check before it is read.
const FAIR_CHANCE: Duration = Duration::from_secs(1);

/// The connection limits in force.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Limits {
    pub(crate) header_read_timeout: Duration,
    pub(crate) keep_alive_timeout: Duration,
    pub(crate) max_connections: usize,
}

impl Limits {
    /// The settings' limits under an open-file limit of `open_files` (none:
    /// unlimited). A configured `max_connections` above what the limit
    /// leaves room for is lowered to it, with a warning.
    pub(crate) fn new(server: &config::Server, open_files: Option<u64>) -> Result<Limits> {
        let room = open_files.map_or(usize::MAX, |n| {
            let spare = n.saturating_sub(RESERVED_FILES.min(n / 4));
            usize::try_from(spare).unwrap_or(usize::MAX).max(1)
        });
        let max_connections = match server.max_connections {
            0 => room.min(AUTO_MAX_CONNECTIONS),
            n if n > room => {
                tracing::warn!(
                    configured = n,
                    used = room,
                    open_files,
                    "server.max_connections is above what the open-file limit leaves room for; lowered"
                );
                room
            }
            n => n,
        };
        Ok(Limits {
            header_read_timeout: server.header_read_timeout()?,
            keep_alive_timeout: server.keep_alive_timeout()?,
            // A semaphore's permits count in u32 when all are taken back at shutdown.
            max_connections: max_connections.min(u32::MAX as usize),
        })
    }
}

/// The soft open-file limit (`RLIMIT_NOFILE`) of this process; `None` when unlimited.
pub(crate) fn open_file_limit() -> Option<u64> {
    nofile().current
}

/// This process's `RLIMIT_NOFILE`, soft (`current`) and hard (`maximum`);
/// `None` stands for unlimited.
pub(crate) fn nofile() -> rustix::process::Rlimit {
    rustix::process::getrlimit(rustix::process::Resource::Nofile)
}

/// Serve `router` on `listener` until `shutdown` completes; then close the
/// listener, ask every connection to finish the request it is running, and
/// return once all are closed.
pub(crate) async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<()> {
    tracing::info!(?limits, "accepting connections");
    let open = Arc::new(Open::default());
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let (stop_tx, stop) = watch::channel(false);
    let mut shutdown = pin!(shutdown);
    loop {
        let stream = tokio::select! {
            _ = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(e) => {
                    accept_failed(e, &open).await;
                    continue;
                }
            },
        };
        // At the cap, make room; if every connection is running a request
        // or still new, wait for one to end or to stop being new.
        let slot = loop {
            if let Ok(slot) = slots.clone().try_acquire_owned() {
                break Some(slot);
            }
            let retry = open.displace_one();
            tokio::select! {
                _ = &mut shutdown => break None,
                slot = slots.clone().acquire_owned() => break Some(slot?),
                _ = tokio::time::sleep_until(retry.unwrap_or_else(Instant::now)), if retry.is_some() => {}
            }
        };
        let Some(slot) = slot else { break };
        let conn = ConnTask {
            router: router.clone(),
            open: open.clone(),
            limits,
            stop: stop.clone(),
            _slot: slot,
        };
        tokio::spawn(conn.run(stream));
    }
    drop(listener);
    stop_tx.send_replace(true);
    // Every connection holds a slot until it is closed.
    let all = u32::try_from(limits.max_connections).unwrap_or(u32::MAX);
    let _ = slots.acquire_many(all).await?;
    Ok(())
}

/// Errors that concern one connection are skipped; running out of file
/// descriptors or memory closes an idle connection and pauses briefly
/// instead of spinning on the same error.
async fn accept_failed(e: std::io::Error, open: &Open) {
    use std::io::ErrorKind::{
        ConnectionAborted, ConnectionRefused, ConnectionReset, Interrupted, WouldBlock,
    };
    if matches!(
        e.kind(),
        ConnectionAborted | ConnectionReset | ConnectionRefused | Interrupted | WouldBlock
    ) {
        return;
    }
    tracing::warn!(error = %e, "accepting a connection failed; closing an idle one");
    let _ = open.displace_one();
    tokio::time::sleep(Duration::from_millis(50)).await;
}

/// The open connections, oldest first.
#[derive(Default)]
struct Open {
    by_age: Mutex<BTreeMap<u64, Arc<Activity>>>,
    next_id: AtomicU64,
}

impl Open {
    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<u64, Arc<Activity>>> {
        self.by_age.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn add(&self) -> (u64, Arc<Activity>) {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let activity = Arc::new(Activity::new());
        self.lock().insert(id, activity.clone());
        (id, activity)
    }

    /// Ask a connection without a running request and older than
    /// [`FAIR_CHANCE`] to close: the oldest that has sent something (a slow
    /// client part-way through its head, or one kept alive after its
    /// requests), else the oldest silent one (a client that has connected
    /// but not yet written, perhaps a health check on a busy machine).
    /// `Some(when)` one will be old enough if none is yet.
    fn displace_one(&self) -> Option<Instant> {
        let open = self.lock();
        let now = Instant::now();
        let idle = || open.values().filter(|a| !a.running());
        for heard in [true, false] {
            // Ordered by age: past the first too new, the rest are newer still.
            for a in idle().filter(|a| a.heard() == heard) {
                if a.opened() + FAIR_CHANCE > now {
                    break;
                }
                if a.displace() {
                    tracing::debug!("connection cap reached: closing an idle connection");
                    return None;
                }
            }
        }
        idle()
            .find(|a| !a.is_displaced())
            .map(|a| a.opened() + FAIR_CHANCE)
    }
}

/// One accepted connection and what it needs to run.
struct ConnTask {
    router: Router,
    open: Arc<Open>,
    limits: Limits,
    stop: watch::Receiver<bool>,
    /// Given back when the connection ends.
    _slot: OwnedSemaphorePermit,
}

impl ConnTask {
    async fn run(mut self, stream: tokio::net::TcpStream) {
        let (id, activity) = self.open.add();
        let router = self.router.clone();
        let per_request = activity.clone();
        let service = hyper::service::service_fn(move |req: hyper::Request<Incoming>| {
            let mut running = per_request.request_started();
            let mut router = router.clone();
            async move {
                let res = router.call(req.map(axum::body::Body::new)).await;
                running.answered();
                // The request runs until its answer is sent in full.
                res.map(|res| res.map(|body| Sending::new(body, running)))
            }
        });
        let io = TokioIo::new(Tracked::new(stream, activity.clone()));
        let mut builder = hyper::server::conn::http1::Builder::new();
        builder
            .timer(TokioTimer::new())
            .header_read_timeout(self.limits.header_read_timeout)
            .keep_alive(true)
            .max_buf_size(MAX_BUFFER);
        let mut http = pin!(builder.serve_connection(io, service));
        let idle = self.limits.keep_alive_timeout;
        let mut hard_close: Option<Instant> = None;
        loop {
            let closing = hard_close.is_some();
            tokio::select! {
                done = http.as_mut() => {
                    if let Err(e) = done {
                        tracing::debug!(error = %e, "connection ended");
                    }
                    break;
                }
                _ = self.stop.wait_for(|stop| *stop), if !closing => {}
                _ = activity.displaced(), if !closing => {}
                _ = tokio::time::sleep_until(activity.idle_deadline(idle)), if !closing => {
                    if !activity.idle_for(idle) {
                        continue;
                    }
                }
                _ = tokio::time::sleep_until(hard_close.unwrap_or_else(Instant::now)), if closing => break,
            }
            // Asked to close. Without a request running there is nothing to
            // finish (at most part of a head): drop it now. Otherwise let
            // hyper finish that request, then close; an answer the client
            // stopped reading is dropped after CLOSE_GRACE.
            if !activity.running() {
                break;
            }
            http.as_mut().graceful_shutdown();
            hard_close = Some(Instant::now() + CLOSE_GRACE);
        }
        self.open.lock().remove(&id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_connection_cap_stays_below_the_open_file_limit() {
        let mut server = config::Server::default();
        let cap = |s: &config::Server, files| Limits::new(s, files).unwrap().max_connections;
        assert_eq!(cap(&server, Some(256)), 192, "a quarter kept back");
        assert_eq!(cap(&server, Some(1024)), 768);
        assert_eq!(cap(&server, Some(20_000)), AUTO_MAX_CONNECTIONS);
        assert_eq!(cap(&server, None), AUTO_MAX_CONNECTIONS);
        server.max_connections = 10_000;
        assert_eq!(
            cap(&server, Some(1024)),
            768,
            "lowered to the room there is"
        );
        assert_eq!(cap(&server, Some(1_000_000)), 10_000);
        server.max_connections = 10;
        assert_eq!(cap(&server, Some(256)), 10);
        let limits = Limits::new(&server, None).unwrap();
        assert_eq!(limits.header_read_timeout, Duration::from_secs(10));
        assert_eq!(limits.keep_alive_timeout, Duration::from_secs(5));
    }
}
