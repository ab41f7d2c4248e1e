//! The HTTP server: JSON API, dashboard and entry pages, health and metrics.
//! [`router`] lists every route; `serve` takes its listener and shutdown
//! future so tests bind port 0 and stop it cleanly.

pub(crate) mod api;
pub(crate) mod auth;
pub(crate) mod error;
pub(crate) mod headers;
mod idle;
pub(crate) mod lang;
pub(crate) mod metrics;
pub(crate) mod pages;
pub(crate) mod request_id;
pub(crate) mod server;
pub(crate) mod session;
pub(crate) mod writer;

use crate::config::Settings;
use crate::domain::Catalogue;
use crate::store::{Store, TokenRecord};
use crate::tokens::Principal;
use anyhow::Context as _;
use axum::Router;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use chrono::{DateTime, NaiveDate, Utc};
use error::ApiError;
use std::collections::HashMap;
use std::future::Future;
use std::ops::Deref;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

/// Largest request body accepted (413 beyond): about 15,000 figures as JSON.
pub const BODY_LIMIT: usize = 2 * 1024 * 1024;
/// A request still running after this long is answered 408 and dropped.
pub(crate) const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// `last_used_at` is written at most this often per token, so reads stay reads.
const TOUCH_EVERY: chrono::TimeDelta = chrono::TimeDelta::seconds(60);

/// Everything a handler needs; cheap to clone.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

/// What every handler shares: the store, catalogue, settings and metrics.
pub struct Inner {
    /// The database.
    pub store: Arc<Store>,
    /// Gathers concurrent figure writes into shared transactions.
    pub(crate) writer: writer::Writer,
    /// Recent figures of the series written through the API (kept by the writer).
    pub(crate) series_cache: Arc<crate::store::SeriesCache>,
    /// Shared with the daemon's scheduled jobs (loaded once at start).
    pub catalogue: Arc<Catalogue>,
    /// The daemon's settings.
    pub settings: Arc<Settings>,
    /// Counters behind `/metrics`.
    pub metrics: metrics::Metrics,
    pub(crate) sessions: session::Sessions,
    pub(crate) status_cache: api::status::Cache,
    /// When each token's use was last written to the database.
    touched: Mutex<HashMap<String, DateTime<Utc>>>,
}

impl Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl AppState {
    /// State with the built-in metric sources (`metrics::default_sources`).
    /// Must be called inside a Tokio runtime: it starts the figure writer task.
    pub fn new(store: Store, catalogue: Catalogue, settings: Settings) -> AppState {
        AppState::with_metric_sources(store, catalogue, settings, metrics::default_sources())
    }

    /// State whose `/metrics` also asks `sources` (job runs, delivery backlog, …).
    /// Must be called inside a Tokio runtime: it starts the figure writer task.
    pub(crate) fn with_metric_sources(
        store: Store,
        catalogue: Catalogue,
        settings: Settings,
        sources: Vec<Arc<dyn metrics::MetricsSource>>,
    ) -> AppState {
        AppState::shared(
            Arc::new(store),
            Arc::new(catalogue),
            Arc::new(settings),
            sources,
        )
    }

    /// State over a store, catalogue and settings the caller also hands to
    /// other tasks (the daemon's scheduler and delivery worker), so the
    /// process has one database pool and one loaded catalogue.
    /// Must be called inside a Tokio runtime: it starts the figure writer task.
    pub(crate) fn shared(
        store: Arc<Store>,
        catalogue: Arc<Catalogue>,
        settings: Arc<Settings>,
        sources: Vec<Arc<dyn metrics::MetricsSource>>,
    ) -> AppState {
        let series_cache = Arc::new(crate::store::SeriesCache::default());
        AppState(Arc::new(Inner {
            writer: writer::Writer::spawn(store.clone(), series_cache.clone()),
            series_cache,
            store,
            catalogue,
            settings,
            metrics: metrics::Metrics::new(sources),
            sessions: session::Sessions::default(),
            status_cache: api::status::Cache::default(),
            touched: Mutex::new(HashMap::new()),
        }))
    }

    /// Today in the configured time zone: the default as-of date.
    pub fn today(&self) -> NaiveDate {
        Utc::now().with_timezone(&self.settings.tz()).date_naive()
    }

    /// The caller a stored token stands for (a bearer token, or the token
    /// behind a browser session), noting that the token was used.
    pub(crate) async fn caller(&self, rec: TokenRecord) -> Result<Principal, ApiError> {
        let p = Principal::from_record(rec).map_err(|e| ApiError::Internal(anyhow::anyhow!(e)))?;
        self.note_token_use(&p.name, Utc::now()).await;
        Ok(p)
    }

    /// Remember that a token was used; persisted at most once a minute, off the request path.
    pub(crate) async fn note_token_use(&self, name: &str, now: DateTime<Utc>) {
        {
            let mut touched = self.touched.lock().unwrap_or_else(|e| e.into_inner());
            if touched.get(name).is_some_and(|t| now - *t < TOUCH_EVERY) {
                return;
            }
            touched.insert(name.to_string(), now);
        }
        let state = self.clone();
        let name = name.to_string();
        tokio::spawn(async move {
            if let Err(e) = state.store.touch_token(&name, now).await {
                tracing::warn!(error = format!("{e:#}"), "recording a token's last use");
            }
        });
    }
}

/// Every route of the server.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics::render))
        .route("/api/openapi.json", get(api::openapi::document))
        .route("/api/regions", get(api::catalogue::regions))
        .route("/api/indicators", get(api::catalogue::indicators))
        .route("/api/goals", get(api::catalogue::goals))
        .route("/api/status", get(api::status::status))
        .route("/api/series", get(api::status::series))
        .route("/api/observations", post(api::observations::post))
        .route("/api/goals/{id}/chart.svg", get(api::charts::svg))
        .route("/api/goals/{id}/chart.png", get(api::charts::png))
        .route("/api/goals/{id}/data.csv", get(api::charts::csv))
        .route("/api/alerts", get(api::alerts::list))
        .route(
            "/api/goals/{id}/milestone",
            get(api::milestones::get).post(api::milestones::post),
        )
        .route(
            "/api/comments",
            get(api::comments::list).post(api::comments::post),
        )
        .route(
            "/api/review",
            get(api::review::list).post(api::review::post),
        )
        .merge(pages::routes())
        .fallback(not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::count_requests,
        ))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &Request| {
            // The matched route, not the URI: bounded cardinality, and no query strings in logs.
            let route = req
                .extensions()
                .get::<MatchedPath>()
                .map_or("unmatched", MatchedPath::as_str);
            let request_id = request_id::of(req);
            tracing::info_span!("http", method = %req.method(), route, request_id)
        }))
        // Outside the trace layer, so its span has the id.
        .layer(axum::middleware::from_fn(request_id::assign))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            headers::add,
        ))
        .with_state(state)
}

/// Serve until `shutdown` completes, then stop accepting and let requests
/// in flight finish; under the connection limits of `server.*` settings
/// (see [`server`]).
pub(crate) async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let limits = server::Limits::new(&state.settings.server, server::open_file_limit())?;
    server::serve(listener, router(state), limits, shutdown)
        .await
        .context("serving HTTP")
}

async fn healthz(State(state): State<AppState>) -> Result<&'static str, error::ApiError> {
    state.store.ping().await.map_err(|e| {
        tracing::error!(error = format!("{e:#}"), "health check failed");
        error::ApiError::Unavailable("the database does not answer".into())
    })?;
    Ok("ok\n")
}

/// An unknown route: a page in the reader's language for a browser (which
/// asks for HTML), JSON for everyone else.
async fn not_found(lang::Language(lang): lang::Language, headers: HeaderMap) -> Response {
    let e = error::ApiError::NotFound("no such route".into());
    let wants_html = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"));
    if wants_html {
        pages::error::page(lang, None, e)
    } else {
        e.into_response()
    }
}
