//! `GET` and `POST /api/goals/{id}/milestone`: a milestone's state with its
//! history (who set what, when), and a change of state with a note. Writers
//! as for figures: an admin anywhere, an operator for its own regions.

use super::fields::Fields;
use crate::domain::comment::{self, FieldProblem};
use crate::domain::{Goal, MilestoneState};
use crate::http::AppState;
use crate::http::auth::{Authenticated, Reader};
use crate::http::error::ApiError;
use crate::store::MilestoneRecord;
use crate::tokens::Principal;
use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// How many of a milestone's changes the answer lists (the newest).
pub(crate) const HISTORY_SHOWN: usize = 200;

/// A milestone's state and its history.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct MilestoneOut {
    pub(crate) goal: String,
    /// planned | in_progress | done | dropped (planned until first set)
    pub(crate) state: String,
    /// The newest changes (at most 200), oldest first
    pub(crate) history: Vec<MilestoneChange>,
}

/// One change: what was set, with which note, when and by whom.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct MilestoneChange {
    pub(crate) state: String,
    pub(crate) note: Option<String>,
    /// RFC 3339 UTC
    pub(crate) recorded_at: String,
    /// The token's or operator's name
    pub(crate) recorded_by: String,
}

/// Request body (documentation; read field by field).
#[allow(dead_code)]
#[derive(Deserialize, ToSchema)]
pub(crate) struct MilestoneBody {
    /// planned, in_progress, done or dropped
    state: String,
    /// Why, at most 2,000 characters
    note: Option<String>,
}

/// The milestone goal `id` names: 404 for an unknown id (suggesting the
/// closest milestone), 422 for a goal measured by figures.
pub(crate) fn milestone_goal<'s>(state: &'s AppState, id: &str) -> Result<&'s Goal, ApiError> {
    let goal = comment::milestone(&state.catalogue, id)?;
    if !goal.is_milestone() {
        return Err(ApiError::fields(vec![FieldProblem {
            field: "goal",
            code: "not_a_milestone",
            message: format!(
                "goal {:?} is a {} goal, not a milestone: its progress comes from figures",
                id,
                goal.kind.type_name()
            ),
        }]));
    }
    Ok(goal)
}

/// 403 unless `who` may change milestones of `goal`'s region.
pub(crate) fn may_change(who: &Principal, goal: &Goal) -> Result<(), ApiError> {
    who.require_writer()?;
    if who.may_write(goal.region.as_str()) {
        return Ok(());
    }
    Err(ApiError::Forbidden(format!(
        "token {:?} may write only for {}; goal {:?} is in {}; nothing was written",
        who.name,
        who.regions.join(", "),
        goal.id.as_str(),
        goal.region.as_str()
    )))
}

/// A state and note as given, checked: the state is one of the four, the
/// note at most 2,000 characters.
pub(crate) fn change(
    state: Option<&str>,
    note: Option<&str>,
) -> Result<(MilestoneState, Option<String>), Vec<FieldProblem>> {
    let mut problems = Vec::new();
    let state = match state.map(str::trim).filter(|s| !s.is_empty()) {
        None => {
            problems.push(FieldProblem {
                field: "state",
                code: "missing",
                message: "missing state (planned, in_progress, done or dropped)".into(),
            });
            None
        }
        Some(s) => match s.parse::<MilestoneState>() {
            Ok(s) => Some(s),
            Err(e) => {
                problems.push(FieldProblem {
                    field: "state",
                    code: e.code,
                    message: e.message,
                });
                None
            }
        },
    };
    let note = comment::note(note)
        .map_err(|p| problems.push(p))
        .ok()
        .flatten();
    match state {
        Some(s) if problems.is_empty() => Ok((s, note)),
        _ => Err(problems),
    }
}

/// The milestone's current state and recent history.
pub(crate) async fn view(state: &AppState, goal: &Goal) -> Result<MilestoneOut, ApiError> {
    let history = state
        .store
        .milestone_history_recent(goal.id.as_str(), HISTORY_SHOWN)
        .await?;
    let current = history.last().map_or_else(
        || MilestoneState::default().as_str().to_string(),
        |r| r.state.clone(),
    );
    Ok(MilestoneOut {
        goal: goal.id.to_string(),
        state: current,
        history: history.into_iter().map(MilestoneChange::from).collect(),
    })
}

impl From<MilestoneRecord> for MilestoneChange {
    fn from(r: MilestoneRecord) -> Self {
        MilestoneChange {
            state: r.state,
            note: r.note,
            recorded_at: r.recorded_at,
            recorded_by: r.recorded_by,
        }
    }
}

#[utoipa::path(get, path = "/api/goals/{id}/milestone", tag = "milestones",
    params(("id" = String, Path, description = "a milestone goal's id")),
    responses(
        (status = 200, description = "The milestone's state and history", body = MilestoneOut),
        (status = 404, description = "Unknown goal (the closest milestone suggested)", body = crate::http::error::ErrorBody),
        (status = 422, description = "The goal is not a milestone", body = crate::http::error::ErrorsBody)))]
pub(crate) async fn get(
    _: Reader,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<MilestoneOut>, ApiError> {
    let goal = milestone_goal(&state, &id)?;
    Ok(Json(view(&state, goal).await?))
}

#[utoipa::path(post, path = "/api/goals/{id}/milestone", tag = "milestones",
    params(("id" = String, Path, description = "a milestone goal's id")),
    request_body = MilestoneBody,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Set; the milestone's state and history", body = MilestoneOut),
        (status = 400, description = "The body is not a JSON object", body = crate::http::error::ErrorBody),
        (status = 401, description = "No valid token", body = crate::http::error::ErrorBody),
        (status = 403, description = "A viewer token, or an operator outside the goal's region", body = crate::http::error::ErrorBody),
        (status = 404, description = "Unknown goal (the closest milestone suggested)", body = crate::http::error::ErrorBody),
        (status = 422, description = "Not a milestone, an unknown state, a note over 2,000 characters or an unknown field; each names its field, nothing was written", body = crate::http::error::ErrorsBody)))]
pub(crate) async fn post(
    State(state): State<AppState>,
    Authenticated(who): Authenticated,
    Path(id): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<MilestoneOut>, ApiError> {
    who.require_writer()?;
    let goal = comment::milestone(&state.catalogue, &id)?;
    may_change(&who, goal)?;
    let goal = milestone_goal(&state, &id)?;
    let mut fields = Fields::read(body, &["state", "note"])?;
    let (s, n) = (fields.text("state"), fields.text("note"));
    let problems = fields.problems();
    match change(s.as_deref(), n.as_deref()) {
        Ok((new, note)) if problems.is_empty() => {
            state
                .store
                .set_milestone(goal.id.as_str(), new, note.as_deref(), &who.name)
                .await?;
            Ok(Json(view(&state, goal).await?))
        }
        Ok(_) => Err(ApiError::fields(problems)),
        Err(more) => Err(ApiError::fields(merge(problems, more))),
    }
}

/// Problems found reading the body, then those of checking it, one per
/// field (a field of the wrong kind is not also "missing").
pub(crate) fn merge(mut first: Vec<FieldProblem>, then: Vec<FieldProblem>) -> Vec<FieldProblem> {
    for p in then {
        if !first.iter().any(|f| f.field == p.field) {
            first.push(p);
        }
    }
    first
}
