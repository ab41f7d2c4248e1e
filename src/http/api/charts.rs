//! `GET /api/goals/{id}/chart.svg` and `.png`: a goal's chart, drawn on request
//! with the report's own drawing code; `GET /api/goals/{id}/data.csv`: the
//! figures it is drawn from.

use crate::assess::Query;
use crate::domain::Lang;
use crate::http::AppState;
use crate::http::auth::Reader;
use crate::http::error::ApiError;
use crate::http::lang::Language;
use crate::report::{self, Drawer, GoalView};
use anyhow::Context as _;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

/// `?as_of=` of the chart routes (their other parameter, `lang`, is read by
/// the language extractor).
#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct ChartParams {
    as_of: Option<String>,
}

impl ChartParams {
    /// The date asked for; `None` for today (absent or empty).
    fn as_of(&self) -> Result<Option<chrono::NaiveDate>, ApiError> {
        match self.as_of.as_deref().filter(|d| !d.is_empty()) {
            Some(d) => Ok(Some(crate::assess::parse_as_of(d)?)),
            None => Ok(None),
        }
    }
}

/// The goal's view as of `as_of` (today if `None`), ready to draw in `lang`.
pub(crate) async fn view(
    state: &AppState,
    id: &str,
    lang: Lang,
    as_of: Option<chrono::NaiveDate>,
) -> Result<GoalView, ApiError> {
    state.catalogue.goal(id)?;
    let q = Query {
        goal: Some(id.to_string()),
        as_of,
        ..Query::default()
    };
    let a = super::status::assess(state, &q)
        .await?
        .first()
        .cloned()
        .ok_or_else(|| ApiError::NotFound(format!("goal {id:?} was not assessed")))?;
    let flags = state
        .store
        .current_flags(&crate::assess::series_of(std::slice::from_ref(&a)), None)
        .await?;
    Ok(crate::publish::goal_view(&state.catalogue, a, &flags, lang))
}

/// Draw one format of the goal's chart (only the format asked for) in the
/// request's language, under the drawing deadline: a drawing that passes it
/// is abandoned and answered 503.
async fn draw<T: Send + 'static>(
    state: &AppState,
    id: &str,
    lang: Lang,
    as_of: Option<chrono::NaiveDate>,
    render: fn(&GoalView, Lang, u32, u32) -> anyhow::Result<T>,
) -> Result<T, ApiError> {
    let v = view(state, id, lang, as_of).await?;
    let (w, h) = report::chart_size(&v);
    let what = format!("the chart of goal {id}");
    // The wait is bounded by the deadline, so this blocking thread always
    // comes back; the drawing itself runs on the drawer's own thread.
    let drawn = tokio::task::spawn_blocking(move || {
        Drawer::shared().run(&what, move || render(&v, lang, w, h))
    })
    .await
    .context("drawing a chart")?;
    drawn.map_err(|e| match e {
        e if e.is_timeout() => ApiError::Unavailable(format!("{e}; try again later")),
        e => ApiError::Internal(e.into()),
    })
}

#[utoipa::path(get, path = "/api/goals/{id}/chart.svg", tag = "charts",
    params(("id" = String, Path, description = "goal id"),
        ("as_of" = Option<String>, Query, description = "YYYY-MM-DD: the goal as it stood then (default today)")),
    responses((status = 200, description = "The goal's chart", content_type = "image/svg+xml", body = String),
        (status = 404, description = "Unknown goal", body = crate::http::error::ErrorBody),
        (status = 503, description = "Drawing took too long and was abandoned", body = crate::http::error::ErrorBody)))]
pub(crate) async fn svg(
    _: Reader,
    State(state): State<AppState>,
    Language(lang): Language,
    Path(id): Path<String>,
    params: Result<axum::extract::Query<ChartParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let as_of = params.map(|p| p.0).unwrap_or_default().as_of()?;
    let svg = draw(&state, &id, lang, as_of, report::goal_chart_svg).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "no-cache"),
            // Worded in the request's language (?lang=, cookie, Accept-Language).
            (header::VARY, "Accept-Language, Cookie"),
        ],
        svg,
    )
        .into_response())
}

#[utoipa::path(get, path = "/api/goals/{id}/chart.png", tag = "charts",
    params(("id" = String, Path, description = "goal id"),
        ("as_of" = Option<String>, Query, description = "YYYY-MM-DD: the goal as it stood then (default today)")),
    responses((status = 200, description = "The goal's chart", content_type = "image/png", body = Vec<u8>),
        (status = 404, description = "Unknown goal", body = crate::http::error::ErrorBody),
        (status = 503, description = "Drawing took too long and was abandoned", body = crate::http::error::ErrorBody)))]
pub(crate) async fn png(
    _: Reader,
    State(state): State<AppState>,
    Language(lang): Language,
    Path(id): Path<String>,
    params: Result<axum::extract::Query<ChartParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let as_of = params.map(|p| p.0).unwrap_or_default().as_of()?;
    let png = draw(&state, &id, lang, as_of, report::goal_chart_png).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "image/png"),
            (header::CACHE_CONTROL, "no-cache"),
            // Worded in the request's language (?lang=, cookie, Accept-Language).
            (header::VARY, "Accept-Language, Cookie"),
        ],
        png,
    )
        .into_response())
}

#[utoipa::path(get, path = "/api/goals/{id}/data.csv", tag = "charts",
    params(("id" = String, Path, description = "goal id")),
    responses((status = 200, description = "The figures the goal's chart is drawn from: \
        `goal,region,indicator,period,value,unit,flag` (a milestone: `goal,region,due,state,status`); \
        text cells that a spreadsheet would run as a formula start with `'`", content_type = "text/csv", body = String),
        (status = 404, description = "Unknown goal", body = crate::http::error::ErrorBody)))]
pub(crate) async fn csv(
    _: Reader,
    State(state): State<AppState>,
    Language(lang): Language,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let v = view(&state, &id, lang, None).await?;
    let csv = report::data_csv(&v, lang).map_err(ApiError::Internal)?;
    // The id is a catalogue slug (it named a goal), so safe in the header.
    let disposition = format!("attachment; filename=\"{id}.csv\"");
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CACHE_CONTROL, "no-cache".to_string()),
            (header::CONTENT_DISPOSITION, disposition),
            // The unit is the catalogue's in the request's language.
            (header::VARY, "Accept-Language, Cookie".to_string()),
        ],
        csv,
    )
        .into_response())
}
