//! What one connection is doing, for the accept loop's idle timeout and
//! connection cap: when a byte last went either way, how many requests are
//! running, and whether it was asked to make room for a newcomer.

use hyper::body::{Body, Bytes, Frame, SizeHint};
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::Notify;
use tokio::time::Instant;

pub(crate) struct Activity {
    opened: Instant,
    /// The last byte read or written, in milliseconds after `opened`.
    last_ms: AtomicU64,
    /// Requests not yet answered in full (handled, or their answer being sent).
    running: AtomicUsize,
    /// Requests whose handler has not answered yet: the server is working,
    /// so silence on the wire is not idleness.
    handling: AtomicUsize,
    /// Whether the client has sent anything yet.
    heard: AtomicBool,
    displaced: AtomicBool,
    wake: Notify,
}

impl Default for Activity {
    fn default() -> Self {
        Activity::new()
    }
}

impl Activity {
    pub(crate) fn new() -> Activity {
        Activity {
            opened: Instant::now(),
            last_ms: AtomicU64::new(0),
            running: AtomicUsize::new(0),
            handling: AtomicUsize::new(0),
            heard: AtomicBool::new(false),
            displaced: AtomicBool::new(false),
            wake: Notify::new(),
        }
    }

    fn touch(&self) {
        self.touch_at(Instant::now());
    }

    fn touch_at(&self, now: Instant) {
        let ms = u64::try_from((now - self.opened).as_millis()).unwrap_or(u64::MAX);
        self.last_ms.fetch_max(ms, Ordering::Relaxed);
    }

    /// Whether the client has sent a byte yet.
    pub(crate) fn heard(&self) -> bool {
        self.heard.load(Ordering::Relaxed)
    }

    /// When the connection started being served.
    pub(crate) fn opened(&self) -> Instant {
        self.opened
    }

    fn last(&self) -> Instant {
        self.opened + Duration::from_millis(self.last_ms.load(Ordering::Relaxed))
    }

    pub(crate) fn running(&self) -> bool {
        self.running.load(Ordering::SeqCst) > 0
    }

    fn handling(&self) -> bool {
        self.handling.load(Ordering::SeqCst) > 0
    }

    /// Counts a request as running until the guard is dropped, and as being
    /// handled until [`Running::answered`].
    pub(crate) fn request_started(self: &Arc<Self>) -> Running {
        self.running.fetch_add(1, Ordering::SeqCst);
        self.handling.fetch_add(1, Ordering::SeqCst);
        Running {
            activity: self.clone(),
            handling: true,
        }
    }

    /// When the connection will have been idle for `idle` if nothing happens
    /// meanwhile (a request being handled pushes it on).
    pub(crate) fn idle_deadline(&self, idle: Duration) -> Instant {
        if self.handling() {
            Instant::now() + idle
        } else {
            self.last() + idle
        }
    }

    /// No request being handled and no byte either way for `idle` (an answer
    /// the client stopped reading counts as idle too).
    pub(crate) fn idle_for(&self, idle: Duration) -> bool {
        self.idle_at(idle, Instant::now())
    }

    fn idle_at(&self, idle: Duration, now: Instant) -> bool {
        !self.handling() && now >= self.last() + idle
    }

    /// Ask the connection to close if it has no request running and was not
    /// asked already; whether it was asked.
    pub(crate) fn displace(&self) -> bool {
        if self.running() || self.displaced.swap(true, Ordering::SeqCst) {
            return false;
        }
        // Kept for the connection's task if it is not waiting right now.
        self.wake.notify_one();
        true
    }

    pub(crate) fn is_displaced(&self) -> bool {
        self.displaced.load(Ordering::SeqCst)
    }

    /// Completes once [`Activity::displace`] asked the connection to close.
    pub(crate) async fn displaced(&self) {
        self.wake.notified().await;
    }
}

/// A running request; dropping it ends the request and counts as activity.
pub(crate) struct Running {
    activity: Arc<Activity>,
    handling: bool,
}

impl Running {
    /// The handler has answered; what remains is sending the answer.
    pub(crate) fn answered(&mut self) {
        if std::mem::take(&mut self.handling) {
            self.activity.handling.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.answered();
        self.activity.touch();
        self.activity.running.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A response body that keeps its request counted as running until hyper
/// has sent all of it (or given up) and dropped it.
pub(crate) struct Sending {
    body: axum::body::Body,
    _running: Running,
}

impl Sending {
    pub(crate) fn new(body: axum::body::Body, running: Running) -> Sending {
        Sending {
            body,
            _running: running,
        }
    }
}

impl Body for Sending {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        Pin::new(&mut self.body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

/// A stream that notes every byte read or written in its [`Activity`].
pub(crate) struct Tracked<S> {
    inner: S,
    activity: Arc<Activity>,
}

impl<S> Tracked<S> {
    pub(crate) fn new(inner: S, activity: Arc<Activity>) -> Tracked<S> {
        Tracked { inner, activity }
    }

    fn note<T>(&self, moved: bool, poll: Poll<io::Result<T>>) -> Poll<io::Result<T>> {
        if moved {
            self.activity.touch();
        }
        poll
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for Tracked<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let poll = Pin::new(&mut self.inner).poll_read(cx, buf);
        let moved = buf.filled().len() > before;
        if moved {
            self.activity.heard.store(true, Ordering::Relaxed);
        }
        self.note(moved, poll)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Tracked<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        let poll = Pin::new(&mut self.inner).poll_write(cx, data);
        let moved = matches!(poll, Poll::Ready(Ok(n)) if n > 0);
        self.note(moved, poll)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let poll = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        let moved = matches!(poll, Poll::Ready(Ok(n)) if n > 0);
        self.note(moved, poll)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idle_counts_from_the_last_byte_and_not_while_a_handler_works() {
        let a = Arc::new(Activity::new());
        let at = |secs| a.opened + Duration::from_secs(secs);
        let idle = Duration::from_secs(5);
        assert!(!a.idle_at(idle, at(3)));
        assert!(a.idle_at(idle, at(5)), "idle from the start");
        a.touch_at(at(3));
        assert!(
            !a.idle_at(idle, at(7)),
            "the byte at 3 s restarted the count"
        );
        assert!(a.idle_at(idle, at(8)));
        let mut running = a.request_started();
        assert!(
            !a.idle_at(idle, at(100)),
            "a request being handled is not idle"
        );
        assert!(!a.displace(), "a running request is not displaced");
        running.answered();
        a.touch_at(at(100));
        assert!(!a.idle_at(idle, at(104)));
        assert!(
            a.idle_at(idle, at(105)),
            "an answer the client stopped reading is idle"
        );
        assert!(!a.displace(), "but it is still running");
        drop(running);
        assert!(
            !a.idle_at(idle, Instant::now()),
            "its end counts as activity"
        );
        assert!(a.displace());
        assert!(!a.displace(), "asked once");
    }
}
