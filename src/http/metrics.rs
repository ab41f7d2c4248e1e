//! `GET /metrics`: Prometheus text. Goal scores and statuses are computed at
//! scrape time; HTTP requests are counted by a middleware; other modules add
//! their own series through [`MetricsSource`] (job runs, delivery backlog).

use super::AppState;
use super::error::ApiError;
use crate::assess::Query;
use crate::domain::Status;
use axum::extract::{MatchedPath, Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

/// A boxed future, so sources can be trait objects.
pub(crate) type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Something that appends metric families to the scrape. The scheduler and
/// the alert delivery worker implement this over their own tables and are
/// passed to [`AppState::with_metric_sources`].
pub(crate) trait MetricsSource: Send + Sync {
    /// Append `# HELP`, `# TYPE` and samples in Prometheus text format.
    fn render<'a>(
        &'a self,
        state: &'a AppState,
        out: &'a mut String,
    ) -> BoxFuture<'a, anyhow::Result<()>>;
}

/// The sources every server has: the scheduler's run ledger, the delivery
/// outbox and the stored alerts (all in the database, so a scrape sees runs
/// and notifications of every process sharing it, CLI runs included).
pub(crate) fn default_sources() -> Vec<Arc<dyn MetricsSource>> {
    vec![
        Arc::new(JobRuns),
        Arc::new(DeliveryBacklog),
        Arc::new(AlertsFiring),
    ]
}

/// `waymark_job_runs_total{job}`, `waymark_job_failures_total{job}` (failed
/// or interrupted) and `waymark_job_last_success_timestamp_seconds{job}`,
/// from the `job_run` ledger.
pub(crate) struct JobRuns;

impl MetricsSource for JobRuns {
    fn render<'a>(
        &'a self,
        state: &'a AppState,
        out: &'a mut String,
    ) -> BoxFuture<'a, anyhow::Result<()>> {
        Box::pin(async move {
            let totals = state.store.job_totals().await?;
            family(
                out,
                "waymark_job_runs_total",
                "counter",
                "Scheduled job runs started, by job.",
            );
            for t in &totals {
                let _ = writeln!(
                    out,
                    "waymark_job_runs_total{{job=\"{}\"}} {}",
                    label(&t.job),
                    t.runs
                );
            }
            family(
                out,
                "waymark_job_failures_total",
                "counter",
                "Scheduled job runs that failed or were interrupted, by job.",
            );
            for t in &totals {
                let _ = writeln!(
                    out,
                    "waymark_job_failures_total{{job=\"{}\"}} {}",
                    label(&t.job),
                    t.failures
                );
            }
            family(
                out,
                "waymark_job_last_success_timestamp_seconds",
                "gauge",
                "Unix time of each job's last successful run.",
            );
            for t in &totals {
                let Some(at) = t.last_success.as_deref() else {
                    continue;
                };
                let at = crate::alerts::parse_time(at)?;
                let _ = writeln!(
                    out,
                    "waymark_job_last_success_timestamp_seconds{{job=\"{}\"}} {}",
                    label(&t.job),
                    at.timestamp()
                );
            }
            Ok(())
        })
    }
}

/// `waymark_delivery_backlog{state="pending"|"failed"}` and
/// `waymark_delivery_oldest_pending_age_seconds`, from the outbox.
pub(crate) struct DeliveryBacklog;

impl MetricsSource for DeliveryBacklog {
    fn render<'a>(
        &'a self,
        state: &'a AppState,
        out: &'a mut String,
    ) -> BoxFuture<'a, anyhow::Result<()>> {
        Box::pin(async move {
            let b = crate::alerts::backlog(&state.store).await?;
            family(
                out,
                "waymark_delivery_backlog",
                "gauge",
                "Notifications not delivered: pending (waiting for an attempt) or failed (given up).",
            );
            let _ = writeln!(
                out,
                "waymark_delivery_backlog{{state=\"pending\"}} {}",
                b.pending
            );
            let _ = writeln!(
                out,
                "waymark_delivery_backlog{{state=\"failed\"}} {}",
                b.failed
            );
            family(
                out,
                "waymark_delivery_oldest_pending_age_seconds",
                "gauge",
                "Age of the oldest pending notification (0 when none is pending).",
            );
            let age = b
                .oldest
                .map_or(0, |t| (chrono::Utc::now() - t).num_seconds().max(0));
            let _ = writeln!(out, "waymark_delivery_oldest_pending_age_seconds {age}");
            Ok(())
        })
    }
}

/// `waymark_alerts_firing{alertname}`: alerts firing now, by kind.
pub(crate) struct AlertsFiring;

impl MetricsSource for AlertsFiring {
    fn render<'a>(
        &'a self,
        state: &'a AppState,
        out: &'a mut String,
    ) -> BoxFuture<'a, anyhow::Result<()>> {
        Box::pin(async move {
            let mut by_name: BTreeMap<String, usize> = BTreeMap::new();
            for a in crate::alerts::active_alerts(&state.store).await? {
                *by_name.entry(a.alertname().to_string()).or_default() += 1;
            }
            family(
                out,
                "waymark_alerts_firing",
                "gauge",
                "Alerts firing now, by alertname.",
            );
            for (name, n) in &by_name {
                let _ = writeln!(
                    out,
                    "waymark_alerts_firing{{alertname=\"{}\"}} {n}",
                    label(name)
                );
            }
            Ok(())
        })
    }
}

/// Counters kept in memory by the server.
pub struct Metrics {
    /// (method, route, status) → count
    requests: Mutex<BTreeMap<(String, String, u16), u64>>,
    /// Requests being handled now; a watch so tests (and shutdown logs) can wait on it.
    in_flight: tokio::sync::watch::Sender<usize>,
    sources: Vec<Arc<dyn MetricsSource>>,
}

impl Metrics {
    pub(crate) fn new(sources: Vec<Arc<dyn MetricsSource>>) -> Metrics {
        Metrics {
            requests: Mutex::new(BTreeMap::new()),
            in_flight: tokio::sync::watch::channel(0).0,
            sources,
        }
    }

    /// Watch the number of requests in flight.
    pub fn in_flight(&self) -> tokio::sync::watch::Receiver<usize> {
        self.in_flight.subscribe()
    }

    fn count(&self, method: &str, route: &str, status: u16) {
        let mut map = self.requests.lock().unwrap_or_else(|e| e.into_inner());
        *map.entry((method.to_string(), route.to_string(), status))
            .or_default() += 1;
    }
}

/// Middleware: count every request by its matched route (never the raw path,
/// which would let clients create unbounded series).
pub(crate) async fn count_requests(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    let method = req.method().to_string();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_string(), |m| m.as_str().to_string());
    // Decremented on drop, so a request cancelled by a timeout or a closed
    // connection is not counted as in flight for ever.
    struct InFlight<'a>(&'a tokio::sync::watch::Sender<usize>);
    impl Drop for InFlight<'_> {
        fn drop(&mut self) {
            self.0.send_modify(|n| *n -= 1);
        }
    }
    state.metrics.in_flight.send_modify(|n| *n += 1);
    let guard = InFlight(&state.metrics.in_flight);
    let res = next.run(req).await;
    drop(guard);
    state.metrics.count(&method, &route, res.status().as_u16());
    res
}

fn family(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
}

/// A label value escaped as the text format requires.
fn label(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

pub(crate) async fn render(State(state): State<AppState>) -> Result<Response, ApiError> {
    let mut out = String::with_capacity(4096);
    let assessed = super::api::status::assess(&state, &Query::default()).await?;
    family(
        &mut out,
        "waymark_goal_score",
        "gauge",
        "Each goal's score (docs/progress.md), as of today.",
    );
    for a in assessed.iter() {
        if let Some(score) = a.progress.score() {
            let _ = writeln!(
                out,
                "waymark_goal_score{{goal=\"{}\",region=\"{}\"}} {score}",
                label(a.goal.id.as_str()),
                label(a.goal.region.as_str())
            );
        }
    }
    family(
        &mut out,
        "waymark_goal_status",
        "gauge",
        "1 for each goal's current status, 0 for the others.",
    );
    for a in assessed.iter() {
        let now = a.progress.status();
        for s in Status::ALL {
            let _ = writeln!(
                out,
                "waymark_goal_status{{goal=\"{}\",region=\"{}\",status=\"{}\"}} {}",
                label(a.goal.id.as_str()),
                label(a.goal.region.as_str()),
                s.as_str(),
                u8::from(s == now)
            );
        }
    }
    family(
        &mut out,
        "waymark_figures_recorded",
        "gauge",
        "Figure revisions stored.",
    );
    let _ = writeln!(
        out,
        "waymark_figures_recorded {}",
        state.store.figure_count().await?
    );
    family(
        &mut out,
        "waymark_http_requests_total",
        "counter",
        "HTTP requests answered, by route and status.",
    );
    {
        let map = state
            .metrics
            .requests
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        for ((method, route, status), n) in map.iter() {
            let _ = writeln!(
                out,
                "waymark_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{status}\"}} {n}",
                label(method),
                label(route)
            );
        }
    }
    family(
        &mut out,
        "waymark_http_requests_in_flight",
        "gauge",
        "HTTP requests being handled now.",
    );
    let _ = writeln!(
        out,
        "waymark_http_requests_in_flight {}",
        *state.metrics.in_flight.borrow()
    );
    for source in &state.metrics.sources {
        source.render(&state, &mut out).await?;
    }
    Ok((
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        out,
    )
        .into_response())
}
