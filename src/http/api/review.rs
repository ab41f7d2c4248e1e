//! `GET /api/review` and `POST /api/review`: the figures held for review,
//! and a decision on one (accept or reject, with a reason).

use crate::domain::{Decision, ReviewState};
use crate::http::AppState;
use crate::http::auth::{Authenticated, Reader};
use crate::http::error::ApiError;
use crate::record::review::{self, ReviewError};
use crate::store::{ReviewFilter, ReviewRow};
use crate::tokens::Role;
use axum::Json;
use axum::extract::{Query, State};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

/// The most figures one answer lists.
pub(crate) const MAX_LISTED: u32 = 1000;

/// Which figures `GET /api/review` lists.
#[derive(Debug, Deserialize, IntoParams)]
pub(crate) struct ReviewQuery {
    /// held (default), accepted, rejected, confirmed or all
    pub(crate) state: Option<String>,
    /// Only this region's figures
    pub(crate) region: Option<String>,
    /// At most this many, newest first (default and most: 1000)
    pub(crate) limit: Option<u32>,
}

/// The filter a query asks for, or why it is not one.
pub(crate) fn filter(q: &ReviewQuery) -> Result<ReviewFilter, ApiError> {
    let state = match q.state.as_deref().map(str::trim) {
        None | Some("") => Some(ReviewState::Held),
        Some("all") => None,
        Some(s) => Some(ReviewState::parse(s).ok_or_else(|| {
            ApiError::BadRequest(format!(
                "state: {:?} is not a review state (held, accepted, rejected, confirmed or all)",
                crate::domain::echo::echo(s)
            ))
        })?),
    };
    Ok(ReviewFilter {
        state,
        region: q.region.clone().filter(|r| !r.trim().is_empty()),
        limit: q.limit.unwrap_or(MAX_LISTED).clamp(1, MAX_LISTED),
    })
}

#[utoipa::path(get, path = "/api/review", tag = "figures",
    params(ReviewQuery),
    responses((status = 200, description = "Figures held for review (or, by state, decided on), newest first: id, region, indicator, period, value, basis, flag, note, entered_at, entered_by, source, why, state, decided_at, decided_by, reason", body = [Object]),
        (status = 400, description = "An unknown state", body = crate::http::error::ErrorBody)))]
pub(crate) async fn list(
    _: Reader,
    State(state): State<AppState>,
    Query(q): Query<ReviewQuery>,
) -> Result<Json<Vec<ReviewRow>>, ApiError> {
    Ok(Json(state.store.reviews(&filter(&q)?).await?))
}

/// A decision on a held figure.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct DecisionBody {
    /// The figure's review id (`id` in `GET /api/review`)
    pub(crate) id: i64,
    /// accept or reject
    #[schema(value_type = String)]
    pub(crate) action: Decision,
    /// Why, e.g. "confirmed with the customs office"
    pub(crate) reason: Option<String>,
}

#[utoipa::path(post, path = "/api/review", tag = "figures",
    request_body = DecisionBody,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Decided: the figure's review row as it now stands; an accepted figure is recorded as a revision now", body = Object),
        (status = 400, description = "The body is not a decision", body = crate::http::error::ErrorBody),
        (status = 401, description = "No valid token", body = crate::http::error::ErrorBody),
        (status = 403, description = "A viewer, an operator of another region, or the operator who entered the figure", body = crate::http::error::ErrorBody),
        (status = 404, description = "No held figure with that id", body = crate::http::error::ErrorBody),
        (status = 409, description = "No longer held, or a newer figure for its period was recorded since", body = crate::http::error::ErrorBody)))]
pub(crate) async fn post(
    State(state): State<AppState>,
    Authenticated(who): Authenticated,
    body: axum::body::Bytes,
) -> Result<Json<ReviewRow>, ApiError> {
    who.require_writer()?;
    let body: DecisionBody = serde_json::from_slice(&body).map_err(|e| {
        ApiError::BadRequest(format!(
            "expected {{\"id\": N, \"action\": \"accept\" or \"reject\", \"reason\": \"…\"}}: {e}"
        ))
    })?;
    decide(&state, &who, body.id, body.action, body.reason.as_deref()).await
}

/// Take `who`'s decision on held figure `id` (the API and the review page).
pub(crate) async fn decide(
    state: &AppState,
    who: &crate::tokens::Principal,
    id: i64,
    action: Decision,
    reason: Option<&str>,
) -> Result<Json<ReviewRow>, ApiError> {
    let row = review::decide(
        &state.store,
        id,
        action,
        &who.name,
        who.role == Role::Admin,
        |region| who.may_write(region),
        reason,
    )
    .await
    .map_err(|e| match e {
        ReviewError::NotAllowed(m) => ApiError::Forbidden(m),
        ReviewError::Store(e) => ApiError::from(e),
        ReviewError::NoReason(m) => ApiError::BadRequest(m),
    })?;
    Ok(Json(row))
}
