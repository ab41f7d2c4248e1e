//! HTTP for sources: timeouts, a body limit read chunk by chunk, a few
//! redirects each re-checked by the address guard, and conditional requests.

use super::error::SourceError;
use super::guard::{AddressPolicy, GuardedResolver, Refused};
use crate::config::SourceConfig;
use reqwest::header::{ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED};
use reqwest::{StatusCode, Url, redirect};
use std::error::Error as _;
use std::sync::Arc;
use std::time::Duration;

/// Enough for an API that moved to https and then to a CDN; more is a loop or abuse.
pub(crate) const MAX_REDIRECTS: usize = 5;

/// What a server said last time, to ask "changed since?" (RFC 9110 §13).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Validators {
    pub(crate) etag: Option<String>,
    pub(crate) last_modified: Option<String>,
}

pub(crate) enum Fetched {
    NotModified,
    Body {
        bytes: Vec<u8>,
        validators: Validators,
    },
}

/// A client bound to one source's limits and address policy.
pub(crate) struct Fetcher {
    client: reqwest::Client,
    policy: Arc<AddressPolicy>,
    timeout: Duration,
    max_bytes: u64,
}

impl Fetcher {
    pub(crate) fn new(source: &SourceConfig) -> Result<Fetcher, SourceError> {
        let policy = Arc::new(AddressPolicy {
            allow_private: source.allow_private,
            allow_addresses: source.allow_addresses.clone(),
        });
        let hop_policy = policy.clone();
        let redirects = redirect::Policy::custom(move |attempt| {
            if attempt.previous().len() > MAX_REDIRECTS {
                return attempt.error(Refused::TooManyRedirects(MAX_REDIRECTS));
            }
            // Host names of the new hop are checked by the resolver when it connects.
            match hop_policy.check_url(attempt.url()) {
                Ok(()) => attempt.follow(),
                Err(refused) => attempt.error(refused),
            }
        });
        let client = reqwest::Client::builder()
            .dns_resolver(Arc::new(GuardedResolver {
                policy: policy.clone(),
            }))
            // Through a proxy the resolver would only see the proxy's address.
            .no_proxy()
            .redirect(redirects)
            .connect_timeout(source.connect_timeout)
            .timeout(source.timeout)
            .user_agent(concat!("waymark/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| SourceError::Network {
                url: String::new(),
                cause: format!("building the HTTP client: {e}"),
            })?;
        Ok(Fetcher {
            client,
            policy,
            timeout: source.timeout,
            max_bytes: source.max_bytes,
        })
    }

    /// GET `url`; with `since`, a 304 answer is [`Fetched::NotModified`].
    pub(crate) async fn get(
        &self,
        url: &Url,
        since: Option<&Validators>,
    ) -> Result<Fetched, SourceError> {
        let shown = display_url(url);
        self.policy.check_url(url)?;
        let mut req = self.client.get(url.clone());
        if let Some(v) = since {
            if let Some(etag) = &v.etag {
                req = req.header(IF_NONE_MATCH, etag);
            }
            if let Some(lm) = &v.last_modified {
                req = req.header(IF_MODIFIED_SINCE, lm);
            }
        }
        let mut resp = req
            .send()
            .await
            .map_err(|e| self.request_error(&shown, &e))?;
        let status = resp.status();
        if status == StatusCode::NOT_MODIFIED && since.is_some() {
            return Ok(Fetched::NotModified);
        }
        let header = |name| {
            resp.headers()
                .get(name)
                .and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok())
                .map(str::to_string)
        };
        let validators = Validators {
            etag: header(ETAG),
            last_modified: header(LAST_MODIFIED),
        };
        let limit = self.max_bytes;
        if let Some(len) = resp.content_length()
            && len > limit
        {
            return Err(SourceError::TooLarge { url: shown, limit });
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = resp
            .chunk()
            .await
            .map_err(|e| self.request_error(&shown, &e))?
        {
            // Checked per chunk so a server that lies about (or omits) its
            // length cannot make us hold more than `limit` plus one chunk.
            if (bytes.len() + chunk.len()) as u64 > limit {
                return Err(SourceError::TooLarge { url: shown, limit });
            }
            bytes.extend_from_slice(&chunk);
        }
        if !status.is_success() {
            return Err(SourceError::Status {
                url: shown,
                status: status.to_string(),
                body: snippet(&bytes),
            });
        }
        Ok(Fetched::Body { bytes, validators })
    }

    /// HEAD `url` through the same guard, redirects and timeouts as a pull:
    /// whether the source answers, and with what status. For `doctor`.
    pub(crate) async fn head(&self, url: &Url) -> Result<StatusCode, SourceError> {
        let shown = display_url(url);
        self.policy.check_url(url)?;
        let resp = self
            .client
            .head(url.clone())
            .send()
            .await
            .map_err(|e| self.request_error(&shown, &e))?;
        Ok(resp.status())
    }

    /// Turn reqwest's error into what the user needs: our refusal when the
    /// guard stopped it, else timeout or the innermost cause.
    fn request_error(&self, url: &str, e: &reqwest::Error) -> SourceError {
        let mut cause: Option<&(dyn std::error::Error + 'static)> = e.source();
        let mut innermost = e.to_string();
        while let Some(c) = cause {
            if let Some(refused) = c.downcast_ref::<Refused>() {
                return SourceError::Refused(refused.clone());
            }
            innermost = c.to_string();
            cause = c.source();
        }
        if e.is_timeout() {
            return SourceError::Timeout {
                url: url.to_string(),
                after: self.timeout,
            };
        }
        SourceError::Network {
            url: url.to_string(),
            cause: innermost,
        }
    }
}

/// The URL without a password, for messages and the failure record.
pub(crate) fn display_url(url: &Url) -> String {
    let mut shown = url.clone();
    if shown.password().is_some() {
        let _ = shown.set_password(Some("***"));
    }
    shown.to_string()
}

/// The start of an error body: servers often say there what was wrong.
fn snippet(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(200)]);
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
