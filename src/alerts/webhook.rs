//! The webhook channel: POST the stored Alertmanager payload.

use super::failure::Failure;
use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, RETRY_AFTER};
use std::time::Duration;

/// A Retry-After longer than this is not honoured: backoff takes over.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(6 * 3600);

pub(crate) async fn post(
    url: &str,
    key: &str,
    body: &[u8],
    timeout: Duration,
) -> Result<(), Failure> {
    let client = reqwest::Client::builder()
        .connect_timeout(timeout.min(Duration::from_secs(10)))
        .timeout(timeout)
        .user_agent(concat!("waymark/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| Failure::Retry {
            error: format!("building the HTTP client: {e}"),
            after: None,
        })?;
    // The URL may carry the receiver's secret: messages show only its host.
    let shown = crate::domain::text::redact_webhook(url);
    let response = client
        .post(url)
        .header(CONTENT_TYPE, "application/json")
        .header("Idempotency-Key", key)
        .body(body.to_vec())
        .send()
        .await
        .map_err(|e| {
            let what = if e.is_timeout() {
                "timed out"
            } else if e.is_connect() {
                "could not connect"
            } else {
                "request failed"
            };
            // reqwest's Display leaves out the cause (refused, reset, …), which is the useful part.
            let cause = std::error::Error::source(&e)
                .map(|c| format!(": {c}"))
                .unwrap_or_default();
            Failure::Retry {
                error: format!("POST {shown}: {what}{cause}"),
                after: None,
            }
        })?;
    let status = response.status();
    if status.is_success() {
        return Ok(());
    }
    let after = response
        .headers()
        .get(RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(Duration::from_secs)
        .filter(|d| *d <= MAX_RETRY_AFTER);
    let text = response.text().await.unwrap_or_default();
    let snippet: String = text.chars().take(200).collect();
    let error = format!("POST {shown}: HTTP {status}: {}", snippet.trim());
    if status.is_server_error()
        || status == StatusCode::REQUEST_TIMEOUT
        || status == StatusCode::TOO_MANY_REQUESTS
    {
        Err(Failure::Retry { error, after })
    } else {
        Err(Failure::Permanent(error))
    }
}
