//! The page a browser gets when a page route fails: the status of the
//! API's answer (and its `Retry-After` when busy), the words in the
//! reader's language, and a way back. The cause of an internal error goes
//! to the log only, as for the API.

use super::lang::link;
use super::layout::{Chrome, frame};
use crate::domain::Lang;
use crate::http::BODY_LIMIT;
use crate::http::error::{ApiError, RETRY_AFTER_SECS};
use crate::t;
use axum::extract::rejection::FormRejection;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use maud::html;

/// The error page for `e`, with `e`'s status.
pub(crate) fn page(lang: Lang, user: Option<&str>, e: ApiError) -> Response {
    e.log();
    let status = e.status();
    let words = match &e {
        ApiError::Busy(_) => t!(lang, "page-error-busy", seconds = RETRY_AFTER_SECS),
        ApiError::DiskFull(_) => t!(lang, "page-error-disk-full"),
        ApiError::Unavailable(_) => t!(lang, "page-error-unavailable"),
        ApiError::Internal(_) => t!(lang, "page-error-internal"),
        ApiError::NotFound(_) => t!(lang, "page-error-not-found"),
        ApiError::Unauthorized(_) => t!(lang, "page-login-first"),
        ApiError::Forbidden(_) => t!(lang, "page-error-forbidden"),
        ApiError::TooLarge(_) => too_large(lang),
        ApiError::BadRequest(_) | ApiError::Conflict(_) | ApiError::Invalid(_) => {
            t!(lang, "page-error-bad-request")
        }
    };
    let mut res = with_words(lang, user, status, &words);
    if matches!(e, ApiError::Busy(_)) {
        res.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECS));
    }
    res
}

/// The error page for a form body that could not be read (too large, not
/// a form).
pub(crate) fn form(lang: Lang, user: Option<&str>, r: FormRejection) -> Response {
    let status = r.status();
    let words = if status == StatusCode::PAYLOAD_TOO_LARGE {
        too_large(lang)
    } else {
        t!(lang, "page-error-bad-request")
    };
    with_words(lang, user, status, &words)
}

fn too_large(lang: Lang) -> String {
    t!(lang, "page-error-too-large", limit = BODY_LIMIT / 1024)
}

/// An error page saying `words`, answered with `status`.
pub(crate) fn with_words(
    lang: Lang,
    user: Option<&str>,
    status: StatusCode,
    words: &str,
) -> Response {
    let title = t!(lang, "page-error-title");
    let chrome = Chrome {
        lang,
        here: "/",
        user,
    };
    let body = html! {
        h1 { (title) }
        p.problem role="alert" { (words) }
        p { a href=(link("/", lang)) { (t!(lang, "page-error-back")) } }
    };
    (status, Html(frame(&chrome, &title, body).into_string())).into_response()
}
