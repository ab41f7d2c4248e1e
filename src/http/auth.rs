//! Who is calling: API tokens (`Authorization: Bearer wm_…`), their roles and
//! regions, and what each role may do. Secrets exist only in the caller's
//! hands and, hashed with SHA-256, in the database; nothing here logs them.

use super::AppState;
use super::error::ApiError;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use chrono::Utc;
use rand::{Rng, TryRngCore};
use sha2::{Digest, Sha256};
use std::fmt;

/// Prefix of every secret, so a leaked one is easy to recognise in a scan.
pub const TOKEN_PREFIX: &str = "wm_";
/// 43 base62 characters carry 43·log2(62) ≈ 256 bits.
const SECRET_CHARS: usize = 43;
const BASE62: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// A fresh secret from the operating system's random source.
pub fn new_secret() -> String {
    let mut rng = rand::rngs::OsRng.unwrap_err();
    let body: String = (0..SECRET_CHARS)
        .map(|_| BASE62[rng.random_range(0..BASE62.len())] as char)
        .collect();
    format!("{TOKEN_PREFIX}{body}")
}

/// Lower-case hex SHA-256: how secrets (and session ids) are stored.
pub fn hash_secret(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Admin,
    Operator,
    Viewer,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Operator => "operator",
            Role::Viewer => "viewer",
        }
    }

    pub fn parse(s: &str) -> Result<Role, String> {
        match s {
            "admin" => Ok(Role::Admin),
            "operator" => Ok(Role::Operator),
            "viewer" => Ok(Role::Viewer),
            other => Err(format!(
                "invalid role {other:?} (expected admin, operator or viewer)"
            )),
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An authenticated caller. Built only from a stored token.
#[derive(Debug, Clone)]
pub struct Principal {
    pub name: String,
    pub role: Role,
    pub regions: Vec<String>,
}

impl Principal {
    /// Whether this caller may write figures for `region`.
    pub fn may_write(&self, region: &str) -> bool {
        match self.role {
            Role::Admin => true,
            Role::Operator => self.regions.iter().any(|r| r == region),
            Role::Viewer => false,
        }
    }

    /// 403 unless the caller may write at all.
    pub fn require_writer(&self) -> Result<(), ApiError> {
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
pub async fn resolve(state: &AppState, secret: &str) -> Result<Option<Principal>, ApiError> {
    let Some(rec) = state.store.token_by_hash(&hash_secret(secret)).await? else {
        return Ok(None);
    };
    let role = Role::parse(&rec.role).map_err(|e| ApiError::Internal(anyhow::anyhow!(e)))?;
    state.note_token_use(&rec.name, Utc::now()).await;
    Ok(Some(Principal {
        regions: rec.region_list(),
        name: rec.name,
        role,
    }))
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
pub struct Authenticated(pub Principal);

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
pub struct Reader;

impl FromRequestParts<AppState> for Reader {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        if state.settings.server.public_read {
            return Ok(Reader);
        }
        // A browser logged in on the entry page may read too (the dashboard's charts).
        if bearer(parts)?.is_none()
            && super::pages::session::current(state, &parts.headers)
                .await?
                .is_some()
        {
            return Ok(Reader);
        }
        Authenticated::from_request_parts(parts, state)
            .await
            .map(|_| Reader)
    }
}
