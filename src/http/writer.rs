//! One task writes every figure that arrives over HTTP. Requests that arrive
//! while a transaction commits are gathered and committed together (group
//! commit), so a burst of single-figure writes costs one fsync per batch
//! rather than one each. Each request still gets its own counts, as if the
//! writes had happened one after another. When no request has come for a
//! moment, it folds what it left unfolded (src/store/fold.rs), so that reads
//! find `figure_current` complete.

use crate::store::{self, FigureGroup, GroupsWritten, SeriesCache, Store, WriteSummary};
use std::sync::Arc;
use tokio::sync::{mpsc, oneshot};

/// Gather at most this many figures into one transaction, so one commit
/// does not hold every other writer up for long.
const MAX_FIGURES: usize = 20_000;
/// Requests waiting for the writer before new ones wait to be queued.
const QUEUE: usize = 1024;
/// After this long without a request, the writer folds what it left unfolded.
const IDLE: std::time::Duration = std::time::Duration::from_millis(250);

struct Job {
    group: FigureGroup,
    reply: oneshot::Sender<store::Result<WriteSummary>>,
}

pub(crate) struct Writer {
    tx: mpsc::Sender<Job>,
}

impl Writer {
    /// Start the writer task (needs a Tokio runtime). It ends when the
    /// `Writer` is dropped and the queue is empty.
    /// Every commit is applied to `cache` (see [`SeriesCache::apply`]).
    pub(crate) fn spawn(store: Arc<Store>, cache: Arc<SeriesCache>) -> Writer {
        let (tx, rx) = mpsc::channel(QUEUE);
        tokio::spawn(run(store, cache, rx));
        Writer { tx }
    }

    /// Write one request's figures; all or nothing.
    pub(crate) async fn write(&self, group: FigureGroup) -> store::Result<WriteSummary> {
        let (reply, answer) = oneshot::channel();
        self.tx
            .send(Job { group, reply })
            .await
            .map_err(|_| store::Error::other("the figure writer has stopped"))?;
        answer
            .await
            .map_err(|_| store::Error::other("the figure writer stopped before answering"))?
    }
}

async fn run(store: Arc<Store>, cache: Arc<SeriesCache>, mut rx: mpsc::Receiver<Job>) {
    // Whether revisions this writer left unfolded may still be waiting.
    let mut unfolded = false;
    loop {
        let first = if unfolded {
            match tokio::time::timeout(IDLE, rx.recv()).await {
                Ok(Some(job)) => job,
                Ok(None) => break,
                Err(_) => {
                    unfolded = fold_while_idle(&store).await;
                    continue;
                }
            }
        } else {
            match rx.recv().await {
                Some(job) => job,
                None => break,
            }
        };
        let mut n = first.group.figures.len();
        let mut jobs = vec![first];
        while n < MAX_FIGURES {
            match rx.try_recv() {
                Ok(job) => {
                    n += job.group.figures.len();
                    jobs.push(job);
                }
                Err(_) => break,
            }
        }
        let (groups, replies): (Vec<FigureGroup>, Vec<_>) =
            jobs.into_iter().map(|j| (j.group, j.reply)).unzip();
        match store.write_figure_groups(&groups, Some(&cache)).await {
            Ok(GroupsWritten {
                summaries,
                before,
                after,
            }) => {
                cache.apply(
                    before,
                    after,
                    groups.iter().flat_map(|g| &g.figures).map(|f| {
                        (
                            f.region.as_str(),
                            f.indicator.as_str(),
                            f.period,
                            f.value,
                            f.basis,
                        )
                    }),
                );
                for (reply, s) in replies.into_iter().zip(summaries) {
                    let _ = reply.send(Ok(s));
                }
                unfolded = true;
            }
            Err(e) => {
                // One failed transaction fails every request in it; none was written.
                let mut replies = replies;
                if let store::Error::Busy(_) = e {
                    // Requests that queued up meanwhile have waited for the
                    // same lock: answer them now rather than after a second
                    // busy timeout.
                    while let Ok(job) = rx.try_recv() {
                        replies.push(job.reply);
                    }
                }
                for reply in replies {
                    let _ = reply.send(Err(e.clone()));
                }
            }
        }
    }
}

/// Fold part of what the writer left unfolded while no request waits, so
/// that reads find `figure_current` complete; whether some is left. One
/// bounded transaction per idle spell: a request arriving meanwhile waits
/// for that one only.
async fn fold_while_idle(store: &Store) -> bool {
    if store.unfolded().await.is_ok_and(|n| n == 0) {
        return false;
    }
    match store.fold_step().await {
        Ok(left) => left > 0,
        Err(e) => {
            // Tried again after the next write, not in a loop (a full disk).
            tracing::warn!(error = %format!("{e:#}"), "folding revisions while idle");
            false
        }
    }
}
