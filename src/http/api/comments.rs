//! `POST /api/comments` and `GET /api/comments`: comments (check-ins) on a
//! goal or on one figure (region × indicator × period), with author and
//! time. Writers as for figures: an admin anywhere, an operator for its own
//! regions (the goal's, or the figure's).

use super::fields::Fields;
use super::milestones::merge;
use crate::domain::comment::{self, RawSubject};
use crate::domain::{Comment, Subject};
use crate::http::AppState;
use crate::http::auth::{Authenticated, Reader};
use crate::http::error::ApiError;
use crate::tokens::Principal;
use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// How many comments a read lists at most (the newest).
pub(crate) const COMMENTS_SHOWN: usize = 500;

/// A comment as the API gives it: `goal` set for one on a goal; `region`,
/// `indicator` and `period` for one on a figure.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CommentOut {
    pub(crate) id: i64,
    pub(crate) goal: Option<String>,
    pub(crate) region: Option<String>,
    pub(crate) indicator: Option<String>,
    pub(crate) period: Option<String>,
    pub(crate) text: String,
    /// The token's or operator's name
    pub(crate) author: String,
    /// RFC 3339 UTC
    pub(crate) recorded_at: String,
}

impl From<Comment> for CommentOut {
    fn from(c: Comment) -> Self {
        let (goal, region, indicator, period) = match c.subject {
            Subject::Goal(g) => (Some(g), None, None, None),
            Subject::Figure {
                region,
                indicator,
                period,
            } => (
                None,
                Some(region),
                Some(indicator),
                Some(period.to_string()),
            ),
        };
        CommentOut {
            id: c.id,
            goal,
            region,
            indicator,
            period,
            text: c.text,
            author: c.author,
            recorded_at: crate::store::timestamp(c.recorded_at),
        }
    }
}

/// Request body (documentation; read field by field): a goal, or a
/// region, indicator and period, and the text.
#[allow(dead_code)]
#[derive(Deserialize, ToSchema)]
pub(crate) struct CommentBody {
    goal: Option<String>,
    region: Option<String>,
    indicator: Option<String>,
    /// 2021, 2021-Q3 or 2021-03, matching the indicator's frequency
    period: Option<String>,
    /// At most 2,000 characters
    text: String,
}

/// 403 unless `who` may comment on `subject` (its region's writers).
pub(crate) fn may_comment(
    state: &AppState,
    who: &Principal,
    subject: &Subject,
) -> Result<(), ApiError> {
    who.require_writer()?;
    let region = subject.region(&state.catalogue).unwrap_or_default();
    if who.may_write(region) {
        return Ok(());
    }
    Err(ApiError::Forbidden(format!(
        "token {:?} may write only for {}; not for {}; nothing was written",
        who.name,
        who.regions.join(", "),
        region
    )))
}

#[utoipa::path(post, path = "/api/comments", tag = "comments",
    request_body = CommentBody,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Recorded", body = CommentOut),
        (status = 400, description = "The body is not a JSON object", body = crate::http::error::ErrorBody),
        (status = 401, description = "No valid token", body = crate::http::error::ErrorBody),
        (status = 403, description = "A viewer token, or an operator outside the region", body = crate::http::error::ErrorBody),
        (status = 422, description = "No or an unknown goal, region, indicator or period, an empty text or one over 2,000 characters; each names its field, nothing was written", body = crate::http::error::ErrorsBody)))]
pub(crate) async fn post(
    State(state): State<AppState>,
    Authenticated(who): Authenticated,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<CommentOut>), ApiError> {
    who.require_writer()?;
    let mut fields = Fields::read(body, &["goal", "region", "indicator", "period", "text"])?;
    let [goal, region, indicator, period, text] =
        ["goal", "region", "indicator", "period", "text"].map(|f| fields.text(f));
    let raw = RawSubject {
        goal: goal.as_deref(),
        region: region.as_deref(),
        indicator: indicator.as_deref(),
        period: period.as_deref(),
    };
    let mut problems = fields.problems();
    let subject = comment::subject(&state.catalogue, raw);
    // Who may write comes first: a refusal says so before any other problem.
    if let Ok(s) = &subject {
        may_comment(&state, &who, s)?;
    }
    let words = comment::text("text", text.as_deref().unwrap_or(""));
    let subject = subject.map_err(|p| problems = merge(std::mem::take(&mut problems), p));
    let words = words.map_err(|p| problems = merge(std::mem::take(&mut problems), vec![p]));
    match (subject, words) {
        (Ok(subject), Ok(words)) if problems.is_empty() => {
            let c = state.store.add_comment(&subject, &words, &who.name).await?;
            Ok((StatusCode::CREATED, Json(c.into())))
        }
        _ => Err(ApiError::fields(problems)),
    }
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct CommentParams {
    /// Comments on this goal and on the figures of its series
    pub(crate) goal: Option<String>,
    /// With indicator and period: comments on one figure
    pub(crate) region: Option<String>,
    pub(crate) indicator: Option<String>,
    pub(crate) period: Option<String>,
}

#[utoipa::path(get, path = "/api/comments", tag = "comments", params(CommentParams),
    responses(
        (status = 200, description = "The newest comments (at most 500), newest first", body = [CommentOut]),
        (status = 400, description = "Neither a goal nor a whole figure, or a period that does not parse", body = crate::http::error::ErrorBody),
        (status = 404, description = "Unknown goal, region or indicator", body = crate::http::error::ErrorBody)))]
pub(crate) async fn list(
    _: Reader,
    State(state): State<AppState>,
    params: Result<Query<CommentParams>, QueryRejection>,
) -> Result<Json<Vec<CommentOut>>, ApiError> {
    let p = params.map_err(super::status::bad_query)?.0;
    let cat = &state.catalogue;
    let comments = match p {
        CommentParams {
            goal: Some(g),
            region: None,
            indicator: None,
            period: None,
        } => {
            let goal = cat.goal(&g)?;
            state.store.goal_comments(goal, COMMENTS_SHOWN).await?
        }
        CommentParams {
            goal: None,
            region: Some(r),
            indicator: Some(i),
            period: Some(per),
        } => {
            cat.region(&r)?;
            cat.indicator(&i)?;
            let period: crate::domain::Period = per
                .parse()
                .map_err(|e| ApiError::BadRequest(format!("period: {e}")))?;
            let period = period.to_string();
            state
                .store
                .figure_comments(&r, &i, &period, COMMENTS_SHOWN)
                .await?
        }
        _ => {
            return Err(ApiError::BadRequest(
                "give goal=, or region=, indicator= and period= together".into(),
            ));
        }
    };
    Ok(Json(comments.into_iter().map(CommentOut::from).collect()))
}
