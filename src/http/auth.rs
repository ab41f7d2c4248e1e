//! Who is calling a route: the bearer token (`Authorization: Bearer wm_…`)
//! or, for reads, a browser session, turned into a [`Principal`] and checked
//! against what the route needs. The token model itself is `crate::tokens`.

use super::AppState;
use super::error::ApiError;
use super::session;
use crate::tokens::{Principal, Role, hash_secret};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;

impl Principal {
    /// 403 unless the caller may write at all.
    pub(crate) fn require_writer(&self) -> Result<(), ApiError> {
        if self.role == Role::Viewer {
            return Err(ApiError::Forbidden(format!(
                "token {:?} is a viewer token and cannot write",
                self.name
            )));
        }
        Ok(())
    }
}

/// Look a secret up. `None` for an unknown (or revoked) secret.
pub(crate) async fn resolve(state: &AppState, secret: &str) -> Result<Option<Principal>, ApiError> {
    let Some(rec) = state.store.token_by_hash(&hash_secret(secret)).await? else {
        return Ok(None);
    };
    state.caller(rec).await.map(Some)
}

/// The bearer secret of a request, if it sent one. A malformed header is a 401.
fn bearer(parts: &Parts) -> Result<Option<&str>, ApiError> {
    let Some(value) = parts.headers.get(axum::http::header::AUTHORIZATION) else {
        return Ok(None);
    };
    let text = value.to_str().map_err(|_| {
        ApiError::Unauthorized("the Authorization header is not readable text".into())
    })?;
    match text.split_once(' ') {
        Some((scheme, secret))
            if scheme.eq_ignore_ascii_case("bearer") && !secret.trim().is_empty() =>
        {
            Ok(Some(secret.trim()))
        }
        _ => Err(ApiError::Unauthorized(
            "expected the header Authorization: Bearer <token>".into(),
        )),
    }
}

/// A caller that must present a valid token (every write route).
pub(crate) struct Authenticated(pub Principal);

impl FromRequestParts<AppState> for Authenticated {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let Some(secret) = bearer(parts)? else {
            return Err(ApiError::Unauthorized(
                "this route needs a token: send Authorization: Bearer <token>".into(),
            ));
        };
        match resolve(state, secret).await? {
            Some(p) => Ok(Authenticated(p)),
            // Never echo the secret: it may be a real one sent to the wrong server.
            None => Err(ApiError::Unauthorized(
                "the token is not valid (unknown or revoked)".into(),
            )),
        }
    }
}

/// A reader: anyone when `server.public_read`, else any valid token.
pub(crate) struct Reader;

impl FromRequestParts<AppState> for Reader {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        if state.settings.server.public_read {
            return Ok(Reader);
        }
        // A browser logged in on the entry page may read too (the dashboard's charts).
        if bearer(parts)?.is_none() && session::current(state, &parts.headers).await?.is_some() {
            return Ok(Reader);
        }
        Authenticated::from_request_parts(parts, state)
            .await
            .map(|_| Reader)
    }
}
