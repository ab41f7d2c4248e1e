//! The HTTP layer's one error type and its JSON bodies: `{"error": "…"}`, or
//! `{"errors": [{"index", "field", "code", "message"}]}` for invalid figures. Internal
//! errors are logged with their cause chain and shown as "something went wrong".
//! A store failure gets its status from its variant (see `From<store::Error>`).

use crate::assess::QueryError;
use crate::domain::catalogue::UnknownId;
use crate::store;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// One problem with one submitted figure (`index` into the request's list).
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub(crate) struct FieldError {
    /// Position of the figure in `observations` (0-based); absent for the body as a whole.
    pub(crate) index: Option<usize>,
    /// The field the problem is about, if one.
    pub(crate) field: Option<String>,
    /// What kind of problem, for programs: `unknown_region`, `not_a_number`, `rule_min`, …
    pub(crate) code: &'static str,
    /// The same words `import` prints.
    pub(crate) message: String,
    /// The text at fault as given, for the pages, which word the problem
    /// in the reader's language (not part of the JSON answer, whose
    /// message already names it).
    #[serde(skip)]
    pub(crate) value: Option<String>,
    /// What would do instead (the closest id, a rule's bound), for the
    /// pages likewise.
    #[serde(skip)]
    pub(crate) expected: Option<String>,
}

impl FieldError {
    /// An import problem as the API lists it: its index (none for the
    /// input as a whole), field, code and words.
    pub(crate) fn from_problem(p: crate::ingest::Problem) -> FieldError {
        FieldError {
            index: match p.at {
                crate::ingest::Location::Whole => None,
                at => Some(at.number() as usize),
            },
            message: p.text().into_owned(),
            field: p.field.map(String::from),
            code: p.code,
            value: p.value.map(String::from),
            expected: p.expected.map(String::from),
        }
    }
}

/// A comment's or milestone change's problems as the 422 answer lists
/// them: no index (the body is one thing), the field as the body names it.
impl From<crate::domain::comment::FieldProblem> for FieldError {
    fn from(p: crate::domain::comment::FieldProblem) -> Self {
        FieldError {
            index: None,
            field: Some(p.field.to_string()),
            code: p.code,
            message: format!("{}: {}", p.field, p.message),
            value: None,
            expected: None,
        }
    }
}

impl ApiError {
    /// 422 for the problems of one JSON object's fields.
    pub(crate) fn fields(problems: Vec<crate::domain::comment::FieldProblem>) -> ApiError {
        ApiError::Invalid(problems.into_iter().map(FieldError::from).collect())
    }
}

/// `{"error": "…"}`
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(crate) struct ErrorBody {
    pub(crate) error: String,
}

/// `{"errors": [...]}`
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(crate) struct ErrorsBody {
    pub(crate) errors: Vec<FieldError>,
}

#[derive(Debug, thiserror::Error)]
pub(crate) enum ApiError {
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    /// What the request would create clashes with what is stored.
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    TooLarge(String),
    #[error("invalid figures")]
    Invalid(Vec<FieldError>),
    #[error("{0}")]
    Unavailable(String),
    /// The disk is full; the cause is for the log only.
    #[error("the server's disk is full, so nothing was written; try again later")]
    DiskFull(store::Error),
    /// Another write (a large import, say) held the database for longer
    /// than the busy timeout; the cause is for the log only.
    #[error(
        "the database is busy with another write, so nothing was written; try again in {RETRY_AFTER_SECS} s"
    )]
    Busy(store::Error),
    #[error(transparent)]
    Internal(anyhow::Error),
}

/// What a busy answer's `Retry-After` says, in seconds: long enough for
/// another writer's transaction to finish.
pub(crate) const RETRY_AFTER_SECS: u64 = 2;

/// Each store failure a client can act on gets its own status: disk full
/// 507, busy 503 (with `Retry-After`), not found 404, conflict 409; any
/// other is internal (500).
impl From<store::Error> for ApiError {
    fn from(e: store::Error) -> Self {
        match e {
            store::Error::DiskFull(_) => ApiError::DiskFull(e),
            store::Error::Busy(_) => ApiError::Busy(e),
            store::Error::NotFound(what) => ApiError::NotFound(what),
            store::Error::Conflict(what) => ApiError::Conflict(what),
            store::Error::Other(_) => ApiError::Internal(e.into()),
        }
    }
}

/// A failure of a service that reads or writes the store: a store error
/// in its chain decides the status as above (an [`store::Error::Other`]
/// keeps the context around it for the log); anything else is internal.
impl From<anyhow::Error> for ApiError {
    fn from(e: anyhow::Error) -> Self {
        match e.chain().find_map(|c| c.downcast_ref::<store::Error>()) {
            Some(s) if !matches!(s, store::Error::Other(_)) => ApiError::from(s.clone()),
            _ => ApiError::Internal(e),
        }
    }
}

impl ApiError {
    pub(crate) fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::DiskFull(_) => StatusCode::INSUFFICIENT_STORAGE,
            ApiError::Busy(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// What a person reading the response should see. Internal causes are
    /// for the log only: they may name files, SQL or other internals.
    pub(crate) fn public_message(&self) -> String {
        match self {
            ApiError::Internal(_) => "something went wrong".into(),
            other => other.to_string(),
        }
    }

    /// Log internal errors with their cause chain; user errors are not worth a line.
    pub(crate) fn log(&self) {
        match self {
            ApiError::Internal(e) => tracing::error!(error = format!("{e:#}"), "request failed"),
            ApiError::DiskFull(e) => tracing::error!(
                error = e.in_full(),
                "request failed: the database's disk is full (or over a file size limit); nothing was written"
            ),
            ApiError::Busy(e) => tracing::warn!(
                error = e.in_full(),
                "request failed: the database stayed busy with another write; nothing was written"
            ),
            _ => {}
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.log();
        let status = self.status();
        match self {
            ApiError::Invalid(errors) => (status, Json(ErrorsBody { errors })).into_response(),
            other => {
                let mut res = (
                    status,
                    Json(ErrorBody {
                        error: other.public_message(),
                    }),
                )
                    .into_response();
                if status == StatusCode::UNAUTHORIZED {
                    res.headers_mut().insert(
                        axum::http::header::WWW_AUTHENTICATE,
                        axum::http::HeaderValue::from_static("Bearer"),
                    );
                }
                if matches!(other, ApiError::Busy(_)) {
                    res.headers_mut().insert(
                        axum::http::header::RETRY_AFTER,
                        axum::http::HeaderValue::from(RETRY_AFTER_SECS),
                    );
                }
                res
            }
        }
    }
}

/// Body rejections (too large, unreadable) in the same JSON shape.
impl From<axum::extract::rejection::BytesRejection> for ApiError {
    fn from(r: axum::extract::rejection::BytesRejection) -> Self {
        if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::TooLarge(format!(
                "the request body is larger than the limit of {} bytes; send fewer figures per request",
                super::BODY_LIMIT
            ))
        } else {
            ApiError::BadRequest(format!(
                "could not read the request body: {}",
                r.body_text()
            ))
        }
    }
}

/// An id the catalogue does not have is a 404 that names its parameter,
/// which the API calls after the id's kind: `region: unknown region "x"`.
impl From<UnknownId> for ApiError {
    fn from(e: UnknownId) -> Self {
        ApiError::NotFound(format!("{}: {e}", e.kind))
    }
}

/// A status query's problem, named by its query parameter: an unknown id
/// is a 404, a value that does not parse a 400.
impl From<QueryError> for ApiError {
    fn from(e: QueryError) -> Self {
        let message = format!("{}: {e}", e.param().name());
        match e {
            QueryError::Unknown(_) => ApiError::NotFound(message),
            QueryError::AsOf { .. } | QueryError::KnownAt { .. } => ApiError::BadRequest(message),
        }
    }
}

#[cfg(test)]
mod tests;
