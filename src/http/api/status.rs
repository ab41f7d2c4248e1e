//! `GET /api/status` (exactly `status --format json`'s objects) and
//! `GET /api/series` (current figures of one series).

use crate::assess::{self, Assessed, Query, RawQuery};
use crate::domain::GoalProgress;
use crate::http::AppState;
use crate::http::auth::Reader;
use crate::http::error::ApiError;
use crate::http::lang::Language;
use axum::Json;
use axum::extract::{Query as Q, State};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct StatusParams {
    /// YYYY-MM-DD: use only periods that ended on or before this date (default today)
    pub(crate) as_of: Option<String>,
    /// RFC 3339: use each figure as it was recorded at this time
    pub(crate) known_at: Option<String>,
    /// Only this region's goals
    pub(crate) region: Option<String>,
    /// Only this goal
    pub(crate) goal: Option<String>,
}

/// One element of `status --format json` (milestones have only goal, title,
/// region, type, due, milestone_state, score and status). Documentation only:
/// the handler serialises the domain's own type.
#[allow(dead_code)]
#[derive(ToSchema)]
pub(crate) struct StatusItem {
    goal: String,
    title: String,
    region: String,
    indicator: Option<String>,
    unit: Option<String>,
    #[schema(rename = "type")]
    kind: String,
    direction: Option<String>,
    baseline_year: Option<i32>,
    baseline_value: Option<f64>,
    target_year: Option<i32>,
    target_value: Option<f64>,
    current_period: Option<String>,
    current_value: Option<f64>,
    projected: Option<bool>,
    /// seasonal | linear
    projection: Option<String>,
    to_date: Option<f64>,
    expected_to_date: Option<f64>,
    yoy_to_date: Option<f64>,
    required_per_period: Option<f64>,
    progress_ratio: Option<f64>,
    score: Option<f64>,
    /// target_achieved | on_track | needs_acceleration | limited_progress |
    /// deterioration | target_missed | pending | not_available
    status: String,
    #[schema(rename = "final")]
    is_final: Option<bool>,
    missing: Option<Vec<String>>,
    /// Periods whose figure was due (period end plus the indicator's
    /// due_days) by the as-of date and is missing
    overdue: Option<Vec<String>>,
    /// The share (0 to 1) of the last years' patterns (up to 10) in which the
    /// rest of the target year meets the target; null where it does not
    /// apply (not a flow goal in its incomplete target year, stale, or
    /// fewer than 3 usable years)
    chance: Option<f64>,
    /// How many earlier years `chance` rests on (0 where it does not apply)
    chance_years: Option<u32>,
    /// The lowest and highest full-year outcome of those patterns
    projection_range: Option<Vec<f64>>,
    /// Set when the target year is over and its figures are incomplete (the
    /// goal is then not judged on a projection): the first missing period
    stale_since: Option<String>,
    /// Milestones: YYYY-MM-DD
    due: Option<String>,
    /// Milestones: planned | in_progress | done | dropped
    milestone_state: Option<String>,
}

/// Turn query parameters into an assessment query; unknown ids get a suggestion.
pub(crate) fn parse_query(state: &AppState, p: &StatusParams) -> Result<Query, ApiError> {
    // `?as_of=&region=` (a form left blank) means "not given".
    fn given(v: &Option<String>) -> Option<&str> {
        v.as_deref().filter(|t| !t.trim().is_empty())
    }
    let raw = RawQuery {
        as_of: given(&p.as_of),
        known_at: given(&p.known_at),
        region: given(&p.region),
        goal: given(&p.goal),
    };
    Ok(Query::parse(raw, &state.catalogue)?)
}

/// What an assessment depends on besides the catalogue (fixed while the
/// server runs): the query, today's date and the data marks.
type CacheKey = (
    Option<NaiveDate>,
    Option<chrono::DateTime<chrono::Utc>>,
    Option<String>,
    Option<String>,
    NaiveDate,
    (i64, i64),
);

/// Recent assessments: status, the dashboard and /metrics ask the same
/// questions far more often than figures change, and evaluating every goal
/// reads every figure. Keyed by the newest row ids, so a write by any
/// process (the CLI too) is seen at once.
#[derive(Default)]
pub(crate) struct Cache {
    entries: std::sync::Mutex<Vec<(CacheKey, Arc<Vec<Assessed>>)>>,
}

const CACHE_ENTRIES: usize = 8;

/// Evaluate the goals `q` selects (through the cache).
pub(crate) async fn assess(state: &AppState, q: &Query) -> Result<Arc<Vec<Assessed>>, ApiError> {
    let today = state.today();
    let key: CacheKey = (
        q.as_of,
        q.known_at,
        q.region.clone(),
        q.goal.clone(),
        today,
        state.store.data_marks().await?,
    );
    let lock = || {
        state
            .status_cache
            .entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
    };
    if let Some((_, hit)) = lock().iter().find(|(k, _)| *k == key) {
        return Ok(hit.clone());
    }
    let fresh = Arc::new(
        assess::assess(
            &state.store,
            &state.catalogue,
            q,
            &state.settings.thresholds(),
            today,
        )
        .await?,
    );
    let mut entries = lock();
    entries.retain(|(k, _)| *k != key);
    entries.insert(0, (key, fresh.clone()));
    entries.truncate(CACHE_ENTRIES);
    Ok(fresh)
}

/// A query string that does not parse (unknown parameter, …) as a JSON 400.
pub(crate) fn bad_query(e: axum::extract::rejection::QueryRejection) -> ApiError {
    ApiError::BadRequest(e.body_text())
}

#[utoipa::path(get, path = "/api/status", tag = "status", params(StatusParams),
    responses(
        (status = 200, description = "One object per goal, as `waymark status --format json`", body = [StatusItem]),
        (status = 400, description = "A parameter does not parse", body = crate::http::error::ErrorBody),
        (status = 404, description = "Unknown region or goal", body = crate::http::error::ErrorBody)))]
pub(crate) async fn status(
    _: Reader,
    State(state): State<AppState>,
    params: Result<Q<StatusParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Vec<GoalProgress>>, ApiError> {
    let q = parse_query(&state, &params.map_err(bad_query)?.0)?;
    let assessed = assess(&state, &q).await?;
    Ok(Json(assessed.iter().map(|a| a.progress.clone()).collect()))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct SeriesParams {
    pub(crate) region: String,
    pub(crate) indicator: String,
    /// Language of the unit: en or zh-CN (else Accept-Language, then the [ui] setting)
    #[serde(default)]
    #[allow(
        dead_code,
        reason = "read by the Language extractor; named here so it is allowed and documented"
    )]
    pub(crate) lang: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SeriesOut {
    pub(crate) region: String,
    pub(crate) indicator: String,
    pub(crate) unit: String,
    pub(crate) frequency: String,
    pub(crate) figures: Vec<SeriesFigure>,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SeriesFigure {
    pub(crate) period: String,
    pub(crate) value: f64,
    /// period | ytd
    pub(crate) basis: String,
    /// Observation status: A normal, E estimated, P provisional, B break in series; null when none
    pub(crate) flag: Option<String>,
}

#[utoipa::path(get, path = "/api/series", tag = "figures", params(SeriesParams),
    responses(
        (status = 200, description = "The series' current figures, by period", body = SeriesOut),
        (status = 400, description = "A parameter is missing", body = crate::http::error::ErrorBody),
        (status = 404, description = "Unknown region or indicator", body = crate::http::error::ErrorBody)))]
pub(crate) async fn series(
    _: Reader,
    Language(lang): Language,
    State(state): State<AppState>,
    params: Result<Q<SeriesParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<SeriesOut>, ApiError> {
    let p = params.map_err(bad_query)?.0;
    let cat = &state.catalogue;
    cat.region(&p.region)?;
    let ind = cat.indicator(&p.indicator)?;
    let figures = state.store.series_figures(&p.region, &p.indicator).await?;
    Ok(Json(SeriesOut {
        region: p.region,
        indicator: p.indicator,
        unit: ind.unit.get(lang).to_string(),
        frequency: ind.frequency.to_string(),
        figures: figures
            .into_iter()
            .map(|f| SeriesFigure {
                period: f.period,
                value: f.value,
                basis: f.basis,
                flag: f.flag,
            })
            .collect(),
    }))
}
