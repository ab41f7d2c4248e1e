//! Each request's id: on every log line the request leaves (its `http`
//! span's `request_id`) and in the response's `x-request-id`, so a user's
//! report of a failed request leads to its log lines. An id a proxy sent
//! is kept when it is short and plain; anything else gets a fresh one, so
//! a client cannot write arbitrary text into the logs.

use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

pub(crate) const HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// The id of the request being served (a request extension).
#[derive(Debug, Clone)]
pub(crate) struct RequestId(pub String);

/// Middleware: give the request its id, and the response the same.
pub(crate) async fn assign(mut req: Request, next: Next) -> Response {
    let id = req
        .headers()
        .get(&HEADER)
        .and_then(|v| v.to_str().ok())
        .filter(|v| plain(v))
        .map_or_else(fresh, str::to_string);
    req.extensions_mut().insert(RequestId(id.clone()));
    let mut res = next.run(req).await;
    if let Ok(v) = HeaderValue::from_str(&id) {
        res.headers_mut().insert(HEADER, v);
    }
    res
}

/// The id for a log span: the assigned one, or "-" outside [`assign`].
pub(crate) fn of(req: &Request) -> &str {
    req.extensions()
        .get::<RequestId>()
        .map_or("-", |r| r.0.as_str())
}

fn plain(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// 64 random bits as 16 hex digits.
fn fresh() -> String {
    format!("{:016x}", rand::random::<u64>())
}
