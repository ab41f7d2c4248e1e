//! Time as the scheduler sees it: the system clock in the daemon, a clock
//! the test moves by hand in tests (no real sleeping).

use chrono::{DateTime, Utc};
use std::future::Future;
use std::pin::Pin;
use tokio::sync::watch;

/// A wait that completes when the clock reaches the awaited time.
pub type WaitFuture<'a> = Pin<Box<dyn Future<Output = ()> + Send + 'a>>;

/// Where the scheduler reads the time and waits: the system clock, or a manual one in tests.
pub trait Clock: Send + Sync + 'static {
    /// The current time.
    fn now(&self) -> DateTime<Utc>;
    /// Resolves once `now() >= t`.
    fn wait_until(&self, t: DateTime<Utc>) -> WaitFuture<'_>;
}

/// The wall clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }

    fn wait_until(&self, t: DateTime<Utc>) -> WaitFuture<'_> {
        Box::pin(async move {
            // tokio sleeps on the monotonic clock; re-check the wall clock in
            // case it was stepped (NTP) while sleeping.
            loop {
                let left = t - Utc::now();
                let Ok(left) = left.to_std() else { return };
                if left.is_zero() {
                    return;
                }
                tokio::time::sleep(left).await;
            }
        })
    }
}

/// A clock that stands still until the test sets or advances it.
#[derive(Debug)]
pub struct ManualClock {
    now: watch::Sender<DateTime<Utc>>,
}

impl ManualClock {
    /// A clock standing at `start` until moved.
    pub fn new(start: DateTime<Utc>) -> ManualClock {
        ManualClock {
            now: watch::Sender::new(start),
        }
    }

    /// Move to `t` (backwards too, to mimic a clock being stepped).
    #[cfg(test)]
    pub(crate) fn set(&self, t: DateTime<Utc>) {
        self.now.send_replace(t);
    }

    #[cfg(test)]
    pub(crate) fn advance(&self, by: chrono::TimeDelta) {
        self.now.send_modify(|t| *t += by);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *self.now.borrow()
    }

    fn wait_until(&self, t: DateTime<Utc>) -> WaitFuture<'_> {
        let mut rx = self.now.subscribe();
        Box::pin(async move {
            // The sender lives as long as `self`, so this cannot fail while borrowed.
            let _ = rx.wait_for(|now| *now >= t).await;
        })
    }
}
